import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import type { NotificationView } from '@stride/contracts';
import { Badge, Button, Empty, Flex, Popover, Spin, Typography, theme } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { RelativeTime } from './bits';
import './notifications.css';
import { useLatestNotifications, useMarkAllRead, useMarkRead } from './queries';

/**
 * One notification in a list: bold title while unread, a dot, the body and how long ago. The row is a button
 * that opens it; `extra` (actions) sits beside it.
 */
export function NotificationRow({
  item,
  onOpen,
  compact,
  extra,
}: {
  item: NotificationView;
  onOpen: (item: NotificationView) => void;
  compact?: boolean;
  extra?: ReactNode;
}) {
  const { token } = theme.useToken();
  const unread = item.readAt === null;
  const row = (
    <button
      type="button"
      className={
        unread && compact ? 'stride-notification-row stride-notification-row-unread' : 'stride-notification-row'
      }
      onClick={() => onOpen(item)}
      data-testid="notification-item"
      data-unread={unread ? 'true' : 'false'}
      data-link={item.link ?? ''}
      style={{
        display: 'flex',
        gap: 10,
        width: '100%',
        padding: compact ? '10px 12px' : '12px 4px',
        border: 0,
        borderRadius: token.borderRadius,
        ['--stride-row-unread' as string]: token.colorPrimaryBg,
        ['--stride-row-focus' as string]: token.colorPrimary,
        textAlign: 'start',
        cursor: 'pointer',
        font: 'inherit',
        color: 'inherit',
      }}
    >
      <span
        aria-hidden
        style={{
          flex: 'none',
          width: 8,
          height: 8,
          marginTop: 7,
          borderRadius: '50%',
          background: unread ? token.colorPrimary : 'transparent',
        }}
      />
      <span style={{ flex: 1, minWidth: 0 }}>
        <Typography.Text strong={unread} style={{ display: 'block' }} data-testid="notification-title">
          {item.title}
        </Typography.Text>
        {item.body ? (
          <Typography.Paragraph
            type="secondary"
            ellipsis={compact ? { rows: 2 } : false}
            style={{ margin: '2px 0 0', fontSize: 13 }}
          >
            {item.body}
          </Typography.Paragraph>
        ) : null}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <RelativeTime value={item.createdAt} />
        </Typography.Text>
      </span>
    </button>
  );
  if (!extra) return row;
  return (
    <Flex align="flex-start" gap={8}>
      <div style={{ flex: 1, minWidth: 0 }}>{row}</div>
      <div style={{ flex: 'none', paddingTop: 8 }}>{extra}</div>
    </Flex>
  );
}

/** Marks a notification read (if it is unread) and follows its link. */
export function useOpenNotification(after?: () => void) {
  const navigate = useNavigate();
  const markRead = useMarkRead();
  const toastError = useApiErrorToast();
  return (item: NotificationView) => {
    if (item.readAt === null) markRead.mutate(item.id, { onError: toastError });
    after?.();
    if (item.link?.startsWith('/')) navigate(item.link);
  };
}

function BellPanel({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const { data, isPending, error } = useLatestNotifications();
  const markAll = useMarkAllRead();
  const toastError = useApiErrorToast();
  const open = useOpenNotification(onClose);
  const unread = data?.unread ?? 0;

  return (
    <div style={{ width: 'min(360px, calc(100vw - 40px))' }} data-testid="notification-panel">
      <Flex
        justify="space-between"
        align="center"
        gap={8}
        style={{ padding: '4px 4px 8px', borderBottom: `1px solid ${token.colorBorderSecondary}` }}
      >
        <Typography.Text strong>
          {t('notifications.title')}
          {unread > 0 ? (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginInlineStart: 6 }}>
              {t('notifications.unreadCount', { count: unread })}
            </Typography.Text>
          ) : null}
        </Typography.Text>
        <Button
          type="link"
          size="small"
          icon={<CheckOutlined />}
          disabled={unread === 0}
          loading={markAll.isPending}
          onClick={() => markAll.mutate(undefined, { onError: toastError })}
          data-testid="notification-mark-all"
        >
          {t('notifications.markAllRead')}
        </Button>
      </Flex>
      <div style={{ maxHeight: 'min(420px, calc(100vh - 180px))', overflowY: 'auto', padding: '4px 0' }}>
        {isPending ? (
          <Flex justify="center" style={{ padding: 24 }}>
            <Spin />
          </Flex>
        ) : error && !data ? (
          <Typography.Text type="secondary" style={{ display: 'block', padding: 16, textAlign: 'center' }}>
            {t('errors.loadFailed')}
          </Typography.Text>
        ) : data && data.items.length > 0 ? (
          data.items.map((item) => <NotificationRow key={item.id} item={item} onOpen={open} compact />)
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
        )}
      </div>
      <div style={{ borderTop: `1px solid ${token.colorBorderSecondary}`, paddingTop: 6, textAlign: 'center' }}>
        <Button
          type="link"
          block
          onClick={() => {
            onClose();
            navigate('/notifications');
          }}
          data-testid="notification-view-all"
        >
          {t('notifications.viewAll')}
        </Button>
      </div>
    </div>
  );
}

/** The bell in the header: the unread count (polled every minute and on focus) and the latest notifications. */
export function NotificationBell() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [open, setOpen] = useState(false);
  const { data, refetch } = useLatestNotifications();
  const unread = data?.unread ?? 0;

  return (
    <Popover
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) void refetch();
      }}
      trigger="click"
      placement="bottomRight"
      // On a phone the bell is not at the screen's edge: slide the panel back inside the viewport.
      align={{ overflow: { adjustX: true, adjustY: true, shiftX: true } }}
      arrow={false}
      destroyOnHidden
      content={<BellPanel onClose={() => setOpen(false)} />}
      styles={{ container: { padding: 8 } }}
    >
      <Button
        type="text"
        aria-label={t('notifications.bellLabel', { count: unread })}
        title={t('notifications.title')}
        data-testid="notification-bell"
        style={{ paddingInline: 6 }}
      >
        <Badge
          size="small"
          offset={[2, -2]}
          count={
            unread > 0 ? (
              <span
                data-testid="notification-count"
                data-count={unread}
                style={{
                  minWidth: 16,
                  height: 16,
                  padding: '0 4px',
                  borderRadius: 8,
                  background: token.colorError,
                  color: token.colorTextLightSolid,
                  fontSize: 11,
                  lineHeight: '16px',
                  textAlign: 'center',
                  boxShadow: `0 0 0 1px ${token.colorBgContainer}`,
                  whiteSpace: 'nowrap',
                }}
              >
                {unread > 99 ? '99+' : unread}
              </span>
            ) : null
          }
        >
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
