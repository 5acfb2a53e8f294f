import type {
  ApprovalRole,
  approvalDecisionRequest,
  cancelActionRequest,
  createEmploymentActionRequest,
  EmploymentActionKind,
  Locale,
  updateEmploymentActionRequest,
} from '@stride/contracts';
import { jobChangeKinds } from '@stride/contracts';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client';
import {
  employees,
  employmentActionApprovals,
  employmentActions,
  orgUnits,
  positions,
  trainingCourses,
} from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { type FieldError, fail } from '../../lib/errors';
import { employeeVisibility } from '../access/scope';
import { linkActionToAlert } from '../alerts/events';
import { appendAudit } from '../audit/audit.service';
import { findCityAverage } from '../calculators/calculators.service';
import { applyAction, isDue } from './apply';
import { chainStepsFor } from './approvals';
import { decidersOf, tellAction, usersOfPerson } from './employment.notify';
import {
  type ActionCtx,
  type ActionRow,
  decisionRefusal,
  decisionsOf,
  getVisibleAction,
  isHrOrAdmin,
  isJobChange,
  isRecord,
  type Job,
  type JobChangeDetails,
  jobOn,
  managesAction,
  OPEN_STATUSES,
  severanceOf,
  type TerminationDetails,
} from './employment.read';
import { assertChainComplete } from './termination.chain';

type D = Pick<Deps, 'db' | 'clock' | 'config' | 'cipher'>;
type Tx = DbOrTx;
type CreateInput = z.output<typeof createEmploymentActionRequest>;
type Person = typeof employees.$inferSelect;

const emailOn = (deps: D) => Boolean(deps.config.smtpUrl);

/** The fields every kind is checked on, in one shape (create and a draft's edits alike). */
interface Draft {
  kind: EmploymentActionKind;
  effectiveDate: string;
  reason: string;
  /** Job changes: what the caller asked to change (undefined: unchanged). */
  to?: { unitId?: string; positionId?: string | null; managerId?: string | null };
  termination?: Omit<TerminationDetails, 'art42' | 'unionNotice'>;
  training?: { courseId?: string; title?: string };
  links: { planId?: string | null; alertId?: string | null; poolEntryId?: string | null };
}

async function openJobStart(tx: Tx, orgId: string, employeeId: string): Promise<string | null> {
  const [row] = await queryRows<{ from: string }>(
    tx,
    sql`select effective_from::text as "from" from job_history
        where org_id = ${orgId} and employee_id = ${employeeId} and effective_to is null
        order by effective_from desc limit 1`,
  );
  return row?.from ?? null;
}

/** True when `candidateManagerId` reports, directly or not, to `employeeId`. */
async function reportsTo(tx: Tx, orgId: string, candidateManagerId: string, employeeId: string) {
  const rows = await queryRows<{ found: boolean }>(
    tx,
    sql`with recursive chain as (
      select id, manager_id, 0 as depth from employees where id = ${candidateManagerId} and org_id = ${orgId}
      union all
      select e.id, e.manager_id, c.depth + 1 from employees e join chain c on e.id = c.manager_id
      where e.org_id = ${orgId} and c.depth < 50
    ) select exists(select 1 from chain where id = ${employeeId}) as found`,
  );
  return Boolean(rows[0]?.found);
}

/**
 * Checks a draft against the person and the organization; answers the field errors and, for job changes, the
 * job on the effective date and the resolved new job. Never writes.
 */
