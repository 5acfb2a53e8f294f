// Internal decimal helpers of the scoring engine (not exported from the package).
import Decimal from 'decimal.js';

/**
 * Scoring arithmetic. 40 significant digits: sums and products of the inputs we accept are exact;
 * only divisions (actual / target, rank / n) can round, far below the 2 places shown.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/**
 * Weighting arithmetic (products and sums only, plus ÷ 100): exact for any values toDec accepts
 * (|x| < 1e15, ≤ 200 decimals → a product has ≤ 430 significant digits; sums stay within 1000).
 */
export const Exact = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_UP });

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
const MAX_LENGTH = 400;
const MAX_ABS = new Dec('1e15');
const MAX_DECIMALS = 200;

export const ZERO = new Dec(0);
export const HUNDRED = new Dec(100);

/**
 * Parsed values by their text. Decimals are immutable, so one instance can serve every card: scoring a
 * cycle reads the same template constants (weights, targets, caps, thresholds) thousands of times, and
 * parsing was most of the engine's time. Bounded: cleared when full.
 */
const parsed = new Map<string, Decimal | null>();
const PARSED_MAX = 20_000;

/** A finite decimal from a string or number, or null when it is not one (or is out of range). */
export function toDec(value: unknown): Decimal | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value); // shortest round-trip form: 0.1 → "0.1"
  } else if (typeof value === 'string') {
    text = value;
  } else {
    return null;
  }
  const hit = parsed.get(text);
  if (hit !== undefined) return hit;
  const result = parse(text);
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(text, result);
  return result;
}

function parse(raw: string): Decimal | null {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_LENGTH || !NUMERIC.test(text)) return null;
  const d = new Dec(text);
  if (d.abs().gte(MAX_ABS) || d.decimalPlaces() > MAX_DECIMALS) return null;
  return d.isZero() ? ZERO : d; // collapse -0
}

/** Absent means null or undefined; anything else must be a number. */
export function isAbsent(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/**
 * Places a computed (divided) score keeps before weighting, half up. Weighting and totals are exact on
 * these, so the result does not depend on how many digits a division carried: the database's bulk
 * scoring (numeric, 30 places) and this engine (40 significant digits) agree to the cent, even when
 * an exact total falls on a half cent.
 */
export const SCORE_PLACES = 10;
export function scoreScale(d: Decimal): Decimal {
  return d.toDecimalPlaces(SCORE_PLACES, Decimal.ROUND_HALF_UP);
}

/** Output rounding: 2 places, ROUND_HALF_UP, never "-0.00". */
export function fixed2(d: Decimal): string {
  const s = d.toFixed(2, Decimal.ROUND_HALF_UP);
  return s === '-0.00' ? '0.00' : s;
}

/** Plain (non-exponential), unrounded decimal string. */
export function plain(d: Decimal): string {
  return d.isZero() ? '0' : d.toFixed();
}

export function clamp(d: Decimal, lo: Decimal, hi: Decimal): { value: Decimal; clamped: 'floor' | 'cap' | null } {
  if (d.lt(lo)) return { value: lo, clamped: 'floor' };
  if (d.gt(hi)) return { value: hi, clamped: 'cap' };
  return { value: d, clamped: null };
}

export function sum(values: readonly Decimal[], zero: Decimal = ZERO): Decimal {
  return values.reduce((acc, v) => acc.plus(v), zero);
}

/**
 * Rounds each part to 2 places so that the rounded parts add up exactly to `target` (a multiple of
 * 0.01): parts are rounded half-up, then the remaining cents go, one at a time, to the part whose
 * rounding moved it furthest the other way (largest remainder; ties to the earlier part).
 */
export function apportion(parts: readonly Decimal[], target: Decimal): Decimal[] {
  const rounded = parts.map((p) => p.toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
  if (rounded.length === 0) return rounded;
  const cent = new Decimal('0.01');
  let residual = target.minus(sum(rounded, target.minus(target)));
  while (!residual.isZero()) {
    const step = residual.isPositive() ? cent : cent.negated();
    let best = 0;
    let bestGap: Decimal | null = null;
    for (let i = 0; i < parts.length; i++) {
      const gap = parts[i].minus(rounded[i]).times(step.s);
      if (bestGap === null || gap.gt(bestGap)) {
        best = i;
        bestGap = gap;
      }
    }
    rounded[best] = rounded[best].plus(step);
    residual = residual.minus(step);
  }
  return rounded;
}
