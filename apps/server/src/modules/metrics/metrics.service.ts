import { type SQL, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, lockForOrg, queryRows, retryOnDeadlock } from '../../db/client';
import type { Touched } from '../activities/ingest.service';
import { type Catalog, type CatalogMetric, dependentsOf, loadCatalog } from './catalog.service';
import { ORG_ID, type PeriodType, periodEnd, periodTypes, previousStart } from './metric-library';

/**
 * The aggregates of the one-pass statement: those computed from a period's facts alone, fact by fact (a full
 * rebuild leaves the ones with a set-based form to writeSetBased; a period-aware one is never here).
 */
const plainAggregates = (metrics: readonly CatalogMetric[], full = false) =>
  metrics.filter((m) => m.aggregateSql && !m.periodScan && (!full || inFullPass(m)));

/** The columns of one row per (person, period): every aggregate metric, then unpivoted to metric_values. */
function aggregateSelect(aggregates: readonly CatalogMetric[], sqlOf = (m: CatalogMetric) => m.aggregateSql!) {
  const columns = aggregates.map((m) => `(${sqlOf(m)}) as "${m.key}"`).join(',\n      ');
  const unpivot = aggregates.map((m) => `('${m.key}', g."${m.key}"::numeric)`).join(', ');
  return { columns, unpivot, any: aggregates.length > 0 };
}

const PERIOD_END = periodEnd('k.period_start', 'k.period_type');

/** The given period types as rows of a `p(period_type)` relation. */
const periodTypeRows = (types: readonly PeriodType[]) =>
  sql.raw(`(values ${types.map((t) => `('${t}')`).join(', ')}) as p(period_type)`);

/** The start of the period a growth compares with: the one before, or the same one a year earlier (52 weeks). */
const COMPARED_START = (start: string, type: string, compare: string) => `case when ${compare} = 'previous' then
    ${previousStart(start, type)}
    else (case when ${type} = 'week' then ${start} - 364 else (${start} - interval '1 year')::date end) end`;

/** Keys (employee_id, period_type, period_start) as a CTE body. */
type KeysSql = SQL;

const touchedKeys = (touched: readonly Touched[], types: readonly PeriodType[] = periodTypes): KeysSql => {
  const unique = [...new Map(touched.map((t) => [`${t.employeeId}|${t.localDate}`, t])).values()];
  return sql`select distinct (x->>'employeeId')::uuid as employee_id, p.period_type,
        date_trunc(p.period_type, (x->>'localDate')::date)::date as period_start
      from jsonb_array_elements(${JSON.stringify(unique)}::jsonb) x
      cross join ${periodTypeRows(types)}`;
};

interface PeriodKey {
  employeeId: string;
  periodType: string;
  periodStart: string;
}

/** Keys given as (person, period type, period start). */
const periodKeys = (keys: readonly PeriodKey[]): KeysSql =>
  sql`select distinct (x->>'employeeId')::uuid as employee_id, x->>'periodType' as period_type,
        (x->>'periodStart')::date as period_start
      from jsonb_array_elements(${JSON.stringify(keys)}::jsonb) x`;

/** Weeks and months: what a batch's answer waits for. Quarters and years follow in a second pass. */
const FIRST_PASS: readonly PeriodType[] = ['week', 'month'];
const SECOND_PASS: readonly PeriodType[] = ['quarter', 'year'];

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

/**
 * Makes metric_values hold exactly `rows` for the given metrics — within the key person-periods, or
 * everywhere when keys is null — in one statement that compares the new values with the stored ones and
 * writes only the difference: inserts, updates, deletes; unchanged values are not touched. (Deleting
 * everything and inserting it again made PostgreSQL check each new key against the dead rows of the same
 * transaction, and an upsert locks every row it meets: 2.8 s and 1.5 s for 145k unchanged values.)
 * `rows` selects employee_id, period_type, period_start, metric_key, value and may read the CTE `keys`.
 */
