import type { ImportKind, ImportMapping } from '@stride/contracts';
import { Flex, Select, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { type Confidence, confidenceOf, importFields, PERSON_FIELDS, SUBJECT_FIELDS } from './kinds';
import type { ImportUploaded } from './queries';

const confidenceColors: Record<Confidence, string> = {
  high: 'success',
  medium: 'warning',
  manual: 'processing',
  none: 'default',
};

interface FieldRow {
  key: string;
  required: boolean;
}

interface MappingTableProps {
  kind: ImportKind;
  headers: string[];
  mapping: ImportMapping;
  suggested: ImportMapping;
  sample: ImportUploaded['sample'] | null;
  errors: Record<string, string>;
  onChange: (field: string, header: string | null) => void;
}

/** Each Stride field of the kind with the column it is read from, how sure the match is and a sample value. */
export function MappingTable({ kind, headers, mapping, suggested, sample, errors, onChange }: MappingTableProps) {
  const { t } = useTranslation();
  const label = (field: string) => t(`imports.fields.${kind}.${field}`, { defaultValue: field });
  const headerOptions = headers.map((h) => ({ value: h, label: h }));

  const sampleOf = (header: string | null | undefined): string => {
    if (!header || !sample) return '';
    const i = headers.indexOf(header);
    for (const r of sample) {
      const c = r.cells[i];
      if (c !== undefined && String(c).trim() !== '') return String(c);
    }
    return '';
  };

  const usedBy = (field: string, header: string | null | undefined) => {
    if (!header) return null;
    const other = Object.entries(mapping).find(([f, h]) => f !== field && h === header);
    return other ? label(other[0]) : null;
  };

  const columns: TableColumnsType<FieldRow> = [
    {
      title: t('imports.mapping.field'),
      key: 'field',
      width: 240,
      render: (_, f) => (
        <Flex vertical gap={2}>
          <span>
            {f.required ? <span style={{ color: '#ff4d4f', marginInlineEnd: 4 }}>*</span> : null}
            <Typography.Text strong>{label(f.key)}</Typography.Text>
            {f.required ? (
              <Tag color="red" bordered={false} style={{ marginInlineStart: 8 }}>
                {t('imports.mapping.required')}
              </Tag>
            ) : null}
            {kind === 'activities' && (PERSON_FIELDS as readonly string[]).includes(f.key) ? (
              <Tag color="orange" bordered={false} style={{ marginInlineStart: 8 }}>
                {t('imports.mapping.oneOf')}
              </Tag>
            ) : null}
            {kind === 'targets' && (SUBJECT_FIELDS as readonly string[]).includes(f.key) ? (
              <Tag color="orange" bordered={false} style={{ marginInlineStart: 8 }}>
                {t('imports.mapping.oneOfTwo')}
              </Tag>
            ) : null}
          </span>
          <Typography.Text type="secondary" className="stride-mono" style={{ fontSize: 12 }}>
            {f.key}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('imports.mapping.column'),
      key: 'column',
      render: (_, f) => {
        const value = mapping[f.key] ?? null;
        const error = errors[f.key];
        const dup = usedBy(f.key, value);
        return (
          <Flex vertical gap={2}>
            <Select
              allowClear
              showSearch
              value={value}
              placeholder={t('imports.mapping.placeholder')}
              options={headerOptions}
              onChange={(v) => onChange(f.key, v ?? null)}
              status={error ? 'error' : undefined}
              style={{ width: '100%', minWidth: 180 }}
              data-testid={`mapping-select-${f.key}`}
            />
            {error ? (
              <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid={`mapping-error-${f.key}`}>
                {error}
              </Typography.Text>
            ) : dup ? (
              <Typography.Text type="warning" style={{ fontSize: 12 }}>
                {t('imports.mapping.usedBy', { field: dup })}
              </Typography.Text>
            ) : null}
          </Flex>
        );
      },
    },
    {
      title: t('imports.mapping.match'),
      key: 'match',
      width: 130,
      render: (_, f) => {
        const labels = [
          t(`imports.fields.${kind}.${f.key}`, { lng: 'zh-CN' }),
          t(`imports.fields.${kind}.${f.key}`, { lng: 'en-US' }),
        ];
        const c = confidenceOf(kind, f.key, mapping[f.key], suggested, labels);
        return (
          <Tag color={confidenceColors[c]} data-testid={`mapping-confidence-${f.key}`} data-confidence={c}>
            {t(`imports.mapping.confidence.${c}`)}
          </Tag>
        );
      },
    },
    {
      title: t('imports.mapping.sample'),
      key: 'sample',
      width: 200,
      ellipsis: true,
      render: (_, f) => {
        const v = sampleOf(mapping[f.key]);
        return v ? (
          <Typography.Text className="stride-mono" style={{ fontSize: 12 }} title={v}>
            {v}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        );
      },
    },
  ];

  return (
    <Table<FieldRow>
      rowKey="key"
      size="middle"
      columns={sample ? columns : columns.filter((c) => c.key !== 'sample')}
      dataSource={importFields[kind].map((f) => ({ key: f.key, required: f.required }))}
      pagination={false}
      scroll={{ x: 720 }}
      onRow={(f) => ({ 'data-testid': `mapping-row-${f.key}` }) as HTMLAttributes<HTMLTableRowElement>}
      data-testid="mapping-table"
    />
  );
}
