import type { failProbationRequest, passProbationRequest } from '@stride/contracts';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client';
import { employees, orgs, probationReviews } from '../../db/schema';
import { todayIn } from '../../lib/dates';
import type { Deps } from '../../lib/deps';
import { type FieldError, fail } from '../../lib/errors';
import { employeeVisibility } from '../access/scope';
import { type AuditActor, appendAudit } from '../audit/audit.service';
import { getPerformanceSettings } from '../scorecards/applicability.service';
import { getVisibleReview, type ProbationCtx, type ProbationReviewRow } from './probation.read';
import { canFailOn, defaultRegularizationDate, lastDayToFail } from './probation.rules';
import { scoreProbation } from './probation-score';

type D = Pick<Deps, 'db' | 'clock'>;
type EmployeeRow = typeof employees.$inferSelect;

/** The automatic opening acts as the system, not as a user. */
const systemActor = (orgId: string): AuditActor => ({ orgId, username: 'system' });

/**
 * Opens the review of a person's current probation end: scores the probation template and records it.
 * Answers null when a review for that end date already exists (the unique index decides, so two
 * openings at once still leave one review).
 */
async function insertReview(
  tx: DbOrTx,
  actor: AuditActor,
  person: EmployeeRow,
  openedBy: 'automatic' | 'manual',
  today: string,
  now: Date,
): Promise<ProbationReviewRow | null> {
  const end = person.probationEndDate!;
  const score = await scoreProbation(tx, person.orgId, person, today);
  const [row] = await tx
    .insert(probationReviews)
    .values({
      orgId: person.orgId,
      employeeId: person.id,
      probationEndDate: end,
      templateId: score.templateId,
      templateVersion: score.templateVersion,
      result: score.result,
      status: 'open',
      openedBy,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: [probationReviews.employeeId, probationReviews.probationEndDate] })
    .returning();
  if (!row) return null;
  await appendAudit(
    tx,
    actor,
    {
      action: 'probation_review.opened',
      entityType: 'probation_review',
      entityId: row.id,
      after: {
        employeeId: person.id,
        probationEndDate: end,
        openedBy,
        templateId: score.templateId,
        templateVersion: score.templateVersion,
        total: score.result?.total ?? null,
      },
    },
    now,
  );
  return row;
}

/** HR or an admin opens a review by hand, e.g. before the automatic opening or for an early regularization. */
export async function openReview(deps: D, ctx: ProbationCtx, employeeId: string): Promise<ProbationReviewRow> {
  return deps.db.transaction(async (tx) => {
    const [person] = await tx
      .select()
      .from(employees)
      .where(and(eq(employees.id, employeeId), employeeVisibility(ctx.scope)))
      .for('update');
    if (!person) return fail('EMPLOYEE_NOT_FOUND');
    if (person.status !== 'probation' || !person.probationEndDate)
      fail('NOT_IN_PROBATION', [{ field: 'employeeId', code: 'NOT_IN_PROBATION' }]);
    const row = await insertReview(tx, ctx.actor, person, 'manual', ctx.today, deps.clock());
    return row ?? fail('PROBATION_REVIEW_EXISTS', [{ field: 'employeeId', code: 'PROBATION_REVIEW_EXISTS' }]);
  });
}

/**
 * Opens the review of everyone in probation whose end is within the organization's lead days (or has
 * passed without a review), as of `now` in the organization's time zone. Idempotent: a person with a
 * review for their current probation end is left alone. Only opens; deciding stays with people.
 */
export async function openDueReviews(db: DbOrTx, orgId: string, now: Date): Promise<{ opened: number }> {
  const [org] = await db.select({ timeZone: orgs.timeZone }).from(orgs).where(eq(orgs.id, orgId));
  if (!org) return { opened: 0 };
  const today = todayIn(org.timeZone, now);
  const { probationReviewLeadDays } = await getPerformanceSettings(db, orgId);
  const due = await queryRows<{ id: string }>(
    db,
    sql`select e.id from employees e
        where e.org_id = ${orgId} and e.status = 'probation' and e.probation_end_date is not null
          and e.probation_end_date - ${probationReviewLeadDays}::int <= ${today}::date
          and not exists (select 1 from probation_reviews r
            where r.employee_id = e.id and r.probation_end_date = e.probation_end_date)
        order by e.probation_end_date, e.id`,
  );
  let opened = 0;
  // One transaction per person: each opening commits with its audit event, and on the embedded database
  // requests get the connection in between.
  for (const { id } of due) {
    const row = await db.transaction(async (tx) => {
      const [person] = await tx.select().from(employees).where(eq(employees.id, id)).for('update');
      if (person?.status !== 'probation' || !person.probationEndDate) return null;
      return insertReview(tx, systemActor(orgId), person, 'automatic', today, now);
    });
    if (row) opened++;
  }
  return { opened };
}

