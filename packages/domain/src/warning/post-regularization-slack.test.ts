import { describe, expect, it } from 'vitest';
import { addMonths } from '../probation';
import { postRegularizationSlack } from './post-regularization-slack';
import type { SeriesPoint } from './types';

const month = (i: number) => addMonths('2026-01-01', i);
const series = (values: (number | null)[]): SeriesPoint[] => values.map((value, i) => ({ period: month(i), value }));
/** Regularized in April 2026: Jan..Mar are probation. */
const rule = { regularizedAt: '2026-04-01', windowPeriods: 3, dropPct: 20, minProbationPeriods: 2 };

describe('postRegularizationSlack', () => {
  it('fires when the post window mean is 20%+ under the probation mean', () => {
    // probation 10, 12, 14 → 12; post 12, 9, 6 → 9: drop 25%
    const s = postRegularizationSlack(series([10, 12, 14, 12, 9, 6]), rule);
    expect(s).toMatchObject({ status: 'fired', period: '2026-06-01' });
    expect(s.evidence).toMatchObject({
      probationMean: 12,
      postMean: 9,
      dropPct: 25,
      probationPeriods: ['2026-01-01', '2026-02-01', '2026-03-01'],
      postPeriods: ['2026-04-01', '2026-05-01', '2026-06-01'],
    });
    // as of April 12 → 0%, May 10.5 → 12.5%, June 9 → 25%: onset June
    expect(s.onsetPeriod).toBe('2026-06-01');
    // severity (25 − 20) / 20, data 1 × 1
    expect(s.confidence).toBeCloseTo(0.5 + 0.5 * 0.25, 12);
  });

  it('is clear after a drop under the threshold, with closeness drop / threshold', () => {
    const s = postRegularizationSlack(series([10, 12, 14, 12, 10.5]), rule);
    expect(s.status).toBe('clear');
    expect(s.evidence.dropPct).toBeCloseTo(6.25, 12);
    expect(s.confidence).toBeCloseTo(0.5 * (6.25 / 20), 12);
  });

  it('compares the latest post months and the last probation months only', () => {
    // probation window Feb..Apr (3 points before May); post window = last 3 of May..Sep
    const s = postRegularizationSlack(series([100, 10, 10, 10, 10, 10, 8, 8, 8]), {
      ...rule,
      regularizedAt: '2026-05-01',
    });
    expect(s.evidence).toMatchObject({
      probationMean: 10,
      postMean: 8,
      probationPeriods: ['2026-02-01', '2026-03-01', '2026-04-01'],
      postPeriods: ['2026-07-01', '2026-08-01', '2026-09-01'],
    });
    expect(s).toMatchObject({ status: 'fired', onsetPeriod: '2026-09-01' });
    expect(s.evidence.excluded).toEqual([
      { period: '2026-01-01', reason: 'before_probation_window' },
      { period: '2026-05-01', reason: 'before_post_window' },
      { period: '2026-06-01', reason: 'before_post_window' },
    ]);
  });

  it('does not count a masked post month as a drop', () => {
    const points: SeriesPoint[] = [
      ...series([10, 10, 10]),
      { period: '2026-04-01', value: 0, masked: true },
      { period: '2026-05-01', value: 10 },
    ];
    const s = postRegularizationSlack(points, rule);
    expect(s).toMatchObject({ status: 'clear', period: '2026-05-01' });
    expect(s.evidence).toMatchObject({ postMean: 10, postPeriods: ['2026-05-01'] });
  });

  it('is insufficient with a short probation, no post months, or no probation level', () => {
    expect(postRegularizationSlack(series([null, null, 10, 5]), rule)).toMatchObject({
      status: 'insufficient_data',
      confidence: 0,
      evidence: { reason: 'SHORT_PROBATION' },
    });
    expect(postRegularizationSlack(series([10, 10, 10]), rule).evidence.reason).toBe('NO_POST_PERIODS');
    expect(postRegularizationSlack(series([0, 0, 0, 0]), rule).evidence.reason).toBe('NO_PROBATION_LEVEL');
    expect(postRegularizationSlack([], rule).status).toBe('insufficient_data');
  });
});
