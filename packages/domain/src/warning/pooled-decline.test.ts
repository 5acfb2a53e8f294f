import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  noiseCvFromPeers,
  type PooledDeclineParams,
  type PooledIndicator,
  pooledDecline,
  rampFromPeers,
} from './pooled-decline';
import type { SeriesPoint } from './types';

const months = (n: number, from = '2025-01-01') =>
  Array.from({ length: n }, (_, i) => {
    const d = new Date(`${from}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + i);
    return d.toISOString().slice(0, 10);
  });
const series = (values: (number | null)[], masked: number[] = []): SeriesPoint[] =>
  months(values.length).map((period, i) => ({ period, value: values[i], masked: masked.includes(i) }));
const ind = (key: string, values: (number | null)[], noiseCv: number | null = 0.1, masked: number[] = []) =>
  ({ key, points: series(values, masked), noiseCv }) satisfies PooledIndicator;
const params: PooledDeclineParams = {
  baselinePeriods: 6,
  minBaselinePeriods: 1,
  k: 0.5,
  h: 1.5,
  window: 3,
  minDropPct: 20,
  minPeriods: 3,
};

describe('pooledDecline', () => {
  it('fires on a drop shared by the indicators, with the onset, the shortfall and the evidence per indicator', () => {
    const calls = ind('calls', [1, 1, 1, 1, 1, 1, 0.7, 0.7]);
    const visits = ind('visits', [1, 1, 1, 1, 1, 1, 0.72, 0.68], 0.2);
    const s = pooledDecline([calls, visits], params);
    expect(s.status).toBe('fired');
    expect(s.onsetPeriod).toBe('2025-07-01');
    expect(s.period).toBe('2025-08-01');
    expect(s.evidence.dropPct as number).toBeCloseTo(29.6, 0);
    expect(s.evidence.onsetPeriod).toBe('2025-07-01');
    const last = (s.evidence.series as { indicators: { key: string; weight: number; baselineMean: number }[] }[]).at(
      -1,
    )!;
    // Weights 1/cv normalized: calls (cv 0.1) count twice as much as visits (cv 0.2).
    expect(last.indicators.map((i) => [i.key, Number(i.weight.toFixed(3))])).toEqual([
      ['calls', 0.667],
      ['visits', 0.333],
    ]);
    expect(last.indicators[0].baselineMean).toBe(1);
    expect(s.confidence).toBeGreaterThan(0.5);
  });

  it('stays clear when the level holds, and when a change signal comes without a real shortfall', () => {
    expect(pooledDecline([ind('calls', [1, 1.05, 0.95, 1, 1.02, 0.98, 1, 0.97])], params).status).toBe('clear');
    // A precise indicator (cv 2%) 12% down signals strongly, but 12% is not the 20% shortfall asked for.
    const small = pooledDecline([ind('calls', [1, 1, 1, 1, 1, 1, 0.88, 0.88], 0.02)], params);
    expect(small.status).toBe('clear');
    expect(small.evidence.dropPct as number).toBeCloseTo(12, 5);
    expect(
      pooledDecline([ind('calls', [1, 1, 1, 1, 1, 1, 0.88, 0.88], 0.02)], { ...params, minDropPct: 10 }).status,
    ).toBe('fired');
  });

  it('judges the baseline only from baselineFrom on (probation is a ramp-up, not the level)', () => {
    // A ramp in probation (0.6 → 0.9), then 1.0 from regularization, then a drop to 0.75.
    const values = [0.6, 0.75, 0.9, 1, 1, 1, 0.75, 0.75];
    const withFrom = pooledDecline([ind('calls', values)], { ...params, baselineFrom: '2025-04-01' });
    expect(withFrom.status).toBe('fired');
    expect(withFrom.evidence.baselineFrom).toBe('2025-04-01');
    const excluded = withFrom.evidence.excluded as { period: string; reason: string }[];
    expect(excluded.map((x) => x.period)).toEqual(['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01']);
    // Counting probation in, the level looks lower and the same months are no real shortfall.
    expect(pooledDecline([ind('calls', values)], { ...params, minDropPct: 20 }).status).toBe('clear');
  });

  it('completes a short own level with the last probation months, scaled by the ramp, and says so', () => {
    // Probation 0.6, 0.8, 0.9 (a ramp to 1.0), regularized 2025-04 at 1.0, a 25% drop from 2025-05 on.
    const values = [0.6, 0.8, 0.9, 1, 0.75, 0.75];
    const ramped = { ...ind('calls', values), ramp: [0.9, 0.8] };
    const at = { ...params, baselineFrom: '2025-04-01', probationPeriods: 2 };
    const s = pooledDecline([ramped], at);
    expect(s.status).toBe('fired');
    expect(s.onsetPeriod).toBe('2025-05-01');
    type Pt = {
      period: string;
      indicators: { baselineMean: number; levelPeriods: string[]; probationPeriods: string[] }[];
    };
    const first = (s.evidence.series as Pt[]).find((x) => x.period === '2025-05-01')!.indicators[0];
    // 0.8 / 0.8, 0.9 / 0.9 and the regularized month 1.0: three months of level at 1.0, two of them probation.
    expect(first.baselineMean).toBeCloseTo(1, 9);
    expect(first.levelPeriods).toEqual(['2025-02-01', '2025-03-01', '2025-04-01']);
    expect(first.probationPeriods).toEqual(['2025-02-01', '2025-03-01']);
    expect(s.evidence.levelPeriods).toEqual(['2025-02-01', '2025-03-01', '2025-04-01']);
    expect(s.evidence.levelProbationPeriods).toEqual(['2025-02-01', '2025-03-01']);
    expect(s.evidence.ramp).toEqual({ calls: [0.9, 0.8] });
    // Probation months are not judged themselves (before baselineFrom nothing is).
    expect((s.evidence.series as Pt[]).map((x) => x.period)).toEqual(['2025-04-01', '2025-05-01', '2025-06-01']);
    // Without probation the one regularized month is the whole level: the evidence says no probation month.
    const alone = pooledDecline([ramped], { ...at, probationPeriods: 0 });
    const aloneFirst = (alone.evidence.series as Pt[]).find((x) => x.period === '2025-05-01')!.indicators[0];
    expect(aloneFirst.levelPeriods).toEqual(['2025-04-01']);
    expect(aloneFirst.probationPeriods).toEqual([]);
    // No ramp known for the indicator (too few peers): probation is not used either.
    const unknown = pooledDecline([{ ...ind('calls', values), ramp: [null, null] }], at);
    expect((unknown.evidence.series as Pt[]).at(-1)!.indicators[0].probationPeriods).toEqual([]);
  });

  it('drops probation from the level once enough regularized months exist, and never reads a masked one', () => {
    const values = [0.5, 0.8, 1, 1, 1, 0.7];
    const ramped = { ...ind('calls', values, 0.1, [1]), ramp: [0.8, 0.8] };
    const s = pooledDecline([ramped], {
      ...params,
      baselinePeriods: 3,
      baselineFrom: '2025-03-01',
      probationPeriods: 2,
    });
    type Pt = { period: string; indicators: { levelPeriods: string[]; probationPeriods: string[] }[] };
    const byPeriod = new Map((s.evidence.series as Pt[]).map((x) => [x.period, x.indicators[0]]));
    // 2025-02 is masked: only 2025-01 of probation could count, and only while the level is short.
    expect(byPeriod.get('2025-04-01')?.probationPeriods).toEqual(['2025-01-01']);
    expect(byPeriod.get('2025-06-01')?.levelPeriods).toEqual(['2025-03-01', '2025-04-01', '2025-05-01']);
    expect(byPeriod.get('2025-06-01')?.probationPeriods).toEqual([]);
  });

  it('keeps the decline out of its own yardstick while it is judged, and lets an old excursion go', () => {
    const s = pooledDecline([ind('calls', [1, 1, 1, 1, 0.6, 0.6, 0.6])], params);
    const pts = s.evidence.series as {
      period: string;
      indicators: { baselineMean: number; baselinePeriods: number }[];
    }[];
    // The last judged month is compared with the four months before the drop, not with the drop itself.
    expect(pts.at(-1)!.indicators[0].baselineMean).toBe(1);
    expect(s.status).toBe('fired');
    // Long after, the yardstick has moved to the new level (window 3): a lasting new level is no running decline.
    const later = pooledDecline([ind('calls', [1, 1, 1, 1, ...Array(10).fill(0.6)])], params);
    expect(later.status).toBe('clear');
  });

  it('with changePoint, takes the onset where the decline starts: a chance dip before it neither dilutes the shortfall nor hides it', () => {
    // A 7% dip in 2025-07 (chance), then a real 22% drop from 2025-08 on.
    const values = [1, 1, 1, 1, 1, 1, 0.93, 0.78, 0.78];
    const running = pooledDecline([ind('calls', values)], params);
    // From the running excursion (it starts at the dip) the shortfall is 1 − (0.93 + 0.78 + 0.78) / 3 = 17%.
    expect(running.status).toBe('clear');
    expect(running.evidence.dropPct as number).toBeCloseTo(17, 0);
    const s = pooledDecline([ind('calls', values)], { ...params, changePoint: true });
    expect(s.status).toBe('fired');
    expect(s.onsetPeriod).toBe('2025-08-01');
    // The own level is the six months before the onset, the dip among them: (5 × 1 + 0.93) / 6.
    const level = (1 * 5 + 0.93) / 6;
    expect(s.evidence.dropPct as number).toBeCloseTo((1 - 0.78 / level) * 100, 9);
    type Pt = {
      period: string;
      cusum: number;
      signal: boolean;
      indicators: { baselineMean: number; levelPeriods: string[] }[];
    };
    const pts = s.evidence.series as Pt[];
    // The evidence shows the months from the onset as judged: against that level, the CUSUM summed from there.
    expect(pts.at(-1)!.indicators[0].baselineMean).toBeCloseTo(level, 12);
    expect(pts.at(-1)!.indicators[0].levelPeriods).toEqual(months(7).slice(1));
    expect(pts.at(-1)!.signal).toBe(true);
    expect(pts.at(-1)!.cusum).toBeGreaterThan(pts.at(-2)!.cusum);
    expect(s.evidence.levelPeriods).toEqual(months(7).slice(1));
    // Nothing to find: the same clear judgement either way; a steady level stays clear.
    const steady = [1, 1.05, 0.95, 1, 1.02, 0.98, 1, 0.97];
    expect(pooledDecline([ind('calls', steady)], { ...params, changePoint: true }).status).toBe('clear');
    // A lasting new level long after is no running decline with a change point either.
    const later = [1, 1, 1, 1, ...Array(10).fill(0.6)];
    expect(pooledDecline([ind('calls', later)], { ...params, changePoint: true }).status).toBe('clear');
  });

  it('skips masked periods (nothing is carried as a drop) and needs data before judging', () => {
    const masked = pooledDecline([ind('calls', [1, 1, 1, 1, 1, 1, 0, 0], 0.1, [6, 7])], params);
    expect(masked.status).toBe('insufficient_data');
    expect(masked.evidence.reason).toBe('SHORT_BASELINE');
    expect(pooledDecline([ind('calls', [1, 0.5])], params).evidence.reason).toBe('TOO_FEW_PERIODS');
    expect(pooledDecline([], params).status).toBe('insufficient_data');
  });

  it('is scale-free: yuan or ten-thousand yuan, the same judgement', () => {
    const a = pooledDecline([ind('revenue', [100, 110, 90, 100, 105, 95, 60, 65], null)], params);
    const b = pooledDecline([ind('revenue', [1, 1.1, 0.9, 1, 1.05, 0.95, 0.6, 0.65], null)], params);
    expect(a.status).toBe(b.status);
    expect(a.evidence.dropPct as number).toBeCloseTo(b.evidence.dropPct as number, 9);
  });
});

describe('noiseCvFromPeers', () => {
  it('is the robust period-to-period CV of the peers, unmoved by one peer whose level shifted', () => {
    const steady = [1, 1.1, 1, 1.1, 1, 1.1, 1, 1.1];
    const shifted = [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5];
    const cv = noiseCvFromPeers([series(steady), series(steady), series(shifted)]);
    // Each steady pair differs by 0.1 / 1.05; the one jump of the shifted peer is an outlier to the median.
    expect(cv).not.toBeNull();
    expect(cv as number).toBeCloseTo((1.4826 * (0.1 / 1.05)) / Math.SQRT2, 9);
    expect(noiseCvFromPeers([series([1, 1.1])])).toBeNull();
  });
});

describe('rampFromPeers', () => {
  it('is the median over peers of each last probation period against their regularized level', () => {
    const peer = (values: (number | null)[], reg: string, masked: number[] = []) => ({
      points: series(values, masked),
      regularizedAt: reg,
    });
    const peers = [
      peer([0.6, 0.8, 1, 1, 1], '2025-03-01'),
      peer([0.7, 0.9, 1, 1, 1], '2025-03-01'),
      peer([1.2, 1.8, 2, 2, 2], '2025-03-01'),
      // Regularized one month later: its last probation month is 2025-03.
      peer([0.4, 0.6, 0.95, 1, 1, 1], '2025-04-01'),
      // Too few regularized months to know the level (3 needed): not counted.
      peer([0.1, 0.1, 1, 1], '2025-03-01'),
    ];
    const r = rampFromPeers(peers, 2, { minPeers: 3 });
    expect(r[0]).toBeCloseTo(0.9, 9); // 0.8, 0.9, 0.9, 0.95
    expect(r[1]).toBeCloseTo(0.6, 9); // 0.6, 0.7, 0.6, 0.6
    // Fewer peers than asked for: unknown.
    expect(rampFromPeers(peers.slice(0, 2), 2, { minPeers: 3 })).toEqual([null, null]);
    // A masked probation month of a peer is left out, not read as a ramp.
    const masked = rampFromPeers([peer([0.6, 0.8, 1, 1, 1], '2025-03-01', [1])], 2, { minPeers: 1 });
    expect(masked[0]).toBeNull();
    expect(masked[1]).toBeCloseTo(0.6, 9);
  });
});

describe('pooledDecline properties', () => {
  const values = fc.array(fc.oneof(fc.double({ min: 0.05, max: 10, noNaN: true }), fc.constant(null)), {
    minLength: 1,
    maxLength: 18,
  });
  it('judges the same after scaling an indicator (yuan or ten-thousand yuan) and after adding later periods it never saw', () => {
    fc.assert(
      fc.property(values, values, fc.double({ min: 0.01, max: 1000, noNaN: true }), (a, visits, c) => {
        const b = a.map((_, i) => visits[i] ?? null);
        const one = pooledDecline([ind('calls', a, 0.15), ind('visits', b, null)], params);
        const scaled = pooledDecline(
          [
            ind(
              'calls',
              a.map((v) => (v === null ? null : v * c)),
              0.15,
            ),
            ind('visits', b, null),
          ],
          params,
        );
        expect(scaled.status).toBe(one.status);
        expect(scaled.onsetPeriod).toBe(one.onsetPeriod);
        // No lookahead: the judgement of a period is the same whatever follows it.
        const upTo = a.length - 1;
        const longer = pooledDecline(
          [ind('calls', [...a, 0.1, 0.1], 0.15), ind('visits', [...b, 0.1, 0.1], null)],
          params,
        );
        const judgedAt = (s: typeof longer, period: string) =>
          (s.evidence.series as { period: string; score: number }[]).find((x) => x.period === period)?.score;
        const last = months(upTo + 1).at(-1)!;
        expect(judgedAt(longer, last)).toBe(judgedAt(one, last));
        expect(one.confidence).toBeGreaterThanOrEqual(0);
        expect(one.confidence).toBeLessThanOrEqual(1);
        // The same with the onset as a change point: scale-free, the confidence within [0, 1].
        const cp = { ...params, changePoint: true };
        const oneCp = pooledDecline([ind('calls', a, 0.15), ind('visits', b, null)], cp);
        const scaledCp = pooledDecline(
          [
            ind(
              'calls',
              a.map((v) => (v === null ? null : v * c)),
              0.15,
            ),
            ind('visits', b, null),
          ],
          cp,
        );
        expect(scaledCp.status).toBe(oneCp.status);
        expect(scaledCp.onsetPeriod).toBe(oneCp.onsetPeriod);
        expect(oneCp.confidence).toBeGreaterThanOrEqual(0);
        expect(oneCp.confidence).toBeLessThanOrEqual(1);
      }),
    );
  });
});
