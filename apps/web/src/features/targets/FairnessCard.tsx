import { Alert, Card, Empty, Flex, Progress, Table, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { periodLabel } from '../metrics/periods';
import { type FairnessReport, type TargetPeriodType, useFairness } from './queries';

type Team = FairnessReport['teams'][number];

/** Per team: the share of people with a target who reached it in the last completed periods. */
export function FairnessCard(props: { unitId: string | null; metric: string | null; periodType: TargetPeriodType }) {
  const { t } = useTranslation();
  const report = useFairness(props);
  const starts = report.data?.periodStarts ?? [];
  const pct = (share: string | null) => (share === null ? null : Math.round(Number(share) * 100));
  return (
    <Card title={t('targets.fairness.title')} size="small" data-testid="fairness-card">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('targets.fairness.explain')}
      </Typography.Paragraph>
      {!props.unitId ? (
        <Empty description={t('targets.fairness.pickTeam')} />
      ) : (
        <Table<Team>
          size="small"
          rowKey={(r) => r.unit.id}
          loading={report.isPending && Boolean(props.unitId)}
          dataSource={report.data?.teams ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('targets.team'), key: 'team', fixed: 'left', render: (_, r) => r.unit.name },
            ...starts.map((start, i) => ({
              title: periodLabel(start, props.periodType),
              key: start,
              width: 110,
              render: (_: unknown, r: Team) => {
                const p = r.periods[i];
                const value = pct(p.share);
                return value === null ? (
                  <Typography.Text type="secondary">—</Typography.Text>
                ) : (
                  <Tooltip title={t('targets.fairness.cell', { reached: p.reached, total: p.withTarget })}>
                    <Progress percent={value} size="small" status={value < 20 || value > 90 ? 'exception' : 'normal'} />
                  </Tooltip>
                );
              },
            })),
            {
              title: t('targets.fairness.overall'),
              key: 'overall',
              width: 220,
              render: (_, r) => (
                <Flex vertical gap={4}>
                  <span>
                    {pct(r.share) === null
                      ? '—'
                      : t('targets.fairness.cell', { reached: r.reached, total: r.withTarget })}
                  </span>
                  {r.hintText ? <Alert type="warning" showIcon title={r.hintText} data-testid="fairness-hint" /> : null}
                </Flex>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
