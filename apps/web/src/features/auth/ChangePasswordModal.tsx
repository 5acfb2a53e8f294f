import { changePasswordRequest } from '@stride/contracts';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { applyFieldErrors, serverFieldErrors, zodIssuesToFields } from '../../lib/formErrors';
import { useChangePassword } from './queries';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (values: Values) => {
    setFormError(null);
    if (values.newPassword !== values.confirmPassword) {
      form.setFields([{ name: 'confirmPassword', errors: [t('auth.passwordMismatch')] }]);
      return;
    }
    const parsed = changePasswordRequest.safeParse({
      currentPassword: values.currentPassword ?? '',
      newPassword: values.newPassword ?? '',
    });
    if (!parsed.success) {
      applyFieldErrors(form, zodIssuesToFields(parsed.error.issues, t));
      return;
    }
    try {
      await change.mutateAsync(parsed.data);
      void message.success(t('auth.passwordChanged'));
      form.resetFields();
      onClose();
    } catch (err) {
      if (isApiError(err)) {
        if (err.code === 'AUTH_WRONG_PASSWORD') {
          form.setFields([{ name: 'currentPassword', errors: [err.problem.detail] }]);
          return;
        }
        const fields = serverFieldErrors(err);
        if (fields.length > 0) applyFieldErrors(form, fields);
        setFormError(err.problem.detail);
      } else {
        setFormError(t('errors.generic'));
      }
    }
  };

  return (
    <Modal
      title={t('auth.changePasswordTitle')}
      open={open}
      onCancel={() => {
        form.resetFields();
        setFormError(null);
        onClose();
      }}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={change.isPending}
      forceRender
    >
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="currentPassword" label={t('auth.currentPassword')}>
          <Input.Password autoComplete="current-password" data-testid="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('auth.newPassword')}
          extra={<Typography.Text type="secondary">{t('auth.passwordHint')}</Typography.Text>}
        >
          <Input.Password autoComplete="new-password" data-testid="new-password" />
        </Form.Item>
        <Form.Item name="confirmPassword" label={t('auth.confirmPassword')}>
          <Input.Password autoComplete="new-password" data-testid="confirm-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
