import { clamp, fixed2, HUNDRED, plain, scoreScale, toDec, ZERO } from './decimal';
import { checkMetricInput, type InputIssue, type RuleOutcome, readOptional, readTarget } from './rule-outcome';
import { type GrowthRule, type IndicatorInput, RULE_DEFAULTS } from './types';

/**
 * Growth vs the base period: growth % = (actual − base) / |base| × 100, mapped linearly so that
 * growthAtZeroScore → 0 and growthAtFullScore → 100, clamped to [0, cap]. A zero base has no
 * growth rate: the indicator is reported missing (BASE_ZERO). The rule is assumed valid.
 */
export function scoreGrowth(rule: GrowthRule, input: IndicatorInput | undefined, path: string): RuleOutcome {
  const issues: InputIssue[] = [];
  checkMetricInput(input, path, issues);
  const actual = readOptional(input?.actual, `${path}.actual`, issues);
  const base = readOptional(input?.base, `${path}.base`, issues);
  const target = readTarget(input, undefined, path, issues);
  if (issues.length > 0) return { status: 'invalid', issues };
  if (actual === null) return { status: 'missing', reason: 'NO_ACTUAL', actual, target };
  if (base === null) return { status: 'missing', reason: 'NO_BASE', actual, target };
  if (base.isZero()) return { status: 'missing', reason: 'BASE_ZERO', actual, target };

  const atZero = toDec(rule.growthAtZeroScore)!;
  const atFull = toDec(rule.growthAtFullScore)!;
  const cap = toDec(rule.cap ?? RULE_DEFAULTS.growthCap)!;
  const growth = actual.minus(base).div(base.abs()).times(HUNDRED);
  const raw = scoreScale(growth.minus(atZero).div(atFull.minus(atZero)).times(HUNDRED));
  const { value, clamped } = clamp(raw, ZERO, cap);
  return {
    status: 'scored',
    score: value,
    actual,
    target,
    explanation: {
      code: 'GROWTH',
      params: {
        base: plain(base),
        growth: fixed2(growth),
        growthAtZeroScore: fixed2(atZero),
        growthAtFullScore: fixed2(atFull),
        raw: fixed2(raw),
        cap: fixed2(cap),
        clamped,
      },
    },
  };
}