async function replaceValues(
  tx: DbOrTx,
  orgId: string,
  keys: KeysSql | null,
  /** The metrics `rows` holds; or, for a full rebuild, all but these (so values of retired metrics go too). */
  metricKeys: readonly string[] | { allBut: readonly string[] },
  rows: SQL,
  more?: SQL,
  /** The statement's result instead of nothing (a select over the CTEs of `more`). */
  result?: SQL,
): Promise<Record<string, unknown>[]> {
  if (Array.isArray(metricKeys) && metricKeys.length === 0) return [];
  const metricFilter = Array.isArray(metricKeys)
    ? sql`v.metric_key in ${keyList(metricKeys)}`
    : 'allBut' in metricKeys && metricKeys.allBut.length
      ? sql`v.metric_key not in ${keyList(metricKeys.allBut)}`
      : sql`true`;
  const same = (a: string, b: string) =>
    sql.raw(`${a}.employee_id = ${b}.employee_id and ${a}.period_type = ${b}.period_type
      and ${a}.period_start = ${b}.period_start and ${a}.metric_key = ${b}.metric_key`);
  const del = sql`delete from metric_values v using d where d.value is null and v.org_id = ${orgId} and ${same('v', 'd')}`;
  return queryRows(
    tx,
    sql`with ${keys ? sql`keys as (${keys}),` : sql``} ${more ? sql`${more},` : sql``}
    u as (${rows}),
    cur as (
      select v.employee_id, v.period_type, v.period_start, v.metric_key, v.value from metric_values v
      ${keys ? sql`join keys k on k.employee_id = v.employee_id and k.period_type = v.period_type and k.period_start = v.period_start` : sql``}
      where v.org_id = ${orgId} and ${metricFilter}
    ),
    d as (
      select coalesce(u.employee_id, cur.employee_id) as employee_id, coalesce(u.period_type, cur.period_type) as period_type,
        coalesce(u.period_start, cur.period_start) as period_start, coalesce(u.metric_key, cur.metric_key) as metric_key,
        u.value, cur.metric_key is null as is_new
      from u full join cur on ${same('u', 'cur')}
      where u.value is distinct from cur.value
    ),
    ins as (
      insert into metric_values (org_id, metric_key, period_type, period_start, employee_id, value)
      select ${orgId}, d.metric_key, d.period_type, d.period_start, d.employee_id, d.value from d where d.is_new
      returning 1
    ),
    upd as (
      update metric_values v set value = d.value, computed_at = now() from d
      where not d.is_new and d.value is not null and v.org_id = ${orgId} and ${same('v', 'd')}
      returning 1
    )
    ${result ? sql`, del as (${del}) ${result}` : del}`,
  );
}

/** A day of a person with new facts whose sums and counts were added (deltas). */
export interface NewFactDay {
  employee_id: string;
  local_date: string;
  /** One of them can change a value not kept by deltas: its periods are recomputed from their facts. */
  touches: boolean;
}

/**
 * The new facts (metric_new_facts) taken off their queue and their sums and counts added to the stored values of
 * the given period types, as CTEs of the statement that recomputes the key person-periods in full: one statement,
 * one snapshot. A new fact of a key period is in that period's full recompute and is not added again; a new fact
 * committed after the statement began is neither read nor taken off. So each fact is counted once, whichever
 * statement reaches it first (npm run bench -- alert-latency: a person's current month had hundreds of thousands
 * of calls, read again for every batch).
 */
function newFactDeltas(orgId: string, metrics: readonly CatalogMetric[], types: readonly PeriodType[]) {
  const kept = metrics.filter((m) => m.delta && m.aggregateSql);
  const touching = metrics.filter((m) => !m.delta && m.touches);
  const { columns, unpivot } = aggregateSelect(kept);
  const touches = touching.length ? touching.map((m) => `(${m.touches})`).join(' or ') : 'false';
  const ctes = sql`pend as (delete from metric_new_facts where org_id = ${orgId} returning source, external_id),
    nf as (select a.*, coalesce(${sql.raw(touches)}, false) as touches_
      from pend p join activities a on a.org_id = ${orgId} and a.source = p.source and a.external_id = p.external_id
      where a.employee_id is not null and not a.is_voided),
    nfd as (select a.employee_id, p.period_type, date_trunc(p.period_type, a.local_date::timestamp)::date as period_start,
        ${sql.raw(columns)}
      from nf a cross join ${periodTypeRows(types)}
      group by 1, 2, 3),
    nfv as (select g.employee_id, g.period_type, g.period_start, x.metric_key, x.value::numeric(20, 4) as value
      from nfd g cross join lateral (values ${sql.raw(unpivot)}) as x(metric_key, value)
      where not exists (select 1 from keys k where k.employee_id = g.employee_id and k.period_type = g.period_type
          and k.period_start = g.period_start)
        -- A period's first facts write every value (zeros too), as a recompute does; later ones only what changes.
        and (x.value <> 0 or not exists (select 1 from metric_values v where v.org_id = ${orgId} and v.metric_key = 'calls'
          and v.employee_id = g.employee_id and v.period_type = g.period_type and v.period_start = g.period_start))),
    nfw as (insert into metric_values (org_id, metric_key, period_type, period_start, employee_id, value)
      select ${orgId}, metric_key, period_type, period_start, employee_id, value from nfv
      order by employee_id, metric_key, period_type, period_start
      on conflict (org_id, metric_key, period_type, period_start, employee_id)
      do update set value = metric_values.value + excluded.value, computed_at = now())`;
  // A period's first facts also write the zeros and counts of everything else, as a recompute does: their days touch.
  const result = sql`select d.employee_id, d.local_date::text as local_date,
      d.touches or exists (select 1 from ${periodTypeRows(types)}
        where not exists (select 1 from metric_values v where v.org_id = ${orgId} and v.metric_key = 'calls'
          and v.employee_id = d.employee_id and v.period_type = p.period_type
          and v.period_start = date_trunc(p.period_type, d.local_date::timestamp)::date)) as touches
    from (select employee_id, local_date, bool_or(touches_) as touches from nf group by 1, 2) d`;
  return { ctes, result };
}

