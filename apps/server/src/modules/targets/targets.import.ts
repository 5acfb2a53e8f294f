import type { TargetPeriodType } from '@stride/contracts';
import Decimal from 'decimal.js';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { targets } from '../../db/schema';
import { fail } from '../../lib/errors';
import { appendAudit } from '../audit/audit.service';
import type { Catalog } from '../metrics/catalog.service';
import { assertManages, isLocked, type TargetCtx } from './targets.access';
import { assertMayChange, assertMetricAndPeriod, auditView, findExisting, recordEvent } from './targets.service';

/** One row of a target import, already checked against the organization. */
export interface ImportedTarget {
  employeeId: string | null;
  unitId: string | null;
  metric: string;
  periodType: TargetPeriodType;
  periodStart: string;
  value: string;
  reason: string | null;
  /** Where it came from, kept in the audit trail. */
  importId: string;
  row: number;
}

/**
 * Writes one agreed target from a file import inside the caller's transaction, by the rules of setTarget
 * and updateTarget: a subject the caller manages (never themselves), a metric of the catalog, an aligned
 * period, and after the lock HR or an admin with a reason. The agreed value again changes nothing.
 */
export async function importTarget(
  tx: DbOrTx,
  ctx: TargetCtx,
  input: ImportedTarget,
  catalog: Catalog,
  now: Date,
): Promise<'created' | 'updated' | 'unchanged'> {
  const subject = { employeeId: input.employeeId, unitId: input.unitId };
  await assertManages(tx, ctx, subject);
  await assertMetricAndPeriod(tx, ctx.auth.orgId, input, catalog);
  const existing = await findExisting(tx, ctx.auth.orgId, subject, input);
  if (existing?.status === 'agreed' && existing.value !== null && new Decimal(existing.value).eq(input.value))
    return 'unchanged';
  const afterLock = isLocked(input, ctx.today);
  // A file has no reason field to point at: the row is refused with a code saying what is missing.
  if (afterLock && !input.reason)
    fail('VALIDATION_FAILED', [{ field: 'reason', code: 'TARGET_LOCKED_REASON_REQUIRED' }]);
  assertMayChange(ctx, input.periodStart, input.reason ?? undefined);
  const agreed = { value: input.value, status: 'agreed', proposedValue: null, proposedBy: null, updatedAt: now };
  const [row] = existing
    ? await tx
        .update(targets)
        .set({ ...agreed, version: existing.version + 1 })
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
          ...agreed,
          createdAt: now,
        })
        .returning();
  await recordEvent(tx, ctx, row.id, 'imported', input.value, now, input.reason);
  await appendAudit(
    tx,
    ctx.actor,
    {
      action: 'target.imported',
      entityType: 'target',
      entityId: row.id,
      before: existing ? auditView(existing) : null,
      after: {
        ...auditView(row),
        reason: input.reason,
        changedAfterLock: afterLock,
        importId: input.importId,
        row: input.row,
      },
    },
    now,
  );
  return existing ? 'updated' : 'created';
}
