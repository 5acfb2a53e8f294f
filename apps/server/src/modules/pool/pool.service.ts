import type { PoolDecisionRequest } from '@stride/contracts';
import { and, eq, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { poolEntries } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { appendAudit } from '../audit/audit.service';
import { type BuildResult, buildPool } from './pool.builder';
import { entryVisibility, type PoolCtx } from './pool.read';
import { isClosed, isExitReviewAllowed, isPeriodStart } from './pool.rules';
import { getPoolSettings } from './settings.service';

type D = Pick<Deps, 'db' | 'clock'>;

/**
 * HR or an admin builds (or rebuilds) the pool of a closed period of the organization's pool period type, e.g.
 * once the period's review cycle is published. Refused for a period that has not ended yet.
 */
export async function requestBuild(deps: D, ctx: PoolCtx, periodStart: string): Promise<BuildResult> {
  const { poolPeriodType } = await getPoolSettings(deps.db, ctx.auth.orgId);
  if (!isPeriodStart(periodStart, poolPeriodType))
    fail('VALIDATION_FAILED', [{ field: 'periodStart', code: 'PERIOD_START_NOT_ALIGNED' }]);
  if (!isClosed(periodStart, poolPeriodType, ctx.today))
    fail('POOL_PERIOD_NOT_CLOSED', [{ field: 'periodStart', code: 'POOL_PERIOD_NOT_CLOSED' }]);
  return buildPool(deps.db, ctx.auth.orgId, periodStart, deps.clock(), ctx.actor);
}

async function lockVisibleEntry(tx: DbOrTx, ctx: PoolCtx, id: string) {
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`select pe.id::text from pool_entries pe join employees on employees.id = pe.employee_id
        where pe.id = ${id} and pe.org_id = ${ctx.auth.orgId} and ${entryVisibility(ctx)}`,
  );
  if (!row) return fail('POOL_ENTRY_NOT_FOUND');
  const [entry] = await tx.select().from(poolEntries).where(eq(poolEntries.id, id)).for('update');
  return entry;
}

/**
 * Records the decision of a manager (for their people) or of HR on an entry. The decision is the person's:
 * Stride only refuses an exit review where its own rules give no ground for one (no failed plan, not on the
 * optimization list — a low rank is never a ground, 末位淘汰), and nobody decides about themselves.
 */
export async function decide(deps: D, ctx: PoolCtx, id: string, body: PoolDecisionRequest) {
  return deps.db.transaction(async (tx) => {
    const entry = await lockVisibleEntry(tx, ctx, id);
    if (entry.employeeId === ctx.auth.employeeId) fail('POOL_SELF_DECISION');
    if (entry.version !== body.version) fail('POOL_ENTRY_VERSION_CONFLICT');
    if (body.decision === 'exit_review' && !isExitReviewAllowed(entry))
      fail('POOL_EXIT_REVIEW_NOT_ALLOWED', [{ field: 'decision', code: 'POOL_EXIT_REVIEW_NOT_ALLOWED' }]);
    const now = deps.clock();
    const [updated] = await tx
      .update(poolEntries)
      .set({
        decision: body.decision,
        decisionNote: body.note,
        decidedBy: ctx.auth.userId,
        decidedAt: now,
        version: entry.version + 1,
      })
      .where(and(eq(poolEntries.id, id), eq(poolEntries.version, entry.version)))
      .returning({ id: poolEntries.id });
    if (!updated) fail('POOL_ENTRY_VERSION_CONFLICT');
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'pool_entry.decided',
        entityType: 'pool_entry',
        entityId: id,
        before: { decision: entry.decision, note: entry.decisionNote },
        after: {
          employeeId: entry.employeeId,
          poolId: entry.poolId,
          decision: body.decision,
          note: body.note,
          suggestedStep: entry.suggestedStep,
          onOptimizationList: entry.onOptimizationList,
        },
      },
      now,
    );
  });
}
