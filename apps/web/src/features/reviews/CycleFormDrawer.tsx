import type { CreateCycleRequest, CycleView } from '@stride/contracts';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  DatePicker,
  Drawer,
  Flex,
  Form,
  Grid,
  Input,
  Row,
  Select,
  Switch,
  TreeSelect,
  Typography,
} from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../api/client';
import { periodLabel, periodStartOf, toIsoDate } from '../metrics/periods';
import { useOrgUnits } from '../org/queries';
import { buildUnitTree, type UnitNode } from '../org/tree';
import { usePositions } from '../positions/queries';
import { useSaveCycle } from './queries';

type Kind = CreateCycleRequest['kind'];
type PeriodType = CreateCycleRequest['periodType'];
type DeadlineKey = 'self' | 'manager' | 'peer' | 'calibration' | 'approval' | 'acknowledgement';
const deadlineKeys: DeadlineKey[] = ['self', 'manager', 'peer', 'calibration', 'approval', 'acknowledgement'];
const kinds: Kind[] = ['monthly', 'quarterly', 'custom'];
const periodTypes: PeriodType[] = ['month', 'quarter', 'year'];
const kindPeriod: Record<Kind, PeriodType | null> = { monthly: 'month', quarterly: 'quarter', custom: null };

interface FormValues {
  name: string;
  kind: Kind;
  periodType: PeriodType;
  period: Dayjs | null;
  population: { unitIds: string[]; positionIds: string[]; statuses: ('probation' | 'regular')[] };
  peerReviews: boolean;
  deadlines: Partial<Record<DeadlineKey, Dayjs | null>>;
}

interface TreeOption {
  value: string;
  title: string;
  children: TreeOption[];
}
const toOptions = (nodes: UnitNode[]): TreeOption[] =>
  nodes.map((n) => ({ value: n.id, title: n.name, children: toOptions(n.children) }));

function initialValues(cycle: CycleView | null): FormValues {
  if (!cycle) {
    // Reviews usually look back: the last full month.
    return {
      name: '',
      kind: 'monthly',
      periodType: 'month',
      period: dayjs().subtract(1, 'month').startOf('month'),
      population: { unitIds: [], positionIds: [], statuses: [] },
      peerReviews: false,
      deadlines: {},
    };
  }
  const deadlines: FormValues['deadlines'] = {};
  for (const k of deadlineKeys) {
    const v = cycle.deadlines[k];
    deadlines[k] = v ? dayjs(v) : null;
  }
  return {
    name: cycle.name,
    kind: cycle.kind,
    periodType: cycle.periodType,
    period: dayjs(cycle.periodStart),
    population: {
      unitIds: cycle.population.unitIds,
      positionIds: cycle.population.positionIds,
      statuses: cycle.population.statuses,
    },
    peerReviews: cycle.peerReviews,
    deadlines,
  };
}

