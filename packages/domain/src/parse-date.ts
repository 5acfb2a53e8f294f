import { toHalfWidth } from './normalize-text';
import { assertTimeZone, wallClockToInstant } from './zone-offset';

export type DateErrorCode = 'EMPTY' | 'UNRECOGNIZED_DATE' | 'INVALID_DATE' | 'DATE_OUT_OF_RANGE';
export type DateParseResult = { ok: true; value: string } | { ok: false; code: DateErrorCode };
export type LooseDateInput = string | number | Date;

export interface LooseDateOptions {
  /** Workbooks created by old Mac Excel count serials from 1904-01-01 (serial 0). */
  dateSystem1904?: boolean;
}

export interface LooseDateTimeOptions extends LooseDateOptions {
  /** IANA zone used for wall-clock values without an explicit offset, e.g. 'Asia/Shanghai'. */
  timeZone: string;
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2999;
const DAY_MS = 86_400_000;
// Excel's 1900 system pretends 1900 was a leap year (inherited from Lotus 1-2-3): serial 60 is the
// non-existent 1900-02-29, so serials ≥ 61 count from 1899-12-30 and serials ≤ 59 from 1899-12-31.
const EXCEL_1900_EPOCH = Date.UTC(1899, 11, 30);
const EXCEL_1904_EPOCH = Date.UTC(1904, 0, 1);
const LOTUS_PHANTOM_SERIAL = 60;

/** A calendar date plus time of day as written; offsetMinutes is null when no offset/Z was given. */
interface WallClock {
  y: number;
  m: number;
  d: number;
  timeMs: number;
  offsetMinutes: number | null;
}
type Parsed = { ok: true; wall: WallClock } | { ok: false; code: DateErrorCode };

const fail = (code: DateErrorCode): { ok: false; code: DateErrorCode } => ({ ok: false, code });

// Named groups so the three layouts share one extraction path.
const SEPARATED = /^(?<y>\d{4})(?<sep>[-/.])(?<m>\d{1,2})\k<sep>(?<d>\d{1,2})(?:(?:T|\s+)(?<time>.+))?$/;
const CHINESE = /^(?<y>\d{4})\s*年\s*(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*[日号]?(?:\s*(?<time>.+))?$/;
const COMPACT = /^(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})(?:(?:T|\s+)(?<time>.+))?$/;
const SERIAL = /^\d{1,6}(?:\.\d+)?$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function isValidDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate(); // day 0 of next month = last day of this one
}

/** Range is checked before validity so a far-off year reports the more useful error. */
function checkedWall(y: number, m: number, d: number, timeMs = 0, offsetMinutes: number | null = null): Parsed {
  if (!Number.isFinite(y) || y < MIN_YEAR || y > MAX_YEAR) return fail('DATE_OUT_OF_RANGE');
  if (!isValidDay(y, m, d)) return fail('INVALID_DATE');
  return { ok: true, wall: { y, m, d, timeMs, offsetMinutes } };
}

function fromUtcMs(ms: number, offsetMinutes: number | null): Parsed {
  const t = new Date(ms);
  const timeMs = ((ms % DAY_MS) + DAY_MS) % DAY_MS;
  return checkedWall(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), timeMs, offsetMinutes);
}

/** Excel serial day number, fractional part = time of day (wall clock, no zone). */
function fromSerial(serial: number, is1904: boolean): Parsed {
  if (!Number.isFinite(serial)) return fail('UNRECOGNIZED_DATE');
  if (serial < 0 || serial > 1e7) return fail('DATE_OUT_OF_RANGE');
  // Round the whole value to ms first so 0.999999999 of a day carries into the next day.
  const totalMs = Math.round(serial * DAY_MS);
  const day = Math.floor(totalMs / DAY_MS);
  const timeMs = totalMs - day * DAY_MS;
  if (is1904) return fromUtcMs(EXCEL_1904_EPOCH + totalMs, null);
  // Serial 0 ("1900-01-00") is before the supported range; 60 is the Lotus phantom leap day,
  // which we refuse rather than silently moving it to 02-28 or 03-01.
  if (day < 1) return fail('DATE_OUT_OF_RANGE');
  if (day === LOTUS_PHANTOM_SERIAL) return fail('INVALID_DATE');
  const epoch = day < LOTUS_PHANTOM_SERIAL ? EXCEL_1900_EPOCH + DAY_MS : EXCEL_1900_EPOCH;
  return fromUtcMs(epoch + day * DAY_MS + timeMs, null);
}

