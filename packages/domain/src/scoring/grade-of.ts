import type Decimal from 'decimal.js';
import { plain, toDec } from './decimal';
import type { GradeBand, GradeResult, GradeScale, Numeric } from './types';
import { validateGradeScale } from './validate-grade-scale';

/**
 * The grade of a score: the band with the highest minScore ≤ score (a score exactly at a band's
 * minScore gets that band). Pass the published total (2 places) so the grade matches the score
 * people see: 89.995 is shown as 90.00 and grades S. The scale is validated first.
 */
export function gradeOf(score: Numeric, scale: GradeScale): GradeResult {
  const errors = validateGradeScale(scale);
  if (errors.length > 0) return { ok: false, code: 'INVALID_SCALE', errors };
  const value = toDec(score);
  if (value === null) return { ok: false, code: 'NOT_A_NUMBER' };
  let best: { band: GradeBand; min: Decimal } | null = null;
  for (const band of scale) {
    const min = toDec(band.minScore)!;
    if (min.lte(value) && (best === null || min.gt(best.min))) best = { band, min };
  }
  if (best === null) return { ok: false, code: 'BELOW_SCALE' };
  return {
    ok: true,
    grade: best.band.grade,
    bonusCoefficient: plain(toDec(best.band.bonusCoefficient)!),
    minScore: plain(best.min),
  };
}
