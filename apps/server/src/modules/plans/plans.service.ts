import type {
  addCheckInRequest,
  cancelPlanRequest,
  createPlanRequest,
  evaluatePlanRequest,
  PlanGoal,
  recordOutcomeRequest,
  recordRefusalRequest,
  updatePlanRequest,
} from '@stride/contracts';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client';
import { employees, improvementPlans, planCheckIns, trainingCourses } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { type FieldError, fail } from '../../lib/errors';
import { employeeVisibility } from '../access/scope';
import { linkActionToAlert } from '../alerts/events';
import { appendAudit } from '../audit/audit.service';
import { loadCatalog } from '../metrics/catalog.service';
import { type PlanStep, tellPlanStep } from './plans.notify';
import {
  earlierDay,
  getVisiblePlan,
  isHrOrAdmin,
  managesPlan,
  measureGoals,
  OPEN_STATUSES,
  type PlanCtx,
  type PlanRow,
  RUNNING_STATUSES,
  type StoredEvaluation,
  type StoredOutcome,
} from './plans.read';

type D = Pick<Deps, 'db' | 'clock' | 'config'>;
type Tx = DbOrTx;

const emailOn = (deps: D) => Boolean(deps.config.smtpUrl);

async function nameOf(tx: Tx, employeeId: string) {
  const [p] = await tx.select({ name: employees.name }).from(employees).where(eq(employees.id, employeeId));
  return p?.name ?? '';
}

async function tell(deps: D, tx: Tx, ctx: PlanCtx, plan: PlanRow, step: PlanStep, now: Date, occurrence?: string) {
  await tellPlanStep(tx, plan, await nameOf(tx, plan.employeeId), step, {
    actorUserId: ctx.auth.userId,
    occurrence,
    emailEnabled: emailOn(deps),
    now,
  });
}

/** Sets the person's status (on_plan while a plan runs, regular after), audited on the person's trail. */
async function setPersonStatus(tx: Tx, ctx: PlanCtx, employeeId: string, from: string, to: string, now: Date) {
  const [person] = await tx.select().from(employees).where(eq(employees.id, employeeId)).for('update');
  if (person?.status !== from) return;
  await tx.update(employees).set({ status: to, updatedAt: now }).where(eq(employees.id, employeeId));
  await appendAudit(
    tx,
    ctx.actor,
    {
      action: 'employee.updated',
      entityType: 'employee',
      entityId: employeeId,
      before: { status: from },
      after: { status: to },
    },
    now,
  );
}

/** The owner by default: the calling manager, else the person's manager, else the nearest leader of their unit. */
async function defaultOwner(tx: Tx, ctx: PlanCtx, person: typeof employees.$inferSelect): Promise<string | null> {
  if (ctx.auth.role === 'manager' && ctx.auth.employeeId) return ctx.auth.employeeId;
  if (person.managerId && person.managerId !== person.id) return person.managerId;
  const [row] = await queryRows<{ leader: string | null }>(
    tx,
    sql`with recursive up as (
          select id, parent_id, leader_employee_id, 0 as depth from org_units where id = ${person.unitId}
          union all
          select u.id, u.parent_id, u.leader_employee_id, up.depth + 1 from org_units u join up on u.id = up.parent_id
          where up.depth < 50
        )
        select leader_employee_id::text as leader from up
        where leader_employee_id is not null and leader_employee_id <> ${person.id}
        order by depth limit 1`,
  );
  return row?.leader ?? null;
}

/**
 * Creates a plan in draft for a person in the caller's scope (a manager: people of their units, not
 * themselves). From an alert, the alert gets an action_linked event and status in the same transaction.
 */
