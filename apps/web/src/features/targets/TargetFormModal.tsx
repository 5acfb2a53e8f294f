import { Alert, App, type ButtonProps, DatePicker, Form, Input, Modal, Segmented, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { applyFieldErrors, serverFieldErrors } from '../../lib/formErrors';
import { formatMetricValue } from '../metrics/format';
import { periodLabel, periodStartOf, toIsoDate } from '../metrics/periods';
import { useMetricDefinitions } from '../metrics/queries';
import {
  type Target,
  type TargetPeriodType,
  useAgreeTarget,
  useProposeTarget,
  useSetTarget,
  useUpdateTarget,
} from './queries';

export type TargetFormMode = 'set' | 'edit' | 'propose' | 'counter';
const periodTypes: TargetPeriodType[] = ['month', 'quarter', 'year'];

interface FormValues {
  subject?: 'person' | 'team';
  employeeId?: string | null;
  unitId?: string | null;
  metric?: string;
  periodType?: TargetPeriodType;
  period?: Dayjs | null;
  value?: string;
  reason?: string;
}

interface Props {
  mode: TargetFormMode | null;
  target?: Target | null;
  /** HR and admin may set or change targets after the lock, with a reason. */
  canOverrideLock: boolean;
  onClose: () => void;
}

/** Set or edit a target, propose one's own, or counter a proposal with another value. */
export function TargetFormModal({ mode, target, canOverrideLock, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const library = useMetricDefinitions();
  const setTarget = useSetTarget();
  const update = useUpdateTarget();
  const propose = useProposeTarget();
  const agree = useAgreeTarget();
  const [formError, setFormError] = useState<string | null>(null);
  const subject = Form.useWatch('subject', form) ?? 'person';
  const periodType = Form.useWatch('periodType', form) ?? 'month';
  const period = Form.useWatch('period', form);
  const open = mode !== null;
  const picksPeriod = mode === 'set' || mode === 'propose';
  const periodStart = period ? toIsoDate(periodStartOf(period, periodType)) : null;
  const started = picksPeriod ? Boolean(periodStart && periodStart <= toIsoDate(dayjs())) : Boolean(target?.locked);
  const needsReason = started && canOverrideLock && mode !== 'propose' && mode !== 'counter';

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setFormError(null);
    form.setFieldsValue({
      subject: 'person',
      metric: target?.metric ?? 'revenue',
      periodType: 'month',
      period: dayjs().add(1, 'month'),
      value: mode === 'edit' ? (target?.value ?? '') : mode === 'counter' ? (target?.proposedValue ?? '') : '',
    });
  }, [open, mode, target, form]);

  const submit = async () => {
    setFormError(null);
    const v = form.getFieldsValue(true) as FormValues;
    const value = (v.value ?? '').trim();
    const reason = v.reason?.trim() || undefined;
    const start = v.period ? toIsoDate(periodStartOf(v.period, v.periodType ?? 'month')) : '';
    const common = { metric: v.metric ?? '', periodType: v.periodType ?? 'month', periodStart: start, value };
    try {
      if (mode === 'set') {
        const who =
          v.subject === 'team' ? { unitId: v.unitId ?? undefined } : { employeeId: v.employeeId ?? undefined };
        await setTarget.mutateAsync({ ...common, ...who, reason });
      } else if (mode === 'propose') await propose.mutateAsync(common);
      else if (mode === 'edit' && target) await update.mutateAsync({ id: target.id, value, reason });
      else if (mode === 'counter' && target) await agree.mutateAsync({ id: target.id, value });
      void message.success(t('targets.saved'));
      onClose();
    } catch (err) {
      if (isApiError(err)) {
        const fields = serverFieldErrors(err, { periodStart: 'period' });
        applyFieldErrors(form, fields);
        if (fields.length === 0) setFormError(err.problem.detail);
      } else setFormError(t('errors.generic'));
    }
  };

  const unit = library.data?.find((m) => m.key === (target?.metric ?? form.getFieldValue('metric')))?.unit ?? 'count';
  const pending = setTarget.isPending || update.isPending || propose.isPending || agree.isPending;

  return (
    <Modal
      open={open}
      title={mode ? t(`targets.form.title.${mode}`) : ''}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: pending, 'data-testid': 'target-form-save' } as ButtonProps}
      forceRender
    >
      <div data-testid="target-form">
        {formError ? (
          <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="target-form-error" />
        ) : null}
        {target && !picksPeriod ? (
          <Alert
            type="info"
            style={{ marginBottom: 16 }}
            title={`${target.employee?.name ?? target.unit?.name} · ${target.metricName} · ${periodLabel(
              target.periodStart,
              target.periodType,
            )}${target.proposedValue ? ` · ${t('targets.proposed')}: ${formatMetricValue(target.proposedValue, unit)}` : ''}`}
          />
        ) : null}
        <Form<FormValues> form={form} layout="vertical" onFinish={() => void submit()}>
          {mode === 'set' ? (
            <>
              <Form.Item name="subject" label={t('targets.form.subject')}>
                <Segmented
                  options={[
                    { value: 'person', label: t('targets.person') },
                    { value: 'team', label: t('targets.team') },
                  ]}
                />
              </Form.Item>
              {subject === 'person' ? (
                <Form.Item name="employeeId" label={t('targets.person')} required>
                  <EmployeeSelect data-testid="target-form-employee" />
                </Form.Item>
              ) : (
                <Form.Item name="unitId" label={t('targets.team')} required>
                  <UnitTreeSelect data-testid="target-form-unit" />
                </Form.Item>
              )}
            </>
          ) : null}
          {picksPeriod ? (
            <>
              <Form.Item name="metric" label={t('targets.metric')} required>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(library.data ?? []).map((m) => ({ value: m.key, label: m.name }))}
                  data-testid="target-form-metric"
                />
              </Form.Item>
              <Form.Item name="periodType" label={t('targets.periodType')}>
                <Segmented options={periodTypes.map((p) => ({ value: p, label: t(`metrics.periodTypes.${p}`) }))} />
              </Form.Item>
              <Form.Item name="period" label={t('targets.period')} required>
                <DatePicker
                  picker={periodType}
                  allowClear={false}
                  format={(d) => periodLabel(toIsoDate(periodStartOf(d, periodType)), periodType)}
                  style={{ width: '100%' }}
                  data-testid="target-form-period"
                />
              </Form.Item>
            </>
          ) : null}
          <Form.Item name="value" label={t('targets.value')} required>
            <Input inputMode="decimal" autoComplete="off" maxLength={22} data-testid="target-form-value" />
          </Form.Item>
          {needsReason ? (
            <Form.Item name="reason" label={t('targets.reason')} extra={t('targets.reasonHint')} required>
              <Input.TextArea rows={2} maxLength={500} data-testid="target-form-reason" />
            </Form.Item>
          ) : null}
          {started && !canOverrideLock && mode !== 'counter' ? (
            <Alert type="warning" showIcon title={t('targets.lockedHint')} />
          ) : null}
        </Form>
      </div>
    </Modal>
  );
}
