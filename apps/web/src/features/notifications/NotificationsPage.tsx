import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Divider, Empty, Flex, Row, Segmented, Skeleton, Tooltip, Typography } from 'antd';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { NotificationRow, useOpenNotification } from './NotificationBell';
import { PreferencesCard } from './PreferencesCard';
import { useMarkAllRead, useMarkRead, useNotificationPages } from './queries';

type Filter = 'all' | 'unread';

/** The caller's inbox: every notification, newest first, with the unread filter, paging and the email preference. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('all');
  const pages = useNotificationPages(filter === 'unread');
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const toastError = useApiErrorToast();
  const open = useOpenNotification();

  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = pages.data?.pages[0]?.unread ?? 0;

  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        subtitle={t('notifications.subtitle')}
        extra={
          <Button
            icon={<CheckOutlined />}
            disabled={unread === 0}
            loading={markAll.isPending}
            onClick={() => markAll.mutate(undefined, { onError: toastError })}
            data-testid="notifications-mark-all"
          >
            {t('notifications.markAllRead')}
          </Button>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card>
            <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 8 }}>
              <Segmented<Filter>
                value={filter}
                onChange={setFilter}
                options={[
                  { value: 'all', label: t('notifications.filterAll') },
                  {
                    value: 'unread',
                    label:
                      unread > 0 ? `${t('notifications.filterUnread')} (${unread})` : t('notifications.filterUnread'),
                  },
                ]}
                data-testid="notifications-filter"
              />
              <Button
                icon={<ReloadOutlined />}
                onClick={() => void pages.refetch()}
                loading={pages.isRefetching && !pages.isFetchingNextPage}
                aria-label={t('common.refresh')}
              />
            </Flex>
            {pages.isPending ? (
              <Skeleton active paragraph={{ rows: 6 }} />
            ) : pages.error && !pages.data ? (
              <QueryError error={pages.error} onRetry={() => void pages.refetch()} />
            ) : items.length === 0 ? (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={filter === 'unread' ? t('notifications.emptyUnread') : t('notifications.empty')}
                style={{ padding: '32px 0' }}
              />
            ) : (
              <div data-testid="notifications-list">
                {items.map((item, i) => (
                  <Fragment key={item.id}>
                    {i > 0 ? <Divider style={{ margin: 0 }} /> : null}
                    <NotificationRow
                      item={item}
                      onOpen={open}
                      extra={
                        item.readAt === null ? (
                          <Tooltip title={t('notifications.markRead')}>
                            <Button
                              type="text"
                              size="small"
                              icon={<CheckOutlined />}
                              aria-label={t('notifications.markRead')}
                              onClick={() => markRead.mutate(item.id, { onError: toastError })}
                              data-testid="notification-mark-read"
                            />
                          </Tooltip>
                        ) : null
                      }
                    />
                  </Fragment>
                ))}
                <Flex justify="center" style={{ marginTop: 12 }}>
                  {pages.hasNextPage ? (
                    <Button
                      onClick={() => void pages.fetchNextPage()}
                      loading={pages.isFetchingNextPage}
                      data-testid="notifications-load-more"
                    >
                      {t('notifications.loadMore')}
                    </Button>
                  ) : (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('notifications.noMore')}
                    </Typography.Text>
                  )}
                </Flex>
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <PreferencesCard />
        </Col>
      </Row>
    </>
  );
}