/**
 * Aggregates straight from the activities: of the key person-periods, or of everything (GROUPING SETS). Either
 * way the new facts' queue is taken off in the same statement: a full rebuild counts them all; a keyed recompute
 * (`deltas`: the period types it adds them to) adds those outside its keys (newFactDeltas) and returns their days.
 */
async function writeAggregates(
  tx: DbOrTx,
  orgId: string,
  keys: KeysSql | null,
  metrics: readonly CatalogMetric[],
  opts: {
    /** Full rebuild of everything: the metrics computed later (ratios, growths); other stored values go. */
    derived?: readonly string[];
    /** A keyed recompute that writes weeks and months: the period types it adds the new facts to. */
    deltas?: readonly PeriodType[];
    /** A full rebuild of some metrics: the facts still queued as new are left out (and stay queued). */
    queued?: 'exclude';
  } = {},
): Promise<NewFactDay[]> {
  const { columns, unpivot, any } = aggregateSelect(plainAggregates(metrics, keys === null));
  if (!any) return [];
  const trunc = (p: string) => `date_trunc('${p}', a.local_date::timestamp)`;
  const grouped = keys
    ? // Each key's facts aggregated on their own (one index range each, no sort): a join grouped by key sorted
      // every fact of every touched period, 0.8 of 2.5 s for 765,000 facts (npm run bench -- alert-latency).
      // A key without facts has no row (HAVING), so its values go.
      sql`select k.employee_id, k.period_type, k.period_start, x.*
        from keys k cross join lateral (select ${sql.raw(columns)}
          from activities a where a.org_id = ${orgId} and a.employee_id = k.employee_id and not a.is_voided
            and a.local_date >= k.period_start and a.local_date < ${sql.raw(PERIOD_END)}
          having count(*) > 0) x`
    : // One pass over all activities for the four period types, as a hand-written report would.
      sql`select a.employee_id,
          case when grouping(${sql.raw(trunc('week'))}) = 0 then 'week' when grouping(${sql.raw(trunc('month'))}) = 0 then 'month'
            when grouping(${sql.raw(trunc('quarter'))}) = 0 then 'quarter' else 'year' end as period_type,
          coalesce(${sql.raw(periodTypes.map(trunc).join(', '))})::date as period_start,
          ${sql.raw(columns)}
        from activities a
        where a.org_id = ${orgId} and a.employee_id is not null and not a.is_voided ${
          opts.queued
            ? sql`and not exists (select 1 from metric_new_facts p where p.org_id = a.org_id and p.source = a.source
                and p.external_id = a.external_id)`
            : sql``
        }
        group by a.employee_id, grouping sets (${sql.raw(periodTypes.map((p) => `(${trunc(p)})`).join(', '))})`;
  const deltas = keys && opts.deltas?.length ? newFactDeltas(orgId, metrics, opts.deltas) : null;
  // What the statement does with the new facts' queue: adds them outside its keys (a keyed recompute that writes
  // weeks and months), takes them all (a full rebuild: their people's alerts are judged again, as after any round
  // that adds facts), or leaves it (any other keyed recompute; a rebuild of some metrics, which leaves them out).
  const queue = deltas
    ? deltas.ctes
    : keys || opts.queued
      ? null
      : sql`pend as (delete from metric_new_facts where org_id = ${orgId} returning source, external_id),
          pend_alerts as (insert into alert_dirty (org_id, employee_id, marked_at)
            select distinct ${orgId}::uuid, a.employee_id, now() from pend p
            join activities a on a.org_id = ${orgId} and a.source = p.source and a.external_id = p.external_id
            where a.employee_id is not null
            on conflict (org_id, employee_id) do update set marked_at = excluded.marked_at)`;
  const rows = await replaceValues(
    tx,
    orgId,
    keys,
    opts.derived ? { allBut: opts.derived } : plainAggregates(metrics, keys === null).map((m) => m.key),
    sql`select g.employee_id, g.period_type, g.period_start, x.metric_key, x.value::numeric(20, 4) as value
        from g cross join lateral (values ${sql.raw(unpivot)}) as x(metric_key, value)
        where x.value is not null`,
    queue ? sql`g as (${grouped}), ${queue}` : sql`g as (${grouped})`,
    deltas?.result,
  );
  return rows as unknown as NewFactDay[];
}

/**
 * The person-periods that have facts: each one's fact counts are written for every grouped row (a count is never
 * null), so the built-in call count marks them.
 */
const factPeriods = (orgId: string): KeysSql =>
  sql`select employee_id, period_type, period_start from metric_values where org_id = ${orgId} and metric_key = 'calls'`;

/** A metric's set-based SQL with its organization as a bound value. */
function withOrg(text: string, orgId: string): SQL {
  return sql.join(
    text.split(ORG_ID).flatMap((part, i) => (i === 0 ? [sql.raw(part)] : [sql`${orgId}::uuid`, sql.raw(part)])),
    sql.raw(''),
  );
}

/** In the one-pass statement of a full rebuild: not the metrics computed over sets. */
const inFullPass = (m: CatalogMetric) => !m.sets && !m.periodScan;

