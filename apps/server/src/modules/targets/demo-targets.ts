import { addMonths } from '@stride/domain';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { periodStartOf } from '../metrics/periods';

/**
 * The demo company's agreed monthly revenue targets for the last six months and this one: each salesperson's
 * average of the six months before (their team's median when they are new) plus 10%, rounded to a thousand —
 * the plan a manager would have agreed. Recorded as agreed, with the agreement in the target history.
 */
export async function seedDemoTargets(tx: DbOrTx, orgId: string, today: string): Promise<void> {
  const current = periodStartOf('month', today);
  const months = Array.from({ length: 7 }, (_, i) => addMonths(current, i - 6));
  await tx.execute(sql`
    with months as (select unnest(${`{${months.join(',')}}`}::date[]) as m),
    people as (
      select e.id, e.unit_id, e.hire_date from employees e join positions p on p.id = e.position_id
      where e.org_id = ${orgId} and e.status in ('probation', 'regular') and p.job_family = '销售'
    ),
    own as (
      select pe.id, pe.unit_id, mo.m,
        (select avg(v.value) from metric_values v where v.org_id = ${orgId} and v.metric_key = 'revenue'
           and v.period_type = 'month' and v.employee_id = pe.id
           and v.period_start >= mo.m - interval '6 months' and v.period_start < mo.m) as avg6
      from people pe cross join months mo where pe.hire_date < mo.m + interval '1 month'
    ),
    team as (select unit_id, m, percentile_cont(0.5) within group (order by avg6) as med from own where avg6 > 0 group by unit_id, m),
    ins as (
      insert into targets (org_id, employee_id, metric_key, period_type, period_start, value, status)
      select ${orgId}::uuid, o.id, 'revenue', 'month', o.m,
        greatest(10000, round(coalesce(nullif(o.avg6, 0), t.med, 30000) * 1.1 / 1000) * 1000), 'agreed'
      from own o left join team t on t.unit_id = o.unit_id and t.m = o.m
      on conflict do nothing
      returning id, value
    )
    insert into target_events (org_id, target_id, action, value, reason)
    select ${orgId}::uuid, id, 'agreed', value, '演示数据：按近 6 个月平均 +10% 商定' from ins`);
}
