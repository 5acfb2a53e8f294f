import type { AlertRuleKind } from '@stride/contracts';
import i18n from '../../i18n';
import { formatMoney } from '../metrics/format';

/**
 * An alert's evidence as the page reads it. The server writes it as free JSON per rule kind, so every
 * field is read defensively: a missing or malformed one is simply not shown.
 */
export interface EvidencePoint {
  period: string;
  value: number | null;
  target: number | null;
  masked: boolean;
  attainmentPct: number | null;
  z: number | null;
  median: number | null;
  mad: number | null;
  cohortSize: number | null;
  percentile: number | null;
  standardized: number | null;
  ewma: number | null;
  ewmaLimit: number | null;
  cusum: number | null;
  /** combined_decline: the pooled level against the person's own (1 = as before). */
  level: number | null;
  /** combined_decline: each indicator's value against the person's own level (ratio, 1 = as before). */
  indicators: { key: string; ratio: number | null; value: number | null }[];
}

export type MetricUnitLike = 'CNY' | 'count' | 'ratio' | 'score';

export interface Evidence {
  series: EvidencePoint[];
  metric: { key: string; name: string; unit: MetricUnitLike } | null;
  params: Record<string, unknown>;
  /** The kind's figures (everything besides series, metric and params). */
  figures: Record<string, unknown>;
}

export function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const units = new Set(['CNY', 'count', 'ratio', 'score']);

function emptyPoint(period: string): EvidencePoint {
  return {
    period,
    value: null,
    target: null,
    masked: false,
    attainmentPct: null,
    z: null,
    median: null,
    mad: null,
    cohortSize: null,
    percentile: null,
    standardized: null,
    ewma: null,
    ewmaLimit: null,
    cusum: null,
    level: null,
    indicators: [],
  };
}

export function readEvidence(raw: unknown): Evidence {
  const e = isRecord(raw) ? raw : {};
  const series: EvidencePoint[] = (Array.isArray(e.series) ? e.series : []).filter(isRecord).map((p, i) => ({
    period: typeof p.period === 'string' ? p.period : String(p.period ?? i + 1),
    value: num(p.value),
    target: num(p.target),
    masked: p.masked === true,
    attainmentPct: num(p.attainmentPct),
    z: num(p.z),
    median: num(p.median),
    mad: num(p.mad),
    cohortSize: num(p.cohortSize),
    percentile: num(p.percentile),
    standardized: num(p.standardized),
    ewma: num(p.ewma),
    ewmaLimit: num(p.ewmaLimit),
    cusum: num(p.cusum),
    level: num(p.level),
    indicators: (Array.isArray(p.indicators) ? p.indicators : []).filter(isRecord).map((x) => ({
      key: typeof x.key === 'string' ? x.key : '',
      ratio: num(x.ratio),
      value: num(x.value),
    })),
  }));
  // Periods left out of the judgement (masked, no data) come separately; they belong on the chart, greyed.
  const seen = new Set(series.map((p) => p.period));
  for (const x of Array.isArray(e.excluded) ? e.excluded.filter(isRecord) : []) {
    if (typeof x.period !== 'string' || seen.has(x.period)) continue;
    seen.add(x.period);
    series.push({ ...emptyPoint(x.period), value: num(x.value), masked: x.reason === 'masked' });
  }
  series.sort((a, b) => a.period.localeCompare(b.period));
  const m = isRecord(e.metric) ? e.metric : null;
  const metric = m
    ? {
        key: typeof m.key === 'string' ? m.key : '',
        name: typeof m.name === 'string' ? m.name : typeof m.key === 'string' ? m.key : '',
        unit: (typeof m.unit === 'string' && units.has(m.unit) ? m.unit : 'count') as MetricUnitLike,
      }
    : null;
  const params = isRecord(e.params) ? e.params : {};
  const figures: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) if (k !== 'series' && k !== 'metric' && k !== 'params') figures[k] = v;
  return { series, metric, params, figures };
}

