import type { CommissionPlanBody, CommissionPlanView } from '@stride/contracts';
import { type CommissionTier, validateCommissionTiers } from '@stride/domain';
import Decimal from 'decimal.js';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { commissionPlans, positions } from '../../db/schema';
import { fail } from '../../lib/errors';
import { appendAudit } from '../audit/audit.service';
import type { IncentiveCtx } from './context';

type PlanRow = typeof commissionPlans.$inferSelect;

export const presentPlan = (r: PlanRow): CommissionPlanView => ({
  id: r.id,
  name: r.name,
  metricKey: r.metricKey as CommissionPlanView['metricKey'],
  periodType: r.periodType as CommissionPlanView['periodType'],
  basis: r.basis as CommissionPlanView['basis'],
  tiers: r.tiers as CommissionTier[],
  accelerator: r.accelerator === null ? null : new Decimal(r.accelerator).toString(),
  clawback: r.clawback,
  positionIds: r.positionIds as string[],
  isActive: r.isActive,
  version: r.version,
  updatedAt: r.updatedAt.toISOString(),
});

/** Positions that do not exist in the organization, as field errors. */
export async function unknownPositions(db: DbOrTx, orgId: string, ids: string[]) {
  if (!ids.length) return [];
  const found = new Set(
    (
      await db
        .select({ id: positions.id })
        .from(positions)
        .where(and(eq(positions.orgId, orgId), inArray(positions.id, ids)))
    ).map((r) => r.id),
  );
  return ids.flatMap((id, i) => (found.has(id) ? [] : [{ field: `positionIds.${i}`, code: 'POSITION_UNKNOWN' }]));
}

/** Everything wrong with a plan, each on its field; nothing is stored unless this is empty. */
async function checkPlan(db: DbOrTx, orgId: string, body: CommissionPlanBody) {
  const errors: { field: string; code: string }[] = [...validateCommissionTiers(body.tiers)];
  if (body.accelerator !== null && (Number(body.accelerator) < 1 || Number(body.accelerator) > 5))
    errors.push({ field: 'accelerator', code: 'ACCELERATOR_RANGE' });
  if (errors.length) fail('COMMISSION_TIERS_INVALID', errors);
  const positionErrors = await unknownPositions(db, orgId, body.positionIds);
  if (positionErrors.length) fail('VALIDATION_FAILED', positionErrors);
}

const values = (body: CommissionPlanBody) => ({
  name: body.name,
  metricKey: body.metricKey,
  periodType: body.periodType,
  basis: body.basis,
  tiers: body.tiers,
  accelerator: body.accelerator,
  clawback: body.clawback,
  positionIds: body.positionIds,
  isActive: body.isActive,
});

export async function listPlans(db: Db, ctx: IncentiveCtx) {
  const rows = await db
    .select()
    .from(commissionPlans)
    .where(eq(commissionPlans.orgId, ctx.auth.orgId))
    .orderBy(desc(commissionPlans.isActive), desc(commissionPlans.createdAt));
  return rows.map(presentPlan);
}

export async function getPlanRow(db: DbOrTx, orgId: string, id: string): Promise<PlanRow> {
  const [row] = await db
    .select()
    .from(commissionPlans)
    .where(and(eq(commissionPlans.id, id), eq(commissionPlans.orgId, orgId)));
  return row ?? fail('COMMISSION_PLAN_NOT_FOUND');
}

export async function createPlan(db: Db, ctx: IncentiveCtx, body: CommissionPlanBody) {
  await checkPlan(db, ctx.auth.orgId, body);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(commissionPlans)
      .values({
        orgId: ctx.auth.orgId,
        ...values(body),
        createdBy: ctx.auth.userId,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await appendAudit(
      tx,
      ctx.actor,
      { action: 'commission_plan.created', entityType: 'commission_plan', entityId: row.id, after: values(body) },
      ctx.now,
    );
    return presentPlan(row);
  });
}

export async function updatePlan(
  db: Db,
  ctx: IncentiveCtx,
  id: string,
  body: CommissionPlanBody & { version: number },
) {
  return db.transaction(async (tx) => {
    const before = await getPlanRow(tx, ctx.auth.orgId, id);
    await checkPlan(tx, ctx.auth.orgId, body);
    const [row] = await tx
      .update(commissionPlans)
      .set({ ...values(body), version: before.version + 1, updatedAt: ctx.now })
      .where(and(eq(commissionPlans.id, id), eq(commissionPlans.version, body.version)))
      .returning();
    if (!row) fail('COMMISSION_PLAN_VERSION_CONFLICT');
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'commission_plan.updated',
        entityType: 'commission_plan',
        entityId: id,
        before: presentPlan(before),
        after: values(body),
      },
      ctx.now,
    );
    return presentPlan(row);
  });
}
