import type { PoolPeriodType } from '@stride/contracts';
import type { TableColumnsType } from 'antd';
import { Button, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { CreatePlanModal } from '../plans/CreatePlanModal';
import { OptimizationFlag, ReasonTags, SuggestionTag } from './bits';
import type { PoolEntry } from './queries';
import { TrendSparkline } from './TrendSparkline';

interface Props {
  items: PoolEntry[];
  loading: boolean;
  type: PoolPeriodType;
  thresholdPct: number;
  emptyText: string;
  onDecide: (entry: PoolEntry) => void;
  'data-testid'?: string;
}

/** The people of a pool: reasons, trend, Stride's suggestion (explained on hover), the list flag and the decision. */
export function PoolTable({ items, loading, type, thresholdPct, emptyText, onDecide, ...rest }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // The entry a plan is being created for, once the decision is an improvement plan.
  const [planFor, setPlanFor] = useState<PoolEntry | null>(null);
  const columns: TableColumnsType<PoolEntry> = [
    {
      title: t('pool.columns.person'),
      key: 'person',
      fixed: 'left',
      render: (_, e) => (
        <Link to={`/people/${e.employee.id}`} data-testid="pool-person">
          {e.employee.name} <span className="stride-mono">{e.employee.employeeNo}</span>
        </Link>
      ),
    },
    { title: t('pool.columns.unit'), key: 'unit', render: (_, e) => e.unit.name || '—' },
    { title: t('pool.columns.reasons'), key: 'reasons', render: (_, e) => <ReasonTags reasons={e.reasons} /> },
    {
      title: t('pool.columns.trend'),
      key: 'trend',
      render: (_, e) => <TrendSparkline trend={e.trend} type={type} thresholdPct={thresholdPct} />,
    },
    {
      title: t('pool.columns.occurrence'),
      key: 'occurrence',
      align: 'center',
      render: (_, e) => <span data-testid="pool-occurrence">{t('pool.occurrence', { count: e.occurrence })}</span>,
    },
    {
      title: t('pool.columns.suggestion'),
      key: 'suggestion',
      render: (_, e) => <SuggestionTag entry={e} type={type} />,
    },
    {
      title: t('pool.columns.optimization'),
      key: 'optimization',
      render: (_, e) => <OptimizationFlag entry={e} type={type} />,
    },
    {
      title: t('pool.columns.decision'),
      key: 'decision',
      render: (_, e) => (
        <Flex vertical gap={4} align="flex-start" data-testid="pool-decision">
          {e.decision ? (
            <Tooltip
              title={
                <>
                  <div>{e.decisionNote}</div>
                  <div>{t('pool.decide.by', { name: e.decidedBy ?? '—', time: formatDateTime(e.decidedAt) })}</div>
                </>
              }
            >
              <Tag color="green" data-testid="pool-decision-tag" data-decision={e.decision}>
                {t(`pool.decisions.${e.decision}`)}
              </Tag>
            </Tooltip>
          ) : null}
          {e.canDecide && e.decision === 'improvement_plan' ? (
            <Button size="small" type="primary" onClick={() => setPlanFor(e)} data-testid="pool-create-plan">
              {t('plans.create')}
            </Button>
          ) : null}
          {e.canDecide ? (
            <Button size="small" onClick={() => onDecide(e)} data-testid="pool-decide">
              {e.decision ? t('pool.decide.change') : t('pool.decide.button')}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t('pool.decide.own')}</Typography.Text>
          )}
        </Flex>
      ),
    },
  ];
  return (
    <>
      <Table<PoolEntry>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={items}
        columns={columns}
        locale={{ emptyText }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        onRow={(e) => ({ 'data-employee': e.employee.id }) as HTMLAttributes<HTMLElement>}
        data-testid={rest['data-testid']}
      />
      <CreatePlanModal
        open={planFor !== null}
        source="pool_entry"
        poolEntryId={planFor?.id}
        employee={planFor ? { id: planFor.employee.id, name: planFor.employee.name } : null}
        onClose={() => setPlanFor(null)}
        onCreated={(id) => {
          setPlanFor(null);
          navigate(`/plans/${id}`);
        }}
      />
    </>
  );
}
