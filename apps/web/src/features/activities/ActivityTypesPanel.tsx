import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { createActivityTypeRequest, updateActivityTypeRequest } from '@stride/contracts';
import {
  Alert,
  App,
  Button,
  Col,
  Empty,
  Flex,
  Form,
  type FormInstance,
  Input,
  Modal,
  Popconfirm,
  Row,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import type { FieldErrorEntry } from '../../lib/formErrors';
import { type ActivityTypeView, useActivityTypes, useCreateActivityType, useUpdateActivityType } from './queries';

interface TypeFormValues {
  key?: string;
  name?: { 'zh-CN'?: string; 'en-US'?: string };
}

/** Field errors by their input's path (name.zh-CN → ['name', 'zh-CN']). */
function toEntries(errors: { field: string; message: string }[]): FieldErrorEntry[] {
  const map = new Map<string, string[]>();
  for (const e of errors) {
    const path = e.field === 'name' ? 'name.zh-CN' : e.field;
    const list = map.get(path) ?? [];
    if (!list.includes(e.message)) list.push(e.message);
    map.set(path, list);
  }
  return [...map.entries()].map(([name, errs]) => ({ name, errors: errs }));
}

function applyPathErrors(form: FormInstance<TypeFormValues>, entries: FieldErrorEntry[]) {
  form.setFields(entries.map((e) => ({ name: e.name.split('.') as NamePath<TypeFormValues>, errors: e.errors })));
}

function ActivityTypeModal({
  open,
  type,
  onClose,
}: {
  open: boolean;
  type: ActivityTypeView | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TypeFormValues>();
  const create = useCreateActivityType();
  const update = useUpdateActivityType();
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setFormError(null);
    form.setFieldsValue(type ? { key: type.key, name: { ...type.names } } : { key: '', name: {} });
  }, [open, type, form]);

  const submit = async () => {
    setFormError(null);
    const v = form.getFieldsValue(true) as TypeFormValues;
    const name = { 'zh-CN': v.name?.['zh-CN'] ?? '', 'en-US': v.name?.['en-US'] ?? '' };
    const parsed = type
      ? updateActivityTypeRequest.safeParse({ name })
      : createActivityTypeRequest.safeParse({ key: v.key?.trim() ?? '', name });
    if (!parsed.success) {
      applyPathErrors(
        form,
        toEntries(
          parsed.error.issues.map((i) => ({
            field: i.path.map(String).join('.'),
            message: i.message === 'KEY_FORMAT' ? t('activityTypeAdmin.keyFormat') : t('validation.required'),
          })),
        ),
      );
      return;
    }
    try {
      if (type) await update.mutateAsync({ key: type.key, body: { name } });
      else await create.mutateAsync({ key: v.key?.trim() ?? '', name });
      void message.success(type ? t('activityTypeAdmin.renamed') : t('activityTypeAdmin.created'));
      onClose();
    } catch (err) {
      if (isApiError(err)) {
        applyPathErrors(form, toEntries(err.fieldErrors));
        // A message already shown on its field is not repeated above the form.
        if (err.fieldErrors.length === 0) setFormError(err.problem.detail);
      } else setFormError(t('errors.generic'));
    }
  };

  return (
    <Modal
      open={open}
      title={type ? t('activityTypeAdmin.renameTitle', { key: type.key }) : t('activityTypeAdmin.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending || update.isPending}
      okButtonProps={{ 'data-testid': 'activity-type-save' }}
      forceRender
    >
      <div data-testid="activity-type-modal">
        {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
        <Form<TypeFormValues> form={form} layout="vertical" onFinish={() => void submit()}>
          <Form.Item
            name="key"
            label={t('activityTypeAdmin.key')}
            extra={type ? undefined : t('activityTypeAdmin.keyHint')}
            required={!type}
          >
            <Input maxLength={40} className="stride-mono" disabled={Boolean(type)} data-testid="activity-type-key" />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name={['name', 'zh-CN']} label={t('activityTypeAdmin.nameZh')} required>
                <Input maxLength={60} data-testid="activity-type-name-zh" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name={['name', 'en-US']} label={t('activityTypeAdmin.nameEn')} required>
                <Input maxLength={60} data-testid="activity-type-name-en" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </div>
    </Modal>
  );
}

/** Built-in and custom activity types; admins add, rename, deactivate and reactivate the custom ones. */
export function ActivityTypesPanel({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const toastError = useApiErrorToast();
  const { data, isPending, error, refetch } = useActivityTypes();
  const update = useUpdateActivityType();
  const [editing, setEditing] = useState<{ type: ActivityTypeView | null } | null>(null);

  const setActive = (row: ActivityTypeView, active: boolean) =>
    update.mutate(
      { key: row.key, body: { active } },
      {
        onSuccess: () =>
          void message.success(active ? t('activityTypeAdmin.activated') : t('activityTypeAdmin.deactivated')),
        onError: toastError,
      },
    );

  const columns: TableColumnsType<ActivityTypeView> = [
    {
      title: t('activityTypeAdmin.name'),
      key: 'name',
      render: (_, row) => (
        <div>
          <Typography.Text strong={row.active} type={row.active ? undefined : 'secondary'}>
            {row.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
            {row.names['zh-CN'] === row.name ? row.names['en-US'] : row.names['zh-CN']}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('activityTypeAdmin.key'),
      dataIndex: 'key',
      width: 200,
      render: (v: string) => <span className="stride-mono">{v}</span>,
    },
    {
      title: t('activityTypeAdmin.origin'),
      key: 'builtin',
      width: 110,
      filters: [
        { text: t('activityTypeAdmin.builtin'), value: true },
        { text: t('activityTypeAdmin.custom'), value: false },
      ],
      onFilter: (value, row) => row.builtin === value,
      render: (_, row) =>
        row.builtin ? (
          <Tag>{t('activityTypeAdmin.builtin')}</Tag>
        ) : (
          <Tag color="purple">{t('activityTypeAdmin.custom')}</Tag>
        ),
    },
    {
      title: t('activityTypeAdmin.status'),
      key: 'active',
      width: 100,
      render: (_, row) =>
        row.active ? (
          <Tag color="green">{t('activityTypeAdmin.active')}</Tag>
        ) : (
          <Tag>{t('activityTypeAdmin.inactive')}</Tag>
        ),
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 190,
      render: (_, row) =>
        row.builtin ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('activityTypeAdmin.builtinFixed')}
          </Typography.Text>
        ) : (
          <Flex gap={4} wrap>
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              onClick={() => setEditing({ type: row })}
              data-testid="activity-type-rename"
            >
              {t('activityTypeAdmin.rename')}
            </Button>
            {row.active ? (
              <Popconfirm
                title={t('activityTypeAdmin.deactivateConfirm', { name: row.name })}
                description={t('activityTypeAdmin.deactivateHint')}
                okText={t('activityTypeAdmin.deactivate')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() => setActive(row, false)}
              >
                <Button type="link" size="small" danger data-testid="activity-type-deactivate">
                  {t('activityTypeAdmin.deactivate')}
                </Button>
              </Popconfirm>
            ) : (
              <Button
                type="link"
                size="small"
                onClick={() => setActive(row, true)}
                data-testid="activity-type-activate"
              >
                {t('activityTypeAdmin.activate')}
              </Button>
            )}
          </Flex>
        ),
    });
  }

  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;

  return (
    <>
      <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">
          {canManage ? t('activityTypeAdmin.intro') : t('activityTypeAdmin.readOnly')}
        </Typography.Text>
        {canManage ? (
          <Button icon={<PlusOutlined />} onClick={() => setEditing({ type: null })} data-testid="activity-type-new">
            {t('activityTypeAdmin.new')}
          </Button>
        ) : null}
      </Flex>
      <Table<ActivityTypeView>
        rowKey="key"
        size="middle"
        columns={columns}
        dataSource={data ?? []}
        loading={isPending || update.isPending}
        pagination={false}
        scroll={{ x: 640 }}
        onRow={(row) => ({ 'data-testid': `activity-type-row-${row.key}` }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        data-testid="activity-types-table"
      />
      {canManage ? (
        <ActivityTypeModal open={editing !== null} type={editing?.type ?? null} onClose={() => setEditing(null)} />
      ) : null}
    </>
  );
}
