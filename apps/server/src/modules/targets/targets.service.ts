import type {
  agreeTargetRequest,
  proposeTargetRequest,
  setTargetRequest,
  splitTargetRequest,
  TargetPeriodType,
  updateTargetRequest,
} from '@stride/contracts';
import Decimal from 'decimal.js';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx } from '../../db/client';
import { targetEvents, targets } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { type FieldError, fail } from '../../lib/errors';
import { markForAlertEvaluation } from '../alerts/dirty';
import { appendAudit } from '../audit/audit.service';
import { type Catalog, loadCatalog } from '../metrics/catalog.service';
import { periodStartOf } from '../metrics/periods';
import {
  assertManages,
  getVisibleTarget,
  isHrOrAdmin,
  isLocked,
  peopleInSubtree,
  type TargetCtx,
  type TargetRow,
} from './targets.access';

type D = Pick<Deps, 'db' | 'clock'>;
export type TargetAction =
  | 'set'
  | 'proposed'
  | 'countered'
  | 'agreed'
  | 'changed'
  | 'split'
  | 'changed_after_lock'
  | 'imported';

/**
 * The metric must be in the organization's catalog, and the period start the first day of its period.
 * A caller writing many targets passes the catalog it loaded once.
 */
export async function assertMetricAndPeriod(
  db: DbOrTx,
  orgId: string,
  input: { metric: string; periodType: TargetPeriodType; periodStart: string },
  catalog?: Catalog,
) {
  const errors: FieldError[] = [];
  if (periodStartOf(input.periodType, input.periodStart) !== input.periodStart)
    errors.push({ field: 'periodStart', code: 'PERIOD_START_INVALID' });
  const metric = (catalog ?? (await loadCatalog(db, orgId))).byKey.get(input.metric);
  if (!metric) errors.push({ field: 'metric', code: 'UNKNOWN_METRIC' });
  if (errors.length) fail('VALIDATION_FAILED', errors);
  return metric!;
}

/**
 * Before its period starts a target is changed by whoever manages it; afterwards only by HR or an
 * admin, with a reason. Returns whether this change comes after the lock.
 */
export function assertMayChange(ctx: TargetCtx, periodStart: string, reason: string | undefined): boolean {
  if (!isLocked({ periodStart }, ctx.today)) return false;
  if (!isHrOrAdmin(ctx.auth)) fail('TARGET_LOCKED');
  if (!reason) fail('VALIDATION_FAILED', [{ field: 'reason', code: 'REQUIRED' }]);
  return true;
}

export async function recordEvent(
  tx: DbOrTx,
  ctx: TargetCtx,
  targetId: string,
  action: TargetAction,
  value: string | null,
  now: Date,
  reason: string | null = null,
) {
  // Strictly later than the target's previous step, so the history reads in order even within one millisecond.
  const [last] = await tx
    .select({ at: sql<Date | string | null>`max(${targetEvents.at})` })
    .from(targetEvents)
    .where(eq(targetEvents.targetId, targetId));
  const lastAt = last?.at ? new Date(last.at).getTime() : 0;
  const at = lastAt >= now.getTime() ? new Date(lastAt + 1) : now;
  await tx
    .insert(targetEvents)
    .values({ orgId: ctx.auth.orgId, targetId, action, value, reason, actorUserId: ctx.auth.userId, at });
  if (action === 'changed_after_lock') {
    // A quota reset masks the target's period from alert rules: the person's alerts are judged again.
    const [target] = await tx
      .select({ employeeId: targets.employeeId })
      .from(targets)
      .where(and(eq(targets.id, targetId), eq(targets.orgId, ctx.auth.orgId)));
    if (target?.employeeId) await markForAlertEvaluation(tx, ctx.auth.orgId, target.employeeId);
  }
}

export const auditView = (t: TargetRow) => ({
  employeeId: t.employeeId,
  unitId: t.unitId,
  metric: t.metricKey,
  periodType: t.periodType,
  periodStart: t.periodStart,
  value: t.value,
  status: t.status,
  proposedValue: t.proposedValue,
});

export async function findExisting(
  tx: DbOrTx,
  orgId: string,
  subject: { employeeId: string | null; unitId: string | null },
  k: { metric: string; periodType: string; periodStart: string },
) {
  const [row] = await tx
    .select()
    .from(targets)
    .where(
      and(
        eq(targets.orgId, orgId),
        sql`coalesce(${targets.employeeId}, ${targets.unitId}) = ${subject.employeeId ?? subject.unitId}`,
        eq(targets.metricKey, k.metric),
        eq(targets.periodType, k.periodType),
        eq(targets.periodStart, k.periodStart),
      ),
    )
    .for('update');
  return row;
}

