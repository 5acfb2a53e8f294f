import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  growthSpeed,
  type MonthValue,
  monthIndex,
  monthOfIndex,
  monthsBetween,
  monthsSinceHire,
  quantile,
  quartiles,
  slackIndex,
  volatility,
} from './trajectory';

/** Consecutive months from a start, one value each. */
const monthly = (start: string, values: (number | null)[]): MonthValue[] =>
  values.map((value, i) => ({ month: monthOfIndex(monthIndex(start) + i), value }));

const close = (a: number, b: number, tolerance = 1e-6) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b));

describe('months', () => {
  it('counts calendar months, the hire month being month 0', () => {
    expect(monthsBetween('2024-01-31', '2024-02-01')).toBe(1);
    expect(monthsBetween('2024-03-15', '2023-12-01')).toBe(-3);
    expect(monthsSinceHire('2024-01-20', '2024-01-01')).toBe(0);
    expect(monthsSinceHire('2024-01-20', '2025-01-01')).toBe(12);
    expect(monthOfIndex(monthIndex('2025-12-09'))).toBe('2025-12-01');
    expect(monthOfIndex(monthIndex('2025-12-01') + 1)).toBe('2026-01-01');
  });
});

describe('growth speed', () => {
  it('is the least-squares slope per month, gaps keeping their place', () => {
    // January 100, February without a value, March 140, April 160: 20 per calendar month.
    const r = growthSpeed([
      { month: '2025-01-01', value: 100 },
      { month: '2025-02-01', value: null },
      { month: '2025-03-01', value: 140 },
      { month: '2025-04-01', value: 160 },
    ]);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(close(r.perMonth, 20)).toBe(true);
      expect(r.months).toBe(3);
      expect(close(r.relativePerMonth!, 20 / (400 / 3))).toBe(true);
    }
    // Hand-computed: x 0..3, y 10, 12, 11, 15 → slope = Σ(x−1.5)(y−12) / Σ(x−1.5)² = 7 / 5 = 1.4.
    const fit = growthSpeed(monthly('2025-01-01', [10, 12, 11, 15]));
    expect(fit.ok && close(fit.perMonth, 1.4)).toBe(true);
  });

  it('needs three valued months', () => {
    expect(growthSpeed(monthly('2025-01-01', [1, 2, null]))).toEqual({
      ok: false,
      reason: 'too_few_months',
      months: 2,
    });
    expect(growthSpeed([])).toMatchObject({ ok: false, reason: 'too_few_months' });
  });

  it('recovers the slope of any straight line; shifting leaves it, scaling scales it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000, max: 10_000 }),
        fc.integer({ min: -500, max: 500 }),
        fc.integer({ min: 3, max: 36 }),
        fc.integer({ min: 1, max: 50 }),
        (a, b, n, k) => {
          const line = monthly(
            '2024-05-01',
            Array.from({ length: n }, (_, i) => a + b * i),
          );
          const r = growthSpeed(line);
          const shifted = growthSpeed(line.map((p) => ({ ...p, value: (p.value as number) + 777 })));
          const scaled = growthSpeed(line.map((p) => ({ ...p, value: (p.value as number) * k })));
          return (
            r.ok &&
            shifted.ok &&
            scaled.ok &&
            close(r.perMonth, b, 1e-6) &&
            close(shifted.perMonth, r.perMonth, 1e-6) &&
            close(scaled.perMonth, r.perMonth * k, 1e-6)
          );
        },
      ),
    );
  });
});

describe('volatility', () => {
  it('is the residual standard deviation around the trend over the mean', () => {
    // y 10, 12, 11, 15: fit 9.9 + 1.4x → residuals 0.1, 0.7, −1.7, 0.9; SSR = 0.01 + 0.49 + 2.89 + 0.81 = 4.2.
    // sd = √(4.2 / 2) = √2.1, mean 12 → 0.12076…
    const r = volatility(monthly('2025-01-01', [10, 12, 11, 15]));
    expect(r.ok && close(r.value, Math.sqrt(2.1) / 12)).toBe(true);
  });

  it('is null with too few months or a mean that is not positive', () => {
    expect(volatility(monthly('2025-01-01', [1, 2]))).toMatchObject({ ok: false, reason: 'too_few_months' });
    expect(volatility(monthly('2025-01-01', [0, 0, 0]))).toMatchObject({ ok: false, reason: 'mean_not_positive' });
    expect(volatility(monthly('2025-01-01', [-5, 1, 2]))).toMatchObject({ ok: false, reason: 'mean_not_positive' });
  });

  it('is 0 for steady growth, never negative, and the same in yuan or ten-thousand yuan', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 3, maxLength: 36 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 1000 }),
        (values, scale, step) => {
          const r = volatility(monthly('2023-01-01', values));
          const scaled = volatility(
            monthly(
              '2023-01-01',
              values.map((v) => v * scale),
            ),
          );
          const steady = volatility(
            monthly(
              '2023-01-01',
              values.map((_, i) => 1000 + step * i),
            ),
          );
          return (
            r.ok && scaled.ok && steady.ok && r.value >= 0 && close(scaled.value, r.value, 1e-6) && steady.value < 1e-9
          );
        },
      ),
    );
  });
});

