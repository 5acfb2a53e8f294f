import { addDays } from '@stride/domain';
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { type NotifyItem, notify } from '../notifications/notifications.service';

/** How many days before a deadline a pending form gets its reminder. */
export const DUE_SOON_DAYS = 2;

/**
 * What review cycles have to tell people, from their current state: forms whose stage opened, forms due
 * within DUE_SOON_DAYS, overdue forms, published results to acknowledge, decided appeals. Each is keyed so it
 * is created once per person however often this runs (hourly by a job, and right after a launch, a stage
 * change or an appeal decision): nothing is sent twice, and nothing is missed if one run fails.
 * Only people with a sign-in are told.
 */
export async function scanReviewNotifications(
  db: DbOrTx,
  orgId: string,
  today: string,
  opts: { emailEnabled: boolean; now: Date },
) {
  const items: NotifyItem[] = [];
  const forms = await queryRows<{
    form_id: string;
    rater_kind: 'self' | 'manager' | 'peer';
    cycle: string;
    due: string | null;
    reviewee: string;
    user_id: string;
  }>(
    db,
    sql`select f.id::text as form_id, f.rater_kind, c.name as cycle,
          c.deadlines->>(case f.rater_kind when 'self' then 'self' when 'manager' then 'manager' else 'peer' end) as due,
          e.name as reviewee, u.id::text as user_id
        from review_forms f join review_cycles c on c.id = f.cycle_id
        join review_participants p on p.id = f.participant_id join employees e on e.id = p.employee_id
        join users u on u.employee_id = f.rater_employee_id and u.org_id = f.org_id and u.is_active
        where f.org_id = ${orgId} and f.status = 'pending'
          and c.stage = case f.rater_kind when 'self' then 'self_review' when 'manager' then 'manager_review' else 'peer_review' end`,
  );
  const soon = addDays(today, DUE_SOON_DAYS);
  for (const f of forms) {
    const params = { cycle: f.cycle, raterKind: f.rater_kind, reviewee: f.reviewee, dueDate: f.due };
    const base = { orgId, userId: f.user_id, params, link: `/review-forms/${f.form_id}` };
    items.push({ ...base, kind: 'review.form_open', dedupeKey: `review-form-open:${f.form_id}` });
    if (f.due && f.due < today)
      items.push({ ...base, kind: 'review.form_overdue', dedupeKey: `review-form-overdue:${f.form_id}:${f.due}` });
    else if (f.due && f.due <= soon)
      items.push({ ...base, kind: 'review.form_due', dedupeKey: `review-form-due:${f.form_id}:${f.due}` });
  }
  const published = await queryRows<{ id: string; cycle: string; due: string | null; user_id: string }>(
    db,
    sql`select p.id::text as id, c.name as cycle, c.deadlines->>'acknowledgement' as due, u.id::text as user_id
        from review_participants p join review_cycles c on c.id = p.cycle_id
        join users u on u.employee_id = p.employee_id and u.org_id = p.org_id and u.is_active
        where p.org_id = ${orgId} and c.stage = 'published' and p.acknowledged_at is null`,
  );
  for (const p of published)
    items.push({
      orgId,
      userId: p.user_id,
      kind: 'review.result_published',
      params: { cycle: p.cycle, dueDate: p.due },
      link: `/review-participants/${p.id}`,
      dedupeKey: `review-published:${p.id}`,
    });
  const appeals = await queryRows<{
    id: string;
    participant_id: string;
    cycle: string;
    status: string;
    decision: string | null;
    user_id: string;
  }>(
    db,
    sql`select a.id::text as id, p.id::text as participant_id, c.name as cycle, a.status, a.decision, u.id::text as user_id
        from review_appeals a join review_participants p on p.id = a.participant_id join review_cycles c on c.id = a.cycle_id
        join users u on u.employee_id = p.employee_id and u.org_id = p.org_id and u.is_active
        where a.org_id = ${orgId} and a.status in ('upheld', 'rejected')`,
  );
  for (const a of appeals)
    items.push({
      orgId,
      userId: a.user_id,
      kind: 'review.appeal_decided',
      params: { cycle: a.cycle, outcome: a.status, decision: a.decision },
      link: `/review-participants/${a.participant_id}`,
      dedupeKey: `review-appeal:${a.id}`,
    });
  return notify(db, items, opts);
}
