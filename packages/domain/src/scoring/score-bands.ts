import { fixed2, toDec } from './decimal';
import {
  attainmentOf,
  checkMetricInput,
  type InputIssue,
  type RuleOutcome,
  readOptional,
  readTarget,
} from './rule-outcome';
import { type BandsRule, type IndicatorInput, RULE_DEFAULTS } from './types';

/**
 * Bands: higher is better takes the highest threshold ≤ value (first match from the top); lower is
 * better takes the lowest threshold ≥ value. A value exactly at a threshold belongs to that band.
 * The rule is assumed valid (validateTemplate).
 */
export function scoreBands(rule: BandsRule, input: IndicatorInput | undefined, path: string): RuleOutcome {
  const issues: InputIssue[] = [];
  checkMetricInput(input, path, issues);
  const actual = readOptional(input?.actual, `${path}.actual`, issues);
  const target = readTarget(input, rule.target, path, issues);
  if (issues.length > 0) return { status: 'invalid', issues };
  if (actual === null) return { status: 'missing', reason: 'NO_ACTUAL', actual, target };
  const onAttainment = rule.measure === 'attainment';
  if (onAttainment && target === null) return { status: 'missing', reason: 'NO_TARGET', actual, target };

  const value = onAttainment ? attainmentOf(actual, target)! : actual;
  const direction = rule.direction ?? RULE_DEFAULTS.direction;
  const bands = rule.bands.map((b) => ({ threshold: toDec(b.threshold)!, points: toDec(b.points)! }));
  const match =
    direction === 'lower_is_better'
      ? bands.find((b) => value.lte(b.threshold))
      : bands.findLast((b) => value.gte(b.threshold));
  if (match) {
    return {
      status: 'scored',
      score: match.points,
      actual,
      target,
      explanation: {
        code: 'BAND_MATCHED',
        params: { value: fixed2(value), threshold: fixed2(match.threshold), points: fixed2(match.points), direction },
      },
    };
  }
  const fallback = toDec(rule.fallbackPoints ?? RULE_DEFAULTS.fallbackPoints)!;
  return {
    status: 'scored',
    score: fallback,
    actual,
    target,
    explanation: { code: 'NO_BAND_MATCHED', params: { value: fixed2(value), points: fixed2(fallback), direction } },
  };
}
