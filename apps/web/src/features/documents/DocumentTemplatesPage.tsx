import { DownloadOutlined, EyeOutlined, RollbackOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Popconfirm, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { formatDateTime } from '../../lib/format';
import {
  type DocumentKind,
  type DocumentTemplate,
  MAX_TEMPLATE_BYTES,
  templateFileUrl,
  templatePreviewUrl,
  useDocumentTemplates,
  useRestoreTemplate,
  useUploadTemplate,
} from './queries';

type Placeholder = DocumentTemplate['placeholders'][number];

/** How a placeholder is written in Word: {person.name}; a section {#goals}…{/goals}; a loop's own field {name}. */
function tagText(p: Placeholder, all: Placeholder[]): { tag: string; loop: string | null } {
  if (p.loop) return { tag: `{#${p.key}}…{/${p.key}}`, loop: null };
  const dot = p.key.indexOf('.');
  const parent = dot > 0 ? all.find((q) => q.loop && q.key === p.key.slice(0, dot)) : undefined;
  if (parent) return { tag: `{${p.key.slice(dot + 1)}}`, loop: parent.key };
  return { tag: `{${p.key}}`, loop: null };
}

function PlaceholderReference({ template }: { template: DocumentTemplate }) {
  const { t } = useTranslation();
  return (
    <Table<Placeholder>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={template.placeholders}
      data-testid={`placeholders-${template.kind}`}
      columns={[
        {
          title: t('documents.placeholder'),
          key: 'tag',
          width: 320,
          render: (_, p) => {
            const { tag, loop } = tagText(p, template.placeholders);
            return (
              <Flex vertical gap={2}>
                <Typography.Text
                  className="stride-mono"
                  copyable={{ text: tag, tooltips: [t('documents.copy'), t('documents.copied')] }}
                >
                  {tag}
                </Typography.Text>
                {loop ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('documents.insideLoop', { loop: `{#${loop}}…{/${loop}}` })}
                  </Typography.Text>
                ) : null}
              </Flex>
            );
          },
        },
        { title: t('documents.description'), dataIndex: 'description', key: 'description' },
      ]}
    />
  );
}

interface UploadProblem {
  kind: DocumentKind;
  detail: string;
  items: string[];
}

/**
 * Document templates (文书模板): the Word templates each kind of HR document is printed from. Admin and HR
 * download one, edit it in Word or WPS keeping the placeholders, and upload it; the server checks it first.
 */
