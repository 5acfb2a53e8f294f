import { z } from 'zod';
import { isoDate, uuid } from './common';

export const periodTypeSchema = z.enum(['week', 'month', 'quarter', 'year']);

export const metricSeriesQuery = z.object({
  employeeId: uuid,
  metric: z.string().max(64).optional(),
  periodType: periodTypeSchema.default('month'),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export const metricPoint = z.object({
  metric: z.string(),
  periodStart: z.string(),
  value: z.string(),
  /** computed from activities, imported history, or entered by a person (no facts behind the last two). */
  source: z.enum(['computed', 'imported', 'manual']),
  /** (value − previous period) / |previous period|, four decimals; null without a base. */
  growthVsPrevious: z.string().nullable(),
  /** Against the same period a year earlier (52 weeks for weeks). */
  growthVsLastYear: z.string().nullable(),
  /** The person's agreed target for the metric and period, and value / target (four decimals); null without one. */
  target: z.string().nullable(),
  attainment: z.string().nullable(),
});
export const metricSeries = z.object({ employeeId: uuid, periodType: periodTypeSchema, points: z.array(metricPoint) });

export const teamMetricQuery = z.object({
  unitId: uuid,
  metric: z.string().max(64),
  periodType: periodTypeSchema.default('month'),
  periodStart: isoDate,
});
export const teamMetricRow = z.object({
  employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string() }),
  /** The person's unit now. */
  unitName: z.string(),
  /** false: credited for the period but since moved out of the unit or left. */
  currentMember: z.boolean(),
  /** The person has left the organization (their past still counts where they worked). */
  exited: z.boolean(),
  /** What the person did for this unit in the period (facts of the days they belonged to it); null: no value (no rate without facts). */
  value: z.string().nullable(),
  target: z.string().nullable(),
  attainment: z.string().nullable(),
});
export const teamMetric = z.object({
  metric: z.string(),
  periodStart: z.string(),
  /**
   * facts: computed from the facts credited to the unit (and its sub-units) on the day they happened; people: each
   * person's value (manual metrics, ratios and growths of other metrics), credited to their unit at the period start.
   */
  basis: z.enum(['facts', 'people']),
  /**
   * sum: money and counts add up; team: computed over the unit's facts as a whole (its win rate, its distinct
   * customers); mean: the mean over people with a value. null: no value (e.g. no deals closed, no rate).
   */
  total: z.string().nullable(),
  aggregation: z.enum(['sum', 'team', 'mean']),
  /** People credited with part of the value whom the caller may not see (moved to a unit outside their scope). */
  unlisted: z.number().int(),
  /** The unit's own agreed target for the period, and total / target; null without one. */
  teamTarget: z.string().nullable(),
  teamAttainment: z.string().nullable(),
  items: z.array(teamMetricRow),
});

// ── Metric definitions: the built-in library plus an organization's own metrics ──────────────────────

/** Keys of metrics and activity types: lower-case letters, digits and underscores, starting with a letter. */
export const metricKey = z.string().regex(/^[a-z][a-z0-9_]{2,39}$/, { message: 'KEY_FORMAT' });
export const activityTypeKey = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, { message: 'KEY_FORMAT' });
const attributeKey = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'ATTRIBUTE_KEY_FORMAT' });

export const metricUnit = z.enum(['CNY', 'count', 'ratio', 'score']);
export const aggregateFn = z.enum(['sum', 'count', 'count_distinct', 'avg', 'min', 'max']);
/** What an aggregate reads: amount / quantity / a numeric attribute (sum, avg, min, max), customer or an attribute (count_distinct). */
export const aggregateField = z.enum(['amount', 'quantity', 'customer', 'attribute']);

/** Which activities an aggregate looks at: some types, optionally only some customer tiers or attribute values. */
export const activityFilter = z.object({
  types: z.array(activityTypeKey).min(1).max(20),
  customerTiers: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  attribute: z
    .object({ key: attributeKey, values: z.array(z.string().trim().min(1).max(200)).min(1).max(50) })
    .optional(),
});