/**
 * Metrics computed over sets (MetricDefinition.sets), after the aggregates: for every person-period with facts
 * (keys null: a full rebuild) or for the key person-periods that have facts (only the metrics with a keyed form;
 * the others are in the aggregate statement). Zero where a person-period has facts and no set holds it.
 */
async function writeSetBased(tx: DbOrTx, orgId: string, keys: KeysSql | null, metrics: readonly CatalogMetric[]) {
  const chosen = metrics.filter((m) => m.sets && (keys === null || m.sets.keyed));
  if (chosen.length === 0) return;
  const fk = (a: string, b: string) =>
    sql.raw(
      `${a}.employee_id = ${b}.employee_id and ${a}.period_type = ${b}.period_type and ${a}.period_start = ${b}.period_start`,
    );
  // Each set's non-zero counts, and a zero for every person-period with facts, folded by a grouping: a join of
  // the two depended on the planner's estimate of the sets' rows, which without fresh statistics (the embedded
  // database after a bulk load) came out as 2 and turned into a nested loop over every pair (6 s for 200,000 facts).
  const parts = chosen.flatMap((m) => [
    sql`select s.employee_id, s.period_type, s.period_start, ${m.key}::text as metric_key, s.n as value
      from (${withOrg(keys ? m.sets!.keyed! : m.sets!.all, orgId)}) s`,
    sql`select f.employee_id, f.period_type, f.period_start, ${m.key}::text, 0 from facts f`,
  ]);
  await replaceValues(
    tx,
    orgId,
    keys,
    chosen.map((m) => m.key),
    sql`select employee_id, period_type, period_start, metric_key, max(value)::numeric(20, 4) as value
      from (${sql.join(parts, sql` union all `)}) x group by 1, 2, 3, 4`,
    keys
      ? sql`facts as (select k.employee_id, k.period_type, k.period_start from keys k join (${factPeriods(orgId)}) f on ${fk('f', 'k')})`
      : sql`facts as (${factPeriods(orgId)})`,
  );
}

/** Ratios of two metrics for the key person-periods (both operands must have a value; none over zero). */
async function writeRatios(tx: DbOrTx, orgId: string, keys: KeysSql, ratios: readonly CatalogMetric[]) {
  const defs = ratios.flatMap((m) => (m.spec?.kind === 'ratio' ? [[m.key, m.spec.numerator, m.spec.denominator]] : []));
  if (defs.length === 0) return;
  const operands = [...new Set(defs.flatMap(([, n, d]) => [n, d]))];
  await replaceValues(
    tx,
    orgId,
    keys,
    defs.map(([k]) => k),
    sql`select k.employee_id, k.period_type, k.period_start, d.metric_key, round(n.value / dn.value, 4) as value
      from keys k cross join defs d
      join vals n on n.metric_key = d.num and n.employee_id = k.employee_id and n.period_type = k.period_type
        and n.period_start = k.period_start
      join vals dn on dn.metric_key = d.den and dn.employee_id = k.employee_id and dn.period_type = k.period_type
        and dn.period_start = k.period_start
      where dn.value <> 0`,
    sql`vals as (${operandValues(orgId, operands)}),
      defs(metric_key, num, den) as (values ${sql.join(
        defs.map(([k, n, d]) => sql`(${k}::text, ${n}::text, ${d}::text)`),
        sql`, `,
      )})`,
  );
}

/**
 * Growth metrics ((value − compared) / |compared|) for the key person-periods. A change in one period
 * also changes the growth of the next period and of the same period next year, so incremental callers
 * pass those keys too (withFollowers).
 */
async function writeGrowths(tx: DbOrTx, orgId: string, keys: KeysSql, growths: readonly CatalogMetric[]) {
  const defs = growths.flatMap((m) => (m.spec?.kind === 'growth' ? [[m.key, m.spec.base, m.spec.compare]] : []));
  if (defs.length === 0) return;
  const bases = [...new Set(defs.map(([, b]) => b))];
  await replaceValues(
    tx,
    orgId,
    keys,
    defs.map(([k]) => k),
    sql`select k.employee_id, k.period_type, k.period_start, d.metric_key,
        round((cur.value - cmp.value) / abs(cmp.value), 4) as value
      from keys k cross join defs d
      join vals cur on cur.metric_key = d.base and cur.employee_id = k.employee_id and cur.period_type = k.period_type
        and cur.period_start = k.period_start
      join vals cmp on cmp.metric_key = d.base and cmp.employee_id = k.employee_id and cmp.period_type = k.period_type
        and cmp.period_start = ${sql.raw(COMPARED_START('k.period_start', 'k.period_type', 'd.compare'))}
      where cmp.value <> 0`,
    sql`vals as (${operandValues(orgId, bases)}),
      defs(metric_key, base, compare) as (values ${sql.join(
        defs.map(([k, b, c]) => sql`(${k}::text, ${b}::text, ${c}::text)`),
        sql`, `,
      )})`,
  );
}

