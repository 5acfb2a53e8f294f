/**
 * The reference for "full recompute of all metric values": one hand-written GROUP BY (grouping sets
 * over the four period types) computing every built-in metric, and a check that it gives exactly the
 * numbers in metric_values.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../apps/server/src/db/client';
import { rebuildMetricValues, recomputeWorkMem } from '../../apps/server/src/modules/metrics/metrics.service';

const PERIODS = ['week', 'month', 'quarter', 'year'] as const;
const trunc = (p: string) => `date_trunc('${p}', a.local_date::timestamp)`;

/** Written by hand from the metric definitions (not generated from metric-library.ts). */
const METRICS: [string, string][] = [
  ['revenue', `coalesce(sum(a.amount) filter (where a.type = 'order'), 0)`],
  [
    'collections',
    `coalesce(sum(a.amount) filter (where a.type = 'payment'), 0) - coalesce(sum(a.amount) filter (where a.type = 'refund'), 0)`,
  ],
  ['orders', `count(*) filter (where a.type = 'order')`],
  ['calls', `count(*) filter (where a.type = 'call')`],
  ['visits', `count(*) filter (where a.type = 'visit')`],
  ['meetings', `count(*) filter (where a.type = 'meeting')`],
  ['followups', `count(*) filter (where a.type = 'followup')`],
  ['leads', `count(*) filter (where a.type = 'lead_created')`],
  ['opportunities', `count(*) filter (where a.type = 'opportunity_created')`],
  [
    'win_rate',
    `count(*) filter (where a.type = 'opportunity_won')::numeric / nullif(count(*) filter (where a.type in ('opportunity_won', 'opportunity_lost')), 0)`,
  ],
  [
    'avg_deal_size',
    `sum(a.amount) filter (where a.type = 'order') / nullif(count(*) filter (where a.type = 'order'), 0)`,
  ],
  ['customers', `count(distinct a.customer_external_id) filter (where a.type = 'order')`],
  [
    'high_value_customers',
    `count(distinct a.customer_external_id) filter (where a.type in ('order', 'payment', 'visit', 'call', 'meeting', 'followup') and a.customer_tier = 'high_value')`,
  ],
  [
    'csat',
    `avg((a.attributes->>'score')::numeric) filter (where a.type = 'csat' and (a.attributes->>'score') ~ '^[0-9]+(\\.[0-9]+)?$')`,
  ],
];

const GROUPED = `select a.employee_id,
    case ${PERIODS.slice(0, 3)
      .map((p) => `when grouping(${trunc(p)}) = 0 then '${p}'`)
      .join(' ')} else 'year' end as period_type,
    coalesce(${PERIODS.map(trunc).join(', ')})::date as period_start,
    ${METRICS.map(([k, e]) => `${e} as ${k}`).join(',\n    ')}
  from activities a
  where a.org_id = $ORG and a.employee_id is not null and not a.is_voided
  group by grouping sets (${PERIODS.map((p) => `(a.employee_id, ${trunc(p)})`).join(', ')})`;

/**
 * Two metrics are not one more column of the grouping: new customers (each customer's first order, found once over
 * the organization's orders) and high-value customers retained (the customers each person served per period, joined
 * with the same person's previous period: one sort, each customer's previous period looked up with lag).
 */
