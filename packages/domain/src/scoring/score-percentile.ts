import type Decimal from 'decimal.js';
import { clamp, Dec, fixed2, HUNDRED, isAbsent, scoreScale, toDec } from './decimal';
import { checkMetricInput, type InputIssue, type RuleOutcome, readOptional, readTarget } from './rule-outcome';
import { type CohortRank, type IndicatorInput, type Numeric, type PercentileRule, RULE_DEFAULTS } from './types';

const HALF = new Dec('0.5');

/**
 * Percentile rank within the cohort (which includes this person's actual): with midrank = 1-based
 * ascending rank, ties sharing the mean of their ranks, percentile = (midrank − 1) / (n − 1) × 100.
 * A cohort of one scores singleMemberScore. The rule is assumed valid (validateTemplate).
 */
export function scorePercentile(rule: PercentileRule, input: IndicatorInput | undefined, path: string): RuleOutcome {
  const issues: InputIssue[] = [];
  checkMetricInput(input, path, issues);
  const actual = readOptional(input?.actual, `${path}.actual`, issues);
  const target = readTarget(input, undefined, path, issues);
  const cohort: Decimal[] = [];
  (input?.cohort ?? []).forEach((v, i) => {
    const d = isAbsent(v) ? null : toDec(v);
    if (d === null) issues.push({ path: `${path}.cohort[${i}]`, code: 'NOT_A_NUMBER', value: String(v) });
    else cohort.push(d);
  });
  const ranked = input?.cohortRank ?? null;
  if (ranked) return scoreRanked(rule, actual, target, ranked, path, issues);
  if (actual !== null && cohort.length > 0 && !cohort.some((c) => c.eq(actual))) {
    issues.push({ path: `${path}.cohort`, code: 'ACTUAL_NOT_IN_COHORT', value: actual.toString() });
  }
  if (issues.length > 0) return { status: 'invalid', issues };
  if (actual === null) return { status: 'missing', reason: 'NO_ACTUAL', actual, target };
  if (cohort.length === 0) return { status: 'missing', reason: 'NO_COHORT', actual, target };

  if (cohort.length === 1) return singleMember(rule, actual, target);

  const below = cohort.filter((c) => c.lt(actual)).length;
  const equal = cohort.filter((c) => c.eq(actual)).length;
  return percentileOutcome(rule, actual, target, { below, equal, size: cohort.length });
}

/** The percentile with a precomputed rank (input.cohortRank), checked like a cohort would be. */
function scoreRanked(
  rule: PercentileRule,
  actual: Decimal | null,
  target: Decimal | null,
  ranked: CohortRank,
  path: string,
  issues: InputIssue[],
): RuleOutcome {
  const { below, equal, size } = ranked;
  const whole = [below, equal, size].every((n) => Number.isInteger(n) && n >= 0);
  if (!whole || below + equal > size)
    issues.push({ path: `${path}.cohortRank`, code: 'NOT_A_NUMBER', value: JSON.stringify(ranked) });
  else if (actual !== null && size > 0 && equal === 0)
    issues.push({ path: `${path}.cohort`, code: 'ACTUAL_NOT_IN_COHORT', value: actual.toString() });
  if (issues.length > 0) return { status: 'invalid', issues };
  if (actual === null) return { status: 'missing', reason: 'NO_ACTUAL', actual, target };
  if (size === 0) return { status: 'missing', reason: 'NO_COHORT', actual, target };
  if (size === 1) return singleMember(rule, actual, target);
  return percentileOutcome(rule, actual, target, ranked);
}

function singleMember(rule: PercentileRule, actual: Decimal, target: Decimal | null): RuleOutcome {
  const floor = toDec(rule.floor ?? RULE_DEFAULTS.floor)!;
  const cap = toDec(rule.cap ?? RULE_DEFAULTS.percentileCap)!;
  const single = toDec(rule.singleMemberScore ?? RULE_DEFAULTS.singleMemberScore)!;
  const { value, clamped } = clamp(single, floor, cap);
  return {
    status: 'scored',
    score: value,
    actual,
    target,
    explanation: {
      code: 'SINGLE_MEMBER_COHORT',
      params: { score: fixed2(single), floor: fixed2(floor), cap: fixed2(cap), clamped },
    },
  };
}

function percentileOutcome(
  rule: PercentileRule,
  actual: Decimal,
  target: Decimal | null,
  ranked: CohortRank,
): RuleOutcome {
  const { below, equal, size } = ranked;
  const floor = toDec(rule.floor ?? RULE_DEFAULTS.floor)!;
  const cap = toDec(rule.cap ?? RULE_DEFAULTS.percentileCap)!;
  // midrank = below + (equal + 1) / 2
  const midrank = new Dec(below).plus(new Dec(equal + 1).times(HALF));
  const rank = midrank
    .minus(1)
    .div(size - 1)
    .times(HUNDRED);
  const direction = rule.direction ?? RULE_DEFAULTS.direction;
  const percentile = scoreScale(direction === 'lower_is_better' ? HUNDRED.minus(rank) : rank);
  const { value, clamped } = clamp(percentile, floor, cap);
  return {
    status: 'scored',
    score: value,
    actual,
    target,
    explanation: {
      code: 'PERCENTILE_RANK',
      params: {
        percentile: fixed2(percentile),
        midrank: midrank.toString(),
        cohortSize: size,
        floor: fixed2(floor),
        cap: fixed2(cap),
        direction,
        clamped,
      },
    },
  };
}

/**
 * Ranks a cohort once: the returned function gives each member's CohortRank in O(log n), so a whole
 * cohort scores in O(n log n) instead of O(n²) when each input carries the cohort.
 */
export function cohortRanker(values: readonly Numeric[]): (actual: Numeric) => CohortRank {
  const sorted = values
    .map((v) => toDec(v))
    .filter((d): d is Decimal => d !== null)
    .sort((a, b) => a.comparedTo(b));
  const firstNotBelow = (x: Decimal, strict: boolean) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = sorted[mid].comparedTo(x);
      if (c < 0 || (strict && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (actual) => {
    const x = toDec(actual);
    if (x === null) return { below: 0, equal: 0, size: sorted.length };
    const below = firstNotBelow(x, false);
    return { below, equal: firstNotBelow(x, true) - below, size: sorted.length };
  };
}
