import {
  atLeastOne,
  atLeastZero,
  clearConfidence,
  EPS,
  firedConfidence,
  insufficientSignal,
  mean,
  median,
  sampleSd,
} from './series';
import type { ExcludedPoint, SeriesPoint, Signal } from './types';

/** One indicator of a pooled judgement: its series and how noisy a period of it typically is. */
export interface PooledIndicator {
  /** Metric key, carried into the evidence. */
  key: string;
  points: readonly SeriesPoint[];
  /**
   * Typical period-to-period coefficient of variation of the indicator (e.g. from the team, see
   * {@link noiseCvFromPeers}); null: the person's own baseline CV is used.
   */
  noiseCv: number | null;
  /**
   * Typical level of the last probation periods against the regularized level (e.g. from the team, see
   * {@link rampFromPeers}): ramp[0] for the period just before baselineFrom, ramp[1] for the one before, …;
   * null or missing entries: that probation period is not used.
   */
  ramp?: readonly (number | null)[] | null;
}

export interface PooledDeclineParams {
  /** Baseline: at most this many judged periods before the periods being judged (and before a running decline). */
  baselinePeriods: number;
  /** Fewer baseline periods than this: the indicator is not judged in that period. */
  minBaselinePeriods: number;
  /** Baseline periods start here (inclusive; regularization: probation is a ramp-up, not the person's level). */
  baselineFrom?: string | null;
  /**
   * The last this many periods before baselineFrom (probation) may complete a short own level, each divided by
   * the indicator's ramp factor (the typical end-of-ramp level), while fewer than baselinePeriods periods since
   * baselineFrom exist. 0 or missing: probation is never part of the level.
   */
  probationPeriods?: number;
  /** CUSUM allowance, in pooled standard units. */
  k: number;
  /** CUSUM decision interval, in pooled standard units. */
  h: number;
  /**
   * Periods the decision looks back (the CUSUM restarted this many judged periods ago; 0: its whole run). A
   * decline worth an alert shows within a few periods; a slow drift over a year is not one.
   */
  window: number;
  /** The shortfall that must come with the change signal: pooled level since the onset vs the baseline, percent. */
  minDropPct: number;
  /** Periods in which at least one indicator was judged, needed before any judgement. */
  minPeriods: number;
  /**
   * The onset as a change point: each of the last `window` judged periods is tried as the first period of the
   * decline, with the own level from before it; the decision and the shortfall are taken at the same onset
   * (see pooledDecline). false or missing: the onset is the start of the running CUSUM excursion.
   */
  changePoint?: boolean;
}

export interface PooledIndicatorPoint {
  key: string;
  value: number;
  baselineMean: number;
  baselinePeriods: number;
  /** The periods whose values form baselineMean, oldest first. */
  levelPeriods: string[];
  /** Those of levelPeriods that are probation periods (each counted as its value / the ramp factor). */
  probationPeriods: string[];
  /** value / baselineMean. */
  ratio: number;
  /** (value − baseline) / (baseline × cv × √(1 + 1/n)), kept within ±4. */
  standardized: number;
  /** The weight of the indicator in the pooled score, 1/cv normalized to sum to 1. */
  weight: number;
}

export interface PooledEvidencePoint {
  period: string;
  /** Pooled standardized score (≈ N(0, 1) while nothing changes). */
  score: number;
  /** Pooled level against the person's own baseline (1 = as before). */
  level: number;
  /** The decision statistic: the lower CUSUM over the last `window` judged periods. */
  cusum: number;
  /** cusum > h (the shortfall is judged at the last period only). */
  signal: boolean;
  indicators: PooledIndicatorPoint[];
}

/** Values beyond ±4 standard units are clipped: one freak month (no order at all) must not decide alone. */
const CLIP = 4;
/** A noise estimate below this is not believed (a near-constant series would make every dip an alarm). */
const MIN_CV = 0.05;

/**
 * Typical period-to-period coefficient of variation of an indicator among peers: from each peer's successive
 * judged values a, b the relative difference (b − a) / ((a + b) / 2); cv = 1.4826 × median |difference| / √2.
 * The median of successive differences is robust to peers whose level shifted (one difference each) and to
 * the odd empty month. null when fewer than `minPairs` pairs exist.
 */
export function noiseCvFromPeers(series: readonly (readonly SeriesPoint[])[], minPairs = 8): number | null {
  const diffs: number[] = [];
  for (const points of series) {
    let prev: number | null = null;
    for (const p of points) {
      const v = p.masked !== true && typeof p.value === 'number' && Number.isFinite(p.value) ? p.value : null;
      if (v === null) {
        prev = null;
        continue;
      }
      if (prev !== null && prev + v > 0) diffs.push(Math.abs(v - prev) / ((prev + v) / 2));
      prev = v;
    }
  }
  if (diffs.length < Math.max(1, minPairs)) return null;
  return (1.4826 * median(diffs)) / Math.SQRT2;
}