/** The keys, the period after each and the same period a year later: whose growth reads the keys. */
const withFollowers = (keys: KeysSql): KeysSql => sql`select distinct k.employee_id, k.period_type,
      (case s.step when 0 then k.period_start
        when 1 then (case k.period_type when 'week' then k.period_start + 7 when 'month' then (k.period_start + interval '1 month')::date
          when 'quarter' then (k.period_start + interval '3 months')::date else (k.period_start + interval '1 year')::date end)
        else (case when k.period_type = 'week' then k.period_start + 364 else (k.period_start + interval '1 year')::date end) end) as period_start
    from (${keys}) k cross join (values (0), (1), (2)) as s(step)`;

const ofKind = (metrics: readonly CatalogMetric[], kind: CatalogMetric['kind']) =>
  metrics.filter((m) => m.kind === kind);

/**
 * Recomputes every metric of the organization for the person-periods that the given facts (or entered
 * values) touch, in all four period types, in the caller's transaction: values follow their facts before
 * the batch is acknowledged. Derived metrics follow their operands; growths also in the following periods.
 * New facts still queued for their deltas are added on the way (recomputeKeys); their days are returned.
 */
export async function recomputeMetricValues(
  tx: DbOrTx,
  orgId: string,
  touched: readonly Touched[],
): Promise<NewFactDay[]> {
  if (touched.length === 0) return [];
  return recomputeKeys(tx, orgId, touchedKeys(touched, periodTypes), periodTypes);
}

/**
 * The writer locks of an organization's values: one writer of weeks and months, one of quarters and years, at a
 * time (two batches touching the same person-month would otherwise both insert its new value). Every value a
 * recompute writes (aggregates, sets, ratios, growths and their followers) has the period type of its key, so the
 * two passes of a drain run side by side: a first pass no longer waits for a second pass recomputing whole years
 * (npm run bench -- alert-latency). Whoever writes both takes the weeks' and months' lock first.
 */
async function lockValues(tx: DbOrTx, orgId: string, types: readonly PeriodType[] = periodTypes) {
  if (types.some((t) => FIRST_PASS.includes(t))) await lockForOrg(tx, 'metric-values', orgId);
  if (types.some((t) => SECOND_PASS.includes(t))) await lockForOrg(tx, 'metric-values-long', orgId);
}

/**
 * Recomputes the key person-periods of the given period types from their facts. Whoever writes weeks and months
 * also takes the new facts off their queue (newFactDeltas): their sums and counts are added to the weeks and months
 * outside the keys; the periods where one of them can change something else (a distinct count, an average, a first
 * order) are recomputed from their facts, and derived metrics follow every period changed. Quarters and years never
 * get a fact added: a second pass may have counted a queued fact in them already (it reads facts, queued or not), so
 * their sums and counts are their months' added up (writeMonthSums) — here when `types` holds them, otherwise in
 * the second pass the caller queues them for (drainOrgMetrics). The catalog is read under the writer lock, so a
 * definition changed meanwhile is the one used.
 */
async function recomputeKeys(
  tx: DbOrTx,
  orgId: string,
  keys: KeysSql,
  types: readonly PeriodType[],
): Promise<NewFactDay[]> {
  await lockValues(tx, orgId, types);
  const { metrics } = await loadCatalog(tx, orgId);
  const shorter = types.filter((t) => FIRST_PASS.includes(t));
  const longer = types.filter((t) => SECOND_PASS.includes(t));
  const added = await writeAggregates(tx, orgId, keys, metrics, { deltas: shorter.length ? shorter : undefined });
  const days = (list: readonly NewFactDay[]) =>
    list.map((d) => ({ employeeId: d.employee_id, localDate: d.local_date }));
  const touching = days(added.filter((d) => d.touches));
  if (touching.length)
    await writeAggregates(
      tx,
      orgId,
      touchedKeys(touching, types),
      metrics.filter((m) => !m.delta),
    );
  if (added.length && longer.length) await writeMonthSums(tx, orgId, touchedKeys(days(added), longer), metrics);
  const withAdded = (more: readonly Touched[]) => (more.length ? sql`${keys} union ${touchedKeys(more, types)}` : keys);
  const changed = withAdded(days(added));
  // A period's facts also change what the next period retained.
  await writeSetBased(tx, orgId, withFollowers(withAdded(touching)), metrics);
  await writeRatios(tx, orgId, changed, ofKind(metrics, 'ratio'));
  await writeGrowths(tx, orgId, withFollowers(changed), ofKind(metrics, 'growth'));
  await queueForAlerts(
    tx,
    added.map((d) => ({ org_id: orgId, employee_id: d.employee_id })),
  );
  return added;
}

/** Sort memory of a full rebuild's statements on a PostgreSQL server. */
export const REBUILD_WORK_MEM = '64MB';
/**
 * The same on the embedded database, which runs inside the server process: its memory (WebAssembly) grows to
 * what a statement took and never gives it back, so a 64MB hash per aggregate during a million-fact backfill
 * kept the server at 641 MB; PostgreSQL's default (4MB, the rest spills to files) keeps it under 512 MB
 * (npm run bench -- ingest --engine pglite).
 */
