import { CopyOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Input, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface OnceSecretModalProps {
  open: boolean;
  title: ReactNode;
  /** The secret itself; it cannot be shown again after this dialog closes. */
  secret: string;
  warning: ReactNode;
  onClose: () => void;
  children?: ReactNode;
  'data-testid'?: string;
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard access can be refused (insecure origin, permissions): fall back to a hidden textarea.
    const area = document.createElement('textarea');
    area.value = text;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

/** Shows a freshly issued secret exactly once, with a copy button and a clear warning. */
export function OnceSecretModal({ open, title, secret, warning, onClose, children, ...rest }: OnceSecretModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const copy = async () => {
    if (await copyText(secret)) void message.success(t('integrations.copied'));
  };
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      mask={{ closable: false }}
      keyboard={false}
      width={680}
      destroyOnHidden
      footer={
        <Button
          type="primary"
          onClick={onClose}
          data-testid={rest['data-testid'] ? `${rest['data-testid']}-done` : 'secret-done'}
        >
          {t('integrations.savedIt')}
        </Button>
      }
    >
      <div data-testid={rest['data-testid']}>
        <Alert type="warning" showIcon icon={<WarningOutlined />} title={warning} style={{ marginBottom: 16 }} />
        <Flex gap={8}>
          <Input
            readOnly
            value={secret}
            className="stride-mono"
            onFocus={(e) => e.currentTarget.select()}
            data-testid="secret-value"
          />
          <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="secret-copy">
            {t('integrations.copy')}
          </Button>
        </Flex>
        {children ? <div style={{ marginTop: 16 }}>{children}</div> : null}
      </div>
    </Modal>
  );
}

export function CodeBlock({ code }: { code: string }) {
  return (
    <div style={{ position: 'relative' }}>
      <pre className="stride-json stride-mono" style={{ paddingRight: 40 }}>
        {code}
      </pre>
      <Typography.Text copyable={{ text: code }} style={{ position: 'absolute', top: 8, right: 10 }} />
    </div>
  );
}
