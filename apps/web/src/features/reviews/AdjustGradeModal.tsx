import type { ParticipantRow } from '@stride/contracts';
import { Alert, App, type ButtonProps, Descriptions, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { applyFieldErrors, serverFieldErrors } from '../../lib/formErrors';
import { formatScore } from './format';
import { useAdjustGrade } from './queries';

interface FormValues {
  grade?: string;
  reason?: string;
}

/** Calibration: a new grade for one person, always with a reason (kept with who and when). */
export function AdjustGradeModal({
  row,
  grades,
  onClose,
}: {
  row: ParticipantRow | null;
  grades: string[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const adjust = useAdjustGrade();
  const [formError, setFormError] = useState<string | null>(null);
  const a = (k: string, o?: Record<string, unknown>) => t(`reviews.adjust.${k}`, o);

  useEffect(() => {
    if (!row) return;
    form.resetFields();
    form.setFieldsValue({ grade: undefined, reason: '' });
    setFormError(null);
  }, [row, form]);

  const submit = async (v: FormValues) => {
    if (!row) return;
    setFormError(null);
    try {
      await adjust.mutateAsync({
        participantId: row.id,
        grade: v.grade ?? '',
        reason: v.reason?.trim() ?? '',
        expectedVersion: row.version,
      });
      void message.success(a('saved', { name: row.employee.name, grade: v.grade }));
      onClose();
    } catch (err) {
      if (isApiError(err)) {
        const fields = serverFieldErrors(err).filter((f) => f.name === 'grade' || f.name === 'reason');
        applyFieldErrors(form, fields);
        if (fields.length === 0) setFormError(err.problem.detail);
      } else setFormError(t('errors.generic'));
    }
  };

  return (
    <Modal
      open={row !== null}
      title={a('title', { name: row?.employee.name ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={a('save')}
      okButtonProps={{ loading: adjust.isPending, 'data-testid': 'adjust-save' } as ButtonProps}
      forceRender
      destroyOnHidden={false}
    >
      <div data-testid="adjust-modal">
        {formError ? (
          <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="adjust-error" />
        ) : null}
        {row ? (
          <Descriptions
            size="small"
            column={2}
            style={{ marginBottom: 12 }}
            items={[
              { key: 'total', label: t('reviews.common.total'), children: formatScore(row.total) },
              { key: 'computed', label: t('reviews.common.computedGrade'), children: row.computedGrade ?? '—' },
              { key: 'current', label: a('current'), children: row.grade ?? '—' },
              { key: 'unit', label: t('fields.unit'), children: row.unit.name },
            ]}
          />
        ) : null}
        <Form<FormValues> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item
            name="grade"
            label={a('grade')}
            rules={[
              { required: true, message: a('gradeRequired') },
              {
                validator: (_, v) =>
                  v && v === (row?.grade ?? row?.computedGrade)
                    ? Promise.reject(new Error(a('sameGrade')))
                    : Promise.resolve(),
              },
            ]}
          >
            <Select
              options={grades.map((g) => ({ value: g, label: g, disabled: g === (row?.grade ?? row?.computedGrade) }))}
              placeholder={a('gradePlaceholder')}
              data-testid="adjust-grade"
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={a('reason')}
            extra={a('reasonHelp')}
            rules={[{ required: true, whitespace: true, message: a('reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={1000} showCount data-testid="adjust-reason" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
