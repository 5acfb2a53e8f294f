import { ExperimentOutlined } from '@ant-design/icons';
import { type AlertRule, type AlertRuleInput, type AlertRuleKind, alertRuleKinds } from '@stride/contracts';
import {
  Alert,
  App,
  Button,
  Col,
  Divider,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Switch,
  TreeSelect,
  Typography,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useMetricDefinitions } from '../metrics/queries';
import { useOrgUnits } from '../org/queries';
import { buildUnitTree, type UnitNode } from '../org/tree';
import { usePositions } from '../positions/queries';
import { periodTypesFor, severityOrder } from './bits';
import { useAlertRulePreview, useCreateAlertRule, useUpdateAlertRule } from './queries';
import { RecipientsFields } from './RecipientsFields';
import { RuleParamsFields } from './RuleParamsFields';
import { RulePreview } from './RulePreview';
import {
  initialRuleValues,
  type RuleFieldError,
  type RuleFormValues,
  serverRuleErrors,
  validateRule,
  valuesForKind,
} from './ruleForm';

interface Props {
  open: boolean;
  /** The rule to edit, or null for a new one. */
  rule: AlertRule | null;
  onClose: () => void;
  /** A stale version (409): the list is reloaded and the editor shows the latest version. */
  onConflict: () => void;
}

interface TreeOption {
  value: string;
  title: string;
  children: TreeOption[];
}

const toTree = (nodes: UnitNode[]): TreeOption[] =>
  nodes.map((n) => ({ value: n.id, title: n.name, children: toTree(n.children) }));

function Section({ title }: { title: string }) {
  return (
    <Divider titlePlacement="start" style={{ marginTop: 8 }}>
      <Typography.Text strong>{title}</Typography.Text>
    </Divider>
  );
}

