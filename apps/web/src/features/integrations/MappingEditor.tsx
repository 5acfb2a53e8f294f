import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Integration, IntegrationMapping } from '@stride/contracts';
import { App, Button, Col, Divider, Flex, Form, Input, Modal, Row, Select, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { useActivityTypeOptions } from '../activities/queries';
import { useUpdateIntegration } from './queries';

export const canonicalFields = [
  'externalId',
  'type',
  'employeeNo',
  'email',
  'externalUserId',
  'occurredAt',
  'amount',
  'currency',
  'quantity',
  'customer.externalId',
  'customer.name',
  'customer.tier',
] as const;

interface MappingForm {
  itemsPath?: string;
  fields: Record<string, string | undefined>;
  types: { from?: string; to?: string }[];
}

function toForm(mapping: IntegrationMapping): MappingForm {
  return {
    itemsPath: mapping.itemsPath ?? '',
    fields: Object.fromEntries(canonicalFields.map((f) => [f, mapping.fields?.[f] ?? ''])),
    types: Object.entries(mapping.types ?? {}).map(([from, to]) => ({ from, to })),
  };
}

function fromForm(v: MappingForm): IntegrationMapping {
  const fields: Record<string, string> = {};
  for (const f of canonicalFields) {
    const path = v.fields?.[f]?.trim();
    if (path) fields[f] = path;
  }
  // The server reads only mapped fields once any is mapped: blanks then mean "same name as canonical".
  if (Object.keys(fields).length > 0) {
    for (const f of canonicalFields) fields[f] ??= f;
  }
  const types: Record<string, string> = {};
  for (const row of v.types ?? []) {
    const from = row.from?.trim();
    if (from && row.to) types[from] = row.to;
  }
  const mapping: IntegrationMapping = { fields, types };
  const itemsPath = v.itemsPath?.trim();
  if (itemsPath) mapping.itemsPath = itemsPath;
  return mapping;
}

interface MappingEditorProps {
  integration: Integration | null;
  onClose: () => void;
}

/** Where each canonical field is found in a webhook payload, and how source type names translate. */
export function MappingEditor({ integration, onClose }: MappingEditorProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<MappingForm>();
  const update = useUpdateIntegration();
  const toastError = useApiErrorToast();

  const save = (v: MappingForm) => {
    if (!integration) return;
    update.mutate(
      { id: integration.id, body: { mapping: fromForm(v) } },
      {
        onSuccess: () => {
          void message.success(t('integrations.mappingSaved'));
          onClose();
        },
        onError: (err) => {
          if (isApiError(err) && err.fieldErrors.length > 0) {
            void message.error(err.fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '));
          } else toastError(err);
        },
      },
    );
  };

  const activityTypes = useActivityTypeOptions();
  const typeOptions = activityTypes.options.map((o) => ({ value: o.value, label: `${o.label} (${o.value})` }));

  return (
    <Modal
      open={Boolean(integration)}
      title={t('integrations.mappingTitle', { name: integration?.name ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={update.isPending}
      width={820}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('integrations.mappingIntro')}</Typography.Paragraph>
      <Form<MappingForm>
        key={integration?.id}
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={integration ? toForm(integration.mapping) : undefined}
      >
        <Form.Item name="itemsPath" label={t('integrations.itemsPath')} extra={t('integrations.itemsPathHelp')}>
          <Input className="stride-mono" placeholder="data.items" maxLength={200} data-testid="mapping-items-path" />
        </Form.Item>
        <Divider titlePlacement="start" plain>
          {t('integrations.fields')}
        </Divider>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('integrations.fieldsHint')}
        </Typography.Paragraph>
        <Table
          size="small"
          rowKey="field"
          pagination={false}
          dataSource={canonicalFields.map((field) => ({ field }))}
          columns={[
            {
              title: t('integrations.canonicalField'),
              dataIndex: 'field',
              width: 220,
              render: (f: string) => <Typography.Text className="stride-mono">{f}</Typography.Text>,
            },
            {
              title: t('integrations.sourcePath'),
              key: 'path',
              render: (_, row) => (
                <Form.Item name={['fields', row.field]} noStyle>
                  <Input
                    size="small"
                    className="stride-mono"
                    placeholder={t('integrations.sourcePathPlaceholder', { field: row.field })}
                    maxLength={200}
                  />
                </Form.Item>
              ),
            },
          ]}
        />
        <Divider titlePlacement="start" plain>
          {t('integrations.types')}
        </Divider>
        <Form.List name="types">
          {(fields, { add, remove }) => (
            <>
              {fields.length === 0 ? (
                <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                  {t('integrations.noTypeMappings')}
                </Typography.Paragraph>
              ) : (
                <Row gutter={8} style={{ marginBottom: 4 }}>
                  <Col span={11}>
                    <Typography.Text type="secondary">{t('integrations.sourceType')}</Typography.Text>
                  </Col>
                  <Col span={11}>
                    <Typography.Text type="secondary">{t('integrations.canonicalType')}</Typography.Text>
                  </Col>
                </Row>
              )}
              {fields.map(({ key, name }) => (
                <Row gutter={8} key={key} align="middle" style={{ marginBottom: 8 }}>
                  <Col span={11}>
                    <Form.Item
                      name={[name, 'from']}
                      noStyle
                      rules={[{ required: true, message: t('validation.required') }]}
                    >
                      <Input placeholder="Closed Won" maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col span={11}>
                    <Form.Item
                      name={[name, 'to']}
                      noStyle
                      rules={[{ required: true, message: t('validation.required') }]}
                    >
                      <Select
                        options={typeOptions}
                        style={{ width: '100%' }}
                        placeholder={t('integrations.canonicalType')}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={2}>
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => remove(name)}
                      aria-label={t('integrations.removeRow')}
                    />
                  </Col>
                </Row>
              ))}
              <Flex>
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ from: '', to: undefined })}>
                  {t('integrations.addType')}
                </Button>
              </Flex>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