/** The fields a draft can have edited: dates, check-ins, goals, courses, coach and owner — every problem at once. */
async function checkPlanFields(
  tx: Tx,
  ctx: PlanCtx,
  person: typeof employees.$inferSelect,
  input: Pick<
    z.output<typeof createPlanRequest>,
    'startDate' | 'endDate' | 'checkInDates' | 'goals' | 'courseIds' | 'coachEmployeeId' | 'managerEmployeeId'
  >,
) {
  const errors: FieldError[] = [];
  if (input.endDate <= input.startDate) errors.push({ field: 'endDate', code: 'BEFORE_START' });
  if (input.startDate < person.hireDate) errors.push({ field: 'startDate', code: 'BEFORE_HIRE' });
  input.checkInDates.forEach((d, i) => {
    if (d < input.startDate || d > input.endDate)
      errors.push({ field: `checkInDates.${i}`, code: 'PLAN_DATE_OUTSIDE' });
  });
  const catalog = await loadCatalog(tx, ctx.auth.orgId);
  input.goals.forEach((g, i) => {
    if (g.kind === 'metric' && !catalog.byKey.has(g.metricKey))
      errors.push({ field: `goals.${i}.metricKey`, code: 'UNKNOWN_METRIC' });
  });
  if (input.courseIds.length) {
    const found = new Set(
      (
        await tx
          .select({ id: trainingCourses.id })
          .from(trainingCourses)
          .where(and(eq(trainingCourses.orgId, ctx.auth.orgId), inArray(trainingCourses.id, input.courseIds)))
      ).map((c) => c.id),
    );
    input.courseIds.forEach((id, i) => {
      if (!found.has(id)) errors.push({ field: `courseIds.${i}`, code: 'TRAINING_COURSE_NOT_FOUND' });
    });
  }
  const coachId = input.coachEmployeeId ?? null;
  if (coachId === person.id) errors.push({ field: 'coachEmployeeId', code: 'PLAN_COACH_IS_PERSON' });
  const ownerId = input.managerEmployeeId ?? (await defaultOwner(tx, ctx, person));
  if (!ownerId || ownerId === person.id) errors.push({ field: 'managerEmployeeId', code: 'PLAN_OWNER_NOT_MANAGER' });
  const others = [coachId, ownerId].filter((x): x is string => !!x && x !== person.id);
  if (others.length) {
    const known = new Set(
      (
        await tx
          .select({ id: employees.id })
          .from(employees)
          .where(
            and(eq(employees.orgId, ctx.auth.orgId), inArray(employees.id, others), ne(employees.status, 'exited')),
          )
      ).map((e) => e.id),
    );
    if (coachId && coachId !== person.id && !known.has(coachId))
      errors.push({ field: 'coachEmployeeId', code: 'EMPLOYEE_NOT_FOUND' });
    if (ownerId && ownerId !== person.id && !known.has(ownerId))
      errors.push({ field: 'managerEmployeeId', code: 'EMPLOYEE_NOT_FOUND' });
  }
  return { errors, ownerId, coachId };
}

export async function createPlan(deps: D, ctx: PlanCtx, input: z.output<typeof createPlanRequest>): Promise<string> {
  return deps.db.transaction(async (tx) => {
    const [person] = await tx
      .select()
      .from(employees)
      .where(
        and(
          eq(employees.id, input.employeeId),
          employeeVisibility(ctx.scope),
          ctx.auth.employeeId && !isHrOrAdmin(ctx.auth) ? ne(employees.id, ctx.auth.employeeId) : undefined,
        ),
      )
      .for('update');
    if (!person || person.status === 'exited' || person.status === 'candidate') return fail('EMPLOYEE_NOT_FOUND');
    const [running] = await tx
      .select({ id: improvementPlans.id })
      .from(improvementPlans)
      .where(and(eq(improvementPlans.employeeId, person.id), inArray(improvementPlans.status, OPEN_STATUSES)));
    if (running) fail('PLAN_ACTIVE_EXISTS', [{ field: 'employeeId', code: 'PLAN_ACTIVE_EXISTS' }]);

    const { errors, ownerId, coachId } = await checkPlanFields(tx, ctx, person, input);
    if (input.source === 'alert' && !input.alertId) errors.push({ field: 'alertId', code: 'PLAN_SOURCE_REQUIRED' });
    if (input.source === 'pool_entry' && !input.poolEntryId)
      errors.push({ field: 'poolEntryId', code: 'PLAN_SOURCE_REQUIRED' });
    if (input.source === 'alert' && input.alertId) {
      const [a] = await queryRows<{ id: string }>(
        tx,
        sql`select id from alerts where id = ${input.alertId} and org_id = ${ctx.auth.orgId}
            and employee_id = ${person.id}`,
      );
      if (!a) errors.push({ field: 'alertId', code: 'PLAN_SOURCE_OTHER_PERSON' });
    }
    if (input.source === 'pool_entry' && input.poolEntryId) {
      const [e] = await queryRows<{ id: string }>(
        tx,
        sql`select id from pool_entries where id = ${input.poolEntryId} and org_id = ${ctx.auth.orgId}
            and employee_id = ${person.id}`,
      );
      if (!e) errors.push({ field: 'poolEntryId', code: 'PLAN_SOURCE_OTHER_PERSON' });
    }
    if (errors.length) fail('PLAN_INVALID', errors);

    const now = deps.clock();
    const goals: PlanGoal[] = input.goals;
    const [plan] = await tx
      .insert(improvementPlans)
      .values({
        orgId: ctx.auth.orgId,
        employeeId: person.id,
        source: input.source,
        alertId: input.source === 'alert' ? input.alertId : null,
        poolEntryId: input.source === 'pool_entry' ? input.poolEntryId : null,
        managerEmployeeId: ownerId!,
        coachEmployeeId: coachId,
        startDate: input.startDate,
        endDate: input.endDate,
        goals,
        courseIds: input.courseIds,
        checkInDates: [...input.checkInDates].sort(),
        status: 'draft',
        createdBy: ctx.auth.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (plan.alertId)
      await linkActionToAlert(tx, {
        orgId: plan.orgId,
        alertId: plan.alertId,
        actorId: ctx.auth.userId,
        actionKind: 'improvement_plan',
        refId: plan.id,
        at: now,
      });
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'improvement_plan.created',
        entityType: 'improvement_plan',
        entityId: plan.id,
        after: {
          employeeId: plan.employeeId,
          source: plan.source,
          alertId: plan.alertId,
          poolEntryId: plan.poolEntryId,
          managerEmployeeId: plan.managerEmployeeId,
          coachEmployeeId: plan.coachEmployeeId,
          startDate: plan.startDate,
          endDate: plan.endDate,
          goals,
          courseIds: input.courseIds,
          checkInDates: plan.checkInDates,
        },
      },
      now,
    );
    await tell(deps, tx, ctx, plan, 'created', now);
    return plan.id;
  });
}

