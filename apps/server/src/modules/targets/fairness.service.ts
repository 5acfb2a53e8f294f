import type { fairnessQuery, Locale } from '@stride/contracts';
import { addMonths } from '@stride/domain';
import Decimal from 'decimal.js';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client';
import { fail } from '../../lib/errors';
import { loadCatalog } from '../metrics/catalog.service';
import { periodStartOf } from '../metrics/periods';
import { isUnitVisible, type TargetCtx } from './targets.access';

/** Below this share of people reaching target, targets may be set too high; above the next, too low. */
const TOO_HIGH_BELOW = 0.2;
const TOO_LOW_ABOVE = 0.9;
/** Fewer targets than this say nothing about fairness. */
const MIN_TARGETS = 3;

const hintTexts = {
  too_high: {
    'zh-CN': '近几期达成目标的人不到 20%：目标可能定得偏高。',
    'en-US': 'Under 20% reached their target in recent periods: targets may be set too high.',
  },
  too_low: {
    'zh-CN': '近几期超过 90% 的人达成目标：目标可能定得偏低。',
    'en-US': 'Over 90% reached their target in recent periods: targets may be set too low.',
  },
} as const;

const monthsOf = { month: 1, quarter: 3, year: 12 } as const;
const share = (reached: number, total: number) => (total ? new Decimal(reached).div(total).toFixed(4) : null);

/**
 * Per team (the unit's direct sub-units, or the unit itself when it has none) and per completed
 * period: of the people with an agreed target, how many reached it.
 */
export async function fairnessReport(db: DbOrTx, ctx: TargetCtx, q: z.output<typeof fairnessQuery>, locale: Locale) {
  const orgId = ctx.auth.orgId;
  if (!(await isUnitVisible(db, ctx.scope, q.unitId))) fail('ORG_UNIT_NOT_FOUND');
  if (!(await loadCatalog(db, orgId)).byKey.has(q.metric))
    fail('VALIDATION_FAILED', [{ field: 'metric', code: 'UNKNOWN_METRIC' }]);
  const current = periodStartOf(q.periodType, ctx.today);
  const periodStarts = Array.from({ length: q.periods }, (_, i) =>
    addMonths(current, -monthsOf[q.periodType] * (q.periods - i)),
  );
  const children = await queryRows<{ id: string; name: string }>(
    db,
    sql`select id, name from org_units where org_id = ${orgId} and parent_id = ${q.unitId} order by name`,
  );
  const teams = children.length
    ? children
    : await queryRows<{ id: string; name: string }>(
        db,
        sql`select id, name from org_units where org_id = ${orgId} and id = ${q.unitId}`,
      );
  const out = [];
  for (const team of teams) {
    const rows = await queryRows<{ period_start: string; with_target: number; reached: number }>(
      db,
      sql`with recursive sub as (
            select id from org_units where id = ${team.id} and org_id = ${orgId}
            union select u.id from org_units u join sub on u.parent_id = sub.id where u.org_id = ${orgId}
          )
          select t.period_start::text as period_start, count(*)::int as with_target,
            count(*) filter (where coalesce(v.value, i.value) >= t.value)::int as reached
          from targets t join employees e on e.id = t.employee_id
          left join metric_values v on v.org_id = t.org_id and v.employee_id = t.employee_id and v.metric_key = t.metric_key
            and v.period_type = t.period_type and v.period_start = t.period_start
          left join imported_metric_values i on i.org_id = t.org_id and i.employee_id = t.employee_id
            and i.metric_key = t.metric_key and i.period_type = t.period_type and i.period_start = t.period_start
          where t.org_id = ${orgId} and t.metric_key = ${q.metric} and t.period_type = ${q.periodType}
            and t.status = 'agreed' and t.value is not null
            and t.period_start >= ${periodStarts[0]} and t.period_start < ${current}
            and e.unit_id in (select id from sub)
          group by t.period_start`,
    );
    const byStart = new Map(rows.map((r) => [r.period_start, r]));
    const periods = periodStarts.map((p) => {
      const r = byStart.get(p);
      const withTarget = r?.with_target ?? 0;
      const reached = r?.reached ?? 0;
      return { periodStart: p, withTarget, reached, share: share(reached, withTarget) };
    });
    const withTarget = periods.reduce((n, p) => n + p.withTarget, 0);
    const reached = periods.reduce((n, p) => n + p.reached, 0);
    const ratio = withTarget ? reached / withTarget : null;
    const hint =
      ratio === null || withTarget < MIN_TARGETS
        ? null
        : ratio < TOO_HIGH_BELOW
          ? ('too_high' as const)
          : ratio > TOO_LOW_ABOVE
            ? ('too_low' as const)
            : null;
    out.push({
      unit: team,
      periods,
      withTarget,
      reached,
      share: share(reached, withTarget),
      hint,
      hintText: hint ? hintTexts[hint][locale] : null,
    });
  }
  return { metric: q.metric, periodType: q.periodType, periodStarts, teams: out };
}
