import {
  ApiOutlined,
  KeyOutlined,
  NodeIndexOutlined,
  PlusOutlined,
  ReloadOutlined,
  StopOutlined,
  SyncOutlined,
} from '@ant-design/icons';
import { type Integration, integrationScopes } from '@stride/contracts';
import {
  App,
  Button,
  Card,
  Checkbox,
  Collapse,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Skeleton,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { formatDateTime } from '../../lib/format';
import { applyFieldErrors, serverFieldErrors } from '../../lib/formErrors';
import { MappingEditor } from './MappingEditor';
import { CodeBlock, OnceSecretModal } from './OnceSecretModal';
import {
  type IntegrationKey,
  useCreateIntegration,
  useCreateKey,
  useIntegrations,
  useRevokeKey,
  useRotateSecret,
  useUpdateIntegration,
} from './queries';

const SOURCE_PATTERN = /^[a-z][a-z0-9_-]{1,39}$/;

function origin(): string {
  return window.location.origin;
}

export function curlExample(key: string): string {
  return [
    `curl -X POST ${origin()}/api/v1/activities \\`,
    `  -H "Authorization: Bearer ${key}" \\`,
    '  -H "Content-Type: application/x-ndjson" \\',
    '  -H "Prefer: respond-async" \\',
    '  --data-binary @activities.ndjson',
  ].join('\n');
}

const ndjsonSample = [
  '{"externalId":"SO-1001","type":"order","employeeNo":"E0001","occurredAt":"2025-06-02T10:30:00+08:00","amount":"12800.00","customer":{"externalId":"C-42","name":"ACME"}}',
  '{"externalId":"CALL-77","type":"call","email":"li.lei@example.com","occurredAt":"2025-06-02T11:00:00+08:00"}',
].join('\n');

function signingExample(url: string): string {
  return [
    '# payload.json = the exact bytes you send',
    'TS=$(date +%s)',
    'SIG=$( (printf \'%s.\' "$TS"; cat payload.json) | openssl dgst -sha256 -hmac "$WEBHOOK_SECRET" | sed \'s/^.* //\')',
    `curl -X POST ${url} \\`,
    '  -H "Content-Type: application/json" \\',
    '  -H "X-Stride-Timestamp: $TS" \\',
    '  -H "X-Stride-Signature: sha256=$SIG" \\',
    '  --data-binary @payload.json',
  ].join('\n');
}

function nodeSigningExample(url: string): string {
  return [
    "import { createHmac } from 'node:crypto';",
    '',
    'const body = JSON.stringify(payload);',
    'const ts = String(Math.floor(Date.now() / 1000));',
    "const sig = 'sha256=' + createHmac('sha256', process.env.WEBHOOK_SECRET).update(ts + '.' + body).digest('hex');",
    `await fetch('${url}', {`,
    "  method: 'POST',",
    "  headers: { 'Content-Type': 'application/json', 'X-Stride-Timestamp': ts, 'X-Stride-Signature': sig },",
    '  body,',
    '});',
  ].join('\n');
}

interface CreateForm {
  name: string;
  source: string;
}

interface KeyForm {
  name: string;
  scopes: string[];
}

function KeysTable({ integration }: { integration: Integration }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const revoke = useRevokeKey();
  const toastError = useApiErrorToast();
  const columns: TableColumnsType<IntegrationKey> = [
    {
      title: t('integrations.keyName'),
      dataIndex: 'name',
      width: 180,
      ellipsis: true,
      render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
    },
    {
      title: t('integrations.prefix'),
      dataIndex: 'prefix',
      width: 180,
      render: (v: string) => <Typography.Text className="stride-mono">{`sk_${v}_…`}</Typography.Text>,
    },
    {
      title: t('integrations.scopes'),
      dataIndex: 'scopes',
      width: 150,
      render: (v: string[]) =>
        v.map((s) => (
          <Tag key={s} className="stride-mono">
            {s}
          </Tag>
        )),
    },
    { title: t('fields.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t('integrations.lastUsed'),
      dataIndex: 'lastUsedAt',
      width: 170,
      render: (v: string | null) =>
        v ? formatDateTime(v) : <Typography.Text type="secondary">{t('integrations.neverUsed')}</Typography.Text>,
    },
    {
      title: t('integrations.keyStatus'),
      key: 'status',
      width: 170,
      render: (_, k) =>
        k.revokedAt ? (
          <Tooltip title={formatDateTime(k.revokedAt)}>
            <Tag color="red" data-testid="key-status">
              {t('integrations.revoked')}
            </Tag>
          </Tooltip>
        ) : (
          <Tag color="green" data-testid="key-status">
            {t('integrations.keyActive')}
          </Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_, k) =>
        k.revokedAt ? null : (
          <Popconfirm
            title={t('integrations.revokeConfirm', { name: k.name })}
            description={t('integrations.revokeConfirmSub')}
            okButtonProps={{ danger: true }}
            okText={t('integrations.revoke')}
            onConfirm={() =>
              revoke.mutateAsync({ id: integration.id, keyId: k.id }).then(
                () => void message.success(t('integrations.revokedOk')),
                (err: unknown) => toastError(err),
              )
            }
          >
            <Button size="small" danger icon={<StopOutlined />} data-testid="key-revoke">
              {t('integrations.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];
  return (
    <Table<IntegrationKey>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={integration.keys}
      pagination={false}
      scroll={{ x: 960 }}
      rowClassName={(k) => (k.revokedAt ? 'stride-voided' : '')}
      data-testid="keys-table"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('integrations.noKeys')} /> }}
    />
  );
}

interface CardActions {
  onNewKey: (i: Integration) => void;
  onEditMapping: (i: Integration) => void;
  onRotated: (i: Integration, secret: string) => void;
}

function IntegrationCard({
  integration,
  onNewKey,
  onEditMapping,
  onRotated,
}: { integration: Integration } & CardActions) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateIntegration();
  const rotate = useRotateSecret();
  const toastError = useApiErrorToast();
  const webhookUrl = `${origin()}${integration.webhookUrl}`;
  const fieldCount = Object.keys(integration.mapping.fields ?? {}).length;
  const typeCount = Object.keys(integration.mapping.types ?? {}).length;
  const activeKeys = integration.keys.filter((k) => !k.revokedAt).length;

  return (
    <Card
      style={{ marginBottom: 16 }}
      data-testid="integration-card"
      title={
        <Space size={10} wrap>
          <ApiOutlined />
          <span data-testid="integration-name">{integration.name}</span>
          <Tag className="stride-mono">{integration.source}</Tag>
          {integration.isActive ? (
            <Tag color="green">{t('integrations.active')}</Tag>
          ) : (
            <Tag>{t('integrations.inactive')}</Tag>
          )}
        </Space>
      }
      extra={
        <Space wrap>
          <Tooltip title={integration.isActive ? t('integrations.disableHint') : t('integrations.enableHint')}>
            <Switch
              checked={integration.isActive}
              loading={update.isPending}
              onChange={(isActive) =>
                update.mutate(
                  { id: integration.id, body: { isActive } },
                  {
                    onSuccess: () =>
                      void message.success(isActive ? t('integrations.enabled') : t('integrations.disabled')),
                    onError: toastError,
                  },
                )
              }
              aria-label={t('integrations.active')}
              data-testid="integration-active"
            />
          </Tooltip>
          <Button icon={<NodeIndexOutlined />} onClick={() => onEditMapping(integration)} data-testid="mapping-edit">
            {t('integrations.editMapping')}
          </Button>
          <Popconfirm
            title={t('integrations.rotateConfirm')}
            description={t('integrations.rotateConfirmSub')}
            okText={t('integrations.rotate')}
            onConfirm={() =>
              rotate.mutateAsync(integration.id).then(
                (res) => onRotated(integration, res.webhookSecret),
                (err: unknown) => toastError(err),
              )
            }
          >
            <Button icon={<SyncOutlined />} loading={rotate.isPending} data-testid="secret-rotate">
              {t('integrations.rotate')}
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 8 }}>
        <Descriptions.Item label={t('integrations.webhookUrl')} span={2}>
          <Typography.Text className="stride-mono" copyable style={{ wordBreak: 'break-all' }}>
            {webhookUrl}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('fields.createdAt')}>{formatDateTime(integration.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('integrations.mapping')}>
          {t('integrations.mappingSummary', { fields: fieldCount, types: typeCount })}
          {integration.mapping.itemsPath ? (
            <Typography.Text type="secondary" className="stride-mono" style={{ marginInlineStart: 8 }}>
              {integration.mapping.itemsPath}
            </Typography.Text>
          ) : null}
        </Descriptions.Item>
      </Descriptions>

      <Flex justify="space-between" align="center" style={{ margin: '12px 0 8px' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          <KeyOutlined /> {t('integrations.keys')}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 400 }}>
            {t('integrations.activeKeys', { count: activeKeys })}
          </Typography.Text>
        </Typography.Title>
        <Button
          type="primary"
          ghost
          icon={<PlusOutlined />}
          onClick={() => onNewKey(integration)}
          data-testid="key-new"
        >
          {t('integrations.newKey')}
        </Button>
      </Flex>
      <KeysTable integration={integration} />

      <Collapse
        ghost
        style={{ marginTop: 12 }}
        items={[
          {
            key: 'api',
            label: t('integrations.howApi'),
            children: (
              <>
                <Typography.Paragraph>{t('integrations.howApiText')}</Typography.Paragraph>
                <CodeBlock code={curlExample('sk_…')} />
                <Typography.Paragraph type="secondary" style={{ margin: '8px 0 4px' }}>
                  activities.ndjson
                </Typography.Paragraph>
                <CodeBlock code={ndjsonSample} />
              </>
            ),
          },
          {
            key: 'webhook',
            label: t('integrations.howWebhook'),
            children: (
              <>
                <Typography.Paragraph>{t('integrations.howWebhookText')}</Typography.Paragraph>
                <ul style={{ paddingInlineStart: 20, marginTop: 0 }}>
                  <li>
                    <Typography.Text code>X-Stride-Timestamp</Typography.Text>: {t('integrations.signTimestamp')}
                  </li>
                  <li>
                    <Typography.Text code>X-Stride-Signature</Typography.Text>:{' '}
                    <Typography.Text code>sha256=HMAC_SHA256(secret, timestamp + "." + rawBody)</Typography.Text>
                  </li>
                  <li>{t('integrations.signWindow')}</li>
                </ul>
                <CodeBlock code={signingExample(webhookUrl)} />
                <div style={{ height: 8 }} />
                <CodeBlock code={nodeSigningExample(webhookUrl)} />
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}

export function IntegrationsPage() {
  const { t } = useTranslation();
  const { data, isPending, error, refetch, isFetching } = useIntegrations();
  const create = useCreateIntegration();
  const createKey = useCreateKey();
  const toastError = useApiErrorToast();
  const [createForm] = Form.useForm<CreateForm>();
  const [keyForm] = Form.useForm<KeyForm>();
  const [creating, setCreating] = useState(false);
  const [keyFor, setKeyFor] = useState<Integration | null>(null);
  const [mappingFor, setMappingFor] = useState<Integration | null>(null);
  const [secret, setSecret] = useState<{ name: string; secret: string; created: boolean } | null>(null);
  const [issuedKey, setIssuedKey] = useState<{ name: string; key: string } | null>(null);

  const submitCreate = (v: CreateForm) =>
    create.mutate(
      { name: v.name.trim(), source: v.source.trim() },
      {
        onSuccess: (res) => {
          setCreating(false);
          createForm.resetFields();
          setSecret({ name: res.name, secret: res.webhookSecret, created: true });
        },
        onError: (err) => {
          if (isApiError(err) && err.code === 'SOURCE_TAKEN') {
            createForm.setFields([{ name: 'source', errors: [err.problem.detail ?? t('validation.invalid')] }]);
          } else if (isApiError(err) && err.fieldErrors.length > 0) {
            applyFieldErrors(createForm, serverFieldErrors(err));
          } else toastError(err);
        },
      },
    );

  const submitKey = (v: KeyForm) => {
    if (!keyFor) return;
    createKey.mutate(
      { id: keyFor.id, name: v.name.trim(), scopes: v.scopes },
      {
        onSuccess: (res) => {
          setKeyFor(null);
          keyForm.resetFields();
          setIssuedKey({ name: res.name, key: res.key });
        },
        onError: (err) => {
          if (isApiError(err) && err.fieldErrors.length > 0) applyFieldErrors(keyForm, serverFieldErrors(err));
          else toastError(err);
        },
      },
    );
  };

  return (
    <>
      <PageHeader
        title={t('integrations.title')}
        subtitle={t('integrations.subtitle')}
        extra={
          <>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void refetch()}
              loading={isFetching}
              aria-label={t('common.refresh')}
            />
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="integration-new"
            >
              {t('integrations.new')}
            </Button>
          </>
        }
      />

      {isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : error && !data ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : data.length === 0 ? (
        <Card>
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              <>
                <Typography.Text strong>{t('integrations.empty')}</Typography.Text>
                <br />
                <Typography.Text type="secondary">{t('integrations.emptySub')}</Typography.Text>
              </>
            }
          >
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('integrations.new')}
            </Button>
          </Empty>
        </Card>
      ) : (
        data.map((i) => (
          <IntegrationCard
            key={i.id}
            integration={i}
            onNewKey={(x) => setKeyFor(x)}
            onEditMapping={(x) => setMappingFor(x)}
            onRotated={(x, s) => setSecret({ name: x.name, secret: s, created: false })}
          />
        ))
      )}

      <Modal
        open={creating}
        title={t('integrations.createTitle')}
        onCancel={() => setCreating(false)}
        onOk={() => createForm.submit()}
        okText={t('common.create')}
        confirmLoading={create.isPending}
        okButtonProps={{ 'data-testid': 'integration-create-ok' }}
        destroyOnHidden
      >
        <Form<CreateForm> form={createForm} layout="vertical" onFinish={submitCreate} preserve={false}>
          <Form.Item
            name="name"
            label={t('integrations.name')}
            rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 80 }]}
          >
            <Input
              maxLength={80}
              placeholder={t('integrations.namePlaceholder')}
              data-testid="integration-name-input"
            />
          </Form.Item>
          <Form.Item
            name="source"
            label={t('integrations.source')}
            extra={t('integrations.sourceHelp')}
            rules={[
              { required: true, message: t('validation.required') },
              { pattern: SOURCE_PATTERN, message: t('integrations.sourceInvalid') },
            ]}
          >
            <Input
              maxLength={40}
              className="stride-mono"
              placeholder="salesforce"
              data-testid="integration-source-input"
            />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={Boolean(keyFor)}
        title={t('integrations.newKeyTitle', { name: keyFor?.name ?? '' })}
        onCancel={() => setKeyFor(null)}
        onOk={() => keyForm.submit()}
        okText={t('integrations.issueKey')}
        confirmLoading={createKey.isPending}
        okButtonProps={{ 'data-testid': 'key-create-ok' }}
        destroyOnHidden
      >
        <Form<KeyForm>
          form={keyForm}
          layout="vertical"
          onFinish={submitKey}
          preserve={false}
          initialValues={{ scopes: ['activities:write'] }}
        >
          <Form.Item
            name="name"
            label={t('integrations.keyName')}
            rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 80 }]}
          >
            <Input maxLength={80} placeholder={t('integrations.keyNamePlaceholder')} data-testid="key-name-input" />
          </Form.Item>
          <Form.Item
            name="scopes"
            label={t('integrations.scopes')}
            rules={[{ required: true, type: 'array', min: 1, message: t('validation.required') }]}
          >
            <Checkbox.Group
              options={integrationScopes.map((s) => ({
                value: s,
                label: (
                  <span>
                    <Typography.Text code>{s}</Typography.Text> {t(`integrations.scopeNames.${s}`)}
                  </span>
                ),
              }))}
            />
          </Form.Item>
        </Form>
      </Modal>

      <MappingEditor integration={mappingFor} onClose={() => setMappingFor(null)} />

      <OnceSecretModal
        open={Boolean(secret)}
        title={secret?.created ? t('integrations.createdTitle', { name: secret.name }) : t('integrations.rotatedTitle')}
        secret={secret?.secret ?? ''}
        warning={t('integrations.secretWarning')}
        onClose={() => setSecret(null)}
        data-testid="secret-modal"
      >
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('integrations.secretUse')}
        </Typography.Paragraph>
      </OnceSecretModal>

      <OnceSecretModal
        open={Boolean(issuedKey)}
        title={t('integrations.keyIssuedTitle', { name: issuedKey?.name ?? '' })}
        secret={issuedKey?.key ?? ''}
        warning={t('integrations.keyWarning')}
        onClose={() => setIssuedKey(null)}
        data-testid="key-modal"
      >
        <Typography.Paragraph strong style={{ marginBottom: 8 }}>
          {t('integrations.tryIt')}
        </Typography.Paragraph>
        <CodeBlock code={curlExample(issuedKey?.key ?? '')} />
      </OnceSecretModal>
    </>
  );
}