/** A manager, HR or an admin sets a person's or a team's target: agreed at once. */
export async function setTarget(deps: D, ctx: TargetCtx, input: z.output<typeof setTargetRequest>) {
  return deps.db.transaction(async (tx) => {
    const subject = { employeeId: input.employeeId ?? null, unitId: input.unitId ?? null };
    await assertManages(tx, ctx, subject);
    await assertMetricAndPeriod(tx, ctx.auth.orgId, input);
    const afterLock = assertMayChange(ctx, input.periodStart, input.reason);
    if (await findExisting(tx, ctx.auth.orgId, subject, input))
      fail('TARGET_EXISTS', [{ field: 'periodStart', code: 'TARGET_EXISTS' }]);
    const now = deps.clock();
    const [row] = await tx
      .insert(targets)
      .values({
        orgId: ctx.auth.orgId,
        ...subject,
        metricKey: input.metric,
        periodType: input.periodType,
        periodStart: input.periodStart,
        value: input.value,
        status: 'agreed',
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordEvent(tx, ctx, row.id, afterLock ? 'changed_after_lock' : 'set', input.value, now, input.reason);
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: afterLock ? 'target.changed_after_lock' : 'target.set',
        entityType: 'target',
        entityId: row.id,
        after: { ...auditView(row), reason: input.reason ?? null },
      },
      now,
    );
    return row;
  });
}

/** Changes a target's value (it becomes agreed); after the lock only HR or an admin, with a reason. */
export async function updateTarget(deps: D, ctx: TargetCtx, id: string, input: z.output<typeof updateTargetRequest>) {
  return deps.db.transaction(async (tx) => {
    const before = await getVisibleTarget(tx, ctx, id, true);
    const afterLock = isLocked(before, ctx.today);
    // After the lock HR changes any target of the organization; before it, whoever manages it.
    if (!afterLock || !isHrOrAdmin(ctx.auth)) await assertManages(tx, ctx, before);
    assertMayChange(ctx, before.periodStart, input.reason);
    const now = deps.clock();
    const [row] = await tx
      .update(targets)
      .set({
        value: input.value,
        status: 'agreed',
        proposedValue: null,
        proposedBy: null,
        version: before.version + 1,
        updatedAt: now,
      })
      .where(eq(targets.id, id))
      .returning();
    const action = afterLock ? 'changed_after_lock' : 'changed';
    await recordEvent(tx, ctx, id, action, input.value, now, input.reason);
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: `target.${action}`,
        entityType: 'target',
        entityId: id,
        before: auditView(before),
        after: { ...auditView(row), reason: input.reason ?? null },
      },
      now,
    );
    return row;
  });
}

/** A person proposes their own target (or a new value while it is still being agreed). */
export async function proposeTarget(deps: D, ctx: TargetCtx, input: z.output<typeof proposeTargetRequest>) {
  const self = ctx.auth.employeeId;
  if (!self || (input.employeeId && input.employeeId !== self)) return fail('EMPLOYEE_NOT_FOUND');
  return deps.db.transaction(async (tx) => {
    await assertMetricAndPeriod(tx, ctx.auth.orgId, input);
    if (isLocked(input, ctx.today)) fail('TARGET_LOCKED');
    const subject = { employeeId: self, unitId: null };
    const existing = await findExisting(tx, ctx.auth.orgId, subject, input);
    if (existing?.status === 'agreed') fail('TARGET_EXISTS', [{ field: 'periodStart', code: 'TARGET_EXISTS' }]);
    const now = deps.clock();
    const proposal = { proposedValue: input.value, proposedBy: ctx.auth.userId, updatedAt: now };
    const [row] = existing
      ? await tx
          .update(targets)
          .set({ ...proposal, version: existing.version + 1 })
          .where(eq(targets.id, existing.id))
          .returning()
      : await tx
          .insert(targets)
          .values({
            orgId: ctx.auth.orgId,
            ...subject,
            metricKey: input.metric,
            periodType: input.periodType,
            periodStart: input.periodStart,
            value: null,
            status: 'proposed',
            ...proposal,
            createdAt: now,
          })
          .returning();
    await recordEvent(tx, ctx, row.id, 'proposed', input.value, now);
    await appendAudit(
      tx,
      ctx.actor,
      { action: 'target.proposed', entityType: 'target', entityId: row.id, after: auditView(row) },
      now,
    );
    return row;
  });
}

/**
 * Answers the value on the table: agree to it, or (with a different value) counter it, which puts
 * the new value back to the other side. The person and whoever manages them take turns.
 */