function lang(): string {
  return i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
}

export function formatNumber(v: number, digits = 2): string {
  return new Intl.NumberFormat(lang(), { maximumFractionDigits: digits }).format(v);
}

/** A value of the judged metric; means and baselines keep their decimals even for counts. */
export function formatValue(v: number | null, unit: MetricUnitLike): string {
  if (v === null) return '—';
  if (unit === 'CNY') return formatMoney(v, 'CNY');
  if (unit === 'ratio') return new Intl.NumberFormat(lang(), { style: 'percent', maximumFractionDigits: 1 }).format(v);
  return formatNumber(v, 2);
}

/** Percent figures of the evidence (dropPct, thresholdPct, attainmentPct) are numbers like 25 for 25%. */
export function formatPct(v: number | null): string {
  return v === null ? '—' : `${formatNumber(v, 1)}%`;
}

type FigureFormat = 'value' | 'pct' | 'count' | 'number' | 'days' | 'date' | 'periods' | 'enum' | 'metrics';

/** The figures each kind reports, in reading order, with how to show them. */
export const kindFigures: Record<AlertRuleKind, [key: string, format: FigureFormat, labelKey?: string][]> = {
  consecutive_decline: [
    ['startValue', 'value'],
    ['endValue', 'value'],
    ['dropPct', 'pct'],
    ['transitions', 'count'],
  ],
  attainment_below: [
    ['below', 'count'],
    ['of', 'count'],
    ['thresholdPct', 'pct'],
  ],
  below_cohort: [
    ['below', 'count'],
    ['of', 'count'],
    ['method', 'enum'],
    ['threshold', 'number'],
  ],
  activity_drop: [
    ['baselineMean', 'value'],
    ['baselineSd', 'value'],
    ['h', 'number'],
    ['trigger', 'enum'],
    ['dropPct', 'pct'],
  ],
  post_regularization_slack: [
    ['probationMean', 'value'],
    ['postMean', 'value'],
    ['dropPct', 'pct'],
    ['thresholdPct', 'pct', 'dropThreshold'],
    ['probationPeriods', 'periods'],
    ['postPeriods', 'periods'],
  ],
  no_activity: [
    ['lastActivityDate', 'date'],
    ['daysSince', 'days'],
    ['maskedDays', 'days'],
    ['days', 'days'],
  ],
  combined_decline: [
    ['indicators', 'metrics'],
    ['onsetPeriod', 'date'],
    ['dropPct', 'pct'],
    ['h', 'number'],
    ['baselineFrom', 'date'],
    ['levelPeriods', 'periods'],
    ['levelProbationPeriods', 'periods'],
    ['relativeTo', 'enum'],
  ],
};

/** The name of a metric of a combined rule's evidence in the UI language (its key when unknown). */
export function indicatorName(figures: Record<string, unknown>, key: string): string {
  const names = isRecord(figures.indicatorNames) ? figures.indicatorNames : {};
  const entry = isRecord(names[key]) ? names[key] : {};
  const name = entry[lang()];
  return typeof name === 'string' && name ? name : key;
}

export function formatFigure(
  v: unknown,
  format: FigureFormat | 'auto',
  unit: MetricUnitLike,
  t: (key: string, options?: Record<string, unknown>) => string,
): string | null {
  if (v === null || v === undefined || v === '') return null;
  switch (format) {
    case 'value':
      return num(v) === null ? null : formatValue(num(v), unit);
    case 'pct':
      return num(v) === null ? null : formatPct(num(v));
    case 'count':
    case 'number':
      return num(v) === null ? String(v) : formatNumber(num(v) as number, 2);
    case 'days':
      return num(v) === null ? String(v) : t('alerts.figures.daysValue', { count: num(v) as number });
    case 'date':
      return String(v);
    case 'periods':
      return Array.isArray(v) ? v.map(String).join(t('alerts.figures.listSeparator')) || null : String(v);
    case 'enum':
      return t(`alerts.enums.${String(v)}`, { defaultValue: String(v) });
    case 'metrics':
      return Array.isArray(v) ? v.map(String).join(t('alerts.figures.listSeparator')) || null : String(v);
    default: {
      if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
      if (typeof v === 'number') return formatNumber(v, 4);
      if (typeof v === 'string') return v;
      if (Array.isArray(v) && v.length && v.every((x) => typeof x !== 'object'))
        return v.map(String).join(t('alerts.figures.listSeparator'));
      return null;
    }
  }
}

