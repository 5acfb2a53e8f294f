import { clearConfidence, firedConfidence, insufficientSignal } from './series';
import type { Signal } from './types';

export interface NoActivityParams {
  /** Calendar days without activity (net of leave) that count as inactivity (e.g. 14). */
  days: number;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date (a datetime is cut to its date part); null when not a real date. */
function epochDay(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(typeof iso === 'string' ? iso : '');
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

function isoOfEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Fires when the calendar days from the last activity to asOf, minus maskedDays (leave days inside that
 * gap), reach `days`. Dates are ISO (YYYY-MM-DD; a datetime is cut to its date, so pass local dates).
 * No activity ever (lastActivityDate null) is insufficient_data, not a fire: a new hire without CRM data
 * is not an inactive one. An unparseable date is insufficient_data too (reason INVALID_DATE).
 *
 * onsetPeriod = lastActivityDate + days + maskedDays, capped at asOf: where the leave fell inside the gap
 * is not known, so this is the latest date by which the condition certainly held.
 *
 * Confidence (frame in {@link Signal.confidence}): severity = (net days − days) / days (a gap twice the
 * threshold is certain); data = 1 (the gap is a count, not an estimate). Clear: closeness = net days / days.
 *
 * Evidence: `{ lastActivityDate, asOf, daysSince, maskedDays, netDays, days }`.
 */
export function noActivity(lastActivityDate: string | null, asOf: string, p: NoActivityParams, maskedDays = 0): Signal {
  const masked = Number.isFinite(maskedDays) ? Math.max(0, maskedDays) : 0;
  const evidence = { lastActivityDate, asOf, daysSince: null, maskedDays: masked, netDays: null, days: p.days };
  const asOfDay = epochDay(asOf);
  if (asOfDay === null) return insufficientSignal(null, 'INVALID_DATE', evidence);
  const period = isoOfEpochDay(asOfDay);
  if (lastActivityDate === null || lastActivityDate === undefined) {
    return insufficientSignal(period, 'NO_ACTIVITY_EVER', evidence);
  }
  const lastDay = epochDay(lastActivityDate);
  if (lastDay === null) return insufficientSignal(period, 'INVALID_DATE', evidence);

  const daysSince = asOfDay - lastDay;
  const netDays = daysSince - masked;
  const full = { ...evidence, daysSince, netDays };
  if (netDays >= p.days) {
    return {
      status: 'fired',
      onsetPeriod: isoOfEpochDay(Math.min(asOfDay, lastDay + Math.ceil(p.days) + Math.ceil(masked))),
      period,
      confidence: firedConfidence(p.days > 0 ? (netDays - p.days) / p.days : 1, 1),
      evidence: full,
    };
  }
  return {
    status: 'clear',
    onsetPeriod: null,
    period,
    confidence: clearConfidence(p.days > 0 ? netDays / p.days : 0),
    evidence: full,
  };
}
