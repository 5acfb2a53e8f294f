import { Table, type TableColumnsType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportUploaded } from './queries';

type SampleRow = ImportUploaded['sample'][number];

/** The first rows of the file as read, under its detected header. */
export function FileSample({ headers, sample }: { headers: string[]; sample: SampleRow[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<SampleRow> = [
    {
      title: t('imports.mapping.rowNo'),
      dataIndex: 'row',
      width: 64,
      fixed: 'left',
      render: (v: number) => <Typography.Text type="secondary">{v}</Typography.Text>,
    },
    ...headers.map((h, i) => ({
      title: h,
      key: `c${i}`,
      width: 140,
      ellipsis: true,
      render: (_: unknown, r: SampleRow) => {
        const c = r.cells[i];
        return c === undefined || c === '' ? null : String(c);
      },
    })),
  ];
  return (
    <Table<SampleRow>
      rowKey="row"
      size="small"
      bordered
      columns={columns}
      dataSource={sample}
      pagination={false}
      scroll={{ x: 64 + headers.length * 140, y: 320 }}
      data-testid="import-sample"
    />
  );
}
