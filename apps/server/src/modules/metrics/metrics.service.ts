import { sql } from 'drizzle-orm';
import { type Db, type DbOrTx, queryRows } from '../../db/client';
import type { Touched } from '../activities/ingest.service';
import { builtinMetrics, periodTypes } from './metric-library';

/** One row per (person, period) with every built-in metric as a column, unpivoted to metric_values. */
function aggregateSelect() {
  const columns = builtinMetrics.map((m) => `(${m.sql}) as "${m.key}"`).join(',\n      ');
  const unpivot = builtinMetrics.map((m) => `('${m.key}', g."${m.key}")`).join(', ');
  return { columns, unpivot };
}

const PERIOD_END = `(k.period_start + case k.period_type when 'week' then interval '7 days' when 'month' then interval '1 month'
   when 'quarter' then interval '3 months' else interval '1 year' end)::date`;

/**
 * Recomputes every built-in metric for the person-periods that the given facts touch (all four period
 * types), in the caller's transaction: values follow their facts before the batch is acknowledged.
 */
export async function recomputeMetricValues(tx: DbOrTx, orgId: string, touched: readonly Touched[]): Promise<void> {
  if (touched.length === 0) return;
  const unique = [...new Map(touched.map((t) => [`${t.employeeId}|${t.localDate}`, t])).values()];
  const { columns, unpivot } = aggregateSelect();
  const keysCte = sql`keys as (
      select distinct (x->>'employeeId')::uuid as employee_id, p.period_type,
        date_trunc(p.period_type, (x->>'localDate')::date)::date as period_start
      from jsonb_array_elements(${JSON.stringify(unique)}::jsonb) x
      cross join (values ${sql.raw(periodTypes.map((p) => `('${p}')`).join(', '))}) as p(period_type))`;
  await tx.execute(sql`with ${keysCte}
    delete from metric_values v using keys k
    where v.org_id = ${orgId} and v.employee_id = k.employee_id and v.period_type = k.period_type and v.period_start = k.period_start`);
  await tx.execute(sql`with ${keysCte},
    g as (
      select k.employee_id, k.period_type, k.period_start,
      ${sql.raw(columns)}
      from keys k
      join activities a on a.org_id = ${orgId} and a.employee_id = k.employee_id and not a.is_voided
        and a.local_date >= k.period_start and a.local_date < ${sql.raw(PERIOD_END)}
      group by k.employee_id, k.period_type, k.period_start
    )
    insert into metric_values (org_id, metric_key, period_type, period_start, employee_id, value)
    select ${orgId}, u.metric_key, g.period_type, g.period_start, g.employee_id, u.value
    from g cross join lateral (values ${sql.raw(unpivot)}) as u(metric_key, value)
    where u.value is not null`);
}

/** Rebuilds every metric value of an organization from its activities (the nightly job and the benchmark). */
export async function rebuildMetricValues(tx: DbOrTx, orgId: string): Promise<void> {
  const { columns, unpivot } = aggregateSelect();
  await tx.execute(sql`delete from metric_values where org_id = ${orgId}`);
  for (const periodType of periodTypes) {
    // The period type is one of our own constants and goes in as a literal: PostgreSQL cannot tell that
    // two parameters in the select list and the GROUP BY are the same expression.
    await tx.execute(sql`with g as (
        select a.employee_id, ${periodType}::text as period_type, date_trunc(${sql.raw(`'${periodType}'`)}, a.local_date)::date as period_start,
        ${sql.raw(columns)}
        from activities a
        where a.org_id = ${orgId} and a.employee_id is not null and not a.is_voided
        group by a.employee_id, date_trunc(${sql.raw(`'${periodType}'`)}, a.local_date)::date
      )
      insert into metric_values (org_id, metric_key, period_type, period_start, employee_id, value)
      select ${orgId}, u.metric_key, g.period_type, g.period_start, g.employee_id, u.value
      from g cross join lateral (values ${sql.raw(unpivot)}) as u(metric_key, value)
      where u.value is not null`);
  }
}

/** Records that these person-days changed; cheap, inside the transaction that changed them. */
export async function markMetricsDirty(tx: DbOrTx, orgId: string, touched: readonly Touched[]): Promise<void> {
  if (touched.length === 0) return;
  await tx.execute(sql`insert into metric_dirty (org_id, employee_id, local_date)
    select distinct ${orgId}::uuid, (x->>'employeeId')::uuid, (x->>'localDate')::date
    from jsonb_array_elements(${JSON.stringify(touched)}::jsonb) x
    on conflict do nothing`);
}

/**
 * Recomputes the metric values of every recorded person-day (of one organization, or all) once, however
 * many chunks touched them, and clears the records in the same transaction.
 */
export async function drainMetricsDirty(db: DbOrTx, orgId?: string): Promise<number> {
  return (db as Db).transaction(async (tx) => {
    const rows = await queryRows<{ org_id: string; employee_id: string; local_date: string }>(
      tx,
      sql`delete from metric_dirty ${orgId ? sql`where org_id = ${orgId}` : sql``}
          returning org_id, employee_id, local_date::text as local_date`,
    );
    const byOrg = new Map<string, Touched[]>();
    for (const r of rows) {
      const list = byOrg.get(r.org_id) ?? [];
      list.push({ employeeId: r.employee_id, localDate: r.local_date });
      byOrg.set(r.org_id, list);
    }
    for (const [org, touched] of byOrg) await recomputeMetricValues(tx, org, touched);
    return rows.length;
  });
}
