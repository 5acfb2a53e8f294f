import type { ParticipantRow } from '@stride/contracts';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { reviewForms, reviewParticipants } from '../../db/schema';
import { fail } from '../../lib/errors';
import { type CycleRow, getCycleRow, isHrOrAdmin, isPublished, type ReviewCtx } from './context';
import { definitionKey, definitionsFor } from './launch.service';
import {
  type Cohorts,
  compact,
  type FrozenScale,
  gradeFor,
  rankersOf,
  type StoredInputs,
  scoreParticipant,
} from './scoring';

export type ParticipantRecord = typeof reviewParticipants.$inferSelect;

/** Whether the caller manages the person's unit (HR and admin manage everyone). */
export function managesUnit(ctx: ReviewCtx, unitId: string): boolean {
  if (isHrOrAdmin(ctx.auth)) return true;
  return ctx.scope.kind === 'units' && ctx.scope.unitIds.includes(unitId);
}

/**
 * A participant the caller may see: HR and admin all; a manager the people of the units they lead
 * (never their own record through that); the person themself once the cycle is published. Anything else
 * answers like a missing one.
 */
export async function getVisibleParticipant(
  db: DbOrTx,
  ctx: ReviewCtx,
  id: string,
  forUpdate = false,
): Promise<{ participant: ParticipantRecord; cycle: CycleRow }> {
  const q = db
    .select()
    .from(reviewParticipants)
    .where(and(eq(reviewParticipants.id, id), eq(reviewParticipants.orgId, ctx.auth.orgId)));
  const [participant] = forUpdate ? await q.for('update') : await q;
  if (!participant) return fail('REVIEW_PARTICIPANT_NOT_FOUND');
  const cycle = await getCycleRow(db, ctx.auth.orgId, participant.cycleId);
  const own = participant.employeeId === ctx.auth.employeeId;
  const allowed = own ? isHrOrAdmin(ctx.auth) || isPublished(cycle.stage) : managesUnit(ctx, participant.unitId);
  if (!allowed) fail('REVIEW_PARTICIPANT_NOT_FOUND');
  return { participant, cycle };
}

interface RowData {
  id: string;
  employee_id: string;
  employee_name: string;
  employee_no: string;
  unit_id: string;
  unit_name: string;
  position_id: string | null;
  position_name: string | null;
  tenure_stage: string;
  total: string;
  computed_grade: string | null;
  grade: string | null;
  bonus_coefficient: string | null;
  adjusted: boolean;
  pending: number;
  submitted: number;
  acknowledged_at: string | null;
  appeal: string | null;
  version: number;
}

/** Participants as list rows; `where` narrows review_participants p. */
export async function participantRows(db: DbOrTx, where: SQL, order: SQL = sql`p.total desc, e.employee_no`) {
  const rows = await queryRows<RowData>(
    db,
    sql`select p.id::text as id, e.id::text as employee_id, e.name as employee_name, e.employee_no,
          u.id::text as unit_id, u.name as unit_name, pos.id::text as position_id, pos.name as position_name,
          p.tenure_stage, p.total::text as total, p.computed_grade, p.grade, p.bonus_coefficient::text as bonus_coefficient,
          exists (select 1 from rating_changes c where c.participant_id = p.id) as adjusted,
          (select count(*)::int from review_forms f where f.participant_id = p.id and f.status = 'pending') as pending,
          (select count(*)::int from review_forms f where f.participant_id = p.id and f.status = 'submitted') as submitted,
          p.acknowledged_at, (select a.status from review_appeals a where a.participant_id = p.id) as appeal, p.version
        from review_participants p
        join employees e on e.id = p.employee_id
        join org_units u on u.id = p.unit_id
        left join positions pos on pos.id = p.position_id
        where ${where}
        order by ${order}`,
  );
  return rows.map(
    (r): ParticipantRow => ({
      id: r.id,
      employee: { id: r.employee_id, name: r.employee_name, employeeNo: r.employee_no },
      unit: { id: r.unit_id, name: r.unit_name },
      position: r.position_id ? { id: r.position_id, name: r.position_name ?? '' } : null,
      tenureStage: r.tenure_stage as ParticipantRow['tenureStage'],
      total: r.total,
      computedGrade: r.computed_grade,
      grade: r.grade,
      bonusCoefficient: r.bonus_coefficient,
      adjusted: r.adjusted,
      forms: { pending: r.pending, submitted: r.submitted },
      acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at).toISOString() : null,
      appeal: (r.appeal as ParticipantRow['appeal']) ?? null,
      version: r.version,
    }),
  );
}

