import { describe, expect, it } from 'vitest';
import { addMonths } from '../probation';
import { consecutiveDecline } from './consecutive-decline';
import { evaluateAsOf } from './evaluate-as-of';
import type { SeriesPoint } from './types';

const month = (i: number) => addMonths('2025-01-01', i);
const series = (values: (number | null)[]): SeriesPoint[] => values.map((value, i) => ({ period: month(i), value }));
const rule = { periods: 3, minDropPct: 15, minPeriods: 4 };

describe('evaluateAsOf', () => {
  it('passes only the points up to and including the period', () => {
    let seen: string[] = [];
    evaluateAsOf(series([1, 2, 3, 4]), month(2), (pts) => {
      seen = pts.map((p) => p.period);
      return consecutiveDecline(pts, rule);
    });
    expect(seen).toEqual([month(0), month(1), month(2)]);
  });

  it('back-tests without lookahead: a later decline is not seen earlier', () => {
    const points = series([100, 100, 100, 100, 90, 80, 70]);
    expect(consecutiveDecline(points, rule).status).toBe('fired');
    const monthly = Array.from({ length: 7 }, (_, i) =>
      evaluateAsOf(points, month(i), (p) => consecutiveDecline(p, rule)),
    );
    expect(monthly.map((s) => s.status)).toEqual([
      'insufficient_data',
      'insufficient_data',
      'insufficient_data',
      'clear',
      'clear',
      'clear',
      'fired',
    ]);
    expect(monthly.map((s) => s.period)).toEqual([
      month(0),
      month(1),
      month(2),
      month(3),
      month(4),
      month(5),
      month(6),
    ]);
  });

  it('drops later points wherever they sit in the array', () => {
    const shuffled = [...series([100, 90, 80, 70]), { period: month(-1), value: 200 }];
    const s = evaluateAsOf(shuffled, month(0), (pts) =>
      consecutiveDecline(pts, { ...rule, minPeriods: 0, periods: 1 }),
    );
    expect(s.evidence.series).toHaveLength(2);
  });
});
