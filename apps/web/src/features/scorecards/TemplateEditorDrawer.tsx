import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ScorecardTemplateView } from '@stride/contracts';
import { Alert, App, Button, Card, Col, Drawer, Flex, Form, Input, Row, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useMetricDefinitions } from '../metrics/queries';
import { usePositions } from '../positions/queries';
import { useSaveTemplate } from './queries';
import { RuleFields } from './RuleFields';
import {
  defaultRule,
  initialTemplateValues,
  metricRuleTypes,
  namePath,
  type RuleType,
  type TemplateFormValues,
  toTemplateBody,
  weightSum,
} from './templateForm';

interface Props {
  open: boolean;
  /** The template to edit (current version), or null to create one. */
  template: ScorecardTemplateView | null;
  readOnly: boolean;
  onClose: () => void;
}

function SumTag({ value, label, testId }: { value: number; label: string; testId: string }) {
  return (
    <Tag color={value === 100 ? 'green' : 'red'} data-testid={testId}>
      {label}: {value}
    </Tag>
  );
}

/** Create a template or save a new version: dimensions, indicators, rules, rubrics, with live weight totals. */
export function TemplateEditorDrawer({ open, template, readOnly, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TemplateFormValues>();
  const save = useSaveTemplate();
  const positions = usePositions(open);
  const metrics = useMetricDefinitions();
  const [errors, setErrors] = useState<{ field: string; message: string }[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const dimensions = Form.useWatch(['definition', 'dimensions'], { form, preserve: true }) as
    | TemplateFormValues['definition']['dimensions']
    | undefined;

  const loaded = open ? `${template?.id ?? 'new'}@${template?.currentVersion ?? 0}` : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `loaded` stands for the template being edited
  useEffect(() => {
    if (loaded === null) return;
    form.resetFields();
    form.setFieldsValue(initialTemplateValues(template));
    setErrors([]);
    setFormError(null);
  }, [loaded, form]);

  const metricOptions = useMemo(
    () => (metrics.data ?? []).map((m) => ({ value: m.key, label: `${m.name} (${m.key})` })),
    [metrics.data],
  );
  // antd's path type cannot follow paths built at run time.
  const setRule = (d: number, i: number, rule: ReturnType<typeof defaultRule>) =>
    form.setFieldValue(['definition', 'dimensions', d, 'indicators', i, 'rule'] as never, rule as never);
  const total = weightSum((dimensions ?? []).map((d) => d?.weight));

  const onFinish = async (values: TemplateFormValues) => {
    setErrors([]);
    setFormError(null);
    const body = toTemplateBody(values);
    try {
      const saved = await save.mutateAsync({
        id: template?.id ?? null,
        body: template ? { ...body, expectedVersion: template.currentVersion } : body,
      });
      void message.success(t('scorecards.editor.saved', { version: saved.currentVersion }));
      onClose();
    } catch (err) {
      if (!isApiError(err)) throw err;
      setFormError(err.problem.detail);
      const fieldErrors = err.fieldErrors;
      setErrors(fieldErrors);
      form.setFields(fieldErrors.map((e) => ({ name: namePath(e.field) as never, errors: [e.message] })));
    }
  };

  const title = readOnly
    ? t('scorecards.editor.titleView')
    : template
      ? t('scorecards.editor.titleEdit')
      : t('scorecards.editor.titleNew');

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      width={980}
      destroyOnHidden
      data-testid="template-editor"
      extra={
        readOnly ? null : (
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="template-save">
            {t('scorecards.editor.save')}
          </Button>
        )
      }
    >
      <Form<TemplateFormValues> form={form} layout="vertical" onFinish={onFinish} disabled={readOnly}>
        {formError ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            message={formError}
            description={
              errors.length ? (
                <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="template-errors">
                  {errors.map((e) => (
                    <li key={`${e.field}-${e.message}`}>
                      <span className="stride-mono">{e.field}</span>: {e.message}
                    </li>
                  ))}
                </ul>
              ) : null
            }
          />
        ) : null}
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item label={t('scorecards.fields.name')} name="name" rules={[{ required: true }]}>
              <Input data-testid="template-name" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('scorecards.fields.positions')} name="positionIds">
              <Select
                mode="multiple"
                placeholder={t('scorecards.allPositions')}
                options={(positions.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('scorecards.fields.stages')} name="stages">
              <Select
                mode="multiple"
                placeholder={t('scorecards.allStages')}
                options={(['probation', 'early', 'tenured'] as const).map((s) => ({
                  value: s,
                  label: t(`scorecards.stages.${s}`),
                }))}
              />
            </Form.Item>
          </Col>
        </Row>
        {template && !readOnly ? (
          <Form.Item label={t('scorecards.fields.note')} name="note">
            <Input maxLength={500} />
          </Form.Item>
        ) : null}
        <Flex gap={8} align="center" style={{ marginBottom: 8 }}>
          <SumTag value={total} label={t('scorecards.editor.total')} testId="weight-total" />
        </Flex>
        <Form.List name={['definition', 'dimensions']}>
          {(dims, { add: addDim, remove: removeDim }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {dims.map((dim) => {
                const indicators = dimensions?.[dim.name]?.indicators ?? [];
                return (
                  <Card
                    key={dim.key}
                    size="small"
                    data-testid={`dimension-${dim.name}`}
                    title={
                      <Row gutter={8} style={{ paddingTop: 8 }}>
                        <Col span={8}>
                          <Form.Item name={[dim.name, 'name']} style={{ marginBottom: 8 }}>
                            <Input placeholder={t('scorecards.editor.dimensionName')} />
                          </Form.Item>
                        </Col>
                        <Col span={6}>
                          <Form.Item name={[dim.name, 'key']} style={{ marginBottom: 8 }}>
                            <Input addonBefore={t('scorecards.fields.key')} />
                          </Form.Item>
                        </Col>
                        <Col span={6}>
                          <Form.Item name={[dim.name, 'weight']} style={{ marginBottom: 8 }}>
                            <Input addonBefore={t('scorecards.fields.weight')} inputMode="decimal" />
                          </Form.Item>
                        </Col>
                      </Row>
                    }
                    extra={
                      <Flex gap={4} align="center">
                        <SumTag
                          value={weightSum(indicators.map((i) => i?.weight))}
                          label={t('scorecards.editor.sum')}
                          testId={`weight-sum-${dim.name}`}
                        />
                        {readOnly ? null : (
                          <Button type="text" danger icon={<DeleteOutlined />} onClick={() => removeDim(dim.name)} />
                        )}
                      </Flex>
                    }
                  >
                    <Form.List name={[dim.name, 'indicators']}>
                      {(inds, { add, remove }) => (
                        <Space direction="vertical" style={{ width: '100%' }}>
                          {inds.map((ind) => {
                            const current = indicators[ind.name];
                            const kind = current?.kind ?? 'metric';
                            return (
                              <Card key={ind.key} size="small" type="inner">
                                <Row gutter={8}>
                                  <Col span={4}>
                                    <Form.Item label={t('scorecards.fields.kind')} name={[ind.name, 'kind']}>
                                      <Select
                                        options={(['metric', 'rating'] as const).map((k) => ({
                                          value: k,
                                          label: t(`scorecards.kinds.${k}`),
                                        }))}
                                        onChange={(k) =>
                                          setRule(dim.name, ind.name, defaultRule(k === 'rating' ? 'rubric' : 'linear'))
                                        }
                                      />
                                    </Form.Item>
                                  </Col>
                                  <Col span={5}>
                                    <Form.Item label={t('scorecards.fields.key')} name={[ind.name, 'key']}>
                                      <Input />
                                    </Form.Item>
                                  </Col>
                                  <Col span={5}>
                                    <Form.Item label={t('scorecards.editor.indicatorName')} name={[ind.name, 'name']}>
                                      <Input />
                                    </Form.Item>
                                  </Col>
                                  <Col span={3}>
                                    <Form.Item label={t('scorecards.fields.weight')} name={[ind.name, 'weight']}>
                                      <Input inputMode="decimal" />
                                    </Form.Item>
                                  </Col>
                                  {kind === 'metric' ? (
                                    <>
                                      <Col span={4}>
                                        <Form.Item label={t('scorecards.fields.metric')} name={[ind.name, 'metricKey']}>
                                          <Select showSearch optionFilterProp="label" options={metricOptions} />
                                        </Form.Item>
                                      </Col>
                                      <Col span={3}>
                                        <Form.Item
                                          label={t('scorecards.fields.rule')}
                                          name={[ind.name, 'rule', 'type']}
                                        >
                                          <Select
                                            options={metricRuleTypes.map((r) => ({
                                              value: r,
                                              label: t(`scorecards.rules.${r}`),
                                            }))}
                                            onChange={(r: RuleType) => setRule(dim.name, ind.name, defaultRule(r))}
                                          />
                                        </Form.Item>
                                      </Col>
                                    </>
                                  ) : null}
                                </Row>
                                <RuleFields name={ind.name} type={current?.rule?.type} disabled={readOnly} />
                                {readOnly ? null : (
                                  <Flex justify="end">
                                    <Button size="small" type="text" danger onClick={() => remove(ind.name)}>
                                      {t('scorecards.editor.remove')}
                                    </Button>
                                  </Flex>
                                )}
                              </Card>
                            );
                          })}
                          {readOnly ? null : (
                            <Button
                              icon={<PlusOutlined />}
                              size="small"
                              onClick={() =>
                                add({
                                  key: `indicator_${Date.now() % 100000}`,
                                  kind: 'metric',
                                  weight: '',
                                  rule: defaultRule('linear'),
                                })
                              }
                            >
                              {t('scorecards.editor.addIndicator')}
                            </Button>
                          )}
                        </Space>
                      )}
                    </Form.List>
                  </Card>
                );
              })}
              {readOnly ? null : (
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => addDim({ key: `dimension_${dims.length + 1}`, name: '', weight: '', indicators: [] })}
                >
                  {t('scorecards.editor.addDimension')}
                </Button>
              )}
            </Space>
          )}
        </Form.List>
        {readOnly ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            {t('scorecards.readOnly')}
          </Typography.Paragraph>
        ) : null}
      </Form>
    </Drawer>
  );
}