async function check(
  tx: Tx,
  ctx: ActionCtx,
  person: Person,
  d: Draft,
): Promise<{ errors: FieldError[]; job?: JobChangeDetails; trainingTitle?: string }> {
  const orgId = ctx.auth.orgId;
  const errors: FieldError[] = [];
  if (d.effectiveDate < person.hireDate) errors.push({ field: 'effectiveDate', code: 'EFFECTIVE_BEFORE_HIRE' });
  else if (person.exitDate && d.effectiveDate > person.exitDate)
    errors.push({ field: 'effectiveDate', code: 'EFFECTIVE_AFTER_EXIT' });
  if (isRecord(d.kind) && d.effectiveDate > ctx.today)
    errors.push({ field: 'effectiveDate', code: 'JOB_CHANGE_IN_FUTURE' });
  // A termination is never backdated: its last day is today or later.
  if (d.kind === 'termination' && d.effectiveDate < ctx.today)
    errors.push({ field: 'effectiveDate', code: 'TERMINATION_IN_PAST' });

  const link = async (field: 'planId' | 'alertId' | 'poolEntryId', table: string) => {
    const id = d.links[field];
    if (!id) return;
    const [hit] = await queryRows<{ id: string }>(
      tx,
      sql`select id::text from ${sql.identifier(table)}
          where id = ${id} and org_id = ${orgId} and employee_id = ${person.id}`,
    );
    if (!hit) errors.push({ field, code: 'LINK_OTHER_PERSON' });
  };
  await link('planId', 'improvement_plans');
  await link('alertId', 'alerts');
  await link('poolEntryId', 'pool_entries');

  let job: JobChangeDetails | undefined;
  if (isJobChange(d.kind)) {
    const from = (await jobOn(tx, orgId, person.id, d.effectiveDate)) as Job;
    const t = d.to ?? {};
    const to: Job = {
      unitId: t.unitId ?? from.unitId,
      positionId: t.positionId !== undefined ? t.positionId : from.positionId,
      managerId: t.managerId !== undefined ? t.managerId : from.managerId,
    };
    if (t.unitId) {
      const [u] = await tx
        .select({ id: orgUnits.id })
        .from(orgUnits)
        .where(and(eq(orgUnits.id, t.unitId), eq(orgUnits.orgId, orgId)));
      if (!u) errors.push({ field: 'to.unitId', code: 'REFERENCE_OUTSIDE_ORG' });
    }
    if (t.positionId) {
      const [p] = await tx
        .select({ id: positions.id })
        .from(positions)
        .where(and(eq(positions.id, t.positionId), eq(positions.orgId, orgId)));
      if (!p) errors.push({ field: 'to.positionId', code: 'REFERENCE_OUTSIDE_ORG' });
    }
    if (t.managerId) {
      if (t.managerId === person.id) errors.push({ field: 'to.managerId', code: 'MANAGER_SELF' });
      else {
        const [m] = await tx
          .select({ id: employees.id })
          .from(employees)
          .where(and(eq(employees.id, t.managerId), eq(employees.orgId, orgId), ne(employees.status, 'exited')));
        if (!m) errors.push({ field: 'to.managerId', code: 'REFERENCE_OUTSIDE_ORG' });
        else if (await reportsTo(tx, orgId, t.managerId, person.id))
          errors.push({ field: 'to.managerId', code: 'MANAGER_CYCLE' });
      }
    }
    const openFrom = await openJobStart(tx, orgId, person.id);
    if (openFrom && d.effectiveDate < openFrom && d.effectiveDate >= person.hireDate)
      errors.push({ field: 'effectiveDate', code: 'JOB_CHANGE_BEFORE_CURRENT' });
    job = { from, to };
  }

  if (d.kind === 'termination' && d.termination) {
    const term = d.termination;
    if (term.ground === 'art40_2' && !term.noticeMode)
      errors.push({ field: 'noticeMode', code: 'NOTICE_MODE_REQUIRED' });
    if (term.ground !== 'art40_2' && term.noticeMode)
      errors.push({ field: 'noticeMode', code: 'NOTICE_MODE_NOT_APPLICABLE' });
    if (term.ground === 'art39' && !term.misconduct) errors.push({ field: 'misconduct', code: 'MISCONDUCT_REQUIRED' });
    if (term.ground !== 'art39' && term.misconduct)
      errors.push({ field: 'misconduct', code: 'MISCONDUCT_NOT_APPLICABLE' });
    if (term.misconduct && term.misconduct.occurredOn > d.effectiveDate)
      errors.push({ field: 'misconduct.occurredOn', code: 'MISCONDUCT_AFTER_EFFECTIVE' });
    if (term.city) {
      const year = Number(d.effectiveDate.slice(0, 4)) - 1;
      if (!(await findCityAverage(tx, orgId, term.city, year)))
        errors.push({ field: 'city', code: 'SEVERANCE_CITY_NO_FIGURE' });
    }
  }

  let trainingTitle: string | undefined;
  if (d.kind === 'training' && d.training) {
    if (!d.training.courseId && !d.training.title) errors.push({ field: 'courseId', code: 'TRAINING_COURSE_OR_TITLE' });
    if (d.training.courseId) {
      const [c] = await tx
        .select({ title: trainingCourses.title })
        .from(trainingCourses)
        .where(and(eq(trainingCourses.id, d.training.courseId), eq(trainingCourses.orgId, orgId)));
      if (!c) errors.push({ field: 'courseId', code: 'TRAINING_COURSE_NOT_FOUND' });
      trainingTitle = d.training.title ?? c?.title;
    } else trainingTitle = d.training.title;
  }
  return { errors, job, trainingTitle };
}

