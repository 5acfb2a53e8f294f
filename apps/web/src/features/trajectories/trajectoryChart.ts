import type { Trajectory, TrajectoryMarker } from '@stride/contracts';
import type { TFunction } from 'i18next';
import { formatAxisNumber, formatMetricValue, type MetricUnit } from '../metrics/format';
import { type PeriodType, periodAxisLabel } from '../metrics/periods';
import { type ChartOption, palette, periodOfDate } from './charts';

type AxisGroup = 'money' | 'count' | 'percent';
const axisGroupOf = (unit: MetricUnit): AxisGroup =>
  unit === 'CNY' ? 'money' : unit === 'ratio' ? 'percent' : 'count';

/** Line colours of the markers: lifecycle steps in blue, transfers in purple, alerts red, plans orange. */
const markerColor: Record<TrajectoryMarker['kind'], string> = {
  hire: '#1677ff',
  regularization: '#52c41a',
  transfer: '#722ed1',
  alert: '#f5222d',
  plan: '#fa8c16',
  exit: '#8c8c8c',
};

/**
 * The trajectory chart: one line per metric (axes by kind of unit), each metric's agreed targets as a
 * dashed line, the probation shaded, the open period marked, hire / regularization / transfers / exit as
 * vertical lines and alerts / plans as pins.
 */
export function trajectoryOption(data: Trajectory, t: TFunction): ChartOption {
  const periodType = data.periodType as PeriodType;
  const labels = data.periods.map((p) => periodAxisLabel(p, periodType));
  const labelOf = (date: string) => {
    const p = periodOfDate(data.periods, date);
    return p ? periodAxisLabel(p, periodType) : null;
  };
  const groups: AxisGroup[] = [];
  for (const m of data.metrics) {
    const g = axisGroupOf(m.unit);
    if (!groups.includes(g)) groups.push(g);
  }
  const axisName: Record<AxisGroup, string> = {
    money: t('metrics.axisMoney'),
    count: t('metrics.axisCount'),
    percent: t('metrics.axisPercent'),
  };

  // Lines: markers in the same period share one line with their labels joined.
  const lines = new Map<string, { labels: string[]; color: string }>();
  const pins: { coord: [string, number]; name: string; color: string; kind: TrajectoryMarker['kind'] }[] = [];
  const first = data.metrics[0];
  for (const m of data.markers) {
    const x = labelOf(m.date);
    if (!x) continue;
    if (m.kind === 'alert' || m.kind === 'plan') {
      const at = first?.points[labels.indexOf(x)]?.value;
      pins.push({
        coord: [x, at === null || at === undefined ? 0 : Number(at)],
        name: m.label,
        color: markerColor[m.kind],
        kind: m.kind,
      });
      continue;
    }
    const line = lines.get(x) ?? { labels: [], color: markerColor[m.kind] };
    line.labels.push(m.label);
    lines.set(x, line);
  }
  const areas: unknown[] = [];
  if (data.probation) {
    const from = labelOf(data.probation.from) ?? labels[0];
    const to = labelOf(data.probation.to);
    if (from && to)
      areas.push([
        {
          xAxis: from,
          name: t('insights.trajectory.probation'),
          itemStyle: { color: 'rgba(250, 173, 20, 0.12)' },
          label: { color: '#ad6800' },
        },
        { xAxis: to },
      ]);
  }
  if (data.openPeriod && labels.length > 1) {
    // From the last closed period to the open one: the stretch still moving.
    areas.push([
      {
        xAxis: labels[labels.length - 2],
        name: t('insights.trajectory.openPeriod'),
        itemStyle: { color: 'rgba(0, 0, 0, 0.04)' },
        label: { color: '#8c8c8c', position: 'insideTopRight' },
      },
      { xAxis: labels[labels.length - 1] },
    ]);
  }

  const series: unknown[] = [];
  data.metrics.forEach((m, i) => {
    const color = palette[i % palette.length];
    const yAxisIndex = groups.indexOf(axisGroupOf(m.unit));
    const format = (v: unknown) => formatMetricValue(v === null || v === undefined ? null : Number(v), m.unit);
    series.push({
      id: m.key,
      name: m.name,
      type: 'line',
      color,
      yAxisIndex,
      symbolSize: 6,
      connectNulls: false,
      emphasis: { focus: 'series' },
      tooltip: { valueFormatter: format },
      data: m.points.map((p) => (p.value === null ? null : Number(p.value))),
      ...(i === 0
        ? {
            markLine: {
              symbol: ['none', 'none'],
              silent: true,
              data: [...lines].map(([x, l]) => ({
                xAxis: x,
                lineStyle: { color: l.color, type: 'solid', width: 1 },
                label: { formatter: l.labels.join(' / '), position: 'end', color: l.color, fontSize: 11 },
              })),
            },
            markPoint: {
              symbol: 'pin',
              symbolSize: 34,
              data: pins.map((p) => ({
                coord: p.coord,
                name: p.name,
                // A sign, not a word: the full label is in the tooltip and the events list.
                value: p.kind === 'alert' ? '!' : '✎',
                itemStyle: { color: p.color },
                label: { fontSize: 10 },
              })),
              tooltip: { formatter: (param: { name: string }) => param.name },
            },
            markArea: { silent: true, data: areas },
          }
        : {}),
    });
    if (m.points.some((p) => p.target !== null))
      series.push({
        id: `${m.key}:target`,
        name: `${m.name} · ${t('insights.trajectory.target')}`,
        type: 'line',
        color,
        yAxisIndex,
        symbol: 'none',
        step: 'middle',
        lineStyle: { type: 'dashed', width: 1.5 },
        connectNulls: false,
        tooltip: { valueFormatter: format },
        data: m.points.map((p) => (p.target === null ? null : Number(p.target))),
      });
  });

  return {
    tooltip: { trigger: 'axis', confine: true },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 16, right: 24, top: 64, bottom: labels.length > 24 ? 56 : 16, containLabel: true },
    dataZoom: labels.length > 24 ? [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }] : [],
    xAxis: { type: 'category', data: labels, boundaryGap: false },
    yAxis: (groups.length ? groups : (['count'] as AxisGroup[])).map((g, i) => ({
      type: 'value',
      name: axisName[g],
      position: i === 0 ? 'left' : 'right',
      offset: i === 2 ? 64 : 0,
      alignTicks: true,
      splitLine: { show: i === 0 },
      axisLabel: { formatter: (v: number) => formatAxisNumber(v, g === 'money' ? 'CNY' : g) },
    })),
    series,
  } as ChartOption;
}
