import { addDays, addMonths } from '@stride/domain';
import { eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { reviewParticipants } from '../../db/schema';
import { demoHrCaller } from '../../db/seed/demo-actor';
import { todayIn } from '../../lib/dates';
import { getCycleRow, type ReviewCtx } from './context';
import { advanceCycle, createCycle, launch } from './cycles.service';
import { rescore } from './participants.service';
import { scanReviewNotifications } from './reminders';

/**
 * The demo company's review cycles: the month before last, run to the end (rated, calibrated, published,
 * closed), so results, trends and the change since then have something to show; and last month's cycle
 * open for self reviews, so 我的考核 has forms to fill. Ratings are seeded (varied by person), never a
 * final decision: the published cycle's grades are the computed ones.
 */
export async function seedDemoReviewCycles(tx: DbOrTx, orgId: string, now: Date): Promise<number> {
  const caller = await demoHrCaller(tx, orgId, now);
  if (!caller) return 0;
  const today = todayIn('Asia/Shanghai', now);
  const ctx: ReviewCtx = { ...caller, today };
  const deps = { db: tx as unknown as Db };
  const thisMonth = `${today.slice(0, 7)}-01`;
  const label = (start: string) => `${Number(start.slice(0, 4))}年${Number(start.slice(5, 7))}月月度考核`;

  // The month before last: every stage, with ratings.
  const earlier = addMonths(thisMonth, -2);
  const past = await createCycle(deps, ctx, {
    name: label(earlier),
    kind: 'monthly',
    periodType: 'month',
    periodStart: earlier,
    population: { unitIds: [], positionIds: [], statuses: [] },
    peerReviews: false,
    deadlines: { self: addDays(addMonths(earlier, 1), 5), manager: addDays(addMonths(earlier, 1), 10) },
  });
  let version = (await launch(deps, ctx, past.id, past.version)).version;
  // Levels of each indicator's rubric, steady per person (a hash of the form and indicator); people rate
  // themselves among the top three levels, managers anywhere on the scale.
  await tx.execute(
    sql`update review_forms f set status = 'submitted', submitted_at = ${now.toISOString()}::timestamptz,
          ratings = (select coalesce(jsonb_object_agg(k.key, (i->'rule'->'rubric'->(case when f.rater_kind = 'self'
                        then greatest(0, jsonb_array_length(i->'rule'->'rubric') - 1 - abs(hashtext(f.participant_id::text || k.key)) % 3)
                        else abs(hashtext(f.participant_id::text || k.key || 'm')) % jsonb_array_length(i->'rule'->'rubric')
                        end)::int->>'level')::int), '{}'::jsonb)
                     from review_participants p
                     join scorecard_template_versions v on v.template_id = p.template_id and v.version = p.template_version
                     cross join lateral jsonb_array_elements(v.definition->'dimensions') d
                     cross join lateral jsonb_array_elements(d->'indicators') i
                     cross join lateral (select i->>'key' as key) k
                     where p.id = f.participant_id and i->>'kind' = 'rating'
                       and exists (select 1 from jsonb_array_elements(i->'rule'->'raters') r where r->>'rater' = f.rater_kind))
        where f.cycle_id = ${past.id}`,
  );
  const row = await getCycleRow(tx, orgId, past.id);
  for (const p of await tx.select().from(reviewParticipants).where(eq(reviewParticipants.cycleId, past.id)))
    await rescore(tx, row, p, now);
  // self → manager → calibration → approval → published → closed
  for (let step = 0; step < 5; step++) version = (await advanceCycle(deps, ctx, past.id, version)).version;

  // Last month: open for self reviews.
  const last = addMonths(thisMonth, -1);
  const open = await createCycle(deps, ctx, {
    name: label(last),
    kind: 'monthly',
    periodType: 'month',
    periodStart: last,
    population: { unitIds: [], positionIds: [], statuses: [] },
    peerReviews: false,
    deadlines: { self: addDays(today, 7), manager: addDays(today, 14), calibration: addDays(today, 21) },
  });
  await launch(deps, ctx, open.id, open.version);
  // What the hourly job would have told the demo users by now (forms open, results published).
  await scanReviewNotifications(tx, orgId, today, { emailEnabled: false, now });
  return 2;
}
