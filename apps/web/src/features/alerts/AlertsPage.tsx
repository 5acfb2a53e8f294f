import { ThunderboltOutlined } from '@ant-design/icons';
import { App, Button, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { useCurrentUser } from '../auth/queries';
import { AlertsList } from './AlertsList';
import { MasksTab } from './MasksTab';
import { useEvaluateAlerts } from './queries';

/** 预警中心: live and past alerts of the people in the reader's scope, and the masked periods. */
export function AlertsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const toastError = useApiErrorToast();
  const me = useCurrentUser();
  const isHr = me.user.role === 'admin' || me.user.role === 'hr';
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'masks' ? 'masks' : 'alerts';
  const evaluate = useEvaluateAlerts();

  const runEvaluation = () =>
    evaluate.mutate(undefined, {
      onSuccess: (r) => void message.success(t('alerts.evaluated', r)),
      onError: toastError,
    });

  return (
    <div data-testid="alerts-page">
      <PageHeader
        title={t('alerts.title')}
        subtitle={t('alerts.subtitle')}
        extra={
          isHr ? (
            <Button
              icon={<ThunderboltOutlined />}
              loading={evaluate.isPending}
              onClick={runEvaluation}
              data-testid="alerts-evaluate"
            >
              {t('alerts.evaluate')}
            </Button>
          ) : null
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'masks' ? { tab: 'masks' } : {}, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'alerts', label: t('alerts.tabs.alerts'), children: <AlertsList /> },
          {
            key: 'masks',
            label: <span data-testid="alerts-tab-masks">{t('alerts.tabs.masks')}</span>,
            children: <MasksTab />,
          },
        ]}
      />
    </div>
  );
}
