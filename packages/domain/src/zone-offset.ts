// Converts a wall-clock time in an IANA zone to a UTC instant using only Intl,
// so the domain package needs no time-zone library.

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Cached because building a DateTimeFormat is far slower than using one; throws RangeError for unknown zones. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23', // avoid "24" at midnight that some ICU versions emit with hour12: false
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError when the zone is not a valid IANA name (a programming error, not bad input). */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** Offset (local − UTC) in ms that the zone observes at the given instant. */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  // Intl only reports whole seconds, so compare against the instant truncated to the second.
  const whole = Math.floor(instantMs / 1000) * 1000;
  const fields: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(whole))) {
    if (p.type !== 'literal') fields[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  return asUtc - whole;
}

/**
 * Instant for a wall-clock time (given as ms since the epoch as if it were UTC) in `timeZone`.
 * Follows Temporal's "compatible" disambiguation: a repeated hour (DST end) takes the earlier
 * instant, a skipped hour (DST start) is shifted forward by the gap — what people mean in practice.
 */
export function wallClockToInstant(wallMs: number, timeZone: string): number {
  // Offsets a day either side bracket any single transition near this wall time.
  const before = zoneOffsetMs(wallMs - DAY_MS, timeZone);
  const after = zoneOffsetMs(wallMs + DAY_MS, timeZone);
  const candidates = [before, after]
    .map((offset) => wallMs - offset)
    .filter((instant) => instant + zoneOffsetMs(instant, timeZone) === wallMs);
  if (candidates.length > 0) return Math.min(...candidates);
  return wallMs - before; // in the gap: keep the pre-transition offset, which lands after the gap
}

const QUARTER_HOUR_MS = 900_000;
const dayCaches = new Map<string, Map<number, string | null>>();

/**
 * The calendar day (YYYY-MM-DD) an instant falls on in the zone, as PostgreSQL's
 * `(instant at time zone zone)::date`. Memoized per quarter hour (every zone's offset today is a multiple
 * of 15 minutes, so a quarter hour holds one local day unless an offset change falls inside it, which is
 * then computed exactly): ingestion asks this for every activity.
 */
export function localDateIn(instantMs: number, timeZone: string): string {
  let cache = dayCaches.get(timeZone);
  if (!cache || cache.size > 200_000) {
    cache = new Map();
    dayCaches.set(timeZone, cache);
  }
  const bucket = Math.floor(instantMs / QUARTER_HOUR_MS);
  let day = cache.get(bucket);
  if (day === undefined) {
    const start = bucket * QUARTER_HOUR_MS;
    const end = start + QUARTER_HOUR_MS - 1;
    const first = new Date(start + zoneOffsetMs(start, timeZone)).toISOString().slice(0, 10);
    const last = new Date(end + zoneOffsetMs(end, timeZone)).toISOString().slice(0, 10);
    day = first === last ? first : null;
    cache.set(bucket, day);
  }
  return day ?? new Date(instantMs + zoneOffsetMs(instantMs, timeZone)).toISOString().slice(0, 10);
}