export function DocumentTemplatesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const toast = useApiErrorToast();
  const templates = useDocumentTemplates();
  const upload = useUploadTemplate();
  const restore = useRestoreTemplate();
  const [problem, setProblem] = useState<UploadProblem | null>(null);
  const [busy, setBusy] = useState<DocumentKind | null>(null);

  const send = (tpl: DocumentTemplate, file: File) => {
    setProblem(null);
    if (!/\.docx$/i.test(file.name)) {
      setProblem({ kind: tpl.kind, detail: t('documents.notDocx'), items: [] });
      return;
    }
    if (file.size > MAX_TEMPLATE_BYTES) {
      setProblem({ kind: tpl.kind, detail: t('documents.tooLarge'), items: [] });
      return;
    }
    setBusy(tpl.kind);
    upload.mutate(
      { kind: tpl.kind, file, version: tpl.version },
      {
        onSuccess: (saved) => void message.success(t('documents.uploaded', { version: saved.version })),
        onError: (error) =>
          setProblem({
            kind: tpl.kind,
            detail: isApiError(error) ? error.problem.detail : t('errors.generic'),
            items: isApiError(error) ? error.fieldErrors.map((e) => e.message || e.field) : [],
          }),
        onSettled: () => setBusy(null),
      },
    );
  };

  return (
    <div data-testid="document-templates-page">
      <PageHeader title={t('documents.title')} subtitle={t('documents.subtitle')} />
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('documents.hint')} />
      {problem ? (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setProblem(null) }}
          style={{ marginBottom: 16 }}
          data-testid="template-upload-error"
          title={`${t(`documents.kinds.${problem.kind}`)}：${problem.detail}`}
          description={
            problem.items.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {problem.items.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      ) : null}
      {templates.isError ? (
        <QueryError error={templates.error} onRetry={() => void templates.refetch()} />
      ) : (
        <Table<DocumentTemplate>
          rowKey="kind"
          loading={templates.isPending}
          dataSource={templates.data ?? []}
          pagination={false}
          data-testid="document-templates"
          expandable={{
            expandedRowRender: (tpl) => <PlaceholderReference template={tpl} />,
            expandIcon: ({ expanded, onExpand, record }) => (
              <Button
                type="link"
                size="small"
                onClick={(e) => onExpand(record, e)}
                data-testid={`placeholders-toggle-${record.kind}`}
              >
                {expanded ? t('documents.hidePlaceholders') : t('documents.placeholders')}
              </Button>
            ),
          }}
          columns={[
            {
              title: t('documents.kind'),
              key: 'kind',
              render: (_, tpl) => (
                <Flex vertical gap={4}>
                  <Flex gap={8} align="center" wrap>
                    <Typography.Text strong>{t(`documents.kinds.${tpl.kind}`)}</Typography.Text>
                    {tpl.custom ? (
                      <Tag color="blue" data-testid={`template-custom-${tpl.kind}`}>
                        {t('documents.custom')}
                      </Tag>
                    ) : (
                      <Tag data-testid={`template-builtin-${tpl.kind}`}>{t('documents.builtIn')}</Tag>
                    )}
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`template-file-${tpl.kind}`}>
                    {t('documents.fileLabel', { name: tpl.fileName })}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              title: t('documents.version'),
              key: 'version',
              width: 80,
              render: (_, tpl) => (tpl.custom ? tpl.version : '—'),
            },
            {
              title: t('documents.updated'),
              key: 'updated',
              width: 200,
              render: (_, tpl) =>
                tpl.custom ? (
                  <Flex vertical>
                    <span>{tpl.updatedBy ?? '—'}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(tpl.updatedAt)}
                    </Typography.Text>
                  </Flex>
                ) : (
                  '—'
                ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 230,
              render: (_, tpl) => (
                <Flex gap={4} wrap>
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    href={templateFileUrl(tpl.kind)}
                    download
                    data-testid={`template-download-${tpl.kind}`}
                  >
                    {t('documents.download')}
                  </Button>
                  <span data-testid={`template-upload-input-${tpl.kind}`}>
                    <Upload
                      accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                      showUploadList={false}
                      maxCount={1}
                      beforeUpload={(file) => {
                        send(tpl, file);
                        return Upload.LIST_IGNORE;
                      }}
                    >
                      <Button
                        size="small"
                        icon={<UploadOutlined />}
                        loading={busy === tpl.kind}
                        data-testid={`template-upload-${tpl.kind}`}
                      >
                        {t('documents.upload')}
                      </Button>
                    </Upload>
                  </span>
                  <Button
                    size="small"
                    icon={<EyeOutlined />}
                    href={templatePreviewUrl(tpl.kind)}
                    download
                    data-testid={`template-preview-${tpl.kind}`}
                  >
                    {t('documents.preview')}
                  </Button>
                  <Popconfirm
                    title={t('documents.restoreConfirm')}
                    okText={t('documents.restore')}
                    cancelText={t('common.cancel')}
                    disabled={!tpl.custom}
                    onConfirm={() =>
                      restore
                        .mutateAsync({ kind: tpl.kind, version: tpl.version })
                        .then(() => void message.success(t('documents.restored')))
                        .catch(toast)
                    }
                  >
                    <Button
                      size="small"
                      danger
                      icon={<RollbackOutlined />}
                      disabled={!tpl.custom}
                      data-testid={`template-restore-${tpl.kind}`}
                    >
                      {t('documents.restore')}
                    </Button>
                  </Popconfirm>
                </Flex>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