export const EMBEDDED_REBUILD_WORK_MEM = '4MB';
/** The sort memory of recomputes for the engine the statement runs on (PGlite reports an emscripten build). */
export const recomputeWorkMem = sql`(case when version() like '%emscripten%' then ${EMBEDDED_REBUILD_WORK_MEM}
  else ${REBUILD_WORK_MEM} end)`;

/**
 * Settings of a recompute's (or a cycle launch's) transaction: sort memory for the touched facts (in memory
 * rather than temporary files, on a PostgreSQL server), and no JIT. The statements carry one filtered aggregate per metric; on a large organization their
 * estimated cost passes PostgreSQL's JIT thresholds and compiling them (inlining and optimizing) took about
 * 0.5 s of a 1.6 s full rebuild, more than it could ever save in one run.
 */
export async function recomputeSettings(tx: DbOrTx) {
  await tx.execute(sql`select set_config('work_mem', ${recomputeWorkMem}, true), set_config('jit', 'off', true)`);
}

/**
 * Rebuilds metric values of an organization from its activities and entered values: all of them (the
 * nightly job, the benchmark), or only the given metrics and those built on them (a changed definition).
 * Values that did not change are not written.
 */
export async function rebuildMetricValues(tx: DbOrTx, orgId: string, only?: readonly string[]): Promise<void> {
  await lockValues(tx, orgId);
  const catalog = await loadCatalog(tx, orgId);
  const selected = only ? new Set(dependentsOf(catalog, only)) : null;
  const metrics = catalog.metrics.filter((m) => !selected || selected.has(m.key));
  // The one-pass aggregate sorts every activity of the organization by person and period: in memory
  // rather than in temporary files (the benchmark gives its reference query the same sort memory).
  await recomputeSettings(tx);
  const derived = catalog.metrics
    .filter((m) => m.kind === 'ratio' || m.kind === 'growth' || !inFullPass(m))
    .map((m) => m.key);
  // A rebuild of everything takes the new facts' queue with it; one of some metrics leaves the queue to the next
  // drain and counts none of its facts (their sums are added then, anything else they change recomputed).
  await writeAggregates(tx, orgId, null, metrics, selected ? { queued: 'exclude' } : { derived });
  await writeSetBased(tx, orgId, null, metrics);
  await writeRatios(tx, orgId, allKeys(orgId), ofKind(metrics, 'ratio'));
  await writeGrowths(tx, orgId, allKeys(orgId), ofKind(metrics, 'growth'));
}

/** Records that these person-days changed; cheap, inside the transaction that changed them. */
export async function markMetricsDirty(tx: DbOrTx, orgId: string, touched: readonly Touched[]): Promise<void> {
  if (touched.length === 0) return;
  const unique = [...new Map(touched.map((t) => [`${t.employeeId}|${t.localDate}`, t])).values()];
  // In key order: concurrent batches then take the row locks in the same order.
  await tx.execute(sql`insert into metric_dirty (org_id, employee_id, local_date)
    select distinct ${orgId}::uuid, (x->>'employeeId')::uuid, (x->>'localDate')::date
    from jsonb_array_elements(${JSON.stringify(unique)}::jsonb) x
    order by 2, 3
    on conflict do nothing`);
}

/** Queues new facts of known people for their sums and counts to be added (newFactDeltas), in their transaction. */
export async function queueNewFacts(tx: DbOrTx, orgId: string, source: string, externalIds: readonly string[]) {
  if (externalIds.length === 0) return;
  await tx.execute(sql`insert into metric_new_facts (org_id, source, external_id)
    select ${orgId}::uuid, ${source}, x from jsonb_array_elements_text(${JSON.stringify(externalIds)}::jsonb) x`);
}

/**
 * From this many queued person-days of one organization on, a drain rebuilds all its values in one pass
 * (rebuildMetricValues, which writes only differences) instead of recomputing each touched period: after a
 * bulk load of months of history nearly every period of everyone is touched, and the incremental path
 * would read each fact once per period type through per-period index lookups.
 */
export const FULL_REBUILD_FROM = 20_000;

/** Queues the people whose values changed for the alert evaluator (alerts/scheduler.ts), in the same transaction. */
async function queueForAlerts(tx: DbOrTx, people: readonly { org_id: string; employee_id: string }[]) {
  if (people.length === 0) return;
  const unique = [
    ...new Map(people.map((p) => [`${p.org_id}|${p.employee_id}`, { o: p.org_id, e: p.employee_id }])).values(),
  ];
  await tx.execute(sql`insert into alert_dirty (org_id, employee_id, marked_at)
    select (x->>'o')::uuid, (x->>'e')::uuid, now() from jsonb_array_elements(${JSON.stringify(unique)}::jsonb) x
    on conflict (org_id, employee_id) do update set marked_at = excluded.marked_at`);
}

/**
 * Recomputes the metric values of every recorded person-day (of one organization, or of each in turn) once,
 * however many chunks touched them, and clears the records in the same transaction. `later`: only their
 * weeks and months now (what a waiting batch needs), their quarters and years queued for drainMetricPeriods
 * in the same transaction; otherwise everything, including quarters and years queued before. Each
 * organization in its own transaction: one that fails is reported after the others were drained.
 */
