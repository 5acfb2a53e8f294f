import { manualValueRequest } from '@stride/contracts';
import { Alert, App, Button, DatePicker, Flex, Form, Input, Modal, Segmented, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { type EmployeeOption, EmployeeSelect } from '../../components/EmployeeSelect';
import { applyFieldErrors, type FieldErrorEntry, serverFieldErrors } from '../../lib/formErrors';
import { formatMetricValue } from './format';
import { type PeriodType, periodEndOf, periodLabel, periodStartOf, periodTypes, toIsoDate } from './periods';
import { useMetricDefinitions, useMetricSeries, useSaveManualValue } from './queries';

interface FormValues {
  metric?: string;
  employeeId?: string | null;
  periodType?: PeriodType;
  period?: Dayjs | null;
  value?: string;
}

interface ManualValueModalProps {
  open: boolean;
  onClose: () => void;
  /** Preselects a metric (e.g. from its row in the library). */
  metricKey?: string | null;
  /** Preselects a person (e.g. on their profile). */
  employee?: EmployeeOption | null;
}

/** Enter or clear one value of a manual metric for one person and one period. */
export function ManualValueModal({ open, onClose, metricKey, employee }: ManualValueModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const library = useMetricDefinitions();
  const save = useSaveManualValue();
  const [formError, setFormError] = useState<string | null>(null);
  const [clearing, setClearing] = useState(false);

  const manual = useMemo(() => (library.data ?? []).filter((m) => m.kind === 'manual'), [library.data]);
  const metric = Form.useWatch('metric', form);
  const employeeId = Form.useWatch('employeeId', form);
  const periodType = Form.useWatch('periodType', form) ?? 'month';
  const period = Form.useWatch('period', form);
  const def = manual.find((m) => m.key === metric);
  const periodStart = period ? toIsoDate(periodStartOf(period, periodType)) : null;

  const current = useMetricSeries(
    {
      employeeId: employeeId ?? '',
      periodType,
      from: periodStart ?? '',
      to: periodStart ? toIsoDate(periodEndOf(dayjs(periodStart), periodType)) : '',
      metric: metric ?? '',
    },
    open && Boolean(employeeId && metric && periodStart),
  );
  const currentPoint =
    current.data && !current.isPlaceholderData
      ? current.data.points.find((p) => p.metric === metric && p.periodStart === periodStart)
      : undefined;
  const knowsCurrent = Boolean(current.data && !current.isPlaceholderData && !current.isFetching);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setFormError(null);
    form.setFieldsValue({
      metric: metricKey ?? undefined,
      employeeId: employee?.id ?? null,
      periodType: 'month',
      period: dayjs(),
      value: '',
    });
  }, [open, metricKey, employee, form]);

  // With a single manual metric there is nothing to choose.
  useEffect(() => {
    if (open && !form.getFieldValue('metric') && manual.length === 1) form.setFieldValue('metric', manual[0].key);
  }, [open, manual, form]);

  const submit = async (clear: boolean) => {
    setFormError(null);
    const v = form.getFieldsValue(true) as FormValues;
    const raw = {
      metric: v.metric ?? '',
      employeeId: v.employeeId ?? '',
      periodType: v.periodType ?? 'month',
      periodStart: v.period ? toIsoDate(periodStartOf(v.period, v.periodType ?? 'month')) : '',
      value: clear ? null : (v.value ?? ''),
    };
    const parsed = manualValueRequest.safeParse(raw);
    if (!parsed.success) {
      const byField = new Map<string, string[]>();
      for (const issue of parsed.error.issues) {
        const top = String(issue.path[0] ?? '');
        const name = top === 'periodStart' ? 'period' : top;
        const text =
          name === 'value'
            ? raw.value === ''
              ? t('metricLib.manual.valueRequired')
              : t('metricLib.manual.valueInvalid')
            : t('validation.required');
        byField.set(name, [text]);
      }
      applyFieldErrors(
        form,
        [...byField.entries()].map(([name, errors]): FieldErrorEntry => ({ name, errors })),
      );
      return;
    }
    setClearing(clear);
    try {
      await save.mutateAsync(raw);
      void message.success(clear ? t('metricLib.manual.cleared') : t('metricLib.manual.saved'));
      onClose();
    } catch (err) {
      if (isApiError(err)) {
        const fields = serverFieldErrors(err, { periodStart: 'period' });
        applyFieldErrors(form, fields);
        if (fields.length === 0) setFormError(err.problem.detail);
      } else setFormError(t('errors.generic'));
    }
  };

  const unitHint = def ? t(`metricLib.manual.unitHint.${def.unit}`) : undefined;

  return (
    <Modal
      open={open}
      title={t('metricLib.manual.title')}
      onCancel={onClose}
      forceRender
      footer={
        <Flex justify="flex-end" gap={8} wrap>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            danger
            disabled={!currentPoint || (save.isPending && !clearing)}
            loading={save.isPending && clearing}
            onClick={() => void submit(true)}
            data-testid="manual-value-clear"
          >
            {t('metricLib.manual.clear')}
          </Button>
          <Button
            type="primary"
            disabled={save.isPending && clearing}
            loading={save.isPending && !clearing}
            onClick={() => void submit(false)}
            data-testid="manual-value-save"
          >
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <div data-testid="manual-value-modal">
        {formError ? (
          <Alert
            type="error"
            showIcon
            title={formError}
            style={{ marginBottom: 16 }}
            data-testid="manual-value-error"
          />
        ) : null}
        {!library.isPending && manual.length === 0 ? (
          <Alert type="info" showIcon title={t('metricLib.manual.noneYet')} style={{ marginBottom: 16 }} />
        ) : null}
        <Form<FormValues> form={form} layout="vertical" onFinish={() => void submit(false)}>
          <Form.Item name="metric" label={t('metricLib.manual.metric')} required>
            <Select
              options={manual.map((m) => ({ value: m.key, label: m.name }))}
              loading={library.isPending}
              placeholder={t('metricLib.manual.pickMetric')}
              data-testid="manual-value-metric"
            />
          </Form.Item>
          <Form.Item name="employeeId" label={t('metricLib.manual.person')} required>
            <EmployeeSelect initialOption={employee ?? null} data-testid="manual-value-employee" />
          </Form.Item>
          <Flex gap={12} wrap align="flex-start">
            <Form.Item name="periodType" label={t('metricLib.manual.periodType')} required>
              <Segmented<PeriodType>
                options={periodTypes.map((p) => ({ value: p, label: t(`metrics.periodTypes.${p}`) }))}
                data-testid="manual-value-period-type"
              />
            </Form.Item>
            <Form.Item name="period" label={t('metricLib.manual.period')} required style={{ flex: 1, minWidth: 200 }}>
              <DatePicker
                picker={periodType}
                allowClear={false}
                format={(d) => periodLabel(toIsoDate(periodStartOf(d, periodType)), periodType)}
                style={{ width: '100%' }}
                data-testid="manual-value-period"
              />
            </Form.Item>
          </Flex>
          <Form.Item name="value" label={t('metricLib.manual.value')} extra={unitHint} required>
            <Input inputMode="decimal" autoComplete="off" maxLength={22} data-testid="manual-value-input" />
          </Form.Item>
        </Form>
        {def && employeeId && periodStart ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="manual-value-current">
            {!knowsCurrent
              ? t('common.loading')
              : currentPoint
                ? t('metricLib.manual.current', {
                    value: formatMetricValue(currentPoint.value, def.unit),
                    source: t(`metricLib.sources.${currentPoint.source}`),
                  })
                : t('metricLib.manual.noCurrent', { period: periodLabel(periodStart, periodType) })}
          </Typography.Text>
        ) : null}
      </div>
    </Modal>
  );
}
