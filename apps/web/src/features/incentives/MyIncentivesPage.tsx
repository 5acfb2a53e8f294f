import type { BonusRunView } from '@stride/contracts';
import { Card, Empty, Flex, Skeleton, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { RunLines } from './BonusTab';
import { useBonusRun, useBonusRuns } from './queries';
import { StatementsTab } from './StatementsTab';

/** 我的提成/奖金: an employee's own commission statements and approved bonus lines. */
export function MyIncentivesPage() {
  const { t } = useTranslation();
  const runs = useBonusRuns();
  const [openRun, setOpenRun] = useState<string | null>(null);
  const run = useBonusRun(openRun);
  return (
    <>
      <PageHeader title={t('nav.myIncentives')} subtitle={t('incentives.mySubtitle')} />
      <Flex vertical gap={16}>
        <Card title={t('incentives.myCommission')}>
          <StatementsTab canExport={false} />
        </Card>
        <Card title={t('incentives.myBonus')}>
          {runs.isLoading ? (
            <Skeleton active />
          ) : runs.isError ? (
            <QueryError error={runs.error} onRetry={() => void runs.refetch()} />
          ) : runs.data?.length ? (
            <Table<BonusRunView>
              rowKey="id"
              pagination={false}
              dataSource={runs.data}
              onRow={(r) => ({ onClick: () => setOpenRun(r.id), style: { cursor: 'pointer' } })}
              columns={[
                { title: t('incentives.scheme.name'), render: (_, r) => r.scheme.name },
                { title: t('incentives.run.cycle'), render: (_, r) => r.cycle.name },
                { title: t('incentives.run.amount'), dataIndex: 'total' },
              ]}
            />
          ) : (
            <Empty description={t('incentives.myBonusEmpty')} />
          )}
          {openRun && run.data ? (
            <div style={{ marginTop: 12 }}>
              <Typography.Text strong>{run.data.cycle.name}</Typography.Text>
              <RunLines lines={run.data.lines} />
            </div>
          ) : null}
        </Card>
      </Flex>
    </>
  );
}
