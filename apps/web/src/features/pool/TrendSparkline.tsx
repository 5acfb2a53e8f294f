import type { PoolPeriodType, PoolTrendPoint } from '@stride/contracts';
import { Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../metrics/Chart';
import type { ChartOption } from '../metrics/echarts';
import { periodAxisLabel, periodLabel } from '../metrics/periods';

/**
 * Attainment over the last periods as a small line; unsatisfactory periods in red, grades in the tooltip. Without
 * any attainment (no agreed targets) the grades are listed instead.
 */
export function TrendSparkline({
  trend,
  type,
  thresholdPct,
}: {
  trend: PoolTrendPoint[];
  type: PoolPeriodType;
  thresholdPct: number;
}) {
  const { t } = useTranslation();
  const hasAttainment = trend.some((p) => p.attainmentPct !== null);
  const option: ChartOption = useMemo(
    () => ({
      animation: false,
      grid: { left: 2, right: 2, top: 4, bottom: 4 },
      xAxis: { type: 'category', show: false, data: trend.map((p) => periodAxisLabel(p.periodStart, type)) },
      yAxis: { type: 'value', show: false, min: 0, max: (v) => Math.max(v.max, thresholdPct * 1.2) },
      tooltip: {
        trigger: 'axis',
        confine: true,
        formatter: (params) => {
          const first = Array.isArray(params) ? params[0] : params;
          const point = trend[first?.dataIndex ?? 0];
          if (!point) return '';
          const lines = [
            periodLabel(point.periodStart, type),
            `${t('pool.trend.attainment')}: ${point.attainmentPct === null ? '—' : `${point.attainmentPct}%`}`,
            `${t('pool.trend.grade')}: ${point.grade ?? '—'}`,
          ];
          if (point.unsatisfactory) lines.push(t('pool.trend.unsatisfactory'));
          return lines.join('<br/>');
        },
      },
      series: [
        {
          type: 'line',
          data: trend.map((p) => ({
            value: p.attainmentPct === null ? null : Number(p.attainmentPct),
            itemStyle: { color: p.unsatisfactory ? '#cf1322' : '#2f54eb' },
          })),
          connectNulls: true,
          symbolSize: 5,
          lineStyle: { width: 1.5, color: '#2f54eb' },
        },
        {
          // The threshold, as a flat dashed line.
          type: 'line',
          data: trend.map(() => thresholdPct),
          symbol: 'none',
          silent: true,
          lineStyle: { width: 1, type: 'dashed', color: '#bfbfbf' },
        },
      ],
    }),
    [trend, type, thresholdPct, t],
  );
  if (!hasAttainment) {
    const grades = trend.filter((p) => p.grade !== null);
    return (
      <Typography.Text type="secondary" data-testid="pool-trend">
        {grades.length ? grades.map((p) => p.grade).join(' → ') : t('pool.trend.noData')}
      </Typography.Text>
    );
  }
  return (
    <div style={{ width: 140 }}>
      <Chart option={option} height={40} data-testid="pool-trend" />
    </div>
  );
}
