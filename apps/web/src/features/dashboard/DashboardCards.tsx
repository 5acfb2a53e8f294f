import { AlertOutlined, ArrowDownOutlined, ArrowUpOutlined, RightOutlined } from '@ant-design/icons';
import type { Dashboard, DashboardMover } from '@stride/contracts';
import { Card, Empty, Flex, List, Progress, Statistic, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatMetricValue, formatPercent } from '../metrics/format';
import { periodLabel } from '../metrics/periods';
import { Chart, type ChartOption } from '../trajectories/charts';

const severityColor = { high: '#cf1322', medium: '#fa8c16', low: '#1677ff' } as const;

function More({ to, label, testId }: { to: string; label: string; testId?: string }) {
  return (
    <Link to={to} data-testid={testId}>
      {label} <RightOutlined style={{ fontSize: 10 }} />
    </Link>
  );
}

export function AlertsCard({ alerts }: { alerts: Dashboard['alerts'] }) {
  const { t } = useTranslation();
  return (
    <Card
      title={t('insights.dashboard.alerts')}
      extra={<More to="/alerts" label={t('insights.dashboard.viewAlerts')} testId="dashboard-alerts-link" />}
      style={{ height: '100%' }}
      data-testid="dashboard-alerts"
    >
      <Statistic
        value={alerts.total}
        prefix={<AlertOutlined />}
        styles={{ content: { color: alerts.total ? severityColor.high : undefined } }}
      />
      <Flex gap={8} wrap style={{ marginTop: 12 }}>
        {(['high', 'medium', 'low'] as const).map((s) => (
          <Link key={s} to={`/alerts?severity=${s}`} data-testid={`dashboard-alerts-${s}`}>
            <Tag color={severityColor[s]} style={{ cursor: 'pointer' }}>
              {t(`insights.dashboard.severity.${s}`)} {alerts.bySeverity[s]}
            </Tag>
          </Link>
        ))}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '12px 0 0' }}>
        {alerts.total ? t('insights.dashboard.alertsHint') : t('insights.dashboard.noAlerts')}
      </Typography.Paragraph>
    </Card>
  );
}

export function PoolCard({ pool }: { pool: Dashboard['pool'] }) {
  const { t } = useTranslation();
  return (
    <Card
      title={t('insights.dashboard.pool')}
      extra={<More to="/low-performer-pool" label={t('insights.dashboard.viewPool')} testId="dashboard-pool-link" />}
      style={{ height: '100%' }}
      data-testid="dashboard-pool"
    >
      {pool ? (
        <>
          <Typography.Text type="secondary">
            {t('insights.dashboard.poolPeriod', {
              period: periodLabel(pool.periodStart, pool.periodType === 'quarter' ? 'quarter' : 'month'),
            })}
          </Typography.Text>
          <Flex gap={24} wrap style={{ marginTop: 8 }}>
            <Statistic title={t('insights.dashboard.poolEntries')} value={pool.entries} />
            <Statistic
              title={t('insights.dashboard.poolListed')}
              value={pool.onOptimizationList}
              styles={{ content: { color: pool.onOptimizationList ? severityColor.high : undefined } }}
            />
            <Statistic title={t('insights.dashboard.poolUndecided')} value={pool.undecided} />
          </Flex>
        </>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('insights.dashboard.noPool')} />
      )}
    </Card>
  );
}

export function AttainmentCard({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const { attainment, metricUnit } = data;
  const month = periodLabel(data.month, 'month');
  const option = useMemo(() => {
    const units = [...attainment.units].reverse();
    return {
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        confine: true,
        formatter: (params: unknown) => {
          const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
          const u = units[i];
          return `<b>${u.unit.name}</b><br/>${formatPercent(u.attainment ?? 0)}<br/>${t(
            'insights.dashboard.actualOfTarget',
            {
              actual: formatMetricValue(u.actual, metricUnit),
              target: formatMetricValue(u.target, metricUnit),
            },
          )}`;
        },
      },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatPercent(v, 0) } },
      yAxis: { type: 'category', data: units.map((u) => u.unit.name) },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          data: units.map((u) => {
            const v = u.attainment === null ? 0 : Number(u.attainment);
            return { value: v, itemStyle: { color: v >= 1 ? '#52c41a' : v >= 0.8 ? '#faad14' : '#f5222d' } };
          }),
          label: { show: true, position: 'right', formatter: (p: { value: number }) => formatPercent(p.value, 0) },
          markLine: {
            symbol: ['none', 'none'],
            silent: true,
            label: { show: false },
            data: [{ xAxis: 1 }],
            lineStyle: { type: 'dashed' },
          },
        },
      ],
    } as ChartOption;
  }, [attainment.units, metricUnit, t]);
  const total = attainment.total.attainment === null ? null : Number(attainment.total.attainment);
  return (
    <Card
      title={t('insights.dashboard.attainment')}
      extra={<More to="/targets" label={t('insights.dashboard.viewTargets')} />}
      style={{ height: '100%' }}
      data-testid="dashboard-attainment"
    >
      <Typography.Text type="secondary">
        {t('insights.dashboard.attainmentSub', { month, metric: data.metricName })}
      </Typography.Text>
      {attainment.units.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('insights.dashboard.noTargets', { month })} />
      ) : (
        <>
          <Flex align="center" gap={16} style={{ margin: '8px 0' }}>
            <Progress
              type="circle"
              size={72}
              percent={Math.round(Math.min(total ?? 0, 1) * 100)}
              format={() => formatPercent(total ?? 0, 0)}
              status={total !== null && total >= 1 ? 'success' : 'normal'}
            />
            <Typography.Text type="secondary" data-testid="dashboard-attainment-total">
              {t('insights.dashboard.actualOfTarget', {
                actual: formatMetricValue(attainment.total.actual, metricUnit),
                target: formatMetricValue(attainment.total.target, metricUnit),
              })}
            </Typography.Text>
          </Flex>
          <Chart option={option} height={Math.max(120, attainment.units.length * 32 + 24)} />
        </>
      )}
    </Card>
  );
}

