import { type SQL, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, queryRows } from '../../db/client';
import type { Touched } from '../activities/ingest.service';
import { type Catalog, type CatalogMetric, dependentsOf, loadCatalog } from './catalog.service';
import { periodTypes } from './metric-library';

/** The columns of one row per (person, period): every aggregate metric, then unpivoted to metric_values. */
function aggregateSelect(metrics: readonly CatalogMetric[]) {
  const aggregates = metrics.filter((m) => m.aggregateSql);
  const columns = aggregates.map((m) => `(${m.aggregateSql}) as "${m.key}"`).join(',\n      ');
  const unpivot = aggregates.map((m) => `('${m.key}', g."${m.key}"::numeric)`).join(', ');
  return { columns, unpivot, any: aggregates.length > 0 };
}

const PERIOD_END = `(k.period_start + case k.period_type when 'week' then interval '7 days' when 'month' then interval '1 month'
   when 'quarter' then interval '3 months' else interval '1 year' end)::date`;

/** The start of the period a growth compares with: the one before, or the same one a year earlier (52 weeks). */
const COMPARED_START = (start: string, type: string, compare: string) => `case when ${compare} = 'previous' then
    (case ${type} when 'week' then ${start} - 7 when 'month' then (${start} - interval '1 month')::date
      when 'quarter' then (${start} - interval '3 months')::date else (${start} - interval '1 year')::date end)
    else (case when ${type} = 'week' then ${start} - 364 else (${start} - interval '1 year')::date end) end`;

/** Keys (employee_id, period_type, period_start) as a CTE body. */
type KeysSql = SQL;

const touchedKeys = (touched: readonly Touched[]): KeysSql => {
  const unique = [...new Map(touched.map((t) => [`${t.employeeId}|${t.localDate}`, t])).values()];
  return sql`select distinct (x->>'employeeId')::uuid as employee_id, p.period_type,
        date_trunc(p.period_type, (x->>'localDate')::date)::date as period_start
      from jsonb_array_elements(${JSON.stringify(unique)}::jsonb) x
      cross join (values ${sql.raw(periodTypes.map((p) => `('${p}')`).join(', '))}) as p(period_type)`;
};

/** Every person-period of the organization that has a value of any kind. */
const allKeys = (orgId: string): KeysSql =>
  sql`select employee_id, period_type, period_start from metric_values where org_id = ${orgId}
      union select employee_id, period_type, period_start from imported_metric_values where org_id = ${orgId}`;

const keyList = (keys: readonly string[]) =>
  sql`(${sql.join(
    keys.map((k) => sql`${k}`),
    sql`, `,
  )})`;

/**
 * Values of the given metrics for the people in `keys`: computed ones, and imported or entered ones
 * where nothing was computed (computed values win, as everywhere).
 */
const operandValues = (orgId: string, metricKeys: readonly string[]) => sql`
    select v.metric_key, v.period_type, v.period_start, v.employee_id, v.value from metric_values v
      where v.org_id = ${orgId} and v.metric_key in ${keyList(metricKeys)}
        and v.employee_id in (select employee_id from keys)
    union all
    select i.metric_key, i.period_type, i.period_start, i.employee_id, i.value from imported_metric_values i
      where i.org_id = ${orgId} and i.metric_key in ${keyList(metricKeys)}
        and i.employee_id in (select employee_id from keys)
        and not exists (select 1 from metric_values v where v.org_id = i.org_id and v.employee_id = i.employee_id
          and v.metric_key = i.metric_key and v.period_type = i.period_type and v.period_start = i.period_start)`;

