import type { ImportKind } from '@stride/contracts';
import { Empty, Flex, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CursorPager } from '../../components/CursorPager';
import { QueryError } from '../../components/QueryError';
import { useCursorPaging } from '../../components/useCursorPaging';
import { importFields } from './kinds';
import { type ImportPreviewRow, type RowStatus, useImportRows } from './queries';

type Value = ImportPreviewRow['values'][string];

const show = (v: Value | undefined) => (v === null || v === undefined || v === '' ? null : String(v));

interface PreviewRowsProps {
  id: string;
  kind: ImportKind;
  status: RowStatus;
  /** Fields mapped to a column: the columns shown. */
  fields: string[];
}

/** Checked rows of one status, with canonical values and each field's problems, page by page. */
export function PreviewRows({ id, kind, status, fields }: PreviewRowsProps) {
  const { t } = useTranslation();
  const [pageSize, setPageSize] = useState(20);
  const paging = useCursorPaging(`${id}|${status}|${pageSize}`);
  const { data, error, isFetching, refetch } = useImportRows(id, status, paging.cursor, pageSize);
  const label = (field: string) => t(`imports.fields.${kind}.${field}`, { defaultValue: field });
  const shown = new Set(fields);
  const ordered = importFields[kind].map((f) => f.key).filter((k) => shown.has(k));

  const columns: TableColumnsType<ImportPreviewRow> = [
    {
      title: t('imports.preview.row'),
      dataIndex: 'row',
      width: 70,
      fixed: 'left',
      render: (v: number) => <Typography.Text type="secondary">{v}</Typography.Text>,
    },
    ...ordered.map((field) => ({
      title: label(field),
      key: field,
      width: 150,
      render: (_: unknown, r: ImportPreviewRow) => {
        const errs = r.errors.filter((e) => e.field === field);
        const raw = show(r.values[field]);
        const v =
          raw && kind === 'activities' && field === 'type' ? t(`activityTypes.${raw}`, { defaultValue: raw }) : raw;
        return (
          <Flex vertical gap={2}>
            {v !== null ? (
              <Typography.Text type={errs.length ? 'danger' : undefined} style={{ wordBreak: 'break-all' }}>
                {v}
              </Typography.Text>
            ) : null}
            {errs.map((e) => (
              <Typography.Text key={e.code} type="danger" style={{ fontSize: 12 }} data-testid="row-error">
                {e.message}
              </Typography.Text>
            ))}
          </Flex>
        );
      },
    })),
  ];
  // Problems not shown in a column of their own: the whole row, or a field without a column.
  const others = (r: ImportPreviewRow) => r.errors.filter((e) => !shown.has(e.field));
  const withOthers = (data?.items ?? []).some((r) => others(r).length > 0);
  if (withOthers) {
    columns.push({
      title: t('imports.preview.problems'),
      key: 'problems',
      width: 240,
      render: (_, r) => (
        <Flex vertical gap={2}>
          {others(r).map((e) => (
            <Typography.Text
              key={`${e.field}-${e.code}`}
              type="danger"
              style={{ fontSize: 12 }}
              data-testid="row-error"
            >
              {e.field === 'row' ? t('imports.preview.wholeRow') : (e.column ?? label(e.field))}: {e.message}
            </Typography.Text>
          ))}
        </Flex>
      ),
    });
  }

  if (error && !data) return <QueryError error={error} onRetry={() => void refetch()} />;
  return (
    <>
      <Table<ImportPreviewRow>
        rowKey="row"
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={isFetching}
        pagination={false}
        scroll={{ x: 70 + ordered.length * 150 + (withOthers ? 240 : 0) }}
        data-testid={`import-rows-${status}`}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={status === 'valid' ? t('imports.preview.emptyValid') : t('imports.preview.emptyInvalid')}
            />
          ),
        }}
      />
      <CursorPager
        total={data?.total}
        page={paging.page}
        pageSize={pageSize}
        hasPrevious={paging.hasPrevious}
        hasNext={Boolean(data?.nextCursor)}
        loading={isFetching}
        onPrevious={paging.previous}
        onNext={() => paging.next(data?.nextCursor)}
        onPageSizeChange={setPageSize}
      />
    </>
  );
}
