import { BulbOutlined } from '@ant-design/icons';
import { createMetricRequest, type MetricView, updateMetricRequest } from '@stride/contracts';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Col,
  Drawer,
  Flex,
  Form,
  Grid,
  Input,
  Radio,
  Row,
  Select,
  Spin,
  Typography,
  theme,
} from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useActivityTypeName } from '../activities/queries';
import {
  type BuilderValues,
  fieldsFor,
  groupErrors,
  initialValues,
  suggestUnit,
  toBody,
  translateMetricIssue,
} from './builderForm';
import { describeSpec, type SpecDraft } from './describe';
import { MetricSpecFields } from './MetricSpecFields';
import { metricsKey, useCreateMetric, useUpdateMetric } from './queries';

const metricUnits = ['CNY', 'count', 'ratio', 'score'] as const;
type Unit = (typeof metricUnits)[number];

/** Ratios read as ratios or scores, growth rates as ratios (the server insists); the rest take any unit. */
function unitsFor(kind: SpecDraft['kind']): readonly Unit[] {
  if (kind === 'ratio') return ['ratio', 'score'];
  if (kind === 'growth') return ['ratio'];
  return metricUnits;
}
const kinds = ['aggregate', 'ratio', 'growth', 'manual'] as const;

/** The form value at a request path (the form holds the request's shape). */
function valueAt(values: unknown, path: readonly PropertyKey[]): unknown {
  let v = values;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** A nested input's name; antd's path type cannot follow paths built at run time. */
const at = (path: (string | number)[]) => path as unknown as NamePath<BuilderValues>;

/** Codes the server sends without a field that still belong to one input. */
const codeFields: Record<string, string> = { METRIC_KEY_TAKEN: 'key' };

interface MetricBuilderDrawerProps {
  open: boolean;
  /** The custom metric to edit (its current version), or null to create one. */
  metric: MetricView | null;
  catalog: MetricView[];
  onClose: () => void;
}

/** Create a custom metric, or save a new version of one, with a plain-language summary as it is built. */
export function MetricBuilderDrawer({ open, metric, catalog, onClose }: MetricBuilderDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const { token } = theme.useToken();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<BuilderValues>();
  const create = useCreateMetric();
  const update = useUpdateMetric();
  const saving = create.isPending || update.isPending;
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const unitTouched = useRef(false);
  const typeName = useActivityTypeName();

  const spec = Form.useWatch('spec', { form, preserve: true }) as SpecDraft | undefined;
  const names = useMemo(() => new Map(catalog.map((m) => [m.key, m.name])), [catalog]);
  const summary = describeSpec(spec, { t, typeName, metricName: (k) => names.get(k) ?? k });

  // (Re)load the form when it opens and when the definition under edit changes (after a version conflict).
  const loaded = open ? `${metric?.key ?? ''}@${metric?.version ?? ''}` : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `loaded` stands for the definition being edited
  useEffect(() => {
    if (loaded === null) return;
    form.resetFields();
    form.setFieldsValue(initialValues(metric));
    setFormError(null);
    unitTouched.current = Boolean(metric);
  }, [loaded, form]);

  useEffect(() => {
    if (!open) setConflict(null);
  }, [open]);

  const onValuesChange = (changed: Partial<BuilderValues>) => {
    if ('unit' in changed) unitTouched.current = true;
    const sc = changed.spec;
    if (!sc) return;
    const current = form.getFieldsValue(true) as BuilderValues;
    const fn = current.spec?.fn;
    if (('fn' in sc || 'kind' in sc) && current.spec?.kind === 'aggregate' && fn) {
      const allowed = fieldsFor[fn];
      const field = current.spec.field;
      if (allowed.length > 0 && (!field || !allowed.includes(field))) form.setFieldValue(['spec', 'field'], allowed[0]);
    }
    const next = form.getFieldsValue(true) as BuilderValues;
    const fits = unitsFor(next.spec?.kind);
    if (!unitTouched.current || !next.unit || !fits.includes(next.unit)) {
      const unit = suggestUnit(next.spec);
      if (unit && fits.includes(unit)) form.setFieldValue('unit', unit);
      else if (!next.unit || !fits.includes(next.unit)) form.setFieldValue('unit', fits[0]);
    }
  };

  /** Puts each message on its input, or on the form when that input is not on screen. */
  const showErrors = (entries: { field: string; message: string }[], lead: string | null) => {
    const current = form.getFieldsError();
    form.setFields(current.filter((f) => f.errors.length > 0).map((f) => ({ name: at(f.name), errors: [] })));
    const registered = new Set(current.map((f) => f.name.join('.')));
    const { fields, rest } = groupErrors(entries);
    const shown: { name: NamePath<BuilderValues>; errors: string[] }[] = [];
    for (const [path, errors] of fields) {
      if (registered.has(path)) shown.push({ name: at(path.split('.')), errors });
      else rest.push(...errors);
    }
    form.setFields(shown);
    const text = [lead, ...rest].filter(Boolean).join(' ');
    setFormError(text || null);
  };

  const onFinish = async () => {
    setFormError(null);
    setConflict(null);
    const values = form.getFieldsValue(true) as BuilderValues;
    const body = toBody(values);
    const parsed = metric
      ? updateMetricRequest.safeParse({ ...body, expectedVersion: metric.version })
      : createMetricRequest.safeParse({ key: values.key?.trim() ?? '', ...body });
    if (!parsed.success) {
      const entries = parsed.error.issues.map((i) => ({
        field: i.path.map(String).join('.'),
        message: isBlank(valueAt(values, i.path)) ? t('validation.required') : translateMetricIssue(i, t),
      }));
      showErrors(entries, null);
      return;
    }
    try {
      if (metric && 'expectedVersion' in parsed.data) {
        const saved = await update.mutateAsync({ key: metric.key, body: parsed.data });
        void message.success(t('metricLib.updated', { version: saved.version }));
      } else if ('key' in parsed.data) {
        await create.mutateAsync(parsed.data);
        void message.success(t('metricLib.created'));
      }
      onClose();
    } catch (err) {
      if (!isApiError(err)) {
        setFormError(t('errors.generic'));
        return;
      }
      if ((err.code as string) === 'METRIC_VERSION_CONFLICT') {
        // Someone saved a newer version: show theirs (the form reloads when the catalog does).
        setConflict(err.problem.detail);
        await queryClient.refetchQueries({ queryKey: metricsKey });
        return;
      }
      const entries = err.fieldErrors.map((e) => ({ field: e.field, message: e.message }));
      const codeField = codeFields[err.code as string];
      if (entries.length === 0 && codeField) entries.push({ field: codeField, message: err.problem.detail });
      showErrors(entries, entries.length > 0 ? null : err.problem.detail);
    }
  };

  const kind = spec?.kind;
  return (
    <Drawer
      title={metric ? t('metricLib.builder.editTitle', { name: metric.name }) : t('metricLib.builder.createTitle')}
      open={open}
      onClose={() => !saving && onClose()}
      size={screens.md === false ? '100%' : 680}
      forceRender
      mask={{ closable: false }}
      data-testid="metric-builder"
      footer={
        // The summary sits by the save button, so it stays in view however long the form gets.
        <Flex justify="space-between" align="center" gap={12} wrap>
          <Flex gap={8} align="flex-start" style={{ flex: '1 1 260px', minWidth: 0 }} data-testid="metric-summary">
            <BulbOutlined style={{ color: token.colorSuccess, marginTop: 4 }} />
            <div style={{ minWidth: 0 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                {t('metricLib.builder.summaryLabel')}
              </Typography.Text>
              <Typography.Text strong={Boolean(summary)} type={summary ? undefined : 'secondary'}>
                {summary ?? t('metricLib.builder.summaryEmpty')}
              </Typography.Text>
            </div>
          </Flex>
          <Flex gap={8} style={{ marginInlineStart: 'auto' }}>
            <Button onClick={onClose} disabled={saving}>
              {t('common.cancel')}
            </Button>
            <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="metric-save">
              {saving ? t('metricLib.builder.saving') : t('common.save')}
            </Button>
          </Flex>
        </Flex>
      }
    >
      <Spin spinning={saving} description={t('metricLib.builder.recomputing')}>
        {conflict ? (
          <Alert
            type="warning"
            showIcon
            title={t('metricLib.builder.conflictTitle')}
            description={`${conflict} ${t('metricLib.builder.conflictReloaded', { version: metric?.version ?? '' })}`}
            style={{ marginBottom: 16 }}
            data-testid="metric-conflict"
          />
        ) : null}
        {formError ? (
          <Alert
            type="error"
            showIcon
            title={formError}
            style={{ marginBottom: 16 }}
            closable={{ onClose: () => setFormError(null) }}
            data-testid="metric-form-error"
          />
        ) : null}
        {metric ? (
          <Alert
            type="info"
            title={t('metricLib.builder.versionHint', { version: metric.version, next: (metric.version ?? 0) + 1 })}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        <Form<BuilderValues>
          form={form}
          layout="vertical"
          onFinish={onFinish}
          onValuesChange={onValuesChange}
          scrollToFirstError
        >
          <Form.Item
            name="key"
            label={t('metricLib.fields.key')}
            extra={metric ? t('metricLib.builder.keyFixed') : t('metricLib.builder.keyHint')}
            required={!metric}
          >
            <Input maxLength={40} className="stride-mono" disabled={Boolean(metric)} data-testid="metric-key" />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name={['name', 'zh-CN']} label={t('metricLib.fields.nameZh')} required>
                <Input maxLength={60} data-testid="metric-name-zh" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['name', 'en-US']} label={t('metricLib.fields.nameEn')} required>
                <Input maxLength={60} data-testid="metric-name-en" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="description" label={t('metricLib.fields.description')}>
            <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="metric-description" />
          </Form.Item>
          <Form.Item name={['spec', 'kind']} label={t('metricLib.fields.kind')} required style={{ marginBottom: 4 }}>
            <Radio.Group optionType="button" buttonStyle="solid">
              {kinds.map((k) => (
                <Radio.Button key={k} value={k}>
                  <span data-testid={`metric-kind-${k}`}>{t(`metricLib.kinds.${k}`)}</span>
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 16 }}>
            {kind ? t(`metricLib.kindHelp.${kind}`) : null}
          </Typography.Paragraph>
          <MetricSpecFields spec={spec} catalog={catalog} editingKey={metric?.key ?? null} />
          <Form.Item name="unit" label={t('metricLib.fields.unit')} required>
            <Select
              options={unitsFor(kind).map((u) => ({ value: u, label: t(`metricLib.units.${u}`) }))}
              style={{ maxWidth: 240 }}
              data-testid="metric-unit"
            />
          </Form.Item>
        </Form>
      </Spin>
    </Drawer>
  );
}
