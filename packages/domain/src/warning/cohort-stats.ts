import { median } from './series';

/** Scale factor making the MAD a consistent estimator of the standard deviation for normal data. */
export const MAD_SCALE = 1.4826;
/** Scale factor making the mean absolute deviation a consistent estimator of the sd (√(π/2)). */
export const MEAN_AD_SCALE = 1.2533;

export interface RobustZ {
  /** (x − median) / scale; null when the cohort has no spread at all (or is empty). */
  z: number | null;
  /** Cohort median; NaN for an empty cohort. */
  median: number;
  /** Median absolute deviation from the median (unscaled); NaN for an empty cohort. */
  mad: number;
  /** Cohort values used (finite ones). */
  n: number;
}

function finite(cohort: readonly number[]): number[] {
  return cohort.filter((v) => typeof v === 'number' && Number.isFinite(v));
}

/**
 * Robust z-score of x against a cohort (DOMAIN.md §3): z = (x − median) / (1.4826 × MAD), MAD being the
 * median of |value − median|. Median and MAD ignore outliers, so one star seller does not make everyone
 * else look average.
 *
 * Fallback: when more than half the cohort shares one value the MAD is 0 (common for counts such as
 * "0 new customers"); then the scale is 1.2533 × the mean absolute deviation from the median, which is
 * non-zero as soon as anybody differs. When that is 0 too (every peer has the same value) the z-score is
 * undefined and z is null. Non-finite cohort values are ignored; an empty cohort gives z null and NaN
 * median/mad.
 */
export function robustZ(x: number, cohort: readonly number[]): RobustZ {
  const values = finite(cohort);
  const n = values.length;
  if (n === 0) return { z: null, median: Number.NaN, mad: Number.NaN, n };
  const med = median(values);
  const deviations = values.map((v) => Math.abs(v - med));
  const mad = median(deviations);
  let scale = MAD_SCALE * mad;
  if (scale === 0) {
    const meanAd = deviations.reduce((a, b) => a + b, 0) / n;
    scale = MEAN_AD_SCALE * meanAd;
  }
  return { z: scale > 0 && Number.isFinite(x) ? (x - med) / scale : null, median: med, mad, n };
}

/**
 * Percentile rank of x among peers who exclude the person, 0..100: (peers below + ½ × peers equal) /
 * peers × 100 (mid-rank for ties). It equals the (midrank − 1) / (n − 1) × 100 of scoring's percentile
 * rule once the person is added to the cohort, so the two never disagree. Lowest → 0, highest → 100.
 * Non-finite peers are ignored; NaN when there are no peers (no rank exists).
 */
export function percentileRank(x: number, cohort: readonly number[]): number {
  const values = finite(cohort);
  if (values.length === 0) return Number.NaN;
  let below = 0;
  let equal = 0;
  for (const v of values) {
    if (v < x) below++;
    else if (v === x) equal++;
  }
  return ((below + equal / 2) / values.length) * 100;
}

/**
 * Empirical-Bayes shrinkage of a small-sample rate toward the cohort (DOMAIN.md §3): (x + a) / (n + a + b),
 * where a / (a + b) is the cohort rate and a + b its weight in pseudo-trials. 2 wins of 3 with a = 3,
 * b = 7 (cohort 30%) gives 5 / 13 ≈ 38%, not 67%. NaN when n + a + b = 0.
 */
export function shrinkRate(successes: number, trials: number, a: number, b: number): number {
  return (successes + a) / (trials + a + b);
}
