import type { MetricView } from '@stride/contracts';
import { Alert, Col, Form, Input, Radio, Row, Select, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useActivityTypeOptions } from '../activities/queries';
import { aggregateFns, fieldsFor, knownTiers } from './builderForm';
import { type SpecDraft, tierName } from './describe';

interface MetricSpecFieldsProps {
  spec: SpecDraft | undefined;
  catalog: MetricView[];
  /** The metric being edited: it cannot be built on itself. */
  editingKey: string | null;
}

/** The inputs that depend on the kind of metric: what to aggregate, which metrics to divide or compare. */
export function MetricSpecFields({ spec, catalog, editingKey }: MetricSpecFieldsProps) {
  const { t } = useTranslation();
  const kind = spec?.kind;
  const fn = spec?.fn ?? 'sum';
  const field = spec?.field;
  const types = useActivityTypeOptions(spec?.filter?.types ?? []);

  // Ratios and growth rates read plain values; building them on other ratios or growth rates is refused.
  const operandOptions = useMemo(
    () =>
      catalog
        .filter((m) => m.key !== editingKey && m.kind !== 'ratio' && m.kind !== 'growth')
        .map((m) => ({ value: m.key, label: `${m.name} (${m.key})` })),
    [catalog, editingKey],
  );
  const baseOptions = useMemo(
    () =>
      catalog
        .filter((m) => m.key !== editingKey && m.kind !== 'growth')
        .map((m) => ({ value: m.key, label: `${m.name} (${m.key})` })),
    [catalog, editingKey],
  );
  const searchable = { optionFilterProp: 'label' };

  if (kind === 'manual') {
    return <Alert type="info" showIcon title={t('metricLib.builder.manualHint')} style={{ marginBottom: 16 }} />;
  }

  if (kind === 'ratio') {
    return (
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name={['spec', 'numerator']} label={t('metricLib.builder.numerator')} required>
            <Select
              options={operandOptions}
              showSearch={searchable}
              placeholder={t('metricLib.builder.pickMetric')}
              data-testid="metric-numerator"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={['spec', 'denominator']} label={t('metricLib.builder.denominator')} required>
            <Select
              options={operandOptions}
              showSearch={searchable}
              placeholder={t('metricLib.builder.pickMetric')}
              data-testid="metric-denominator"
            />
          </Form.Item>
        </Col>
      </Row>
    );
  }

  if (kind === 'growth') {
    return (
      <>
        <Form.Item name={['spec', 'base']} label={t('metricLib.builder.base')} required>
          <Select
            options={baseOptions}
            showSearch={searchable}
            placeholder={t('metricLib.builder.pickMetric')}
            data-testid="metric-base"
          />
        </Form.Item>
        <Form.Item name={['spec', 'compare']} label={t('metricLib.builder.compare')} required>
          <Radio.Group
            options={(['previous', 'last_year'] as const).map((c) => ({
              value: c,
              label: t(`metricLib.compare.${c}`),
            }))}
          />
        </Form.Item>
      </>
    );
  }

  if (kind !== 'aggregate') return null;

  const allowed = fieldsFor[fn];
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name={['spec', 'fn']} label={t('metricLib.builder.fn')} required>
            <Select
              options={aggregateFns.map((f) => ({ value: f, label: t(`metricLib.fns.${f}`) }))}
              data-testid="metric-fn"
            />
          </Form.Item>
        </Col>
        {allowed.length > 0 ? (
          <Col xs={24} md={12}>
            <Form.Item name={['spec', 'field']} label={t('metricLib.builder.field')} required>
              <Select
                options={allowed.map((f) => ({ value: f, label: t(`metricLib.aggFields.${f}`) }))}
                data-testid="metric-field"
              />
            </Form.Item>
          </Col>
        ) : null}
      </Row>
      {allowed.length > 0 && field === 'attribute' ? (
        <Form.Item
          name={['spec', 'attributeKey']}
          label={t('metricLib.builder.attributeKey')}
          extra={t(
            fn === 'count_distinct' ? 'metricLib.builder.attributeKeyHintAny' : 'metricLib.builder.attributeKeyHint',
          )}
          required
        >
          <Input maxLength={64} className="stride-mono" data-testid="metric-attribute-key" />
        </Form.Item>
      ) : null}
      <Form.Item name={['spec', 'filter', 'types']} label={t('metricLib.builder.types')} required>
        <Select
          mode="multiple"
          options={types.options}
          loading={types.isPending}
          showSearch={searchable}
          placeholder={t('metricLib.builder.typesPlaceholder')}
          data-testid="metric-types"
        />
      </Form.Item>
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
        {t('metricLib.builder.narrow')}
      </Typography.Text>
      <Form.Item
        name={['spec', 'filter', 'customerTiers']}
        label={t('metricLib.builder.tiers')}
        extra={t('metricLib.builder.tiersHint')}
      >
        <Select
          mode="tags"
          options={knownTiers.map((tier) => ({ value: tier, label: tierName(tier, t) }))}
          placeholder={t('metricLib.builder.tiersPlaceholder')}
          tokenSeparators={[',', '，']}
          data-testid="metric-tiers"
        />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <Form.Item name={['spec', 'filter', 'attribute', 'key']} label={t('metricLib.builder.attributeFilterKey')}>
            <Input
              maxLength={64}
              className="stride-mono"
              placeholder={t('metricLib.builder.attributeFilterKeyPlaceholder')}
              data-testid="metric-attribute-filter-key"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={14}>
          <Form.Item
            name={['spec', 'filter', 'attribute', 'values']}
            label={t('metricLib.builder.attributeFilterValues')}
          >
            <Select
              mode="tags"
              open={false}
              suffixIcon={null}
              tokenSeparators={[',', '，']}
              placeholder={t('metricLib.builder.attributeFilterValuesPlaceholder')}
              data-testid="metric-attribute-filter-values"
            />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
