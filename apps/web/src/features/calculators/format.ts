import type { TFunction } from 'i18next';

/** "40000.5" → "40,000.50", on the decimal string itself (no float on the way). */
export function formatMoneyText(value: string): string {
  const negative = value.startsWith('-');
  const [int, frac = ''] = (negative ? value.slice(1) : value).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${frac.padEnd(2, '0').slice(0, 2)}`;
}

/** A city code shown by its name when Stride knows it ("shanghai" → 上海 / Shanghai), else the code. */
export function cityLabel(code: string, t: TFunction): string {
  return t(`calculators.cities.${code}`, { defaultValue: code });
}
