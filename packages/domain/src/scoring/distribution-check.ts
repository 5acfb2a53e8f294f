import type Decimal from 'decimal.js';
import { Dec, fixed2, HUNDRED, toDec, ZERO } from './decimal';
import type {
  DistributionCheck,
  DistributionEntryResult,
  DistributionGuideline,
  GuidelineEntry,
  GuidelineErrorCode,
  Issue,
} from './types';

const DEFAULT_MIN_HEADCOUNT = 10;
const BOUND_OPERATORS = new Set(['=', '<', '<=', '>', '>=']);

/**
 * Compares a team's grades with a forced-distribution guideline (DOMAIN.md §2). Warn-only: it
 * reports, it never changes a grade. Allowed counts = guideline % × headcount, rounded
 *   - up for < and <= (S < 10% of 15 → 2, so at most 1 S; S <= 10% of 15 → at most 2),
 *   - down for > and >= (B >= 50% of 15 → 7),
 *   - '=': both neighbours, [down, up] (= 10% of 15 accepts 1 or 2; exactly x when x is whole),
 *   - 'between' p1 and p2: [p1 × n rounded down, p2 × n rounded up], inclusive,
 * i.e. '=' and 'between' read as ">= and <=", with the same lenient rounding as those operators.
 * Teams under minHeadcount (default 10) get applies: false; the entries are still computed.
 */
export function distributionCheck(grades: readonly string[], guideline: DistributionGuideline): DistributionCheck {
  const errors: Issue<GuidelineErrorCode>[] = [];
  const report = (path: string, code: GuidelineErrorCode, value?: unknown) =>
    errors.push(value === undefined ? { path, code } : { path, code, value: String(value) });

  const minHeadcount = guideline.minHeadcount ?? DEFAULT_MIN_HEADCOUNT;
  if (!Number.isSafeInteger(minHeadcount) || minHeadcount < 0) report('minHeadcount', 'INVALID_OPTION', minHeadcount);
  const headcount = grades.length;
  const n = new Dec(headcount);
  const entries: DistributionEntryResult[] = [];

  guideline.entries.forEach((entry, index) => {
    const at = `entries[${index}]`;
    const entryGrades = typeof entry.grades === 'string' ? [entry.grades] : [...(entry.grades ?? [])];
    if (entryGrades.length === 0 || entryGrades.some((g) => typeof g !== 'string' || g === '')) {
      report(`${at}.grades`, 'NO_GRADES');
    }
    const allowed = allowedCount(entry, n, at, report);
    if (allowed === null) return;
    const wanted = new Set(entryGrades);
    const actual = grades.filter((g) => wanted.has(g)).length;
    entries.push({
      index,
      grades: entryGrades,
      operator: entry.operator,
      actual,
      actualPercent: fixed2(headcount === 0 ? ZERO : new Dec(actual).times(HUNDRED).div(n)),
      allowed,
      ok: meets(entry.operator, actual, allowed),
    });
  });
  if (errors.length > 0) return { ok: false, errors };

  const applies = headcount >= minHeadcount;
  const withinGuideline = entries.every((e) => e.ok);
  return { ok: true, applies, headcount, minHeadcount, withinGuideline, warn: applies && !withinGuideline, entries };
}

function allowedCount(
  entry: GuidelineEntry,
  n: Decimal,
  at: string,
  report: (path: string, code: GuidelineErrorCode, value?: unknown) => void,
): number | readonly [number, number] | null {
  const percentOf = (value: unknown, path: string): Decimal | null => {
    const p = toDec(value);
    if (p === null) report(path, 'NOT_A_NUMBER', value);
    else if (p.isNegative() || p.gt(HUNDRED)) report(path, 'PERCENT_OUT_OF_RANGE', p);
    else return p.times(n).div(HUNDRED);
    return null;
  };
  const down = (x: Decimal) => x.floor().toNumber();
  const up = (x: Decimal) => x.ceil().toNumber();

  if (entry.operator === 'between') {
    const [low, high] = Array.isArray(entry.percents) ? entry.percents : [];
    const from = percentOf(low, `${at}.percents[0]`);
    const to = percentOf(high, `${at}.percents[1]`);
    if (from === null || to === null) return null;
    if (from.gt(to)) {
      report(`${at}.percents`, 'RANGE_REVERSED');
      return null;
    }
    return [down(from), up(to)];
  }
  if (!BOUND_OPERATORS.has(entry.operator)) {
    report(`${at}.operator`, 'INVALID_OPTION', entry.operator);
    return null;
  }
  const x = percentOf(entry.percent, `${at}.percent`);
  if (x === null) return null;
  switch (entry.operator) {
    case '<':
    case '<=':
      return up(x);
    case '>':
    case '>=':
      return down(x);
    case '=':
      return [down(x), up(x)];
  }
}

function meets(operator: string, actual: number, allowed: number | readonly [number, number]): boolean {
  if (typeof allowed !== 'number') return actual >= allowed[0] && actual <= allowed[1];
  switch (operator) {
    case '<':
      return actual < allowed;
    case '<=':
      return actual <= allowed;
    case '>':
      return actual > allowed;
    default:
      return actual >= allowed;
  }
}
