import { MailOutlined } from '@ant-design/icons';
import type { DigestMode } from '@stride/contracts';
import { Alert, Card, Flex, Segmented, Skeleton, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { useNotificationPreferences, useUpdateNotificationPreferences } from './queries';

/**
 * The caller's email preference, and how emails come (one by one, or a daily digest); both are off and disabled
 * while email cannot be delivered.
 */
export function PreferencesCard() {
  const { t } = useTranslation();
  const { data, isPending, error, refetch } = useNotificationPreferences();
  const update = useUpdateNotificationPreferences();
  const toastError = useApiErrorToast();

  return (
    <Card
      title={
        <Flex align="center" gap={8}>
          <MailOutlined />
          {t('notifications.prefs.title')}
        </Flex>
      }
      data-testid="notification-preferences"
    >
      {isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} title={false} />
      ) : error || !data ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : (
        <>
          <Flex justify="space-between" align="flex-start" gap={12}>
            <div style={{ minWidth: 0 }}>
              <Typography.Text strong>{t('notifications.prefs.email')}</Typography.Text>
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13, marginTop: 2 }}>
                {data.emailAvailable && data.address
                  ? t('notifications.prefs.sendTo', { address: data.address })
                  : t('notifications.prefs.emailHint')}
              </Typography.Text>
            </div>
            <Switch
              checked={data.emailAvailable && data.email}
              disabled={!data.emailAvailable}
              loading={update.isPending}
              onChange={(email) => update.mutate({ email }, { onError: toastError })}
              aria-label={t('notifications.prefs.email')}
              data-testid="notification-email-switch"
            />
          </Flex>
          <div style={{ marginTop: 16 }}>
            <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
              {t('notifyChannels.digest.title')}
            </Typography.Text>
            <Segmented<DigestMode>
              value={data.digest}
              disabled={!data.emailAvailable || !data.email || update.isPending}
              onChange={(digest) => update.mutate({ digest }, { onError: toastError })}
              options={[
                { value: 'off', label: t('notifyChannels.digest.each') },
                {
                  value: 'daily',
                  label: data.digestTime
                    ? t('notifyChannels.digest.dailyAt', { time: data.digestTime })
                    : t('notifyChannels.digest.daily'),
                },
              ]}
              data-testid="notification-digest"
            />
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 6 }}>
              {data.emailAvailable && !data.email
                ? t('notifyChannels.digest.needsEmail')
                : t('notifyChannels.digest.help')}
            </Typography.Text>
          </div>
          {data.emailAvailable ? null : (
            <Alert
              type="info"
              showIcon
              style={{ marginTop: 12 }}
              title={data.address ? t('notifications.prefs.noSmtp') : t('notifications.prefs.noAddress')}
              data-testid="notification-email-unavailable"
            />
          )}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 12 }}>
            {t('notifications.prefs.inAppAlways')}
          </Typography.Text>
        </>
      )}
    </Card>
  );
}
