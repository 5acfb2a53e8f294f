import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Select, Skeleton, Statistic, Tabs, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../lib/format';
import { useCurrentUser } from '../auth/queries';
import { periodLabel } from '../metrics/periods';
import { BuildPoolModal } from './BuildPoolModal';
import { DecisionModal } from './DecisionModal';
import { PolicyDrawer } from './PolicyDrawer';
import { PoolTable } from './PoolTable';
import { type PoolEntry, type PoolSummary, useOptimizationList, usePool, usePools } from './queries';

/** The pool shown first: the newest one with people in it (the just-built one may still be waiting for grades). */
const defaultPool = (pools: PoolSummary[]) => (pools.find((p) => p.entries > 0) ?? pools[0])?.id ?? null;

/** 低绩效人员池 and 优化清单: for HR and admins (the organization) and managers (their units). */
export function PoolPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const isHr = me.user.role === 'admin' || me.user.role === 'hr';
  const pools = usePools();
  const [chosen, setChosen] = useState<string | null>(null);
  const poolId = chosen ?? (pools.data ? defaultPool(pools.data) : null);
  const pool = usePool(poolId);
  const [tab, setTab] = useState<'pool' | 'optimization'>('pool');
  const optimization = useOptimizationList(tab === 'optimization' ? poolId : null);
  const [deciding, setDeciding] = useState<PoolEntry | null>(null);
  const [building, setBuilding] = useState(false);
  const [policyOpen, setPolicyOpen] = useState(false);
  const summary = pools.data?.find((p) => p.id === poolId) ?? null;
  const type = summary?.periodType ?? 'month';
  const policy = pool.data?.policy ?? summary?.policy;

  const header = (
    <PageHeader
      title={t('nav.pool')}
      subtitle={t('pool.subtitle')}
      extra={
        <>
          {pools.data?.length ? (
            <Select
              value={poolId ?? undefined}
              onChange={(id) => setChosen(id)}
              style={{ minWidth: 200 }}
              aria-label={t('pool.selectPool')}
              options={pools.data.map((p) => ({
                value: p.id,
                label: t('pool.poolOption', { period: periodLabel(p.periodStart, p.periodType), count: p.entries }),
              }))}
              data-testid="pool-select"
            />
          ) : null}
          {poolId ? (
            <Button
              icon={<DownloadOutlined />}
              href={`/api/v1/low-performer-pools/${poolId}/export.xlsx`}
              data-testid="pool-export"
            >
              {t('pool.export')}
            </Button>
          ) : null}
          {isHr ? (
            <>
              <Button onClick={() => setBuilding(true)} data-testid="pool-build">
                {t('pool.build')}
              </Button>
              <Button icon={<SettingOutlined />} onClick={() => setPolicyOpen(true)} data-testid="pool-policy">
                {t('pool.settings')}
              </Button>
            </>
          ) : null}
        </>
      }
    />
  );

  let body: ReactNode;
  if (pools.isError) body = <QueryError error={pools.error} onRetry={() => void pools.refetch()} />;
  else if (pools.isPending) body = <Skeleton active />;
  else if (!pools.data.length)
    body = (
      <Card>
        <Empty description={t('pool.noPools')} data-testid="pool-none">
          <Typography.Paragraph type="secondary">{t('pool.noPoolsHint')}</Typography.Paragraph>
          {isHr ? (
            <Button type="primary" onClick={() => setBuilding(true)}>
              {t('pool.build')}
            </Button>
          ) : null}
        </Empty>
      </Card>
    );
  else if (pool.isError) body = <QueryError error={pool.error} onRetry={() => void pool.refetch()} />;
  else
    body = (
      <>
        <Card size="small" style={{ marginBottom: 16 }}>
          <Flex gap={32} wrap align="center">
            <Statistic title={t('pool.stats.entries')} value={summary?.entries ?? 0} data-testid="pool-count" />
            <Statistic title={t('pool.stats.optimizationList')} value={summary?.optimizationList ?? 0} />
            <Statistic title={t('pool.stats.decided')} value={summary?.decided ?? 0} />
            {summary ? (
              <Typography.Text type="secondary">
                {t('pool.builtAt', { time: formatDateTime(summary.builtAt) })}
              </Typography.Text>
            ) : null}
          </Flex>
        </Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as 'pool' | 'optimization')}
          items={[
            {
              key: 'pool',
              label: <span data-testid="pool-tab-pool">{t('pool.tabs.pool')}</span>,
              children: (
                <PoolTable
                  items={pool.data?.items ?? []}
                  loading={pool.isPending || pool.isPlaceholderData}
                  type={type}
                  thresholdPct={policy?.attainmentBelowPct ?? 70}
                  emptyText={t('pool.empty')}
                  onDecide={setDeciding}
                  data-testid="pool-table"
                />
              ),
            },
            {
              key: 'optimization',
              label: <span data-testid="pool-tab-optimization">{t('pool.tabs.optimization')}</span>,
              children: (
                <>
                  {policy ? (
                    <Alert
                      type="warning"
                      showIcon
                      style={{ marginBottom: 16 }}
                      title={t('pool.optimizationHint', {
                        n: policy.consecutivePeriods,
                        grades: policy.unsatisfactoryGrades.join('/'),
                        pct: policy.attainmentBelowPct,
                        pts: policy.improvementPts,
                      })}
                    />
                  ) : null}
                  {optimization.isError ? (
                    <QueryError error={optimization.error} onRetry={() => void optimization.refetch()} />
                  ) : (
                    <PoolTable
                      items={optimization.data?.items ?? []}
                      loading={optimization.isPending}
                      type={type}
                      thresholdPct={policy?.attainmentBelowPct ?? 70}
                      emptyText={t('pool.emptyOptimization')}
                      onDecide={setDeciding}
                      data-testid="pool-optimization-table"
                    />
                  )}
                </>
              ),
            },
          ]}
        />
      </>
    );

  return (
    <div data-testid="pool-page">
      {header}
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('pool.humanDecision')} />
      {body}
      <DecisionModal entry={deciding} type={type} onClose={() => setDeciding(null)} />
      <BuildPoolModal
        open={building}
        onClose={() => setBuilding(false)}
        onBuilt={(id) => {
          setBuilding(false);
          setChosen(id);
        }}
      />
      <PolicyDrawer open={policyOpen} onClose={() => setPolicyOpen(false)} />
    </div>
  );
}
