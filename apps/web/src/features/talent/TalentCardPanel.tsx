import { Alert, Descriptions, Empty, Flex, Skeleton, Table, Tag, Timeline, Typography } from 'antd';
import type { RadarSeriesOption } from 'echarts/charts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../lib/format';
import { ReviewChart } from '../reviews/ReviewChart';
import { useTalentCard } from './queries';

/** A person's talent card: competency radar, grades, 9-box history, open alerts, flight risk and slates. */
export function TalentCardPanel({ employeeId }: { employeeId: string }) {
  const { t } = useTranslation();
  const card = useTalentCard(employeeId);
  if (card.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (card.error) return <QueryError error={card.error} onRetry={() => void card.refetch()} />;
  const c = card.data;
  const boxName = (box: string | null) => (box ? t(`talent.box.${box}` as 'talent.box.high-high') : '—');
  const radar: RadarSeriesOption = {
    type: 'radar',
    data: c.competencies
      ? [
          {
            value: [...c.competencies.items.map((i) => i.value), c.competencies.learningAgility ?? 0],
            name: c.employee.name,
            areaStyle: { opacity: 0.2 },
          },
        ]
      : [],
  };
  return (
    <Flex vertical gap={16} data-testid="talent-card">
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('talent.card.currentBox')}>
          <span data-testid="talent-card-box">{boxName(c.currentBox)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('talent.card.alerts')}>{c.liveAlerts}</Descriptions.Item>
        <Descriptions.Item label={t('talent.flightRisk')} span={2}>
          {c.flightRisk.flagged ? (
            <Tag color="red">{c.flightRisk.reason}</Tag>
          ) : c.flightRisk.suggested ? (
            <Tag color="orange">{t('talent.flightRiskSuggested')}</Tag>
          ) : (
            '—'
          )}
        </Descriptions.Item>
      </Descriptions>
      <div>
        <Typography.Title level={5}>{t('talent.card.radar')}</Typography.Title>
        {c.competencies ? (
          <ReviewChart
            height={240}
            data-testid="talent-radar"
            option={{
              tooltip: {},
              radar: {
                indicator: [
                  ...c.competencies.items.map((i) => ({ name: i.name, max: 5 })),
                  { name: t('talent.learningAgility'), max: 5 },
                ],
              },
              series: [radar],
            }}
          />
        ) : (
          <Empty description={t('talent.card.noRatings')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
      </div>
      <div>
        <Typography.Title level={5}>{t('talent.card.grades')}</Typography.Title>
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => r.cycle.id}
          dataSource={c.grades}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          columns={[
            { title: t('talent.cycle'), dataIndex: ['cycle', 'name'] },
            { title: t('talent.grade'), dataIndex: 'grade', render: (g: string | null) => g ?? '—' },
            { title: t('talent.total'), dataIndex: 'total' },
          ]}
        />
      </div>
      <div>
        <Typography.Title level={5}>{t('talent.card.boxes')}</Typography.Title>
        {c.boxes.length ? (
          <Timeline
            items={c.boxes.map((b) => ({
              color: b.source === 'calibration' ? 'orange' : 'blue',
              content: (
                <Flex vertical>
                  <Typography.Text>
                    {b.review.name} · {boxName(b.fromBox)} → <strong>{boxName(b.toBox)}</strong> ·{' '}
                    {t(`talent.source.${b.source}`)}
                  </Typography.Text>
                  {b.reason ? <Typography.Text type="secondary">{b.reason}</Typography.Text> : null}
                  <Typography.Text type="secondary">
                    {b.actor ?? ''} · {formatDateTime(b.at)}
                  </Typography.Text>
                </Flex>
              ),
            }))}
          />
        ) : (
          <Typography.Text type="secondary">{t('talent.noHistory')}</Typography.Text>
        )}
      </div>
      {c.succession.length ? (
        <Alert
          type="info"
          message={t('talent.card.succession')}
          description={c.succession
            .map((s) => `${s.position.name} (${t(`talent.succession.readinessLevel.${s.readiness}`)})`)
            .join(' · ')}
        />
      ) : null}
      <Link to={`/people/${c.employee.id}?tab=trajectory`}>{t('talent.card.trajectory')}</Link>
    </Flex>
  );
}
