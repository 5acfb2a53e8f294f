import { PlusOutlined } from '@ant-design/icons';
import type { CommissionPlanView } from '@stride/contracts';
import { Button, Empty, Flex, Skeleton, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/QueryError';
import { PlanFormModal } from './PlanFormModal';
import { useCommissionPlans } from './queries';

/** 提成方案: the organization's commission plans; HR and admins create and edit them. */
export function PlansTab({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const plans = useCommissionPlans();
  const [editing, setEditing] = useState<CommissionPlanView | null>(null);
  const [open, setOpen] = useState(false);
  if (plans.isLoading) return <Skeleton active />;
  if (plans.isError) return <QueryError error={plans.error} onRetry={() => void plans.refetch()} />;
  const unit = (p: CommissionPlanView) => (p.basis === 'attainment' ? '%' : '');
  return (
    <>
      {canWrite ? (
        <Flex justify="flex-end" style={{ marginBottom: 12 }}>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setEditing(null);
              setOpen(true);
            }}
            data-testid="cplan-create"
          >
            {t('incentives.plan.create')}
          </Button>
        </Flex>
      ) : null}
      {plans.data?.length ? (
        <Table<CommissionPlanView>
          rowKey="id"
          dataSource={plans.data}
          pagination={false}
          data-testid="cplan-table"
          columns={[
            { title: t('incentives.plan.name'), dataIndex: 'name' },
            { title: t('incentives.plan.metric'), render: (_, p) => t(`incentives.metric.${p.metricKey}`) },
            { title: t('incentives.plan.period'), render: (_, p) => t(`incentives.period.${p.periodType}`) },
            {
              title: t('incentives.plan.tiers'),
              render: (_, p) =>
                p.tiers.map((x) => (
                  <div key={x.from}>
                    {x.from}
                    {unit(p)} – {x.to === null ? '∞' : `${x.to}${unit(p)}`}: {x.rate}%
                  </div>
                )),
            },
            { title: t('incentives.plan.accelerator'), render: (_, p) => (p.accelerator ? `× ${p.accelerator}` : '—') },
            {
              title: t('incentives.plan.clawback'),
              render: (_, p) => (p.clawback ? t('common.yes') : t('common.no')),
            },
            {
              title: t('incentives.plan.active'),
              render: (_, p) =>
                p.isActive ? (
                  <Tag color="green">{t('incentives.plan.activeTag')}</Tag>
                ) : (
                  <Tag>{t('incentives.plan.inactiveTag')}</Tag>
                ),
            },
            ...(canWrite
              ? [
                  {
                    key: 'edit',
                    render: (_: unknown, p: CommissionPlanView) => (
                      <Button
                        type="link"
                        onClick={() => {
                          setEditing(p);
                          setOpen(true);
                        }}
                      >
                        {t('common.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      ) : (
        <Empty description={t('incentives.plan.empty')} />
      )}
      <PlanFormModal plan={editing} open={open} onClose={() => setOpen(false)} />
    </>
  );
}
