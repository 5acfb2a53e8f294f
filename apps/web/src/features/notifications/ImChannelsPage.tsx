import {
  DeleteOutlined,
  EditOutlined,
  NotificationOutlined,
  PlusOutlined,
  ReloadOutlined,
  SendOutlined,
} from '@ant-design/icons';
import type { ImChannel, ImTestResult } from '@stride/contracts';
import {
  App,
  Button,
  Card,
  Empty,
  Flex,
  Popconfirm,
  Skeleton,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { formatDateTime } from '../../lib/format';
import { useKindLabel } from './bits';
import { deliveryStatusColors, providerColors } from './DeliveriesPage';
import { ImChannelModal } from './ImChannelModal';
import { useDeleteImChannel, useImChannels, useTestImChannel, useUpdateImChannel } from './imQueries';

/** Send-test button with the latest result beside it (the provider's error on hover when it failed). */
function TestButton({ channel }: { channel: ImChannel }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const test = useTestImChannel();
  const toastError = useApiErrorToast();
  const [result, setResult] = useState<ImTestResult | null>(null);
  return (
    <Space size={6}>
      <Button
        size="small"
        icon={<SendOutlined />}
        loading={test.isPending}
        onClick={() =>
          test.mutate(channel.id, {
            onSuccess: (r) => {
              setResult(r);
              if (r.ok) void message.success(t('notifyChannels.bots.testOkToast'));
              else modal.error({ title: t('notifyChannels.bots.testFailedTitle'), content: r.error });
            },
            onError: toastError,
          })
        }
        data-testid="im-channel-test"
      >
        {test.isPending ? t('notifyChannels.bots.testing') : t('notifyChannels.bots.test')}
      </Button>
      {result ? (
        <Tooltip title={result.error ?? undefined}>
          <Tag
            color={result.ok ? 'green' : 'red'}
            style={{ marginInlineEnd: 0 }}
            data-testid="im-channel-test-result"
            data-ok={String(result.ok)}
          >
            {result.ok ? t('notifyChannels.bots.testOk') : t('notifyChannels.bots.testFailed')}
          </Tag>
        </Tooltip>
      ) : null}
    </Space>
  );
}

/** IM group bots of the organization (admin and hr): add, edit, test, switch on/off, delete. */
export function ImChannelsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const kindLabel = useKindLabel();
  const { data, isPending, error, refetch, isFetching } = useImChannels();
  const update = useUpdateImChannel();
  const remove = useDeleteImChannel();
  const toastError = useApiErrorToast();
  const [editing, setEditing] = useState<ImChannel | null>(null);
  const [creating, setCreating] = useState(false);
  // Stable while the list is unchanged: the form resets itself when it changes.
  const knownKinds = useMemo(() => data?.knownKinds ?? [], [data]);

  const columns: TableColumnsType<ImChannel> = [
    {
      title: t('notifyChannels.bots.name'),
      key: 'name',
      width: 240,
      render: (_, c) => (
        <div style={{ minWidth: 0 }}>
          <Space size={6} wrap>
            <Tag color={providerColors[c.provider]} style={{ marginInlineEnd: 0 }}>
              {t(`notifyChannels.bots.providers.${c.provider}`)}
            </Tag>
            <Typography.Text strong data-testid="im-channel-row-name">
              {c.name}
            </Typography.Text>
          </Space>
          <Typography.Text
            type="secondary"
            className="stride-mono"
            ellipsis={{ tooltip: c.webhookMask }}
            style={{ display: 'block', fontSize: 12, maxWidth: 220 }}
          >
            {c.webhookMask}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('notifyChannels.bots.unit'),
      key: 'unit',
      width: 140,
      render: (_, c) =>
        c.unit?.name ?? <Typography.Text type="secondary">{t('notifyChannels.bots.wholeOrg')}</Typography.Text>,
    },
    {
      title: t('notifyChannels.bots.kinds'),
      key: 'kinds',
      render: (_, c) =>
        c.allKinds ? (
          <Tag color="purple">{t('notifyChannels.bots.allKinds')}</Tag>
        ) : (
          <Flex gap={4} wrap>
            {c.kinds.map((k) => (
              <Tag key={k} style={{ marginInlineEnd: 0 }}>
                {kindLabel(k)}
              </Tag>
            ))}
          </Flex>
        ),
    },
    {
      title: t('notifyChannels.bots.locale'),
      dataIndex: 'locale',
      width: 100,
      render: (v: string) => t(`locales.${v}`, { defaultValue: v }),
    },
    {
      title: t('notifyChannels.bots.active'),
      key: 'active',
      width: 90,
      render: (_, c) => (
        <Switch
          size="small"
          checked={c.isActive}
          loading={update.isPending && update.variables?.id === c.id}
          onChange={(isActive) =>
            update.mutate(
              { id: c.id, body: { isActive, expectedVersion: c.version } },
              {
                onSuccess: () =>
                  void message.success(isActive ? t('notifyChannels.bots.enabled') : t('notifyChannels.bots.disabled')),
                onError: toastError,
              },
            )
          }
          aria-label={t('notifyChannels.bots.active')}
          data-testid="im-channel-active"
        />
      ),
    },
    {
      title: t('notifyChannels.bots.lastDelivery'),
      key: 'last',
      width: 170,
      render: (_, c) =>
        c.lastDelivery ? (
          <Tooltip title={c.lastDelivery.error ?? undefined}>
            <div>
              <Tag color={deliveryStatusColors[c.lastDelivery.status]} style={{ marginInlineEnd: 0 }}>
                {t(`notifications.deliveries.statuses.${c.lastDelivery.status}`)}
              </Tag>
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {formatDateTime(c.lastDelivery.at)}
              </Typography.Text>
            </div>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary">{t('notifyChannels.bots.never')}</Typography.Text>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 260,
      fixed: 'right',
      render: (_, c) => (
        <Flex gap={6} wrap align="center">
          <TestButton channel={c} />
          <Tooltip title={t('common.edit')}>
            <Button
              size="small"
              icon={<EditOutlined />}
              onClick={() => setEditing(c)}
              aria-label={t('common.edit')}
              data-testid="im-channel-edit"
            />
          </Tooltip>
          <Popconfirm
            title={t('notifyChannels.bots.deleteConfirm', { name: c.name })}
            description={t('notifyChannels.bots.deleteConfirmSub')}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              remove.mutateAsync(c.id).then(
                () => void message.success(t('notifyChannels.bots.deleted')),
                (err: unknown) => toastError(err),
              )
            }
          >
            <Button
              size="small"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('notifyChannels.bots.deleteConfirm', { name: c.name })}
              data-testid="im-channel-delete"
            />
          </Popconfirm>
        </Flex>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('notifyChannels.bots.title')}
        subtitle={t('notifyChannels.bots.subtitle')}
        extra={
          <>
            <Link to="/notification-deliveries">
              <Button icon={<NotificationOutlined />}>{t('notifyChannels.bots.toLog')}</Button>
            </Link>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void refetch()}
              loading={isFetching}
              aria-label={t('common.refresh')}
            />
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="im-channel-new"
            >
              {t('notifyChannels.bots.new')}
            </Button>
          </>
        }
      />
      <Card>
        {isPending ? (
          <Skeleton active paragraph={{ rows: 4 }} />
        ) : error && !data ? (
          <QueryError error={error} onRetry={() => void refetch()} />
        ) : data.items.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              <>
                <Typography.Text strong>{t('notifyChannels.bots.empty')}</Typography.Text>
                <br />
                <Typography.Text type="secondary">{t('notifyChannels.bots.emptySub')}</Typography.Text>
              </>
            }
            data-testid="im-channels-empty"
          >
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('notifyChannels.bots.new')}
            </Button>
          </Empty>
        ) : (
          <Table<ImChannel>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data.items}
            pagination={false}
            scroll={{ x: 1200 }}
            rowClassName={(c) => (c.isActive ? '' : 'stride-voided')}
            data-testid="im-channels-table"
          />
        )}
      </Card>
      <ImChannelModal
        open={creating || editing !== null}
        channel={editing}
        knownKinds={knownKinds}
        onClose={() => {
          setCreating(false);
          setEditing(null);
        }}
      />
    </>
  );
}