/**
 * Edits a draft before the person acknowledges it: dates, goals, check-ins, courses, coach and owner, validated as
 * at creation. The person's own plan is never edited by the person; the version read must still be current.
 */
export async function updateDraftPlan(deps: D, ctx: PlanCtx, id: string, input: z.output<typeof updatePlanRequest>) {
  return deps.db.transaction(async (tx) => {
    const { plan } = await lockPlan(tx, ctx, id, input.version, ['draft']);
    if (plan.employeeId === ctx.auth.employeeId) fail('FORBIDDEN');
    const [person] = await tx.select().from(employees).where(eq(employees.id, plan.employeeId));
    const { errors, ownerId, coachId } = await checkPlanFields(tx, ctx, person, {
      ...input,
      managerEmployeeId: input.managerEmployeeId ?? plan.managerEmployeeId,
    });
    if (errors.length) fail('PLAN_INVALID', errors);
    const now = deps.clock();
    const before = {
      managerEmployeeId: plan.managerEmployeeId,
      coachEmployeeId: plan.coachEmployeeId,
      startDate: plan.startDate,
      endDate: plan.endDate,
      goals: plan.goals,
      courseIds: plan.courseIds,
      checkInDates: plan.checkInDates,
    };
    const after = {
      managerEmployeeId: ownerId!,
      coachEmployeeId: coachId,
      startDate: input.startDate,
      endDate: input.endDate,
      goals: input.goals as PlanGoal[],
      courseIds: input.courseIds,
      checkInDates: [...input.checkInDates].sort(),
    };
    await update(tx, plan, after, now);
    await audit(tx, ctx, plan, 'updated', before, after, now);
  });
}

/** The plan, locked, at the expected version and in one of the statuses the action needs. */
async function lockPlan(tx: Tx, ctx: PlanCtx, id: string, version: number, statuses: string[]) {
  const { plan, unitId } = await getVisiblePlan(tx, ctx, id, true);
  if (plan.version !== version) fail('PLAN_VERSION_CONFLICT');
  if (!statuses.includes(plan.status)) fail('PLAN_STATE_CONFLICT');
  return { plan, unitId };
}

async function update(tx: Tx, plan: PlanRow, set: Partial<typeof improvementPlans.$inferInsert>, now: Date) {
  const [row] = await tx
    .update(improvementPlans)
    .set({ ...set, updatedAt: now, version: plan.version + 1 })
    .where(eq(improvementPlans.id, plan.id))
    .returning();
  return row;
}

async function audit(
  tx: Tx,
  ctx: PlanCtx,
  plan: PlanRow,
  action: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  now: Date,
) {
  await appendAudit(
    tx,
    ctx.actor,
    { action: `improvement_plan.${action}`, entityType: 'improvement_plan', entityId: plan.id, before, after },
    now,
  );
}

/**
 * Starts the plan: the person acknowledges it (signed, with the time), or HR records that they refused to
 * sign, with a witness note — the plan starts either way, as is usual practice. The person goes on_plan.
 */
