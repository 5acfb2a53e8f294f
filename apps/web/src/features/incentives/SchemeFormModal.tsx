import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { BonusSchemeBody, BonusSchemeView } from '@stride/contracts';
import { Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { usePositions } from '../positions/queries';
import { FieldErrorList } from './FieldErrorList';
import { useSaveScheme } from './queries';

interface Values {
  name: string;
  defaultBase: number;
  positionIds: string[];
  coefficients: { grade: string; value: number }[];
  overrides: { employeeId: string; base: number }[];
  useAttainment: boolean;
  attainmentMetric: 'revenue' | 'collections';
  attainmentCap: number;
  bands: { from: number; to: number | null; factor: number }[];
}

const defaults: Values = {
  name: '',
  defaultBase: 10000,
  positionIds: [],
  coefficients: [
    { grade: 'S', value: 1.5 },
    { grade: 'A', value: 1.2 },
    { grade: 'B', value: 1 },
    { grade: 'C', value: 0.5 },
    { grade: 'D', value: 0 },
  ],
  overrides: [],
  useAttainment: false,
  attainmentMetric: 'revenue',
  attainmentCap: 1.5,
  bands: [
    { from: 0, to: 80, factor: 0.8 },
    { from: 80, to: 100, factor: 1 },
    { from: 100, to: null, factor: 1.2 },
  ],
};

/** Create or edit a bonus scheme: base (default and per person), grade coefficients, optional attainment factor. */
export function SchemeFormModal({
  scheme,
  open,
  onClose,
}: {
  scheme: BonusSchemeView | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveScheme();
  const positions = usePositions(open);
  const useAttainment = Form.useWatch('useAttainment', form);

  useEffect(() => {
    if (!open) return;
    save.reset();
    form.setFieldsValue(
      scheme
        ? {
            name: scheme.name,
            defaultBase: Number(scheme.defaultBase),
            positionIds: scheme.positionIds,
            coefficients: Object.entries(scheme.coefficients).map(([grade, value]) => ({
              grade,
              value: Number(value),
            })),
            overrides: scheme.baseOverrides.map((o) => ({ employeeId: o.employeeId, base: Number(o.base) })),
            useAttainment: !!scheme.attainment,
            attainmentMetric: scheme.attainment?.metricKey ?? 'revenue',
            attainmentCap: Number(scheme.attainment?.cap ?? 1.5),
            bands: scheme.attainment
              ? scheme.attainment.bands.map((b) => ({
                  from: Number(b.from),
                  to: b.to === null ? null : Number(b.to),
                  factor: Number(b.factor),
                }))
              : defaults.bands,
          }
        : defaults,
    );
  }, [open, scheme, form, save.reset]);

  const submit = async () => {
    const v = await form.validateFields();
    const body: BonusSchemeBody = {
      name: v.name,
      positionIds: v.positionIds ?? [],
      defaultBase: String(v.defaultBase ?? 0),
      baseOverrides: (v.overrides ?? [])
        .filter((o) => o.employeeId)
        .map((o) => ({ employeeId: o.employeeId, base: String(o.base ?? 0) })),
      coefficients: Object.fromEntries((v.coefficients ?? []).map((c) => [c.grade, String(c.value ?? 0)])),
      attainment: v.useAttainment
        ? {
            metricKey: v.attainmentMetric,
            cap: String(v.attainmentCap ?? 1),
            bands: (v.bands ?? []).map((b) => ({
              from: String(b.from ?? 0),
              to: b.to === null || b.to === undefined ? null : String(b.to),
              factor: String(b.factor ?? 0),
            })),
          }
        : null,
    };
    save.mutate({ id: scheme?.id, body, version: scheme?.version }, { onSuccess: onClose });
  };

  return (
    <Modal
      open={open}
      title={scheme ? t('incentives.scheme.edit') : t('incentives.scheme.create')}
      onCancel={onClose}
      onOk={submit}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      width={760}
      destroyOnHidden
    >
      <FieldErrorList error={save.error} />
      <Form form={form} layout="vertical" initialValues={defaults}>
        <Form.Item
          name="name"
          label={t('incentives.scheme.name')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="defaultBase" label={t('incentives.scheme.defaultBase')}>
          <InputNumber min={0} precision={2} style={{ width: 200 }} />
        </Form.Item>
        <Typography.Text strong>{t('incentives.scheme.coefficients')}</Typography.Text>
        <Form.List name="coefficients">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, 'grade']} rules={[{ required: true, message: t('validation.required') }]}>
                    <Input style={{ width: 80 }} placeholder={t('incentives.grade')} maxLength={10} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'value']}>
                    <InputNumber min={0} max={10} step={0.1} style={{ width: 120 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ grade: '', value: 1 })}>
                {t('incentives.scheme.addGrade')}
              </Button>
            </div>
          )}
        </Form.List>
        <Form.Item
          name="useAttainment"
          label={t('incentives.scheme.useAttainment')}
          valuePropName="checked"
          style={{ marginTop: 16 }}
        >
          <Switch />
        </Form.Item>
        {useAttainment ? (
          <>
            <Space wrap>
              <Form.Item name="attainmentMetric" label={t('incentives.plan.metric')}>
                <Select
                  style={{ width: 160 }}
                  options={[
                    { value: 'revenue', label: t('incentives.metric.revenue') },
                    { value: 'collections', label: t('incentives.metric.collections') },
                  ]}
                />
              </Form.Item>
              <Form.Item name="attainmentCap" label={t('incentives.scheme.cap')}>
                <InputNumber min={0} max={10} step={0.1} />
              </Form.Item>
            </Space>
            <Form.List name="bands">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => (
                    <Space key={f.key} align="baseline">
                      <Form.Item
                        name={[f.name, 'from']}
                        label={i === 0 ? `${t('incentives.plan.from')} (%)` : undefined}
                      >
                        <InputNumber min={0} style={{ width: 120 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'to']} label={i === 0 ? `${t('incentives.plan.to')} (%)` : undefined}>
                        <InputNumber min={0} style={{ width: 120 }} placeholder={t('incentives.plan.openEnded')} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'factor']} label={i === 0 ? t('incentives.scheme.factor') : undefined}>
                        <InputNumber min={0} max={10} step={0.1} style={{ width: 100 }} />
                      </Form.Item>
                      <MinusCircleOutlined onClick={() => remove(f.name)} />
                    </Space>
                  ))}
                  <Button
                    type="dashed"
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => add({ from: null, to: null, factor: 1 })}
                  >
                    {t('incentives.plan.addTier')}
                  </Button>
                </>
              )}
            </Form.List>
          </>
        ) : null}
        <Typography.Paragraph strong style={{ marginTop: 16, marginBottom: 8 }}>
          {t('incentives.scheme.overrides')}
        </Typography.Paragraph>
        <Form.List name="overrides">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item
                    name={[f.name, 'employeeId']}
                    rules={[{ required: true, message: t('validation.required') }]}
                  >
                    <EmployeeSelect />
                  </Form.Item>
                  <Form.Item name={[f.name, 'base']}>
                    <InputNumber min={0} precision={2} style={{ width: 160 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ base: 10000 })}>
                {t('incentives.scheme.addOverride')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item
          name="positionIds"
          label={t('incentives.positions')}
          extra={t('incentives.positionsHint')}
          style={{ marginTop: 16 }}
        >
          <Select
            mode="multiple"
            loading={positions.isLoading}
            options={(positions.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            optionFilterProp="label"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
