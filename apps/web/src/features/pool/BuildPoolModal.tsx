import { Alert, App, DatePicker, Form, Modal, Skeleton, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { addPeriods, periodStartOf, toIsoDate } from '../metrics/periods';
import { useAlertSettings, useBuildPool } from './queries';

/** HR builds (or rebuilds) the pool of a closed month or quarter: the organization's pool period type. */
export function BuildPoolModal({
  open,
  onClose,
  onBuilt,
}: {
  open: boolean;
  onClose: () => void;
  onBuilt: (poolId: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useAlertSettings(open);
  const build = useBuildPool();
  const type = settings.data?.poolPeriodType ?? 'month';
  const lastClosed = addPeriods(periodStartOf(dayjs(), type), type, -1);
  const [period, setPeriod] = useState<Dayjs | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chosen = period ?? lastClosed;

  const submit = () => {
    setError(null);
    build.mutate(toIsoDate(periodStartOf(chosen, type)), {
      onSuccess: (result) => {
        void message.success(t('pool.buildModal.done', result));
        onBuilt(result.id);
      },
      onError: (err) => setError(isApiError(err) ? err.problem.detail : t('errors.generic')),
    });
  };

  return (
    <Modal
      open={open}
      title={t('pool.buildModal.title')}
      onCancel={onClose}
      onOk={submit}
      okText={t('pool.build')}
      okButtonProps={{ loading: build.isPending, disabled: !settings.data }}
      destroyOnHidden
      afterClose={() => {
        setPeriod(null);
        setError(null);
      }}
    >
      {!settings.data ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <Form layout="vertical" data-testid="pool-build-form">
          <Form.Item label={t('pool.buildModal.period')}>
            <DatePicker
              picker={type}
              value={chosen}
              onChange={(d) => setPeriod(d)}
              allowClear={false}
              disabledDate={(d) => addPeriods(periodStartOf(d, type), type, 1).isAfter(dayjs(), 'day')}
              data-testid="pool-build-period"
            />
          </Form.Item>
          <Typography.Paragraph type="secondary">{t('pool.buildModal.hint')}</Typography.Paragraph>
          {error ? <Alert type="error" showIcon title={error} data-testid="pool-build-error" /> : null}
        </Form>
      )}
    </Modal>
  );
}