/** Creates a review cycle (or edits a draft one): what is scored, who takes part, when each stage ends. */
export function CycleFormDrawer({
  open,
  cycle,
  onClose,
}: {
  open: boolean;
  /** A draft cycle to edit; null creates one. */
  cycle: CycleView | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<FormValues>();
  const save = useSaveCycle();
  const units = useOrgUnits(open);
  const positions = usePositions(open);
  const [formError, setFormError] = useState<string | null>(null);
  // Whether HR typed a name (then it is theirs; setFieldsValue counts as "touched", so track it here).
  const nameEdited = useRef(false);
  const periodType = Form.useWatch('periodType', form) ?? 'month';
  const peerReviews = Form.useWatch('peerReviews', form) ?? false;
  const unitTree = useMemo(() => toOptions(buildUnitTree(units.data ?? [])), [units.data]);
  const f = (k: string, o?: Record<string, unknown>) => t(`reviews.form.${k}`, o);

  // Until HR types a name, suggest one from the period and kind (e.g. "2026年3月月度考核").
  const suggestName = useCallback(
    (values: FormValues) => {
      if (cycle || nameEdited.current || !values.period) return;
      const start = toIsoDate(periodStartOf(values.period, values.periodType));
      form.setFieldValue(
        'name',
        t('reviews.form.suggestedName', {
          period: periodLabel(start, values.periodType),
          kind: t(`reviews.kinds.${values.kind}`),
        }),
      );
    },
    [cycle, form, t],
  );

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    nameEdited.current = false;
    const values = initialValues(cycle);
    form.setFieldsValue(values);
    suggestName(values);
    setFormError(null);
  }, [open, cycle, form, suggestName]);

  const onValuesChange = (changed: Partial<FormValues>, all: FormValues) => {
    if (changed.name !== undefined) nameEdited.current = true;
    if (changed.kind) {
      const pt = kindPeriod[changed.kind];
      if (pt && pt !== all.periodType) {
        form.setFieldValue('periodType', pt);
        all = { ...all, periodType: pt };
      }
    }
    if (changed.kind || changed.periodType || changed.period) suggestName(all);
  };

  const submit = async (v: FormValues) => {
    setFormError(null);
    const deadlines: CreateCycleRequest['deadlines'] = {};
    for (const k of deadlineKeys) {
      if (k === 'peer' && !v.peerReviews) continue;
      const d = v.deadlines?.[k];
      if (d) deadlines[k] = toIsoDate(d);
    }
    const body: CreateCycleRequest = {
      name: v.name?.trim() ?? '',
      kind: v.kind,
      periodType: v.periodType,
      periodStart: v.period ? toIsoDate(periodStartOf(v.period, v.periodType)) : '',
      population: v.population,
      peerReviews: Boolean(v.peerReviews),
      deadlines,
    };
    try {
      const saved = await save.mutateAsync({
        id: cycle?.id ?? null,
        body: cycle ? { ...body, expectedVersion: cycle.version } : body,
      });
      void message.success(cycle ? t('common.saved') : f('created'));
      onClose();
      if (!cycle) navigate(`/review-cycles/${saved.id}`);
    } catch (err) {
      if (!isApiError(err)) {
        setFormError(t('errors.generic'));
        return;
      }
      // Field paths come back as the request's (population.unitIds, deadlines.self); the form mirrors them.
      const fields: { name: NamePath<FormValues>; errors: string[] }[] = [];
      const known = new Set(['name', 'kind', 'periodType', 'periodStart', 'population', 'peerReviews', 'deadlines']);
      for (const e of err.fieldErrors) {
        const path = e.field.split(/[.[\]]/).filter(Boolean);
        if (!known.has(path[0])) continue;
        const name = path[0] === 'periodStart' ? ['period'] : path.slice(0, 2);
        fields.push({ name: name as NamePath<FormValues>, errors: [e.message] });
      }
      form.setFields(fields);
      if (fields.length === 0) setFormError(err.problem.detail);
    }
  };

  const datePicker = (key: DeadlineKey) => (
    <DatePicker style={{ width: '100%' }} placeholder={t('form.selectDate')} data-testid={`cycle-deadline-${key}`} />
  );

  return (
    <Drawer
      title={cycle ? f('editTitle') : f('createTitle')}
      open={open}
      onClose={onClose}
      size={screens.md === false ? '100%' : 680}
      forceRender
      mask={{ closable: false }}
      data-testid="cycle-form"
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="cycle-save">
            {cycle ? t('common.save') : f('create')}
          </Button>
        </Flex>
      }
    >
      {formError ? (
        <Alert
          type="error"
          showIcon
          title={formError}
          style={{ marginBottom: 16 }}
          closable={{ onClose: () => setFormError(null) }}
          data-testid="cycle-form-error"
        />
      ) : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        onValuesChange={onValuesChange}
        scrollToFirstError
      >
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {f('basics')}
        </Typography.Title>
        <Form.Item
          name="name"
          label={f('name')}
          rules={[{ required: true, whitespace: true, message: f('nameRequired') }]}
        >
          <Input maxLength={100} autoComplete="off" data-testid="cycle-name" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label={f('kind')}>
              <Select
                options={kinds.map((k) => ({ value: k, label: t(`reviews.kinds.${k}`) }))}
                data-testid="cycle-kind"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="periodType" label={f('periodType')} extra={f('periodTypeHelp')}>
              <Select
                options={periodTypes.map((p) => ({ value: p, label: t(`reviews.periodTypes.${p}`) }))}
                data-testid="cycle-period-type"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="period" label={f('period')} rules={[{ required: true, message: f('periodRequired') }]}>
              <DatePicker picker={periodType} style={{ width: '100%' }} allowClear={false} data-testid="cycle-period" />
            </Form.Item>
          </Col>
        </Row>

        <Typography.Title level={5}>{f('population')}</Typography.Title>
        <Form.Item name={['population', 'unitIds']} label={f('units')} extra={f('unitsHelp')}>
          <TreeSelect<string[]>
            multiple
            treeData={unitTree}
            loading={units.isLoading}
            placeholder={f('allUnits')}
            showSearch={{ treeNodeFilterProp: 'title' }}
            treeDefaultExpandAll
            allowClear
            style={{ width: '100%' }}
            styles={{ popup: { root: { maxHeight: 400, overflow: 'auto' } } }}
            data-testid="cycle-units"
          />
        </Form.Item>
        <Form.Item name={['population', 'positionIds']} label={f('positions')}>
          <Select<string[]>
            mode="multiple"
            allowClear
            loading={positions.isLoading}
            placeholder={f('allPositions')}
            showSearch={{ optionFilterProp: 'label' }}
            options={(positions.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            data-testid="cycle-positions"
          />
        </Form.Item>
        <Form.Item name={['population', 'statuses']} label={f('statuses')} extra={f('statusesHelp')}>
          <Checkbox.Group
            options={(['probation', 'regular'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))}
            data-testid="cycle-statuses"
          />
        </Form.Item>
        <Form.Item name="peerReviews" label={f('peerReviews')} valuePropName="checked" extra={f('peerReviewsHelp')}>
          <Switch data-testid="cycle-peer" />
        </Form.Item>

        <Typography.Title level={5}>{f('deadlines')}</Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          {f('deadlinesHelp')}
        </Typography.Paragraph>
        <Row gutter={16}>
          {deadlineKeys
            .filter((k) => k !== 'peer' || peerReviews)
            .map((k) => (
              <Col xs={24} md={12} key={k}>
                <Form.Item name={['deadlines', k]} label={t(`reviews.deadlines.${k}`)}>
                  {datePicker(k)}
                </Form.Item>
              </Col>
            ))}
        </Row>
      </Form>
    </Drawer>
  );
}
