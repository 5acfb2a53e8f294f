import { percentileRank, robustZ } from './cohort-stats';
import {
  atLeastOne,
  atLeastZero,
  clamp01,
  clearConfidence,
  EPS,
  firedConfidence,
  insufficientSignal,
  splitSeries,
  trailingRunStart,
} from './series';
import type { ExcludedPoint, SeriesPoint, Signal } from './types';

export type CohortMethod = 'robust_z' | 'percentile';

export interface BelowCohortParams {
  method: CohortMethod;
  /** robust_z: below when z ≤ this (negative, e.g. −1.5). */
  zThreshold: number;
  /** percentile: below when the percentile rank ≤ this (e.g. 10). */
  percentile: number;
  /** Periods whose cohort has fewer peers than this are not judged. */
  minCohortSize: number;
  /** Below in at least persistenceN … */
  persistenceN: number;
  /** … of the last persistenceM judged periods. */
  persistenceM: number;
  /** Judged periods needed before any judgement. */
  minPeriods: number;
}

/** Peers' values per period (key = SeriesPoint.period), excluding the person. */
export type CohortsByPeriod = Record<string, readonly number[]>;

export interface CohortEvidencePoint {
  period: string;
  value: number;
  z: number | null;
  median: number;
  /** Unscaled median absolute deviation of the peers. */
  mad: number;
  cohortSize: number;
  /** Percentile rank among the peers, 0..100. */
  percentile: number;
  below: boolean;
}

/** Cohort-size share of the data factor: below ~10 peers a median is shaky (DOMAIN.md §2 uses ~10 too). */
const SOLID_COHORT = 10;

/**
 * Fires when the person is below the cohort in at least persistenceN of the last persistenceM judged
 * periods (persistence against false alarms, DOMAIN.md §3, e.g. 2 of 3).
 *
 * Per period the person is "below" when robustZ(value, peers).z ≤ zThreshold (method robust_z) or
 * percentileRank(value, peers) ≤ percentile (method percentile). When every peer has the same value the
 * z-score is undefined (null) and the person counts as below exactly when their value is under that
 * common value. Periods are judged when unmasked with a finite value and at least max(minCohortSize, 1)
 * finite peer values; the others are listed in `excluded` ('small_cohort' for too few peers).
 * insufficient_data when fewer than max(minPeriods, persistenceN) judged periods exist.
 *
 * Confidence (frame in {@link Signal.confidence}): severity = mean over the below periods of the window of
 * (zThreshold − z) / max(|zThreshold|, 0.5) (1 when z is null) for robust_z, or (percentile − rank) /
 * max(percentile, 1) for percentile, each clamped to 0..1; data = (judged periods in the window /
 * persistenceM) × min(1, mean cohort size in the window / max(minCohortSize, 10)). Clear: closeness =
 * below / persistenceN.
 *
 * Evidence: `{ series (with z, median, mad, cohortSize, percentile per point), below, of, method,
 * threshold, excluded }`.
 */
export function belowCohort(points: readonly SeriesPoint[], cohorts: CohortsByPeriod, p: BelowCohortParams): Signal {
  const n = atLeastOne(p.persistenceN);
  const m = atLeastOne(p.persistenceM);
  const need = Math.max(atLeastZero(p.minPeriods), n);
  const minCohort = atLeastOne(p.minCohortSize);
  const split = splitSeries(points);
  const excluded: ExcludedPoint[] = [...split.excluded];
  const series: CohortEvidencePoint[] = [];
  for (const pt of split.judged) {
    const given = Object.hasOwn(cohorts, pt.period) ? cohorts[pt.period] : null;
    const peers = Array.isArray(given) ? given : [];
    const rz = robustZ(pt.value, peers);
    if (rz.n < minCohort) {
      excluded.push({ period: pt.period, reason: 'small_cohort' });
      continue;
    }
    const rank = percentileRank(pt.value, peers);
    const below =
      p.method === 'percentile'
        ? rank <= p.percentile + EPS
        : rz.z === null
          ? pt.value < rz.median
          : rz.z <= p.zThreshold + EPS;
    series.push({
      period: pt.period,
      value: pt.value,
      z: rz.z,
      median: rz.median,
      mad: rz.mad,
      cohortSize: rz.n,
      percentile: rank,
      below,
    });
  }

  const windowAt = (i: number) => series.slice(Math.max(0, i - m + 1), i + 1);
  const fires = series.map((_, i) => i + 1 >= need && windowAt(i).filter((s) => s.below).length >= n);
  const last = series.length > 0 ? series[series.length - 1] : null;
  const window = last ? windowAt(series.length - 1) : [];
  const belowPoints = window.filter((s) => s.below);
  const threshold = p.method === 'percentile' ? p.percentile : p.zThreshold;
  const evidence = { series, below: belowPoints.length, of: window.length, method: p.method, threshold, excluded };
  if (series.length < need || last === null)
    return insufficientSignal(last?.period ?? null, 'TOO_FEW_PERIODS', evidence);

  const onset = trailingRunStart(fires);
  if (onset !== null) {
    const severities = belowPoints.map((s) =>
      p.method === 'percentile'
        ? clamp01((p.percentile - s.percentile) / Math.max(p.percentile, 1))
        : s.z === null
          ? 1
          : clamp01((p.zThreshold - s.z) / Math.max(Math.abs(p.zThreshold), 0.5)),
    );
    const severity = severities.reduce((a, b) => a + b, 0) / severities.length;
    const meanCohort = window.reduce((a, s) => a + s.cohortSize, 0) / window.length;
    const data = (window.length / m) * Math.min(1, meanCohort / Math.max(minCohort, SOLID_COHORT));
    return {
      status: 'fired',
      onsetPeriod: series[onset].period,
      period: last.period,
      confidence: firedConfidence(severity, data),
      evidence,
    };
  }
  return {
    status: 'clear',
    onsetPeriod: null,
    period: last.period,
    confidence: clearConfidence(belowPoints.length / n),
    evidence,
  };
}
