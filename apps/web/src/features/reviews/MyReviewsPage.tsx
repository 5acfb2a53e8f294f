import type { Inbox } from '@stride/contracts';
import { Button, Card, Empty, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatDate, formatDateTime } from '../../lib/format';
import { raterColors } from './format';
import { useInbox } from './queries';

type Item = Inbox['items'][0];
type ResultItem = Inbox['results'][0];

/** 我的考核: the forms the caller fills (self, manager, peer) and their own results to acknowledge. */
export function MyReviewsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const inbox = useInbox();
  const m = (k: string, o?: Record<string, unknown>) => t(`reviews.my.${k}`, o);

  const columns: TableColumnsType<Item> = [
    {
      title: m('reviewee'),
      key: 'reviewee',
      render: (_, r) => (
        <Link to={`/review-forms/${r.formId}`} data-testid="inbox-form-link" style={{ fontWeight: 500 }}>
          {r.raterKind === 'self' ? m('myself') : r.reviewee.name}
        </Link>
      ),
    },
    {
      title: m('kind'),
      key: 'kind',
      render: (_, r) => (
        <Tag color={raterColors[r.raterKind]} data-testid="inbox-kind">
          {t(`reviews.raterKinds.${r.raterKind}`)}
        </Tag>
      ),
    },
    { title: m('cycle'), key: 'cycle', render: (_, r) => r.cycle.name },
    {
      title: m('due'),
      key: 'due',
      render: (_, r) =>
        r.dueDate ? (
          <Typography.Text type={r.overdue ? 'danger' : undefined} strong={r.overdue} data-testid="inbox-due">
            {formatDate(r.dueDate)}
            {r.overdue ? ` · ${m('overdue')}` : ''}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: m('status'),
      key: 'status',
      render: (_, r) => (
        <Flex gap={4} wrap>
          <Tag
            color={r.status === 'submitted' ? 'green' : 'gold'}
            data-testid="inbox-status"
            style={{ marginInlineEnd: 0 }}
          >
            {t(`reviews.formStatuses.${r.status}`)}
          </Tag>
          <Tag bordered={false} color={r.open ? 'blue' : 'default'} style={{ marginInlineEnd: 0 }}>
            {r.open ? m('open') : m('closed')}
          </Tag>
        </Flex>
      ),
    },
    {
      title: '',
      key: 'action',
      render: (_, r) => (
        <Button
          size="small"
          type={r.open && r.status === 'pending' ? 'primary' : 'default'}
          onClick={() => navigate(`/review-forms/${r.formId}`)}
          data-testid="inbox-form-open"
        >
          {r.open && r.status === 'pending' ? m('fill') : m('view')}
        </Button>
      ),
    },
  ];

  const resultColumns: TableColumnsType<ResultItem> = [
    { title: m('cycle'), key: 'cycle', render: (_, r) => r.cycle.name },
    {
      title: t('reviews.common.grade'),
      key: 'grade',
      render: (_, r) =>
        r.grade ? (
          <Tag color="blue" style={{ fontWeight: 600 }}>
            {r.grade}
          </Tag>
        ) : (
          '—'
        ),
    },
    {
      title: m('acknowledgement'),
      key: 'ack',
      render: (_, r) =>
        r.acknowledgedAt ? (
          <Typography.Text type="success">
            {m('acknowledgedAt', { at: formatDateTime(r.acknowledgedAt) })}
          </Typography.Text>
        ) : (
          <Typography.Text type="warning">
            {r.dueDate ? m('ackBy', { date: formatDate(r.dueDate) }) : m('ackPending')}
          </Typography.Text>
        ),
    },
    {
      title: '',
      key: 'action',
      render: (_, r) => (
        <Link to={`/review-participants/${r.participantId}`} data-testid="inbox-result-link">
          {m('viewResult')}
        </Link>
      ),
    },
  ];

  if (inbox.isError) return <QueryError error={inbox.error} onRetry={() => void inbox.refetch()} />;
  const items = inbox.data?.items ?? [];
  const pending = items.filter((i) => i.open && i.status === 'pending').length;
  const results = inbox.data?.results ?? [];

  return (
    <div data-testid="my-reviews-page">
      <PageHeader title={t('nav.myReviews')} subtitle={m('subtitle')} />
      {results.length > 0 ? (
        <Card size="small" title={m('results')} style={{ marginBottom: 16 }} data-testid="inbox-results">
          <Table<ResultItem>
            rowKey="participantId"
            size="middle"
            pagination={false}
            dataSource={results}
            columns={resultColumns}
            scroll={{ x: 'max-content' }}
          />
        </Card>
      ) : null}
      <Card
        size="small"
        title={
          <span>
            {m('forms')}{' '}
            {pending > 0 ? (
              <Tag color="gold" bordered={false} data-testid="inbox-pending-count">
                {m('pendingCount', { count: pending })}
              </Tag>
            ) : null}
          </span>
        }
      >
        <Table<Item>
          rowKey="formId"
          size="middle"
          loading={inbox.isPending}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={items}
          columns={columns}
          scroll={{ x: 'max-content' }}
          onRow={(r) => ({ 'data-testid': `inbox-row-${r.formId}` }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m('empty')} /> }}
          data-testid="inbox-table"
        />
      </Card>
    </div>
  );
}