/**
 * Typical ramp of probation: for each of the last `periods` periods before regularization (index 0 = the
 * period just before it), the median over peers of their value there divided by their own regularized level
 * (mean of their first up to `levelPeriods` judged periods from regularization on, at least `minLevel`).
 * A factor needs `minPeers` peers, else it is null (that probation period is not used). Peers' series must
 * end at the period judged (no lookahead); the regularization period of each is given with its series.
 */
export function rampFromPeers(
  peers: readonly { points: readonly SeriesPoint[]; regularizedAt: string }[],
  periods: number,
  options: { levelPeriods?: number; minLevel?: number; minPeers?: number } = {},
): (number | null)[] {
  const levelPeriods = atLeastOne(options.levelPeriods ?? 6);
  const minLevel = Math.min(levelPeriods, atLeastOne(options.minLevel ?? 3));
  const minPeers = atLeastOne(options.minPeers ?? 5);
  const ratios: number[][] = Array.from({ length: atLeastZero(periods) }, () => []);
  for (const peer of peers) {
    const ok = (x: SeriesPoint | undefined) =>
      x && x.masked !== true && typeof x.value === 'number' && Number.isFinite(x.value) ? x.value : null;
    const at = peer.points.findIndex((x) => x.period >= peer.regularizedAt);
    if (at <= 0) continue;
    const level: number[] = [];
    for (let i = at; i < peer.points.length && level.length < levelPeriods; i++) {
      const v = ok(peer.points[i]);
      if (v !== null) level.push(v);
    }
    if (level.length < minLevel) continue;
    const b = mean(level);
    if (!(b > 0)) continue;
    for (let i = 0; i < ratios.length; i++) {
      const v = ok(peer.points[at - 1 - i]);
      if (v !== null) ratios[i].push(v / b);
    }
  }
  return ratios.map((r) => (r.length >= minPeers ? median(r) : null));
}

/**
 * Combined slowdown (DOMAIN.md §3, "a change signal plus a real shortfall"): several indicators of one
 * person (activity and results, each typically as a share of the team's median so the season cancels)
 * pooled into one score per period, watched with a lower CUSUM, and confirmed by the shortfall against the
 * person's own level before the decline.
 *
 * Per period t and indicator j with a judged value v: baseline b = mean of the last baselinePeriods judged
 * values of j in [baselineFrom, start), where start is the first period of the running CUSUM excursion (or
 * t when C = 0), at most window − 1 judged periods back — a decline does not pollute its own yardstick while
 * it is being judged, and an old excursion does not freeze it. While fewer than baselinePeriods such values
 * exist (the newly regularized), the last probationPeriods periods before baselineFrom complete it, each
 * value divided by the indicator's ramp factor (probation is a ramp-up: its last periods, scaled to the
 * typical end-of-ramp level, estimate the regularized level); only for t ≥ baselineFrom. With fewer than
 * minBaselinePeriods values the indicator is not judged at t. x = (v − b) / (b · cv · √(1 + 1/n)) with cv = the indicator's noiseCv (else
 * the baseline's own CV), floored at 0.05 and x clipped to ±4. Pooled score z_t = Σ w·x / √Σ w² with
 * w = 1/cv (a precise indicator counts more; while nothing changes z ≈ N(0, 1)); level_t = Σ w²·(v/b) / Σ w².
 * Lower CUSUM C_t = max(0, C_{t−1} − z_t − k) (it marks the running excursion); a period with no judged
 * indicator is skipped. The decision statistic is the same CUSUM restarted `window` judged periods back
 * (over the whole series with window 0): a decline worth an alert shows within a few periods, and a slow
 * drift or an old excursion does not accumulate into one.
 *
 * Fires when, at the last period, the windowed CUSUM > h and the mean level since the onset (the first period
 * of the running excursion) is at least minDropPct below 1.
 *
 * With changePoint (window > 0), the onset is a change point instead: for each candidate onset τ among the last
 * `window` judged periods, the periods from τ to the last are judged afresh against the own level formed before
 * τ, S(τ) = Σ (−z − k) over them and the shortfall = 1 − their mean level; fires when some τ has S(τ) > h and a
 * shortfall ≥ minDropPct (the one with the largest S among those, else the largest S is reported). The change
 * signal and the shortfall then describe the same months against the same yardstick: a chance dip just before
 * the real onset no longer dilutes the shortfall nor enters the yardstick as part of the decline. The series of
 * the evidence shows those periods as judged at τ (cusum: the running sum, at least 0). insufficient_data with fewer than minPeriods judged periods or
 * when the last period could not be judged (no indicator had a baseline).
 *
 * Confidence: severity = (C_w − h) / h with C_w the windowed CUSUM, data = baseline periods of the onset /
 * baselinePeriods. Clear: closeness = C_w / h.
 *
 * Evidence: `{ series (period, score, level, cusum, signal, indicators[] with the periods of each one's level
 * and which of them are probation), indicators (keys), h, k, dropPct, onsetLevel, onsetPeriod, baselineFrom,
 * ramp (per indicator: the factors of the last probation periods), levelPeriods and levelProbationPeriods (the own level's periods at
 * the onset, or at the last period when not firing), excluded }`.
 */
