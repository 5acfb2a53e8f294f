import dayjs, { type Dayjs } from 'dayjs';
import i18n from '../../i18n';

export const periodTypes = ['week', 'month', 'quarter', 'year'] as const;
export type PeriodType = (typeof periodTypes)[number];

const ISO = 'YYYY-MM-DD';

/** The first day of the period containing `d`: weeks start on Monday (as the server's date_trunc does). */
export function periodStartOf(d: Dayjs, type: PeriodType): Dayjs {
  const day = d.startOf('day');
  switch (type) {
    case 'week':
      return day.subtract((day.day() + 6) % 7, 'day');
    case 'month':
      return day.startOf('month');
    case 'quarter':
      return day.startOf('month').subtract(day.month() % 3, 'month');
    case 'year':
      return day.startOf('year');
  }
}

/** Moves a period start by `n` periods. */
export function addPeriods(start: Dayjs, type: PeriodType, n: number): Dayjs {
  switch (type) {
    case 'week':
      return start.add(7 * n, 'day');
    case 'month':
      return start.add(n, 'month');
    case 'quarter':
      return start.add(3 * n, 'month');
    case 'year':
      return start.add(n, 'year');
  }
}

/** The last day of the period starting at `start` (week = Monday + 6 days). */
export function periodEndOf(start: Dayjs, type: PeriodType): Dayjs {
  return addPeriods(start, type, 1).subtract(1, 'day');
}

export function toIsoDate(d: Dayjs): string {
  return d.format(ISO);
}

/** Calendar bounds (inclusive, YYYY-MM-DD) of the period starting at `periodStart`. */
export function periodBounds(periodStart: string, type: PeriodType): { from: string; to: string } {
  const start = dayjs(periodStart);
  return { from: toIsoDate(start), to: toIsoDate(periodEndOf(start, type)) };
}

/** Every period start from the period containing `from` to the one containing `to`, oldest first (capped). */
export function listPeriods(from: Dayjs, to: Dayjs, type: PeriodType, max = 400): string[] {
  const out: string[] = [];
  let cur = periodStartOf(from, type);
  const last = periodStartOf(to, type);
  while (!cur.isAfter(last) && out.length < max) {
    out.push(toIsoDate(cur));
    cur = addPeriods(cur, type, 1);
  }
  return out;
}

/** A short human label for a period, in the current UI language. */
export function periodLabel(periodStart: string, type: PeriodType): string {
  const d = dayjs(periodStart);
  const zh = i18n.language !== 'en-US';
  switch (type) {
    case 'week': {
      const end = periodEndOf(d, 'week');
      return zh ? `${d.format('YYYY/M/D')}–${end.format('M/D')}` : `${d.format('MMM D')}–${end.format('MMM D, YYYY')}`;
    }
    case 'month':
      return zh ? d.format('YYYY年M月') : d.locale('en').format('MMM YYYY');
    case 'quarter':
      return zh ? `${d.year()}年Q${Math.floor(d.month() / 3) + 1}` : `Q${Math.floor(d.month() / 3) + 1} ${d.year()}`;
    case 'year':
      return zh ? `${d.year()}年` : String(d.year());
  }
}

/** A compact label for chart axes. */
export function periodAxisLabel(periodStart: string, type: PeriodType): string {
  const d = dayjs(periodStart);
  switch (type) {
    case 'week':
      return d.format('MM-DD');
    case 'month':
      return d.format('YYYY-MM');
    case 'quarter':
      return `${d.year()} Q${Math.floor(d.month() / 3) + 1}`;
    case 'year':
      return String(d.year());
  }
}
