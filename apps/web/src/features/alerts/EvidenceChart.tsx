import type { AlertRuleKind } from '@stride/contracts';
import { Empty, Flex, Progress, Statistic, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../metrics/Chart';
import type { ChartOption } from '../metrics/echarts';
import { formatAxisNumber } from '../metrics/format';
import {
  type Evidence,
  formatNumber,
  formatPct,
  formatValue,
  indicatorName,
  type MetricUnitLike,
  num,
} from './evidence';

const colors = {
  value: '#2f54eb',
  target: '#8c8c8c',
  median: '#13c2c2',
  band: 'rgba(19, 194, 194, 0.14)',
  threshold: '#f5222d',
  baseline: '#52c41a',
  ewma: '#fa8c16',
  masked: 'rgba(0, 0, 0, 0.08)',
  probation: 'rgba(22, 119, 255, 0.10)',
  post: 'rgba(250, 140, 22, 0.12)',
};

type Series = Record<string, unknown>;
const MASKED_POINT = { color: '#bfbfbf', borderColor: '#bfbfbf' };

function line(id: string, name: string, data: (number | null)[], extra: Series = {}): Series {
  return { id, name, type: 'line', data, symbolSize: 6, connectNulls: false, ...extra };
}

/** A flat helper line (target level, baseline mean, h) drawn over the given periods only. */
function level(value: number | null, periods: number, only?: (i: number) => boolean): (number | null)[] {
  return Array.from({ length: periods }, (_, i) => (value === null || (only && !only(i)) ? null : value));
}

/** A shaded column behind the chosen periods (masked, probation or post window) on a hidden 0–1 axis. */
function shade(id: string, name: string, flags: boolean[], color: string): Series {
  return {
    id,
    name,
    type: 'bar',
    yAxisIndex: 1,
    barWidth: '100%',
    barGap: '-100%',
    silent: true,
    itemStyle: { color },
    tooltip: { show: false },
    data: flags.map((f) => (f ? 1 : null)),
    z: 0,
  };
}

const indicatorColors = ['#2f54eb', '#13c2c2', '#722ed1', '#eb2f96', '#faad14', '#a0d911'];

/**
 * combined_decline: each indicator against the person's own level (100% = as before), the pooled level, and the
 * line of the shortfall that must come with the signal.
 */
function buildCombinedOption(ev: Evidence, t: TFunction): ChartOption | null {
  const points = ev.series.filter((p) => p.level !== null || p.indicators.length > 0);
  if (points.length === 0) return null;
  const n = points.length;
  const pctFmt = (v: unknown) => formatPct(num(v));
  const keys = [...new Set(points.flatMap((p) => p.indicators.map((i) => i.key)))];
  const series: Series[] = keys.map((key, j) =>
    line(
      `indicator-${key}`,
      indicatorName(ev.figures, key),
      points.map((p) => {
        const r = p.indicators.find((i) => i.key === key)?.ratio ?? null;
        return r === null ? null : r * 100;
      }),
      {
        symbolSize: 4,
        lineStyle: { width: 1, color: indicatorColors[j % indicatorColors.length] },
        itemStyle: { color: indicatorColors[j % indicatorColors.length] },
        tooltip: { valueFormatter: pctFmt },
      },
    ),
  );
  series.push(
    line('own-level', t('alerts.evidence.ownLevel'), level(100, n), {
      symbol: 'none',
      lineStyle: { type: 'dashed', color: colors.baseline },
      itemStyle: { color: colors.baseline },
      tooltip: { valueFormatter: pctFmt },
    }),
  );
  const minDrop = num(ev.params.minDropPct);
  if (minDrop !== null)
    series.push(
      line(
        'shortfall',
        t('alerts.evidence.shortfallLine', { pct: formatNumber(minDrop, 1) }),
        level(100 - minDrop, n),
        {
          symbol: 'none',
          lineStyle: { type: 'dotted', color: colors.threshold },
          itemStyle: { color: colors.threshold },
          tooltip: { valueFormatter: pctFmt },
        },
      ),
    );
  series.push(
    line(
      'pooled-level',
      t('alerts.evidence.pooledLevel'),
      points.map((p) => (p.level === null ? null : p.level * 100)),
      {
        symbolSize: 7,
        z: 5,
        lineStyle: { width: 3, color: colors.value },
        itemStyle: { color: colors.value },
        tooltip: { valueFormatter: pctFmt },
      },
    ),
  );
  return {
    tooltip: { trigger: 'axis', confine: true },
    legend: { top: 0, type: 'scroll', data: series.map((s) => s.name as string) },
    grid: { left: 12, right: 16, top: 40, bottom: n > 24 ? 52 : 12, containLabel: true },
    dataZoom: n > 24 ? [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }] : [],
    xAxis: { type: 'category', data: points.map((p) => p.period), boundaryGap: true },
    yAxis: [{ type: 'value', scale: true, axisLabel: { formatter: (v: number) => `${v}%` } }],
    series,
  } as ChartOption;
}

