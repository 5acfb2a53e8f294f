import { type ImChannel, type ImProvider, imProviders, type Locale } from '@stride/contracts';
import { Alert, App, Checkbox, Form, Input, Modal, Radio, Select, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { applyFieldErrors, serverFieldErrors } from '../../lib/formErrors';
import { useKindLabel } from './bits';
import { useCreateImChannel, useUpdateImChannel } from './imQueries';

interface FormValues {
  provider: ImProvider;
  name: string;
  webhookUrl?: string;
  secret?: string;
  removeSecret?: boolean;
  unitId?: string | null;
  allKinds: boolean;
  kinds: string[];
  otherKinds: string[];
  locale: Locale;
  isActive: boolean;
}

const KIND_PATTERN = /^[a-z][a-z0-9_.-]{0,63}$/;

/** Adds a group bot, or edits one (`channel` set). The webhook and the secret are never shown, only replaced. */
export function ImChannelModal({
  open,
  channel,
  knownKinds,
  onClose,
}: {
  open: boolean;
  channel: ImChannel | null;
  knownKinds: string[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const kindLabel = useKindLabel();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateImChannel();
  const update = useUpdateImChannel();
  const toastError = useApiErrorToast();
  const provider = Form.useWatch('provider', form) ?? channel?.provider ?? 'dingtalk';
  const allKinds = Form.useWatch('allKinds', form) ?? false;
  const removeSecret = Form.useWatch('removeSecret', form) ?? false;
  const editing = channel !== null;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (channel) {
      form.setFieldsValue({
        provider: channel.provider,
        name: channel.name,
        unitId: channel.unit?.id ?? null,
        allKinds: channel.allKinds,
        kinds: channel.kinds.filter((k) => knownKinds.includes(k)),
        otherKinds: channel.kinds.filter((k) => !knownKinds.includes(k)),
        locale: channel.locale,
        isActive: channel.isActive,
      });
    }
  }, [open, channel, knownKinds, form]);

  const onError = (err: unknown) => {
    if (isApiError(err) && err.fieldErrors.length > 0) applyFieldErrors(form, serverFieldErrors(err));
    else toastError(err);
  };

  const submit = (v: FormValues) => {
    const kinds = [...new Set([...(v.kinds ?? []), ...(v.otherKinds ?? [])])];
    if (!v.allKinds && kinds.length === 0) {
      form.setFields([{ name: 'kinds', errors: [t('notifyChannels.bots.kindsRequired')] }]);
      return;
    }
    const common = {
      name: v.name.trim(),
      unitId: v.unitId ?? null,
      allKinds: v.allKinds,
      kinds,
      locale: v.locale,
      isActive: v.isActive,
    };
    const webhookUrl = v.webhookUrl?.trim();
    const secret = v.secret?.trim();
    if (!channel) {
      create.mutate(
        { ...common, provider: v.provider, webhookUrl: webhookUrl ?? '', secret: secret || null },
        {
          onSuccess: () => {
            void message.success(t('notifyChannels.bots.created'));
            onClose();
          },
          onError,
        },
      );
      return;
    }
    update.mutate(
      {
        id: channel.id,
        body: {
          ...common,
          ...(webhookUrl ? { webhookUrl } : {}),
          ...(v.removeSecret ? { secret: null } : secret ? { secret } : {}),
          expectedVersion: channel.version,
        },
      },
      {
        onSuccess: () => {
          void message.success(t('notifyChannels.bots.saved'));
          onClose();
        },
        onError,
      },
    );
  };

  const signs = provider !== 'wecom';

  return (
    <Modal
      open={open}
      title={
        editing ? t('notifyChannels.bots.editTitle', { name: channel.name }) : t('notifyChannels.bots.createTitle')
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={editing ? t('common.save') : t('common.create')}
      confirmLoading={create.isPending || update.isPending}
      okButtonProps={{ 'data-testid': 'im-channel-save' }}
      width={640}
      destroyOnHidden
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          provider: 'dingtalk',
          allKinds: false,
          kinds: [],
          otherKinds: [],
          locale: 'zh-CN',
          isActive: true,
          unitId: null,
        }}
      >
        <Form.Item name="provider" label={t('notifyChannels.bots.provider')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            disabled={editing}
            options={imProviders.map((p) => ({ value: p, label: t(`notifyChannels.bots.providers.${p}`) }))}
            data-testid="im-channel-provider"
          />
        </Form.Item>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t(`notifyChannels.bots.providerHelp.${provider}`)}
          data-testid="im-channel-help"
        />
        <Form.Item
          name="name"
          label={t('notifyChannels.bots.name')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input maxLength={60} placeholder={t('notifyChannels.bots.namePlaceholder')} data-testid="im-channel-name" />
        </Form.Item>
        <Form.Item
          name="webhookUrl"
          label={t('notifyChannels.bots.webhookUrl')}
          extra={
            editing
              ? t('notifyChannels.bots.webhookKeep', { mask: channel.webhookMask })
              : t('notifyChannels.bots.webhookSecretNote')
          }
          rules={editing ? [] : [{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input
            maxLength={1000}
            className="stride-mono"
            autoComplete="off"
            placeholder="https://"
            data-testid="im-channel-webhook"
          />
        </Form.Item>
        {signs ? (
          <>
            <Form.Item
              name="secret"
              label={t('notifyChannels.bots.secret')}
              extra={
                editing && channel.hasSecret
                  ? t('notifyChannels.bots.secretKeep')
                  : provider === 'dingtalk'
                    ? t('notifyChannels.bots.secretHelpDingtalk')
                    : t('notifyChannels.bots.secretHelpFeishu')
              }
            >
              <Input.Password
                maxLength={200}
                autoComplete="new-password"
                disabled={removeSecret}
                data-testid="im-channel-secret"
              />
            </Form.Item>
            {editing && channel.hasSecret ? (
              <Form.Item name="removeSecret" valuePropName="checked" style={{ marginTop: -12 }}>
                <Checkbox>{t('notifyChannels.bots.secretRemove')}</Checkbox>
              </Form.Item>
            ) : null}
          </>
        ) : null}
        <Form.Item name="unitId" label={t('notifyChannels.bots.unit')} extra={t('notifyChannels.bots.unitHelp')}>
          <UnitTreeSelect placeholder={t('notifyChannels.bots.wholeOrg')} />
        </Form.Item>
        <Form.Item label={t('notifyChannels.bots.kinds')} required>
          <Form.Item name="allKinds" valuePropName="checked" noStyle>
            <Checkbox data-testid="im-channel-all-kinds">{t('notifyChannels.bots.allKinds')}</Checkbox>
          </Form.Item>
          {allKinds ? null : (
            <>
              <Form.Item name="kinds" noStyle>
                <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 4, marginTop: 8 }}>
                  {knownKinds.map((k) => (
                    <Checkbox key={k} value={k} data-testid="im-channel-kind">
                      {kindLabel(k)}{' '}
                      <Typography.Text type="secondary" className="stride-mono" style={{ fontSize: 12 }}>
                        {k}
                      </Typography.Text>
                    </Checkbox>
                  ))}
                </Checkbox.Group>
              </Form.Item>
              <Form.Item
                name="otherKinds"
                label={t('notifyChannels.bots.otherKinds')}
                extra={t('notifyChannels.bots.otherKindsHelp')}
                style={{ marginTop: 12, marginBottom: 0 }}
                rules={[
                  {
                    validator: (_, value: string[] | undefined) =>
                      (value ?? []).every((k) => KIND_PATTERN.test(k))
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('validation.invalid'))),
                  },
                ]}
              >
                <Select mode="tags" open={false} suffixIcon={null} className="stride-mono" />
              </Form.Item>
            </>
          )}
        </Form.Item>
        <Form.Item name="locale" label={t('notifyChannels.bots.locale')}>
          <Radio.Group
            options={[
              { value: 'zh-CN', label: t('locales.zh-CN') },
              { value: 'en-US', label: t('locales.en-US') },
            ]}
          />
        </Form.Item>
        <Form.Item name="isActive" label={t('notifyChannels.bots.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
