import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { CommissionPlanBody, CommissionPlanView } from '@stride/contracts';
import { Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { usePositions } from '../positions/queries';
import { FieldErrorList } from './FieldErrorList';
import { useSavePlan } from './queries';

interface TierRow {
  from?: number | null;
  to?: number | null;
  rate?: number | null;
}
interface Values {
  name: string;
  metricKey: CommissionPlanBody['metricKey'];
  periodType: CommissionPlanBody['periodType'];
  basis: CommissionPlanBody['basis'];
  tiers: TierRow[];
  accelerator?: number | null;
  clawback: boolean;
  positionIds: string[];
  isActive: boolean;
}

const str = (n: number | null | undefined) => (n === null || n === undefined ? null : String(n));

const defaults: Values = {
  name: '',
  metricKey: 'revenue',
  periodType: 'month',
  basis: 'amount',
  tiers: [
    { from: 0, to: 100000, rate: 2 },
    { from: 100000, to: null, rate: 3 },
  ],
  accelerator: null,
  clawback: true,
  positionIds: [],
  isActive: true,
};

/** Create or edit a commission plan; the server checks the tier table and names each problem. */
export function PlanFormModal({
  plan,
  open,
  onClose,
}: {
  plan: CommissionPlanView | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSavePlan();
  const positions = usePositions(open);
  const basis = Form.useWatch('basis', form);

  useEffect(() => {
    if (!open) return;
    save.reset();
    form.setFieldsValue(
      plan
        ? {
            ...plan,
            tiers: plan.tiers.map((x) => ({
              from: Number(x.from),
              to: x.to === null ? null : Number(x.to),
              rate: Number(x.rate),
            })),
            accelerator: plan.accelerator === null ? null : Number(plan.accelerator),
          }
        : defaults,
    );
  }, [open, plan, form, save.reset]);

  const submit = async () => {
    const v = await form.validateFields();
    const body: CommissionPlanBody = {
      name: v.name,
      metricKey: v.metricKey,
      periodType: v.periodType,
      basis: v.basis,
      tiers: (v.tiers ?? []).map((x) => ({ from: str(x.from) ?? '0', to: str(x.to), rate: str(x.rate) ?? '0' })),
      accelerator: str(v.accelerator),
      clawback: v.clawback,
      positionIds: v.positionIds ?? [],
      isActive: v.isActive,
    };
    save.mutate({ id: plan?.id, body, version: plan?.version }, { onSuccess: onClose });
  };

  const unit = basis === 'attainment' ? '%' : t('incentives.plan.yuan');
  return (
    <Modal
      open={open}
      title={plan ? t('incentives.plan.edit') : t('incentives.plan.create')}
      onCancel={onClose}
      onOk={submit}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      width={720}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'cplan-save' } as Record<string, string>}
    >
      <FieldErrorList error={save.error} />
      <Form form={form} layout="vertical" initialValues={defaults}>
        <Form.Item
          name="name"
          label={t('incentives.plan.name')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input maxLength={100} data-testid="cplan-name" />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item name="metricKey" label={t('incentives.plan.metric')}>
            <Select
              style={{ width: 160 }}
              options={[
                { value: 'revenue', label: t('incentives.metric.revenue') },
                { value: 'collections', label: t('incentives.metric.collections') },
              ]}
            />
          </Form.Item>
          <Form.Item name="periodType" label={t('incentives.plan.period')}>
            <Select
              style={{ width: 120 }}
              options={[
                { value: 'month', label: t('incentives.period.month') },
                { value: 'quarter', label: t('incentives.period.quarter') },
              ]}
            />
          </Form.Item>
          <Form.Item name="basis" label={t('incentives.plan.basis')}>
            <Select
              style={{ width: 180 }}
              options={[
                { value: 'amount', label: t('incentives.basis.amount') },
                { value: 'attainment', label: t('incentives.basis.attainment') },
              ]}
            />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">{t('incentives.plan.marginalHint')}</Typography.Paragraph>
        <Form.List name="tiers">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" wrap data-testid={`cplan-tier-${i}`}>
                  <Form.Item
                    name={[f.name, 'from']}
                    label={i === 0 ? `${t('incentives.plan.from')} (${unit})` : undefined}
                  >
                    <InputNumber min={0} style={{ width: 150 }} data-testid={`tier-${i}-from`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'to']} label={i === 0 ? `${t('incentives.plan.to')} (${unit})` : undefined}>
                    <InputNumber
                      min={0}
                      style={{ width: 150 }}
                      placeholder={t('incentives.plan.openEnded')}
                      data-testid={`tier-${i}-to`}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'rate']} label={i === 0 ? `${t('incentives.plan.rate')} (%)` : undefined}>
                    <InputNumber style={{ width: 110 }} data-testid={`tier-${i}-rate`} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('incentives.plan.removeTier')} />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ from: null, to: null, rate: null })}
                data-testid="cplan-add-tier"
              >
                {t('incentives.plan.addTier')}
              </Button>
            </>
          )}
        </Form.List>
        <Space wrap size="large" style={{ marginTop: 16 }}>
          <Form.Item
            name="accelerator"
            label={t('incentives.plan.accelerator')}
            tooltip={t('incentives.plan.acceleratorHint')}
          >
            <InputNumber min={1} max={5} step={0.1} style={{ width: 140 }} data-testid="cplan-accelerator" />
          </Form.Item>
          <Form.Item
            name="clawback"
            label={t('incentives.plan.clawback')}
            valuePropName="checked"
            tooltip={t('incentives.plan.clawbackHint')}
          >
            <Switch />
          </Form.Item>
          <Form.Item name="isActive" label={t('incentives.plan.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="positionIds" label={t('incentives.positions')} extra={t('incentives.positionsHint')}>
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