function buildMainOption(kind: AlertRuleKind, ev: Evidence, t: TFunction): ChartOption | null {
  if (kind === 'combined_decline') return buildCombinedOption(ev, t);
  const points = ev.series;
  if (points.length === 0) return null;
  const unit: MetricUnitLike = ev.metric?.unit ?? 'count';
  const n = points.length;
  const fmt = (v: unknown) => formatValue(num(v), unit);
  const valueName = ev.metric?.name || t('alerts.evidence.value');
  const series: Series[] = [];
  const yAxis: Series[] = [
    {
      type: 'value',
      scale: kind !== 'no_activity',
      axisLabel: { formatter: (v: number) => formatAxisNumber(v, unit === 'CNY' ? 'CNY' : unit) },
    },
    { type: 'value', show: false, min: 0, max: 1 },
  ];

  const masked = points.map((p) => p.masked);
  if (masked.some(Boolean)) series.push(shade('masked', t('alerts.evidence.masked'), masked, colors.masked));

  if (kind === 'post_regularization_slack') {
    const prob = new Set((Array.isArray(ev.figures.probationPeriods) ? ev.figures.probationPeriods : []).map(String));
    const post = new Set((Array.isArray(ev.figures.postPeriods) ? ev.figures.postPeriods : []).map(String));
    const inProb = points.map((p) => prob.has(p.period));
    const inPost = points.map((p) => post.has(p.period));
    if (inProb.some(Boolean))
      series.push(shade('probation-window', t('alerts.evidence.probationWindow'), inProb, colors.probation));
    if (inPost.some(Boolean)) series.push(shade('post-window', t('alerts.evidence.postWindow'), inPost, colors.post));
    const probationMean = num(ev.figures.probationMean);
    const postMean = num(ev.figures.postMean);
    if (probationMean !== null && inProb.some(Boolean))
      series.push(
        line(
          'probation-mean',
          t('alerts.evidence.probationMean'),
          level(probationMean, n, (i) => inProb[i]),
          {
            symbol: 'none',
            lineStyle: { type: 'dashed', color: '#1677ff' },
            itemStyle: { color: '#1677ff' },
            tooltip: { valueFormatter: fmt },
          },
        ),
      );
    if (postMean !== null && inPost.some(Boolean))
      series.push(
        line(
          'post-mean',
          t('alerts.evidence.postMean'),
          level(postMean, n, (i) => inPost[i]),
          {
            symbol: 'none',
            lineStyle: { type: 'dashed', color: colors.ewma },
            itemStyle: { color: colors.ewma },
            tooltip: { valueFormatter: fmt },
          },
        ),
      );
  }

  if (kind === 'below_cohort') {
    const medians = points.map((p) => p.median);
    if (medians.some((m) => m !== null)) {
      // A band of one robust standard deviation (1.4826 × MAD) either side of the cohort median.
      const sd = points.map((p) => (p.median !== null && p.mad !== null ? 1.4826 * p.mad : null));
      const lower = points.map((p, i) => (p.median !== null && sd[i] !== null ? p.median - (sd[i] as number) : null));
      const width = sd.map((s) => (s !== null ? 2 * s : null));
      series.push(
        line('band-lower', '', lower, {
          stack: 'cohort-band',
          symbol: 'none',
          lineStyle: { opacity: 0 },
          tooltip: { show: false },
          silent: true,
        }),
        line('band-width', t('alerts.evidence.cohortBand'), width, {
          stack: 'cohort-band',
          symbol: 'none',
          lineStyle: { opacity: 0 },
          areaStyle: { color: colors.band },
          itemStyle: { color: colors.band },
          tooltip: { show: false },
          silent: true,
        }),
        line('median', t('alerts.evidence.cohortMedian'), medians, {
          symbol: 'none',
          lineStyle: { type: 'dashed', color: colors.median },
          itemStyle: { color: colors.median },
          tooltip: { valueFormatter: fmt },
        }),
      );
      const z = num(ev.params.zThreshold);
      const method = ev.params.method ?? ev.figures.method;
      if (z !== null && method !== 'percentile') {
        const limit = points.map((p, i) =>
          p.median !== null && sd[i] !== null ? p.median + z * (sd[i] as number) : null,
        );
        series.push(
          line('cohort-limit', t('alerts.evidence.cohortLimit', { z: formatNumber(z, 2) }), limit, {
            symbol: 'none',
            lineStyle: { type: 'dotted', color: colors.threshold },
            itemStyle: { color: colors.threshold },
            tooltip: { valueFormatter: fmt },
          }),
        );
      }
    }
  }

  if (kind === 'activity_drop') {
    const mean = num(ev.figures.baselineMean);
    const sd = num(ev.figures.baselineSd);
    if (mean !== null)
      series.push(
        line('baseline', t('alerts.evidence.baselineMean'), level(mean, n), {
          symbol: 'none',
          lineStyle: { type: 'dashed', color: colors.baseline },
          itemStyle: { color: colors.baseline },
          tooltip: { valueFormatter: fmt },
        }),
      );
    // EWMA and its lower limit are on the standardized scale; drawn in the metric's units when the baseline is known.
    const lowerLimit = (l: number | null) => (l === null ? null : -Math.abs(l));
    const toRaw = (z: number | null) => (z === null || mean === null || sd === null ? null : mean + sd * z);
    const raw = mean !== null && sd !== null;
    const ewma = points.map((p) => (raw ? toRaw(p.ewma) : p.ewma));
    const limit = points.map((p) => (raw ? toRaw(lowerLimit(p.ewmaLimit)) : lowerLimit(p.ewmaLimit)));
    const axis = raw ? 0 : 2;
    if (!raw && (ewma.some((v) => v !== null) || limit.some((v) => v !== null)))
      yAxis.push({
        type: 'value',
        name: t('alerts.evidence.standardized'),
        position: 'right',
        splitLine: { show: false },
      });
    const zFmt = raw ? fmt : (v: unknown) => (num(v) === null ? '—' : formatNumber(num(v) as number, 2));
    if (ewma.some((v) => v !== null))
      series.push(
        line('ewma', t('alerts.evidence.ewma'), ewma, {
          yAxisIndex: axis,
          symbol: 'none',
          smooth: true,
          lineStyle: { color: colors.ewma },
          itemStyle: { color: colors.ewma },
          tooltip: { valueFormatter: zFmt },
        }),
      );
    if (limit.some((v) => v !== null))
      series.push(
        line('ewma-limit', t('alerts.evidence.ewmaLimit'), limit, {
          yAxisIndex: axis,
          symbol: 'none',
          lineStyle: { type: 'dotted', color: colors.threshold },
          itemStyle: { color: colors.threshold },
          tooltip: { valueFormatter: zFmt },
        }),
      );
  }

  if (kind === 'attainment_below') {
    const pct = points.map((p) => p.attainmentPct);
    const threshold = num(ev.figures.thresholdPct) ?? num(ev.params.thresholdPct);
    if (pct.some((v) => v !== null)) {
      yAxis.push({
        type: 'value',
        name: t('alerts.evidence.attainmentAxis'),
        position: 'right',
        splitLine: { show: false },
        axisLabel: { formatter: (v: number) => `${v}%` },
      });
      series.push(
        line('attainment', t('alerts.evidence.attainment'), pct, {
          yAxisIndex: 2,
          lineStyle: { color: colors.median },
          itemStyle: { color: colors.median },
          tooltip: { valueFormatter: (v: unknown) => formatPct(num(v)) },
        }),
      );
      if (threshold !== null)
        series.push(
          line('attainment-threshold', t('alerts.evidence.threshold'), level(threshold, n), {
            yAxisIndex: 2,
            symbol: 'none',
            lineStyle: { type: 'dotted', color: colors.threshold },
            itemStyle: { color: colors.threshold },
            tooltip: { valueFormatter: (v: unknown) => formatPct(num(v)) },
          }),
        );
    }
  }

  if (points.some((p) => p.target !== null))
    series.push(
      line(
        'target',
        t('alerts.evidence.target'),
        points.map((p) => p.target),
        {
          symbol: 'none',
          lineStyle: { type: 'dashed', color: colors.target },
          itemStyle: { color: colors.target },
          tooltip: { valueFormatter: fmt },
        },
      ),
    );

  series.push({
    id: 'value',
    name: valueName,
    type: kind === 'no_activity' ? 'bar' : 'line',
    barMaxWidth: 18,
    symbolSize: 7,
    lineStyle: { color: colors.value, width: 2 },
    itemStyle: { color: colors.value },
    z: 5,
    tooltip: { valueFormatter: fmt },
    data: points.map((p) => (p.masked ? { value: p.value, itemStyle: MASKED_POINT } : p.value)),
  });

  return {
    tooltip: { trigger: 'axis', confine: true },
    legend: { top: 0, type: 'scroll', data: series.filter((s) => s.name).map((s) => s.name as string) },
    grid: { left: 12, right: 16, top: 40, bottom: n > 24 ? 52 : 12, containLabel: true },
    dataZoom: n > 24 ? [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }] : [],
    xAxis: { type: 'category', data: points.map((p) => p.period), boundaryGap: true },
    yAxis,
    series,
  } as ChartOption;
}

