import type { ExcludedPoint, InsufficientReason, SeriesPoint, Signal } from './types';

/**
 * Tolerance for threshold comparisons. Percentages and z-scores are ratios of floating-point numbers, so
 * a drop that is exactly 10% on paper can compute as 9.999999999999998%; without the tolerance the same
 * data would flip status when rescaled (yuan vs ten-thousand yuan).
 */
export const EPS = 1e-9;

/** A point that takes part in judgement: unmasked with a finite value. */
export interface JudgedPoint {
  period: string;
  value: number;
  target: number | null;
}

/** Whether a point is judged: not masked and a finite value (null, NaN and ±Infinity are "no data"). */
export function isJudged(p: SeriesPoint): boolean {
  return p.masked !== true && typeof p.value === 'number' && Number.isFinite(p.value);
}

/** Splits a series into the judged points (order kept) and the excluded ones with their reason. */
export function splitSeries(points: readonly SeriesPoint[]): { judged: JudgedPoint[]; excluded: ExcludedPoint[] } {
  const judged: JudgedPoint[] = [];
  const excluded: ExcludedPoint[] = [];
  for (const p of points) {
    if (isJudged(p)) {
      const target = typeof p.target === 'number' && Number.isFinite(p.target) ? p.target : null;
      judged.push({ period: p.period, value: p.value as number, target });
    } else excluded.push({ period: p.period, reason: p.masked === true ? 'masked' : 'no_data' });
  }
  return { judged, excluded };
}

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Median of a non-empty list (mean of the two middle values for an even count); NaN when empty. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function sampleSd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return Math.sqrt(ss / (xs.length - 1));
}

export function clamp01(x: number): number {
  if (!Number.isFinite(x)) return x > 0 ? 1 : 0;
  return Math.min(1, Math.max(0, x));
}

/** Confidence of a fired signal: 0.5 + 0.5 × severity × data, both clamped to 0..1 (so 0.5..1). */
export function firedConfidence(severity: number, data: number): number {
  return 0.5 + 0.5 * clamp01(severity) * clamp01(data);
}

/** Confidence of a clear signal: 0.5 × closeness to firing, clamped to 0..1 (so 0..0.5). */
export function clearConfidence(closeness: number): number {
  return 0.5 * clamp01(closeness);
}

/** Index of the first element of the trailing run of `true`, or null when the last element is false. */
export function trailingRunStart(flags: readonly boolean[]): number | null {
  if (flags.length === 0 || !flags[flags.length - 1]) return null;
  let i = flags.length - 1;
  while (i > 0 && flags[i - 1]) i--;
  return i;
}

/** A whole number ≥ 1 from a count parameter (the caller validates; this only keeps degenerate input from throwing). */
export function atLeastOne(n: number): number {
  return Number.isFinite(n) ? Math.max(1, Math.ceil(n)) : 1;
}

/** A whole number ≥ 0 from a minimum-count parameter. */
export function atLeastZero(n: number): number {
  return Number.isFinite(n) ? Math.max(0, Math.ceil(n)) : 0;
}

export function insufficientSignal(
  period: string | null,
  reason: InsufficientReason,
  evidence: Record<string, unknown>,
): Signal {
  return { status: 'insufficient_data', onsetPeriod: null, period, confidence: 0, evidence: { ...evidence, reason } };
}