export async function agreeTarget(deps: D, ctx: TargetCtx, id: string, input: z.output<typeof agreeTargetRequest>) {
  return deps.db.transaction(async (tx) => {
    const before = await getVisibleTarget(tx, ctx, id, true);
    const isSubject = before.employeeId !== null && before.employeeId === ctx.auth.employeeId;
    if (!isSubject) await assertManages(tx, ctx, before);
    if (before.status !== 'proposed' || before.proposedValue === null) return fail('TARGET_NOT_PROPOSED');
    // A proposal of zero made before targets had to be positive cannot be agreed as it is: counter it.
    if (input.value === undefined && !new Decimal(before.proposedValue).gt(0))
      return fail('VALIDATION_FAILED', [{ field: 'value', code: 'TARGET_VALUE_INVALID' }]);
    if (isLocked(before, ctx.today)) fail('TARGET_LOCKED');
    if (before.proposedBy === ctx.auth.userId) fail('TARGET_OWN_PROPOSAL');
    const isCounter = input.value !== undefined && !new Decimal(input.value).eq(before.proposedValue);
    const now = deps.clock();
    const [row] = await tx
      .update(targets)
      .set(
        isCounter
          ? { proposedValue: input.value, proposedBy: ctx.auth.userId, version: before.version + 1, updatedAt: now }
          : {
              value: before.proposedValue,
              status: 'agreed',
              proposedValue: null,
              proposedBy: null,
              version: before.version + 1,
              updatedAt: now,
            },
      )
      .where(eq(targets.id, id))
      .returning();
    const action = isCounter ? 'countered' : 'agreed';
    await recordEvent(tx, ctx, id, action, isCounter ? input.value! : before.proposedValue, now);
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: `target.${action}`,
        entityType: 'target',
        entityId: id,
        before: auditView(before),
        after: auditView(row),
      },
      now,
    );
    return row;
  });
}

/**
 * Splits an agreed team target into people's targets (linked by parent_id). The people's values add up
 * to the team target (for ratios and scores: their mean equals it) unless the caller allows otherwise.
 */
export async function splitTarget(deps: D, ctx: TargetCtx, id: string, input: z.output<typeof splitTargetRequest>) {
  return deps.db.transaction(async (tx) => {
    const parent = await getVisibleTarget(tx, ctx, id, true);
    if (!parent.unitId || parent.status !== 'agreed' || parent.value === null) return fail('TARGET_NOT_TEAM');
    const afterLock = isLocked(parent, ctx.today);
    if (!afterLock || !isHrOrAdmin(ctx.auth)) await assertManages(tx, ctx, parent);
    assertMayChange(ctx, parent.periodStart, input.reason);
    const members = await peopleInSubtree(tx, ctx.auth.orgId, parent.unitId);
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    input.allocations.forEach((a, i) => {
      if (seen.has(a.employeeId))
        errors.push({ field: `allocations.${i}.employeeId`, code: 'TARGET_DUPLICATE_PERSON' });
      else if (!members.has(a.employeeId))
        errors.push({ field: `allocations.${i}.employeeId`, code: 'TARGET_NOT_IN_UNIT' });
      seen.add(a.employeeId);
    });
    if (errors.length) fail('VALIDATION_FAILED', errors);
    if (ctx.auth.employeeId && seen.has(ctx.auth.employeeId)) fail('TARGET_SELF_SET');
    const metric = (await loadCatalog(tx, ctx.auth.orgId)).byKey.get(parent.metricKey);
    const sum = input.allocations.reduce((acc, a) => acc.plus(a.value), new Decimal(0));
    const isMean = metric?.unit === 'ratio' || metric?.unit === 'score';
    const rolledUp = isMean ? sum.div(input.allocations.length).toDecimalPlaces(4) : sum;
    if (!rolledUp.eq(parent.value) && !input.allowMismatch)
      fail('TARGET_SPLIT_MISMATCH', [{ field: 'allocations', code: 'TARGET_SPLIT_MISMATCH' }]);

    const now = deps.clock();
    const action: TargetAction = afterLock ? 'changed_after_lock' : 'split';
    const children: TargetRow[] = [];
    for (const a of input.allocations) {
      const key = { metric: parent.metricKey, periodType: parent.periodType, periodStart: parent.periodStart };
      const existing = await findExisting(tx, ctx.auth.orgId, { employeeId: a.employeeId, unitId: null }, key);
      const agreed = { value: a.value, status: 'agreed', proposedValue: null, proposedBy: null, parentId: id };
      const [child] = existing
        ? await tx
            .update(targets)
            .set({ ...agreed, version: existing.version + 1, updatedAt: now })
            .where(eq(targets.id, existing.id))
            .returning()
        : await tx
            .insert(targets)
            .values({
              orgId: ctx.auth.orgId,
              employeeId: a.employeeId,
              metricKey: parent.metricKey,
              periodType: parent.periodType,
              periodStart: parent.periodStart,
              ...agreed,
              createdAt: now,
              updatedAt: now,
            })
            .returning();
      await recordEvent(tx, ctx, child.id, action, a.value, now, input.reason);
      children.push(child);
    }
    await recordEvent(tx, ctx, id, 'split', sum.toFixed(4), now, input.reason);
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'target.split',
        entityType: 'target',
        entityId: id,
        after: {
          ...auditView(parent),
          allocations: input.allocations,
          allowMismatch: input.allowMismatch ?? false,
          reason: input.reason ?? null,
        },
      },
      now,
    );
    return { parent, children };
  });
}
