import type Decimal from 'decimal.js';
import { clamp, Dec, fixed2, HUNDRED, isAbsent, toDec } from './decimal';
import { checkMetricInput, type InputIssue, type RuleOutcome, readOptional, readTarget } from './rule-outcome';
import { type IndicatorInput, type PercentileRule, RULE_DEFAULTS } from './types';

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
  if (actual !== null && cohort.length > 0 && !cohort.some((c) => c.eq(actual))) {
    issues.push({ path: `${path}.cohort`, code: 'ACTUAL_NOT_IN_COHORT', value: actual.toString() });
  }
  if (issues.length > 0) return { status: 'invalid', issues };
  if (actual === null) return { status: 'missing', reason: 'NO_ACTUAL', actual, target };
  if (cohort.length === 0) return { status: 'missing', reason: 'NO_COHORT', actual, target };

  const floor = toDec(rule.floor ?? RULE_DEFAULTS.floor)!;
  const cap = toDec(rule.cap ?? RULE_DEFAULTS.percentileCap)!;
  if (cohort.length === 1) {
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

  const below = cohort.filter((c) => c.lt(actual)).length;
  const equal = cohort.filter((c) => c.eq(actual)).length;
  // midrank = below + (equal + 1) / 2
  const midrank = new Dec(below).plus(new Dec(equal + 1).times(HALF));
  const rank = midrank
    .minus(1)
    .div(cohort.length - 1)
    .times(HUNDRED);
  const direction = rule.direction ?? RULE_DEFAULTS.direction;
  const percentile = direction === 'lower_is_better' ? HUNDRED.minus(rank) : rank;
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
        cohortSize: cohort.length,
        floor: fixed2(floor),
        cap: fixed2(cap),
        direction,
        clamped,
      },
    },
  };
}
