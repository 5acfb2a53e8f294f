import { BarChartOutlined, FormOutlined, LineChartOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Row,
  Segmented,
  Select,
  Skeleton,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmployeeOption } from '../../components/EmployeeSelect';
import { QueryError } from '../../components/QueryError';
import { useCurrentUser } from '../auth/queries';
import { TargetNote } from '../targets/TargetNote';
import { Chart } from './Chart';
import type { ChartClickEvent, ChartOption } from './echarts';
import { type DrillTarget, FactsDrawer } from './FactsDrawer';
import { formatAxisNumber, formatMetricValue, type MetricUnit } from './format';
import { ManualValueModal } from './ManualValueModal';
import { Change, SourceTag } from './MetricValueBits';
import { listPeriods, type PeriodType, periodAxisLabel, periodLabel, periodTypes, toIsoDate } from './periods';
import {
  canDrillDown,
  type MetricDefinition,
  type MetricPoint,
  useMetricDefinitions,
  useMetricSeries,
} from './queries';

/** The metrics shown as cards and table columns, in this order. */
export const keyMetrics = ['revenue', 'collections', 'orders', 'visits', 'calls', 'followups', 'win_rate', 'csat'];
const defaultPlotted = ['revenue', 'collections', 'orders'];

type AxisGroup = 'money' | 'count' | 'percent';

function axisGroupOf(unit: MetricUnit): AxisGroup {
  if (unit === 'CNY') return 'money';
  if (unit === 'ratio') return 'percent';
  return 'count';
}

/** Empty periods are not stored: money and counts read as 0, ratios and scores as "no data". */
function cellValue(values: Map<string, string>, period: string, unit: MetricUnit): string | null {
  const v = values.get(period);
  if (v !== undefined) return v;
  return unit === 'ratio' || unit === 'score' ? null : '0';
}

interface PersonMetricsProps {
  employeeId: string;
  /** Name and number of the person, to prefill the manual value form. */
  employee?: { name: string; employeeNo?: string };
}