/** The figure rows to show: the kind's known ones first, then anything else simple the server added. */
export function figureRows(
  kind: AlertRuleKind,
  evidence: Evidence,
  t: (key: string, options?: Record<string, unknown>) => string,
): { key: string; label: string; value: string }[] {
  const unit = evidence.metric?.unit ?? 'count';
  const known = kindFigures[kind] ?? [];
  const rows: { key: string; label: string; value: string }[] = [];
  const seen = new Set<string>();
  for (const [key, format, labelKey] of known) {
    seen.add(key);
    const raw = evidence.figures[key];
    const value = formatFigure(
      format === 'metrics' && Array.isArray(raw) ? raw.map((k) => indicatorName(evidence.figures, String(k))) : raw,
      format,
      unit,
      t,
    );
    if (value !== null) rows.push({ key, label: t(`alerts.figures.${labelKey ?? key}`, { defaultValue: key }), value });
  }
  // Periods left out, grouped by why: a few are listed, longer runs summarized.
  const excluded = Array.isArray(evidence.figures.excluded) ? evidence.figures.excluded.filter(isRecord) : [];
  const byReason = new Map<string, string[]>();
  for (const x of excluded) {
    const reason = String(x.reason ?? '');
    byReason.set(reason, [...(byReason.get(reason) ?? []), String(x.period ?? '')]);
  }
  if (byReason.size)
    rows.push({
      key: 'excluded',
      label: t('alerts.figures.excluded'),
      value: [...byReason.entries()]
        .map(([reason, periods]) => {
          const sorted = [...periods].sort();
          return t('alerts.figures.excludedGroup', {
            reason: t(`alerts.enums.${reason}`, { defaultValue: reason }),
            periods:
              sorted.length <= 3
                ? sorted.join(t('alerts.figures.listSeparator'))
                : t('alerts.figures.excludedMany', {
                    count: sorted.length,
                    from: sorted[0],
                    to: sorted[sorted.length - 1],
                  }),
          });
        })
        .join(t('alerts.figures.groupSeparator')),
    });
  seen.add('excluded');
  // The metric names are shown with the metrics already; the comparison basis is part of the method.
  seen.add('indicatorNames');
  for (const [key, raw] of Object.entries(evidence.figures)) {
    if (seen.has(key)) continue;
    // Parameters echoed in the evidence are shown with the rule's parameters already.
    if (key in evidence.params && JSON.stringify(evidence.params[key]) === JSON.stringify(raw)) continue;
    const value = formatFigure(raw, 'auto', unit, t);
    if (value !== null) rows.push({ key, label: t(`alerts.figures.${key}`, { defaultValue: key }), value });
  }
  return rows;
}

/** A rule parameter for display (booleans and enum values in words). */
export function formatParam(
  key: string,
  v: unknown,
  t: (key: string, options?: Record<string, unknown>) => string,
): string {
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  if (key === 'method' && typeof v === 'string') return t(`alerts.enums.${v}`, { defaultValue: v });
  if (typeof v === 'number') {
    const pct = /Pct$|^percentile$/.test(key);
    return pct ? `${formatNumber(v, 2)}%` : formatNumber(v, 4);
  }
  if (v === null || v === undefined) return '—';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
