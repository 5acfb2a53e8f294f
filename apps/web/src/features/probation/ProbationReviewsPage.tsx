import type { ProbationReviewStatus } from '@stride/contracts';
import type { TableColumnsType } from 'antd';
import { Alert, Button, Card, Flex, Segmented, Select, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatDate } from '../../lib/format';
import { useCurrentUser } from '../auth/queries';
import { OpenReviewModal } from './OpenReviewModal';
import { type ProbationReview, useProbationReviews } from './queries';
import { ReviewDrawer } from './ReviewDrawer';
import { DaysLeft, ReviewStatusTag } from './ReviewStatus';

type StatusFilter = ProbationReviewStatus | 'all';
type DueFilter = 'all' | 'week' | 'month' | 'ended';

const dueMatches: Record<DueFilter, (daysLeft: number) => boolean> = {
  all: () => true,
  week: (d) => d >= 0 && d <= 7,
  month: (d) => d >= 0 && d <= 30,
  ended: (d) => d < 0,
};

/** Probation reviews (转正考核): opened automatically before the probation end; HR decides. */
export function ProbationReviewsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const canDecide = me.user.role === 'admin' || me.user.role === 'hr';
  const [status, setStatus] = useState<StatusFilter>('open');
  const [due, setDue] = useState<DueFilter>('all');
  const [selected, setSelected] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  const list = useProbationReviews(status === 'all' ? undefined : status);
  const rows = useMemo(() => (list.data ?? []).filter((r) => dueMatches[due](r.daysLeft)), [list.data, due]);

  const columns: TableColumnsType<ProbationReview> = [
    {
      title: t('probation.columns.person'),
      key: 'person',
      render: (_, r) => (
        <Button
          type="link"
          size="small"
          style={{ padding: 0 }}
          onClick={() => setSelected(r.id)}
          data-testid="probation-view"
        >
          {r.employee.name} <span className="stride-mono">{r.employee.employeeNo}</span>
        </Button>
      ),
    },
    { title: t('probation.columns.unit'), key: 'unit', render: (_, r) => r.unit?.name ?? '—' },
    { title: t('probation.columns.position'), key: 'position', render: (_, r) => r.position?.name ?? '—' },
    { title: t('probation.columns.hireDate'), key: 'hire', render: (_, r) => formatDate(r.hireDate) },
    { title: t('probation.columns.probationEnd'), key: 'end', render: (_, r) => formatDate(r.probationEndDate) },
    {
      title: t('probation.columns.daysLeft'),
      key: 'daysLeft',
      render: (_, r) => (r.status === 'open' ? <DaysLeft days={r.daysLeft} /> : '—'),
    },
    {
      title: t('probation.columns.total'),
      key: 'total',
      align: 'right',
      render: (_, r) =>
        r.total === null ? (
          '—'
        ) : (
          <span>
            {r.total}
            {r.grade ? <Tag style={{ marginInlineStart: 6 }}>{r.grade}</Tag> : null}
          </span>
        ),
    },
    {
      title: t('probation.columns.status'),
      key: 'status',
      render: (_, r) => <ReviewStatusTag status={r.status} />,
    },
    {
      title: t('probation.columns.openedBy'),
      key: 'openedBy',
      render: (_, r) => t(`probation.openedBy.${r.openedBy}`),
    },
  ];

  return (
    <div data-testid="probation-page">
      <PageHeader
        title={t('nav.probation')}
        subtitle={t('probation.subtitle')}
        extra={
          canDecide ? (
            <Button type="primary" onClick={() => setOpening(true)} data-testid="probation-open">
              {t('probation.open')}
            </Button>
          ) : null
        }
      />
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('probation.humanDecision')} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap align="center">
          <Segmented<StatusFilter>
            value={status}
            onChange={setStatus}
            options={(['open', 'passed', 'failed', 'all'] as const).map((s) => ({
              value: s,
              label: s === 'all' ? t('common.all') : t(`probation.statuses.${s}`),
            }))}
            data-testid="probation-status-filter"
          />
          <Select<DueFilter>
            value={due}
            onChange={setDue}
            style={{ width: 180 }}
            options={(['all', 'week', 'month', 'ended'] as const).map((d) => ({
              value: d,
              label: t(`probation.due.${d}`),
            }))}
            data-testid="probation-due-filter"
          />
        </Flex>
      </Card>
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<ProbationReview>
          rowKey="id"
          size="middle"
          loading={list.isPending}
          dataSource={rows}
          columns={columns}
          locale={{ emptyText: t('probation.empty') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          data-testid="probation-table"
        />
      )}
      <ReviewDrawer id={selected} onClose={() => setSelected(null)} />
      <OpenReviewModal
        open={opening}
        onClose={() => setOpening(false)}
        onOpened={(id) => {
          setOpening(false);
          setStatus('open');
          setSelected(id);
        }}
      />
    </div>
  );
}
