import { describe, expect, it } from 'vitest';
import { addDays } from '../probation';
import { evaluateAsOf } from './evaluate-as-of';
import { type EwmaCusumEvidencePoint, type EwmaCusumParams, ewmaCusum } from './ewma-cusum';
import type { SeriesPoint } from './types';

/** ISO week starts from Monday 2026-01-05. */
const week = (i: number) => addDays('2026-01-05', 7 * i);
const series = (values: (number | null)[]): SeriesPoint[] => values.map((value, i) => ({ period: week(i), value }));

/** Mean 10, sample sd exactly 2 (squared deviations 9+9+4+4+1+1+0+0 = 28 = 7 × 4). */
const BASELINE = [13, 7, 12, 8, 11, 9, 10, 10];
const domain: EwmaCusumParams = {
  lambda: 0.2,
  L: 3,
  k: 0.5,
  h: 4,
  baselinePeriods: 8,
  headStart: false,
  minPeriods: 9,
};
const monitor = (s: ReturnType<typeof ewmaCusum>) =>
  (s.evidence.series as EwmaCusumEvidencePoint[]).filter((p) => p.phase === 'monitor');

describe('ewmaCusum', () => {
  it('standardizes against the baseline and follows the hand-computed EWMA and CUSUM (λ 0.2, L 3, k 0.5, h 4)', () => {
    // drop to 6 → x = (6 − 10) / 2 = −2 each week
    const s = ewmaCusum(series([...BASELINE, 6, 6, 6]), domain);
    expect(s.evidence).toMatchObject({ baselineMean: 10, baselineSd: 2, baselineRawSd: 2, h: 4 });
    const m = monitor(s);
    expect(m.map((p) => p.standardized)).toEqual([-2, -2, -2]);
    // z: −0.4, −0.72, −0.976; σ_z: √(1/9 × (1 − 0.8^2t)) = 0.2, 0.256125, 0.286329
    expect(m[0].ewma).toBeCloseTo(-0.4, 12);
    expect(m[1].ewma).toBeCloseTo(-0.72, 12);
    expect(m[2].ewma).toBeCloseTo(-0.976, 12);
    expect(m[0].ewmaLimit).toBeCloseTo(-0.6, 12);
    expect(m[1].ewmaLimit).toBeCloseTo(-3 * Math.sqrt(0.0656), 12);
    expect(m[2].ewmaLimit).toBeCloseTo(-3 * Math.sqrt((1 - 0.8 ** 6) / 9), 12);
    expect(m.map((p) => p.ewmaBreach)).toEqual([false, false, true]);
    // C: 0 + 2 − 0.5 = 1.5, 3, 4.5 > 4
    expect(m.map((p) => p.cusum)).toEqual([1.5, 3, 4.5]);
    expect(m.map((p) => p.cusumSignal)).toEqual([false, false, true]);

    expect(s).toMatchObject({ status: 'fired', period: week(10) });
    // CUSUM has been > 0 since the first monitored week; the EWMA breached at the third
    expect(s.onsetPeriod).toBe(week(8));
    expect(s.evidence).toMatchObject({ trigger: 'both', dropPct: 40 });
    // severity max((−0.859 + 0.976) / 0.859, (4.5 − 4) / 4) = 0.1363; baseline 8/8
    const limit = -3 * Math.sqrt((1 - 0.8 ** 6) / 9);
    expect(s.confidence).toBeCloseTo(0.5 + 0.5 * ((limit + 0.976) / -limit), 12);
  });

  it('is clear one week earlier (no lookahead), with closeness from the CUSUM', () => {
    const s = evaluateAsOf(series([...BASELINE, 6, 6, 6]), week(9), (pts) => ewmaCusum(pts, domain));
    expect(s).toMatchObject({ status: 'clear', onsetPeriod: null, period: week(9) });
    expect(s.evidence.trigger).toBeNull();
    // closeness max(−0.72 / −0.768, 3 / 4) = 0.9372
    expect(s.confidence).toBeCloseTo(0.5 * (0.72 / (3 * Math.sqrt(0.0656))), 12);
  });

  it('with h = 5 only the EWMA signals at week 3, and the onset is its first breach', () => {
    const s = ewmaCusum(series([...BASELINE, 6, 6, 6]), { ...domain, h: 5 });
    expect(s).toMatchObject({ status: 'fired', onsetPeriod: week(10) });
    expect(s.evidence).toMatchObject({ trigger: 'ewma', dropPct: 40, h: 5 });
  });

  it('with a head start the CUSUM begins at h/2 and signals a week sooner', () => {
    const s = ewmaCusum(series([...BASELINE, 6, 6]), { ...domain, headStart: true });
    // C: 2 + 1.5 = 3.5, 5 > 4; EWMA not yet breached
    expect(monitor(s).map((p) => p.cusum)).toEqual([3.5, 5]);
    expect(s).toMatchObject({ status: 'fired', onsetPeriod: week(8) });
    expect(s.evidence.trigger).toBe('cusum');
    expect(ewmaCusum(series([...BASELINE, 6, 6]), domain).status).toBe('clear');
  });

  it('clears when activity recovers', () => {
    // x = +2 at week 4: C = max(0, 4.5 − 2 − 0.5) = 2; z = 0.4 + 0.8 × −0.976 = −0.3808 above −0.912
    const s = ewmaCusum(series([...BASELINE, 6, 6, 6, 14]), domain);
    expect(s.status).toBe('clear');
    expect(monitor(s)[3].cusum).toBeCloseTo(2, 12);
    expect(monitor(s)[3].ewma).toBeCloseTo(-0.3808, 12);
  });

  it('skips masked and empty weeks: statistics carry over and t does not advance', () => {
    const points: SeriesPoint[] = [
      ...series([...BASELINE, 6]),
      { period: week(9), value: 0, masked: true },
      { period: week(10), value: null },
      { period: week(11), value: 6 },
      { period: week(12), value: 6 },
    ];
    const s = ewmaCusum(points, domain);
    const m = monitor(s);
    expect(m.map((p) => p.period)).toEqual([week(8), week(11), week(12)]);
    expect(m.map((p) => p.cusum)).toEqual([1.5, 3, 4.5]);
    expect(m[2].ewmaLimit).toBeCloseTo(-3 * Math.sqrt((1 - 0.8 ** 6) / 9), 12);
    expect(s.evidence.excluded).toEqual([
      { period: week(9), reason: 'masked' },
      { period: week(10), reason: 'no_data' },
    ]);
    // a masked week at 0 alone never fires
    const leave = ewmaCusum(
      [...series([...BASELINE, 10]), { period: week(9), value: 0, masked: true }, { period: week(10), value: 10 }],
      domain,
    );
    expect(leave.status).toBe('clear');
  });

  it('puts the baseline up to and including headStartAt and monitors after it', () => {
    const values = [50, 50, ...BASELINE, 6, 6];
    const s = ewmaCusum(series(values), { ...domain, headStart: true, headStartAt: week(9) });
    expect(s.evidence).toMatchObject({ baselineMean: 10, baselineSd: 2, monitoringStart: week(10) });
    expect(s.evidence.excluded).toEqual([
      { period: week(0), reason: 'before_baseline' },
      { period: week(1), reason: 'before_baseline' },
    ]);
    expect(s).toMatchObject({ status: 'fired', onsetPeriod: week(10) });
    // headStartAt need not be a period of the series
    const between = ewmaCusum(series(values), { ...domain, headStart: true, headStartAt: addDays(week(9), 3) });
    expect(between.evidence.monitoringStart).toBe(week(10));
  });

  it('does not signal at exactly h or exactly on the EWMA limit, in any unit', () => {
    const scales = [1, 0.01, 0.07, 0.13, 0.7, 1.7, 2.9, 13];
    for (const c of scales) {
      // x = −2.5 twice: C = 2, then exactly 4 = h (EWMA limit widened out of the way)
      const atH = ewmaCusum(series([...BASELINE, 5, 5].map((v) => v * c)), { ...domain, L: 10 });
      expect(atH.status).toBe('clear');
      expect(monitor(atH)[1].cusum).toBeCloseTo(4, 12);
      // x = −3 at t = 1: z = −0.6 and σ_z(1) = λ = 0.2, so exactly on −3σ (CUSUM out of the way)
      const atLimit = ewmaCusum(series([...BASELINE, 4].map((v) => v * c)), { ...domain, h: 100 });
      expect(atLimit.status).toBe('clear');
      expect(monitor(atLimit)[0].ewma).toBeCloseTo(-0.6, 12);
      expect(monitor(atLimit)[0].ewmaLimit).toBeCloseTo(-0.6, 12);
    }
  });

  it('floors the sd at 10% of the baseline mean', () => {
    const s = ewmaCusum(series([10, 10, 10, 10, 10, 10, 10, 10, 9]), domain);
    expect(s.evidence).toMatchObject({ baselineMean: 10, baselineSd: 1, baselineRawSd: 0 });
    expect(monitor(s)[0].standardized).toBe(-1);
    expect(s.status).toBe('clear');
    // an all-zero baseline does not divide by zero
    const zero = ewmaCusum(series([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), domain);
    expect(zero.status).toBe('clear');
    expect(zero.evidence.baselineSd).toBe(1e-9);
  });

  it('is insufficient below minPeriods, with a short baseline, or with nothing to monitor', () => {
    expect(ewmaCusum(series(BASELINE), domain)).toMatchObject({ status: 'insufficient_data', confidence: 0 });
    expect(ewmaCusum(series(BASELINE), { ...domain, minPeriods: 4 }).evidence.reason).toBe('NOTHING_MONITORED');
    const short = ewmaCusum(series([10, 10, 10, 2, 2, 2, 2, 2, 2, 2]), { ...domain, headStartAt: week(2) });
    expect(short.evidence.reason).toBe('SHORT_BASELINE');
    expect(ewmaCusum([], domain)).toMatchObject({ status: 'insufficient_data', period: null });
    expect(ewmaCusum(series([null, null]), { ...domain, minPeriods: 0 }).status).toBe('insufficient_data');
  });
});