function buildCusumOption(ev: Evidence, t: TFunction): ChartOption | null {
  const cusum = ev.series.map((p) => p.cusum);
  if (!cusum.some((v) => v !== null)) return null;
  const h = num(ev.figures.h) ?? num(ev.params.h);
  const fmt = (v: unknown) => (num(v) === null ? '—' : formatNumber(num(v) as number, 2));
  return {
    tooltip: { trigger: 'axis', confine: true },
    legend: { top: 0 },
    grid: { left: 12, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: ev.series.map((p) => p.period), boundaryGap: false },
    yAxis: { type: 'value', min: 0 },
    series: [
      {
        id: 'cusum',
        name: t('alerts.evidence.cusum'),
        type: 'line',
        data: cusum,
        symbolSize: 5,
        areaStyle: { color: 'rgba(250, 140, 22, 0.15)' },
        lineStyle: { color: colors.ewma },
        itemStyle: { color: colors.ewma },
        tooltip: { valueFormatter: fmt },
      },
      ...(h !== null
        ? [
            {
              id: 'h',
              name: t('alerts.evidence.h', { h: formatNumber(h, 2) }),
              type: 'line' as const,
              data: level(h, ev.series.length),
              symbol: 'none',
              lineStyle: { type: 'dashed' as const, color: colors.threshold },
              itemStyle: { color: colors.threshold },
              tooltip: { valueFormatter: fmt },
            },
          ]
        : []),
    ],
  } as ChartOption;
}

