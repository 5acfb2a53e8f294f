import { Alert, Card, Col, Empty, Flex, Row, Segmented, Select, Skeleton, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/QueryError';
import { type PeriodType, periodTypes } from '../metrics/periods';
import { useMetricDefinitions } from '../metrics/queries';
import { Chart } from './charts';
import { useTrajectory } from './queries';
import { TrajectoryEvents, TrajectoryReviews } from './TrajectoryHistory';
import { TrajectoryKpis, TrajectorySummary } from './TrajectoryStats';
import { trajectoryOption } from './trajectoryChart';

const windows = [2, 3, 4, 6];

/**
 * 成长轨迹 of one person: their metrics over the whole time with us, targets, probation and events on the
 * chart; growth speed, volatility and slack index with what each means; review results and events below.
 */
export function PersonTrajectory({ employeeId }: { employeeId: string }) {
  const { t } = useTranslation();
  const library = useMetricDefinitions();
  // Empty: the server picks (the metrics of the person's scorecard template, or a default set).
  const [metrics, setMetrics] = useState<string[]>([]);
  const [periodType, setPeriodType] = useState<PeriodType>('month');
  const [windowMonths, setWindowMonths] = useState(3);
  const [focus, setFocus] = useState<string | null>(null);
  const query = useTrajectory(employeeId, { metrics, periodType, window: windowMonths });
  const data = query.data;

  const option = useMemo(() => (data ? trajectoryOption(data, t) : null), [data, t]);
  const focused = data?.metrics.find((m) => m.key === focus) ?? data?.metrics[0];
  const shown = data?.metrics.map((m) => m.key) ?? [];
  const hasValues = Boolean(data?.metrics.some((m) => m.points.some((p) => p.value !== null)));

  if (query.error && !data) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;

  const controls = (
    <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
      <Select
        mode="multiple"
        value={metrics.length ? metrics : shown}
        onChange={(keys: string[]) => setMetrics(keys.slice(0, 8))}
        maxTagCount="responsive"
        style={{ minWidth: 240, maxWidth: 480 }}
        placeholder={t('insights.trajectory.chooseMetrics')}
        options={(library.data ?? []).map((m) => ({ value: m.key, label: m.name }))}
        loading={library.isPending}
        aria-label={t('insights.trajectory.metrics')}
        data-testid="trajectory-metrics"
      />
      <Segmented<PeriodType>
        value={periodType}
        onChange={setPeriodType}
        options={periodTypes.map((p) => ({ value: p, label: t(`metrics.periodTypes.${p}`) }))}
        data-testid="trajectory-period-type"
      />
      <Flex align="center" gap={6}>
        <Typography.Text type="secondary">{t('insights.trajectory.window')}</Typography.Text>
        <Select
          value={windowMonths}
          onChange={setWindowMonths}
          style={{ width: 110 }}
          options={windows.map((n) => ({ value: n, label: t('insights.trajectory.windowOption', { n }) }))}
          aria-label={t('insights.trajectory.window')}
        />
      </Flex>
      {query.isFetching && data ? <Tag>{t('common.loading')}</Tag> : null}
    </Flex>
  );

  if (!data) {
    return (
      <div data-testid="person-trajectory">
        {controls}
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </div>
    );
  }

  return (
    <div data-testid="person-trajectory">
      {controls}
      {query.error ? (
        <Alert type="warning" showIcon title={t('errors.loadFailed')} style={{ marginBottom: 12 }} />
      ) : null}
      <Card title={t('insights.trajectory.chart')} style={{ marginBottom: 16 }}>
        {!hasValues || !option ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              <>
                <Typography.Text strong>{t('insights.trajectory.empty')}</Typography.Text>
                <br />
                <Typography.Text type="secondary">{t('insights.trajectory.emptySub')}</Typography.Text>
              </>
            }
            style={{ padding: '32px 0' }}
            data-testid="trajectory-empty"
          />
        ) : (
          <>
            <Chart option={option} height={380} data-testid="trajectory-chart" />
            {data.openPeriod ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('insights.trajectory.openHint')}
              </Typography.Text>
            ) : null}
          </>
        )}
      </Card>

      {focused ? (
        <Card
          title={t('insights.trajectory.indicators')}
          style={{ marginBottom: 16 }}
          extra={
            data.metrics.length > 1 ? (
              <Select
                value={focused.key}
                onChange={setFocus}
                options={data.metrics.map((m) => ({ value: m.key, label: m.name }))}
                style={{ minWidth: 140 }}
                aria-label={t('insights.trajectory.indicators')}
                data-testid="trajectory-focus"
              />
            ) : (
              <Typography.Text>{focused.name}</Typography.Text>
            )
          }
        >
          <TrajectoryKpis metric={focused} window={data.window} />
          {data.metrics.length > 1 ? (
            <div style={{ marginTop: 16 }}>
              <TrajectorySummary metrics={data.metrics} onPick={setFocus} />
            </div>
          ) : null}
        </Card>
      ) : null}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('insights.trajectory.reviews')} style={{ height: '100%' }}>
            <TrajectoryReviews reviews={data.reviews} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('insights.trajectory.events')} style={{ height: '100%' }}>
            <TrajectoryEvents markers={data.markers} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
