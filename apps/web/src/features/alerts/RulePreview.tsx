import type { AlertRulePreview } from '@stride/contracts';
import { Alert, Card, Col, Empty, Row, Spin, Statistic, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../lib/format';
import { Chart } from '../metrics/Chart';
import type { ChartOption } from '../metrics/echarts';

type PersonRow = AlertRulePreview['people'][number];

interface Props {
  result: AlertRulePreview | undefined;
  loading: boolean;
  error: string | null;
  /** The form changed after this preview ran. */
  stale: boolean;
}

/** What the rule would have raised over the last 12 months: totals, alerts by period and the people concerned. */
export function RulePreview({ result, loading, error, stale }: Props) {
  const { t } = useTranslation();
  const option: ChartOption | null = useMemo(() => {
    const byPeriod = result?.byPeriod ?? [];
    if (byPeriod.length === 0) return null;
    return {
      color: ['#fa541c'],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
      grid: { left: 8, right: 12, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: byPeriod.map((p) => p.period), axisTick: { show: false } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('alerts.preview.alertsInPeriod'),
          barMaxWidth: 28,
          data: byPeriod.map((p) => p.count),
        },
      ],
    } as ChartOption;
  }, [result, t]);

  if (loading)
    return (
      <Card size="small" data-testid="rule-preview">
        <Spin description={t('alerts.preview.running')}>
          <div style={{ height: 120 }} />
        </Spin>
      </Card>
    );
  if (error) return <Alert type="error" showIcon title={error} data-testid="rule-preview-error" />;
  if (!result) return null;

  return (
    <Card
      size="small"
      data-testid="rule-preview"
      title={t('alerts.preview.title', { from: formatDate(result.from), to: formatDate(result.to) })}
    >
      {stale ? <Alert type="warning" showIcon title={t('alerts.preview.stale')} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={12} style={{ marginBottom: 12 }}>
        <Col span={8}>
          <Statistic title={t('alerts.preview.periodsJudged')} value={result.periodsJudged} />
        </Col>
        <Col span={8}>
          <div data-testid="rule-preview-alerts">
            <Statistic
              title={t('alerts.preview.alerts')}
              value={result.alerts}
              styles={{ content: { color: result.alerts > 0 ? '#d4380d' : undefined } }}
            />
          </div>
        </Col>
        <Col span={8}>
          <div data-testid="rule-preview-people-count">
            <Statistic title={t('alerts.preview.people')} value={result.people.length} />
          </div>
        </Col>
      </Row>
      {result.alerts === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.preview.none')} />
      ) : (
        <>
          {option ? (
            <>
              <Typography.Text type="secondary">{t('alerts.preview.byPeriod')}</Typography.Text>
              <Chart option={option} height={200} data-testid="rule-preview-chart" />
            </>
          ) : null}
          <Table<PersonRow>
            size="small"
            rowKey={(r) => r.employee.id}
            dataSource={result.people}
            pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
            style={{ marginTop: 12 }}
            data-testid="rule-preview-people"
            columns={[
              {
                title: t('alerts.columns.person'),
                key: 'person',
                render: (_, r) => (
                  <Link to={`/people/${r.employee.id}`} target="_blank" data-testid="rule-preview-person">
                    {r.employee.name}
                  </Link>
                ),
              },
              {
                title: t('alerts.preview.employeeNo'),
                key: 'no',
                render: (_, r) => <span className="stride-mono">{r.employee.employeeNo}</span>,
              },
              { title: t('alerts.columns.unit'), key: 'unit', render: (_, r) => r.unit?.name ?? '—' },
              { title: t('alerts.preview.firstPeriod'), dataIndex: 'firstPeriod' },
              {
                title: t('alerts.preview.periodsFired'),
                dataIndex: 'periods',
                align: 'right',
                sorter: (a, b) => a.periods - b.periods,
                defaultSortOrder: 'descend',
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
