import { App, Button, Form, InputNumber, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { usePerformanceSettings, useSavePerformanceSettings } from './queries';

/** Where the tenure stages end: months after regularization that count as "early". */
export function SettingsPanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const toastError = useApiErrorToast();
  const settings = usePerformanceSettings();
  const save = useSavePerformanceSettings();
  if (!settings.data) return null;
  return (
    <Form
      layout="inline"
      initialValues={{
        earlyStageMonths: settings.data.earlyStageMonths,
        probationReviewLeadDays: settings.data.probationReviewLeadDays,
      }}
      disabled={!canEdit}
      onFinish={(v: { earlyStageMonths: number; probationReviewLeadDays: number }) =>
        save.mutate(v, {
          onSuccess: () => void message.success(t('scorecards.settings.saved')),
          onError: toastError,
        })
      }
    >
      <Form.Item label={t('scorecards.settings.earlyStageMonths')} name="earlyStageMonths" rules={[{ required: true }]}>
        <InputNumber min={1} max={36} data-testid="early-stage-months" />
      </Form.Item>
      <Form.Item
        label={t('probation.settings.leadDays')}
        name="probationReviewLeadDays"
        tooltip={t('probation.settings.leadDaysHelp')}
        rules={[{ required: true }]}
      >
        <InputNumber min={0} max={180} data-testid="probation-lead-days" />
      </Form.Item>
      {canEdit ? (
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      ) : null}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, width: '100%' }}>
        {t('scorecards.settings.help')}
      </Typography.Paragraph>
    </Form>
  );
}
