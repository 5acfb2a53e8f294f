import { addDays, addMonths } from '@stride/domain';
import { periodStartOf } from '../metrics/periods';

/** Days from `from` to `to` (dates); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A review opens automatically `leadDays` before the probation end (and any day after, until one exists). */
export function isDue(probationEndDate: string, leadDays: number, today: string): boolean {
  return addDays(probationEndDate, -leadDays) <= today;
}

/**
 * The month a review scores at opening: the last full calendar month before the opening day, which lies
 * inside the probation for any probation long enough to have one. When that month ended before the hire
 * date (a one-month probation opened early), the month of opening so far.
 */
export function scoredMonthStart(openedOn: string, hireDate: string): string {
  const thisMonth = periodStartOf('month', openedOn);
  return addDays(thisMonth, -1) < hireDate ? thisMonth : addMonths(thisMonth, -1);
}

/** Passing regularizes from the day after the probation end unless HR gives another date. */
export const defaultRegularizationDate = (probationEndDate: string) => addDays(probationEndDate, 1);

/**
 * Not passing (Art. 21, 39(1)) is possible up to and including the last day of probation. When the
 * person's probation end was changed after the review opened, the earlier of the two dates counts.
 */
export function lastDayToFail(reviewEndDate: string, currentEndDate: string | null): string {
  return currentEndDate && currentEndDate < reviewEndDate ? currentEndDate : reviewEndDate;
}

export const canFailOn = (lastDay: string, today: string) => today <= lastDay;
