import { DEFAULT_TALENT_COMPETENCIES, type Locale, type TalentConfig, type TalentLevel } from '@stride/contracts';
import type { FieldError } from '../../lib/errors';

/** The grade scale frozen in a review cycle, as far as talent needs it. */
export interface FrozenScale {
  bands: { grade: string; minScore: number | string }[];
}

/** Grades of a scale, best first. */
export function gradesBestFirst(scale: FrozenScale | null | undefined): string[] {
  if (!scale?.bands?.length) return [];
  return [...scale.bands].sort((a, b) => Number(b.minScore) - Number(a.minScore)).map((b) => b.grade);
}

/**
 * Default grade → performance: the best two grades high, the worst two low, the rest medium (with three grades
 * or fewer: best high, worst low). S/A/B/C/D → high, high, medium, low, low.
 */
export function defaultGradeMap(grades: string[]): Record<string, TalentLevel> {
  const map: Record<string, TalentLevel> = {};
  const edge = grades.length > 3 ? 2 : 1;
  grades.forEach((g, i) => {
    map[g] = i < edge ? 'high' : i >= grades.length - edge ? 'low' : 'medium';
  });
  return map;
}

export function defaultConfig(grades: string[]): TalentConfig {
  return {
    gradeMap: defaultGradeMap(grades),
    competencies: DEFAULT_TALENT_COMPETENCIES,
    learningWeight: 0.4,
    thresholds: { medium: 3, high: 4 },
  };
}

/** Checks a review's configuration against the cycle's grades; field errors name what is wrong. */
export function configErrors(config: TalentConfig, grades: string[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const g of Object.keys(config.gradeMap))
    if (!grades.includes(g)) errors.push({ field: `config.gradeMap.${g}`, code: 'GRADE_MAP_UNKNOWN_GRADE' });
  if (config.thresholds.high < config.thresholds.medium)
    errors.push({ field: 'config.thresholds.high', code: 'THRESHOLDS_ORDER' });
  const keys = config.competencies.map((c) => c.key);
  keys.forEach((k, i) => {
    if (keys.indexOf(k) !== i) errors.push({ field: `config.competencies.${i}.key`, code: 'invalid_value' });
  });
  return errors;
}

export const performanceOf = (config: TalentConfig, grade: string | null): TalentLevel =>
  grade ? (config.gradeMap[grade] ?? 'medium') : 'low';

/**
 * Potential score = (1 − w) × average competency rating + w × learning agility (all 1..5), rounded to 2 places;
 * medium at or above thresholds.medium, high at or above thresholds.high.
 */
export function potentialOf(
  config: TalentConfig,
  ratings: Record<string, number>,
  learningAgility: number,
): { score: number; level: TalentLevel } {
  const values = config.competencies.map((c) => ratings[c.key]);
  const avg = values.reduce((s, v) => s + v, 0) / values.length;
  const score = Math.round(((1 - config.learningWeight) * avg + config.learningWeight * learningAgility) * 100) / 100;
  const level: TalentLevel =
    score >= config.thresholds.high ? 'high' : score >= config.thresholds.medium ? 'medium' : 'low';
  return { score, level };
}

export function ratingErrors(config: TalentConfig, ratings: Record<string, number>): FieldError[] {
  const keys = new Set(config.competencies.map((c) => c.key));
  const errors: FieldError[] = [];
  for (const k of Object.keys(ratings))
    if (!keys.has(k)) errors.push({ field: `ratings.${k}`, code: 'COMPETENCY_UNKNOWN' });
  for (const k of keys)
    if (ratings[k] === undefined) errors.push({ field: `ratings.${k}`, code: 'COMPETENCY_MISSING' });
  return errors;
}

export const boxOf = (performance: TalentLevel, potential: TalentLevel | null) =>
  potential ? `${performance}-${potential}` : null;

export function formulaText(config: TalentConfig, locale: Locale): string {
  const w = config.learningWeight;
  const c = Math.round((1 - w) * 100) / 100;
  const { medium, high } = config.thresholds;
  return locale === 'en-US'
    ? `potential = ${c} × average competency rating + ${w} × learning agility; ≥ ${high} high, ≥ ${medium} medium, else low`
    : `潜力分 = ${c} × 能力评分均值 + ${w} × 学习敏锐度；≥ ${high} 为高，≥ ${medium} 为中，其余为低`;
}

/** Grades at least as good as minGrade on a scale (best first); just minGrade when it is not on the scale. */
export function gradesAtLeast(grades: string[], minGrade: string): string[] {
  const i = grades.indexOf(minGrade);
  return i < 0 ? [minGrade] : grades.slice(0, i + 1);
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const fixed = (n: number, digits = 2) => (Math.round(n * 10 ** digits) / 10 ** digits).toFixed(digits);
