import { describe, expect, it } from 'vitest';
import { percentileRank, robustZ, shrinkRate } from './cohort-stats';

describe('robustZ', () => {
  it('uses the median and 1.4826 × MAD, ignoring an outlier', () => {
    // median 3; |deviations| 2, 1, 0, 1, 97 → MAD 1
    const r = robustZ(1, [1, 2, 3, 4, 100]);
    expect(r).toMatchObject({ median: 3, mad: 1, n: 5 });
    expect(r.z).toBeCloseTo(-2 / 1.4826, 12);
    expect(r.z).toBeCloseTo(-1.34898, 4);
  });

  it('takes the mean of the two middle values for an even cohort', () => {
    // median 2.5; |deviations| 1.5, 0.5, 0.5, 1.5 → MAD 1
    const r = robustZ(5.5, [4, 1, 3, 2]);
    expect(r).toMatchObject({ median: 2.5, mad: 1, n: 4 });
    expect(r.z).toBeCloseTo(3 / 1.4826, 12);
  });

  it('falls back to 1.2533 × the mean absolute deviation when the MAD is 0', () => {
    // median 5; |deviations| 0, 0, 0, 0, 4 → MAD 0, mean AD 0.8
    const r = robustZ(3, [5, 5, 5, 5, 9]);
    expect(r.mad).toBe(0);
    expect(r.z).toBeCloseTo(-2 / (1.2533 * 0.8), 12);
    expect(r.z).toBeCloseTo(-1.99473, 4);
  });

  it('is null when every peer has the same value, or there are no peers', () => {
    expect(robustZ(3, [5, 5, 5])).toEqual({ z: null, median: 5, mad: 0, n: 3 });
    const empty = robustZ(3, []);
    expect(empty.z).toBeNull();
    expect(empty.n).toBe(0);
    expect(empty.median).toBeNaN();
  });

  it('ignores non-finite peer values', () => {
    expect(robustZ(1, [1, 2, 3, 4, 100, Number.NaN, Number.POSITIVE_INFINITY])).toMatchObject({ median: 3, n: 5 });
  });
});

describe('percentileRank', () => {
  it('counts peers below plus half the ties, over the peers', () => {
    // below 2 (1, 2), equal 2 → (2 + 1) / 5
    expect(percentileRank(3, [1, 2, 3, 3, 5])).toBe(60);
    expect(percentileRank(0, [1, 2])).toBe(0);
    expect(percentileRank(10, [1, 2])).toBe(100);
    expect(percentileRank(2, [2])).toBe(50);
    expect(percentileRank(1.5, [1, 2, 3, 4])).toBe(25);
  });

  it('is NaN without peers', () => {
    expect(percentileRank(1, [])).toBeNaN();
  });
});

describe('shrinkRate', () => {
  it('pulls a small sample toward the prior a / (a + b)', () => {
    expect(shrinkRate(3, 10, 2, 8)).toBe(0.25);
    expect(shrinkRate(2, 3, 3, 7)).toBeCloseTo(5 / 13, 12);
    expect(shrinkRate(0, 0, 3, 7)).toBeCloseTo(0.3, 12);
    // many trials: close to the raw rate
    expect(shrinkRate(600, 1000, 3, 7)).toBeCloseTo(603 / 1010, 12);
  });
});