const sameJob = (a: Job, b: Job) =>
  a.unitId === b.unitId && a.positionId === b.positionId && a.managerId === b.managerId;

/** Fails with the errors found (nothing written), the job-change-specific code first when it alone is wrong. */
function refuse(errors: FieldError[], job?: JobChangeDetails) {
  if (errors.length) fail('EMPLOYMENT_ACTION_INVALID', errors);
  if (job && sameJob(job.from, job.to)) fail('EMPLOYMENT_NO_JOB_CHANGE', [{ field: 'to', code: 'JOB_UNCHANGED' }]);
}

/**
 * One open termination per person, and one open job change: a job change stores the whole job it leads to, so a
 * second one drafted while the first waits for its date would put back what the first changed.
 */
async function assertNoOpenAction(tx: Tx, orgId: string, employeeId: string, kind: string) {
  const kinds = kind === 'termination' ? ['termination'] : [...jobChangeKinds];
  const [open] = await tx
    .select({ id: employmentActions.id })
    .from(employmentActions)
    .where(
      and(
        eq(employmentActions.orgId, orgId),
        eq(employmentActions.employeeId, employeeId),
        inArray(employmentActions.kind, kinds),
        inArray(employmentActions.status, OPEN_STATUSES),
      ),
    );
  if (!open) return;
  if (kind === 'termination')
    fail('TERMINATION_OPEN_EXISTS', [{ field: 'employeeId', code: 'TERMINATION_OPEN_EXISTS' }]);
  fail('JOB_CHANGE_OPEN_EXISTS', [{ field: 'employeeId', code: 'JOB_CHANGE_OPEN_EXISTS' }]);
}

/** Serializes actions about one person: the person's row is locked for the transaction. */
async function lockPerson(tx: Tx, id: string) {
  const [p] = await tx.select().from(employees).where(eq(employees.id, id)).for('update');
  return p;
}

/**
 * Creates an action for a person in the caller's scope (a manager: people of their units, never themselves, and
 * no terminations). Records (coaching, training) are effective at once; the others start as drafts.
 */