const REFERENCE_BODY = `with grouped as (${GROUPED}),
  served as (
    select a.employee_id, p.period_type, date_trunc(p.period_type, a.local_date::timestamp)::date as period_start,
      a.customer_external_id as customer
    from activities a cross join (values ${PERIODS.map((p) => `('${p}')`).join(', ')}) as p(period_type)
    where a.org_id = $ORG and a.employee_id is not null and not a.is_voided and a.customer_tier = 'high_value'
      and a.customer_external_id is not null and a.type in ('order', 'payment', 'visit', 'call', 'meeting', 'followup')
    group by 1, 2, 3, 4),
  retained as (
    select employee_id, period_type, period_start, count(*) filter (where kept) as n
    from (select employee_id, period_type, period_start,
        lag(period_start) over (partition by employee_id, period_type, customer order by period_start)
          = (case period_type when 'week' then period_start - 7
              when 'month' then (period_start - interval '1 month')::date
              when 'quarter' then (period_start - interval '3 months')::date
              else (period_start - interval '1 year')::date end) as kept
      from served) marked
    group by 1, 2, 3),
  first_orders as (
    select f.employee_id, p.period_type, date_trunc(p.period_type, f.local_date::timestamp)::date as period_start,
      count(*) as n
    from (select distinct on (a.customer_external_id) a.employee_id, a.local_date from activities a
      where a.org_id = $ORG and a.type = 'order' and not a.is_voided and a.customer_external_id is not null
      order by a.customer_external_id, a.occurred_at, a.source, a.external_id) f
    cross join (values ${PERIODS.map((p) => `('${p}')`).join(', ')}) as p(period_type)
    where f.employee_id is not null
    group by 1, 2, 3)
  select g.*, coalesce(n.n, 0) as new_customers, coalesce(r.n, 0) as high_value_customers_retained
  from grouped g left join retained r using (employee_id, period_type, period_start)
    left join first_orders n using (employee_id, period_type, period_start)`;

const ALL_KEYS = [...METRICS.map(([k]) => k), 'new_customers', 'high_value_customers_retained'];

/** The reference query text (for RESULTS.md). */
export const referenceSqlText = REFERENCE_BODY.replaceAll('$ORG', ':org_id');

function withOrg(text: string, orgId: string) {
  const parts = text.split('$ORG');
  return sql.join(
    parts.flatMap((p, i) => (i === 0 ? [sql.raw(p)] : [sql`${orgId}::uuid`, sql.raw(p)])),
    sql.raw(''),
  );
}

/**
 * The reference GROUP BY, in a transaction with the same sort memory as rebuildMetricValues gives its own
 * statements (recomputeWorkMem: 64MB on PostgreSQL, 4MB embedded). JIT stays at PostgreSQL's default here (the rebuild turns it off for itself):
 * with it this query measured slightly faster than without, so each side runs as it runs best.
 */
export async function timeReference(db: Db, orgId: string): Promise<{ ms: number; rows: number }> {
  const t0 = performance.now();
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('work_mem', ${recomputeWorkMem}, true)`);
    return queryRows<Record<string, unknown>>(tx, withOrg(REFERENCE_BODY, orgId));
  });
  return { ms: performance.now() - t0, rows: rows.length };
}

export interface RebuildTiming {
  ms: number;
}

export async function timeRebuild(db: Db, orgId: string): Promise<RebuildTiming> {
  const t0 = performance.now();
  await db.transaction((tx) => rebuildMetricValues(tx, orgId));
  return { ms: performance.now() - t0 };
}

export interface Comparison {
  total: number;
  matched: number;
  mismatched: number;
  samples: { employee_id: string; period_type: string; period_start: string; metric_key: string; value: string }[];
}

/** Every (person, metric, period type, period) of the reference against metric_values, at numeric(20,4). */
export async function compareWithMetricValues(db: Db, orgId: string): Promise<Comparison> {
  const unpivot = ALL_KEYS.map((k) => `('${k}', r.${k}::numeric)`).join(', ');
  const text = `with ref as (${REFERENCE_BODY}),
    u as (select r.employee_id, r.period_type, r.period_start, v.metric_key, round(v.value, 4) as value
          from ref r cross join lateral (values ${unpivot}) as v(metric_key, value) where v.value is not null),
    mv as (select employee_id, period_type, period_start, metric_key, value from metric_values where org_id = $ORG)
    select count(*)::int as total,
      count(*) filter (where u.value = mv.value)::int as matched,
      count(*) filter (where u.value is null or mv.value is null or u.value <> mv.value)::int as mismatched
    from u full join mv using (employee_id, period_type, period_start, metric_key)`;
  const query = withOrg(text, orgId);
  const [r] = await queryRows<{ total: number; matched: number; mismatched: number }>(db, query);
  const samples = await queryRows<Comparison['samples'][number]>(
    db,
    sql`select employee_id::text, period_type, period_start::text, metric_key, value::text from metric_values
        where org_id = ${orgId} and period_type = 'month' and metric_key in ('revenue', 'calls', 'win_rate', 'customers')
        order by employee_id, period_start desc, metric_key limit 4`,
  );
  return { ...r, samples };
}