export function PersonMetrics({ employeeId, employee }: PersonMetricsProps) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [entering, setEntering] = useState(false);
  const [periodType, setPeriodType] = useState<PeriodType>('month');
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [
    dayjs().subtract(11, 'month').startOf('month'),
    dayjs().endOf('month'),
  ]);
  const [plotted, setPlotted] = useState<string[]>(defaultPlotted);
  const [chartKind, setChartKind] = useState<'line' | 'bar'>('line');
  const [drill, setDrill] = useState<DrillTarget | null>(null);

  const library = useMetricDefinitions();
  const periods = useMemo(() => listPeriods(range[0], range[1], periodType), [range, periodType]);
  const from = periods[0];
  const to = toIsoDate(range[1]);
  const series = useMetricSeries({ employeeId, periodType, from, to });

  const defs = useMemo(() => new Map((library.data ?? []).map((m) => [m.key, m])), [library.data]);
  const { values, sources } = useMemo(() => {
    const values = new Map<string, Map<string, string>>();
    const sources = new Map<string, MetricPoint['source']>();
    for (const p of series.data?.points ?? []) {
      let inner = values.get(p.metric);
      if (!inner) {
        inner = new Map();
        values.set(p.metric, inner);
      }
      inner.set(p.periodStart, p.value);
      sources.set(`${p.metric}|${p.periodStart}`, p.source);
    }
    return { values, sources };
  }, [series.data]);
  const valuesOf = useCallback((key: string) => values.get(key) ?? new Map<string, string>(), [values]);
  // Attainment where the person has an agreed target for the metric and period.
  const targets = useMemo(
    () => new Map((series.data?.points ?? []).filter((p) => p.target).map((p) => [`${p.metric}|${p.periodStart}`, p])),
    [series.data],
  );

  const cards = keyMetrics.map((k) => defs.get(k)).filter((m): m is MetricDefinition => Boolean(m));
  // Key metrics, then the organization's own metrics that have values in the range, then anything plotted.
  const tableMetrics = useMemo(() => {
    const custom = (library.data ?? []).filter((m) => !m.builtin && values.has(m.key)).map((m) => m.key);
    const keys = [...new Set([...keyMetrics, ...custom, ...plotted])];
    return keys.map((k) => defs.get(k)).filter((m): m is MetricDefinition => Boolean(m));
  }, [defs, plotted, library.data, values]);
  const manualMetrics = (library.data ?? []).filter((m) => m.kind === 'manual');
  const canEnter = ['admin', 'hr', 'manager'].includes(me.user.role) && manualMetrics.length > 0;
  // A stable object, so the entry form is prefilled once per opening rather than on every render.
  const personName = employee?.name;
  const personNo = employee?.employeeNo;
  const person: EmployeeOption | null = useMemo(
    () => (personName ? { id: employeeId, name: personName, employeeNo: personNo } : null),
    [employeeId, personName, personNo],
  );
  const latest = periods[periods.length - 1];
  const previous = periods.length > 1 ? periods[periods.length - 2] : null;
  const hasAnyData = (series.data?.points.length ?? 0) > 0;

  const open = useCallback(
    (metric: MetricDefinition, periodStart: string) =>
      setDrill({
        metric,
        periodStart,
        periodType,
        value: cellValue(valuesOf(metric.key), periodStart, metric.unit),
      }),
    [periodType, valuesOf],
  );

  const option: ChartOption = useMemo(() => {
    const chosen = plotted.map((k) => defs.get(k)).filter((m): m is MetricDefinition => Boolean(m));
    const groups: AxisGroup[] = [];
    for (const m of chosen) {
      const g = axisGroupOf(m.unit);
      if (!groups.includes(g)) groups.push(g);
    }
    const axisName: Record<AxisGroup, string> = {
      money: t('metrics.axisMoney'),
      count: t('metrics.axisCount'),
      percent: t('metrics.axisPercent'),
    };
    return {
      color: ['#2f54eb', '#13c2c2', '#fa8c16', '#52c41a', '#eb2f96', '#722ed1', '#faad14', '#1677ff'],
      tooltip: { trigger: 'axis', confine: true },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 16, right: 16, top: 44, bottom: periods.length > 16 ? 56 : 16, containLabel: true },
      dataZoom: periods.length > 16 ? [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }] : [],
      xAxis: {
        type: 'category',
        data: periods.map((p) => periodAxisLabel(p, periodType)),
        boundaryGap: chartKind === 'bar',
      },
      yAxis: (groups.length ? groups : (['count'] as AxisGroup[])).map((g, i) => ({
        type: 'value',
        name: axisName[g],
        position: i === 0 ? 'left' : 'right',
        offset: i === 2 ? 64 : 0,
        alignTicks: true,
        max: g === 'percent' ? 1 : undefined,
        splitLine: { show: i === 0 },
        axisLabel: { formatter: (v: number) => formatAxisNumber(v, g === 'money' ? 'CNY' : g) },
      })),
      series: chosen.map((m) => ({
        id: m.key,
        name: m.name,
        type: chartKind,
        yAxisIndex: groups.indexOf(axisGroupOf(m.unit)),
        smooth: false,
        symbolSize: 8,
        barMaxWidth: 28,
        emphasis: { focus: 'series' },
        cursor: 'pointer',
        tooltip: { valueFormatter: (v) => formatMetricValue(Number(v), m.unit) },
        data: periods.map((p) => {
          const v = valuesOf(m.key).get(p);
          if (v !== undefined) return Number(v);
          return m.kind === 'manual' ? null : 0;
        }),
      })),
    } as ChartOption;
  }, [plotted, defs, periods, periodType, chartKind, valuesOf, t]);

  const onChartClick = useCallback(
    (e: ChartClickEvent) => {
      if (e.componentType !== 'series' || !e.seriesId || e.dataIndex === undefined) return;
      const m = defs.get(e.seriesId);
      const p = periods[e.dataIndex];
      if (m && p && canDrillDown(m)) open(m, p);
    },
    [defs, periods, open],
  );

  const columns: TableColumnsType<{ period: string }> = useMemo(
    () => [
      {
        title: t('metrics.period'),
        dataIndex: 'period',
        fixed: 'left',
        width: 150,
        render: (p: string) => periodLabel(p, periodType),
      },
      ...tableMetrics.map((m) => ({
        title: m.name,
        key: m.key,
        align: 'right' as const,
        width: m.unit === 'CNY' ? 150 : 110,
        render: (_: unknown, row: { period: string }) => {
          const stored = valuesOf(m.key).get(row.period);
          // A manual metric without an entry has no value, not a zero.
          const v = m.kind === 'manual' ? (stored ?? null) : cellValue(valuesOf(m.key), row.period, m.unit);
          const zero = v === null || Number(v) === 0;
          const testId = `metric-cell-${m.key}-${row.period}`;
          const tag = (
            <>
              <SourceTag
                source={sources.get(`${m.key}|${row.period}`)}
                testId={`metric-source-${m.key}-${row.period}`}
              />
              <TargetNote point={targets.get(`${m.key}|${row.period}`)} unit={m.unit} />
            </>
          );
          if (!canDrillDown(m)) {
            return (
              <span style={{ paddingInline: 7, whiteSpace: 'nowrap' }}>
                <span
                  className="stride-metric-number"
                  style={zero ? { color: 'rgba(0,0,0,0.35)' } : undefined}
                  data-testid={testId}
                >
                  {formatMetricValue(v, m.unit)}
                </span>
                {tag}
              </span>
            );
          }
          return (
            <span style={{ whiteSpace: 'nowrap' }}>
              <Button
                type="link"
                size="small"
                className="stride-metric-number"
                style={zero ? { color: 'rgba(0,0,0,0.35)' } : undefined}
                onClick={() => open(m, row.period)}
                data-testid={testId}
              >
                {formatMetricValue(v, m.unit)}
              </Button>
              {tag}
            </span>
          );
        },
      })),
    ],
    [t, periodType, tableMetrics, valuesOf, sources, targets, open],
  );

  const rows = useMemo(() => [...periods].reverse().map((period) => ({ period })), [periods]);

  const filters = (
    <Flex gap={12} wrap align="center">
      <Segmented<PeriodType>
        value={periodType}
        onChange={setPeriodType}
        options={periodTypes.map((p) => ({ value: p, label: t(`metrics.periodTypes.${p}`) }))}
        data-testid="metrics-period-type"
      />
      <DatePicker.RangePicker
        picker="month"
        value={range}
        allowClear={false}
        onChange={(v) => {
          if (v?.[0] && v[1]) setRange([v[0].startOf('month'), v[1].endOf('month')]);
        }}
        disabledDate={(d) => d.isAfter(dayjs().endOf('month'))}
        aria-label={t('metrics.range')}
      />
    </Flex>
  );

  if (library.error || (series.error && !series.data)) {
    return (
      <QueryError
        error={library.error ?? series.error}
        onRetry={() => {
          void library.refetch();
          void series.refetch();
        }}
      />
    );
  }

  const loading = library.isPending || series.isPending;

  return (
    <div data-testid="person-metrics">
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
        {filters}
        <Flex gap={12} align="center" wrap>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('metrics.clickHint')}
          </Typography.Text>
          {canEnter ? (
            <Button icon={<FormOutlined />} onClick={() => setEntering(true)} data-testid="person-enter-value">
              {t('metricLib.manual.enter')}
            </Button>
          ) : null}
        </Flex>
      </Flex>

      {loading ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            {cards.map((m) => {
              const cur = cellValue(valuesOf(m.key), latest, m.unit);
              const prev = previous ? cellValue(valuesOf(m.key), previous, m.unit) : null;
              return (
                <Col key={m.key} xs={12} md={8} xl={6} xxl={3}>
                  <Card size="small" style={{ height: '100%' }} data-testid={`metric-card-${m.key}`}>
                    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                      {m.name}
                    </Typography.Text>
                    <div style={{ margin: '4px 0' }}>
                      <Tooltip title={t('metrics.openFacts')}>
                        <Button
                          type="link"
                          className="stride-metric-number"
                          style={{ fontSize: 20, fontWeight: 600, color: 'inherit' }}
                          onClick={() => open(m, latest)}
                          data-testid={`metric-card-value-${m.key}`}
                        >
                          {formatMetricValue(cur, m.unit)}
                        </Button>
                      </Tooltip>
                    </div>
                    <div style={{ fontSize: 12 }}>
                      <Change current={cur} previous={prev} unit={m.unit} />
                    </div>
                    <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                      {periodLabel(latest, periodType)}
                    </Typography.Text>
                  </Card>
                </Col>
              );
            })}
          </Row>

          <Card
            title={t('metrics.trend')}
            style={{ marginBottom: 16 }}
            extra={
              <Flex gap={8} wrap align="center">
                <Select
                  mode="multiple"
                  value={plotted}
                  onChange={setPlotted}
                  maxTagCount="responsive"
                  style={{ minWidth: 220, maxWidth: 420 }}
                  placeholder={t('metrics.chooseMetrics')}
                  options={(library.data ?? []).map((m) => ({ value: m.key, label: m.name }))}
                  data-testid="metrics-plot-select"
                />
                <Segmented<'line' | 'bar'>
                  value={chartKind}
                  onChange={setChartKind}
                  options={[
                    { value: 'line', icon: <LineChartOutlined />, title: t('metrics.line') },
                    { value: 'bar', icon: <BarChartOutlined />, title: t('metrics.bar') },
                  ]}
                />
              </Flex>
            }
          >
            {!hasAnyData ? (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  <>
                    <Typography.Text strong>{t('metrics.emptyTitle')}</Typography.Text>
                    <br />
                    <Typography.Text type="secondary">{t('metrics.emptySub')}</Typography.Text>
                  </>
                }
                style={{ padding: '32px 0' }}
                data-testid="metrics-empty"
              />
            ) : plotted.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('metrics.chooseMetrics')} />
            ) : (
              <Chart option={option} height={340} onClick={onChartClick} data-testid="metrics-chart" />
            )}
          </Card>

          <Card
            title={t('metrics.byPeriod')}
            extra={series.isFetching ? <Tag>{t('common.loading')}</Tag> : null}
            styles={{ body: { padding: 0 } }}
          >
            <Table<{ period: string }>
              rowKey="period"
              size="small"
              columns={columns}
              dataSource={rows}
              pagination={rows.length > 13 ? { pageSize: 13, size: 'small', showSizeChanger: false } : false}
              scroll={{ x: 150 + tableMetrics.reduce((s, m) => s + (m.unit === 'CNY' ? 150 : 110), 0) }}
              data-testid="metrics-table"
            />
          </Card>
        </>
      )}

      <FactsDrawer employeeId={employeeId} target={drill} onClose={() => setDrill(null)} />
      {canEnter ? <ManualValueModal open={entering} onClose={() => setEntering(false)} employee={person} /> : null}
    </div>
  );
}