/** The review, locked, still open; and its person, locked. */
async function openForDecision(tx: DbOrTx, ctx: ProbationCtx, id: string) {
  const review = await getVisibleReview(tx, ctx, id, true);
  if (review.status !== 'open') fail('PROBATION_REVIEW_CLOSED');
  const [person] = await tx.select().from(employees).where(eq(employees.id, review.employeeId)).for('update');
  return { review, person };
}

/**
 * Passes a review: the person becomes regular from the regularization date (by default the day after the
 * probation end; not before the hire date, not after the day after the end, when they are regular by law),
 * so the next template stage applies to them.
 */
export async function passReview(deps: D, ctx: ProbationCtx, id: string, input: z.output<typeof passProbationRequest>) {
  return deps.db.transaction(async (tx) => {
    const { review, person } = await openForDecision(tx, ctx, id);
    if (person.status !== 'probation' && person.status !== 'regular') fail('NOT_IN_PROBATION');
    const latest = defaultRegularizationDate(lastDayToFail(review.probationEndDate, person.probationEndDate));
    const date = input.regularizationDate ?? latest;
    const errors: FieldError[] = [];
    if (date < person.hireDate) errors.push({ field: 'regularizationDate', code: 'BEFORE_HIRE' });
    if (date > latest) errors.push({ field: 'regularizationDate', code: 'AFTER_PROBATION_END' });
    if (errors.length) fail('VALIDATION_FAILED', errors);
    const now = deps.clock();
    await tx
      .update(employees)
      .set({ status: 'regular', regularizationDate: date, updatedAt: now })
      .where(eq(employees.id, person.id));
    await tx
      .update(probationReviews)
      .set({
        status: 'passed',
        regularizationDate: date,
        comment: input.comment || null,
        decidedBy: ctx.auth.userId,
        decidedAt: now,
        updatedAt: now,
      })
      .where(eq(probationReviews.id, review.id));
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'probation_review.passed',
        entityType: 'probation_review',
        entityId: review.id,
        before: { status: 'open' },
        after: { status: 'passed', regularizationDate: date, comment: input.comment || null },
      },
      now,
    );
    // The person's record changes too; its own trail shows the regularization.
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'employee.updated',
        entityType: 'employee',
        entityId: person.id,
        before: { status: person.status, regularizationDate: person.regularizationDate },
        after: { status: 'regular', regularizationDate: date },
      },
      now,
    );
  });
}

/**
 * Records that the person did not pass, with written reasons tied to the hiring conditions, on a day of
 * the probation (Art. 21, 39(1)); afterwards the employer can no longer dismiss on this ground and the
 * answer says so. The employment does not end here: the exit is a separate process; this keeps the
 * decision and produces the written notice.
 */
export async function failReview(deps: D, ctx: ProbationCtx, id: string, input: z.output<typeof failProbationRequest>) {
  return deps.db.transaction(async (tx) => {
    const { review, person } = await openForDecision(tx, ctx, id);
    if (!canFailOn(lastDayToFail(review.probationEndDate, person.probationEndDate), ctx.today)) fail('PROBATION_ENDED');
    if (person.status !== 'probation') fail('NOT_IN_PROBATION');
    const now = deps.clock();
    await tx
      .update(probationReviews)
      .set({
        status: 'failed',
        hiringConditions: input.hiringConditions,
        reasons: input.reasons,
        comment: input.comment || null,
        decidedBy: ctx.auth.userId,
        decidedAt: now,
        updatedAt: now,
      })
      .where(eq(probationReviews.id, review.id));
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'probation_review.failed',
        entityType: 'probation_review',
        entityId: review.id,
        before: { status: 'open' },
        after: {
          status: 'failed',
          hiringConditions: input.hiringConditions,
          reasons: input.reasons,
          comment: input.comment || null,
        },
      },
      now,
    );
  });
}