function parseOffset(raw: string | undefined): number | null | undefined {
  if (raw === undefined) return null;
  if (raw.toUpperCase() === 'Z') return 0;
  const sign = raw[0] === '-' ? -1 : 1;
  const digits = raw.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

/** Time-of-day tail after the date; undefined tail means midnight with no offset. */
function withTime(y: number, m: number, d: number, tail: string | undefined): Parsed {
  if (tail === undefined) return checkedWall(y, m, d);
  const t = TIME.exec(tail.trim());
  if (!t) return fail('UNRECOGNIZED_DATE');
  const [hh, mm, ss] = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
  const offset = parseOffset(t[5]);
  if (hh > 23 || mm > 59 || ss > 59 || offset === undefined) return fail('INVALID_DATE');
  const ms = Number((t[4] ?? '').padEnd(3, '0').slice(0, 3));
  return checkedWall(y, m, d, ((hh * 60 + mm) * 60 + ss) * 1000 + ms, offset);
}

function fromString(input: string, is1904: boolean): Parsed {
  const s = toHalfWidth(input).trim().replace(/\s+/g, ' ');
  if (s === '') return fail('EMPTY');
  // 1–6 digits are Excel serials that lost their cell type; 8 digits are YYYYMMDD (COMPACT, ERP style).
  if (SERIAL.test(s)) return fromSerial(Number(s), is1904);
  const g = (SEPARATED.exec(s) ?? CHINESE.exec(s) ?? COMPACT.exec(s))?.groups;
  if (!g) return fail('UNRECOGNIZED_DATE');
  return withTime(Number(g.y), Number(g.m), Number(g.d), g.time);
}

// Integers that read as YYYYMMDD within the supported years; as serials they would be year 50000+.
const isCompactNumber = (n: number) => Number.isInteger(n) && n >= MIN_YEAR * 10_000 && n <= MAX_YEAR * 10_000 + 1231;

function parseWallClock(input: LooseDateInput, opts: LooseDateOptions | undefined): Parsed {
  const is1904 = opts?.dateSystem1904 === true;
  if (input instanceof Date) {
    const ms = input.getTime();
    return Number.isNaN(ms) ? fail('INVALID_DATE') : fromUtcMs(ms, 0);
  }
  if (typeof input === 'number') {
    if (isCompactNumber(input)) return fromString(String(input), is1904);
    return fromSerial(input, is1904);
  }
  if (typeof input !== 'string') return fail('UNRECOGNIZED_DATE'); // untyped spreadsheet cells
  return fromString(input, is1904);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Calendar date (YYYY-MM-DD) from a spreadsheet cell. A time or offset after the date is validated
 * but ignored — the date is taken as written, never shifted to another zone. Date objects give
 * their UTC calendar date (spreadsheet readers build them as UTC midnights).
 */
export function parseLooseDate(input: LooseDateInput, opts?: LooseDateOptions): DateParseResult {
  const r = parseWallClock(input, opts);
  if (!r.ok) return r;
  return { ok: true, value: `${pad(r.wall.y, 4)}-${pad(r.wall.m)}-${pad(r.wall.d)}` };
}

/**
 * UTC instant (ISO 8601 with ms and Z) from a spreadsheet cell. Values with Z or ±hh:mm keep that
 * offset; wall-clock values (incl. Excel serials and date-only values at 00:00) are read in
 * opts.timeZone. Date objects are already instants and pass through. Throws RangeError for an
 * unknown time zone because that is a caller bug, not bad data.
 */
export function parseLooseDateTime(input: LooseDateInput, opts: LooseDateTimeOptions): DateParseResult {
  assertTimeZone(opts.timeZone);
  const r = parseWallClock(input, opts);
  if (!r.ok) return r;
  const { y, m, d, timeMs, offsetMinutes } = r.wall;
  const wallMs = Date.UTC(y, m - 1, d) + timeMs;
  const instant = offsetMinutes === null ? wallClockToInstant(wallMs, opts.timeZone) : wallMs - offsetMinutes * 60_000;
  return { ok: true, value: new Date(instant).toISOString() };
}
