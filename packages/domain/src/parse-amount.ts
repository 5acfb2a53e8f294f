import Decimal from 'decimal.js';
import { toHalfWidth } from './normalize-text';

export type AmountErrorCode = 'EMPTY' | 'UNRECOGNIZED_AMOUNT' | 'TOO_MANY_DECIMALS';
export type AmountParseResult = { ok: true; value: string } | { ok: false; code: AmountErrorCode };
export type CountErrorCode = 'EMPTY' | 'NOT_A_COUNT' | 'NEGATIVE_COUNT';
export type CountParseResult = { ok: true; value: number } | { ok: false; code: CountErrorCode };

export interface ParseAmountOptions {
  /** Digits after the decimal point in the result (default 2, i.e. fen). */
  scale?: number;
}

// The default precision (20 significant digits) would round large amounts once multiplied by 亿;
// a generous precision keeps ×10^4 / ×10^8 exact for any input we accept (MAX_INPUT_LENGTH).
const Exact = Decimal.clone({ precision: 200 });
const MAX_INPUT_LENGTH = 100;
const UNIT_FACTORS: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

/** Sign and digits of a plain number with optional thousands grouping. */
interface NumericCore {
  negative: boolean;
  /** A sign or accounting parentheses was present, so another one would be a double sign. */
  signed: boolean;
  digits: string; // e.g. "12800.50", grouping removed
}

// Either ungrouped ("12800.5") or consistently grouped by 3 with "," or " " ("12,800.5", "12 800").
const PLAIN = /^\d+(?:\.\d+)?$/;
const GROUPED = /^\d{1,3}(?<sep>[, ])\d{3}(?:\k<sep>\d{3})*(?:\.\d+)?$/;
const OUTER_PARENS = /^\((?<inner>.*)\)$/;
const SIGN_THEN_BODY = /^(?<sign>[+-]?)\s*(?<body>.*)$/;
// Currency may sit before or after the sign ("-¥1,200", "¥-1,200"); 元/CNY/RMB may also trail.
const CURRENCY_PREFIX = /^(?:¥|rmb|cny|人民币)\s*/i;
const AMOUNT_SUFFIX = /\s*(?<unit>[万亿])?\s*(?:元|rmb|cny)?$/i;

/** Normalises the look-alike characters exports use: full-width forms, ￥, U+2212 minus, NBSP. */
function normalizeNumeric(s: string): string {
  return toHalfWidth(s)
    .replace(/\uFFE5/g, '¥')
    .replace(/\u2212/g, '-')
    .replace(/[\s\u00A0\u202F]+/g, ' ')
    .trim();
}

/** A number with one optional leading sign or accounting parentheses "(1,200)"; null otherwise. */
function parseCore(s: string): NumericCore | null {
  const paren = OUTER_PARENS.exec(s);
  const { sign, body } = SIGN_THEN_BODY.exec(paren ? paren.groups!.inner.trim() : s)!.groups!;
  if ((paren && sign) || (!PLAIN.test(body) && !GROUPED.test(body))) return null;
  return {
    negative: paren !== null || sign === '-',
    signed: paren !== null || sign !== '',
    digits: body.replace(/[, ]/g, ''),
  };
}

function stripDecorations(s: string): { core: string; factor: number } {
  const suffix = AMOUNT_SUFFIX.exec(s)!; // always matches (possibly empty)
  let core = s.slice(0, suffix.index).trim();
  const sign = /^[+-]/.test(core) ? core[0] : '';
  core = (sign + core.slice(sign.length).trimStart().replace(CURRENCY_PREFIX, '')).trim();
  const unit = suffix.groups?.unit;
  return { core, factor: unit ? UNIT_FACTORS[unit] : 1 };
}

/** Accounting parentheses may wrap the whole decorated amount ("(¥1,200元)") or just the number. */
function parseDecorated(s: string): (NumericCore & { factor: number }) | null {
  const outer = OUTER_PARENS.exec(s);
  const { core, factor } = stripDecorations(outer ? outer.groups!.inner.trim() : s);
  const parsed = parseCore(core);
  if (!parsed) return null;
  if (!outer) return { ...parsed, factor };
  return parsed.signed ? null : { ...parsed, negative: true, signed: true, factor };
}

function toFixedScale(value: Decimal, scale: number): AmountParseResult {
  if (value.decimalPlaces() > scale) return { ok: false, code: 'TOO_MANY_DECIMALS' };
  return { ok: true, value: value.abs().isZero() ? new Exact(0).toFixed(scale) : value.toFixed(scale) };
}

function checkScale(scale: number): void {
  if (!Number.isInteger(scale) || scale < 0 || scale > 20) throw new RangeError(`Invalid scale: ${scale}`);
}

/**
 * Money amount as a decimal string with exactly `scale` decimals. Accepts Chinese export styles
 * (¥/￥/RMB/CNY, 元, 万/亿 units, full-width digits, accounting negatives). Amounts with more
 * decimals than `scale` are refused rather than rounded, because silent rounding hides data errors.
 */
export function parseAmount(input: string | number, opts?: ParseAmountOptions): AmountParseResult {
  const scale = opts?.scale ?? 2;
  checkScale(scale);
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, code: 'UNRECOGNIZED_AMOUNT' };
    // String() is the shortest decimal that round-trips, e.g. 0.1 → "0.1", never 0.1000000000000000055…
    return toFixedScale(new Exact(String(input)), scale);
  }
  if (typeof input !== 'string') return { ok: false, code: 'UNRECOGNIZED_AMOUNT' };
  const s = normalizeNumeric(input);
  if (s === '') return { ok: false, code: 'EMPTY' };
  if (s.length > MAX_INPUT_LENGTH) return { ok: false, code: 'UNRECOGNIZED_AMOUNT' };
  const parsed = parseDecorated(s);
  if (!parsed) return { ok: false, code: 'UNRECOGNIZED_AMOUNT' };
  const magnitude = new Exact(parsed.digits).times(parsed.factor);
  return toFixedScale(parsed.negative ? magnitude.negated() : magnitude, scale);
}

/**
 * Non-negative whole number (headcount, visits, units). "12.00" is accepted because spreadsheets
 * often format integer columns with decimals; "12.5" is not a count.
 */
export function parseCount(input: string | number): CountParseResult {
  if (typeof input === 'number') return countFrom(input);
  if (typeof input !== 'string') return { ok: false, code: 'NOT_A_COUNT' };
  const s = normalizeNumeric(input);
  if (s === '') return { ok: false, code: 'EMPTY' };
  const parsed = s.length > MAX_INPUT_LENGTH ? null : parseCore(s);
  if (!parsed || !/^\d+(?:\.0+)?$/.test(parsed.digits)) return { ok: false, code: 'NOT_A_COUNT' };
  const n = Number(parsed.digits);
  return countFrom(parsed.negative && n !== 0 ? -n : n);
}

function countFrom(n: number): CountParseResult {
  if (!Number.isInteger(n)) return { ok: false, code: 'NOT_A_COUNT' };
  if (n < 0) return { ok: false, code: 'NEGATIVE_COUNT' };
  if (!Number.isSafeInteger(n)) return { ok: false, code: 'NOT_A_COUNT' };
  return { ok: true, value: n === 0 ? 0 : n }; // collapse -0
}
