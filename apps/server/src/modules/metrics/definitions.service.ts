import {
  builtinActivityTypes,
  type createActivityTypeRequest,
  type createMetricRequest,
  type manualValueRequest,
  type updateActivityTypeRequest,
  type updateMetricRequest,
} from '@stride/contracts';
import { addDays, addMonths } from '@stride/domain';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type DbOrTx, lockForOrg } from '../../db/client';
import { activityTypes, importedMetricValues, metricDefinitions } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import type { AuditActor } from '../audit/audit.service';
import { appendAudit } from '../audit/audit.service';
import {
  type CatalogMetric,
  dependentsOf,
  knownActivityTypes,
  loadCatalog,
  validateDefinition,
} from './catalog.service';
import { builtinMetrics } from './metric-library';
import { rebuildMetricValues, recomputeMetricValues } from './metrics.service';
import { periodStartOf } from './periods';

type CreateMetric = z.infer<typeof createMetricRequest>;
type UpdateMetric = z.infer<typeof updateMetricRequest>;

const builtinKeys = new Set(builtinMetrics.map((m) => m.key));

/** Creates a custom metric (version 1) and computes its values over all existing activity. */
export async function createMetric(deps: Pick<Deps, 'db' | 'clock'>, actor: AuditActor, input: CreateMetric) {
  return deps.db.transaction(async (tx) => {
    const orgId = actor.orgId;
    await lockForOrg(tx, 'metric-definitions', orgId);
    if (builtinKeys.has(input.key)) fail('METRIC_KEY_TAKEN', [{ field: 'key', code: 'METRIC_KEY_TAKEN' }]);
    const [taken] = await tx
      .select({ key: metricDefinitions.key })
      .from(metricDefinitions)
      .where(and(eq(metricDefinitions.orgId, orgId), eq(metricDefinitions.key, input.key)))
      .limit(1);
    if (taken) fail('METRIC_KEY_TAKEN', [{ field: 'key', code: 'METRIC_KEY_TAKEN' }]);
    const catalog = await loadCatalog(tx, orgId);
    const errors = validateDefinition(catalog, await knownActivityTypes(tx, orgId), input.key, input.unit, input.spec);
    if (errors.length) fail('VALIDATION_FAILED', errors);
    await insertVersion(tx, actor, input.key, 1, input, true, deps.clock());
    await appendAudit(
      tx,
      actor,
      { action: 'metric.created', entityType: 'metric', entityId: input.key, after: { version: 1, ...input } },
      deps.clock(),
    );
    await rebuildMetricValues(tx, orgId, [input.key]);
    return current(tx, orgId, input.key);
  });
}

/** A new version of a custom metric; values of it and of every metric built on it are recomputed. */
export async function updateMetric(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: AuditActor,
  key: string,
  input: UpdateMetric,
) {
  return deps.db.transaction(async (tx) => {
    const orgId = actor.orgId;
    await lockForOrg(tx, 'metric-definitions', orgId);
    if (builtinKeys.has(key)) fail('METRIC_READONLY');
    const catalog = await loadCatalog(tx, orgId);
    const existing = catalog.byKey.get(key) ?? fail('NOT_FOUND');
    if (existing.version !== input.expectedVersion)
      fail('METRIC_VERSION_CONFLICT', [{ field: 'expectedVersion', code: 'METRIC_VERSION_CONFLICT' }]);
    const errors = validateDefinition(catalog, await knownActivityTypes(tx, orgId), key, input.unit, input.spec);
    // A metric others are built on keeps what makes it usable as their operand.
    const users = dependentsOf(catalog, [key]).filter((k) => k !== key);
    if (users.length && existing.kind !== input.spec.kind)
      errors.push({ field: 'spec.kind', code: 'METRIC_OPERAND_KIND' });
    if (errors.length) fail('VALIDATION_FAILED', errors);
    const version = (existing.version ?? 0) + 1;
    const { expectedVersion: _v, ...definition } = input;
    await insertVersion(tx, actor, key, version, definition, true, deps.clock());
    await appendAudit(
      tx,
      actor,
      {
        action: 'metric.changed',
        entityType: 'metric',
        entityId: key,
        before: { version: existing.version, unit: existing.unit, spec: existing.spec, names: existing.names },
        after: { version, ...definition },
      },
      deps.clock(),
    );
    await rebuildMetricValues(tx, orgId, [key]);
    return current(tx, orgId, key);
  });
}

