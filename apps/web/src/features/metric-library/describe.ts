import type { aggregateField, aggregateFn, MetricKind, MetricSpec } from '@stride/contracts';
import type { TFunction } from 'i18next';
import type { z } from 'zod';

export type AggregateFn = z.infer<typeof aggregateFn>;
export type AggregateField = z.infer<typeof aggregateField>;

/** A metric definition as the builder holds it while someone is still filling it in: anything may be missing. */
export interface SpecDraft {
  kind?: MetricKind;
  fn?: AggregateFn;
  field?: AggregateField;
  attributeKey?: string;
  filter?: {
    types?: string[];
    customerTiers?: string[];
    attribute?: { key?: string; values?: string[] };
  };
  numerator?: string;
  denominator?: string;
  base?: string;
  compare?: 'previous' | 'last_year';
}

export interface Namers {
  t: TFunction;
  metricName: (key: string) => string;
  typeName: (key: string) => string;
}

/** The display name of a customer tier: the known demo tiers are translated, anything else shows as entered. */
export function tierName(tier: string, t: TFunction): string {
  return t(`metricLib.tiers.${tier}`, { defaultValue: tier });
}

function list(items: string[], t: TFunction): string {
  return items.join(t('metricLib.summary.listSep'));
}

/**
 * One line of plain language for a metric definition, e.g. “订单金额合计，仅高价值客户”. Missing parts read as
 * “…”, so the line can follow the builder as it is filled in. Null without a kind.
 */
export function describeSpec(spec: SpecDraft | MetricSpec | null | undefined, n: Namers): string | null {
  if (!spec?.kind) return null;
  const { t } = n;
  const pick = t('metricLib.summary.pick');
  const s = spec as SpecDraft;
  switch (s.kind) {
    case 'manual':
      return t('metricLib.summary.manual');
    case 'ratio':
      return t('metricLib.summary.ratio', {
        numerator: s.numerator ? n.metricName(s.numerator) : pick,
        denominator: s.denominator ? n.metricName(s.denominator) : pick,
      });
    case 'growth':
      return t(s.compare === 'last_year' ? 'metricLib.summary.growthLastYear' : 'metricLib.summary.growthPrevious', {
        base: s.base ? n.metricName(s.base) : pick,
      });
    case 'aggregate': {
      const fn = s.fn ?? 'sum';
      const types = s.filter?.types?.length ? list(s.filter.types.map(n.typeName), t) : pick;
      const key = s.attributeKey?.trim() || pick;
      const field =
        fn === 'count'
          ? ''
          : s.field
            ? t(`metricLib.summary.${fn === 'count_distinct' ? 'distinctFields' : 'fields'}.${s.field}`, { key })
            : pick;
      let text = t(`metricLib.summary.fns.${fn}`, { types, field });
      const tiers = s.filter?.customerTiers?.filter(Boolean) ?? [];
      if (tiers.length > 0) {
        text += t('metricLib.summary.tiers', {
          tiers: list(
            tiers.map((x) => tierName(x, t)),
            t,
          ),
        });
      }
      const attr = s.filter?.attribute;
      if (attr && (attr.key?.trim() || attr.values?.length)) {
        text += t('metricLib.summary.attribute', {
          key: attr.key?.trim() || pick,
          values: attr.values?.length ? list(attr.values, t) : pick,
        });
      }
      return text;
    }
    default:
      return null;
  }
}
