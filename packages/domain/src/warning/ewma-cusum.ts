import {
  atLeastOne,
  atLeastZero,
  clearConfidence,
  EPS,
  firedConfidence,
  insufficientSignal,
  mean,
  sampleSd,
  splitSeries,
  trailingRunStart,
} from './series';
import type { ExcludedPoint, SeriesPoint, Signal } from './types';

export interface EwmaCusumParams {
  /** EWMA smoothing weight λ (DOMAIN.md default 0.2). */
  lambda: number;
  /** EWMA control-limit width in σ_z (default 3). */
  L: number;
  /** CUSUM allowance (reference value) in baseline sds (default 0.5). */
  k: number;
  /** CUSUM decision interval in baseline sds (default 4..5). */
  h: number;
  /** Judged points forming the person's own baseline (e.g. 8). */
  baselinePeriods: number;
  /** Start the CUSUM at h/2 (fast initial response) at the monitoring start. */
  headStart: boolean;
  /** Period of regularization: the baseline ends here (inclusive) and monitoring starts after it. */
  headStartAt?: string | null;
  /** Judged points needed before any judgement. */
  minPeriods: number;
}

export type EwmaCusumTrigger = 'ewma' | 'cusum' | 'both';

export interface EwmaCusumEvidencePoint {
  period: string;
  value: number;
  phase: 'baseline' | 'monitor';
  /** (value − baseline mean) / baseline sd (floored). */
  standardized: number;
  /** Monitored points only (null in the baseline). */
  ewma: number | null;
  /** Lower EWMA limit −L·σ_z(t), time-varying. */
  ewmaLimit: number | null;
  cusum: number | null;
  ewmaBreach: boolean;
  cusumSignal: boolean;
}

/** Baselines shorter than this estimate the sd poorly; the data factor of the confidence scales with it. */
const SOLID_BASELINE = 8;

/**
 * Change detection on a person's own weekly activity (DOMAIN.md §3): a lower-sided EWMA chart and a lower
 * CUSUM on the series standardized against the person's own baseline.
 *
 * Baseline: without headStartAt, the first baselinePeriods judged points, monitoring everything after
 * them; with headStartAt (regularization), the last baselinePeriods judged points with period ≤
 * headStartAt, monitoring the points after it (older points are listed as 'before_baseline'). Standardized
 * x_t = (value − mean) / sd with sd = max(sample sd, 0.1 × |mean|, 1e-9): the 10%-of-mean floor keeps a
 * near-constant baseline (exactly 10 calls every week) from turning a one-call dip into a ten-sigma event;
 * 1e-9 only keeps an all-zero baseline from dividing by zero.
 *
 * EWMA: z_t = λ·x_t + (1 − λ)·z_{t−1} from z_0 = 0, breach when z_t < −L·σ_z(t) with the exact
 * time-varying σ_z(t) = √(λ / (2 − λ) · (1 − (1 − λ)^{2t})), t counting monitored judged points.
 * CUSUM: C_t = max(0, C_{t−1} − x_t − k) from C_0 = 0 (h/2 with headStart: regularization is the
 * riskiest moment, so a drop right after it signals sooner), signal when C_t > h. Masked and empty points
 * are skipped: t does not advance and both statistics carry over unchanged. Both comparisons allow
 * 1e-9 for rounding, so a CUSUM of exactly h (e.g. 1.5 + 2.5) does not signal in one unit and signal
 * in another.
 *
 * Fires when either statistic signals at the last judged point; `trigger` says which. Onset: for the
 * CUSUM, the first point of the trailing run with C_t > 0; for the EWMA, the first breach of the trailing
 * run of breaches; the earlier of the two when both signal. dropPct = (baseline mean − mean of the
 * monitored values from the onset on) / baseline mean × 100 (null when clear or the baseline mean ≤ 0).
 * A scaled series (×c, c > 0) gives the same standardized series and so the same result.
 *
 * insufficient_data when fewer than minPeriods judged points exist, the baseline is shorter than
 * baselinePeriods, or nothing is left to monitor.
 *
 * Confidence (frame in {@link Signal.confidence}): severity = the larger, over the triggering statistics,
 * of (limit − z_t) / |limit| and (C_t − h) / h (how far past the line, relative to it); data = baseline
 * points / 8. Clear: closeness = max(z_t / limit when z_t < 0, C_t / h).
 *
 * Evidence: `{ series (with standardized, ewma, ewmaLimit, cusum per point), baselineMean, baselineSd,
 * baselineRawSd, h, trigger, dropPct, lambda, L, k, headStart, monitoringStart, excluded }`.
 */
