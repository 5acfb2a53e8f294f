import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProbationReview } from './queries';

type Row = ProbationReview['indicators'][0];

/** The indicators of the probation scorecard at opening: actual, target, score and contribution. */
export function IndicatorsTable({ review }: { review: ProbationReview }) {
  const { t } = useTranslation();
  const c = (k: string) => t(`probation.indicators.${k}`);
  return (
    <Table<Row>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={review.indicators}
      scroll={{ x: 'max-content' }}
      data-testid="probation-indicators"
      columns={[
        { title: c('indicator'), render: (_, r) => r.name ?? r.key },
        {
          title: c('dimension'),
          render: (_, r) => review.dimensions.find((d) => d.key === r.dimension)?.name ?? r.dimension,
        },
        { title: c('actual'), dataIndex: 'actual', align: 'right', render: (v: string | null) => v ?? '—' },
        {
          title: c('target'),
          align: 'right',
          render: (_, r) =>
            r.target === null ? (
              '—'
            ) : (
              <span>
                {r.target} {r.targetSource === 'personal' ? <Tag>{c('personalTarget')}</Tag> : null}
              </span>
            ),
        },
        { title: c('score'), dataIndex: 'score', align: 'right' },
        { title: c('weight'), dataIndex: 'weight', align: 'right' },
        { title: c('contribution'), dataIndex: 'contribution', align: 'right' },
        {
          title: c('missing'),
          render: (_, r) =>
            r.missing ? (
              <Tag color="orange">{t(`probation.indicators.reasons.${r.missing}`, { defaultValue: r.missing })}</Tag>
            ) : null,
        },
      ]}
    />
  );
}
