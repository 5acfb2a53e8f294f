import type { MetricView } from '@stride/contracts';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { translateIssue } from '../../lib/formErrors';
import type { MetricUnit } from '../metrics/format';
import type { AggregateField, AggregateFn, SpecDraft } from './describe';

export interface BuilderValues {
  key?: string;
  name?: { 'zh-CN'?: string; 'en-US'?: string };
  description?: string;
  unit?: MetricUnit;
  spec?: SpecDraft;
}

export const aggregateFns: readonly AggregateFn[] = ['sum', 'count', 'count_distinct', 'avg', 'min', 'max'];

/** What each aggregate may read: count needs nothing, distinct counts read customers or an attribute. */
export const fieldsFor: Record<AggregateFn, readonly AggregateField[]> = {
  sum: ['amount', 'quantity', 'attribute'],
  avg: ['amount', 'quantity', 'attribute'],
  min: ['amount', 'quantity', 'attribute'],
  max: ['amount', 'quantity', 'attribute'],
  count: [],
  count_distinct: ['customer', 'attribute'],
};

/** Customer tiers the demo data knows; any other tier can be typed in. */
export const knownTiers = ['high_value', 'standard'] as const;

export function initialValues(metric: MetricView | null): BuilderValues {
  if (!metric?.spec) {
    return {
      key: '',
      name: { 'zh-CN': '', 'en-US': '' },
      description: '',
      unit: 'CNY',
      spec: { kind: 'aggregate', fn: 'sum', field: 'amount', filter: { types: [] }, compare: 'previous' },
    };
  }
  const spec = metric.spec;
  const draft: SpecDraft = { compare: 'previous', fn: 'sum', field: 'amount', filter: { types: [] } };
  switch (spec.kind) {
    case 'aggregate':
      Object.assign(draft, {
        kind: 'aggregate',
        fn: spec.fn,
        field: spec.field,
        attributeKey: spec.attributeKey,
        filter: {
          types: [...spec.filter.types],
          customerTiers: spec.filter.customerTiers ? [...spec.filter.customerTiers] : [],
          attribute: spec.filter.attribute
            ? { key: spec.filter.attribute.key, values: [...spec.filter.attribute.values] }
            : undefined,
        },
      });
      break;
    case 'ratio':
      Object.assign(draft, { kind: 'ratio', numerator: spec.numerator, denominator: spec.denominator });
      break;
    case 'growth':
      Object.assign(draft, { kind: 'growth', base: spec.base, compare: spec.compare });
      break;
    case 'manual':
      draft.kind = 'manual';
      break;
  }
  return {
    key: metric.key,
    name: { ...metric.names },
    description: metric.description ?? '',
    unit: metric.unit,
    spec: draft,
  };
}

/** The unit that usually goes with a definition; null when there is no obvious one (manual metrics). */
export function suggestUnit(spec: SpecDraft | undefined): MetricUnit | null {
  switch (spec?.kind) {
    case 'ratio':
    case 'growth':
      return 'ratio';
    case 'aggregate':
      if (spec.fn === 'count' || spec.fn === 'count_distinct') return 'count';
      if (spec.field === 'amount') return 'CNY';
      return 'count';
    default:
      return null;
  }
}

const nonEmpty = (a: string[] | undefined) => (a ?? []).map((s) => s.trim()).filter(Boolean);

/** The `spec` of a request, holding only what the chosen kind uses (the form keeps the other kinds' inputs). */
export function toSpec(d: SpecDraft | undefined): unknown {
  switch (d?.kind) {
    case 'aggregate': {
      const fn = d.fn;
      const field = fn === 'count' ? undefined : d.field;
      const tiers = nonEmpty(d.filter?.customerTiers);
      const attrKey = d.filter?.attribute?.key?.trim();
      const attrValues = nonEmpty(d.filter?.attribute?.values);
      return {
        kind: 'aggregate',
        fn,
        ...(field ? { field } : {}),
        ...(field === 'attribute' ? { attributeKey: d.attributeKey?.trim() ?? '' } : {}),
        filter: {
          types: d.filter?.types ?? [],
          ...(tiers.length > 0 ? { customerTiers: tiers } : {}),
          ...(attrKey || attrValues.length > 0 ? { attribute: { key: attrKey ?? '', values: attrValues } } : {}),
        },
      };
    }
    case 'ratio':
      return { kind: 'ratio', numerator: d.numerator, denominator: d.denominator };
    case 'growth':
      return { kind: 'growth', base: d.base, compare: d.compare };
    case 'manual':
      return { kind: 'manual' };
    default:
      return { kind: undefined };
  }
}

export function toBody(v: BuilderValues) {
  return {
    name: { 'zh-CN': v.name?.['zh-CN'] ?? '', 'en-US': v.name?.['en-US'] ?? '' },
    description: v.description?.trim() ?? '',
    unit: v.unit,
    spec: toSpec(v.spec),
  };
}

/** The builder's inputs by dotted path, as the API names fields in its errors. */
const formPaths = [
  'key',
  'name.zh-CN',
  'name.en-US',
  'description',
  'unit',
  'spec.kind',
  'spec.fn',
  'spec.field',
  'spec.attributeKey',
  'spec.filter.types',
  'spec.filter.customerTiers',
  'spec.filter.attribute.key',
  'spec.filter.attribute.values',
  'spec.numerator',
  'spec.denominator',
  'spec.base',
  'spec.compare',
];

/**
 * The form input an error path belongs to: the longest input path it starts with (spec.filter.types.0 →
 * spec.filter.types), else the first input under it (name → name.zh-CN, spec → spec.kind). Null when none fits.
 */
export function formPathOf(field: string): string | null {
  const path = field.replace(/\[(\d+)\]/g, '.$1').replace(/^body\./, '');
  const within = formPaths.filter((p) => path === p || path.startsWith(`${p}.`)).sort((a, b) => b.length - a.length);
  if (within[0]) return within[0];
  return formPaths.find((p) => p.startsWith(`${path}.`)) ?? null;
}

export interface PathErrors {
  /** Errors that land on an input, by dotted path. */
  fields: Map<string, string[]>;
  /** Errors no input shows. */
  rest: string[];
}

export function groupErrors(entries: { field: string; message: string }[]): PathErrors {
  const fields = new Map<string, string[]>();
  const rest: string[] = [];
  for (const e of entries) {
    const path = e.field ? formPathOf(e.field) : null;
    if (!path) {
      if (!rest.includes(e.message)) rest.push(e.message);
      continue;
    }
    const list = fields.get(path) ?? [];
    if (!list.includes(e.message)) list.push(e.message);
    fields.set(path, list);
  }
  return { fields, rest };
}

/** A zod issue of the metric request schemas in the UI language. */
export function translateMetricIssue(issue: z.core.$ZodIssue, t: TFunction): string {
  if (issue.message === 'KEY_FORMAT') return t('metricLib.errors.keyFormat');
  if (issue.message === 'ATTRIBUTE_KEY_FORMAT') return t('metricLib.errors.attributeKeyFormat');
  if (issue.code === 'too_small' && issue.origin === 'array') return t('metricLib.errors.pickAtLeastOne');
  if (issue.code === 'too_big' && issue.origin === 'array') return t('metricLib.errors.tooMany');
  if (issue.code === 'invalid_union' || issue.code === 'invalid_type' || issue.code === 'invalid_value') {
    return t('validation.required');
  }
  return translateIssue(String(issue.path[0] ?? ''), issue, t);
}
