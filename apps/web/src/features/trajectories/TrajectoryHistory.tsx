import type { Trajectory } from '@stride/contracts';
import { Empty, Table, type TableColumnsType, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../lib/format';
import { type PeriodType, periodLabel } from '../metrics/periods';

type Review = Trajectory['reviews'][number];
type Marker = Trajectory['markers'][number];

const markerColor: Record<Marker['kind'], string> = {
  hire: 'blue',
  regularization: 'green',
  transfer: 'purple',
  alert: 'red',
  plan: 'orange',
  exit: 'gray',
};

/** Review results per cycle, oldest first, each opening the person's result. */
export function TrajectoryReviews({ reviews }: { reviews: Review[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Review> = [
    {
      title: t('insights.trajectory.cycle'),
      key: 'cycle',
      render: (_, r) => <Link to={`/review-participants/${r.participantId}`}>{r.cycle.name}</Link>,
    },
    {
      title: t('insights.trajectory.period'),
      key: 'period',
      width: 150,
      render: (_, r) =>
        ['month', 'quarter', 'year'].includes(r.periodType)
          ? periodLabel(r.periodStart, r.periodType as PeriodType)
          : `${formatDate(r.periodStart)} – ${formatDate(r.periodEnd)}`,
    },
    {
      title: t('insights.trajectory.stage'),
      key: 'stage',
      width: 120,
      render: (_, r) => <Tag>{t(`reviews.stages.${r.stage}`, { defaultValue: r.stage })}</Tag>,
    },
    { title: t('insights.trajectory.total'), dataIndex: 'total', align: 'right', width: 100 },
    {
      title: t('insights.trajectory.grade'),
      dataIndex: 'grade',
      align: 'center',
      width: 80,
      render: (g: string | null) => (g ? <Tag color="geekblue">{g}</Tag> : '—'),
    },
  ];
  return (
    <Table<Review>
      rowKey="participantId"
      size="small"
      columns={columns}
      dataSource={reviews}
      pagination={false}
      scroll={{ x: 560 }}
      data-testid="trajectory-reviews"
      locale={{
        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('insights.trajectory.noReviews')} />,
      }}
    />
  );
}

/** The markers as a list: what happened when. */
export function TrajectoryEvents({ markers }: { markers: Marker[] }) {
  const { t } = useTranslation();
  if (markers.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('insights.trajectory.noEvents')} />;
  return (
    <Timeline
      data-testid="trajectory-events"
      items={[...markers].reverse().map((m, i) => ({
        key: `${m.kind}-${m.date}-${i}`,
        color: markerColor[m.kind],
        content: (
          <>
            <Typography.Text type="secondary" style={{ marginRight: 8 }}>
              {formatDate(m.date)}
            </Typography.Text>
            <Tag color={markerColor[m.kind]}>{t(`insights.trajectory.markerKinds.${m.kind}`)}</Tag>
            <Typography.Text>{m.label}</Typography.Text>
            {m.kind === 'alert' && m.ref ? (
              <Link to={`/alerts/${m.ref}`} style={{ marginLeft: 8 }}>
                {t('common.details')}
              </Link>
            ) : null}
          </>
        ),
      }))}
    />
  );
}
