import type { TeamTrajectories } from '@stride/contracts';
import { Card, Empty, Flex, Segmented, Select, Skeleton, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { QueryError } from '../../components/QueryError';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { formatAxisNumber, formatMetricValue } from '../metrics/format';
import { periodAxisLabel } from '../metrics/periods';
import { useMetricDefinitions } from '../metrics/queries';
import { useOrgUnits } from '../org/queries';
import { buildUnitTree } from '../org/tree';
import { Chart, type ChartClickEvent, type ChartOption, palette } from './charts';
import { useTeamTrajectories } from './queries';

type View = 'calendar' | 'sinceHire';
const monthChoices = [6, 12, 24, 36];

function teamOption(data: TeamTrajectories, view: View, t: TFunction): ChartOption {
  const labels =
    view === 'calendar'
      ? data.periods.map((p) => periodAxisLabel(p, 'month'))
      : Array.from({ length: data.months }, (_, n) => t('insights.cohort.monthLabel', { n }));
  return {
    color: palette,
    tooltip: {
      trigger: 'axis',
      confine: true,
      valueFormatter: (v) => formatMetricValue(v === null || v === undefined ? null : Number(v), data.metricUnit),
    },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 16, right: 16, top: 44, bottom: 16, containLabel: true },
    xAxis: { type: 'category', data: labels, boundaryGap: false },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatAxisNumber(v, data.metricUnit) } },
    series: data.people.map((p) => ({
      id: p.employee.id,
      name: p.employee.name,
      type: 'line',
      symbolSize: 5,
      cursor: 'pointer',
      emphasis: { focus: 'series' },
      connectNulls: false,
      data: (view === 'calendar' ? p.calendar : p.sinceHire).map((v) => (v === null ? null : Number(v))),
    })),
  } as ChartOption;
}

/** A team's people side by side, by calendar month or by months since hire; a line opens the person. */
export function TeamTrajectoriesPanel() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const units = useOrgUnits();
  const library = useMetricDefinitions();
  const [unitChoice, setUnitChoice] = useState<string | null>(null);
  const [metric, setMetric] = useState('revenue');
  const [months, setMonths] = useState(12);
  const [view, setView] = useState<View>('calendar');
  // Until someone picks a unit, the top of the tree the caller can see.
  const defaultUnit = useMemo(() => buildUnitTree(units.data ?? [])[0]?.id ?? null, [units.data]);
  const unitId = unitChoice ?? defaultUnit;
  const query = useTeamTrajectories({ unitId, metric, months });
  const option = useMemo(() => (query.data ? teamOption(query.data, view, t) : null), [query.data, view, t]);
  const onClick = useCallback(
    (e: ChartClickEvent) => {
      if (e.componentType === 'series' && e.seriesId) navigate(`/people/${e.seriesId}?tab=trajectory`);
    },
    [navigate],
  );

  return (
    <div data-testid="team-trajectories">
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <UnitTreeSelect
          value={unitId}
          onChange={setUnitChoice}
          allowClear={false}
          style={{ width: 220 }}
          data-testid="team-trajectories-unit"
        />
        <Select
          value={metric}
          onChange={setMetric}
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 180 }}
          options={(library.data ?? []).map((m) => ({ value: m.key, label: m.name }))}
          aria-label={t('insights.trajectory.metric')}
        />
        <Select
          value={months}
          onChange={setMonths}
          style={{ width: 130 }}
          options={monthChoices.map((n) => ({ value: n, label: t('insights.cohort.monthsOption', { n }) }))}
          aria-label={t('insights.cohort.months')}
        />
        <Segmented<View>
          value={view}
          onChange={setView}
          options={[
            { value: 'calendar', label: t('insights.team.calendar') },
            { value: 'sinceHire', label: t('insights.team.sinceHire') },
          ]}
          data-testid="team-trajectories-view"
        />
        {query.isFetching && query.data ? <Tag>{t('common.loading')}</Tag> : null}
      </Flex>
      {!unitId && !units.isPending ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('insights.team.pickUnit')} />
      ) : query.error && !query.data ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : !query.data || !option ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <Card
          title={`${query.data.unit.name} · ${query.data.metricName}`}
          extra={
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('insights.team.clickHint')}
            </Typography.Text>
          }
        >
          {query.data.people.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('insights.team.empty')} />
          ) : (
            <Chart option={option} height={400} onClick={onClick} data-testid="team-trajectories-chart" />
          )}
        </Card>
      )}
    </div>
  );
}