export async function activatePlan(
  deps: D,
  ctx: PlanCtx,
  id: string,
  how: { kind: 'signed'; version: number } | ({ kind: 'refused' } & z.output<typeof recordRefusalRequest>),
) {
  return deps.db.transaction(async (tx) => {
    const { plan } = await lockPlan(tx, ctx, id, how.version, ['draft']);
    if (how.kind === 'signed' && plan.employeeId !== ctx.auth.employeeId) fail('FORBIDDEN');
    if (how.kind === 'refused' && !isHrOrAdmin(ctx.auth)) fail('FORBIDDEN');
    const now = deps.clock();
    const witnessNote = how.kind === 'refused' ? how.witnessNote : null;
    const row = await update(
      tx,
      plan,
      {
        status: 'active',
        acknowledgement: how.kind,
        acknowledgedAt: now,
        acknowledgedBy: ctx.auth.userId,
        witnessNote,
      },
      now,
    );
    await audit(
      tx,
      ctx,
      plan,
      how.kind === 'signed' ? 'acknowledged' : 'refusal_recorded',
      { status: 'draft' },
      { status: 'active', acknowledgement: how.kind, acknowledgedAt: now.toISOString(), witnessNote },
      now,
    );
    await setPersonStatus(tx, ctx, plan.employeeId, 'regular', 'on_plan', now);
    await tell(deps, tx, ctx, row, 'activated', now);
  });
}

/** A check-in by the owner, HR or the coach, on a day of the plan up to today; metric progress as of that day. */
export async function addCheckIn(deps: D, ctx: PlanCtx, id: string, input: z.output<typeof addCheckInRequest>) {
  return deps.db.transaction(async (tx) => {
    const { plan, unitId } = await getVisiblePlan(tx, ctx, id, true);
    const isCoach = !!ctx.auth.employeeId && plan.coachEmployeeId === ctx.auth.employeeId;
    if (!managesPlan(ctx, plan, unitId) && !isCoach) fail('FORBIDDEN');
    if (!RUNNING_STATUSES.includes(plan.status as never)) fail('PLAN_STATE_CONFLICT');
    if (input.heldOn < plan.startDate || input.heldOn > plan.endDate || input.heldOn > ctx.today)
      fail('PLAN_INVALID', [{ field: 'heldOn', code: 'PLAN_DATE_OUTSIDE' }]);
    const catalog = await loadCatalog(tx, ctx.auth.orgId);
    const progress = await measureGoals(tx, plan, input.heldOn, (k) => catalog.byKey.get(k)?.names['zh-CN'] ?? k);
    const now = deps.clock();
    const [row] = await tx
      .insert(planCheckIns)
      .values({
        orgId: plan.orgId,
        planId: plan.id,
        heldOn: input.heldOn,
        notes: input.notes,
        evidence: input.evidence,
        progress,
        authorId: ctx.auth.userId,
        createdAt: now,
      })
      .returning();
    // A check-in changes the plan's record too: its version moves, so a stale evaluation is refused.
    await update(tx, plan, {}, now);
    await audit(
      tx,
      ctx,
      plan,
      'check_in_added',
      {},
      { checkInId: row.id, heldOn: input.heldOn, notes: input.notes, evidence: input.evidence },
      now,
    );
    await tell(deps, tx, ctx, plan, 'check_in', now, row.id);
  });
}

/**
 * The midpoint or final evaluation by the owner or HR: Stride measures each metric goal over the plan's
 * window; the manager judges each behaviour goal and recommends. The midpoint is recorded once.
 */
