import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { queryRows } from '../../db/client';
import { demoHrCaller } from '../../db/seed/demo-actor';
import type { IncentiveCtx } from './context';
import { createPlan } from './plans.service';
import { runBonus } from './runs.service';
import { createScheme } from './schemes.service';

/**
 * The demo company's incentives: a marginal commission plan on monthly revenue (2% / 3% / 4%, ×1.5 above
 * target, refunds clawed back) and a bonus scheme on the grades of the closed review cycle, with its bonus run
 * left as a draft for HR to check and approve. Seeded after the review cycles.
 */
export async function seedDemoIncentives(tx: DbOrTx, orgId: string, now: Date): Promise<void> {
  const ctx: IncentiveCtx | null = await demoHrCaller(tx, orgId, now);
  if (!ctx) return;
  const db = tx as unknown as Db;
  await createPlan(db, ctx, {
    name: '销售提成方案（订单金额，超额加速）',
    metricKey: 'revenue',
    periodType: 'month',
    basis: 'amount',
    tiers: [
      { from: '0', to: '100000', rate: '2' },
      { from: '100000', to: '300000', rate: '3' },
      { from: '300000', to: null, rate: '4' },
    ],
    accelerator: '1.5',
    clawback: true,
    positionIds: [],
    isActive: true,
  });
  const [cycle] = await queryRows<{ id: string; grade_scale: { bands?: { grade: string }[] } | null }>(
    tx,
    sql`select id::text, grade_scale from review_cycles where org_id = ${orgId} and stage = 'closed'
        order by period_start desc limit 1`,
  );
  if (!cycle) return;
  const coefficientOf: Record<string, string> = { S: '1.5', A: '1.2', B: '1.0', C: '0.6', D: '0' };
  const grades = (cycle.grade_scale?.bands ?? []).map((b) => b.grade);
  const scheme = await createScheme(db, ctx, {
    name: '月度绩效奖金',
    positionIds: [],
    defaultBase: '3000.00',
    baseOverrides: [],
    coefficients: Object.fromEntries(grades.map((g) => [g, coefficientOf[g] ?? '1.0'])),
    attainment: null,
  });
  await runBonus(db, ctx, scheme.id, cycle.id);
}
