import type Decimal from 'decimal.js';
import { isAbsent, toDec } from './decimal';
import type { GradeScale, GradeScaleErrorCode, GradeScaleIssue } from './types';

/**
 * Problems of a grade scale (empty list = valid). Bands run from their minScore (inclusive) to the
 * next band's minScore, so together they must cover every score from 0 up without overlap:
 * - GRADE_BANDS_OVERLAP: two bands share a minScore, or a maxScore reaches past the next band's minScore;
 * - GRADE_BANDS_GAP: the lowest band starts above 0, a maxScore stops short of the next band's
 *   minScore, or the top band has a maxScore (higher scores would have no grade).
 */
export function validateGradeScale(scale: GradeScale): GradeScaleIssue[] {
  const issues: GradeScaleIssue[] = [];
  const report = (path: string, code: GradeScaleErrorCode, value?: unknown) =>
    issues.push(value === undefined ? { path, code } : { path, code, value: String(value) });
  const bands = Array.isArray(scale) ? (scale as GradeScale) : [];
  if (bands.length === 0) {
    report('bands', 'GRADE_SCALE_EMPTY');
    return issues;
  }

  const grades = new Set<string>();
  const parsed: { index: number; min: Decimal; max: Decimal | null }[] = [];
  bands.forEach((band, i) => {
    const at = `bands[${i}]`;
    const grade: unknown = band?.grade;
    if (typeof grade !== 'string' || grade.trim() === '') report(`${at}.grade`, 'EMPTY_KEY');
    else if (grades.has(grade)) report(`${at}.grade`, 'DUPLICATE_KEY', grade);
    else grades.add(grade);

    const coefficient = toDec(band?.bonusCoefficient);
    if (coefficient === null) report(`${at}.bonusCoefficient`, 'NOT_A_NUMBER', band?.bonusCoefficient);
    else if (coefficient.isNegative()) report(`${at}.bonusCoefficient`, 'COEFFICIENT_NEGATIVE', coefficient);

    const min = toDec(band?.minScore);
    if (min === null) report(`${at}.minScore`, 'NOT_A_NUMBER', band?.minScore);
    else if (min.isNegative()) report(`${at}.minScore`, 'MIN_SCORE_NEGATIVE', min);
    const max = isAbsent(band?.maxScore) ? null : toDec(band.maxScore);
    if (!isAbsent(band?.maxScore) && max === null) report(`${at}.maxScore`, 'NOT_A_NUMBER', band.maxScore);
    else if (min && max?.lte(min)) report(`${at}.maxScore`, 'MAX_NOT_ABOVE_MIN', max);
    if (min !== null) parsed.push({ index: i, min, max });
  });
  if (parsed.length < bands.length) return issues; // the ordering checks need every minScore

  parsed.sort((a, b) => a.min.comparedTo(b.min));
  if (parsed[0].min.isPositive() && !parsed[0].min.isZero()) {
    report(`bands[${parsed[0].index}].minScore`, 'GRADE_BANDS_GAP', parsed[0].min);
  }
  parsed.forEach((band, k) => {
    const next = parsed[k + 1];
    if (next?.min.eq(band.min)) report(`bands[${next.index}].minScore`, 'GRADE_BANDS_OVERLAP', next.min);
    if (band.max === null || band.max.lte(band.min)) return; // MAX_NOT_ABOVE_MIN is reported above
    if (!next) report(`bands[${band.index}].maxScore`, 'GRADE_BANDS_GAP', band.max);
    else if (band.max.gt(next.min)) report(`bands[${band.index}].maxScore`, 'GRADE_BANDS_OVERLAP', band.max);
    else if (band.max.lt(next.min)) report(`bands[${band.index}].maxScore`, 'GRADE_BANDS_GAP', band.max);
  });
  return issues;
}
