import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { attribution } from './attribution';
import { scoreCard } from './score-card';
import type { AttributionResult, ScorecardTemplate } from './types';

function attributed(result: AttributionResult) {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
}

/** Sums without rounding (the default 20 significant digits would round 40-digit exact values). */
const Wide = Decimal.clone({ precision: 1000 });
const total = (values: string[]) => values.reduce((acc, v) => acc.plus(v), new Wide(0));

describe('attribution', () => {
  it('splits the change into score and weight effects per indicator (DOMAIN.md §2)', () => {
    const previous = {
      indicators: [
        { key: 'revenue', weight: 60, score: 80 },
        { key: 'visits', weight: 40, score: 90 },
      ],
    };
    const current = {
      indicators: [
        { key: 'revenue', weight: 50, score: 100 },
        { key: 'visits', weight: 50, score: 70 },
      ],
    };
    const result = attributed(attribution(previous, current));
    // S_old = 48 + 36 = 84; S_new = 50 + 35 = 85
    expect(result).toMatchObject({ previousTotal: '84.00', currentTotal: '85.00', totalChange: '1.00' });
    expect(result.indicators).toEqual([
      {
        key: 'revenue',
        presentIn: 'both',
        previousWeight: '60.00',
        currentWeight: '50.00',
        previousScore: '80.00',
        currentScore: '100.00',
        scoreEffect: '12.00', // 60 × 20 / 100
        weightEffect: '-10.00', // -10 × 100 / 100
        contribution: '2.00',
        exact: { scoreEffect: '12', weightEffect: '-10', contribution: '2' },
      },
      {
        key: 'visits',
        presentIn: 'both',
        previousWeight: '40.00',
        currentWeight: '50.00',
        previousScore: '90.00',
        currentScore: '70.00',
        scoreEffect: '-8.00', // 40 × -20 / 100
        weightEffect: '7.00', // 10 × 70 / 100
        contribution: '-1.00',
        exact: { scoreEffect: '-8', weightEffect: '7', contribution: '-1' },
      },
    ]);
  });

  it('counts an indicator present on one side only with weight and score 0 on the other', () => {
    const result = attributed(
      attribution(
        { indicators: [{ key: 'old', weight: 100, score: 70 }] },
        { indicators: [{ key: 'new', weight: 100, score: 90 }] },
      ),
    );
    expect(result.totalChange).toBe('20.00');
    expect(result.indicators).toMatchObject([
      { key: 'old', presentIn: 'previous', currentWeight: '0.00', scoreEffect: '-70.00', weightEffect: '0.00' },
      { key: 'new', presentIn: 'current', previousWeight: '0.00', scoreEffect: '0.00', weightEffect: '90.00' },
    ]);
  });

  it('adds up exactly, also once rounded (largest remainder)', () => {
    const third = (key: string, score: string) => ({ key, weight: '33.333', score });
    const result = attributed(
      attribution(
        { indicators: [third('a', '0'), third('b', '0'), { key: 'c', weight: '33.334', score: '0' }] },
        { indicators: [third('a', '1.5'), third('b', '1.5'), { key: 'c', weight: '33.334', score: '1.5' }] },
      ),
    );
    expect(result.totalChange).toBe('1.50');
    // each exact contribution is 0.4999995 or 0.500001: rounded half up they would add up to 1.51 or 1.49
    expect(total(result.indicators.map((i) => i.contribution)).toFixed(2)).toBe('1.50');
    expect(total(result.indicators.map((i) => i.exact.contribution)).eq(result.exact.totalChange)).toBe(true);
    for (const i of result.indicators) {
      expect(total([i.scoreEffect, i.weightEffect]).eq(i.contribution)).toBe(true);
    }
  });

  it('attributes two score cards passed as they are, using their unrounded values', () => {
    const template = (revenueWeight: number): ScorecardTemplate => ({
      dimensions: [
        {
          key: 'results',
          name: '业绩',
          weight: 100,
          indicators: [
            { key: 'revenue', kind: 'metric', weight: revenueWeight, rule: { type: 'linear', target: 3 } },
            { key: 'visits', kind: 'metric', weight: 100 - revenueWeight, rule: { type: 'linear', target: 7 } },
          ],
        },
      ],
    });
    const before = scoreCard(template(70), { revenue: { actual: 2 }, visits: { actual: 5 } });
    const after = scoreCard(template(60), { revenue: { actual: 3 }, visits: { actual: 6 } });
    if (!before.ok || !after.ok) throw new Error('expected scores');
    const result = attributed(attribution(before, after));
    expect(result.previousTotal).toBe(before.total);
    expect(result.currentTotal).toBe(after.total);
    expect(result.exact.currentTotal).toBe(after.exact.total);
    expect(new Decimal(result.totalChange).eq(new Decimal(after.total).minus(before.total))).toBe(true);
    expect(total(result.indicators.map((i) => i.contribution)).eq(result.totalChange)).toBe(true);
    expect(total(result.indicators.map((i) => i.exact.contribution)).eq(result.exact.totalChange)).toBe(true);
  });

  it('reports duplicate keys and unreadable numbers', () => {
    expect(
      attribution(
        {
          indicators: [
            { key: 'a', weight: 50, score: 1 },
            { key: 'a', weight: 50, score: 1 },
          ],
        },
        { indicators: [{ key: 'b', weight: 'x', score: 1 }] },
      ),
    ).toEqual({
      ok: false,
      errors: [
        { path: 'previous.indicators[1].key', code: 'DUPLICATE_KEY', value: 'a' },
        { path: 'current.indicators[0].weight', code: 'NOT_A_NUMBER', value: 'x' },
      ],
    });
  });
});
