/** Today's calendar date in a time zone, YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export { addDays } from '@stride/domain';
