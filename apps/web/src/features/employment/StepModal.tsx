import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { type EmploymentAction, useEmploymentStep } from './queries';

export type StepKind = 'approve' | 'reject' | 'cancel';

interface Props {
  action: EmploymentAction;
  kind: StepKind | null;
  onClose: () => void;
  onDone: (kind: StepKind) => void;
}

/** Approve or reject the current step (a comment; required to reject), or cancel the action (a reason). */
export function StepModal({ action, kind, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ text?: string }>();
  const step = useEmploymentStep();
  const [error, setError] = useState<string | null>(null);
  const required = kind === 'reject' || kind === 'cancel';

  const submit = ({ text }: { text?: string }) => {
    if (!kind) return;
    setError(null);
    const request =
      kind === 'cancel'
        ? { id: action.id, step: 'cancel' as const, body: { version: action.version, reason: text ?? '' } }
        : {
            id: action.id,
            step: 'decision' as const,
            body: { version: action.version, decision: kind, comment: text?.trim() ? text : undefined },
          };
    step.mutate(request, {
      onSuccess: () => {
        form.resetFields();
        onDone(kind);
      },
      onError: (e) => {
        if (!isApiError(e)) return setError(t('errors.generic'));
        const fieldMessages = e.fieldErrors.filter((f) => f.message).map((f) => f.message);
        if (fieldMessages.length) form.setFields([{ name: 'text', errors: fieldMessages }]);
        setError(e.problem.detail);
      },
    });
  };

  return (
    <Modal
      open={kind !== null}
      title={kind ? t(`employment.stepTitles.${kind}`) : ''}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
      okText={kind ? t(`employment.actions.${kind}`) : ''}
      okButtonProps={{ danger: kind !== 'approve', ...({ 'data-testid': 'employment-step-confirm' } as object) }}
      cancelText={t('common.cancel')}
      confirmLoading={step.isPending}
      onOk={() => form.submit()}
    >
      {error ? (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} data-testid="employment-step-error" />
      ) : null}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="text"
          label={kind === 'cancel' ? t('employment.fields.cancelReason') : t('employment.fields.comment')}
          rules={[
            {
              required,
              whitespace: required,
              message: kind === 'reject' ? t('employment.rejectNeedsComment') : undefined,
            },
            { max: 2000 },
          ]}
        >
          <Input.TextArea rows={4} data-testid="employment-step-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