export function ScoresCard({ scores }: { scores: Dashboard['scores'] }) {
  const { t } = useTranslation();
  const option = useMemo(
    () =>
      ({
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
        grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: scores.distribution.map((d) => d.grade) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          {
            type: 'bar',
            name: t('insights.dashboard.count'),
            color: '#2f54eb',
            barMaxWidth: 36,
            label: { show: true, position: 'top' },
            data: scores.distribution.map((d) => d.count),
          },
        ],
      }) as ChartOption,
    [scores.distribution, t],
  );
  return (
    <Card
      title={t('insights.dashboard.scores')}
      extra={
        scores.cycle ? (
          <More to={`/review-cycles/${scores.cycle.id}`} label={t('insights.dashboard.viewCycle')} />
        ) : null
      }
      style={{ height: '100%' }}
      data-testid="dashboard-scores"
    >
      {scores.cycle ? (
        <>
          <Typography.Text type="secondary">
            {t('insights.dashboard.scoresSub', { cycle: scores.cycle.name, n: scores.n })}
          </Typography.Text>
          <Chart option={option} height={200} data-testid="dashboard-scores-chart" />
        </>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('insights.dashboard.noScores')} />
      )}
    </Card>
  );
}

function MoverList({
  movers,
  basis,
  unit,
  direction,
}: {
  movers: DashboardMover[];
  basis: Dashboard['movers']['basis'];
  unit: Dashboard['metricUnit'];
  direction: 'up' | 'down';
}) {
  const { t } = useTranslation();
  const fmt = (v: string | null) =>
    basis === 'attainment' ? (v === null ? '—' : formatPercent(v)) : formatMetricValue(v, unit);
  const change = (v: string) => {
    const n = Number(v);
    const text = basis === 'attainment' ? formatPercent(Math.abs(n)) : formatMetricValue(Math.abs(n), unit);
    return `${n > 0 ? '+' : '−'}${text}`;
  };
  return (
    <List<DashboardMover>
      size="small"
      dataSource={movers}
      data-testid={`dashboard-movers-${direction}`}
      locale={{
        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('insights.dashboard.noMovers')} />,
      }}
      renderItem={(m) => (
        <List.Item
          extra={
            <Typography.Text strong style={{ color: direction === 'up' ? '#389e0d' : '#cf1322', whiteSpace: 'nowrap' }}>
              {direction === 'up' ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {change(m.change)}
            </Typography.Text>
          }
        >
          <div style={{ minWidth: 0 }}>
            <Link to={`/people/${m.employee.id}?tab=trajectory`} data-testid="dashboard-mover-link">
              {m.employee.name}
            </Link>
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {m.unitName} ·{' '}
              {basis === 'attainment'
                ? `${fmt(m.previousAttainment)} → ${fmt(m.currentAttainment)}`
                : `${fmt(m.previous)} → ${fmt(m.current)}`}
            </Typography.Text>
          </div>
        </List.Item>
      )}
    />
  );
}

export function MoversCard({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const sub = t('insights.dashboard.moversSub', {
    previous: periodLabel(data.previousMonth, 'month'),
    month: periodLabel(data.month, 'month'),
    basis: t(`insights.dashboard.basis.${data.movers.basis}`),
    metric: data.metricName,
  });
  return (
    <Card
      title={t('insights.dashboard.movers')}
      extra={<More to="/trajectories?tab=team" label={t('insights.dashboard.viewTrajectories')} />}
      data-testid="dashboard-movers"
    >
      <Typography.Text type="secondary">{sub}</Typography.Text>
      <Flex gap={24} wrap style={{ marginTop: 8 }}>
        <div style={{ flex: '1 1 280px', minWidth: 0 }}>
          <Typography.Title level={5}>{t('insights.dashboard.moversUp')}</Typography.Title>
          <MoverList movers={data.movers.up} basis={data.movers.basis} unit={data.metricUnit} direction="up" />
        </div>
        <div style={{ flex: '1 1 280px', minWidth: 0 }}>
          <Typography.Title level={5}>{t('insights.dashboard.moversDown')}</Typography.Title>
          <MoverList movers={data.movers.down} basis={data.movers.basis} unit={data.metricUnit} direction="down" />
        </div>
      </Flex>
    </Card>
  );
}