export const aggregateSpec = z.object({
  kind: z.literal('aggregate'),
  fn: aggregateFn,
  field: aggregateField.optional(),
  /** The attribute read when field is 'attribute'. */
  attributeKey: attributeKey.optional(),
  filter: activityFilter,
});
export const ratioSpec = z.object({ kind: z.literal('ratio'), numerator: metricKey, denominator: metricKey });
export const growthSpec = z.object({
  kind: z.literal('growth'),
  base: metricKey,
  compare: z.enum(['previous', 'last_year']),
});
/** Values come from people (entered in Stride) or files (import), not from activities. */
export const manualSpec = z.object({ kind: z.literal('manual') });
export const metricSpec = z.discriminatedUnion('kind', [aggregateSpec, ratioSpec, growthSpec, manualSpec]);
export type MetricSpec = z.infer<typeof metricSpec>;
export type MetricKind = MetricSpec['kind'];

export const localizedName = z.object({
  'zh-CN': z.string().trim().min(1).max(60),
  'en-US': z.string().trim().min(1).max(60),
});

export const createMetricRequest = z.object({
  key: metricKey,
  name: localizedName,
  description: z.string().trim().max(500).optional(),
  unit: metricUnit,
  spec: metricSpec,
});
/** A new version of a custom metric; `expectedVersion` guards against overwriting someone else's change. */
export const updateMetricRequest = z.object({
  name: localizedName,
  description: z.string().trim().max(500).optional(),
  unit: metricUnit,
  spec: metricSpec,
  expectedVersion: z.number().int().min(1),
});

export const metricView = z.object({
  key: z.string(),
  /** In the caller's language. */
  name: z.string(),
  names: localizedName,
  description: z.string().nullable(),
  unit: metricUnit,
  kind: z.enum(['builtin', 'aggregate', 'ratio', 'growth', 'manual']),
  builtin: z.boolean(),
  /** Custom metrics only: the current version and its definition. */
  version: z.number().int().nullable(),
  spec: metricSpec.nullable(),
  /** The activity types behind the value (what the drill-down lists); empty for manual metrics. */
  activityTypes: z.array(z.string()),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type MetricView = z.infer<typeof metricView>;
export const metricCatalog = z.object({ items: z.array(metricView) });

export const metricVersionView = z.object({
  version: z.number().int(),
  names: localizedName,
  description: z.string().nullable(),
  unit: metricUnit,
  spec: metricSpec,
  active: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
export const metricVersions = z.object({ key: z.string(), items: z.array(metricVersionView) });

/** Enter (or clear, with value null) one value of a manual metric. */
export const manualValueRequest = z.object({
  metric: metricKey,
  employeeId: uuid,
  periodType: periodTypeSchema,
  /** The first day of the period: a Monday for weeks, the 1st of the month / quarter / year. */
  periodStart: isoDate,
  value: z
    .union([z.string(), z.number()])
    .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
    .pipe(z.string().regex(/^-?\d{1,15}(\.\d{1,4})?$/, { message: 'VALUE_INVALID' }))
    .nullable(),
});
export const manualValueView = z.object({
  metric: z.string(),
  employeeId: uuid,
  periodType: periodTypeSchema,
  periodStart: z.string(),
  value: z.string().nullable(),
});

// ── Activity types: the built-in ones plus an organization's own ─────────────────────────────────────
export const activityTypeView = z.object({
  key: z.string(),
  name: z.string(),
  names: localizedName,
  builtin: z.boolean(),
  active: z.boolean(),
});
export const activityTypeList = z.object({ items: z.array(activityTypeView) });
export const createActivityTypeRequest = z.object({ key: activityTypeKey, name: localizedName });
export const updateActivityTypeRequest = z.object({ name: localizedName.optional(), active: z.boolean().optional() });

/** How far metric values lag the accepted facts: person-days (weeks, months) and person-quarters/years still queued for the recompute. */
export const metricValuesStatus = z.object({
  pending: z.number().int(),
  upToDate: z.boolean(),
});
export type MetricValuesStatus = z.infer<typeof metricValuesStatus>;
