import type { decideAppealRequest } from '@stride/contracts';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client';
import { reviewAppeals, reviewParticipants } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { appendAudit } from '../audit/audit.service';
import { recordGradeChange } from './calibration.service';
import { type CycleRow, getCycleRow, type ReviewCtx } from './context';
import { getVisibleParticipant, unitCondition } from './participants.service';
import { coefficientOf, type FrozenScale } from './scoring';

/** The person's own published result, not yet acknowledged or appealed. */
async function ownOpenResult(tx: DbOrTx, ctx: ReviewCtx, participantId: string) {
  const { participant, cycle } = await getVisibleParticipant(tx, ctx, participantId, true);
  if (participant.employeeId !== ctx.auth.employeeId) fail('REVIEW_NOT_YOURS');
  if (cycle.stage !== 'published') fail('REVIEW_STAGE_CLOSED');
  if (participant.acknowledgedAt) fail('REVIEW_ALREADY_ACKNOWLEDGED');
  const [appeal] = await tx.select().from(reviewAppeals).where(eq(reviewAppeals.participantId, participantId));
  if (appeal) fail('REVIEW_APPEAL_EXISTS');
  return { participant, cycle };
}

export async function acknowledge(deps: Pick<Deps, 'db'>, ctx: ReviewCtx, participantId: string) {
  await deps.db.transaction(async (tx) => {
    const { participant } = await ownOpenResult(tx, ctx, participantId);
    await tx
      .update(reviewParticipants)
      .set({ acknowledgedAt: ctx.now, version: participant.version + 1, updatedAt: ctx.now })
      .where(eq(reviewParticipants.id, participantId));
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'review_result.acknowledged',
        entityType: 'review_participant',
        entityId: participantId,
        after: { grade: participant.grade },
      },
      ctx.now,
    );
  });
}

export async function appeal(deps: Pick<Deps, 'db'>, ctx: ReviewCtx, participantId: string, reason: string) {
  await deps.db.transaction(async (tx) => {
    const { participant, cycle } = await ownOpenResult(tx, ctx, participantId);
    const [row] = await tx
      .insert(reviewAppeals)
      .values({ orgId: cycle.orgId, cycleId: cycle.id, participantId, reason, createdAt: ctx.now })
      .returning();
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'review_appeal.filed',
        entityType: 'review_appeal',
        entityId: row.id,
        after: { participantId, grade: participant.grade, reason },
      },
      ctx.now,
    );
  });
}

interface AppealRow {
  id: string;
  participant_id: string;
  employee_id: string;
  employee_name: string;
  grade: string | null;
  reason: string;
  status: 'open' | 'upheld' | 'rejected';
  decision: string | null;
  new_grade: string | null;
  created_at: string;
  decided_at: string | null;
}

async function appealRows(db: DbOrTx, where: ReturnType<typeof sql>) {
  const rows = await queryRows<AppealRow>(
    db,
    sql`select a.id::text as id, p.id::text as participant_id, e.id::text as employee_id, e.name as employee_name,
          p.grade, a.reason, a.status, a.decision, a.new_grade, a.created_at, a.decided_at
        from review_appeals a join review_participants p on p.id = a.participant_id join employees e on e.id = p.employee_id
        where ${where} order by a.created_at`,
  );
  return rows.map((r) => ({
    id: r.id,
    participantId: r.participant_id,
    employee: { id: r.employee_id, name: r.employee_name },
    grade: r.grade,
    reason: r.reason,
    status: r.status,
    decision: r.decision,
    newGrade: r.new_grade,
    createdAt: new Date(r.created_at).toISOString(),
    decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
  }));
}

export async function listAppeals(db: DbOrTx, ctx: ReviewCtx, cycle: CycleRow) {
  const units = await unitCondition(db, ctx, undefined);
  return appealRows(db, sql`a.cycle_id = ${cycle.id} and ${units}`);
}

/**
 * HR decides an appeal while the cycle is published: upheld with the grade in force from now on (kept as a
 * rating change with the decision as its reason), or rejected. Both sides see the outcome.
 */
export async function decideAppeal(
  deps: Pick<Deps, 'db'>,
  ctx: ReviewCtx,
  id: string,
  input: z.output<typeof decideAppealRequest>,
) {
  return deps.db.transaction(async (tx) => {
    const [appealRow] = await tx
      .select()
      .from(reviewAppeals)
      .where(and(eq(reviewAppeals.id, id), eq(reviewAppeals.orgId, ctx.auth.orgId)))
      .for('update');
    if (!appealRow) return fail('REVIEW_APPEAL_NOT_FOUND');
    if (appealRow.status !== 'open') fail('REVIEW_APPEAL_DECIDED');
    const cycle = await getCycleRow(tx, ctx.auth.orgId, appealRow.cycleId);
    if (cycle.stage !== 'published') fail('REVIEW_STAGE_CLOSED');
    const { participant } = await getVisibleParticipant(tx, ctx, appealRow.participantId, true);
    if (participant.employeeId === ctx.auth.employeeId) fail('REVIEW_SELF_CALIBRATION');
    if (input.outcome === 'upheld') {
      if (!input.newGrade) fail('VALIDATION_FAILED', [{ field: 'newGrade', code: 'REQUIRED' }]);
      if (coefficientOf(cycle.gradeScale as FrozenScale | null, input.newGrade!) === null)
        fail('VALIDATION_FAILED', [{ field: 'newGrade', code: 'GRADE_NOT_IN_SCALE' }]);
      await recordGradeChange(tx, ctx, cycle, participant, input.newGrade!, input.decision, 'appeal');
    }
    await tx
      .update(reviewAppeals)
      .set({
        status: input.outcome,
        decision: input.decision,
        newGrade: input.outcome === 'upheld' ? input.newGrade! : null,
        decidedBy: ctx.auth.userId,
        decidedAt: ctx.now,
      })
      .where(eq(reviewAppeals.id, id));
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'review_appeal.decided',
        entityType: 'review_appeal',
        entityId: id,
        before: { status: 'open' },
        after: { status: input.outcome, decision: input.decision, newGrade: input.newGrade ?? null },
      },
      ctx.now,
    );
    const [view] = await appealRows(tx, sql`a.id = ${id}`);
    return view;
  });
}