/** The evidence of one alert drawn per rule kind: the values against what they were compared with. */
export function EvidenceChart({ kind, evidence }: { kind: AlertRuleKind; evidence: Evidence }) {
  const { t } = useTranslation();
  const main = useMemo(() => buildMainOption(kind, evidence, t), [kind, evidence, t]);
  const cusum = useMemo(
    () => (kind === 'activity_drop' || kind === 'combined_decline' ? buildCusumOption(evidence, t) : null),
    [kind, evidence, t],
  );
  if (!main) {
    // Inactivity is judged on days since the last activity: there is no period series to draw.
    const since = num(evidence.figures.daysSince);
    if (kind === 'no_activity' && since !== null) {
      const days = num(evidence.figures.days) ?? num(evidence.params.days);
      return (
        <div data-testid="alert-evidence-chart">
          <Flex gap={32} wrap>
            <Statistic
              title={t('alerts.figures.daysSince')}
              value={since}
              suffix={t('alerts.evidence.daysUnit')}
              styles={{ content: { color: '#cf1322' } }}
            />
            {days !== null ? (
              <Statistic title={t('alerts.params.days.label')} value={days} suffix={t('alerts.evidence.daysUnit')} />
            ) : null}
            <Statistic
              title={t('alerts.figures.lastActivityDate')}
              value={typeof evidence.figures.lastActivityDate === 'string' ? evidence.figures.lastActivityDate : '—'}
            />
          </Flex>
          {days !== null ? (
            <Progress
              percent={Math.min(100, Math.round((since / Math.max(days, 1)) * 100))}
              status="exception"
              showInfo={false}
              style={{ marginTop: 12 }}
            />
          ) : null}
        </div>
      );
    }
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.evidence.noSeries')} />;
  }
  return (
    <div data-testid="alert-evidence-chart">
      <Chart option={main} height={320} />
      {evidence.series.some((p) => p.masked) ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('alerts.evidence.maskedHint')}
        </Typography.Text>
      ) : null}
      {kind === 'combined_decline' ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
          {t('alerts.evidence.combinedHint')}
        </Typography.Paragraph>
      ) : null}
      {cusum ? (
        <div style={{ marginTop: 12 }} data-testid="alert-cusum-chart">
          <Typography.Text strong>{t('alerts.evidence.cusumTitle')}</Typography.Text>
          <Chart option={cusum} height={180} />
        </div>
      ) : null}
    </div>
  );
}