/** Create or edit an alert rule: method, metric, parameters, scope, severity, data requirements, recipients, preview. */
export function RuleEditorDrawer({ open, rule, onClose, onConflict }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RuleFormValues>();
  const create = useCreateAlertRule();
  const update = useUpdateAlertRule();
  const preview = useAlertRulePreview();
  const metrics = useMetricDefinitions();
  const positions = usePositions(open);
  const units = useOrgUnits(open);
  const [formError, setFormError] = useState<string | null>(null);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [previewStale, setPreviewStale] = useState(false);
  const previewRef = useRef<HTMLDivElement>(null);
  const kind = (Form.useWatch('kind', form) ?? rule?.kind ?? 'attainment_below') as AlertRuleKind;
  const enabled = Form.useWatch('enabled', form);

  const loaded = open ? `${rule?.id ?? 'new'}@${rule?.version ?? 0}` : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `loaded` stands for the rule (and version) being edited
  useEffect(() => {
    if (loaded === null) return;
    form.resetFields();
    form.setFieldsValue(initialRuleValues(rule));
    setFormError(null);
    setUnplaced([]);
    setPreviewError(null);
    setPreviewStale(false);
    preview.reset();
  }, [loaded, form]);

  const unitTree = useMemo(() => toTree(buildUnitTree(units.data ?? [])), [units.data]);
  const metricOptions = useMemo(
    () => (metrics.data ?? []).map((m) => ({ value: m.key, label: `${m.name} (${m.key})` })),
    [metrics.data],
  );

  /** Puts errors on their fields; those without a field on screen are listed at the top. */
  const showErrors = (errors: RuleFieldError[]) => {
    form.setFields(errors.map((e) => ({ name: e.name as never, errors: e.errors })));
    const shown = new Set(
      form
        .getFieldsError()
        .filter((f) => f.errors.length > 0)
        .map((f) => JSON.stringify(f.name)),
    );
    setUnplaced(
      errors
        .filter((e) => !shown.has(JSON.stringify(e.name)))
        .flatMap((e) => e.errors.map((m) => `${e.name.join('.')}: ${m}`)),
    );
  };

  const clearErrors = () => {
    setFormError(null);
    setUnplaced([]);
    form.setFields(
      form
        .getFieldsError()
        .filter((f) => f.errors.length > 0)
        .map((f) => ({ name: f.name as never, errors: [] })),
    );
  };

  /** The form's values as a rule input, or null (with the errors shown) when the contract refuses them. */
  const checked = (): AlertRuleInput | null => {
    clearErrors();
    const { input, errors } = validateRule(form.getFieldsValue(true) as RuleFormValues, t);
    if (errors.length) {
      showErrors(errors);
      setFormError(t('alerts.editor.fixErrors'));
      return null;
    }
    return input;
  };

  const onKindChange = (next: AlertRuleKind) => {
    form.setFieldsValue(valuesForKind(next, form.getFieldsValue(true) as RuleFormValues));
    clearErrors();
    preview.reset();
    setPreviewError(null);
  };

  const runPreview = () => {
    const input = checked();
    if (!input) return;
    setPreviewError(null);
    // The result shows at the foot of the form: bring it into view while it runs.
    setTimeout(() => previewRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 50);
    preview.mutate(input, {
      onSuccess: () => setPreviewStale(false),
      onError: (err) => {
        if (isApiError(err)) {
          const fields = serverRuleErrors(err);
          if (fields.length) showErrors(fields);
          setPreviewError(err.problem.detail);
        } else setPreviewError(t('errors.generic'));
      },
    });
  };

  const save = async () => {
    const input = checked();
    if (!input) return;
    try {
      if (rule) await update.mutateAsync({ id: rule.id, rule: input, version: rule.version });
      else await create.mutateAsync(input);
      void message.success(t('alerts.editor.saved'));
      onClose();
    } catch (err) {
      if (isApiError(err) && err.status === 409) {
        void message.warning(err.problem.detail);
        onConflict();
        return;
      }
      if (isApiError(err)) {
        const fields = serverRuleErrors(err);
        if (fields.length) showErrors(fields);
        setFormError(err.problem.detail);
      } else setFormError(t('errors.generic'));
    }
  };

  const periodTypes = periodTypesFor(kind);

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={960}
      destroyOnHidden
      title={rule ? t('alerts.editor.titleEdit', { name: rule.name }) : t('alerts.editor.titleNew')}
      data-testid="rule-editor"
      extra={
        <>
          <Button
            icon={<ExperimentOutlined />}
            onClick={runPreview}
            loading={preview.isPending}
            style={{ marginInlineEnd: 8 }}
            data-testid="rule-preview-run"
          >
            {t('alerts.preview.run')}
          </Button>
          <Button
            type="primary"
            onClick={() => void save()}
            loading={create.isPending || update.isPending}
            data-testid="rule-save"
          >
            {t('common.save')}
          </Button>
        </>
      }
    >
      {formError ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={formError}
          description={
            unplaced.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="rule-errors">
                {unplaced.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            ) : null
          }
          data-testid="rule-form-error"
        />
      ) : null}
      <Form<RuleFormValues>
        form={form}
        layout="vertical"
        onValuesChange={() => {
          if (preview.data) setPreviewStale(true);
        }}
      >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('alerts.editor.name')} required>
              <Input maxLength={100} data-testid="rule-name" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="severity" label={t('alerts.columns.severity')}>
              <Radio.Group
                optionType="button"
                options={severityOrder.map((s) => ({ value: s, label: t(`alerts.severities.${s}`) }))}
                data-testid="rule-severity"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="enabled" label={t('alerts.rules.enabled')} valuePropName="checked">
              <Switch data-testid="rule-enabled" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="kind"
          label={t('alerts.editor.kind')}
          extra={rule ? t('alerts.editor.kindFixed') : t(`alerts.kindHelp.${kind}`)}
        >
          <Select<AlertRuleKind>
            disabled={Boolean(rule)}
            onChange={onKindChange}
            optionLabelProp="title"
            data-testid="rule-kind"
            options={alertRuleKinds.map((k) => ({
              value: k,
              title: t(`alerts.kinds.${k}`),
              label: (
                <div style={{ whiteSpace: 'normal', lineHeight: 1.4, padding: '2px 0' }}>
                  <div>{t(`alerts.kinds.${k}`)}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`alerts.kindHelp.${k}`)}
                  </Typography.Text>
                </div>
              ),
            }))}
          />
        </Form.Item>
        {rule ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
            {t(`alerts.kindHelp.${kind}`)}
          </Typography.Paragraph>
        ) : null}
        <Row gutter={12}>
          {kind !== 'no_activity' ? (
            <Col xs={24} md={12}>
              <Form.Item name="metricKey" label={t('alerts.editor.metric')} required>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={metrics.isLoading}
                  options={metricOptions}
                  data-testid="rule-metric"
                />
              </Form.Item>
            </Col>
          ) : null}
          <Col xs={24} md={12}>
            <Form.Item
              name="periodType"
              label={t('alerts.editor.periodType')}
              extra={t('alerts.editor.periodTypeHint')}
            >
              <Radio.Group
                optionType="button"
                options={periodTypes.map((p) => ({ value: p, label: t(`alerts.periodTypes.${p}`) }))}
                data-testid="rule-period-type"
              />
            </Form.Item>
          </Col>
        </Row>

        <Section title={t('alerts.editor.params')} />
        <RuleParamsFields kind={kind} />

        <Section title={t('alerts.editor.falseAlarms')} />
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item
              name="minPeriods"
              label={t('alerts.editor.minPeriods')}
              tooltip={t('alerts.editor.minPeriodsHelp')}
            >
              <InputNumber style={{ width: '100%' }} precision={0} data-testid="rule-min-periods" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name="cooldownDays"
              label={t('alerts.editor.cooldownDays')}
              tooltip={t('alerts.editor.cooldownDaysHelp')}
            >
              <InputNumber style={{ width: '100%' }} precision={0} suffix={t('alerts.editor.days')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name="recoverAfter"
              label={t('alerts.editor.recoverAfter')}
              tooltip={t('alerts.editor.recoverAfterHelp')}
            >
              <InputNumber style={{ width: '100%' }} precision={0} />
            </Form.Item>
          </Col>
        </Row>

        <Section title={t('alerts.editor.scope')} />
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {t('alerts.editor.scopeHint')}
        </Typography.Paragraph>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name={['scope', 'unitIds']} label={t('alerts.editor.units')}>
              <TreeSelect
                multiple
                treeData={unitTree}
                loading={units.isLoading}
                placeholder={t('alerts.editor.allUnits')}
                showSearch={{ treeNodeFilterProp: 'title' }}
                treeDefaultExpandAll
                allowClear
                data-testid="rule-scope-units"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={['scope', 'positionIds']} label={t('alerts.editor.positions')}>
              <Select
                mode="multiple"
                allowClear
                loading={positions.isLoading}
                placeholder={t('alerts.editor.allPositions')}
                showSearch={{ optionFilterProp: 'label' }}
                options={(positions.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={['scope', 'stages']} label={t('alerts.editor.stages')}>
              <Select
                mode="multiple"
                allowClear
                placeholder={t('alerts.editor.allStages')}
                options={(['probation', 'early', 'tenured'] as const).map((s) => ({
                  value: s,
                  label: t(`alerts.stages.${s}`),
                }))}
              />
            </Form.Item>
          </Col>
        </Row>

        <Section title={t('alerts.editor.recipients')} />
        <RecipientsFields />

        <Section title={t('alerts.preview.section')} />
        <Typography.Paragraph type="secondary">{t('alerts.preview.intro')}</Typography.Paragraph>
        {enabled === false ? (
          <Typography.Paragraph type="secondary">{t('alerts.preview.disabledNote')}</Typography.Paragraph>
        ) : null}
        <Button
          icon={<ExperimentOutlined />}
          onClick={runPreview}
          loading={preview.isPending}
          style={{ marginBottom: 12 }}
          data-testid="rule-preview-run-inline"
        >
          {t('alerts.preview.run')}
        </Button>
        <div ref={previewRef}>
          <RulePreview result={preview.data} loading={preview.isPending} error={previewError} stale={previewStale} />
        </div>
      </Form>
    </Drawer>
  );
}
