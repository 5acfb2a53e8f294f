import dayjs from 'dayjs';
import i18n from '../i18n';

const EMPTY = '—';

/** Formats a calendar date (YYYY-MM-DD) for display in the current language. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return EMPTY;
  const d = dayjs(value);
  if (!d.isValid()) return value;
  return i18n.language === 'zh-CN' ? d.format('YYYY-MM-DD') : d.format('MMM D, YYYY');
}

/** Formats an instant (ISO timestamp) for display in the current language and local time zone. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return EMPTY;
  const d = dayjs(value);
  if (!d.isValid()) return value;
  return i18n.language === 'zh-CN' ? d.format('YYYY-MM-DD HH:mm:ss') : d.format('MMM D, YYYY HH:mm:ss');
}

export function todayIso(): string {
  return dayjs().format('YYYY-MM-DD');
}
