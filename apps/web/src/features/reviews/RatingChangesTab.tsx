import { ArrowRightOutlined } from '@ant-design/icons';
import type { CycleView } from '@stride/contracts';
import { Empty, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../lib/format';
import { ExportButton } from './bits';
import { exportUrls, type RatingChange, useRatingChanges } from './queries';

/** One grade change: from → to, with its source. */
export function GradeChange({ from, to }: { from: string | null; to: string }) {
  return (
    <Flex gap={6} align="center" data-testid="grade-change">
      <Tag style={{ marginInlineEnd: 0 }}>{from ?? '—'}</Tag>
      <ArrowRightOutlined style={{ fontSize: 11, color: '#8c8c8c' }} />
      <Tag color="blue" style={{ marginInlineEnd: 0, fontWeight: 600 }}>
        {to}
      </Tag>
    </Flex>
  );
}

export function useRatingChangeColumns(withPerson: boolean): TableColumnsType<RatingChange> {
  const { t } = useTranslation();
  return [
    ...(withPerson
      ? [
          {
            title: t('reviews.common.person'),
            key: 'person',
            render: (_: unknown, r: RatingChange) => (
              <span data-testid="rating-change-person">
                {r.employee.name} <span className="stride-mono">{r.employee.employeeNo}</span>
              </span>
            ),
          },
        ]
      : []),
    {
      title: t('reviews.ratingChanges.change'),
      key: 'change',
      render: (_, r) => <GradeChange from={r.fromGrade} to={r.toGrade} />,
    },
    {
      title: t('reviews.ratingChanges.source'),
      key: 'source',
      render: (_, r) => (
        <Tag color={r.source === 'appeal' ? 'purple' : 'orange'} bordered={false}>
          {t(`reviews.ratingChanges.sources.${r.source}`)}
        </Tag>
      ),
    },
    {
      title: t('reviews.ratingChanges.reason'),
      dataIndex: 'reason',
      render: (v: string) => (
        <Typography.Paragraph
          style={{ marginBottom: 0, maxWidth: 360, whiteSpace: 'pre-wrap' }}
          data-testid="rating-change-reason"
        >
          {v}
        </Typography.Paragraph>
      ),
    },
    { title: t('reviews.ratingChanges.actor'), dataIndex: 'actor', render: (v: string | null) => v ?? '—' },
    { title: t('reviews.ratingChanges.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
  ];
}

/** Every grade changed in calibration or on appeal: original, new, who, when, why. */
export function RatingChangesTab({ cycle }: { cycle: CycleView }) {
  const { t } = useTranslation();
  const list = useRatingChanges(cycle.id);
  const columns = useRatingChangeColumns(true);
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <div data-testid="rating-changes-tab">
      <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('reviews.ratingChanges.help')}</Typography.Text>
        <ExportButton href={exportUrls.ratingChanges(cycle.id)} testId="rating-changes-export">
          {t('reviews.common.exportXlsx')}
        </ExportButton>
      </Flex>
      <Table<RatingChange>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data ?? []}
        columns={columns}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reviews.ratingChanges.empty')} />,
        }}
        data-testid="rating-changes-table"
      />
    </div>
  );
}
