import type { AlertDetail } from '@stride/contracts';
import { Alert, App, type ButtonProps, Form, Input, Modal, Radio, Select, Space, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { applyFieldErrors, serverFieldErrors } from '../../lib/formErrors';
import { useTrainingCourses } from '../training/queries';
import { useAcknowledgeAlert, useLinkAlertAction, useResolveAlert } from './queries';

export type AlertActionMode = 'acknowledge' | 'action' | 'resolve';
const actionKinds = ['coaching_note', 'improvement_plan', 'training'] as const;
type ActionKind = (typeof actionKinds)[number];

interface FormValues {
  note?: string;
  actionKind?: ActionKind;
  courseIds?: string[];
}

interface Props {
  mode: AlertActionMode | null;
  alert: AlertDetail;
  onClose: () => void;
  /** Someone else changed the alert meanwhile (409): the page reloads it. */
  onConflict: () => void;
}

/** Acknowledge, link an action (coaching note, improvement plan, training) or resolve an alert, with the alert's version. */
export function AlertActionModal({ mode, alert, onClose, onConflict }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const acknowledge = useAcknowledgeAlert();
  const link = useLinkAlertAction();
  const resolve = useResolveAlert();
  const courses = useTrainingCourses(mode === 'action');
  const [formError, setFormError] = useState<string | null>(null);
  const actionKind = Form.useWatch('actionKind', form);
  const open = mode !== null;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ actionKind: 'coaching_note', note: '', courseIds: [] });
    setFormError(null);
  }, [open, form]);

  const metricKey = alert.rule.metricKey;
  const courseOptions = useMemo(() => {
    const list = (courses.data ?? []).filter((c) => c.active);
    // Courses mapped to the alert's indicator first.
    const related = (c: (typeof list)[number]) => Boolean(metricKey && c.metricKeys.includes(metricKey));
    return [...list]
      .sort((a, b) => Number(related(b)) - Number(related(a)) || a.title.localeCompare(b.title, 'zh-CN'))
      .map((c) => ({
        value: c.id,
        title: c.title,
        label: (
          <Space size={4}>
            {c.title}
            {related(c) ? <Tag color="blue">{t('alerts.actions.related')}</Tag> : null}
          </Space>
        ),
      }));
  }, [courses.data, metricKey, t]);

  const submit = async () => {
    setFormError(null);
    const v = form.getFieldsValue(true) as FormValues;
    const note = v.note?.trim() ?? '';
    const missing: { name: string; errors: string[] }[] = [];
    if (mode !== 'acknowledge' && !note) missing.push({ name: 'note', errors: [t('validation.required')] });
    if (mode === 'action' && v.actionKind === 'training' && (v.courseIds ?? []).length === 0)
      missing.push({ name: 'courseIds', errors: [t('alerts.actions.coursesRequired')] });
    if (missing.length) {
      applyFieldErrors(form, missing);
      return;
    }
    try {
      if (mode === 'acknowledge')
        await acknowledge.mutateAsync({ id: alert.id, version: alert.version, note: note || undefined });
      else if (mode === 'action')
        await link.mutateAsync({
          id: alert.id,
          version: alert.version,
          actionKind: v.actionKind ?? 'coaching_note',
          note,
          courseIds: v.actionKind === 'training' ? (v.courseIds ?? []) : [],
        });
      else if (mode === 'resolve') await resolve.mutateAsync({ id: alert.id, version: alert.version, note });
      void message.success(t(`alerts.actions.done.${mode}`));
      onClose();
    } catch (err) {
      if (isApiError(err) && err.status === 409) {
        void message.warning(err.problem.detail || t('alerts.actions.conflict'));
        onConflict();
        onClose();
        return;
      }
      if (isApiError(err)) {
        const fields = serverFieldErrors(err);
        applyFieldErrors(form, fields);
        if (fields.length === 0) setFormError(err.problem.detail);
      } else setFormError(t('errors.generic'));
    }
  };

  const pending = acknowledge.isPending || link.isPending || resolve.isPending;

  return (
    <Modal
      open={open}
      title={mode ? t(`alerts.actions.title.${mode}`) : ''}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={mode ? t(`alerts.actions.confirm.${mode}`) : t('common.confirm')}
      okButtonProps={{ loading: pending, 'data-testid': 'alert-action-confirm' } as ButtonProps}
      forceRender
    >
      <div data-testid={`alert-${mode ?? 'none'}-form`}>
        {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`${alert.employee.name} · ${alert.rule.name}`}
          description={alert.summary}
        />
        <Form<FormValues> form={form} layout="vertical">
          {mode === 'action' ? (
            <Form.Item name="actionKind" label={t('alerts.actions.kind')}>
              <Radio.Group
                data-testid="alert-action-kind"
                optionType="button"
                options={actionKinds.map((k) => ({ value: k, label: t(`alerts.actionKinds.${k}`) }))}
              />
            </Form.Item>
          ) : null}
          {mode === 'action' && actionKind === 'training' ? (
            <Form.Item
              name="courseIds"
              label={t('alerts.actions.courses')}
              required
              extra={courses.data && courses.data.length === 0 ? t('alerts.actions.noCourses') : undefined}
            >
              <Select
                mode="multiple"
                loading={courses.isLoading}
                options={courseOptions}
                showSearch={{ optionFilterProp: 'title' }}
                placeholder={t('alerts.actions.coursesPlaceholder')}
                data-testid="alert-action-courses"
              />
            </Form.Item>
          ) : null}
          <Form.Item
            name="note"
            label={mode === 'acknowledge' ? t('alerts.actions.noteOptional') : t('alerts.actions.note')}
            required={mode !== 'acknowledge'}
            extra={mode === 'action' && actionKind ? t(`alerts.actions.noteHint.${actionKind}`) : undefined}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount data-testid="alert-action-note" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
