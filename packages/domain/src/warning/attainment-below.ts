import {
  atLeastOne,
  atLeastZero,
  clearConfidence,
  EPS,
  firedConfidence,
  insufficientSignal,
  splitSeries,
  trailingRunStart,
} from './series';
import type { ExcludedPoint, SeriesPoint, Signal } from './types';

export interface AttainmentBelowParams {
  /** Attainment (value / target × 100) strictly below this is a shortfall (e.g. 80). */
  thresholdPct: number;
  /** Shortfalls needed … */
  n: number;
  /** … among the last m judged periods (persistence, e.g. 2 of 3). */
  m: number;
  /** Judged periods needed before any judgement. */
  minPeriods: number;
}

export interface AttainmentEvidencePoint {
  period: string;
  value: number;
  target: number;
  attainmentPct: number;
  below: boolean;
}

/**
 * Fires when at least n of the last m judged periods have attainment below thresholdPct. Attainment =
 * value × 100 / target (multiplied first, so 57 of 100 is exactly 57, not 56.99999999999999).
 *
 * Judged periods are unmasked with a finite value AND a target > 0: without a quota there is no
 * attainment, so such periods are excluded ('no_target') rather than counted as shortfalls.
 * insufficient_data when fewer than max(minPeriods, n) judged periods exist (fewer than n could never fire).
 *
 * Confidence (frame in {@link Signal.confidence}): severity = mean shortfall / thresholdPct, the shortfall
 * being thresholdPct − attainment averaged over the below periods in the window (1 when thresholdPct ≤ 0);
 * data = judged periods in the window / m. Clear: closeness = below / n.
 *
 * Evidence: `{ series (with attainmentPct per point), below, of, thresholdPct, n, m, excluded }` where
 * `below` of `of` are the counts in the last window.
 */
export function attainmentBelow(points: readonly SeriesPoint[], p: AttainmentBelowParams): Signal {
  const n = atLeastOne(p.n);
  const m = atLeastOne(p.m);
  const need = Math.max(atLeastZero(p.minPeriods), n);
  const split = splitSeries(points);
  const excluded: ExcludedPoint[] = [...split.excluded];
  const series: AttainmentEvidencePoint[] = [];
  for (const pt of split.judged) {
    if (pt.target === null || !(pt.target > 0)) {
      excluded.push({ period: pt.period, reason: 'no_target' });
      continue;
    }
    const attainmentPct = (pt.value * 100) / pt.target;
    series.push({
      period: pt.period,
      value: pt.value,
      target: pt.target,
      attainmentPct,
      below: attainmentPct < p.thresholdPct - EPS,
    });
  }

  const windowAt = (i: number) => series.slice(Math.max(0, i - m + 1), i + 1);
  const fires = series.map((_, i) => i + 1 >= need && windowAt(i).filter((s) => s.below).length >= n);
  const last = series.length > 0 ? series[series.length - 1] : null;
  const window = last ? windowAt(series.length - 1) : [];
  const belowPoints = window.filter((s) => s.below);
  const evidence = {
    series,
    below: belowPoints.length,
    of: window.length,
    thresholdPct: p.thresholdPct,
    n,
    m,
    excluded,
  };
  if (series.length < need || last === null)
    return insufficientSignal(last?.period ?? null, 'TOO_FEW_PERIODS', evidence);

  const onset = trailingRunStart(fires);
  if (onset !== null) {
    const shortfall = belowPoints.reduce((acc, s) => acc + (p.thresholdPct - s.attainmentPct), 0) / belowPoints.length;
    const severity = p.thresholdPct > 0 ? shortfall / p.thresholdPct : 1;
    return {
      status: 'fired',
      onsetPeriod: series[onset].period,
      period: last.period,
      confidence: firedConfidence(severity, window.length / m),
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
