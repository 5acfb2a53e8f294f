import { fixed2, HUNDRED, isAbsent, sum, toDec } from './decimal';
import type { InputIssue, RuleOutcome } from './rule-outcome';
import type { IndicatorInput, RaterKind, RaterScore, RatingRule } from './types';

const METRIC_FIELDS = ['actual', 'target', 'base', 'cohort'] as const;
const RATER_FIELDS: Record<RaterKind, 'self' | 'manager' | 'peers'> = {
  self: 'self',
  manager: 'manager',
  peer: 'peers',
};

/**
 * Rubric rating: each rater's points (peers: the mean of the peers' points), combined with the
 * rater weights of those who rated; a missing rater's weight is redistributed proportionally,
 * score = Σ w_r × s_r / Σ w_r over the raters who rated. A level outside the rubric is an error;
 * a rating from a rater the rule does not list is an error too (it would otherwise be ignored).
 */
export function scoreRating(rule: RatingRule, input: IndicatorInput | undefined, path: string): RuleOutcome {
  const issues: InputIssue[] = [];
  for (const field of METRIC_FIELDS) {
    if (!isAbsent(input?.[field])) issues.push({ path: `${path}.${field}`, code: 'INPUT_KIND_MISMATCH' });
  }
  const ratings = input?.ratings ?? {};
  const pointsOf = new Map(rule.rubric.map((l) => [l.level, toDec(l.points)!]));
  const configured = new Set(rule.raters.map((r) => r.rater));

  const levelsBy = new Map<RaterKind, number[]>();
  for (const rater of Object.keys(RATER_FIELDS) as RaterKind[]) {
    const field = RATER_FIELDS[rater];
    const given = ratings[field];
    if (isAbsent(given)) continue;
    const levels = (Array.isArray(given) ? given : [given]) as unknown[];
    if (levels.length === 0) continue;
    if (!configured.has(rater)) {
      issues.push({ path: `${path}.ratings.${field}`, code: 'UNEXPECTED_RATER' });
      continue;
    }
    levels.forEach((level, i) => {
      if (typeof level !== 'number' || !pointsOf.has(level)) {
        const at = Array.isArray(given) ? `${path}.ratings.${field}[${i}]` : `${path}.ratings.${field}`;
        issues.push({ path: at, code: 'RATING_NOT_IN_RUBRIC', value: String(level) });
      }
    });
    levelsBy.set(rater, levels as number[]);
  }
  if (issues.length > 0) return { status: 'invalid', issues };

  const rated = rule.raters
    .filter((r) => levelsBy.has(r.rater))
    .map((r) => {
      const levels = levelsBy.get(r.rater)!;
      const points = sum(levels.map((l) => pointsOf.get(l)!)).div(levels.length);
      return { rater: r.rater, levels, points, weight: toDec(r.weight)! };
    });
  if (rated.length === 0) return { status: 'missing', reason: 'NO_RATINGS', actual: null, target: null };

  const totalWeight = sum(rated.map((r) => r.weight));
  const score = sum(rated.map((r) => r.points.times(r.weight))).div(totalWeight);
  const raters: RaterScore[] = rated.map((r) => ({
    rater: r.rater,
    // Peers are anonymous to the reviewee: their levels are shown in order of level, not of the forms (which
    // follow the colleagues' order in the unit, so could tell who gave which).
    levels: r.rater === 'peer' ? [...r.levels].sort((a, b) => a - b) : r.levels,
    points: fixed2(r.points),
    weight: fixed2(r.weight.times(HUNDRED).div(totalWeight)),
  }));
  const notRated = rule.raters.filter((r) => !levelsBy.has(r.rater)).map((r) => r.rater);
  return {
    status: 'scored',
    score,
    actual: null,
    target: null,
    explanation: { code: 'RATING', params: { raters, notRated } },
  };
}
