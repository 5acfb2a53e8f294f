import type { Deadlines, Inbox, ReviewFormView, ReviewStage, saveFormRequest } from '@stride/contracts';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client';
import { reviewForms, reviewParticipants } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { type FieldError, fail } from '../../lib/errors';
import { appendAudit } from '../audit/audit.service';
import { type CycleRow, formDeadline, formStage, getCycleRow, isHrOrAdmin, type ReviewCtx } from './context';
import { definitionKey, definitionsFor } from './launch.service';
import { managesUnit, type ParticipantRecord, rescore } from './participants.service';
import { ratedBy } from './scoring';

type FormRow = typeof reviewForms.$inferSelect;
type RaterKind = 'self' | 'manager' | 'peer';

/**
 * A form the caller may see: its rater; HR and admin; the manager of the reviewee's unit. A reviewee
 * sees no one else's form about them (peers stay anonymous). Anything else answers like a missing one.
 */
async function getVisibleForm(db: DbOrTx, ctx: ReviewCtx, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(reviewForms)
    .where(and(eq(reviewForms.id, id), eq(reviewForms.orgId, ctx.auth.orgId)));
  const [form] = forUpdate ? await q.for('update') : await q;
  if (!form) return fail('REVIEW_FORM_NOT_FOUND');
  const [participant] = await db.select().from(reviewParticipants).where(eq(reviewParticipants.id, form.participantId));
  const isRater = form.raterEmployeeId === ctx.auth.employeeId;
  const isReviewee = participant.employeeId === ctx.auth.employeeId;
  const allowed = isRater || isHrOrAdmin(ctx.auth) || (!isReviewee && managesUnit(ctx, participant.unitId));
  if (!allowed) fail('REVIEW_FORM_NOT_FOUND');
  const cycle = await getCycleRow(db, ctx.auth.orgId, form.cycleId);
  return { form, participant, cycle, isRater };
}

const dueOf = (cycle: CycleRow, kind: RaterKind) => (cycle.deadlines as Deadlines)[formDeadline[kind]] ?? null;

async function present(
  db: DbOrTx,
  ctx: ReviewCtx,
  form: FormRow,
  participant: ParticipantRecord,
  cycle: CycleRow,
  isRater: boolean,
): Promise<ReviewFormView> {
  const kind = form.raterKind as RaterKind;
  const defs = await definitionsFor(db, cycle.orgId, [participant]);
  const definition = defs.get(definitionKey(participant.templateId, participant.templateVersion))!;
  const [names] = await queryRows<{ reviewee: string; rater: string }>(
    db,
    sql`select (select name from employees where id = ${participant.employeeId}) as reviewee,
               (select name from employees where id = ${form.raterEmployeeId}) as rater`,
  );
  const hideRater = kind === 'peer' && !isRater && !isHrOrAdmin(ctx.auth);
  return {
    id: form.id,
    cycle: { id: cycle.id, name: cycle.name, stage: cycle.stage as ReviewStage },
    reviewee: { id: participant.employeeId, name: names.reviewee },
    rater: hideRater ? null : { id: form.raterEmployeeId, name: names.rater },
    raterKind: kind,
    status: form.status as 'pending' | 'submitted',
    dueDate: dueOf(cycle, kind),
    editable: isRater && cycle.stage === formStage[kind],
    indicators: ratedBy(definition, kind).map(({ indicator, dimension }) => ({
      key: indicator.key,
      name: indicator.name ?? null,
      dimension: dimension.name,
      levels:
        indicator.rule.type === 'rubric'
          ? indicator.rule.rubric.map((l) => ({ level: l.level, label: l.label, description: l.description }))
          : [],
    })),
    ratings: form.ratings as Record<string, number>,
    comment: form.comment,
    submittedAt: form.submittedAt?.toISOString() ?? null,
  };
}

export async function getForm(db: DbOrTx, ctx: ReviewCtx, id: string) {
  const { form, participant, cycle, isRater } = await getVisibleForm(db, ctx, id);
  return present(db, ctx, form, participant, cycle, isRater);
}

/**
 * Saves (or submits) a form: only its rater, only while its stage is open, only levels of each
 * indicator's rubric; submitting needs every indicator rated and scores the person again.
 */