export async function drainMetricsDirty(
  db: DbOrTx,
  orgId?: string,
  /** fullRebuild 'defer': a queue large enough for a full rebuild is left for a later drain (a stream still loading). */
  opts: { quartersAndYears?: 'now' | 'later'; fullRebuild?: 'run' | 'defer' } = {},
): Promise<number> {
  if (orgId) {
    if (opts.fullRebuild === 'defer') {
      const [{ bulk }] = await queryRows<{ bulk: boolean }>(
        db,
        sql`select count(*) >= ${FULL_REBUILD_FROM} as bulk from (select 1 from metric_dirty where org_id = ${orgId}
            limit ${FULL_REBUILD_FROM}) q`,
      );
      if (bulk) return 0;
    }
    return drainOrgMetrics(db, orgId, opts.quartersAndYears === 'later');
  }
  const orgs = await queryRows<{ org_id: string }>(
    db,
    sql`select org_id from metric_dirty union select org_id from metric_new_facts
      union select org_id from metric_dirty_periods order by 1`,
  );
  return eachOrg(orgs, (org) => drainOrgMetrics(db, org, opts.quartersAndYears === 'later'));
}

async function eachOrg(orgs: readonly { org_id: string }[], drain: (org: string) => Promise<number>) {
  let n = 0;
  let failure: unknown = null;
  for (const { org_id } of orgs) {
    try {
      n += await drain(org_id);
    } catch (err) {
      failure ??= err;
    }
  }
  if (failure) throw failure;
  return n;
}

function drainOrgMetrics(db: DbOrTx, org: string, later: boolean): Promise<number> {
  return retryOnDeadlock(() =>
    (db as Db).transaction(async (tx) => {
      // The organization's writer locks first, then the queues. A first pass adds to the second pass's queue
      // while a second pass may be running (lockValues): the second pass takes its rows off only when it ends.
      const types = later ? FIRST_PASS : periodTypes;
      await lockValues(tx, org, types);
      const rows = await queryRows<{ org_id: string; employee_id: string; local_date: string }>(
        tx,
        sql`delete from metric_dirty where org_id = ${org} returning org_id, employee_id, local_date::text as local_date`,
      );
      let periods = later ? [] : await queuedPeriods(tx, org);
      if (rows.length === 0 && periods.length === 0) {
        const [{ any }] = await queryRows<{ any: boolean }>(
          tx,
          sql`select exists (select 1 from metric_new_facts where org_id = ${org}) as any`,
        );
        if (!any) return 0;
      }
      // The touched periods' facts are sorted by person and period.
      await recomputeSettings(tx);
      const touched = rows.map((r) => ({ employeeId: r.employee_id, localDate: r.local_date }));
      let added: NewFactDay[] = [];
      if (touched.length >= FULL_REBUILD_FROM) {
        // Everything, so what was queued for the second pass (and every new fact) is done too.
        periods = [];
        await rebuildMetricValues(tx, org);
        if (later) await tx.execute(sql`delete from metric_dirty_periods where org_id = ${org}`);
      } else {
        added = await recomputeKeys(tx, org, touchedKeys(touched, types), types);
        // A period already queued is marked again: a second pass that read it before these facts leaves it queued.
        if (later)
          await queueLongerPeriods(tx, org, [
            ...touched.map((d) => ({ ...d, fromFacts: true })),
            ...added.map((d) => ({ employeeId: d.employee_id, localDate: d.local_date, fromFacts: d.touches })),
          ]);
      }
      if (periods.length) await recomputeQueuedPeriods(tx, org, periods);
      await queueForAlerts(tx, [...rows, ...periods]);
      return rows.length + periods.length + added.length;
    }),
  );
}

/**
 * Queues the quarters and years of these days for the second pass, marked now; from their facts if any of their
 * days says so (queued before from their facts stays so).
 */
async function queueLongerPeriods(tx: DbOrTx, orgId: string, days: readonly (Touched & { fromFacts: boolean })[]) {
  if (days.length === 0) return;
  const unique = [...new Map(days.map((d) => [`${d.employeeId}|${d.localDate}|${d.fromFacts}`, d])).values()];
  await tx.execute(sql`insert into metric_dirty_periods (org_id, employee_id, period_type, period_start, marked_at, from_facts)
    select ${orgId}::uuid, k.employee_id, k.period_type, k.period_start, clock_timestamp(), bool_or(k.from_facts)
    from (select (x->>'employeeId')::uuid as employee_id, p.period_type,
        date_trunc(p.period_type, (x->>'localDate')::date)::date as period_start, (x->>'fromFacts')::boolean as from_facts
      from jsonb_array_elements(${JSON.stringify(unique)}::jsonb) x
      cross join ${periodTypeRows(SECOND_PASS)}) k
    group by k.employee_id, k.period_type, k.period_start
    order by 2, 3, 4
    on conflict (org_id, employee_id, period_type, period_start)
    do update set marked_at = excluded.marked_at, from_facts = metric_dirty_periods.from_facts or excluded.from_facts`);
}

