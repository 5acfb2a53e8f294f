import type { BonusSchemeBody, BonusSchemeView } from '@stride/contracts';
import { type AttainmentBand, validateCommissionTiers } from '@stride/domain';
import Decimal from 'decimal.js';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { bonusSchemes, employees } from '../../db/schema';
import { fail } from '../../lib/errors';
import { appendAudit } from '../audit/audit.service';
import type { IncentiveCtx } from './context';
import { unknownPositions } from './plans.service';

type SchemeRow = typeof bonusSchemes.$inferSelect;

export const presentScheme = (r: SchemeRow): BonusSchemeView => ({
  id: r.id,
  name: r.name,
  positionIds: r.positionIds as string[],
  defaultBase: new Decimal(r.defaultBase).toFixed(2),
  baseOverrides: r.baseOverrides as BonusSchemeView['baseOverrides'],
  coefficients: r.coefficients as Record<string, string>,
  attainment: r.attainment as BonusSchemeView['attainment'],
  version: r.version,
  updatedAt: r.updatedAt.toISOString(),
});

const inRange = (v: string, lo: number, hi: number) => Number(v) >= lo && Number(v) <= hi;

async function checkScheme(db: DbOrTx, orgId: string, body: BonusSchemeBody) {
  const errors: { field: string; code: string }[] = [];
  for (const [grade, c] of Object.entries(body.coefficients))
    if (!inRange(c, 0, 10)) errors.push({ field: `coefficients.${grade}`, code: 'COEFFICIENT_RANGE' });
  if (body.attainment) {
    const bands: AttainmentBand[] = body.attainment.bands;
    // Same contiguity rules as commission tiers: from 0, no gaps or overlaps, ascending, last open-ended.
    for (const e of validateCommissionTiers(bands.map((b) => ({ from: b.from, to: b.to, rate: '0' }))))
      errors.push({ field: `attainment.bands${e.field.slice('tiers'.length)}`, code: e.code });
    bands.forEach((b, i) => {
      if (!inRange(b.factor, 0, 10)) errors.push({ field: `attainment.bands.${i}.factor`, code: 'FACTOR_RANGE' });
    });
    if (!inRange(body.attainment.cap, 0, 10)) errors.push({ field: 'attainment.cap', code: 'FACTOR_RANGE' });
  }
  if (errors.length) fail('BONUS_SCHEME_INVALID', errors);
  const refErrors = await unknownPositions(db, orgId, body.positionIds);
  const ids = body.baseOverrides.map((o) => o.employeeId);
  if (ids.length) {
    const found = new Set(
      (
        await db
          .select({ id: employees.id })
          .from(employees)
          .where(and(eq(employees.orgId, orgId), inArray(employees.id, ids)))
      ).map((r) => r.id),
    );
    ids.forEach((id, i) => {
      if (!found.has(id)) refErrors.push({ field: `baseOverrides.${i}.employeeId`, code: 'EMPLOYEE_UNKNOWN' });
    });
  }
  if (refErrors.length) fail('VALIDATION_FAILED', refErrors);
}

const values = (b: BonusSchemeBody) => ({
  name: b.name,
  positionIds: b.positionIds,
  defaultBase: b.defaultBase,
  baseOverrides: b.baseOverrides,
  coefficients: b.coefficients,
  attainment: b.attainment,
});

export async function listSchemes(db: Db, ctx: IncentiveCtx) {
  const rows = await db
    .select()
    .from(bonusSchemes)
    .where(eq(bonusSchemes.orgId, ctx.auth.orgId))
    .orderBy(desc(bonusSchemes.createdAt));
  return rows.map(presentScheme);
}

export async function getSchemeRow(db: DbOrTx, orgId: string, id: string): Promise<SchemeRow> {
  const [row] = await db
    .select()
    .from(bonusSchemes)
    .where(and(eq(bonusSchemes.id, id), eq(bonusSchemes.orgId, orgId)));
  return row ?? fail('BONUS_SCHEME_NOT_FOUND');
}

export async function createScheme(db: Db, ctx: IncentiveCtx, body: BonusSchemeBody) {
  await checkScheme(db, ctx.auth.orgId, body);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(bonusSchemes)
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
      { action: 'bonus_scheme.created', entityType: 'bonus_scheme', entityId: row.id, after: values(body) },
      ctx.now,
    );
    return presentScheme(row);
  });
}

export async function updateScheme(db: Db, ctx: IncentiveCtx, id: string, body: BonusSchemeBody & { version: number }) {
  return db.transaction(async (tx) => {
    const before = await getSchemeRow(tx, ctx.auth.orgId, id);
    await checkScheme(tx, ctx.auth.orgId, body);
    const [row] = await tx
      .update(bonusSchemes)
      .set({ ...values(body), version: before.version + 1, updatedAt: ctx.now })
      .where(and(eq(bonusSchemes.id, id), eq(bonusSchemes.version, body.version)))
      .returning();
    if (!row) fail('BONUS_SCHEME_VERSION_CONFLICT');
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'bonus_scheme.updated',
        entityType: 'bonus_scheme',
        entityId: id,
        before: presentScheme(before),
        after: values(body),
      },
      ctx.now,
    );
    return presentScheme(row);
  });
}
