import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { queryRows } from '../../db/client';
import { orgUnits, talentPlacements } from '../../db/schema';
import { demoHrCaller } from '../../db/seed/demo-actor';
import type { TalentCtx } from './context';
import { createReview, ratePotential } from './reviews.service';
import { defaultConfig } from './talent.rules';

/**
 * The demo company's talent review (人才盘点) on the closed review cycle, for the whole company: every placed
 * person gets competency and learning-agility ratings (steady per person, spread over the scale) so the 9-box,
 * the promotion reserve and the talent cards have something to show. The review stays open: calibration and
 * finalizing are people's decisions.
 */
export async function seedDemoTalentReview(tx: DbOrTx, orgId: string, now: Date): Promise<void> {
  const ctx: TalentCtx | null = await demoHrCaller(tx, orgId, now);
  const [root] = await tx
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.orgId, orgId), isNull(orgUnits.parentId)));
  const [cycle] = await queryRows<{ id: string; name: string }>(
    tx,
    sql`select id::text, name from review_cycles where org_id = ${orgId} and stage = 'closed'
        order by period_start desc limit 1`,
  );
  if (!ctx || !root || !cycle) return;
  const deps = { db: tx as unknown as Db, clock: () => now };
  const reviewId = await createReview(deps, ctx, {
    name: `${cycle.name.replace(/月度考核$/, '')}人才盘点`,
    unitId: root.id,
    cycleId: cycle.id,
  });
  const competencies = defaultConfig([]).competencies.map((c) => c.key);
  const placements = await tx
    .select({ employeeId: talentPlacements.employeeId, version: talentPlacements.version })
    .from(talentPlacements)
    .where(eq(talentPlacements.reviewId, reviewId));
  // A steady 1–5 level per person and key, centred on 3 (most people solid, a few outstanding or weak).
  const level = (key: string) => {
    let h = 0;
    for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return [1, 2, 3, 3, 3, 4, 4, 5][h % 8];
  };
  for (const p of placements)
    await ratePotential(deps, ctx, reviewId, p.employeeId, {
      ratings: Object.fromEntries(competencies.map((k) => [k, level(p.employeeId + k)])),
      learningAgility: level(`${p.employeeId}learning`),
      version: p.version,
    });
}
