import type { AlertRuleKind } from '@stride/contracts';
import { Col, Form, InputNumber, Row, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMetricDefinitions } from '../metrics/queries';

type ParamType = 'int' | 'number' | 'pct' | 'bool' | 'method' | 'metrics';

interface ParamSpec {
  key: string;
  type: ParamType;
  step?: number;
  /** Shown only for one cohort method. */
  method?: 'robust_z' | 'percentile';
  /** Label and help under another name (alerts.params.<text>) where a key means something else for the kind. */
  text?: string;
}

/** The parameters of each kind as the editor shows them; limits and defaults come from the contract's schema. */
const specs: Record<AlertRuleKind, ParamSpec[]> = {
  consecutive_decline: [
    { key: 'periods', type: 'int' },
    { key: 'minDropPct', type: 'pct' },
  ],
  attainment_below: [
    { key: 'thresholdPct', type: 'pct' },
    { key: 'n', type: 'int' },
    { key: 'm', type: 'int' },
  ],
  below_cohort: [
    { key: 'method', type: 'method' },
    { key: 'zThreshold', type: 'number', step: 0.1, method: 'robust_z' },
    { key: 'percentile', type: 'pct', method: 'percentile' },
    { key: 'minCohortSize', type: 'int' },
    { key: 'persistenceN', type: 'int' },
    { key: 'persistenceM', type: 'int' },
  ],
  activity_drop: [
    { key: 'baselinePeriods', type: 'int' },
    { key: 'lambda', type: 'number', step: 0.05 },
    { key: 'L', type: 'number', step: 0.5 },
    { key: 'k', type: 'number', step: 0.1 },
    { key: 'h', type: 'number', step: 0.5 },
    { key: 'headStart', type: 'bool' },
  ],
  post_regularization_slack: [
    { key: 'windowPeriods', type: 'int' },
    { key: 'dropPct', type: 'pct' },
    { key: 'minProbationPeriods', type: 'int' },
  ],
  no_activity: [{ key: 'days', type: 'int' }],
  combined_decline: [
    { key: 'alsoMetrics', type: 'metrics' },
    { key: 'levelPeriods', type: 'int' },
    { key: 'minLevelPeriods', type: 'int' },
    { key: 'window', type: 'int' },
    { key: 'k', type: 'number', step: 0.1, text: 'pooledK' },
    { key: 'h', type: 'number', step: 0.25, text: 'pooledH' },
    { key: 'minDropPct', type: 'pct', text: 'pooledMinDropPct' },
    { key: 'changePoint', type: 'bool' },
  ],
};

/** The parameter fields of one rule kind (名称 params.<key> in the form). */
export function RuleParamsFields({ kind }: { kind: AlertRuleKind }) {
  const { t } = useTranslation();
  const metrics = useMetricDefinitions();
  const method = Form.useWatch(['params', 'method']) as string | undefined;
  return (
    <Row gutter={12} data-testid="rule-params">
      {(specs[kind] ?? [])
        .filter((p) => !p.method || (method ?? 'robust_z') === p.method)
        .map((p) => (
          <Col xs={24} sm={p.type === 'metrics' ? 24 : 12} md={p.type === 'metrics' ? 24 : 8} key={`${kind}-${p.key}`}>
            <Form.Item
              name={['params', p.key]}
              label={t(`alerts.params.${p.text ?? p.key}.label`)}
              tooltip={t(`alerts.params.${p.text ?? p.key}.help`)}
              valuePropName={p.type === 'bool' ? 'checked' : 'value'}
            >
              {p.type === 'bool' ? (
                <Switch data-testid={`rule-param-${p.key}`} />
              ) : p.type === 'metrics' ? (
                <Select
                  mode="multiple"
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={metrics.isLoading}
                  options={(metrics.data ?? []).map((m) => ({ value: m.key, label: `${m.name} (${m.key})` }))}
                  data-testid={`rule-param-${p.key}`}
                />
              ) : p.type === 'method' ? (
                <Select
                  data-testid={`rule-param-${p.key}`}
                  options={(['robust_z', 'percentile'] as const).map((m) => ({
                    value: m,
                    label: t(`alerts.enums.${m}`),
                  }))}
                />
              ) : (
                <InputNumber
                  style={{ width: '100%' }}
                  step={p.step ?? 1}
                  precision={p.type === 'int' ? 0 : undefined}
                  suffix={p.type === 'pct' ? '%' : undefined}
                  data-testid={`rule-param-${p.key}`}
                />
              )}
            </Form.Item>
          </Col>
        ))}
    </Row>
  );
}