export async function createAction(deps: D, ctx: ActionCtx, input: CreateInput): Promise<string> {
  if (input.kind === 'termination' && !isHrOrAdmin(ctx.auth)) fail('FORBIDDEN');
  // Nobody starts an action about themselves: HR and admins are told so (another HR user or an admin does it);
  // for a manager their own record is outside the people they act on, so it answers like a missing one below.
  if (isHrOrAdmin(ctx.auth) && input.employeeId === ctx.auth.employeeId)
    fail('EMPLOYMENT_ACTION_ABOUT_SELF', [{ field: 'employeeId', code: 'EMPLOYMENT_ACTION_ABOUT_SELF' }]);
  return deps.db.transaction(async (tx) => {
    const [visible] = await tx
      .select({ id: employees.id })
      .from(employees)
      .where(
        and(
          eq(employees.id, input.employeeId),
          employeeVisibility(ctx.scope),
          ctx.auth.employeeId && !isHrOrAdmin(ctx.auth) ? ne(employees.id, ctx.auth.employeeId) : undefined,
        ),
      );
    if (!visible) return fail('EMPLOYEE_NOT_FOUND');
    const person = await lockPerson(tx, visible.id);
    if (person.status === 'exited') fail('EMPLOYMENT_PERSON_EXITED');
    const draft: Draft = {
      kind: input.kind,
      effectiveDate: input.effectiveDate,
      reason: input.reason,
      links: { planId: input.planId, alertId: input.alertId, poolEntryId: input.poolEntryId },
    };
    if (input.kind === 'termination')
      draft.termination = {
        ground: input.ground,
        noticeMode: input.noticeMode ?? null,
        monthlyWage: input.monthlyWage ?? null,
        city: input.city ?? null,
        misconduct: input.misconduct ?? null,
      };
    if (input.kind === 'training') draft.training = { courseId: input.courseId, title: input.title };
    if (isJobChange(input.kind)) draft.to = (input as { to: Draft['to'] }).to;
    const { errors, job, trainingTitle } = await check(tx, ctx, person, draft);
    refuse(errors, job);
    if (input.kind === 'termination' || isJobChange(input.kind))
      await assertNoOpenAction(tx, ctx.auth.orgId, person.id, input.kind);

    let details: Record<string, unknown>;
    switch (input.kind) {
      case 'coaching':
        details = { topic: input.topic, notes: input.notes, followUp: input.followUp ?? null };
        break;
      case 'training':
        details = {
          courseId: input.courseId ?? null,
          title: trainingTitle ?? null,
          completed: input.completed,
          notes: input.notes ?? null,
        };
        break;
      case 'termination':
        details = { ...draft.termination };
        break;
      default:
        details = { ...job };
    }
    const now = deps.clock();
    const record = isRecord(input.kind);
    const [row] = await tx
      .insert(employmentActions)
      .values({
        orgId: ctx.auth.orgId,
        employeeId: person.id,
        kind: input.kind,
        status: record ? 'effective' : 'draft',
        effectiveDate: input.effectiveDate,
        reason: input.reason,
        details,
        planId: input.planId ?? null,
        alertId: input.alertId ?? null,
        poolEntryId: input.poolEntryId ?? null,
        chain: [],
        appliedAt: record ? now : null,
        createdBy: ctx.auth.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (row.alertId)
      await linkActionToAlert(tx, {
        orgId: row.orgId,
        alertId: row.alertId,
        actorId: ctx.auth.userId,
        actionKind:
          row.kind === 'coaching' ? 'coaching_note' : row.kind === 'training' ? 'training' : 'employment_action',
        refId: row.id,
        at: now,
      });
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'employment_action.created',
        entityType: 'employment_action',
        entityId: row.id,
        after: {
          employeeId: row.employeeId,
          kind: row.kind,
          status: row.status,
          effectiveDate: row.effectiveDate,
          reason: row.reason,
          details,
          planId: row.planId,
          alertId: row.alertId,
          poolEntryId: row.poolEntryId,
        },
      },
      now,
    );
    return row.id;
  });
}

