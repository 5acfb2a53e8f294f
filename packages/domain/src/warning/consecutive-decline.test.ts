import { describe, expect, it } from 'vitest';
import { addMonths } from '../probation';
import { consecutiveDecline } from './consecutive-decline';
import type { SeriesPoint } from './types';

const month = (i: number) => addMonths('2026-01-01', i);
/** Monthly points from January 2026; a number is a value, null is no data, 'm' + value is masked. */
const series = (values: (number | null | { masked: number })[]): SeriesPoint[] =>
  values.map((v, i) =>
    v !== null && typeof v === 'object'
      ? { period: month(i), value: v.masked, masked: true }
      : { period: month(i), value: v },
  );

const defaults = { periods: 3, minDropPct: 15, minPeriods: 4 };

describe('consecutiveDecline', () => {
  it('fires on three decreases totalling 20% (100 → 95 → 90 → 80)', () => {
    const s = consecutiveDecline(series([100, 95, 90, 80]), defaults);
    expect(s.status).toBe('fired');
    expect(s.onsetPeriod).toBe('2026-04-01');
    expect(s.period).toBe('2026-04-01');
    expect(s.evidence).toMatchObject({ startValue: 100, endValue: 80, dropPct: 20, transitions: 3 });
    // severity (20 − 15) / 15 = 1/3, data 4 / 8 = 1/2 → 0.5 + 0.5 × 1/6
    expect(s.confidence).toBeCloseTo(0.5 + 0.5 / 6, 12);
  });

  it('measures the drop from where a longer slide began, and dates the onset to when it first held', () => {
    // run of 3 at Apr: 100 → 94 is 6% (< 10); run of 4 at May: 100 → 85 is 15%
    const s = consecutiveDecline(series([100, 98, 96, 94, 85]), { ...defaults, minDropPct: 10 });
    expect(s).toMatchObject({ status: 'fired', onsetPeriod: '2026-05-01' });
    expect(s.evidence).toMatchObject({ startValue: 100, endValue: 85, transitions: 4 });
    expect(s.evidence.dropPct).toBeCloseTo(15, 12);
    // with a 5% threshold it already held at Apr and still holds at May
    expect(consecutiveDecline(series([100, 98, 96, 94, 85]), { ...defaults, minDropPct: 5 }).onsetPeriod).toBe(
      '2026-04-01',
    );
  });

  it('stays clear when the drop is too small or a transition is flat or up', () => {
    const small = consecutiveDecline(series([100, 99, 98, 97]), defaults);
    expect(small.status).toBe('clear');
    expect(small.evidence).toMatchObject({ transitions: 3, dropPct: 3 });
    // closeness min(3/3, 3/15) = 0.2 → 0.1
    expect(small.confidence).toBeCloseTo(0.1, 12);
    const flat = consecutiveDecline(series([100, 90, 90, 60]), defaults);
    expect(flat.status).toBe('clear');
    expect(flat.evidence).toMatchObject({ transitions: 1, startValue: 90, endValue: 60 });
    expect(consecutiveDecline(series([100, 80, 90, 70, 50]), defaults).status).toBe('clear');
  });

  it('fires exactly at the threshold (a 15% drop computed in floating point)', () => {
    // 0.3 − 0.255 = 0.045000000000000005: still 15% within tolerance
    expect(consecutiveDecline(series([0.3, 0.29, 0.28, 0.255]), defaults).status).toBe('fired');
  });

  it('skips masked and empty periods: they neither break a run nor create one', () => {
    const through = consecutiveDecline(series([100, 95, { masked: 500 }, 90, null, 80]), defaults);
    expect(through).toMatchObject({ status: 'fired', period: '2026-06-01', onsetPeriod: '2026-06-01' });
    expect(through.evidence.excluded).toEqual([
      { period: '2026-03-01', reason: 'masked' },
      { period: '2026-05-01', reason: 'no_data' },
    ]);
    // a leave month at 0 between steady months is not a drop
    const leave = consecutiveDecline(series([100, 100, { masked: 0 }, { masked: 0 }, 100, 100]), defaults);
    expect(leave.status).toBe('clear');
    expect(leave.evidence.transitions).toBe(0);
  });

  it('needs max(minPeriods, periods + 1) judged points', () => {
    const short = consecutiveDecline(series([100, 90, 80]), defaults);
    expect(short).toMatchObject({ status: 'insufficient_data', confidence: 0, period: '2026-03-01' });
    expect(short.evidence.reason).toBe('TOO_FEW_PERIODS');
    expect(consecutiveDecline(series([100, 90, 80, 70]), { ...defaults, minPeriods: 5 }).status).toBe(
      'insufficient_data',
    );
    expect(consecutiveDecline(series([100, 90, 80, null, { masked: 1 }]), defaults).status).toBe('insufficient_data');
    expect(consecutiveDecline([], defaults)).toMatchObject({ status: 'insufficient_data', period: null });
  });

  it('never fires on a run that starts at or below zero (no percentage exists)', () => {
    const s = consecutiveDecline(series([0, -1, -2, -3]), defaults);
    expect(s.status).toBe('clear');
    expect(s.evidence.dropPct).toBeNull();
  });

  it('reports per-point changes for the chart', () => {
    const s = consecutiveDecline(series([100, 95, 90, 80]), defaults);
    expect(s.evidence.series).toEqual([
      { period: '2026-01-01', value: 100, change: null, run: 0, dropPct: 0 },
      { period: '2026-02-01', value: 95, change: -5, run: 1, dropPct: 5 },
      { period: '2026-03-01', value: 90, change: -5, run: 2, dropPct: 10 },
      { period: '2026-04-01', value: 80, change: -10, run: 3, dropPct: 20 },
    ]);
  });
});
