import { describe, expect, it } from 'vitest';
import { addMonths } from '../probation';
import { belowCohort } from './below-cohort';
import type { SeriesPoint } from './types';

const month = (i: number) => addMonths('2026-01-01', i);
const series = (values: (number | null)[]): SeriesPoint[] => values.map((value, i) => ({ period: month(i), value }));
/** The same peers for every month: median 12, MAD 1. */
const peers = [10, 11, 12, 13, 14];
const sameCohort = (months: number) => Object.fromEntries(Array.from({ length: months }, (_, i) => [month(i), peers]));

const zRule = {
  method: 'robust_z' as const,
  zThreshold: -1.5,
  percentile: 10,
  minCohortSize: 5,
  persistenceN: 2,
  persistenceM: 3,
  minPeriods: 3,
};

describe('belowCohort (robust z)', () => {
  it('fires when 2 of the last 3 months are at z ≤ −1.5', () => {
    // 9 → z = −3 / 1.4826 = −2.0235 (below); 11 → −0.6745 (not)
    const s = belowCohort(series([12, 9, 11, 9]), sameCohort(4), zRule);
    expect(s).toMatchObject({ status: 'fired', onsetPeriod: '2026-04-01', period: '2026-04-01' });
    expect(s.evidence).toMatchObject({ below: 2, of: 3, method: 'robust_z', threshold: -1.5 });
    const rows = s.evidence.series as {
      z: number;
      median: number;
      mad: number;
      cohortSize: number;
      percentile: number;
    }[];
    expect(rows[1]).toMatchObject({ median: 12, mad: 1, cohortSize: 5, percentile: 0, below: true });
    expect(rows[1].z).toBeCloseTo(-2.02347, 4);
    expect(rows[2]).toMatchObject({ percentile: 30, below: false });
    // severity: (−1.5 − (−2.0235)) / 1.5 = 0.349 for both; data: 3/3 × min(1, 5 / 10) = 0.5
    const sev = (-1.5 + 3 / 1.4826) / 1.5;
    expect(s.confidence).toBeCloseTo(0.5 + 0.5 * sev * 0.5, 12);
  });

  it('is clear with a single low month', () => {
    const s = belowCohort(series([12, 12, 9]), sameCohort(3), zRule);
    expect(s.status).toBe('clear');
    expect(s.confidence).toBeCloseTo(0.25, 12);
  });

  it('does not judge months with too small a cohort', () => {
    const cohorts = { ...sameCohort(4), [month(2)]: [10, 11, 12] };
    // March has only 3 peers: the months judged are Jan, Feb, Apr → 12, 9, 9 → fires
    const s = belowCohort(series([12, 9, 12, 9]), cohorts, zRule);
    expect(s.status).toBe('fired');
    expect(s.evidence.excluded).toEqual([{ period: '2026-03-01', reason: 'small_cohort' }]);
    // without cohorts at all nothing is judged
    expect(belowCohort(series([1, 1, 1]), {}, zRule).status).toBe('insufficient_data');
  });

  it('counts a person under a spread-less cohort as below (z undefined)', () => {
    const flat = Object.fromEntries([0, 1, 2].map((i) => [month(i), [5, 5, 5, 5, 5]]));
    const s = belowCohort(series([4, 4, 5]), flat, zRule);
    expect(s.status).toBe('fired');
    expect((s.evidence.series as { z: number | null }[]).map((r) => r.z)).toEqual([null, null, null]);
    expect(belowCohort(series([5, 5, 5]), flat, zRule).status).toBe('clear');
  });

  it('skips masked months even when their value is far below', () => {
    const points: SeriesPoint[] = [
      { period: month(0), value: 12 },
      { period: month(1), value: 0, masked: true },
      { period: month(2), value: 0, masked: true },
      { period: month(3), value: 12 },
      { period: month(4), value: 9 },
    ];
    expect(belowCohort(points, sameCohort(5), zRule).status).toBe('clear');
  });

  it('needs minPeriods judged months', () => {
    expect(belowCohort(series([9, 9]), sameCohort(2), zRule)).toMatchObject({
      status: 'insufficient_data',
      confidence: 0,
    });
    expect(belowCohort(series([9, 9, null]), sameCohort(3), zRule).status).toBe('insufficient_data');
  });
});

describe('belowCohort (percentile)', () => {
  const pRule = { ...zRule, method: 'percentile' as const };
  it('fires when the rank is ≤ the 10th percentile in 2 of 3 months', () => {
    // 10 → (0 + ½) / 5 = 10th percentile (below, inclusive); 10.5 → 20th
    const s = belowCohort(series([10, 10.5, 10]), sameCohort(3), pRule);
    expect(s.status).toBe('fired');
    expect((s.evidence.series as { percentile: number }[]).map((r) => r.percentile)).toEqual([10, 20, 10]);
    expect(s.evidence).toMatchObject({ below: 2, of: 3, method: 'percentile', threshold: 10 });
    // severity 0 (exactly at 10) → 0.5
    expect(s.confidence).toBe(0.5);
  });

  it('is clear above the percentile', () => {
    expect(belowCohort(series([10.5, 10.5, 10]), sameCohort(3), pRule).status).toBe('clear');
  });
});