describe('slack index', () => {
  // Hired 2024-01-10 with three months' probation, regularized 2024-04-10.
  const person = { hireDate: '2024-01-10', regularizationDate: '2024-04-10', lastClosedMonth: '2024-12-01' };

  it('compares the last probation months with the first months after regularization', () => {
    // Probation months (15th in [01-10, 04-10)): Jan, Feb, Mar. After: Apr (15th ≥ 04-10), May, Jun.
    const series = monthly('2024-01-01', [90, 100, 110, 60, 70, 80, 200]);
    const r = slackIndex({ ...person, series });
    expect(r).toEqual({
      ok: true,
      value: 1 - 70 / 100,
      probationMean: 100,
      postMean: 70,
      probationMonths: ['2024-01-01', '2024-02-01', '2024-03-01'],
      postMonths: ['2024-04-01', '2024-05-01', '2024-06-01'],
    });
    // A shorter window: March vs April.
    const one = slackIndex({ ...person, series, window: 1, minProbationMonths: 1 });
    expect(one.ok && close(one.value, 1 - 60 / 110)).toBe(true);
  });

  it('puts the month of regularization on the side its middle falls on, and skips a hire late in a month', () => {
    const series = monthly('2024-01-01', [1000, 100, 100, 100, 50, 50, 50, 50]);
    // Hired 01-20 (January's 15th is before: not probation); regularized 04-20 (April mostly probation).
    const r = slackIndex({
      hireDate: '2024-01-20',
      regularizationDate: '2024-04-20',
      lastClosedMonth: '2024-12-01',
      series,
    });
    expect(r.ok && r.probationMonths).toEqual(['2024-02-01', '2024-03-01', '2024-04-01']);
    expect(r.ok && r.postMonths).toEqual(['2024-05-01', '2024-06-01', '2024-07-01']);
    expect(r.ok && close(r.value, 0.5)).toBe(true);
  });

  it('says why it cannot be computed', () => {
    const series = monthly('2024-01-01', [100, 100, 100, 100, 100, 100]);
    expect(slackIndex({ ...person, series, regularizationDate: null })).toMatchObject({ reason: 'not_regularized' });
    expect(slackIndex({ ...person, series, regularizationDate: '2024-01-10' })).toMatchObject({
      reason: 'no_probation',
    });
    // Post window ends in June; only May is closed.
    expect(slackIndex({ ...person, series, lastClosedMonth: '2024-05-01' })).toMatchObject({
      reason: 'post_window_incomplete',
    });
    // One month's probation (hired 03-01, regularized 04-01): one valued month, two needed.
    expect(slackIndex({ ...person, series, hireDate: '2024-03-01', regularizationDate: '2024-04-01' })).toMatchObject({
      reason: 'probation_too_short',
      probationMonths: ['2024-03-01'],
    });
    expect(slackIndex({ ...person, series: monthly('2024-01-01', [0, 0, 0, 10, 10, 10]) })).toMatchObject({
      reason: 'probation_mean_not_positive',
    });
    expect(slackIndex({ ...person, series: monthly('2024-01-01', [10, 10, 10, null, null, null]) })).toMatchObject({
      reason: 'post_window_incomplete',
    });
  });

  it('does not depend on the unit, is 0 for equal means and at most 1 for non-negative values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 1, max: 1000 }),
        (probation, post, k) => {
          const series = monthly('2024-01-01', [...probation, ...post]);
          const r = slackIndex({ ...person, series });
          const scaled = slackIndex({
            ...person,
            series: series.map((p) => ({ ...p, value: (p.value as number) * k })),
          });
          const flat = slackIndex({
            ...person,
            series: monthly('2024-01-01', [...probation, ...probation.slice().reverse()]),
          });
          return (
            r.ok &&
            scaled.ok &&
            flat.ok &&
            close(r.value, scaled.value, 1e-9) &&
            r.value <= 1 &&
            close(flat.value, 0, 1e-9)
          );
        },
      ),
    );
  });
});

describe('quantiles', () => {
  it('interpolates between the closest ranks', () => {
    expect(quantile([1, 2, 3, 10], 0.5)).toBe(2.5);
    expect(quantile([10, 1, 3, 2], 0.25)).toBe(1.75);
    expect(quantile([5], 0.75)).toBe(5);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
    expect(quartiles([])).toBeNull();
    expect(quartiles([4, 1, 3, 2])).toEqual({ n: 4, p25: 1.75, median: 2.5, p75: 3.25 });
  });

  it('are ordered, inside the range, and do not depend on the order of the values', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }), (xs) => {
        const q = quartiles(xs)!;
        const r = quartiles([...xs].reverse())!;
        const min = Math.min(...xs);
        const max = Math.max(...xs);
        return (
          q.n === xs.length &&
          min <= q.p25 &&
          q.p25 <= q.median &&
          q.median <= q.p75 &&
          q.p75 <= max &&
          q.median === r.median &&
          q.p25 === r.p25
        );
      }),
    );
  });
});
