import type { ScorecardDefinition } from '@stride/contracts';
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

type Indicator = ScorecardDefinition['dimensions'][0]['indicators'][0];

/** A read-only view of a definition: one row per indicator, grouped by dimension. */
export function DefinitionTable({ definition }: { definition: ScorecardDefinition }) {
  const { t } = useTranslation();
  const rows = definition.dimensions.flatMap((d) =>
    d.indicators.map((i, n) => ({ ...i, dim: `${d.name} (${d.weight})`, first: n === 0, span: d.indicators.length })),
  );
  return (
    <Table<Indicator & { dim: string; first: boolean; span: number }>
      size="small"
      pagination={false}
      rowKey="key"
      dataSource={rows}
      columns={[
        {
          title: t('scorecards.editor.dimension'),
          dataIndex: 'dim',
          onCell: (r) => ({ rowSpan: r.first ? r.span : 0 }),
        },
        { title: t('scorecards.fields.key'), render: (_, r) => r.name || r.metricKey || r.key },
        { title: t('scorecards.fields.kind'), render: (_, r) => <Tag>{t(`scorecards.kinds.${r.kind}`)}</Tag> },
        { title: t('scorecards.fields.rule'), render: (_, r) => t(`scorecards.rules.${r.rule.type}`) },
        { title: t('scorecards.fields.weight'), dataIndex: 'weight' },
      ]}
    />
  );
}
