import type { AlertRuleKind, Locale } from '@stride/contracts';

type Evidence = Record<string, unknown>;

const n = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const fmt = (v: unknown, locale: Locale, digits = 0) => {
  const x = n(v);
  return x === null ? '—' : x.toLocaleString(locale, { maximumFractionDigits: digits });
};
const pct = (v: unknown, locale: Locale) => `${fmt(v, locale, 1)}%`;

/**
 * One sentence saying what was seen against what, from an alert's evidence, in the reader's language. The
 * figures are the detector's own (DOMAIN.md §3); nothing is invented here.
 */
export function summarize(kind: AlertRuleKind, metric: string, e: Evidence, locale: Locale): string {
  const zh = locale === 'zh-CN';
  switch (kind) {
    case 'consecutive_decline':
      if (e.relativeTo === 'team_median')
        return zh
          ? `${metric}相对团队中位数连续 ${fmt(e.transitions, locale)} 期下降，累计下降 ${pct(e.dropPct, locale)}（团队中位数的 ${fmt(e.startValue, locale, 2)} 倍 → ${fmt(e.endValue, locale, 2)} 倍）`
          : `${metric} against the team median fell ${fmt(e.transitions, locale)} periods in a row, ${pct(e.dropPct, locale)} in all (${fmt(e.startValue, locale, 2)}× → ${fmt(e.endValue, locale, 2)}× the median)`;
      return zh
        ? `${metric}连续 ${fmt(e.transitions, locale)} 期下降，累计下降 ${pct(e.dropPct, locale)}（${fmt(e.startValue, locale, 2)} → ${fmt(e.endValue, locale, 2)}）`
        : `${metric} fell ${fmt(e.transitions, locale)} periods in a row, ${pct(e.dropPct, locale)} in all (${fmt(e.startValue, locale, 2)} → ${fmt(e.endValue, locale, 2)})`;
    case 'attainment_below':
      return zh
        ? `近 ${fmt(e.of, locale)} 期中有 ${fmt(e.below, locale)} 期${metric}目标达成率低于 ${pct(e.thresholdPct, locale)}`
        : `${metric} attainment below ${pct(e.thresholdPct, locale)} in ${fmt(e.below, locale)} of the last ${fmt(e.of, locale)} periods`;
    case 'below_cohort': {
      const last = (e.series as { z?: number; median?: number; value?: number }[] | undefined)?.at(-1);
      const how =
        e.method === 'percentile'
          ? zh
            ? '处于同组同岗后段'
            : 'in the bottom of the cohort'
          : zh
            ? `稳健 z 值 ${fmt(last?.z, locale, 2)}（同组中位数 ${fmt(last?.median, locale, 2)}）`
            : `robust z ${fmt(last?.z, locale, 2)} (cohort median ${fmt(last?.median, locale, 2)})`;
      return zh
        ? `近 ${fmt(e.of, locale)} 期中有 ${fmt(e.below, locale)} 期${metric}低于同组同岗，最近一期${how}`
        : `${metric} below the cohort in ${fmt(e.below, locale)} of the last ${fmt(e.of, locale)} periods; latest ${how}`;
    }
    case 'activity_drop':
      return zh
        ? `${metric}较本人基线（每周 ${fmt(e.baselineMean, locale, 1)}）下降 ${pct(e.dropPct, locale)}，${e.trigger === 'ewma' ? 'EWMA' : e.trigger === 'cusum' ? 'CUSUM' : 'EWMA 与 CUSUM'} 发出信号`
        : `${metric} down ${pct(e.dropPct, locale)} against own baseline (${fmt(e.baselineMean, locale, 1)} a week); ${e.trigger === 'both' ? 'EWMA and CUSUM' : String(e.trigger ?? '').toUpperCase()} signalled`;
    case 'post_regularization_slack':
      return zh
        ? `转正后${metric}平均 ${fmt(e.postMean, locale, 1)}，较试用期平均 ${fmt(e.probationMean, locale, 1)} 下降 ${pct(e.dropPct, locale)}`
        : `${metric} averages ${fmt(e.postMean, locale, 1)} since regularization, ${pct(e.dropPct, locale)} below the probation average of ${fmt(e.probationMean, locale, 1)}`;
    case 'combined_decline': {
      const names = (e.indicatorNames ?? {}) as Record<string, Partial<Record<Locale, string>>>;
      const keys = Array.isArray(e.indicators) ? (e.indicators as string[]) : [];
      const list = keys.map((k) => names[k]?.[locale] ?? k).join(zh ? '、' : ', ') || metric;
      const series = Array.isArray(e.series) ? (e.series as { period?: string; cusum?: number }[]) : [];
      const last = series.at(-1);
      const since = typeof e.onsetPeriod === 'string' ? e.onsetPeriod : '—';
      return zh
        ? `自 ${since} 起${list}综合较本人此前水平下降 ${pct(e.dropPct, locale)}（CUSUM ${fmt(last?.cusum, locale, 2)}，阈值 ${fmt(e.h, locale, 2)}）`
        : `${list} together ${pct(e.dropPct, locale)} below own earlier level since ${since} (CUSUM ${fmt(last?.cusum, locale, 2)} over ${fmt(e.h, locale, 2)})`;
    }
    case 'no_activity':
      return zh
        ? `已连续 ${fmt(e.daysSince, locale)} 天无销售活动（最近一次 ${String(e.lastActivityDate ?? '—')}）`
        : `No sales activity for ${fmt(e.daysSince, locale)} days (last on ${String(e.lastActivityDate ?? '—')})`;
  }
}

export type Recipient = 'hr' | 'manager' | 'employee';

/** Stride's default message per recipient; {placeholders} are filled in by fillMessage. */
export const defaultMessages: Record<Recipient, Record<Locale, { title: string; body: string }>> = {
  hr: {
    'zh-CN': { title: '绩效预警：{name}', body: '「{rule}」：{summary}（{period}）。请与其直属上级跟进。' },
    'en-US': {
      title: 'Performance alert: {name}',
      body: '“{rule}”: {summary} ({period}). Please follow up with the manager.',
    },
  },
  manager: {
    'zh-CN': { title: '团队成员预警：{name}', body: '「{rule}」：{summary}（{period}）。建议尽快与 {name} 沟通辅导。' },
    'en-US': {
      title: 'Alert on your team member {name}',
      body: '“{rule}”: {summary} ({period}). Consider a coaching conversation with {name} soon.',
    },
  },
  employee: {
    'zh-CN': { title: '绩效提醒', body: '{summary}（{period}）。你的上级会与你一起看看原因和改进方向。' },
    'en-US': {
      title: 'A performance reminder',
      body: '{summary} ({period}). Your manager will look at the causes and next steps with you.',
    },
  },
};

export function fillMessage(template: string, values: Record<string, string>): string {
  return template.replace(/\{(name|metric|summary|period|rule)\}/g, (_, k: string) => values[k] ?? '');
}
