import { ReloadOutlined } from '@ant-design/icons';
import type { ImportStatus } from '@stride/contracts';
import { Button, Card, Empty, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../lib/format';
import { type ImportSummary, useRecentImports } from './queries';

export const importStatusColors: Record<ImportStatus, string> = {
  uploaded: 'default',
  validated: 'blue',
  committing: 'processing',
  committed: 'success',
  failed: 'error',
};

export function ImportStatusTag({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={importStatusColors[status]} style={{ marginInlineEnd: 0 }} data-testid="import-status">
      {t(`imports.status.${status}`)}
    </Tag>
  );
}

/** The organization's recent imports; unfinished ones can be continued, finished ones viewed. */
export function RecentImports({ onOpen }: { onOpen: (item: ImportSummary) => void }) {
  const { t } = useTranslation();
  const { data, error, isFetching, refetch } = useRecentImports();

  const columns: TableColumnsType<ImportSummary> = [
    {
      title: t('imports.recent.filename'),
      dataIndex: 'filename',
      ellipsis: true,
      render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
    },
    {
      title: t('imports.recent.kind'),
      dataIndex: 'kind',
      width: 130,
      render: (v: ImportSummary['kind']) => t(`imports.kinds.${v}`),
    },
    {
      title: t('imports.recent.status'),
      dataIndex: 'status',
      width: 110,
      render: (v: ImportStatus) => <ImportStatusTag status={v} />,
    },
    { title: t('imports.recent.rows'), dataIndex: 'rowCount', width: 100, align: 'right' },
    {
      title: t('imports.recent.validInvalid'),
      key: 'counts',
      width: 130,
      align: 'right',
      render: (_, r) =>
        r.validCount === null ? (
          t('common.none')
        ) : (
          <span>
            {r.validCount} /{' '}
            <Typography.Text type={r.invalidCount ? 'danger' : undefined}>{r.invalidCount}</Typography.Text>
          </span>
        ),
    },
    {
      title: t('imports.recent.createdAt'),
      dataIndex: 'createdAt',
      width: 180,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, r) => (
        <Button size="small" onClick={() => onOpen(r)} data-testid="import-open">
          {r.status === 'uploaded' || r.status === 'validated' ? t('imports.recent.open') : t('imports.recent.view')}
        </Button>
      ),
    },
  ];

  return (
    <Card
      title={t('imports.recent.title')}
      extra={
        <Button
          type="text"
          icon={<ReloadOutlined />}
          onClick={() => void refetch()}
          loading={isFetching}
          aria-label={t('common.refresh')}
        />
      }
      styles={{ body: { padding: 0 } }}
    >
      {error && !data ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : (
        <Table<ImportSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data ?? []}
          loading={isFetching && !data}
          pagination={(data?.length ?? 0) > 10 ? { pageSize: 10 } : false}
          scroll={{ x: 860 }}
          data-testid="imports-recent"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('imports.recent.empty')} /> }}
        />
      )}
    </Card>
  );
}
