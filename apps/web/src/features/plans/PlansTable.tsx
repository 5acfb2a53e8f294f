import type { TableColumnsType } from 'antd';
import { Button, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDate } from '../../lib/format';
import { PlanStatusTag } from './PlanStatusTag';
import type { PlanSummary } from './queries';

interface Props {
  rows: PlanSummary[] | undefined;
  loading: boolean;
  /** Hide the person column (a person's own profile). */
  hidePerson?: boolean;
  testId?: string;
}

/** Plans as a table; a row opens the plan's page. */
export function PlansTable({ rows, loading, hidePerson, testId = 'plans-table' }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const columns: TableColumnsType<PlanSummary> = [
    ...(hidePerson
      ? []
      : [
          {
            title: t('plans.fields.employeeId'),
            key: 'person',
            render: (_: unknown, r: PlanSummary) => (
              <span>
                {r.employee.name} <span className="stride-mono">{r.employee.employeeNo}</span>
              </span>
            ),
          },
          { title: t('plans.columns.unit'), key: 'unit', render: (_: unknown, r: PlanSummary) => r.unit?.name ?? '—' },
        ]),
    { title: t('plans.columns.manager'), key: 'manager', render: (_, r) => r.manager.name },
    { title: t('plans.fields.coachEmployeeId'), key: 'coach', render: (_, r) => r.coach?.name ?? '—' },
    {
      title: t('plans.columns.period'),
      key: 'period',
      render: (_, r) => `${formatDate(r.startDate)} – ${formatDate(r.endDate)}`,
    },
    { title: t('plans.columns.source'), key: 'source', render: (_, r) => t(`plans.sources.${r.source}`) },
    { title: t('plans.columns.status'), key: 'status', render: (_, r) => <PlanStatusTag status={r.status} /> },
    {
      title: t('plans.columns.progress'),
      key: 'progress',
      render: (_, r) =>
        r.progress.length
          ? r.progress.map((p) => (
              <Tag key={p.goalIndex} color={p.met === null ? undefined : p.met ? 'green' : 'red'}>
                {p.metricName} {p.actual ?? '—'} / {p.target}
              </Tag>
            ))
          : '—',
    },
    {
      title: t('common.actions'),
      key: 'open',
      render: (_, r) => (
        <Button type="link" size="small" onClick={() => navigate(`/plans/${r.id}`)} data-testid="plan-open">
          {t('common.details')}
        </Button>
      ),
    },
  ];
  return (
    <Table<PlanSummary>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={rows ?? []}
      columns={columns}
      locale={{ emptyText: t('plans.empty') }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      data-testid={testId}
    />
  );
}
