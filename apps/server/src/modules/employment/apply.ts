import { and, asc, eq, inArray, isNull, lte, ne, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { employees, employmentActions, jobHistory, orgs, users } from '../../db/schema';
import { todayIn } from '../../lib/dates';
import { type AuditActor, appendAudit } from '../audit/audit.service';
import { endSessions } from '../auth/auth.service';
import { recordJobChange } from '../employees/employees.service';
import { tellAction } from './employment.notify';
import { isJobChange, type Job, type JobChangeDetails, jobOn } from './employment.read';

/**
 * Whether an approved action's date has come. A job change applies on its effective date (the first day in the
 * new job); a termination's date is the last day employed, so it applies the day after: the person still works,
 * signs in and hands over on their last day.
 */
export const isDue = (a: { kind: string; effectiveDate: string }, today: string) =>
  a.kind === 'termination' ? a.effectiveDate < today : a.effectiveDate <= today;
const dueBy = (today: string) =>
  sql`((${employmentActions.kind} = 'termination' and ${employmentActions.effectiveDate} < ${today})
    or (${employmentActions.kind} <> 'termination' and ${employmentActions.effectiveDate} <= ${today}))`;

/** The daily job acts as the system, not as a user. */
export const systemActor = (orgId: string): AuditActor => ({ orgId, username: 'system' });

/**
 * Makes an approved action effective, once: the row is claimed with a status check in the UPDATE, so two
 * processes (the daily job on two nodes, or the job and an approval) never apply it twice. Returns false when
 * someone else got there first or the date has not come. Job changes write effective-dated job history (the new
 * position's scorecard applies from then on) and the person's current job; a termination marks the person exited
 * on the effective date, closes their job history and deactivates their sign-ins, ending their sessions.
 * Improvement plans are left as they are: closing them is HR's decision.
 */
export async function applyAction(
  tx: DbOrTx,
  actionId: string,
  actor: AuditActor,
  today: string,
  now: Date,
  opts: { emailEnabled: boolean },
): Promise<boolean> {
  const [action] = await tx
    .update(employmentActions)
    .set({ status: 'effective', appliedAt: now, updatedAt: now, version: sql`${employmentActions.version} + 1` })
    .where(and(eq(employmentActions.id, actionId), eq(employmentActions.status, 'approved'), dueBy(today)))
    .returning();
  if (!action) return false;
  const [person] = await tx.select().from(employees).where(eq(employees.id, action.employeeId)).for('update');
  if (!person) throw new Error(`employment action ${action.id}: person ${action.employeeId} missing`);

  let after: Record<string, unknown> = { status: 'effective' };
  if (isJobChange(action.kind)) {
    const details = action.details as JobChangeDetails;
    const from = (await jobOn(tx, action.orgId, person.id, action.effectiveDate)) ?? details.from;
    const to: Job = details.to;
    await recordJobChange(tx, actor, {
      employeeId: person.id,
      merged: to,
      effectiveDate: action.effectiveDate,
      today,
      hireDate: person.hireDate,
      exitDate: person.exitDate,
      reason: action.reason.slice(0, 500),
      now,
    });
    const [row] = await tx
      .select({ id: jobHistory.id })
      .from(jobHistory)
      .where(
        and(
          eq(jobHistory.employeeId, person.id),
          lte(jobHistory.effectiveFrom, action.effectiveDate),
          sql`(${jobHistory.effectiveTo} is null or ${jobHistory.effectiveTo} >= ${action.effectiveDate})`,
        ),
      )
      .orderBy(sql`${jobHistory.effectiveFrom} desc`)
      .limit(1);
    await tx
      .update(employees)
      .set({ unitId: to.unitId, positionId: to.positionId, managerId: to.managerId, updatedAt: now })
      .where(eq(employees.id, person.id));
    await appendAudit(
      tx,
      actor,
      {
        action: 'employee.updated',
        entityType: 'employee',
        entityId: person.id,
        before: { unitId: person.unitId, positionId: person.positionId, managerId: person.managerId },
        after: { ...to, effectiveDate: action.effectiveDate, employmentActionId: action.id },
      },
      now,
    );
    await tx
      .update(employmentActions)
      .set({ jobHistoryId: row?.id ?? null, details: { ...details, from } })
      .where(eq(employmentActions.id, action.id));
    after = { ...after, jobHistoryId: row?.id ?? null, from, to };
  } else if (action.kind === 'termination') {
    await tx
      .update(employees)
      .set({ status: 'exited', exitDate: action.effectiveDate, updatedAt: now })
      .where(eq(employees.id, person.id));
    await tx
      .update(jobHistory)
      .set({ effectiveTo: action.effectiveDate })
      .where(
        and(
          eq(jobHistory.employeeId, person.id),
          isNull(jobHistory.effectiveTo),
          lte(jobHistory.effectiveFrom, action.effectiveDate),
        ),
      );
    const accounts = await tx
      .update(users)
      .set({ isActive: false, updatedAt: now })
      .where(and(eq(users.employeeId, person.id), eq(users.isActive, true)))
      .returning({ id: users.id, username: users.username });
    for (const u of accounts) {
      await endSessions(tx as never, u.id);
      await appendAudit(
        tx,
        actor,
        {
          action: 'user.updated',
          entityType: 'user',
          entityId: u.id,
          before: { isActive: true },
          after: { isActive: false, employmentActionId: action.id },
        },
        now,
      );
    }
    await appendAudit(
      tx,
      actor,
      {
        action: 'employee.updated',
        entityType: 'employee',
        entityId: person.id,
        before: { status: person.status, exitDate: person.exitDate },
        after: { status: 'exited', exitDate: action.effectiveDate, employmentActionId: action.id },
      },
      now,
    );
    // Whatever else was still open about the person (a job change waiting for its date) can no longer apply.
    const cancelled = await tx
      .update(employmentActions)
      .set({
        status: 'cancelled',
        cancelReason: '员工已离职（解除劳动合同已生效） / The person has left (termination in effect)',
        updatedAt: now,
        version: sql`${employmentActions.version} + 1`,
      })
      .where(
        and(
          eq(employmentActions.employeeId, person.id),
          inArray(employmentActions.status, ['draft', 'pending_approval', 'approved']),
          ne(employmentActions.id, action.id),
        ),
      )
      .returning({ id: employmentActions.id });
    for (const c of cancelled)
      await appendAudit(
        tx,
        actor,
        {
          action: 'employment_action.cancelled',
          entityType: 'employment_action',
          entityId: c.id,
          after: { status: 'cancelled', reason: 'person exited', byAction: action.id },
        },
        now,
      );
    after = {
      ...after,
      exitDate: action.effectiveDate,
      deactivatedUsers: accounts.map((u) => u.username),
      cancelledActions: cancelled.map((c) => c.id),
    };
  }
  await appendAudit(
    tx,
    actor,
    {
      action: 'employment_action.applied',
      entityType: 'employment_action',
      entityId: action.id,
      before: { status: 'approved' },
      after,
    },
    now,
  );
  if (action.createdBy)
    await tellAction(tx, action, person.name, 'effective', [action.createdBy], {
      actorUserId: actor.userId ?? null,
      emailEnabled: opts.emailEnabled,
      now,
    });
  return true;
}

/**
 * The daily run for one organization: applies every approved action whose effective date has come (in the
 * organization's time zone), each in its own transaction. Only actions a person approved are ever applied.
 */
export async function applyDueActions(
  db: Db,
  orgId: string,
  now: Date,
  opts: { emailEnabled: boolean },
): Promise<{ applied: number; failed: { id: string; error: string }[] }> {
  const [org] = await db.select({ timeZone: orgs.timeZone }).from(orgs).where(eq(orgs.id, orgId));
  if (!org) return { applied: 0, failed: [] };
  const today = todayIn(org.timeZone, now);
  const due = await db
    .select({ id: employmentActions.id })
    .from(employmentActions)
    .where(and(eq(employmentActions.orgId, orgId), eq(employmentActions.status, 'approved'), dueBy(today)))
    .orderBy(asc(employmentActions.effectiveDate), asc(employmentActions.createdAt));
  let applied = 0;
  const failed: { id: string; error: string }[] = [];
  for (const { id } of due) {
    try {
      const done = await db.transaction((tx) => applyAction(tx, id, systemActor(orgId), today, now, opts));
      if (done) applied += 1;
    } catch (err) {
      failed.push({ id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return { applied, failed };
}
