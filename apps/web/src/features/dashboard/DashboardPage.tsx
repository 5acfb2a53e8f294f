import { Button, Card, Col, Row, Segmented, Select, Skeleton } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useCurrentUser } from '../auth/queries';
import { periodLabel } from '../metrics/periods';
import { useMetricDefinitions } from '../metrics/queries';
import { AlertsCard, AttainmentCard, MoversCard, PoolCard, ScoresCard } from './DashboardCards';
import { useDashboard } from './queries';

type Basis = 'auto' | 'attainment' | 'value';

/** The home of HR and admin (the organization) and of managers (the units they lead). */
export function DashboardPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const library = useMetricDefinitions();
  const [metric, setMetric] = useState('revenue');
  const [basis, setBasis] = useState<Basis>('auto');
  const query = useDashboard({ metric, movers: basis === 'auto' ? undefined : basis });
  const data = query.data;

  const subtitle = data
    ? t('insights.dashboard.subtitle', {
        scope:
          data.scope.kind === 'org'
            ? me.org.name
            : data.scope.units.map((u) => u.name).join('、') || t('insights.dashboard.noUnits'),
        month: periodLabel(data.month, 'month'),
      })
    : undefined;

  return (
    <div data-testid="dashboard-page">
      <PageHeader
        title={t('insights.dashboard.title')}
        subtitle={subtitle}
        extra={
          <>
            <Select
              value={metric}
              onChange={setMetric}
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 170 }}
              options={(library.data ?? []).map((m) => ({ value: m.key, label: m.name }))}
              aria-label={t('insights.dashboard.metric')}
              data-testid="dashboard-metric"
            />
            <Segmented<Basis>
              value={basis}
              onChange={setBasis}
              options={[
                { value: 'auto', label: t('insights.dashboard.basis.auto') },
                { value: 'attainment', label: t('insights.dashboard.basis.attainment') },
                { value: 'value', label: t('insights.dashboard.basis.value') },
              ]}
              aria-label={t('insights.dashboard.moversBy')}
            />
          </>
        }
      />
      {query.error && !data ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : !data ? (
        <Row gutter={[16, 16]}>
          {[0, 1, 2, 3].map((i) => (
            <Col key={i} xs={24} md={12} xl={6}>
              <Card>
                <Skeleton active paragraph={{ rows: 3 }} />
              </Card>
            </Col>
          ))}
        </Row>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} md={12} xl={8}>
            <AlertsCard alerts={data.alerts} />
          </Col>
          <Col xs={24} md={12} xl={8}>
            <PoolCard pool={data.pool} />
          </Col>
          <Col xs={24} md={24} xl={8}>
            <ScoresCard scores={data.scores} />
          </Col>
          <Col xs={24} xl={10}>
            <AttainmentCard data={data} />
          </Col>
          <Col xs={24} xl={14}>
            <MoversCard data={data} />
          </Col>
          {query.error ? (
            <Col xs={24}>
              <Button onClick={() => void query.refetch()}>{t('common.retry')}</Button>
            </Col>
          ) : null}
        </Row>
      )}
    </div>
  );
}
