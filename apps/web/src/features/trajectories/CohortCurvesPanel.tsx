import type { CohortCurves } from '@stride/contracts';
import { Card, DatePicker, Empty, Flex, Select, Skeleton, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { QueryError } from '../../components/QueryError';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { formatAxisNumber, formatMetricValue } from '../metrics/format';
import { toIsoDate } from '../metrics/periods';
import { useMetricDefinitions } from '../metrics/queries';
import { usePositions } from '../positions/queries';
import { Chart, type ChartOption } from './charts';
import { useCohortCurves } from './queries';

const monthChoices = [12, 24, 36];

function cohortOption(data: CohortCurves, t: TFunction): ChartOption {
  const unit = data.metricUnit;
  const num = (v: string | null) => (v === null ? null : Number(v));
  const labels = data.points.map((p) => t('insights.cohort.monthLabel', { n: p.month }));
  const fmt = (v: number | null | undefined) => formatMetricValue(v ?? null, unit);
  const series: unknown[] = [
    // The band: the 25th percentile, then the distance to the 75th stacked on top of it (shaded).
    {
      id: 'p25',
      name: 'p25',
      type: 'line',
      stack: 'band',
      symbol: 'none',
      lineStyle: { opacity: 0 },
      data: data.points.map((p) => num(p.p25)),
    },
    {
      id: 'band',
      name: t('insights.cohort.band'),
      type: 'line',
      stack: 'band',
      symbol: 'none',
      color: '#adc6ff',
      lineStyle: { opacity: 0 },
      areaStyle: { color: 'rgba(47, 84, 235, 0.18)' },
      data: data.points.map((p) => (p.p25 === null || p.p75 === null ? null : Number(p.p75) - Number(p.p25))),
    },
    {
      id: 'median',
      name: t('insights.cohort.median'),
      type: 'line',
      color: '#2f54eb',
      symbolSize: 6,
      data: data.points.map((p) => num(p.median)),
    },
    {
      id: 'n',
      name: t('insights.cohort.n'),
      type: 'bar',
      yAxisIndex: 1,
      color: 'rgba(140, 140, 140, 0.25)',
      barMaxWidth: 14,
      data: data.points.map((p) => p.n),
    },
  ];
  if (data.person)
    series.push({
      id: 'person',
      name: data.person.employee.name,
      type: 'line',
      color: '#fa8c16',
      symbolSize: 6,
      lineStyle: { width: 2.5 },
      data: data.person.points.map((p) => num(p.value)),
    });
  return {
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        const p = data.points[i];
        const own = data.person?.points[i];
        const rows = [
          `<b>${labels[i]}</b>`,
          `${t('insights.cohort.median')}: ${fmt(num(p.median))}`,
          `${t('insights.cohort.band')}: ${fmt(num(p.p25))} – ${fmt(num(p.p75))}`,
          `${t('insights.cohort.n')}: ${p.n}`,
        ];
        if (data.person && own) rows.push(`${data.person.employee.name}: ${fmt(num(own.value))}`);
        return rows.join('<br/>');
      },
    },
    legend: {
      top: 0,
      data: [
        t('insights.cohort.median'),
        t('insights.cohort.band'),
        ...(data.person ? [data.person.employee.name] : []),
      ],
    },
    grid: { left: 16, right: 16, top: 44, bottom: 36, containLabel: true },
    xAxis: { type: 'category', data: labels, name: t('insights.cohort.axis'), nameLocation: 'middle', nameGap: 30 },
    yAxis: [
      {
        type: 'value',
        axisLabel: { formatter: (v: number) => formatAxisNumber(v, unit) },
      },
      { type: 'value', name: t('insights.cohort.n'), splitLine: { show: false }, minInterval: 1 },
    ],
    series,
  } as ChartOption;
}

/** Cohort curves: quartiles of a metric by months since hire across the people in the caller's scope. */
export function CohortCurvesPanel() {
  const { t } = useTranslation();
  const library = useMetricDefinitions();
  const positions = usePositions();
  const [metric, setMetric] = useState('revenue');
  const [positionId, setPositionId] = useState<string | null>(null);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [hired, setHired] = useState<[Dayjs, Dayjs] | null>(null);
  const [employeeId, setEmployeeId] = useState<string | null>(null);
  const [months, setMonths] = useState(24);
  const query = useCohortCurves({
    metric,
    positionId,
    unitId,
    hiredFrom: hired ? toIsoDate(hired[0]) : null,
    hiredTo: hired ? toIsoDate(hired[1]) : null,
    employeeId,
    months,
  });
  const option = useMemo(() => (query.data ? cohortOption(query.data, t) : null), [query.data, t]);

  return (
    <div data-testid="cohort-curves">
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Select
          value={metric}
          onChange={setMetric}
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 180 }}
          options={(library.data ?? []).map((m) => ({ value: m.key, label: m.name }))}
          aria-label={t('insights.trajectory.metric')}
          data-testid="cohort-metric"
        />
        <Select
          value={positionId ?? undefined}
          onChange={(v) => setPositionId(v ?? null)}
          allowClear
          placeholder={t('insights.cohort.allPositions')}
          style={{ width: 180 }}
          options={(positions.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          aria-label={t('insights.cohort.position')}
        />
        <UnitTreeSelect
          value={unitId}
          onChange={setUnitId}
          placeholder={t('insights.cohort.allUnits')}
          style={{ width: 200 }}
        />
        <DatePicker.RangePicker
          value={hired}
          onChange={(v) => setHired(v?.[0] && v[1] ? [v[0], v[1]] : null)}
          placeholder={[t('insights.cohort.hiredFrom'), t('insights.cohort.hiredTo')]}
          aria-label={t('insights.cohort.hired')}
        />
        <Select
          value={months}
          onChange={setMonths}
          style={{ width: 130 }}
          options={monthChoices.map((n) => ({ value: n, label: t('insights.cohort.monthsOption', { n }) }))}
          aria-label={t('insights.cohort.months')}
        />
        <div style={{ width: 220 }}>
          <EmployeeSelect
            value={employeeId}
            onChange={(v) => setEmployeeId(v)}
            placeholder={t('insights.cohort.personPlaceholder')}
          />
        </div>
        {query.isFetching && query.data ? <Tag>{t('common.loading')}</Tag> : null}
      </Flex>
      {query.error && !query.data ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : !query.data || !option ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <Card
          title={query.data.metricName}
          extra={
            <Typography.Text type="secondary" data-testid="cohort-people">
              {t('insights.cohort.people', { n: query.data.people })}
            </Typography.Text>
          }
        >
          {query.data.people === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('insights.cohort.empty')} />
          ) : (
            <Chart option={option} height={380} data-testid="cohort-chart" />
          )}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('insights.cohort.help')}
          </Typography.Paragraph>
        </Card>
      )}
    </div>
  );
}
