// Internal: what one rule makes of one indicator input, and reading inputs into decimals.
import type Decimal from 'decimal.js';
import { HUNDRED, isAbsent, toDec } from './decimal';
import type { Explanation, IndicatorInput, InputErrorCode, Issue, MissingReason, Numeric } from './types';

export type InputIssue = Issue<InputErrorCode>;

interface Observed {
  actual: Decimal | null;
  target: Decimal | null;
}

export type RuleOutcome =
  | (Observed & { status: 'scored'; score: Decimal; explanation: Explanation })
  | (Observed & { status: 'missing'; reason: MissingReason })
  | { status: 'invalid'; issues: InputIssue[] };

/** Reads an optional number; an unreadable one is reported (and read as null). */
export function readOptional(value: unknown, path: string, issues: InputIssue[]): Decimal | null {
  if (isAbsent(value)) return null;
  const d = toDec(value);
  if (d === null) issues.push({ path, code: 'NOT_A_NUMBER', value: String(value) });
  return d;
}

/** The input target if given (must be > 0), else the rule's default (validated with the template). */
export function readTarget(
  input: IndicatorInput | undefined,
  ruleTarget: Numeric | undefined,
  path: string,
  issues: InputIssue[],
): Decimal | null {
  const own = readOptional(input?.target, `${path}.target`, issues);
  if (own !== null) {
    if (own.lte(0)) {
      issues.push({ path: `${path}.target`, code: 'TARGET_NOT_POSITIVE', value: own.toString() });
      return null;
    }
    return own;
  }
  return isAbsent(ruleTarget) ? null : toDec(ruleTarget);
}

/** Metric inputs must not carry ratings. */
export function checkMetricInput(input: IndicatorInput | undefined, path: string, issues: InputIssue[]): void {
  if (!isAbsent(input?.ratings)) issues.push({ path: `${path}.ratings`, code: 'INPUT_KIND_MISMATCH' });
}

/** attainment = actual / target × 100 when both are known. */
export function attainmentOf(actual: Decimal | null, target: Decimal | null): Decimal | null {
  return actual !== null && target !== null ? actual.div(target).times(HUNDRED) : null;
}
