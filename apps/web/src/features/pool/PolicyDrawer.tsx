import type { AlertSettings } from '@stride/contracts';
import { Alert, App, Button, Drawer, Flex, Form, InputNumber, Radio, Select, Skeleton } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { QueryError } from '../../components/QueryError';
import { useMetricDefinitions } from '../metrics/queries';
import { useAlertSettings, useSaveAlertSettings } from './queries';

/** The pool policy (HR and admins): how often pools are built, what is unsatisfactory, what is real improvement. */
export function PolicyDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AlertSettings>();
  const settings = useAlertSettings(open);
  const metrics = useMetricDefinitions();
  const save = useSaveAlertSettings();
  const [error, setError] = useState<string | null>(null);

  const submit = (values: AlertSettings) => {
    setError(null);
    save.mutate(values, {
      onSuccess: () => {
        void message.success(t('pool.policy.saved'));
        onClose();
      },
      onError: (err) => {
        if (!isApiError(err)) return setError(t('errors.generic'));
        // Field errors name the nested field (policy.improvementPts): put each on its form item.
        const fields = err.fieldErrors.filter((e) => e.field);
        form.setFields(fields.map((e) => ({ name: e.field.split('.') as never, errors: [e.message] })));
        if (!fields.length) setError(err.problem.detail);
      },
    });
  };

  const number = (name: keyof AlertSettings['policy'], min: number, max: number, testId: string) => (
    <Form.Item
      name={['policy', name]}
      label={t(`pool.policy.${name}`)}
      extra={name === 'planPeriods' ? t('pool.policy.planPeriodsHint') : undefined}
      rules={[{ required: true, message: t('validation.required') }]}
    >
      <InputNumber min={min} max={max} style={{ width: 160 }} data-testid={testId} />
    </Form.Item>
  );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('pool.policy.title')}
      size={480}
      destroyOnHidden
      data-testid="pool-policy-drawer"
      extra={
        <Flex gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            disabled={!settings.data}
            onClick={() => form.submit()}
            data-testid="pool-policy-save"
          >
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      {settings.isError ? (
        <QueryError error={settings.error} onRetry={() => void settings.refetch()} />
      ) : !settings.data ? (
        <Skeleton active />
      ) : (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('pool.policy.rankNote')} />
          {error ? <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} /> : null}
          <Form<AlertSettings>
            form={form}
            layout="vertical"
            initialValues={{ poolPeriodType: settings.data.poolPeriodType, policy: settings.data.policy }}
            onFinish={submit}
            data-testid="pool-policy-form"
          >
            <Form.Item name="poolPeriodType" label={t('pool.policy.periodType')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'month', label: t('pool.policy.month') },
                  { value: 'quarter', label: t('pool.policy.quarter') },
                ]}
              />
            </Form.Item>
            <Form.Item name={['policy', 'unsatisfactoryGrades']} label={t('pool.policy.unsatisfactoryGrades')}>
              <Select mode="tags" tokenSeparators={[',', ' ']} data-testid="pool-policy-grades" />
            </Form.Item>
            <Form.Item
              name={['policy', 'attainmentMetric']}
              label={t('pool.policy.attainmentMetric')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={metrics.isPending}
                options={(metrics.data ?? []).map((m) => ({ value: m.key, label: `${m.name} (${m.key})` }))}
              />
            </Form.Item>
            {number('attainmentBelowPct', 1, 200, 'pool-policy-threshold')}
            {number('improvementPts', 0, 200, 'pool-policy-improvement')}
            {number('consecutivePeriods', 2, 6, 'pool-policy-consecutive')}
            {number('planPeriods', 1, 12, 'pool-policy-plan')}
            <Form.Item name={['policy', 'minAlertSeverity']} label={t('pool.policy.minAlertSeverity')}>
              <Select
                options={(['low', 'medium', 'high'] as const).map((s) => ({
                  value: s,
                  label: t(`pool.severity.${s}`),
                }))}
              />
            </Form.Item>
          </Form>
        </>
      )}
    </Drawer>
  );
}