export async function evaluatePlan(deps: D, ctx: PlanCtx, id: string, input: z.output<typeof evaluatePlanRequest>) {
  return deps.db.transaction(async (tx) => {
    const { plan, unitId } = await lockPlan(tx, ctx, id, input.version, RUNNING_STATUSES);
    if (!managesPlan(ctx, plan, unitId)) fail('FORBIDDEN');
    const evaluations = plan.evaluations as StoredEvaluation[];
    if (input.stage === 'midpoint' && (plan.status !== 'active' || evaluations.some((e) => e.stage === 'midpoint')))
      fail('PLAN_STATE_CONFLICT');
    const goals = plan.goals as PlanGoal[];
    const errors: FieldError[] = [];
    input.behaviours.forEach((b, i) => {
      if (goals[b.goalIndex]?.kind !== 'behaviour')
        errors.push({ field: `behaviours.${i}.goalIndex`, code: 'PLAN_NOT_BEHAVIOUR_GOAL' });
    });
    goals.forEach((g, goalIndex) => {
      if (g.kind === 'behaviour' && !input.behaviours.some((b) => b.goalIndex === goalIndex))
        errors.push({ field: `behaviours.${goalIndex}`, code: 'REQUIRED' });
    });
    if (errors.length) fail('PLAN_INVALID', errors);
    const catalog = await loadCatalog(tx, ctx.auth.orgId);
    const asOf = earlierDay(ctx.today, plan.endDate);
    const metrics = await measureGoals(tx, plan, asOf, (k) => catalog.byKey.get(k)?.names['zh-CN'] ?? k);
    const now = deps.clock();
    const evaluation: StoredEvaluation = {
      stage: input.stage,
      asOf,
      metrics,
      behaviours: input.behaviours,
      recommendation: input.recommendation,
      by: ctx.auth.username,
      at: now.toISOString(),
    };
    const status = input.stage === 'midpoint' ? 'midpoint_evaluated' : 'final_evaluated';
    const row = await update(tx, plan, { status, evaluations: [...evaluations, evaluation] }, now);
    await audit(tx, ctx, plan, `${input.stage}_evaluated`, { status: plan.status }, { status, evaluation }, now);
    await tell(deps, tx, ctx, row, input.stage, now, String(evaluations.length));
  });
}

/**
 * HR records the outcome after the final evaluation: passed, failed, or extended (once only: a new end
 * date, the plan runs again). Stride only suggests; this is always a person's decision. At the end the
 * person's status returns to regular.
 */
export async function recordOutcome(deps: D, ctx: PlanCtx, id: string, input: z.output<typeof recordOutcomeRequest>) {
  return deps.db.transaction(async (tx) => {
    const { plan } = await lockPlan(tx, ctx, id, input.version, ['final_evaluated']);
    if (!isHrOrAdmin(ctx.auth)) fail('FORBIDDEN');
    const now = deps.clock();
    const outcomes = plan.outcomes as StoredOutcome[];
    const entry: StoredOutcome = {
      outcome: input.outcome,
      note: input.note,
      previousEndDate: null,
      newEndDate: null,
      by: ctx.auth.username,
      at: now.toISOString(),
    };
    if (input.outcome === 'extended') {
      if (plan.originalEndDate) fail('PLAN_ALREADY_EXTENDED');
      if (!input.newEndDate || input.newEndDate <= plan.endDate)
        fail('PLAN_INVALID', [{ field: 'newEndDate', code: 'PLAN_NEW_END_REQUIRED' }]);
      entry.previousEndDate = plan.endDate;
      entry.newEndDate = input.newEndDate!;
      const row = await update(
        tx,
        plan,
        {
          status: 'active',
          outcome: 'extended',
          originalEndDate: plan.endDate,
          endDate: input.newEndDate!,
          outcomes: [...outcomes, entry],
        },
        now,
      );
      await audit(
        tx,
        ctx,
        plan,
        'extended',
        { status: plan.status, endDate: plan.endDate },
        { status: 'active', endDate: input.newEndDate, note: input.note },
        now,
      );
      await tell(deps, tx, ctx, row, 'extended', now);
      return;
    }
    const row = await update(
      tx,
      plan,
      { status: input.outcome, outcome: input.outcome, outcomes: [...outcomes, entry] },
      now,
    );
    await audit(
      tx,
      ctx,
      plan,
      'outcome_recorded',
      { status: plan.status },
      { status: input.outcome, outcome: input.outcome, note: input.note },
      now,
    );
    await setPersonStatus(tx, ctx, plan.employeeId, 'on_plan', 'regular', now);
    await tell(deps, tx, ctx, row, input.outcome, now);
  });
}

/** Cancels a plan before its outcome (owner or HR), with a reason; the person's status returns to regular. */
export async function cancelPlan(deps: D, ctx: PlanCtx, id: string, input: z.output<typeof cancelPlanRequest>) {
  return deps.db.transaction(async (tx) => {
    const { plan, unitId } = await lockPlan(tx, ctx, id, input.version, OPEN_STATUSES);
    if (!managesPlan(ctx, plan, unitId)) fail('FORBIDDEN');
    const now = deps.clock();
    const row = await update(tx, plan, { status: 'cancelled', cancelReason: input.reason }, now);
    await audit(
      tx,
      ctx,
      plan,
      'cancelled',
      { status: plan.status },
      { status: 'cancelled', reason: input.reason },
      now,
    );
    await setPersonStatus(tx, ctx, plan.employeeId, 'on_plan', 'regular', now);
    await tell(deps, tx, ctx, row, 'cancelled', now);
  });
}
