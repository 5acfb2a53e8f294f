import { Card, Col, Form, Input, Row, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type RecipientKey, recipientKeys } from './ruleForm';

/** HR, the person's manager and the person themselves: each on or off, each with an optional message of their own. */
export function RecipientsFields() {
  const { t } = useTranslation();
  return (
    <div data-testid="rule-recipients">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('alerts.recipients.placeholders')}
      </Typography.Paragraph>
      {recipientKeys.map((key) => (
        <RecipientRow key={key} who={key} />
      ))}
    </div>
  );
}

function RecipientRow({ who }: { who: RecipientKey }) {
  const { t } = useTranslation();
  const enabled = Form.useWatch(['recipients', who, 'enabled']) as boolean | undefined;
  return (
    <Card size="small" style={{ marginBottom: 8 }} data-testid={`rule-recipient-${who}`}>
      <Row gutter={12} align="top">
        <Col xs={24} md={6}>
          <Form.Item
            name={['recipients', who, 'enabled']}
            valuePropName="checked"
            label={t(`alerts.recipients.${who}`)}
            style={{ marginBottom: 0 }}
          >
            <Switch data-testid={`rule-recipient-${who}-enabled`} />
          </Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`alerts.recipients.${who}Hint`)}
          </Typography.Text>
        </Col>
        <Col xs={24} md={9}>
          <Form.Item
            name={['recipients', who, 'message', 'zh-CN']}
            label={t('alerts.recipients.messageZh')}
            style={{ marginBottom: 8 }}
          >
            <Input.TextArea
              rows={2}
              maxLength={500}
              disabled={!enabled}
              placeholder={t('alerts.recipients.defaultText')}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={9}>
          <Form.Item
            name={['recipients', who, 'message', 'en-US']}
            label={t('alerts.recipients.messageEn')}
            style={{ marginBottom: 8 }}
          >
            <Input.TextArea
              rows={2}
              maxLength={500}
              disabled={!enabled}
              placeholder={t('alerts.recipients.defaultText')}
            />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
