import type { RecommendationView } from '@stride/contracts';
import Decimal from 'decimal.js';
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { employeeVisibility } from '../access/scope';
import type { IncentiveCtx } from './context';

/** How many fast-improvers are listed (largest score gains first). */
const FASTEST_LIMIT = 10;

interface Row {
  id: string;
  name: string;
  employee_no: string;
  unit_name: string;
  cycle_id: string;
  grade: string | null;
  total: string;
  in_pool: boolean;
  high_alert: boolean;
}

/**
 * Promotion and incentive recommendations from the last two published (or closed) review cycles: the strongest
 * (a grade in the top two bands of the scale in both) and the fastest-improving (largest score gains). A list for
 * HR to review, never an action: people on the latest low-performer pool or with a live high alert stay on the
 * list, marked as excluded with the reason.
 */
export async function listRecommendations(db: DbOrTx, ctx: IncentiveCtx) {
  const cycles = await queryRows<{ id: string; name: string; period_start: string; grade_scale: unknown }>(
    db,
    sql`select id::text, name, period_start::text, grade_scale from review_cycles
        where org_id = ${ctx.auth.orgId} and stage in ('published', 'closed')
        order by period_start desc, published_at desc nulls last limit 2`,
  );
  const list = cycles.map((c) => ({ id: c.id, name: c.name, periodStart: c.period_start }));
  if (cycles.length < 2) return { cycles: list, items: [] };
  const [latest, previous] = cycles;
  const rows = await queryRows<Row>(
    db,
    sql`select employees.id::text, employees.name, employees.employee_no, u.name as unit_name, p.cycle_id::text,
          p.grade, p.total::text,
          exists (select 1 from pool_entries pe where pe.org_id = employees.org_id and pe.employee_id = employees.id
                    and pe.pool_id = (select lp.id from low_performer_pools lp where lp.org_id = employees.org_id
                                      order by lp.period_start desc limit 1)) as in_pool,
          exists (select 1 from alerts a where a.org_id = employees.org_id and a.employee_id = employees.id
                    and a.severity = 'high' and a.status not in ('resolved', 'auto_resolved')) as high_alert
        from review_participants p
        join employees on employees.id = p.employee_id
        join org_units u on u.id = employees.unit_id
        where p.cycle_id in (${latest.id}::uuid, ${previous.id}::uuid) and ${employeeVisibility(ctx.scope)}
          and employees.status <> 'exited'`,
  );
  const topGrades = (c: (typeof cycles)[number]) =>
    ((c.grade_scale as { bands?: { grade: string }[] } | null)?.bands ?? []).map((b) => b.grade).slice(0, 2);
  const topOfLatest = topGrades(latest);
  const topOfPrevious = topGrades(previous);
  const byPerson = new Map<string, { now?: Row; before?: Row }>();
  for (const r of rows) {
    const slot = byPerson.get(r.id) ?? {};
    if (r.cycle_id === latest.id) slot.now = r;
    else slot.before = r;
    byPerson.set(r.id, slot);
  }
  const items: RecommendationView[] = [];
  const improving: RecommendationView[] = [];
  for (const { now, before } of byPerson.values()) {
    if (!now || !before) continue;
    const gain = new Decimal(now.total).minus(before.total);
    const base = {
      employee: { id: now.id, name: now.name, employeeNo: now.employee_no },
      unitName: now.unit_name,
      previous: { cycleName: previous.name, grade: before.grade, total: before.total },
      latest: { cycleName: latest.name, grade: now.grade, total: now.total },
      gain: gain.toFixed(2),
      excluded: now.in_pool ? ('in_low_performer_pool' as const) : now.high_alert ? ('live_high_alert' as const) : null,
    };
    const isStrong =
      now.grade !== null &&
      before.grade !== null &&
      topOfLatest.includes(now.grade) &&
      topOfPrevious.includes(before.grade);
    if (isStrong) {
      const isTopBoth = now.grade === topOfLatest[0] && before.grade === topOfPrevious[0];
      items.push({ ...base, kind: 'strongest', suggestion: isTopBoth ? 'promotion' : 'incentive' });
    } else if (gain.gt(0)) {
      improving.push({ ...base, kind: 'fastest_improving', suggestion: 'incentive' });
    }
  }
  items.sort((a, b) => Number(b.latest.total) - Number(a.latest.total));
  improving.sort((a, b) => Number(b.gain) - Number(a.gain));
  return { cycles: list, items: [...items, ...improving.slice(0, FASTEST_LIMIT)] };
}