/** The action, locked, visible and writable by the caller, at the expected version and in one of the statuses. */
async function lockAction(tx: Tx, ctx: ActionCtx, id: string, version: number, statuses: string[]) {
  const { action, unitId } = await getVisibleAction(tx, ctx, id, true);
  // HR and admins see actions about themselves (as the person does) but never act on them.
  if (ctx.auth.employeeId && action.employeeId === ctx.auth.employeeId) fail('EMPLOYMENT_ACTION_ABOUT_SELF');
  if (action.version !== version) fail('EMPLOYMENT_ACTION_VERSION_CONFLICT');
  if (!statuses.includes(action.status)) fail('EMPLOYMENT_ACTION_STATE_CONFLICT');
  return { action, unitId };
}

async function update(tx: Tx, action: ActionRow, set: Partial<typeof employmentActions.$inferInsert>, now: Date) {
  const [row] = await tx
    .update(employmentActions)
    .set({ ...set, updatedAt: now, version: action.version + 1 })
    .where(eq(employmentActions.id, action.id))
    .returning();
  return row;
}

async function audit(
  tx: Tx,
  ctx: ActionCtx,
  action: ActionRow,
  what: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  now: Date,
) {
  await appendAudit(
    tx,
    ctx.actor,
    { action: `employment_action.${what}`, entityType: 'employment_action', entityId: action.id, before, after },
    now,
  );
}

/** The stored action as a draft to check again (submission re-checks what may have changed since). */
function draftOf(action: ActionRow): Draft {
  const draft: Draft = {
    kind: action.kind as EmploymentActionKind,
    effectiveDate: action.effectiveDate,
    reason: action.reason,
    links: { planId: action.planId, alertId: action.alertId, poolEntryId: action.poolEntryId },
  };
  if (isJobChange(action.kind)) draft.to = (action.details as JobChangeDetails).to;
  if (action.kind === 'termination') {
    const t = action.details as TerminationDetails;
    draft.termination = {
      ground: t.ground,
      noticeMode: t.noticeMode ?? null,
      monthlyWage: t.monthlyWage ?? null,
      city: t.city ?? null,
      misconduct: t.misconduct ?? null,
    };
  }
  return draft;
}

/** Edits a draft (its writer only); every field is checked again as on creation. */
export async function updateAction(
  deps: D,
  ctx: ActionCtx,
  id: string,
  input: z.output<typeof updateEmploymentActionRequest>,
) {
  return deps.db.transaction(async (tx) => {
    const { action, unitId } = await lockAction(tx, ctx, id, input.version, ['draft']);
    if (!managesAction(ctx, action, unitId)) fail('FORBIDDEN');
    const notFor: FieldError[] = [];
    if (input.to !== undefined && !isJobChange(action.kind)) notFor.push({ field: 'to', code: 'FIELD_NOT_FOR_KIND' });
    if (action.kind !== 'termination')
      for (const f of ['noticeMode', 'monthlyWage', 'city', 'misconduct'] as const)
        if (input[f] !== undefined) notFor.push({ field: f, code: 'FIELD_NOT_FOR_KIND' });
    if (notFor.length) fail('EMPLOYMENT_ACTION_INVALID', notFor);
    const person = await lockPerson(tx, action.employeeId);
    const draft = draftOf(action);
    if (input.effectiveDate !== undefined) draft.effectiveDate = input.effectiveDate;
    if (input.reason !== undefined) draft.reason = input.reason;
    if (input.to !== undefined) {
      // Against the job on the (new) effective date: only what the caller names changes.
      const current = (action.details as JobChangeDetails).to;
      draft.to = { ...current, ...input.to };
    }
    if (draft.termination) {
      if (input.noticeMode !== undefined) draft.termination.noticeMode = input.noticeMode;
      if (input.monthlyWage !== undefined) draft.termination.monthlyWage = input.monthlyWage;
      if (input.city !== undefined) draft.termination.city = input.city;
      if (input.misconduct !== undefined) draft.termination.misconduct = input.misconduct;
    }
    const { errors, job } = await check(tx, ctx, person, draft);
    refuse(errors, job);
    const details =
      action.kind === 'termination'
        ? { ...(action.details as Record<string, unknown>), ...draft.termination }
        : job
          ? { ...(action.details as Record<string, unknown>), ...job }
          : (action.details as Record<string, unknown>);
    const now = deps.clock();
    await update(tx, action, { effectiveDate: draft.effectiveDate, reason: draft.reason, details }, now);
    await audit(
      tx,
      ctx,
      action,
      'updated',
      { effectiveDate: action.effectiveDate, reason: action.reason, details: action.details },
      { effectiveDate: draft.effectiveDate, reason: draft.reason, details },
      now,
    );
  });
}

