import type { EmploymentActionStatus } from '@stride/contracts';
import type { TableColumnsType } from 'antd';
import { Button, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatDate, formatDateTime } from '../../lib/format';
import type { EmploymentAction } from './queries';

const statusColors: Record<EmploymentActionStatus, string> = {
  draft: 'default',
  pending_approval: 'processing',
  approved: 'blue',
  effective: 'green',
  rejected: 'red',
  cancelled: 'default',
};

export function EmploymentStatusTag({ status }: { status: EmploymentActionStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status]} data-testid="employment-status" style={{ marginInlineEnd: 0 }}>
      {t(`employment.statuses.${status}`)}
    </Tag>
  );
}

/** The role whose decision the action awaits, or '—'. */
export function CurrentStep({ action }: { action: EmploymentAction }) {
  const { t } = useTranslation();
  const pending = action.approvals.find((a) => a.state === 'pending');
  if (!pending) return <>—</>;
  return <Tag color="gold">{t('employment.awaiting', { role: t(`employment.roles.${pending.role}`) })}</Tag>;
}

interface Props {
  rows: EmploymentAction[] | undefined;
  loading: boolean;
  /** Hide the person column (a person's own page). */
  hidePerson?: boolean;
  testId?: string;
}

/** Employment actions as a table; a row opens the action's page. */
export function EmploymentActionsTable({ rows, loading, hidePerson, testId = 'employment-table' }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const columns: TableColumnsType<EmploymentAction> = [
    ...(hidePerson
      ? []
      : [
          {
            title: t('employment.fields.employee'),
            key: 'person',
            render: (_: unknown, r: EmploymentAction) => (
              <span>
                <Link to={`/people/${r.employee.id}`} onClick={(e) => e.stopPropagation()}>
                  {r.employee.name}
                </Link>{' '}
                <span className="stride-mono">{r.employee.employeeNo}</span>
              </span>
            ),
          },
        ]),
    {
      title: t('employment.fields.kind'),
      key: 'kind',
      render: (_, r) => <span data-testid="employment-row-kind">{t(`employment.kinds.${r.kind}`)}</span>,
    },
    { title: t('employment.fields.effectiveDate'), key: 'effective', render: (_, r) => formatDate(r.effectiveDate) },
    {
      title: t('employment.fields.status'),
      key: 'status',
      render: (_, r) => <EmploymentStatusTag status={r.status} />,
    },
    { title: t('employment.fields.currentStep'), key: 'step', render: (_, r) => <CurrentStep action={r} /> },
    { title: t('employment.fields.createdAt'), key: 'created', render: (_, r) => formatDateTime(r.createdAt) },
    {
      title: t('common.actions'),
      key: 'open',
      render: (_, r) => (
        <Button
          type="link"
          size="small"
          onClick={(e) => {
            e.stopPropagation();
            navigate(`/employment-actions/${r.id}`);
          }}
          data-testid="employment-open"
        >
          {t('common.details')}
        </Button>
      ),
    },
  ];
  return (
    <Table<EmploymentAction>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={rows ?? []}
      columns={columns}
      onRow={(r) => ({ onClick: () => navigate(`/employment-actions/${r.id}`), style: { cursor: 'pointer' } })}
      locale={{ emptyText: t('employment.empty') }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      data-testid={testId}
    />
  );
}
