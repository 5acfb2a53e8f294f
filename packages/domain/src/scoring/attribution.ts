import type Decimal from 'decimal.js';
import { apportion, Exact, fixed2, plain, toDec } from './decimal';
import type { AttributionItem, AttributionResult, AttributionSide, IndicatorAttribution, Issue } from './types';

const HUNDRED = new Exact(100);

type AttributionIssue = Issue<'NOT_A_NUMBER' | 'EMPTY_KEY' | 'DUPLICATE_KEY'>;
type Entry = { weight: Decimal; score: Decimal };

/**
 * Splits the change of a linear scorecard S = Σ w_i × s_i / 100 between two periods (DOMAIN.md §2):
 *   S_new − S_old = Σ w_i_old × (s_i_new − s_i_old) / 100  (score effect)
 *                 + Σ (w_i_new − w_i_old) × s_i_new / 100  (weight effect),
 * per indicator (matched by key). An indicator present on one side only counts with weight 0 and
 * score 0 on the other. The exact contributions add up to the exact change exactly; the rounded ones
 * (2 places) are apportioned by largest remainder so they add up to the change between the rounded
 * totals, and each indicator's rounded score and weight effects add up to its rounded contribution.
 * ScoredCards can be passed directly: their unrounded `exact` weight and score are used.
 */
export function attribution(previous: AttributionSide, current: AttributionSide): AttributionResult {
  const errors: AttributionIssue[] = [];
  const before = readSide(previous, 'previous', errors);
  const after = readSide(current, 'current', errors);
  if (errors.length > 0) return { ok: false, errors };

  const zero = new Exact(0);
  const keys = [...before.keys(), ...[...after.keys()].filter((k) => !before.has(k))];
  const rows = keys.map((key) => {
    const old = before.get(key) ?? { weight: zero, score: zero };
    const now = after.get(key) ?? { weight: zero, score: zero };
    const scoreEffect = old.weight.times(now.score.minus(old.score)).div(HUNDRED);
    const weightEffect = now.weight.minus(old.weight).times(now.score).div(HUNDRED);
    const presentIn: IndicatorAttribution['presentIn'] = !before.has(key)
      ? 'current'
      : !after.has(key)
        ? 'previous'
        : 'both';
    return { key, old, now, scoreEffect, weightEffect, contribution: scoreEffect.plus(weightEffect), presentIn };
  });

  const totalOf = (side: Map<string, Entry>) =>
    [...side.values()].reduce((acc, e) => acc.plus(e.weight.times(e.score).div(HUNDRED)), zero);
  const previousTotal = totalOf(before);
  const currentTotal = totalOf(after);
  const shownChange = new Exact(fixed2(currentTotal)).minus(new Exact(fixed2(previousTotal)));
  const shownContributions = apportion(
    rows.map((r) => r.contribution),
    shownChange,
  );

  const indicators: IndicatorAttribution[] = rows.map((r, i) => {
    const [scoreEffect, weightEffect] = apportion([r.scoreEffect, r.weightEffect], shownContributions[i]);
    return {
      key: r.key,
      presentIn: r.presentIn,
      previousWeight: fixed2(r.old.weight),
      currentWeight: fixed2(r.now.weight),
      previousScore: fixed2(r.old.score),
      currentScore: fixed2(r.now.score),
      scoreEffect: fixed2(scoreEffect),
      weightEffect: fixed2(weightEffect),
      contribution: fixed2(shownContributions[i]),
      exact: {
        scoreEffect: plain(r.scoreEffect),
        weightEffect: plain(r.weightEffect),
        contribution: plain(r.contribution),
      },
    };
  });
  return {
    ok: true,
    previousTotal: fixed2(previousTotal),
    currentTotal: fixed2(currentTotal),
    totalChange: fixed2(shownChange),
    indicators,
    exact: {
      previousTotal: plain(previousTotal),
      currentTotal: plain(currentTotal),
      totalChange: plain(currentTotal.minus(previousTotal)),
    },
  };
}

function readSide(side: AttributionSide, name: string, errors: AttributionIssue[]): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  (side?.indicators ?? []).forEach((item: AttributionItem, i) => {
    const at = `${name}.indicators[${i}]`;
    const key: unknown = item?.key;
    if (typeof key !== 'string' || key === '') {
      errors.push({ path: `${at}.key`, code: 'EMPTY_KEY' });
      return;
    }
    if (entries.has(key)) {
      errors.push({ path: `${at}.key`, code: 'DUPLICATE_KEY', value: key });
      return;
    }
    const source = item.exact ?? item;
    const weight = toDec(source.weight);
    const score = toDec(source.score);
    const field = item.exact ? `${at}.exact` : at;
    if (weight === null) errors.push({ path: `${field}.weight`, code: 'NOT_A_NUMBER', value: String(source.weight) });
    if (score === null) errors.push({ path: `${field}.score`, code: 'NOT_A_NUMBER', value: String(source.score) });
    // Re-read in the exact constructor so later arithmetic uses its precision.
    if (weight && score) entries.set(key, { weight: new Exact(weight), score: new Exact(score) });
  });
  return entries;
}
