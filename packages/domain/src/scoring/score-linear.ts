import { clamp, Dec, fixed2, scoreScale, toDec } from './decimal';
import {
  attainmentOf,
  checkMetricInput,
  type InputIssue,
  type RuleOutcome,
  readOptional,
  readTarget,
} from './rule-outcome';
import { type IndicatorInput, type LinearRule, RULE_DEFAULTS } from './types';

const TWO_HUNDRED = new Dec(200);

/**
 * Linear attainment: clamp(actual / target × 100, floor, cap); lower is better scores
 * clamp(200 − actual / target × 100, floor, cap). The rule is assumed valid (validateTemplate).
 */
export function scoreLinear(rule: LinearRule, input: IndicatorInput | undefined, path: string): RuleOutcome {
  const issues: InputIssue[] = [];
  checkMetricInput(input, path, issues);
  const actual = readOptional(input?.actual, `${path}.actual`, issues);
  const target = readTarget(input, rule.target, path, issues);
  if (issues.length > 0) return { status: 'invalid', issues };
  if (actual === null) return { status: 'missing', reason: 'NO_ACTUAL', actual, target };
  if (target === null) return { status: 'missing', reason: 'NO_TARGET', actual, target };

  const floor = toDec(rule.floor ?? RULE_DEFAULTS.floor)!;
  const cap = toDec(rule.cap ?? RULE_DEFAULTS.linearCap)!;
  const direction = rule.direction ?? RULE_DEFAULTS.direction;
  const attainment = attainmentOf(actual, target)!;
  const raw = scoreScale(direction === 'lower_is_better' ? TWO_HUNDRED.minus(attainment) : attainment);
  const { value, clamped } = clamp(raw, floor, cap);
  return {
    status: 'scored',
    score: value,
    actual,
    target,
    explanation: {
      code: 'LINEAR_ATTAINMENT',
      params: {
        attainment: fixed2(attainment),
        raw: fixed2(raw),
        floor: fixed2(floor),
        cap: fixed2(cap),
        direction,
        clamped,
      },
    },
  };
}
