import i18n from '../../i18n';

export type MetricUnit = 'CNY' | 'count' | 'ratio' | 'score';

function lang(): string {
  return i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
}

/** ¥12,800.00 in Chinese, CNY 12,800.00 in English (other currencies by code in both). */
export function formatMoney(value: string | number | null | undefined, currency = 'CNY'): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  const l = lang();
  try {
    return new Intl.NumberFormat(l, {
      style: 'currency',
      currency,
      currencyDisplay: l === 'zh-CN' && currency === 'CNY' ? 'symbol' : 'code',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }).format(n);
  } catch {
    return `${currency} ${n.toFixed(2)}`;
  }
}

export function formatCount(value: string | number): string {
  return new Intl.NumberFormat(lang(), { maximumFractionDigits: 0 }).format(Number(value));
}

export function formatPercent(value: string | number, digits = 1): string {
  return new Intl.NumberFormat(lang(), {
    style: 'percent',
    minimumFractionDigits: 0,
    maximumFractionDigits: digits,
  }).format(Number(value));
}

/** Formats a metric value (a decimal string from the API) according to its unit. */
export function formatMetricValue(value: string | number | null | undefined, unit: MetricUnit): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (unit) {
    case 'CNY':
      return formatMoney(value, 'CNY');
    case 'ratio':
      return formatPercent(value);
    case 'score':
      return new Intl.NumberFormat(lang(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
        Number(value),
      );
    default:
      return formatCount(value);
  }
}

/** Compact axis labels: 12.8k / 1.2万. */
export function formatAxisNumber(value: number, unit: MetricUnit | 'percent'): string {
  if (unit === 'ratio' || unit === 'percent') return formatPercent(value, 0);
  return new Intl.NumberFormat(lang(), { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}