export function ewmaCusum(points: readonly SeriesPoint[], p: EwmaCusumParams): Signal {
  const { lambda, L, k, h } = p;
  const baselineCount = atLeastOne(p.baselinePeriods);
  const split = splitSeries(points);
  const excluded: ExcludedPoint[] = [...split.excluded];
  const judged = split.judged;
  const lastJudged = judged.length > 0 ? judged[judged.length - 1].period : null;

  let baseline = judged.slice(0, baselineCount);
  let monitored = judged.slice(baselineCount);
  const cut = p.headStartAt;
  if (cut) {
    const upTo = judged.filter((pt) => pt.period <= cut);
    baseline = upTo.slice(Math.max(0, upTo.length - baselineCount));
    for (const pt of upTo.slice(0, upTo.length - baseline.length)) {
      excluded.push({ period: pt.period, reason: 'before_baseline' });
    }
    monitored = judged.filter((pt) => pt.period > cut);
  }

  const baselineValues = baseline.map((pt) => pt.value);
  const baselineMean = baseline.length > 0 ? mean(baselineValues) : null;
  const baselineRawSd = baseline.length > 0 ? sampleSd(baselineValues) : null;
  const sd = baselineMean === null ? 1 : Math.max(baselineRawSd ?? 0, 0.1 * Math.abs(baselineMean), 1e-9);
  const standardize = (v: number) => (baselineMean === null ? 0 : (v - baselineMean) / sd);

  const series: EwmaCusumEvidencePoint[] = baseline.map((pt) => ({
    period: pt.period,
    value: pt.value,
    phase: 'baseline',
    standardized: standardize(pt.value),
    ewma: null,
    ewmaLimit: null,
    cusum: null,
    ewmaBreach: false,
    cusumSignal: false,
  }));
  let z = 0;
  let c = p.headStart ? h / 2 : 0;
  const monitoredSeries: EwmaCusumEvidencePoint[] = [];
  monitored.forEach((pt, i) => {
    const t = i + 1;
    const x = standardize(pt.value);
    z = lambda * x + (1 - lambda) * z;
    const sigma = Math.sqrt((lambda / (2 - lambda)) * (1 - (1 - lambda) ** (2 * t)));
    const limit = -L * sigma;
    c = Math.max(0, c - x - k);
    monitoredSeries.push({
      period: pt.period,
      value: pt.value,
      phase: 'monitor',
      standardized: x,
      ewma: z,
      ewmaLimit: limit,
      cusum: c,
      ewmaBreach: z < limit - EPS,
      cusumSignal: c > h + EPS,
    });
  });
  series.push(...monitoredSeries);

  const base = {
    series,
    baselineMean,
    baselineSd: baselineMean === null ? null : sd,
    baselineRawSd,
    h,
    lambda,
    L,
    k,
    headStart: p.headStart,
    monitoringStart: monitored.length > 0 ? monitored[0].period : null,
    excluded,
  };
  const none = { ...base, trigger: null, dropPct: null };
  if (judged.length < atLeastZero(p.minPeriods)) return insufficientSignal(lastJudged, 'TOO_FEW_PERIODS', none);
  if (baseline.length < baselineCount) return insufficientSignal(lastJudged, 'SHORT_BASELINE', none);
  const last = monitoredSeries[monitoredSeries.length - 1];
  if (last === undefined) return insufficientSignal(lastJudged, 'NOTHING_MONITORED', none);

  const limit = last.ewmaLimit as number;
  const ewma = last.ewma as number;
  const cusum = last.cusum as number;
  if (!last.ewmaBreach && !last.cusumSignal) {
    const closeness = Math.max(ewma < 0 && limit < 0 ? ewma / limit : 0, h > 0 ? cusum / h : 0);
    return {
      status: 'clear',
      onsetPeriod: null,
      period: last.period,
      confidence: clearConfidence(closeness),
      evidence: none,
    };
  }

  const trigger: EwmaCusumTrigger = last.ewmaBreach && last.cusumSignal ? 'both' : last.ewmaBreach ? 'ewma' : 'cusum';
  const starts: number[] = [];
  if (last.cusumSignal) starts.push(trailingRunStart(monitoredSeries.map((s) => (s.cusum as number) > 0)) as number);
  if (last.ewmaBreach) starts.push(trailingRunStart(monitoredSeries.map((s) => s.ewmaBreach)) as number);
  const onset = Math.min(...starts);
  const since = monitoredSeries.slice(onset).map((s) => s.value);
  const mb = baselineMean as number;
  const dropPct = mb > 0 ? ((mb - mean(since)) / mb) * 100 : null;

  const severities: number[] = [];
  if (last.ewmaBreach) severities.push(limit < 0 ? (limit - ewma) / -limit : 1);
  if (last.cusumSignal) severities.push(h > 0 ? (cusum - h) / h : 1);
  return {
    status: 'fired',
    onsetPeriod: monitoredSeries[onset].period,
    period: last.period,
    confidence: firedConfidence(Math.max(...severities), baseline.length / SOLID_BASELINE),
    evidence: { ...base, trigger, dropPct },
  };
}