/** Aggregates straight from the activities of the key person-periods (all period types in one statement). */
async function insertAggregates(tx: DbOrTx, orgId: string, keys: KeysSql, metrics: readonly CatalogMetric[]) {
  const { columns, unpivot, any } = aggregateSelect(metrics);
  if (!any) return;
  await tx.execute(sql`with keys as (${keys}),
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

/** Ratios of two metrics for the key person-periods (both operands must have a value; none over zero). */
async function insertRatios(tx: DbOrTx, orgId: string, keys: KeysSql, ratios: readonly CatalogMetric[]) {
  const defs = ratios.flatMap((m) => (m.spec?.kind === 'ratio' ? [[m.key, m.spec.numerator, m.spec.denominator]] : []));
  if (defs.length === 0) return;
  const operands = [...new Set(defs.flatMap(([, n, d]) => [n, d]))];
  await tx.execute(sql`with keys as (${keys}),
    vals as (${operandValues(orgId, operands)}),
    defs(metric_key, num, den) as (values ${sql.join(
      defs.map(([k, n, d]) => sql`(${k}::text, ${n}::text, ${d}::text)`),
      sql`, `,
    )})
    insert into metric_values (org_id, metric_key, period_type, period_start, employee_id, value)
    select ${orgId}, d.metric_key, k.period_type, k.period_start, k.employee_id, round(n.value / dn.value, 4)
    from keys k cross join defs d
    join vals n on n.metric_key = d.num and n.employee_id = k.employee_id and n.period_type = k.period_type
      and n.period_start = k.period_start
    join vals dn on dn.metric_key = d.den and dn.employee_id = k.employee_id and dn.period_type = k.period_type
      and dn.period_start = k.period_start
    where dn.value <> 0`);
}

/**
 * Growth metrics ((value − compared) / |compared|) for the key person-periods. A change in one period
 * also changes the growth of the next period and of the same period next year, so incremental callers
 * pass those keys too (withFollowers).
 */
async function insertGrowths(tx: DbOrTx, orgId: string, keys: KeysSql, growths: readonly CatalogMetric[]) {
  const defs = growths.flatMap((m) => (m.spec?.kind === 'growth' ? [[m.key, m.spec.base, m.spec.compare]] : []));
  if (defs.length === 0) return;
  const bases = [...new Set(defs.map(([, b]) => b))];
  await tx.execute(sql`with keys as (${keys}),
    vals as (${operandValues(orgId, bases)}),
    defs(metric_key, base, compare) as (values ${sql.join(
      defs.map(([k, b, c]) => sql`(${k}::text, ${b}::text, ${c}::text)`),
      sql`, `,
    )})
    insert into metric_values (org_id, metric_key, period_type, period_start, employee_id, value)
    select ${orgId}, d.metric_key, k.period_type, k.period_start, k.employee_id, round((cur.value - cmp.value) / abs(cmp.value), 4)
    from keys k cross join defs d
    join vals cur on cur.metric_key = d.base and cur.employee_id = k.employee_id and cur.period_type = k.period_type
      and cur.period_start = k.period_start
    join vals cmp on cmp.metric_key = d.base and cmp.employee_id = k.employee_id and cmp.period_type = k.period_type
      and cmp.period_start = ${sql.raw(COMPARED_START('k.period_start', 'k.period_type', 'd.compare'))}
    where cmp.value <> 0`);
}

/** The keys, the period after each and the same period a year later: whose growth reads the keys. */
const withFollowers = (keys: KeysSql): KeysSql => sql`select distinct k.employee_id, k.period_type,
      (case s.step when 0 then k.period_start
        when 1 then (case k.period_type when 'week' then k.period_start + 7 when 'month' then (k.period_start + interval '1 month')::date
          when 'quarter' then (k.period_start + interval '3 months')::date else (k.period_start + interval '1 year')::date end)
        else (case when k.period_type = 'week' then k.period_start + 364 else (k.period_start + interval '1 year')::date end) end) as period_start
    from (${keys}) k cross join (values (0), (1), (2)) as s(step)`;

async function deleteValues(tx: DbOrTx, orgId: string, keys: KeysSql, metricKeys?: readonly string[]) {
  if (metricKeys && metricKeys.length === 0) return;
  await tx.execute(sql`with keys as (${keys})
    delete from metric_values v using keys k
    where v.org_id = ${orgId} and v.employee_id = k.employee_id and v.period_type = k.period_type
      and v.period_start = k.period_start ${metricKeys ? sql`and v.metric_key in ${keyList(metricKeys)}` : sql``}`);
}

const ofKind = (metrics: readonly CatalogMetric[], kind: CatalogMetric['kind']) =>
  metrics.filter((m) => m.kind === kind);

/**
 * Recomputes every metric of the organization for the person-periods that the given facts (or entered
 * values) touch, in all four period types, in the caller's transaction: values follow their facts before
 * the batch is acknowledged. Derived metrics follow their operands; growths also in the following periods.
 */
export async function recomputeMetricValues(
  tx: DbOrTx,
  orgId: string,
  touched: readonly Touched[],
  catalog?: Catalog,
): Promise<void> {
  if (touched.length === 0) return;
  const { metrics } = catalog ?? (await loadCatalog(tx, orgId));
  const keys = touchedKeys(touched);
  const growths = ofKind(metrics, 'growth');
  await deleteValues(tx, orgId, keys);
  await insertAggregates(tx, orgId, keys, metrics);
  await insertRatios(tx, orgId, keys, ofKind(metrics, 'ratio'));
  if (growths.length) {
    const followers = withFollowers(keys);
    await deleteValues(
      tx,
      orgId,
      followers,
      growths.map((g) => g.key),
    );
    await insertGrowths(tx, orgId, followers, growths);
  }
}

/**
 * Rebuilds metric values of an organization from its activities and entered values: all of them (the
 * nightly job, the benchmark), or only the given metrics and those built on them (a changed definition).
 */
export async function rebuildMetricValues(tx: DbOrTx, orgId: string, only?: readonly string[]): Promise<void> {
  const catalog = await loadCatalog(tx, orgId);
  const selected = only ? new Set(dependentsOf(catalog, only)) : null;
  const metrics = catalog.metrics.filter((m) => !selected || selected.has(m.key));
  await tx.execute(
    sql`delete from metric_values where org_id = ${orgId} ${selected ? sql`and metric_key in ${keyList([...selected])}` : sql``}`,
  );
  const { columns, unpivot, any } = aggregateSelect(metrics);
  if (any) {
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
  await insertRatios(tx, orgId, allKeys(orgId), ofKind(metrics, 'ratio'));
  await insertGrowths(tx, orgId, allKeys(orgId), ofKind(metrics, 'growth'));
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