/** Archives a custom metric (a last, inactive version); its values go, its history stays. */
export async function archiveMetric(deps: Pick<Deps, 'db' | 'clock'>, actor: AuditActor, key: string) {
  await deps.db.transaction(async (tx) => {
    const orgId = actor.orgId;
    await lockForOrg(tx, 'metric-definitions', orgId);
    if (builtinKeys.has(key)) fail('METRIC_READONLY');
    const catalog = await loadCatalog(tx, orgId);
    const existing = catalog.byKey.get(key) ?? fail('NOT_FOUND');
    if (dependentsOf(catalog, [key]).some((k) => k !== key)) fail('METRIC_IN_USE');
    await insertVersion(
      tx,
      actor,
      key,
      (existing.version ?? 0) + 1,
      {
        name: existing.names,
        description: existing.description ?? undefined,
        unit: existing.unit,
        spec: existing.spec!,
      },
      false,
      deps.clock(),
    );
    await tx.execute(sql`delete from metric_values where org_id = ${orgId} and metric_key = ${key}`);
    await appendAudit(
      tx,
      actor,
      { action: 'metric.archived', entityType: 'metric', entityId: key, before: { version: existing.version } },
      deps.clock(),
    );
  });
}

async function insertVersion(
  tx: DbOrTx,
  actor: AuditActor,
  key: string,
  version: number,
  d: Omit<CreateMetric, 'key'>,
  isActive: boolean,
  now: Date,
) {
  await tx.insert(metricDefinitions).values({
    orgId: actor.orgId,
    key,
    version,
    nameZh: d.name['zh-CN'],
    nameEn: d.name['en-US'],
    description: d.description || null,
    unit: d.unit,
    spec: d.spec,
    isActive,
    createdBy: actor.userId ?? null,
    createdAt: now,
  });
}

async function current(tx: DbOrTx, orgId: string, key: string): Promise<CatalogMetric> {
  return (await loadCatalog(tx, orgId)).byKey.get(key)!;
}

/**
 * Enters (or with null clears) one value of a manual metric for one person and period, then recomputes
 * what is built on it. Values computed from activities would win, but manual metrics have none.
 */
export async function enterManualValue(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: AuditActor,
  input: z.infer<typeof manualValueRequest>,
) {
  if (periodStartOf(input.periodType, input.periodStart) !== input.periodStart)
    fail('VALIDATION_FAILED', [{ field: 'periodStart', code: 'PERIOD_START_INVALID' }]);
  return deps.db.transaction(async (tx) => {
    const orgId = actor.orgId;
    const catalog = await loadCatalog(tx, orgId);
    const metric =
      catalog.byKey.get(input.metric) ?? fail('VALIDATION_FAILED', [{ field: 'metric', code: 'UNKNOWN_METRIC' }]);
    if (metric.kind !== 'manual') fail('METRIC_NOT_MANUAL', [{ field: 'metric', code: 'METRIC_NOT_MANUAL' }]);
    const where = and(
      eq(importedMetricValues.orgId, orgId),
      eq(importedMetricValues.metricKey, input.metric),
      eq(importedMetricValues.periodType, input.periodType),
      eq(importedMetricValues.periodStart, input.periodStart),
      eq(importedMetricValues.employeeId, input.employeeId),
    );
    const [before] = await tx.select({ value: importedMetricValues.value }).from(importedMetricValues).where(where);
    if (input.value === null) {
      await tx.delete(importedMetricValues).where(where);
    } else {
      const now = deps.clock();
      await tx
        .insert(importedMetricValues)
        .values({
          orgId,
          metricKey: input.metric,
          periodType: input.periodType,
          periodStart: input.periodStart,
          employeeId: input.employeeId,
          value: input.value,
          importId: null,
          enteredBy: actor.userId ?? null,
          createdAt: now,
        })
        .onConflictDoUpdate({
          target: [
            importedMetricValues.orgId,
            importedMetricValues.metricKey,
            importedMetricValues.periodType,
            importedMetricValues.periodStart,
            importedMetricValues.employeeId,
          ],
          set: { value: input.value, importId: null, enteredBy: actor.userId ?? null, createdAt: now },
        });
    }
    await appendAudit(
      tx,
      actor,
      {
        action: 'metric.value_entered',
        entityType: 'employee',
        entityId: input.employeeId,
        before: before ? { metric: input.metric, value: before.value } : undefined,
        after: {
          metric: input.metric,
          periodType: input.periodType,
          periodStart: input.periodStart,
          value: input.value,
        },
      },
      deps.clock(),
    );
    // Ratios and growths built on the value follow it (the last day of the period touches every period
    // type that ends with it; the first day, those that start with it).
    const lastDay = addDays(
      input.periodType === 'week'
        ? addDays(input.periodStart, 7)
        : addMonths(input.periodStart, input.periodType === 'month' ? 1 : input.periodType === 'quarter' ? 3 : 12),
      -1,
    );
    await recomputeMetricValues(tx, orgId, [
      { employeeId: input.employeeId, localDate: input.periodStart },
      { employeeId: input.employeeId, localDate: lastDay },
    ]);
    const [stored] = await tx.select({ value: importedMetricValues.value }).from(importedMetricValues).where(where);
    return { ...input, value: stored?.value ?? null, unit: metric.unit };
  });
}

