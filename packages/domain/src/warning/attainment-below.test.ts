import { describe, expect, it } from 'vitest';
import { addMonths } from '../probation';
import { attainmentBelow } from './attainment-below';
import type { SeriesPoint } from './types';

const month = (i: number) => addMonths('2026-01-01', i);
/** Monthly [value, target] pairs from January 2026. */
const series = (pairs: [number | null, number | null][]): SeriesPoint[] =>
  pairs.map(([value, target], i) => ({ period: month(i), value, target }));

const twoOfThree = { thresholdPct: 80, n: 2, m: 3, minPeriods: 3 };

describe('attainmentBelow', () => {
  it('fires on 2 of the last 3 months below 80% (DOMAIN.md persistence default)', () => {
    const s = attainmentBelow(
      series([
        [100, 100],
        [60, 100],
        [90, 100],
        [70, 100],
      ]),
      twoOfThree,
    );
    // as of March the window 100, 60, 90 holds one shortfall; April's 60, 90, 70 holds two
    expect(s).toMatchObject({ status: 'fired', onsetPeriod: '2026-04-01', period: '2026-04-01' });
    expect(s.evidence).toMatchObject({ below: 2, of: 3, thresholdPct: 80 });
    // shortfalls 20 and 10 → mean 15 / 80; window full → 0.5 + 0.5 × 0.1875
    expect(s.confidence).toBeCloseTo(0.59375, 12);
    expect((s.evidence.series as { attainmentPct: number }[]).map((p) => p.attainmentPct)).toEqual([100, 60, 90, 70]);
  });

  it('is clear with one shortfall in the window, and says how close it came', () => {
    const s = attainmentBelow(
      series([
        [60, 100],
        [70, 100],
        [90, 100],
        [85, 100],
        [50, 100],
      ]),
      twoOfThree,
    );
    expect(s.status).toBe('clear');
    expect(s.evidence).toMatchObject({ below: 1, of: 3 });
    expect(s.confidence).toBeCloseTo(0.25, 12);
  });

  it('treats 57 of 100 as exactly 57%, not below a 57% threshold', () => {
    const s = attainmentBelow(
      series([
        [57, 100],
        [57, 100],
        [57, 100],
      ]),
      { ...twoOfThree, thresholdPct: 57 },
    );
    expect(s.status).toBe('clear');
    expect(s.evidence.below).toBe(0);
  });

  it('uses different targets per period', () => {
    // 45/50 = 90%, 120/200 = 60%, 30/40 = 75%
    const s = attainmentBelow(
      series([
        [45, 50],
        [120, 200],
        [30, 40],
      ]),
      twoOfThree,
    );
    expect(s.status).toBe('fired');
    expect((s.evidence.series as { attainmentPct: number }[]).map((p) => p.attainmentPct)).toEqual([90, 60, 75]);
  });

  it('does not judge periods without a positive target, or masked or empty ones', () => {
    const points: SeriesPoint[] = [
      { period: '2026-01-01', value: 100, target: 100 },
      { period: '2026-02-01', value: 0, target: 100, masked: true },
      { period: '2026-03-01', value: 0, target: 0 },
      { period: '2026-04-01', value: 0, target: null },
      { period: '2026-05-01', value: null, target: 100 },
      { period: '2026-06-01', value: 95, target: 100 },
      { period: '2026-07-01', value: 70, target: 100 },
    ];
    const s = attainmentBelow(points, twoOfThree);
    expect(s.status).toBe('clear');
    expect(s.evidence).toMatchObject({ below: 1, of: 3 });
    expect(s.evidence.excluded).toEqual([
      { period: '2026-02-01', reason: 'masked' },
      { period: '2026-05-01', reason: 'no_data' },
      { period: '2026-03-01', reason: 'no_target' },
      { period: '2026-04-01', reason: 'no_target' },
    ]);
  });

  it('is insufficient below minPeriods judged periods, or fewer than n', () => {
    const two = series([
      [10, 100],
      [10, 100],
    ]);
    expect(attainmentBelow(two, twoOfThree)).toMatchObject({ status: 'insufficient_data', confidence: 0 });
    expect(attainmentBelow(two, { ...twoOfThree, minPeriods: 2 }).status).toBe('fired');
    expect(attainmentBelow(two, { ...twoOfThree, minPeriods: 1, n: 3, m: 3 }).status).toBe('insufficient_data');
    expect(attainmentBelow([], twoOfThree)).toMatchObject({ status: 'insufficient_data', period: null });
  });

  it('scales confidence down when the window is not full', () => {
    const s = attainmentBelow(
      series([
        [40, 100],
        [40, 100],
      ]),
      { thresholdPct: 80, n: 2, m: 4, minPeriods: 2 },
    );
    // severity 40/80 = 0.5, data 2/4 → 0.5 + 0.5 × 0.25
    expect(s.confidence).toBeCloseTo(0.625, 12);
  });

  it('dates the onset to the first period of the current firing run', () => {
    // windows: Mar 60·60·60 fires, Apr 60·60·90 fires, May 60·90·90 and Jun 90·90·50 clear, Jul 90·50·50 fires
    const s = attainmentBelow(
      series([
        [60, 100],
        [60, 100],
        [60, 100],
        [90, 100],
        [90, 100],
        [50, 100],
        [50, 100],
      ]),
      twoOfThree,
    );
    expect(s).toMatchObject({ status: 'fired', onsetPeriod: '2026-07-01' });
  });
});
