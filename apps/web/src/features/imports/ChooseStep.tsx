import {
  AimOutlined,
  DownloadOutlined,
  FileExcelOutlined,
  InboxOutlined,
  LineChartOutlined,
  TeamOutlined,
  ThunderboltOutlined,
} from '@ant-design/icons';
import type { ImportKind } from '@stride/contracts';
import { App, Button, Card, Col, Flex, Progress, Row, Typography, theme, Upload } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { downloadBlob, importKinds, templateCsv } from './kinds';
import { type ImportUploaded, useUploadImport } from './queries';

const MAX_BYTES = 50 * 1024 * 1024;
const icons: Record<ImportKind, ReactNode> = {
  activities: <ThunderboltOutlined />,
  people: <TeamOutlined />,
  metric_values: <LineChartOutlined />,
  targets: <AimOutlined />,
};

interface ChooseStepProps {
  kind: ImportKind;
  onKindChange: (kind: ImportKind) => void;
  onUploaded: (session: ImportUploaded) => void;
}

/** Step 1: what to import (with a template for each kind) and the file itself. */
export function ChooseStep({ kind, onKindChange, onUploaded }: ChooseStepProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { message } = App.useApp();
  const toastError = useApiErrorToast();
  const upload = useUploadImport();
  const [progress, setProgress] = useState<{ name: string; percent: number } | null>(null);

  const send = (file: File) => {
    if (!/\.(xlsx|csv)$/i.test(file.name)) {
      void message.error(t('imports.wrongType'));
      return;
    }
    if (file.size > MAX_BYTES) {
      void message.error(t('imports.tooLarge'));
      return;
    }
    setProgress({ name: file.name, percent: 0 });
    upload.mutate(
      {
        kind,
        file,
        onProgress: (f) => setProgress({ name: file.name, percent: Math.round(f * 100) }),
      },
      {
        onSuccess: onUploaded,
        onError: (err) => {
          setProgress(null);
          toastError(err);
        },
      },
    );
  };

  const downloadTemplate = (k: ImportKind) =>
    downloadBlob(templateCsv(k), t('imports.templateFilename', { kind: t(`imports.kinds.${k}`) }));

  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('imports.chooseKind')}
      </Typography.Title>
      <Row gutter={[16, 16]} style={{ marginBottom: 8 }}>
        {importKinds.map((k) => {
          const selected = k === kind;
          return (
            <Col xs={24} md={12} xl={6} key={k}>
              <Card
                hoverable
                size="small"
                styles={{ body: { height: '100%' } }}
                onClick={() => onKindChange(k)}
                data-testid={`import-kind-${k}`}
                aria-pressed={selected}
                style={{
                  height: '100%',
                  borderColor: selected ? token.colorPrimary : undefined,
                  boxShadow: selected ? `0 0 0 1px ${token.colorPrimary}` : undefined,
                  background: selected ? token.colorPrimaryBg : undefined,
                }}
              >
                <Flex vertical gap={6} style={{ height: '100%' }}>
                  <Typography.Text strong style={{ fontSize: 15 }}>
                    <span style={{ color: token.colorPrimary, marginInlineEnd: 8 }}>{icons[k]}</span>
                    {t(`imports.kinds.${k}`)}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 13, flex: 1 }}>
                    {t(`imports.kindHelp.${k}`)}
                  </Typography.Text>
                  <div>
                    <Button
                      type="link"
                      size="small"
                      icon={<DownloadOutlined />}
                      style={{ paddingInline: 0 }}
                      onClick={(e) => {
                        e.stopPropagation();
                        downloadTemplate(k);
                      }}
                      data-testid={`import-template-${k}`}
                    >
                      {t('imports.template')}
                    </Button>
                  </div>
                </Flex>
              </Card>
            </Col>
          );
        })}
      </Row>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('imports.templateHint')}
      </Typography.Paragraph>
      <div data-testid="import-dragger">
        <Upload.Dragger
          accept=".xlsx,.csv"
          multiple={false}
          showUploadList={false}
          disabled={upload.isPending}
          beforeUpload={(file) => {
            send(file);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">{upload.isPending ? <FileExcelOutlined /> : <InboxOutlined />}</p>
          <p className="ant-upload-text">
            {t('imports.dragTitle')} · <strong>{t(`imports.kinds.${kind}`)}</strong>
          </p>
          <p className="ant-upload-hint">{t('imports.dragHint')}</p>
        </Upload.Dragger>
      </div>
      {progress ? (
        <div style={{ marginTop: 12 }} data-testid="import-upload-progress">
          <Typography.Text type="secondary">
            {progress.percent < 100 ? t('imports.uploading', { name: progress.name }) : t('imports.reading')}
          </Typography.Text>
          <Progress percent={progress.percent} status={upload.isPending ? 'active' : undefined} size="small" />
        </div>
      ) : null}
    </>
  );
}