export async function saveForm(
  deps: Pick<Deps, 'db'>,
  ctx: ReviewCtx,
  id: string,
  input: z.output<typeof saveFormRequest>,
): Promise<ReviewFormView> {
  return deps.db.transaction(async (tx) => {
    const { form, participant, cycle, isRater } = await getVisibleForm(tx, ctx, id, true);
    if (!isRater) fail('REVIEW_FORM_NOT_FOUND');
    const kind = form.raterKind as RaterKind;
    if (cycle.stage !== formStage[kind]) fail('REVIEW_STAGE_CLOSED');
    const defs = await definitionsFor(tx, cycle.orgId, [participant]);
    const definition = defs.get(definitionKey(participant.templateId, participant.templateVersion))!;
    const rated = ratedBy(definition, kind);
    const byKey = new Map(rated.map((r) => [r.indicator.key, r.indicator]));
    const errors: FieldError[] = [];
    for (const [key, level] of Object.entries(input.ratings)) {
      const indicator = byKey.get(key);
      if (indicator?.rule.type !== 'rubric') errors.push({ field: `ratings.${key}`, code: 'REVIEW_INDICATOR_UNKNOWN' });
      else if (!indicator.rule.rubric.some((l) => l.level === level))
        errors.push({ field: `ratings.${key}`, code: 'RATING_NOT_IN_RUBRIC' });
    }
    if (input.submit)
      for (const key of byKey.keys())
        if (input.ratings[key] === undefined) errors.push({ field: `ratings.${key}`, code: 'RATING_MISSING' });
    if (errors.length) fail('VALIDATION_FAILED', errors);
    const status = input.submit ? 'submitted' : form.status;
    const [saved] = await tx
      .update(reviewForms)
      .set({
        ratings: input.ratings,
        comment: input.comment === undefined ? form.comment : input.comment,
        status,
        submittedAt: input.submit ? ctx.now : form.submittedAt,
        updatedAt: ctx.now,
      })
      .where(eq(reviewForms.id, id))
      .returning();
    if (status === 'submitted') await rescore(tx, cycle, participant, ctx.now);
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: input.submit ? 'review_form.submitted' : 'review_form.saved',
        entityType: 'review_form',
        entityId: id,
        before: { status: form.status, ratings: form.ratings },
        after: { status, ratings: input.ratings },
      },
      ctx.now,
    );
    return present(tx, ctx, saved, participant, cycle, true);
  });
}

/** The caller's forms in launched cycles, and their own published results awaiting acknowledgement. */
export async function inbox(db: DbOrTx, ctx: ReviewCtx): Promise<Inbox> {
  const me = ctx.auth.employeeId;
  if (!me) return { items: [], results: [] };
  const forms = await queryRows<{
    id: string;
    cycle_id: string;
    cycle_name: string;
    stage: string;
    deadlines: Deadlines;
    reviewee_id: string;
    reviewee_name: string;
    rater_kind: RaterKind;
    status: 'pending' | 'submitted';
  }>(
    db,
    sql`select f.id::text as id, c.id::text as cycle_id, c.name as cycle_name, c.stage, c.deadlines,
          e.id::text as reviewee_id, e.name as reviewee_name, f.rater_kind, f.status
        from review_forms f join review_cycles c on c.id = f.cycle_id
        join review_participants p on p.id = f.participant_id join employees e on e.id = p.employee_id
        where f.org_id = ${ctx.auth.orgId} and f.rater_employee_id = ${me} and c.stage not in ('closed')
        order by c.period_start desc, f.status, e.name`,
  );
  const results = await queryRows<{
    id: string;
    cycle_id: string;
    cycle_name: string;
    grade: string | null;
    acknowledged_at: string | null;
    deadlines: Deadlines;
  }>(
    db,
    sql`select p.id::text as id, c.id::text as cycle_id, c.name as cycle_name, p.grade, p.acknowledged_at, c.deadlines
        from review_participants p join review_cycles c on c.id = p.cycle_id
        where p.org_id = ${ctx.auth.orgId} and p.employee_id = ${me} and c.stage = 'published'
        order by c.period_start desc`,
  );
  return {
    items: forms.map((f) => {
      const due = f.deadlines[formDeadline[f.rater_kind]] ?? null;
      const open = f.stage === formStage[f.rater_kind];
      return {
        formId: f.id,
        cycle: { id: f.cycle_id, name: f.cycle_name, stage: f.stage as ReviewStage },
        reviewee: { id: f.reviewee_id, name: f.reviewee_name },
        raterKind: f.rater_kind,
        status: f.status,
        dueDate: due,
        overdue: open && f.status === 'pending' && due !== null && due < ctx.today,
        open,
      };
    }),
    results: results.map((r) => ({
      participantId: r.id,
      cycle: { id: r.cycle_id, name: r.cycle_name },
      grade: r.grade,
      acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at).toISOString() : null,
      dueDate: r.deadlines.acknowledgement ?? null,
    })),
  };
}
