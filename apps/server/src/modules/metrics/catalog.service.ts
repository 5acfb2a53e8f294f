import {
  type activityFilter,
  builtinActivityTypes,
  type Locale,
  type MetricSpec,
  type MetricView,
  type metricUnit,
} from '@stride/contracts';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client';
import { activityTypes } from '../../db/schema';
import type { FieldError } from '../../lib/errors';
import { builtinMetrics, PERIOD_START, PERIOD_TYPE } from './metric-library';

type Unit = z.infer<typeof metricUnit>;
type Filter = z.infer<typeof activityFilter>;
type AggregateSpec = Extract<MetricSpec, { kind: 'aggregate' }>;

/** One metric of an organization's catalog: a built-in one or the current version of a custom one. */
export interface CatalogMetric {
  key: string;
  names: Record<Locale, string>;
  description: string | null;
  /** A built-in metric's description in each language (a custom one has the one its author wrote). */
  descriptions: Record<Locale, string> | null;
  unit: Unit;
  kind: MetricView['kind'];
  version: number | null;
  spec: MetricSpec | null;
  /** Activity types behind the value (the drill-down); empty for manual metrics. */
  types: string[];
  /** SQL aggregate over `a` for built-in and aggregate metrics (literals quoted, keys validated). */
  aggregateSql: string | null;
  /** Exactly the facts the value counts, as a condition on the `activities` table (the drill-down); null: none (manual). */
  facts: string | null;
  /** A team's or a longer period's value is the sum of its parts: money and counts of facts, not distinct counts or ratios. */
  additive: boolean;
  /**
   * Kept by deltas (metrics.service.ts): a count or a sum of a decimal column of single facts, so new facts change
   * a stored value by their own aggregate, whatever else the period holds.
   */
  delta: boolean;
  /**
   * For a metric with facts behind it that is not kept by deltas: the condition on a new fact `a` under which it can
   * change the value (its person-periods are then recomputed from their facts). Null: none (manual, ratio, growth).
   */
  touches: string | null;
  /**
   * Set for a metric whose value compares the period with the one before (its SQL holds PERIOD_START and
   * PERIOD_TYPE: see forPeriod): the condition on `a` of the facts that can matter to it.
   */
  periodScan: string | null;
  /** The values computed over sets (metric-library.ts, MetricDefinition.sets); null: by the aggregate alone. */
  sets: { all: string; keyed?: string } | null;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export interface Catalog {
  metrics: CatalogMetric[];
  byKey: Map<string, CatalogMetric>;
}

/** A SQL string literal. Input never holds NUL (input-guard refuses it); quotes are doubled. */
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const list = (values: readonly string[]) => values.map(lit).join(', ');

/** The condition an aggregate's filter puts on an activity row `a`. */
export function filterSql(filter: Filter, alias = 'a'): string {
  const parts = [`${alias}.type in (${list(filter.types)})`];
  if (filter.customerTiers?.length) parts.push(`${alias}.customer_tier in (${list(filter.customerTiers)})`);
  if (filter.attribute)
    parts.push(`(${alias}.attributes->>${lit(filter.attribute.key)}) in (${list(filter.attribute.values)})`);
  return parts.join(' and ');
}

const NUMERIC_TEXT = `'^-?[0-9]+(\\.[0-9]+)?$'`;

function readSql(spec: AggregateSpec): string {
  switch (spec.field) {
    case 'amount':
      return 'a.amount';
    case 'quantity':
      return 'a.quantity';
    case 'customer':
      return 'a.customer_external_id';
    case 'attribute': {
      const raw = `(a.attributes->>${lit(spec.attributeKey ?? '')})`;
      // Numbers for sums and averages (anything else in the attribute is ignored); text for distinct counts.
      return spec.fn === 'count_distinct' ? raw : `(case when ${raw} ~ ${NUMERIC_TEXT} then ${raw}::numeric end)`;
    }
    default:
      return 'a.amount';
  }
}

/** Compiles an aggregate definition to one SQL aggregate over the activities of a person-period. */
export function aggregateSql(spec: AggregateSpec): string {
  const where = filterSql(spec.filter);
  switch (spec.fn) {
    case 'count':
      return `count(*) filter (where ${where})`;
    case 'count_distinct':
      return `count(distinct ${readSql(spec)}) filter (where ${where})`;
    case 'sum':
      return `coalesce(sum(${readSql(spec)}) filter (where ${where}), 0)`;
    default:
      return `${spec.fn}(${readSql(spec)}) filter (where ${where})`;
  }
}

function builtinEntries(): CatalogMetric[] {
  return builtinMetrics.map((m) => ({
    key: m.key,
    names: m.name,
    description: null,
    descriptions: m.description,
    unit: m.unit,
    kind: 'builtin' as const,
    version: null,
    spec: null,
    types: [...m.types],
    aggregateSql: m.sql,
    facts: m.facts ? m.facts('activities') : `activities.type in (${list(m.types)})`,
    additive: m.additive,
    delta: m.additive && !m.sets && !m.periodAware,
    touches: m.periodAware ? m.periodAware.scan('a') : m.facts ? m.facts('a') : `a.type in (${list(m.types)})`,
    periodScan: m.periodAware ? m.periodAware.scan('a') : null,
    sets: m.sets ?? null,
    updatedAt: null,
    updatedBy: null,
  }));
}

/** The types behind a derived metric are those of the metrics it is built on. */
function typesOf(spec: MetricSpec, byKey: Map<string, CatalogMetric>): string[] {
  switch (spec.kind) {
    case 'aggregate':
      return [...spec.filter.types];
    case 'ratio':
      return [...new Set([...(byKey.get(spec.numerator)?.types ?? []), ...(byKey.get(spec.denominator)?.types ?? [])])];
    case 'growth':
      return byKey.get(spec.base)?.types ?? [];
    default:
      return [];
  }
}

/** The facts behind a custom metric's value, as a condition on the activities table; null for manual values. */
function factsOf(spec: MetricSpec, byKey: Map<string, CatalogMetric>): string | null {
  switch (spec.kind) {
    case 'aggregate': {
      const where = filterSql(spec.filter, 'activities');
      // A distinct count counts only facts that name what it counts.
      if (spec.fn === 'count_distinct' && spec.field === 'customer')
        return `${where} and activities.customer_external_id is not null`;
      if (spec.fn === 'count_distinct' && spec.field === 'attribute')
        return `${where} and (activities.attributes->>${lit(spec.attributeKey ?? '')}) is not null`;
      return where;
    }
    case 'ratio': {
      const parts = [byKey.get(spec.numerator)?.facts, byKey.get(spec.denominator)?.facts].filter((f): f is string =>
        Boolean(f),
      );
      return parts.length ? parts.map((f) => `(${f})`).join(' or ') : null;
    }
    case 'growth':
      return byKey.get(spec.base)?.facts ?? null;
    default:
      return null;
  }
}

export interface DefinitionRow {
  key: string;
  version: number;
  name_zh: string;
  name_en: string;
  description: string | null;
  unit: string;
  spec: MetricSpec;
  is_active: boolean;
  created_at: Date | string;
  created_by: string | null;
}

/** Built-in metrics plus the current, active version of each custom metric of the organization. */
export async function loadCatalog(db: DbOrTx, orgId: string): Promise<Catalog> {
  const rows = await queryRows<DefinitionRow>(
    db,
    sql`select distinct on (d.key) d.key, d.version, d.name_zh, d.name_en, d.description, d.unit, d.spec, d.is_active,
          d.created_at, u.username as created_by
        from metric_definitions d left join users u on u.id = d.created_by
        where d.org_id = ${orgId}
        order by d.key, d.version desc`,
  );
  const metrics = builtinEntries();
  const byKey = new Map(metrics.map((m) => [m.key, m]));
  // Aggregates and manual metrics first, so ratios and growths can name the types of what they are built on.
  const order: Record<MetricSpec['kind'], number> = { aggregate: 0, manual: 0, ratio: 1, growth: 2 };
  const active = rows.filter((r) => r.is_active).sort((a, b) => order[a.spec.kind] - order[b.spec.kind]);
  for (const r of active) {
    const entry: CatalogMetric = {
      key: r.key,
      names: { 'zh-CN': r.name_zh, 'en-US': r.name_en },
      description: r.description,
      descriptions: null,
      unit: r.unit as Unit,
      kind: r.spec.kind,
      version: r.version,
      spec: r.spec,
      types: typesOf(r.spec, byKey),
      aggregateSql: r.spec.kind === 'aggregate' ? aggregateSql(r.spec) : null,
      facts: factsOf(r.spec, byKey),
      additive: r.spec.kind === 'aggregate' && (r.spec.fn === 'count' || r.spec.fn === 'sum'),
      // A sum of an attribute is not: its numbers may carry more decimals than a stored value keeps, and a total
      // rounded once can differ from rounded parts added up.
      delta:
        r.spec.kind === 'aggregate' &&
        (r.spec.fn === 'count' || (r.spec.fn === 'sum' && (r.spec.field === 'amount' || r.spec.field === 'quantity'))),
      touches: r.spec.kind === 'aggregate' ? filterSql(r.spec.filter, 'a') : null,
      periodScan: null,
      sets: null,
      updatedAt: new Date(r.created_at),
      updatedBy: r.created_by,
    };
    metrics.push(entry);
    byKey.set(r.key, entry);
  }
  return { metrics, byKey };
}

export function presentMetric(m: CatalogMetric, locale: Locale): MetricView {
  return {
    key: m.key,
    name: m.names[locale],
    names: m.names,
    description: m.descriptions?.[locale] ?? m.description,
    unit: m.unit,
    kind: m.kind,
    builtin: m.kind === 'builtin',
    version: m.version,
    spec: m.spec,
    activityTypes: m.types,
    updatedAt: m.updatedAt?.toISOString() ?? null,
    updatedBy: m.updatedBy,
  };
}

/** Metrics whose values are computed from others (directly or through others) of the given keys. */
export function dependentsOf(catalog: Catalog, keys: readonly string[]): string[] {
  const found = new Set(keys);
  let grew = true;
  while (grew) {
    grew = false;
    for (const m of catalog.metrics) {
      if (found.has(m.key) || !m.spec) continue;
      const uses =
        m.spec.kind === 'ratio'
          ? [m.spec.numerator, m.spec.denominator]
          : m.spec.kind === 'growth'
            ? [m.spec.base]
            : [];
      if (uses.some((u) => found.has(u))) {
        found.add(m.key);
        grew = true;
      }
    }
  }
  return [...found];
}

/** Active activity types of an organization: the built-in ones and its own. */
export async function knownActivityTypes(db: DbOrTx, orgId: string): Promise<Set<string>> {
  const rows = await db
    .select({ key: activityTypes.key })
    .from(activityTypes)
    .where(and(eq(activityTypes.orgId, orgId), eq(activityTypes.isActive, true)));
  return new Set([...builtinActivityTypes, ...rows.map((r) => r.key)]);
}

/**
 * Checks a definition against the catalog it joins: the key is free, the fields fit the aggregate,
 * the activity types exist, and a derived metric is built on metrics that exist (and not on itself).
 */
export function validateDefinition(
  catalog: Catalog,
  known: Set<string>,
  key: string,
  unit: Unit,
  spec: MetricSpec,
): FieldError[] {
  const errors: FieldError[] = [];
  const operand = (field: string, ref: string, allowed: MetricView['kind'][]) => {
    const m = catalog.byKey.get(ref);
    if (!m || ref === key) errors.push({ field, code: 'UNKNOWN_METRIC' });
    else if (!allowed.includes(m.kind)) errors.push({ field, code: 'METRIC_OPERAND_KIND' });
    else if (dependentsOf(catalog, [key]).includes(ref)) errors.push({ field, code: 'METRIC_CYCLE' });
  };
  switch (spec.kind) {
    case 'aggregate': {
      spec.filter.types.forEach((t, i) => {
        if (!known.has(t)) errors.push({ field: `spec.filter.types.${i}`, code: 'UNKNOWN_ACTIVITY_TYPE' });
      });
      const numeric = ['amount', 'quantity', 'attribute'];
      if (spec.fn === 'count') {
        if (spec.field) errors.push({ field: 'spec.field', code: 'METRIC_FIELD_NOT_ALLOWED' });
      } else if (spec.fn === 'count_distinct') {
        if (!spec.field || !['customer', 'attribute'].includes(spec.field))
          errors.push({ field: 'spec.field', code: 'METRIC_FIELD_DISTINCT' });
      } else if (!spec.field || !numeric.includes(spec.field)) {
        errors.push({ field: 'spec.field', code: 'METRIC_FIELD_NUMERIC' });
      }
      if (spec.field === 'attribute' && !spec.attributeKey)
        errors.push({ field: 'spec.attributeKey', code: 'REQUIRED' });
      if (spec.field !== 'attribute' && spec.attributeKey)
        errors.push({ field: 'spec.attributeKey', code: 'METRIC_FIELD_NOT_ALLOWED' });
      break;
    }
    case 'ratio':
      operand('spec.numerator', spec.numerator, ['builtin', 'aggregate', 'manual']);
      operand('spec.denominator', spec.denominator, ['builtin', 'aggregate', 'manual']);
      if (unit !== 'ratio' && unit !== 'score') errors.push({ field: 'unit', code: 'METRIC_UNIT_RATIO' });
      break;
    case 'growth':
      operand('spec.base', spec.base, ['builtin', 'aggregate', 'manual', 'ratio']);
      if (unit !== 'ratio') errors.push({ field: 'unit', code: 'METRIC_UNIT_RATIO' });
      break;
    default:
      break;
  }
  return errors;
}

/**
 * A metric's SQL (aggregate or facts) for one period given as bound values: the placeholders of a period-aware
 * metric replaced by the period's start and type; other SQL as it is.
 */
export function inPeriod(text: string, period: { start: string; type: string } | null): SQL {
  if (!period) return sql.raw(text);
  const parts: SQL[] = [];
  const pieces = text.split(/(\$PERIOD_START\$|\$PERIOD_TYPE\$)/);
  for (const piece of pieces) {
    if (piece === PERIOD_START) parts.push(sql`${period.start}::date`);
    else if (piece === PERIOD_TYPE) parts.push(sql`${period.type}::text`);
    else parts.push(sql.raw(piece));
  }
  return sql.join(parts, sql.raw(''));
}

/**
 * The activity condition of a metric's drill-down: exactly the facts its value counts. A period-aware metric needs
 * the period (its facts are those that compare with the period before).
 */
export function drillDownCondition(m: CatalogMetric, period: { start: string; type: string } | null = null) {
  // Manual metrics have no facts behind them.
  return m.facts ? sql`(${inPeriod(m.facts, m.periodScan ? period : null)})` : sql`false`;
}

/** The versions of one custom metric, newest first. */
export async function metricHistory(db: DbOrTx, orgId: string, key: string) {
  return queryRows<DefinitionRow>(
    db,
    sql`select d.key, d.version, d.name_zh, d.name_en, d.description, d.unit, d.spec, d.is_active, d.created_at,
          u.username as created_by
        from metric_definitions d left join users u on u.id = d.created_by
        where d.org_id = ${orgId} and d.key = ${key}
        order by d.version desc`,
  );
}