// ── Activity types ─────────────────────────────────────────────────────────────────────────────────────

const builtinTypeNames: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  call: { 'zh-CN': '电话', 'en-US': 'Call' },
  visit: { 'zh-CN': '拜访', 'en-US': 'Visit' },
  meeting: { 'zh-CN': '会议', 'en-US': 'Meeting' },
  email: { 'zh-CN': '邮件', 'en-US': 'Email' },
  followup: { 'zh-CN': '客户回访', 'en-US': 'Follow-up' },
  lead_created: { 'zh-CN': '新增线索', 'en-US': 'Lead created' },
  opportunity_created: { 'zh-CN': '新增商机', 'en-US': 'Opportunity created' },
  opportunity_won: { 'zh-CN': '赢单', 'en-US': 'Opportunity won' },
  opportunity_lost: { 'zh-CN': '丢单', 'en-US': 'Opportunity lost' },
  order: { 'zh-CN': '订单', 'en-US': 'Order' },
  payment: { 'zh-CN': '回款', 'en-US': 'Payment' },
  refund: { 'zh-CN': '退款', 'en-US': 'Refund' },
  csat: { 'zh-CN': '客户满意度', 'en-US': 'Customer satisfaction' },
};

export async function listActivityTypes(db: DbOrTx, orgId: string) {
  const custom = await db
    .select()
    .from(activityTypes)
    .where(eq(activityTypes.orgId, orgId))
    .orderBy(activityTypes.createdAt, activityTypes.key);
  return [
    ...builtinActivityTypes.map((key) => ({ key, names: builtinTypeNames[key], builtin: true, active: true })),
    ...custom.map((t) => ({
      key: t.key,
      names: { 'zh-CN': t.nameZh, 'en-US': t.nameEn },
      builtin: false,
      active: t.isActive,
    })),
  ];
}

export async function createActivityType(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: AuditActor,
  input: z.infer<typeof createActivityTypeRequest>,
) {
  return deps.db.transaction(async (tx) => {
    if ((builtinActivityTypes as readonly string[]).includes(input.key))
      fail('ACTIVITY_TYPE_TAKEN', [{ field: 'key', code: 'ACTIVITY_TYPE_TAKEN' }]);
    const now = deps.clock();
    const inserted = await tx
      .insert(activityTypes)
      .values({
        orgId: actor.orgId,
        key: input.key,
        nameZh: input.name['zh-CN'],
        nameEn: input.name['en-US'],
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) fail('ACTIVITY_TYPE_TAKEN', [{ field: 'key', code: 'ACTIVITY_TYPE_TAKEN' }]);
    await appendAudit(
      tx,
      actor,
      { action: 'activity_type.created', entityType: 'activity_type', entityId: input.key, after: input },
      now,
    );
    return { key: input.key, names: input.name, builtin: false, active: true };
  });
}

export async function updateActivityType(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: AuditActor,
  key: string,
  input: z.infer<typeof updateActivityTypeRequest>,
) {
  if ((builtinActivityTypes as readonly string[]).includes(key)) fail('ACTIVITY_TYPE_READONLY');
  return deps.db.transaction(async (tx) => {
    const where = and(eq(activityTypes.orgId, actor.orgId), eq(activityTypes.key, key));
    const [row] = await tx.select().from(activityTypes).where(where).for('update');
    if (!row) return fail('NOT_FOUND');
    if (input.active === false && row.isActive) {
      // Deactivating only stops new facts of the type; metrics that filter on it would silently stop growing.
      const { metrics } = await loadCatalog(tx, actor.orgId);
      const users = metrics.filter((m) => m.spec?.kind === 'aggregate' && m.spec.filter.types.includes(key));
      if (users.length) fail('ACTIVITY_TYPE_IN_USE');
    }
    const now = deps.clock();
    const [updated] = await tx
      .update(activityTypes)
      .set({
        nameZh: input.name?.['zh-CN'] ?? row.nameZh,
        nameEn: input.name?.['en-US'] ?? row.nameEn,
        isActive: input.active ?? row.isActive,
        updatedAt: now,
      })
      .where(where)
      .returning();
    await appendAudit(
      tx,
      actor,
      {
        action: 'activity_type.changed',
        entityType: 'activity_type',
        entityId: key,
        before: { names: { 'zh-CN': row.nameZh, 'en-US': row.nameEn }, active: row.isActive },
        after: input,
      },
      now,
    );
    return {
      key,
      names: { 'zh-CN': updated.nameZh, 'en-US': updated.nameEn },
      builtin: false,
      active: updated.isActive,
    };
  });
}
