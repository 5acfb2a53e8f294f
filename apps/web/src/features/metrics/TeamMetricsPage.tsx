import type { TableColumnsType } from 'antd';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Progress,
  Row,
  Segmented,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { formatDate } from '../../lib/format';
import { useOrgUnits } from '../org/queries';
import { buildUnitTree } from '../org/tree';
import { Chart } from './Chart';
import type { ChartClickEvent, ChartOption } from './echarts';
import { type DrillTarget, FactsDrawer } from './FactsDrawer';
import { formatAxisNumber, formatMetricValue, formatPercent } from './format';
import { type PeriodType, periodBounds, periodLabel, periodStartOf, periodTypes, toIsoDate } from './periods';
import { canDrillDown, type TeamMetricRow, useMetricDefinitions, useTeamMetric } from './queries';

const CHART_LIMIT = 20;

export function TeamMetricsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const units = useOrgUnits();
  const library = useMetricDefinitions();
  const [unitChoice, setUnitChoice] = useState<string | null>(null);
  const [metric, setMetric] = useState<string>('revenue');
  const [periodType, setPeriodType] = useState<PeriodType>('month');
  const [period, setPeriod] = useState<Dayjs>(() => dayjs());
  const [drill, setDrill] = useState<DrillTarget | null>(null);

  // Until someone picks a unit, show the top of the tree the caller can see.
  const defaultUnit = useMemo(() => buildUnitTree(units.data ?? [])[0]?.id ?? null, [units.data]);
  const unitId = unitChoice ?? defaultUnit;
  const periodStart = toIsoDate(periodStartOf(period, periodType));
  const def = library.data?.find((m) => m.key === metric);
  const unit = def?.unit ?? 'count';

  const team = useTeamMetric({ unitId, metric, periodType, periodStart });
  // The server says how the team figure is formed (sum or mean); until it answers, go by the unit.
  const additive =
    team.data && !team.isPlaceholderData ? team.data.aggregation === 'sum' : unit === 'CNY' || unit === 'count';
  const total = Number(team.data?.total ?? 0);
  const aggregation = team.data && !team.isPlaceholderData ? team.data.aggregation : null;
  const rows = team.data?.items ?? [];

  const openProfile = useCallback((id: string) => navigate(`/people/${id}?tab=metrics`), [navigate]);

  const columns: TableColumnsType<TeamMetricRow> = [
    {
      title: '#',
      key: 'rank',
      width: 56,
      render: (_, __, i) => <Typography.Text type="secondary">{i + 1}</Typography.Text>,
    },
    {
      title: t('team.person'),
      key: 'name',
      sorter: (a, b) => a.employee.name.localeCompare(b.employee.name),
      render: (_, row) => (
        <span>
          <Link
            to={`/people/${row.employee.id}?tab=metrics`}
            data-testid="team-person-link"
            style={{ fontWeight: 500 }}
          >
            {row.employee.name}
          </Link>
          {row.currentMember ? null : (
            <Tag style={{ marginInlineStart: 6 }} data-testid="team-not-member">
              {row.exited ? t('team.left') : t('team.movedOut')}
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: t('fields.employeeNo'),
      key: 'employeeNo',
      width: 130,
      render: (_, row) => <span className="stride-mono">{row.employee.employeeNo}</span>,
    },
    { title: t('fields.unit'), dataIndex: 'unitName', width: 180, ellipsis: true },
    {
      title: def?.name ?? t('team.value'),
      key: 'value',
      align: 'right',
      width: 160,
      defaultSortOrder: 'descend',
      sorter: (a, b) => Number(a.value) - Number(b.value),
      render: (_, row) => (
        <span data-testid="team-value" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {row.value === null ? '—' : formatMetricValue(row.value, unit)}
        </span>
      ),
    },
    ...(additive
      ? [
          {
            title: t('team.share'),
            key: 'share',
            width: 200,
            sorter: (a: TeamMetricRow, b: TeamMetricRow) => Number(a.value) - Number(b.value),
            render: (_: unknown, row: TeamMetricRow) => {
              const share = total > 0 ? Number(row.value) / total : 0;
              return (
                <Flex align="center" gap={8}>
                  <Progress percent={share * 100} showInfo={false} size="small" style={{ flex: 1, margin: 0 }} />
                  <Typography.Text type="secondary" style={{ width: 52, textAlign: 'right', fontSize: 12 }}>
                    {formatPercent(share)}
                  </Typography.Text>
                </Flex>
              );
            },
          },
        ]
      : []),
  ];

  const chartRows = useMemo(
    () =>
      [...rows]
        .filter((r) => r.value !== null && Number(r.value) !== 0)
        .sort((a, b) => Number(b.value) - Number(a.value))
        .slice(0, CHART_LIMIT),
    [rows],
  );

  const option: ChartOption = useMemo(
    () => ({
      color: ['#2f54eb'],
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        confine: true,
        valueFormatter: (v) => formatMetricValue(Number(v), unit),
      },
      grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
      yAxis: {
        type: 'category',
        inverse: true,
        data: chartRows.map((r) => r.employee.name),
        axisTick: { show: false },
      },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatAxisNumber(v, unit) } },
      series: [
        {
          id: 'value',
          type: 'bar',
          name: def?.name ?? metric,
          barMaxWidth: 18,
          label: { show: true, position: 'right', formatter: (p) => formatMetricValue(Number(p.value), unit) },
          cursor: 'pointer',
          data: chartRows.map((r) => Number(r.value)),
        },
      ],
    }),
    [chartRows, unit, def, metric],
  );

  const onChartClick = useCallback(
    (e: ChartClickEvent) => {
      const row = e.dataIndex !== undefined ? chartRows[e.dataIndex] : undefined;
      if (row) openProfile(row.employee.id);
    },
    [chartRows, openProfile],
  );

  const bounds = periodBounds(periodStart, periodType);

  return (
    <>
      <PageHeader title={t('team.title')} subtitle={t('team.subtitle')} />
      <Card style={{ marginBottom: 16 }}>
        <Form layout="vertical">
          <Row gutter={12}>
            <Col xs={24} md={12} lg={7}>
              <Form.Item label={t('fields.unit')} style={{ marginBottom: 8 }}>
                <UnitTreeSelect
                  value={unitId}
                  onChange={(v) => setUnitChoice(v)}
                  allowClear={false}
                  data-testid="team-unit"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={5}>
              <Form.Item label={t('team.metric')} style={{ marginBottom: 8 }}>
                <Select
                  value={metric}
                  onChange={setMetric}
                  loading={library.isPending}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(library.data ?? []).map((m) => ({ value: m.key, label: m.name }))}
                  data-testid="team-metric"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={7}>
              <Form.Item label={t('team.periodType')} style={{ marginBottom: 8 }}>
                <Segmented<PeriodType>
                  value={periodType}
                  onChange={setPeriodType}
                  options={periodTypes.map((p) => ({ value: p, label: t(`metrics.periodTypes.${p}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={5}>
              <Form.Item label={t('team.period')} style={{ marginBottom: 8 }}>
                <DatePicker
                  picker={periodType}
                  value={period}
                  onChange={(d) => d && setPeriod(d)}
                  allowClear={false}
                  format={() => periodLabel(periodStart, periodType)}
                  style={{ width: '100%' }}
                  data-testid="team-period"
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>

      {team.error && !team.data ? (
        <QueryError error={team.error} onRetry={() => void team.refetch()} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24}>
            <Card
              title={t('team.chart')}
              extra={
                team.data && team.data.total !== null ? (
                  <Flex align="center" gap={8}>
                    <Typography.Text data-testid="team-total">
                      <Typography.Text type="secondary" style={{ marginInlineEnd: 6 }}>
                        {aggregation === 'team'
                          ? t('team.totalTeam')
                          : aggregation === 'mean'
                            ? t('team.totalMean')
                            : t('team.total')}
                      </Typography.Text>
                      <Typography.Text strong style={{ fontSize: 16 }}>
                        {formatMetricValue(team.data.total, unit)}
                      </Typography.Text>
                    </Typography.Text>
                    {def && unitId && team.data.basis === 'facts' && canDrillDown(def) ? (
                      <Button
                        size="small"
                        type="link"
                        onClick={() =>
                          setDrill({ metric: def, periodStart, periodType, value: team.data?.total ?? null })
                        }
                        data-testid="team-drill"
                      >
                        {t('team.drill')}
                      </Button>
                    ) : null}
                  </Flex>
                ) : null
              }
            >
              <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8, fontSize: 12 }}>
                {periodLabel(periodStart, periodType)} · {formatDate(bounds.from)} – {formatDate(bounds.to)}
                {rows.length > CHART_LIMIT ? ` · ${t('team.topN', { count: CHART_LIMIT })}` : ''}
              </Typography.Text>
              {team.data ? (
                <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="team-basis">
                  {team.data.basis === 'facts' ? t('team.basisFacts') : t('team.basisPeople')}
                </Typography.Paragraph>
              ) : null}
              {team.data && team.data.unlisted > 0 ? (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={t('team.unlisted', { count: team.data.unlisted })}
                  data-testid="team-unlisted"
                />
              ) : null}
              {chartRows.length === 0 ? (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={unitId ? t('team.emptyChart') : t('team.selectUnit')}
                  style={{ padding: '40px 0' }}
                  data-testid="team-empty"
                />
              ) : (
                <Chart
                  option={option}
                  height={Math.max(200, chartRows.length * 26 + 24)}
                  onClick={onChartClick}
                  data-testid="team-chart"
                />
              )}
            </Card>
          </Col>
          <Col xs={24}>
            <Card title={t('team.people')} styles={{ body: { padding: 0 } }}>
              <Table<TeamMetricRow>
                rowKey={(r) => r.employee.id}
                size="middle"
                columns={columns}
                dataSource={rows}
                loading={team.isFetching || units.isPending}
                pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                scroll={{ x: 820 }}
                onRow={(row) => ({ onDoubleClick: () => openProfile(row.employee.id) })}
                locale={{
                  emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('team.emptyTable')} />,
                }}
                data-testid="team-table"
              />
            </Card>
          </Col>
        </Row>
      )}
      <FactsDrawer unitId={unitId ?? undefined} target={drill} onClose={() => setDrill(null)} />
    </>
  );
}