async function nameOf(tx: Tx, employeeId: string) {
  const [p] = await tx.select({ name: employees.name }).from(employees).where(eq(employees.id, employeeId));
  return p?.name ?? '';
}

/** Approves the action (its chain is done) and, when the date has come, applies it in the same transaction. */
async function approve(deps: D, tx: Tx, ctx: ActionCtx, action: ActionRow, personName: string, now: Date) {
  const set: Partial<typeof employmentActions.$inferInsert> = { status: 'approved' };
  if (action.kind === 'termination') {
    // The figures as approved are kept with the action: the notice states them even if wages or averages change.
    const [p] = await tx
      .select({ hireDate: employees.hireDate })
      .from(employees)
      .where(eq(employees.id, action.employeeId));
    const severance = await severanceOf(tx, action.orgId, action, p.hireDate, 'zh-CN');
    if (severance) set.details = { ...(action.details as Record<string, unknown>), severance };
  }
  const row = await update(tx, action, set, now);
  const opts = { actorUserId: ctx.auth.userId, emailEnabled: emailOn(deps), now };
  if (row.createdBy) await tellAction(tx, row, personName, 'approved', [row.createdBy], opts);
  if (isJobChange(row.kind))
    await tellAction(tx, row, personName, 'scheduled', await usersOfPerson(tx, row.orgId, row.employeeId), opts);
  if (isDue(row, ctx.today)) await applyAction(tx, row.id, ctx.actor, ctx.today, now, { emailEnabled: emailOn(deps) });
}

/**
 * Submits a draft for approval: the organization's chain for the kind is frozen into the action. A termination
 * is refused, with what is missing, until its evidence chain is complete. An empty chain approves at once.
 */
export async function submitAction(deps: D, ctx: ActionCtx, id: string, version: number, locale: Locale) {
  return deps.db.transaction(async (tx) => {
    const { action, unitId } = await lockAction(tx, ctx, id, version, ['draft']);
    if (!managesAction(ctx, action, unitId)) fail('FORBIDDEN');
    const person = await lockPerson(tx, action.employeeId);
    if (person.status === 'exited') fail('EMPLOYMENT_PERSON_EXITED');
    const { errors, job } = await check(tx, ctx, person, draftOf(action));
    refuse(errors, job);
    if (action.kind === 'termination')
      await assertChainComplete(tx, action.orgId, action, locale, ctx.today, {
        cipher: deps.cipher,
        actor: ctx.actor,
        now: deps.clock(),
      });
    const chain = await chainStepsFor(tx, action.orgId, action.kind as EmploymentActionKind);
    const now = deps.clock();
    await tx.insert(employmentActionApprovals).values({
      orgId: action.orgId,
      actionId: action.id,
      step: -1,
      role: ctx.auth.role,
      decision: 'submitted',
      decidedBy: ctx.auth.userId,
      decidedAt: now,
    });
    const row = await update(tx, action, { status: 'pending_approval', chain, currentStep: 0, submittedAt: now }, now);
    await audit(tx, ctx, action, 'submitted', { status: 'draft' }, { status: 'pending_approval', chain }, now);
    const name = person.name;
    if (chain.length === 0) {
      await approve(deps, tx, ctx, row, name, now);
      return;
    }
    await tellAction(tx, row, name, 'awaiting', await decidersOf(tx, row, chain[0], []), {
      actorUserId: ctx.auth.userId,
      occurrence: '0',
      emailEnabled: emailOn(deps),
      now,
    });
  });
}

