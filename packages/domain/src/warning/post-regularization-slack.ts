import {
  atLeastOne,
  atLeastZero,
  clearConfidence,
  EPS,
  firedConfidence,
  insufficientSignal,
  mean,
  splitSeries,
  trailingRunStart,
} from './series';
import type { ExcludedPoint, SeriesPoint, Signal } from './types';

export interface PostRegularizationSlackParams {
  /** Period in which regularization (转正) happened; it is the first post-regularization period. */
  regularizedAt: string;
  /** Judged points per window (probation and post), at most. */
  windowPeriods: number;
  /** Drop of the post mean below the probation mean, in percent, that counts (e.g. 20). */
  dropPct: number;
  /** Probation points needed before any judgement. */
  minProbationPeriods: number;
}

export interface SlackEvidencePoint {
  period: string;
  value: number;
  window: 'probation' | 'post';
}

/**
 * Post-regularization slack (过关即松懈, DOMAIN.md §3): the mean of the post-regularization window against
 * the mean of the probation window, for one indicator (run it per indicator, activity and results).
 *
 * Probation window = the last windowPeriods judged points with period < regularizedAt; post window = the
 * last windowPeriods judged points with period ≥ regularizedAt (so the comparison follows the latest
 * months; earlier ones are listed as excluded). Fires when (probation mean − post mean) / probation mean ×
 * 100 ≥ dropPct. The onset is the first post period from which evaluating as of each later post period
 * would have fired.
 *
 * insufficient_data when fewer than minProbationPeriods probation points, no post points, or a probation
 * mean ≤ 0 (no level to drop from).
 *
 * Confidence (frame in {@link Signal.confidence}): severity = (drop − dropPct) / max(dropPct, 5) (the
 * excess over the threshold relative to it, 5-point floor); data = (post points / windowPeriods) ×
 * (probation points / windowPeriods). Clear: closeness = drop / dropPct.
 *
 * Evidence: `{ series, probationMean, postMean, dropPct, probationPeriods, postPeriods, thresholdPct,
 * excluded }`.
 */
export function postRegularizationSlack(points: readonly SeriesPoint[], p: PostRegularizationSlackParams): Signal {
  const windowPeriods = atLeastOne(p.windowPeriods);
  const split = splitSeries(points);
  const excluded: ExcludedPoint[] = [...split.excluded];
  const before = split.judged.filter((pt) => pt.period < p.regularizedAt);
  const after = split.judged.filter((pt) => pt.period >= p.regularizedAt);
  const probation = before.slice(Math.max(0, before.length - windowPeriods));
  const post = after.slice(Math.max(0, after.length - windowPeriods));
  for (const pt of before.slice(0, before.length - probation.length)) {
    excluded.push({ period: pt.period, reason: 'before_probation_window' });
  }
  for (const pt of after.slice(0, after.length - post.length)) {
    excluded.push({ period: pt.period, reason: 'before_post_window' });
  }

  const series: SlackEvidencePoint[] = [
    ...probation.map((pt) => ({ period: pt.period, value: pt.value, window: 'probation' as const })),
    ...post.map((pt) => ({ period: pt.period, value: pt.value, window: 'post' as const })),
  ];
  const probationMean = probation.length > 0 ? mean(probation.map((pt) => pt.value)) : null;
  const postMean = post.length > 0 ? mean(post.map((pt) => pt.value)) : null;
  const dropOf = (m: number) => (((probationMean as number) - m) / (probationMean as number)) * 100;
  const judgeable = probationMean !== null && probationMean > 0 && postMean !== null;
  const drop = judgeable ? dropOf(postMean) : null;
  const evidence = {
    series,
    probationMean,
    postMean,
    dropPct: drop,
    thresholdPct: p.dropPct,
    probationPeriods: probation.map((pt) => pt.period),
    postPeriods: post.map((pt) => pt.period),
    excluded,
  };
  const lastPeriod = split.judged.length > 0 ? split.judged[split.judged.length - 1].period : null;
  if (probation.length < atLeastZero(p.minProbationPeriods)) {
    return insufficientSignal(lastPeriod, 'SHORT_PROBATION', evidence);
  }
  if (post.length === 0) return insufficientSignal(lastPeriod, 'NO_POST_PERIODS', evidence);
  if (drop === null) return insufficientSignal(lastPeriod, 'NO_PROBATION_LEVEL', evidence);

  // Would it have fired as of each post period? (window = the last windowPeriods post points up to it)
  const fires = after.map((_, i) => {
    const win = after.slice(Math.max(0, i - windowPeriods + 1), i + 1).map((pt) => pt.value);
    return dropOf(mean(win)) >= p.dropPct - EPS;
  });
  const onset = trailingRunStart(fires);
  const period = post[post.length - 1].period;
  if (onset !== null) {
    const severity = (drop - p.dropPct) / Math.max(p.dropPct, 5);
    const data = (post.length / windowPeriods) * (probation.length / windowPeriods);
    return {
      status: 'fired',
      onsetPeriod: after[onset].period,
      period,
      confidence: firedConfidence(severity, data),
      evidence,
    };
  }
  return {
    status: 'clear',
    onsetPeriod: null,
    period,
    confidence: clearConfidence(p.dropPct > 0 ? drop / p.dropPct : 0),
    evidence,
  };
}
