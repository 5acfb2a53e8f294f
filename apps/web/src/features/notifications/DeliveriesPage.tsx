import { ReloadOutlined } from '@ant-design/icons';
import type { DeliveryList } from '@stride/contracts';
import {
  Button,
  Card,
  Empty,
  Flex,
  Grid,
  Segmented,
  Select,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../lib/format';
import { useKindLabel } from './bits';
import { type DeliveryChannel, type DeliveryStatus, useDeliveries } from './queries';

type Delivery = DeliveryList['items'][number];
type StatusFilter = DeliveryStatus | 'all';
type ChannelFilter = DeliveryChannel | 'all';

/** Kinds that are not one notification: a user's daily digest, a group bot's test message. */
const deliveryKindKeys: Record<string, string> = {
  'notifications.digest': 'notifyChannels.log.kinds.digest',
  'im.test': 'notifyChannels.log.kinds.test',
};
export const providerColors: Record<string, string> = { dingtalk: 'blue', wecom: 'green', feishu: 'geekblue' };

export const deliveryStatusColors: Record<DeliveryStatus, string> = {
  pending: 'blue',
  sent: 'green',
  failed: 'red',
};

function DeliveryStatusTag({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={deliveryStatusColors[status]} style={{ marginInlineEnd: 0 }} data-testid="delivery-status">
      {t(`notifications.deliveries.statuses.${status}`)}
    </Tag>
  );
}

/**
 * The delivery log (admin and hr): emails, daily digests and IM group-bot posts; what was sent to whom, what is
 * waiting, and what failed and why.
 */
export function DeliveriesPage() {
  const { t } = useTranslation();
  const notificationKindLabel = useKindLabel();
  const kindLabel = (kind: string) =>
    deliveryKindKeys[kind] ? t(deliveryKindKeys[kind]) : notificationKindLabel(kind);
  const isPhone = Grid.useBreakpoint().sm === false;
  const [status, setStatus] = useState<StatusFilter>('all');
  const [channel, setChannel] = useState<ChannelFilter>('all');
  const [limit, setLimit] = useState(50);
  const { data, isFetching, error, refetch } = useDeliveries({
    status: status === 'all' ? undefined : status,
    channel: channel === 'all' ? undefined : channel,
    limit,
  });
  const counts = data?.counts;
  const countOf = (s: StatusFilter) =>
    counts ? (s === 'all' ? counts.pending + counts.sent + counts.failed : counts[s]) : undefined;

  const statusOptions = (['all', 'pending', 'sent', 'failed'] as const).map((s) => {
    const n = countOf(s);
    const label = s === 'all' ? t('common.all') : t(`notifications.deliveries.statuses.${s}`);
    return { value: s, label: n === undefined ? label : `${label} (${n})` };
  });

  const columns: TableColumnsType<Delivery> = [
    {
      title: t('notifications.deliveries.createdAt'),
      dataIndex: 'createdAt',
      width: 180,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('notifyChannels.log.channel'),
      dataIndex: 'channel',
      width: 100,
      render: (v: string) => (
        <Tag style={{ marginInlineEnd: 0 }} data-testid="delivery-channel">
          {t(`notifyChannels.log.channels.${v}`, { defaultValue: v })}
        </Tag>
      ),
    },
    {
      title: t('notifyChannels.log.target'),
      key: 'recipient',
      width: 220,
      render: (_, row) => (
        <div style={{ minWidth: 0 }}>
          {row.imChannel ? (
            <Typography.Text data-testid="delivery-bot">
              <Tag color={providerColors[row.imChannel.provider]} style={{ marginInlineEnd: 6 }}>
                {t(`notifyChannels.bots.providers.${row.imChannel.provider}`, { defaultValue: row.imChannel.provider })}
              </Tag>
              {row.imChannel.name}
            </Typography.Text>
          ) : (
            <Typography.Text>{row.notification.recipient}</Typography.Text>
          )}
          <Typography.Text
            type="secondary"
            className="stride-mono"
            ellipsis={{ tooltip: row.address }}
            style={{ display: 'block', fontSize: 12, maxWidth: 200 }}
          >
            {row.address}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('notifications.deliveries.notification'),
      key: 'notification',
      render: (_, row) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text ellipsis={{ tooltip: row.notification.title }} style={{ display: 'block', maxWidth: 320 }}>
            {row.notification.title}
          </Typography.Text>
          {kindLabel(row.notification.kind) !== row.notification.title ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {kindLabel(row.notification.kind)}
            </Typography.Text>
          ) : null}
        </div>
      ),
    },
    {
      title: t('notifications.deliveries.status'),
      dataIndex: 'status',
      width: 100,
      render: (v: DeliveryStatus) => <DeliveryStatusTag status={v} />,
    },
    {
      title: t('notifications.deliveries.attempts'),
      dataIndex: 'attempts',
      width: 90,
      align: 'right',
    },
    {
      title: t('notifications.deliveries.lastError'),
      dataIndex: 'lastError',
      width: 240,
      render: (v: string | null) =>
        v ? (
          <Typography.Text
            type="danger"
            className="stride-mono"
            ellipsis={{ tooltip: v }}
            style={{ fontSize: 12, maxWidth: 220 }}
            data-testid="delivery-error"
          >
            {v}
          </Typography.Text>
        ) : (
          t('common.none')
        ),
    },
    {
      title: t('notifications.deliveries.sentOrNext'),
      key: 'when',
      width: 190,
      render: (_, row) =>
        row.status === 'sent' ? (
          formatDateTime(row.sentAt)
        ) : row.status === 'pending' && row.nextAttemptAt ? (
          <div>
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t('notifications.deliveries.nextAttempt')}
            </Typography.Text>
            <Typography.Text type="secondary">{formatDateTime(row.nextAttemptAt)}</Typography.Text>
          </div>
        ) : (
          t('common.none')
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t('notifications.deliveries.title')} subtitle={t('notifyChannels.log.subtitle')} />
      <Card>
        <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 16 }}>
          {isPhone ? (
            <Select<StatusFilter>
              value={status}
              onChange={setStatus}
              options={statusOptions}
              style={{ minWidth: 160 }}
              data-testid="deliveries-status-filter"
            />
          ) : (
            <Segmented<StatusFilter>
              value={status}
              onChange={setStatus}
              options={statusOptions}
              data-testid="deliveries-status-filter"
            />
          )}
          <Flex gap={8} wrap>
            <Select<ChannelFilter>
              value={channel}
              onChange={setChannel}
              style={{ width: 140 }}
              options={(['all', 'email', 'im'] as const).map((c) => ({
                value: c,
                label: c === 'all' ? t('notifyChannels.log.allChannels') : t(`notifyChannels.log.channels.${c}`),
              }))}
              aria-label={t('notifyChannels.log.channel')}
              data-testid="deliveries-channel-filter"
            />
            <Select<number>
              value={limit}
              onChange={setLimit}
              style={{ width: 120 }}
              options={[50, 100, 200].map((n) => ({ value: n, label: t('notifications.deliveries.latest', { n }) }))}
            />
            <Button icon={<ReloadOutlined />} onClick={() => void refetch()} aria-label={t('common.refresh')} />
          </Flex>
        </Flex>
        {error && !data ? (
          <QueryError error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<Delivery>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={isFetching}
            pagination={false}
            scroll={{ x: 1340 }}
            locale={{
              emptyText: (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.deliveries.empty')} />
              ),
            }}
            data-testid="deliveries-table"
          />
        )}
      </Card>
    </>
  );
}
