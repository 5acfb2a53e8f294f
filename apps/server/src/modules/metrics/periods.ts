import type { periodTypes } from './metric-library';

export type PeriodTypeName = (typeof periodTypes)[number];

const pad = (n: number) => String(n).padStart(2, '0');

/** First day of the period containing `day` (YYYY-MM-DD); weeks start on Monday, like date_trunc. */
export function periodStartOf(type: PeriodTypeName, day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  if (type === 'year') return `${y}-01-01`;
  if (type === 'quarter') return `${y}-${pad(Math.floor((m - 1) / 3) * 3 + 1)}-01`;
  if (type === 'month') return `${y}-${pad(m)}-01`;
  const date = new Date(Date.UTC(y, m - 1, d));
  const back = (date.getUTCDay() + 6) % 7; // days since Monday
  date.setUTCDate(date.getUTCDate() - back);
  return date.toISOString().slice(0, 10);
}
