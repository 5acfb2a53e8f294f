import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RuleType } from './templateForm';

interface RuleFieldsProps {
  /** The indicator's name inside its Form.List (relative path). */
  name: number;
  type: RuleType | undefined;
  disabled?: boolean;
}

const num = (label: string, field: (string | number)[], testId?: string) => (
  <Form.Item label={label} name={field} style={{ marginBottom: 8 }}>
    <Input inputMode="decimal" data-testid={testId} />
  </Form.Item>
);

/** The fields of one indicator's scoring rule, by rule type. */
export function RuleFields({ name, type, disabled }: RuleFieldsProps) {
  const { t } = useTranslation();
  const r = (k: string) => t(`scorecards.rule.${k}`);
  const direction = (
    <Form.Item label={r('direction')} name={[name, 'rule', 'direction']} style={{ marginBottom: 8 }}>
      <Select options={['higher_is_better', 'lower_is_better'].map((d) => ({ value: d, label: r(d) }))} allowClear />
    </Form.Item>
  );
  switch (type) {
    case 'linear':
      return (
        <Row gutter={8}>
          <Col span={6}>{num(r('target'), [name, 'rule', 'target'], 'rule-target')}</Col>
          <Col span={6}>{num(r('floor'), [name, 'rule', 'floor'], 'rule-floor')}</Col>
          <Col span={6}>{num(r('cap'), [name, 'rule', 'cap'], 'rule-cap')}</Col>
          <Col span={6}>{direction}</Col>
        </Row>
      );
    case 'percentile':
      return (
        <Row gutter={8}>
          <Col span={6}>{num(r('floor'), [name, 'rule', 'floor'])}</Col>
          <Col span={6}>{num(r('cap'), [name, 'rule', 'cap'])}</Col>
          <Col span={6}>{num(r('singleMemberScore'), [name, 'rule', 'singleMemberScore'])}</Col>
          <Col span={6}>{direction}</Col>
        </Row>
      );
    case 'growth':
      return (
        <Row gutter={8}>
          <Col span={6}>
            <Form.Item label={r('base')} name={[name, 'rule', 'base']} style={{ marginBottom: 8 }}>
              <Select options={['previous_period', 'same_period_last_year'].map((b) => ({ value: b, label: r(b) }))} />
            </Form.Item>
          </Col>
          <Col span={6}>{num(r('growthAtZeroScore'), [name, 'rule', 'growthAtZeroScore'])}</Col>
          <Col span={6}>{num(r('growthAtFullScore'), [name, 'rule', 'growthAtFullScore'])}</Col>
          <Col span={6}>{num(r('cap'), [name, 'rule', 'cap'])}</Col>
        </Row>
      );
    case 'bands':
      return (
        <>
          <Row gutter={8}>
            <Col span={6}>
              <Form.Item label={r('measure')} name={[name, 'rule', 'measure']} style={{ marginBottom: 8 }}>
                <Select options={['actual', 'attainment'].map((m) => ({ value: m, label: r(m) }))} />
              </Form.Item>
            </Col>
            <Col span={6}>{num(r('target'), [name, 'rule', 'target'])}</Col>
            <Col span={6}>{num(r('fallbackPoints'), [name, 'rule', 'fallbackPoints'])}</Col>
            <Col span={6}>{direction}</Col>
          </Row>
          <Typography.Text type="secondary">{r('bands')}</Typography.Text>
          <Form.List name={[name, 'rule', 'bands']}>
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f) => (
                  <Row gutter={8} key={f.key} align="middle">
                    <Col span={10}>
                      <Form.Item name={[f.name, 'threshold']} style={{ marginBottom: 4 }}>
                        <Input addonBefore={r('threshold')} inputMode="decimal" />
                      </Form.Item>
                    </Col>
                    <Col span={10}>
                      <Form.Item name={[f.name, 'points']} style={{ marginBottom: 4 }}>
                        <Input addonBefore={r('points')} inputMode="decimal" />
                      </Form.Item>
                    </Col>
                    <Col span={4}>
                      {disabled ? null : (
                        <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                      )}
                    </Col>
                  </Row>
                ))}
                <Form.ErrorList errors={errors} />
                {disabled ? null : (
                  <Button size="small" icon={<PlusOutlined />} onClick={() => add({ threshold: '', points: '' })}>
                    {r('addBand')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        </>
      );
    case 'rubric':
      return (
        <>
          <Typography.Text type="secondary">{r('rubric')}</Typography.Text>
          <Form.List name={[name, 'rule', 'rubric']}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Row gutter={8} key={f.key} align="top">
                    <Col span={3}>
                      <Form.Item name={[f.name, 'level']} style={{ marginBottom: 4 }}>
                        <InputNumber min={0} max={100} placeholder={r('level')} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col span={5}>
                      <Form.Item name={[f.name, 'label']} style={{ marginBottom: 4 }}>
                        <Input placeholder={r('label')} />
                      </Form.Item>
                    </Col>
                    <Col span={10}>
                      <Form.Item name={[f.name, 'description']} style={{ marginBottom: 4 }}>
                        <Input.TextArea autoSize placeholder={r('description')} />
                      </Form.Item>
                    </Col>
                    <Col span={4}>
                      <Form.Item name={[f.name, 'points']} style={{ marginBottom: 4 }}>
                        <Input placeholder={r('points')} inputMode="decimal" />
                      </Form.Item>
                    </Col>
                    <Col span={2}>
                      {disabled ? null : (
                        <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                      )}
                    </Col>
                  </Row>
                ))}
                {disabled ? null : (
                  <Button
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => add({ level: fields.length + 1, label: '', description: '', points: '' })}
                  >
                    {r('addLevel')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
          <div style={{ marginTop: 8 }}>
            <Typography.Text type="secondary">{r('raters')}</Typography.Text>
          </div>
          <Form.List name={[name, 'rule', 'raters']}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Row gutter={8} key={f.key}>
                    <Col span={10}>
                      <Form.Item name={[f.name, 'rater']} style={{ marginBottom: 4 }}>
                        <Select options={['manager', 'self', 'peer'].map((x) => ({ value: x, label: r(x) }))} />
                      </Form.Item>
                    </Col>
                    <Col span={10}>
                      <Form.Item name={[f.name, 'weight']} style={{ marginBottom: 4 }}>
                        <Input addonBefore={t('scorecards.fields.weight')} inputMode="decimal" />
                      </Form.Item>
                    </Col>
                    <Col span={4}>
                      {disabled ? null : (
                        <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                      )}
                    </Col>
                  </Row>
                ))}
                {disabled || fields.length >= 3 ? null : (
                  <Button size="small" icon={<PlusOutlined />} onClick={() => add({ rater: 'peer', weight: '' })}>
                    {r('addRater')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        </>
      );
    default:
      return null;
  }
}
