import { ArrowLeftOutlined, CloudUploadOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Radio, Row, Space, Statistic, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import type { ImportSession } from './ImportsPage';
import { PreviewRows } from './PreviewRows';
import { type CommitMode, type ImportValidation, rejectedUrl, useCommitImport } from './queries';

interface PreviewStepProps {
  session: ImportSession;
  validation: ImportValidation;
  /** Fields mapped to a column. */
  mappedFields: string[];
  onBack: () => void;
  onCommitted: () => void;
}

/** Step 3: how many rows passed, what is wrong with the others, and how to import. */
export function PreviewStep({ session, validation, mappedFields, onBack, onCommitted }: PreviewStepProps) {
  const { t } = useTranslation();
  const toastError = useApiErrorToast();
  const commit = useCommitImport(session.id);
  const { validCount, invalidCount } = validation;
  const [mode, setMode] = useState<CommitMode>(invalidCount > 0 ? 'valid_only' : 'all_or_nothing');
  const [tab, setTab] = useState<'valid' | 'invalid'>(invalidCount > 0 ? 'invalid' : 'valid');

  const submit = () => commit.mutate(mode, { onSuccess: onCommitted, onError: toastError });

  return (
    <>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} sm={8}>
          <Card size="small">
            <Statistic title={t('imports.preview.total')} value={validCount + invalidCount} />
          </Card>
        </Col>
        <Col xs={12} sm={8}>
          <Card size="small" data-testid="import-valid-count">
            <Statistic
              title={t('imports.preview.valid')}
              value={validCount}
              styles={{ content: { color: '#389e0d' } }}
            />
          </Card>
        </Col>
        <Col xs={12} sm={8}>
          <Card size="small" data-testid="import-invalid-count">
            <Statistic
              title={t('imports.preview.invalid')}
              value={invalidCount}
              styles={{ content: { color: invalidCount > 0 ? '#cf1322' : undefined } }}
            />
          </Card>
        </Col>
      </Row>

      {validCount === 0 ? (
        <Alert type="error" showIcon title={t('imports.preview.noValid')} style={{ marginBottom: 16 }} />
      ) : invalidCount === 0 ? (
        <Alert type="success" showIcon title={t('imports.preview.allValid')} style={{ marginBottom: 16 }} />
      ) : null}

      {invalidCount > 0 ? (
        <Flex align="center" gap={8} wrap style={{ marginBottom: 8 }}>
          <Button
            icon={<DownloadOutlined />}
            href={rejectedUrl(session.id)}
            download
            data-testid="import-rejected-download"
          >
            {t('imports.preview.rejected')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('imports.preview.rejectedHelp')}
          </Typography.Text>
        </Flex>
      ) : null}

      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'valid' | 'invalid')}
        destroyOnHidden
        items={(['invalid', 'valid'] as const).map((status) => ({
          key: status,
          label: (
            <span data-testid={`import-tab-${status}`}>
              {t(`imports.preview.${status}`)} ({status === 'valid' ? validCount : invalidCount})
            </span>
          ),
          children: <PreviewRows id={session.id} kind={session.kind} status={status} fields={mappedFields} />,
        }))}
      />

      <Card size="small" title={t('imports.preview.mode')} style={{ marginTop: 16 }}>
        <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as CommitMode)}>
          <Space orientation="vertical" size={12}>
            <Radio value="all_or_nothing" disabled={invalidCount > 0} data-testid="import-mode-all_or_nothing">
              <Typography.Text strong>{t('imports.preview.modeAll')}</Typography.Text>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {invalidCount > 0
                  ? t('imports.preview.modeAllDisabled', { count: invalidCount })
                  : t('imports.preview.modeAllHelp')}
              </Typography.Text>
            </Radio>
            <Radio value="valid_only" data-testid="import-mode-valid_only">
              <Typography.Text strong>{t('imports.preview.modeValid')}</Typography.Text>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('imports.preview.modeValidHelp', { count: validCount })}
              </Typography.Text>
            </Radio>
          </Space>
        </Radio.Group>
      </Card>

      <Flex justify="space-between" gap={8} wrap style={{ marginTop: 24 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack} disabled={commit.isPending}>
          {t('imports.preview.backToMapping')}
        </Button>
        <Button
          type="primary"
          icon={<CloudUploadOutlined />}
          disabled={validCount === 0 || (mode === 'all_or_nothing' && invalidCount > 0)}
          loading={commit.isPending}
          onClick={submit}
          data-testid="import-commit"
        >
          {t('imports.preview.commit')}
        </Button>
      </Flex>
    </>
  );
}
