import { DownloadOutlined } from '@ant-design/icons';
import type { CommissionStatement } from '@stride/contracts';
import {
  Button,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Select,
  Skeleton,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/QueryError';
import { useCommissionPlans, useStatements } from './queries';

const startOf = (d: Dayjs, type: 'month' | 'quarter') =>
  (type === 'month' ? d.startOf('month') : d.month(Math.floor(d.month() / 3) * 3).startOf('month')).format(
    'YYYY-MM-DD',
  );

/** Every line of one statement: band, the part of the base in it, rate, multiplier, amount; then clawback and total. */
export function StatementDetail({ s }: { s: CommissionStatement }) {
  const { t } = useTranslation();
  if (s.status === 'NO_TARGET')
    return <Typography.Text type="warning">{t('incentives.statement.noTarget')}</Typography.Text>;
  return (
    <div data-testid="statement-detail">
      <Descriptions size="small" column={3} style={{ marginBottom: 8 }}>
        <Descriptions.Item label={t('incentives.statement.gross')}>{s.gross}</Descriptions.Item>
        <Descriptions.Item label={t('incentives.statement.refunds')}>{s.refunds}</Descriptions.Item>
        <Descriptions.Item label={t('incentives.statement.base')}>{s.base}</Descriptions.Item>
        <Descriptions.Item label={t('incentives.statement.target')}>{s.target ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('incentives.statement.attainment')}>
          {s.attainment ? `${s.attainment}%` : '—'}
        </Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        rowKey={(l) => `${l.tierIndex}-${l.amountFrom}`}
        pagination={false}
        dataSource={s.lines}
        columns={[
          {
            title: t('incentives.statement.band'),
            render: (_, l) => `${l.amountFrom} – ${l.amountTo ?? '∞'}`,
          },
          { title: t('incentives.statement.portion'), dataIndex: 'portion' },
          { title: t('incentives.plan.rate'), render: (_, l) => `${l.rate}%` },
          {
            title: t('incentives.statement.multiplier'),
            render: (_, l) => (l.isAccelerated ? <Tag color="gold">× {l.multiplier}</Tag> : '×1'),
          },
          { title: t('incentives.statement.amount'), dataIndex: 'amount' },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('incentives.statement.marginal')}
        {s.clawback !== '0.00'
          ? ` ${t('incentives.statement.clawbackExplained', { refunds: s.refunds, amount: s.clawback })}`
          : ''}
        {s.acceleratorExtra !== '0.00'
          ? ` ${t('incentives.statement.acceleratorExplained', { multiplier: s.accelerator, amount: s.acceleratorExtra })}`
          : ''}
      </Typography.Paragraph>
      <Typography.Text strong>
        {t('incentives.statement.total')}: {s.total}
      </Typography.Text>
    </div>
  );
}

/** 提成明细: pick a plan and a period; one statement per person in scope (an employee: their own). */
export function StatementsTab({ canExport }: { canExport: boolean }) {
  const { t } = useTranslation();
  const plans = useCommissionPlans();
  const [planId, setPlanId] = useState<string | null>(null);
  const [day, setDay] = useState<Dayjs>(dayjs().subtract(1, 'month'));
  const chosen = planId ?? plans.data?.find((p) => p.isActive)?.id ?? plans.data?.[0]?.id ?? null;
  const plan = plans.data?.find((p) => p.id === chosen);
  const periodStart = plan ? startOf(day, plan.periodType) : null;
  const list = useStatements(chosen, periodStart);
  if (plans.isLoading) return <Skeleton active />;
  if (plans.isError) return <QueryError error={plans.error} onRetry={() => void plans.refetch()} />;
  if (!plans.data?.length) return <Empty description={t('incentives.plan.empty')} />;
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }} align="center">
        <Select
          value={chosen ?? undefined}
          onChange={setPlanId}
          style={{ minWidth: 220 }}
          aria-label={t('incentives.statement.plan')}
          options={plans.data.map((p) => ({ value: p.id, label: p.name }))}
          data-testid="statement-plan"
        />
        <DatePicker
          picker={plan?.periodType === 'quarter' ? 'quarter' : 'month'}
          value={day}
          onChange={(d) => d && setDay(d)}
          allowClear={false}
          aria-label={t('incentives.plan.period')}
          data-testid="statement-period"
        />
        {canExport && chosen && periodStart ? (
          <Button
            icon={<DownloadOutlined />}
            href={`/api/v1/commission-plans/${chosen}/statements.xlsx?periodStart=${periodStart}`}
            data-testid="statement-export"
          >
            {t('incentives.exportXlsx')}
          </Button>
        ) : null}
        {list.data ? (
          <Statistic
            title={t('incentives.statement.sum')}
            value={list.data.total}
            style={{ marginInlineStart: 'auto' }}
          />
        ) : null}
      </Flex>
      {list.isLoading ? (
        <Skeleton active />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data?.items.length ? (
        <Table<CommissionStatement>
          rowKey={(s) => s.employee.id}
          dataSource={list.data.items}
          data-testid="statement-table"
          expandable={{ expandedRowRender: (s) => <StatementDetail s={s} /> }}
          columns={[
            { title: t('incentives.employeeNo'), render: (_, s) => s.employee.employeeNo },
            { title: t('incentives.name'), render: (_, s) => s.employee.name },
            { title: t('incentives.unit'), dataIndex: 'unitName' },
            { title: t('incentives.statement.base'), dataIndex: 'base' },
            {
              title: t('incentives.statement.attainment'),
              render: (_, s) => (s.attainment ? `${s.attainment}%` : '—'),
            },
            { title: t('incentives.statement.clawback'), dataIndex: 'clawback' },
            {
              title: t('incentives.statement.total'),
              render: (_, s) =>
                s.status === 'ok' ? s.total : <Tag color="orange">{t('incentives.statement.noTargetShort')}</Tag>,
            },
          ]}
        />
      ) : (
        <Empty description={t('incentives.statement.empty')} />
      )}
    </>
  );
}