/** The units (each with its subtree) a list may cover for the caller, as a condition on p.unit_id. */
export async function unitCondition(_db: DbOrTx, ctx: ReviewCtx, unitId: string | undefined): Promise<SQL> {
  const subtree = (id: string) =>
    sql`p.unit_id in (with recursive sub as (select id from org_units where id = ${id}::uuid and org_id = ${ctx.auth.orgId}
          union select u.id from org_units u join sub on u.parent_id = sub.id) select id from sub)`;
  if (isHrOrAdmin(ctx.auth)) return unitId ? subtree(unitId) : sql`true`;
  const led = ctx.scope.kind === 'units' ? ctx.scope.unitIds : [];
  if (unitId && !led.includes(unitId)) return fail('ORG_UNIT_NOT_FOUND');
  if (unitId) return subtree(unitId);
  if (led.length === 0) return sql`false`;
  return sql`p.unit_id in (${sql.join(
    led.map((u) => sql`${u}::uuid`),
    sql`, `,
  )})`;
}

export async function listParticipants(
  db: DbOrTx,
  ctx: ReviewCtx,
  cycle: CycleRow,
  query: { unitId?: string; sort: 'total_desc' | 'total_asc' | 'name' },
) {
  const units = await unitCondition(db, ctx, query.unitId);
  const order =
    query.sort === 'name'
      ? sql`e.name, e.employee_no`
      : query.sort === 'total_asc'
        ? sql`p.total asc, e.employee_no`
        : sql`p.total desc, e.employee_no`;
  return participantRows(db, sql`p.cycle_id = ${cycle.id} and ${units}`, order);
}

/** Submitted forms of a participant, as the scoring needs them. */
export async function submittedForms(db: DbOrTx, participantId: string) {
  const rows = await db
    .select({ raterKind: reviewForms.raterKind, ratings: reviewForms.ratings })
    .from(reviewForms)
    .where(and(eq(reviewForms.participantId, participantId), eq(reviewForms.status, 'submitted')));
  return rows.map((r) => ({ raterKind: r.raterKind, ratings: r.ratings as Record<string, number> }));
}

/** The full scorecard of a participant, recomputed from what was stored at launch and the submitted forms. */
export async function cardOf(db: DbOrTx, cycle: CycleRow, participant: ParticipantRecord) {
  const defs = await definitionsFor(db, cycle.orgId, [participant]);
  const definition = defs.get(definitionKey(participant.templateId, participant.templateVersion))!;
  const forms = await submittedForms(db, participant.id);
  const card = scoreParticipant(
    definition,
    participant.inputs as StoredInputs,
    rankersOf(cycle.cohorts as Cohorts),
    participant.positionId,
    forms,
  );
  return { definition, card };
}

/**
 * Scores a participant again after a form was submitted. The computed grade follows the score; the grade
 * in force follows too unless someone changed it (calibration, appeal): that change stands.
 */
export async function rescore(tx: DbOrTx, cycle: CycleRow, participant: ParticipantRecord, now: Date) {
  const { card } = await cardOf(tx, cycle, participant);
  const scale = cycle.gradeScale as FrozenScale | null;
  const graded = gradeFor(scale, card.total);
  const [changed] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from rating_changes where participant_id = ${participant.id}`,
  );
  await tx
    .update(reviewParticipants)
    .set({
      total: card.total,
      result: compact(card),
      computedGrade: graded.grade,
      ...(changed.n === 0 ? { grade: graded.grade, bonusCoefficient: graded.bonusCoefficient } : {}),
      version: participant.version + 1,
      updatedAt: now,
    })
    .where(eq(reviewParticipants.id, participant.id));
}