/**
 * A decision on the current step by someone who may take it: the step's role (a manager over the person for
 * 'manager'), never the person, never one who decided another step. Rejecting needs a comment. The last approval
 * approves the action (a termination's evidence chain is checked once more first).
 */
export async function decideAction(
  deps: D,
  ctx: ActionCtx,
  id: string,
  input: z.output<typeof approvalDecisionRequest>,
  locale: Locale,
) {
  return deps.db.transaction(async (tx) => {
    const { action, unitId } = await lockAction(tx, ctx, id, input.version, ['pending_approval']);
    const decided = await decisionsOf(tx, action.id);
    const refusal = decisionRefusal(
      ctx,
      action,
      unitId,
      decided.map((d) => d.a.decidedBy),
    );
    if (refusal) fail(refusal);
    if (input.decision === 'reject' && !input.comment)
      fail('EMPLOYMENT_ACTION_INVALID', [{ field: 'comment', code: 'REJECT_COMMENT_REQUIRED' }]);
    const chain = action.chain as ApprovalRole[];
    const step = action.currentStep;
    const last = step === chain.length - 1;
    if (input.decision === 'approve' && last && action.kind === 'termination')
      await assertChainComplete(tx, action.orgId, action, locale, ctx.today, {
        cipher: deps.cipher,
        actor: ctx.actor,
        now: deps.clock(),
      });
    const now = deps.clock();
    await tx.insert(employmentActionApprovals).values({
      orgId: action.orgId,
      actionId: action.id,
      step,
      role: chain[step],
      decision: input.decision === 'approve' ? 'approved' : 'rejected',
      comment: input.comment || null,
      decidedBy: ctx.auth.userId,
      decidedAt: now,
    });
    const name = await nameOf(tx, action.employeeId);
    const opts = { actorUserId: ctx.auth.userId, emailEnabled: emailOn(deps), now };
    if (input.decision === 'reject') {
      const row = await update(tx, action, { status: 'rejected' }, now);
      await audit(
        tx,
        ctx,
        action,
        'rejected',
        { status: action.status, step },
        { status: 'rejected', step, role: chain[step], comment: input.comment },
        now,
      );
      if (row.createdBy) await tellAction(tx, row, name, 'rejected', [row.createdBy], opts);
      return;
    }
    await audit(
      tx,
      ctx,
      action,
      'step_approved',
      { step },
      { step, role: chain[step], comment: input.comment ?? null },
      now,
    );
    if (last) {
      await approve(deps, tx, ctx, action, name, now);
      return;
    }
    const row = await update(tx, action, { currentStep: step + 1 }, now);
    const before = [...decided.map((d) => d.a.decidedBy), ctx.auth.userId];
    await tellAction(tx, row, name, 'awaiting', await decidersOf(tx, row, chain[step + 1], before), {
      ...opts,
      occurrence: String(step + 1),
    });
  });
}

/** Cancels an action before it takes effect: HR, an admin, or whoever created it; with a reason. */
export async function cancelAction(deps: D, ctx: ActionCtx, id: string, input: z.output<typeof cancelActionRequest>) {
  return deps.db.transaction(async (tx) => {
    const { action, unitId } = await lockAction(tx, ctx, id, input.version, OPEN_STATUSES);
    const creator = action.createdBy === ctx.auth.userId && managesAction(ctx, action, unitId);
    if (!isHrOrAdmin(ctx.auth) && !creator) fail('FORBIDDEN');
    const now = deps.clock();
    await update(tx, action, { status: 'cancelled', cancelReason: input.reason }, now);
    await audit(
      tx,
      ctx,
      action,
      'cancelled',
      { status: action.status },
      { status: 'cancelled', reason: input.reason },
      now,
    );
  });
}