interface QueuedPeriod {
  org_id: string;
  employee_id: string;
  period_type: string;
  period_start: string;
  marked_at: string;
  from_facts: boolean;
}

/**
 * The queued quarters and years, read without taking them off: a first pass marking one of them meanwhile would
 * otherwise wait, on the deleted row, for this whole pass to end.
 */
export async function queuedPeriods(tx: DbOrTx, orgId: string) {
  return queryRows<QueuedPeriod>(
    tx,
    sql`select org_id, employee_id, period_type, period_start::text as period_start, marked_at::text as marked_at,
        from_facts
      from metric_dirty_periods where org_id = ${orgId}`,
  );
}

/** Takes the recomputed periods off the queue: those not marked again since they were read (those stay queued). */
export async function clearQueuedPeriods(tx: DbOrTx, orgId: string, periods: readonly QueuedPeriod[]) {
  await tx.execute(sql`delete from metric_dirty_periods q using jsonb_array_elements(${JSON.stringify(
    periods.map((p) => ({ e: p.employee_id, t: p.period_type, s: p.period_start, m: p.marked_at })),
  )}::jsonb) x
    where q.org_id = ${orgId} and q.employee_id = (x->>'e')::uuid and q.period_type = x->>'t'
      and q.period_start = (x->>'s')::date and q.marked_at = (x->>'m')::timestamptz`);
}

/**
 * The sums and counts (the metrics kept by deltas) of quarters and years as their months' added up: months nest in
 * quarters and years, and every month's value counts each fact once. Not one fact is read.
 */
async function writeMonthSums(tx: DbOrTx, orgId: string, keys: KeysSql, metrics: readonly CatalogMetric[]) {
  const kept = metrics.filter((m) => m.delta && m.aggregateSql).map((m) => m.key);
  await replaceValues(
    tx,
    orgId,
    keys,
    kept,
    sql`select k.employee_id, k.period_type, k.period_start, v.metric_key, sum(v.value) as value
      from keys k join metric_values v on v.org_id = ${orgId} and v.employee_id = k.employee_id
        and v.period_type = 'month' and v.metric_key in ${keyList(kept)}
        and v.period_start >= k.period_start and v.period_start < ${sql.raw(PERIOD_END)}
      group by 1, 2, 3, 4`,
  );
}

/**
 * Quarters and years whose months only gained new facts' sums and counts: nothing else of them changed, so their
 * sums and counts are their months' added up (writeMonthSums), and the metrics derived from them follow.
 */
async function sumMonths(tx: DbOrTx, orgId: string, keys: KeysSql, { metrics }: Catalog) {
  await writeMonthSums(tx, orgId, keys, metrics);
  await writeRatios(tx, orgId, keys, ofKind(metrics, 'ratio'));
  await writeGrowths(tx, orgId, withFollowers(keys), ofKind(metrics, 'growth'));
}

/** Recomputes the queued quarters and years read by queuedPeriods, then takes them off the queue. */
async function recomputeQueuedPeriods(tx: DbOrTx, orgId: string, list: readonly QueuedPeriod[]) {
  const keysOf = (periods: readonly QueuedPeriod[]) =>
    periodKeys(
      periods.map((p) => ({ employeeId: p.employee_id, periodType: p.period_type, periodStart: p.period_start })),
    );
  const fromFacts = list.filter((p) => p.from_facts);
  const sums = list.filter((p) => !p.from_facts);
  if (fromFacts.length) await recomputeKeys(tx, orgId, keysOf(fromFacts), SECOND_PASS);
  if (sums.length) {
    await lockValues(tx, orgId, SECOND_PASS);
    await sumMonths(tx, orgId, keysOf(sums), await loadCatalog(tx, orgId));
  }
  await clearQueuedPeriods(tx, orgId, list);
}

/** The second pass: quarters and years queued by drainMetricsDirty(…, 'later'), recomputed and cleared. */
export async function drainMetricPeriods(db: DbOrTx, orgId?: string): Promise<number> {
  const drain = (org: string) =>
    retryOnDeadlock(() =>
      (db as Db).transaction(async (tx) => {
        await lockValues(tx, org, SECOND_PASS);
        const periods = await queuedPeriods(tx, org);
        if (periods.length === 0) return 0;
        await recomputeSettings(tx);
        await recomputeQueuedPeriods(tx, org, periods);
        // Only rules that judge quarters read what this pass changed.
        const [{ quarterly }] = await queryRows<{ quarterly: boolean }>(
          tx,
          sql`select exists (select 1 from alert_rules where org_id = ${org} and enabled and period_type = 'quarter') as quarterly`,
        );
        if (quarterly) await queueForAlerts(tx, periods);
        return periods.length;
      }),
    );
  if (orgId) return drain(orgId);
  return eachOrg(
    await queryRows<{ org_id: string }>(db, sql`select distinct org_id from metric_dirty_periods order by 1`),
    drain,
  );
}
