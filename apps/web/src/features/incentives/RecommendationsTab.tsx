import type { RecommendationView } from '@stride/contracts';
import { Alert, Empty, Skeleton, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/QueryError';
import { useRecommendations } from './queries';

/** 推荐名单: the strongest and fastest-improving people of the last two published cycles, for HR to review. */
export function RecommendationsTab() {
  const { t } = useTranslation();
  const list = useRecommendations();
  if (list.isLoading) return <Skeleton active />;
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  const data = list.data;
  return (
    <>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('incentives.rec.notice')} />
      {data && data.cycles.length >= 2 ? (
        <Typography.Paragraph type="secondary">
          {t('incentives.rec.cycles', { latest: data.cycles[0].name, previous: data.cycles[1].name })}
        </Typography.Paragraph>
      ) : null}
      {data?.items.length ? (
        <Table<RecommendationView>
          rowKey={(r) => r.employee.id}
          dataSource={data.items}
          data-testid="recommendations"
          rowClassName={(r) => (r.excluded ? 'ant-table-row-disabled' : '')}
          columns={[
            { title: t('incentives.employeeNo'), render: (_, r) => r.employee.employeeNo },
            { title: t('incentives.name'), render: (_, r) => r.employee.name },
            { title: t('incentives.unit'), dataIndex: 'unitName' },
            {
              title: t('incentives.rec.kind'),
              render: (_, r) => (
                <Tag color={r.kind === 'strongest' ? 'blue' : 'cyan'}>{t(`incentives.rec.kinds.${r.kind}`)}</Tag>
              ),
            },
            {
              title: t('incentives.rec.previous'),
              render: (_, r) => `${r.previous.grade ?? '—'} · ${r.previous.total}`,
            },
            { title: t('incentives.rec.latest'), render: (_, r) => `${r.latest.grade ?? '—'} · ${r.latest.total}` },
            { title: t('incentives.rec.gain'), render: (_, r) => (Number(r.gain) > 0 ? `+${r.gain}` : r.gain) },
            {
              title: t('incentives.rec.suggestion'),
              render: (_, r) =>
                r.excluded ? (
                  <Tag color="red">{t(`incentives.rec.excluded.${r.excluded}`)}</Tag>
                ) : (
                  <Tag color="green">{t(`incentives.rec.suggestions.${r.suggestion}`)}</Tag>
                ),
            },
          ]}
        />
      ) : (
        <Empty description={t('incentives.rec.empty')} />
      )}
    </>
  );
}