export function pooledDecline(indicators: readonly PooledIndicator[], p: PooledDeclineParams): Signal {
  const maxBase = atLeastOne(p.baselinePeriods);
  const minBase = Math.min(maxBase, atLeastOne(p.minBaselinePeriods));
  const from = p.baselineFrom ?? null;
  const probationN = from ? atLeastZero(p.probationPeriods ?? 0) : 0;
  const periods = [...new Set(indicators.flatMap((ind) => ind.points.map((x) => x.period)))].sort();
  const valueAt = indicators.map((ind) => {
    const m = new Map<string, number | null>();
    for (const x of ind.points)
      m.set(x.period, x.masked !== true && typeof x.value === 'number' && Number.isFinite(x.value) ? x.value : null);
    return m;
  });
  // The probation periods that may complete a short level: the last probationN before `from`, latest first.
  const probation =
    from && probationN > 0
      ? periods
          .filter((q) => q < from)
          .slice(-probationN)
          .reverse()
      : [];
  const excluded: ExcludedPoint[] = [];
  const series: PooledEvidencePoint[] = [];
  let c = 0;
  let runStart: string | null = null;
  let judgedPeriods = 0;
  const w = atLeastZero(p.window);
  /** One period judged against the own level formed by the periods before `cut`; null when nothing is judged. */
  const judgeAt = (period: string, cut: string) => {
    const parts: PooledIndicatorPoint[] = [];
    indicators.forEach((ind, j) => {
      const v = valueAt[j].get(period);
      if (v === null || v === undefined) return;
      const base: { period: string; value: number; probation: boolean }[] = [];
      for (const q of periods) {
        if (q >= cut) break;
        if (from && q < from) continue;
        const bv = valueAt[j].get(q);
        if (bv !== null && bv !== undefined) base.push({ period: q, value: bv, probation: false });
      }
      if (from && period >= from && base.length < maxBase) {
        probation.forEach((q, i) => {
          const r = ind.ramp?.[i];
          const bv = valueAt[j].get(q);
          if (q < cut && typeof r === 'number' && r > 0 && bv !== null && bv !== undefined)
            base.unshift({ period: q, value: bv / r, probation: true });
        });
      }
      const kept = base.slice(Math.max(0, base.length - maxBase));
      const used = kept.map((x) => x.value);
      if (used.length < minBase) return;
      const b = mean(used);
      if (!(b > 0)) return;
      const own = used.length >= 2 ? sampleSd(used) / b : null;
      const cv = Math.max(MIN_CV, ind.noiseCv ?? own ?? MIN_CV);
      const x = (v - b) / (b * cv * Math.sqrt(1 + 1 / used.length));
      parts.push({
        key: ind.key,
        value: v,
        baselineMean: b,
        baselinePeriods: used.length,
        levelPeriods: kept.map((x) => x.period),
        probationPeriods: kept.filter((x) => x.probation).map((x) => x.period),
        ratio: v / b,
        standardized: Math.max(-CLIP, Math.min(CLIP, x)),
        weight: 1 / cv,
      });
    });
    if (parts.length === 0) return null;
    const w2 = parts.reduce((s, x) => s + x.weight ** 2, 0);
    const score = parts.reduce((s, x) => s + x.weight * x.standardized, 0) / Math.sqrt(w2);
    const level = parts.reduce((s, x) => s + x.weight ** 2 * x.ratio, 0) / w2;
    const wSum = parts.reduce((s, x) => s + x.weight, 0);
    for (const x of parts) x.weight /= wSum;
    return { parts, score, level };
  };
  for (const period of periods) {
    // The yardstick ends where the running excursion began, but never more than the window back: an old
    // excursion (a lucky first month as the only baseline) must not freeze it for good.
    const windowStart = w > 0 ? series[series.length - (w - 1)]?.period : undefined;
    let cut = runStart ?? period;
    if (w > 0) cut = w === 1 ? period : windowStart && windowStart > cut ? windowStart : cut;
    const judged = judgeAt(period, cut);
    const anyValue = indicators.some((_, j) => {
      const v = valueAt[j].get(period);
      return v !== null && v !== undefined;
    });
    if (!judged) {
      excluded.push({ period, reason: anyValue ? 'before_baseline' : 'no_data' });
      continue;
    }
    judgedPeriods++;
    const { parts, score, level } = judged;
    c = Math.max(0, c - score - p.k);
    if (c > EPS) runStart ??= period;
    else runStart = null;
    series.push({ period, score, level, cusum: c, signal: false, indicators: parts });
    // The decision statistic: the CUSUM over the last `window` judged periods only.
    let cw = 0;
    for (const x of w > 0 ? series.slice(-w) : series) cw = Math.max(0, cw - x.score - p.k);
    const lastPoint = series[series.length - 1];
    lastPoint.cusum = cw;
    lastPoint.signal = cw > p.h + EPS;
  }

  const lastPeriod = periods.at(-1) ?? null;
  const lastRunning = series.at(-1);
  const base = {
    series,
    indicators: indicators.map((i) => i.key),
    h: p.h,
    k: p.k,
    baselineFrom: from,
    ramp: Object.fromEntries(indicators.map((i) => [i.key, i.ramp ?? null])),
    excluded,
  };
  // Where the own level came from (at the onset when firing, else at the last period): its periods and which
  // of them are probation periods scaled by the ramp.
  const levelOf = (x: PooledEvidencePoint | undefined) => ({
    levelPeriods: x ? [...new Set(x.indicators.flatMap((i) => i.levelPeriods))].sort() : [],
    levelProbationPeriods: x ? [...new Set(x.indicators.flatMap((i) => i.probationPeriods))].sort() : [],
  });
  const none = { ...base, ...levelOf(lastRunning), dropPct: null, onsetLevel: null, onsetPeriod: null };
  if (judgedPeriods < atLeastZero(p.minPeriods)) return insufficientSignal(lastPeriod, 'TOO_FEW_PERIODS', none);
  if (!lastRunning || lastRunning.period !== lastPeriod) return insufficientSignal(lastPeriod, 'SHORT_BASELINE', none);
  let run = runStart ? series.filter((x) => x.period >= (runStart as string)) : [];
  if (p.changePoint && w > 0) {
    // The onset as a change point: each of the last `window` judged periods is tried as the first period of
    // the decline, the periods from it on judged against the own level before it; the decision and the
    // shortfall are taken at the same onset (the one firing with the most evidence, else the most evidence).
    let best: { run: PooledEvidencePoint[]; stat: number; fires: boolean } | null = null;
    for (const tau of series.slice(-w).map((x) => x.period)) {
      const pts: PooledEvidencePoint[] = [];
      let stat = 0;
      for (const x of series) {
        if (x.period < tau) continue;
        const j = judgeAt(x.period, tau);
        if (!j) continue;
        stat += -j.score - p.k;
        pts.push({
          period: x.period,
          score: j.score,
          level: j.level,
          cusum: Math.max(0, stat),
          signal: false,
          indicators: j.parts,
        });
      }
      if (pts.length === 0) continue;
      const drop = (1 - mean(pts.map((x) => x.level))) * 100;
      const fires = stat > p.h + EPS && drop >= p.minDropPct - EPS;
      if (!best || (fires && !best.fires) || (fires === best.fires && stat > best.stat + EPS))
        best = { run: pts, stat, fires };
    }
    if (best) {
      const at = best.run[0].period;
      const lastOf = best.run[best.run.length - 1];
      lastOf.cusum = Math.max(0, best.stat);
      lastOf.signal = lastOf.cusum > p.h + EPS;
      series.splice(
        series.findIndex((x) => x.period >= at),
        series.length,
        ...best.run,
      );
      run = best.stat > EPS ? best.run : [];
    }
  }
  const last = series[series.length - 1];
  const runLevel = run.length ? mean(run.map((x) => x.level)) : null;
  const dropPct = runLevel === null ? null : (1 - runLevel) * 100;
  if (!last.signal || dropPct === null || dropPct < p.minDropPct - EPS) {
    return {
      status: 'clear',
      onsetPeriod: null,
      period: last.period,
      confidence: clearConfidence(p.h > 0 ? last.cusum / p.h : 0),
      evidence: { ...none, dropPct },
    };
  }
  const onset = run[0];
  const baselineN = Math.max(...onset.indicators.map((x) => x.baselinePeriods));
  return {
    status: 'fired',
    onsetPeriod: onset.period,
    period: last.period,
    confidence: firedConfidence(p.h > 0 ? (last.cusum - p.h) / p.h : 1, baselineN / maxBase),
    evidence: { ...base, ...levelOf(onset), dropPct, onsetLevel: onset.level, onsetPeriod: onset.period },
  };
}
