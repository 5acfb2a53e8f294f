import type { Dashboard, DashboardMover, dashboardQuery, Locale } from '@stride/contracts';
import { addMonths } from '@stride/domain';
import Decimal from 'decimal.js';
import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client';
import { fail } from '../../lib/errors';
import { employeeVisibility } from '../access/scope';
import { type CatalogMetric, loadCatalog } from '../metrics/catalog.service';
import { periodStartOf } from '../metrics/periods';
import { distributionOf } from '../reviews/calibration.service';
import type { FrozenScale } from '../reviews/scoring';
import { attainmentOf } from '../targets/targets.read';
import { dataStarts, fixed, indexValues, placesOf, readValues, valueAt } from '../trajectories/series.repo';
import type { TrajectoryCtx } from '../trajectories/trajectory.service';

/** Alert states that still need someone (DOMAIN.md §3): open, acknowledged, or with an action linked. */
const LIVE = sql`('open', 'acknowledged', 'action_linked')`;
const MOVERS = 5;

/**
 * The people a dashboard counts, as a condition on `employees`: the whole organization for HR and admin,
 * the people of the units a manager leads — without the manager themselves (their own alerts and results
 * are not theirs to manage).
 */
function peopleOf(ctx: TrajectoryCtx): SQL {
  const visible = employeeVisibility(ctx.scope);
  return ctx.scope.kind === 'units' && ctx.scope.selfEmployeeId
    ? sql`(${visible} and employees.id <> ${ctx.scope.selfEmployeeId})`
    : sql`(${visible})`;
}

async function alertCounts(db: DbOrTx, ctx: TrajectoryCtx, people: SQL): Promise<Dashboard['alerts']> {
  const rows = await queryRows<{ severity: string; n: number }>(
    db,
    sql`select a.severity, count(*)::int as n from alerts a join employees on employees.id = a.employee_id
        where a.org_id = ${ctx.auth.orgId} and a.status in ${LIVE} and ${people}
        group by a.severity`,
  );
  const by = new Map(rows.map((r) => [r.severity, r.n]));
  const bySeverity = { high: by.get('high') ?? 0, medium: by.get('medium') ?? 0, low: by.get('low') ?? 0 };
  return { total: rows.reduce((n, r) => n + r.n, 0), bySeverity };
}

/** The latest pool of the organization, counted over the people in scope. */
async function latestPool(db: DbOrTx, ctx: TrajectoryCtx, people: SQL): Promise<Dashboard['pool']> {
  const [pool] = await queryRows<{ id: string; period_type: string; period_start: string; built_at: Date | string }>(
    db,
    sql`select id, period_type, period_start::text as period_start, built_at from low_performer_pools
        where org_id = ${ctx.auth.orgId} order by period_start desc, built_at desc limit 1`,
  );
  if (!pool) return null;
  const [counts] = await queryRows<{ entries: number; listed: number; undecided: number }>(
    db,
    sql`select count(*)::int as entries, count(*) filter (where pe.on_optimization_list)::int as listed,
          count(*) filter (where pe.decision is null)::int as undecided
        from pool_entries pe join employees on employees.id = pe.employee_id
        where pe.pool_id = ${pool.id} and pe.org_id = ${ctx.auth.orgId} and ${people}`,
  );
  return {
    id: pool.id,
    periodType: pool.period_type,
    periodStart: pool.period_start,
    builtAt: new Date(pool.built_at).toISOString(),
    entries: counts?.entries ?? 0,
    onOptimizationList: counts?.listed ?? 0,
    undecided: counts?.undecided ?? 0,
  };
}

/**
 * Attainment of the last closed month per unit (the people directly in it): the sum of the values over
 * the sum of the agreed targets, over the people who have an agreed target for the month.
 */
async function teamAttainment(
  db: DbOrTx,
  ctx: TrajectoryCtx,
  people: SQL,
  metric: CatalogMetric,
  month: string,
): Promise<Dashboard['attainment']> {
  const rows = await queryRows<{ id: string; name: string; people: number; actual: string; target: string }>(
    db,
    sql`select u.id, u.name, count(*)::int as people, sum(coalesce(v.value, i.value, 0))::text as actual,
          sum(t.value)::text as target
        from targets t join employees on employees.id = t.employee_id join org_units u on u.id = employees.unit_id
        left join metric_values v on v.org_id = t.org_id and v.employee_id = t.employee_id and v.metric_key = t.metric_key
          and v.period_type = t.period_type and v.period_start = t.period_start
        left join imported_metric_values i on i.org_id = t.org_id and i.employee_id = t.employee_id
          and i.metric_key = t.metric_key and i.period_type = t.period_type and i.period_start = t.period_start
        where t.org_id = ${ctx.auth.orgId} and t.status = 'agreed' and t.value is not null and t.metric_key = ${metric.key}
          and t.period_type = 'month' and t.period_start = ${month} and ${people}
        group by u.id, u.name order by u.name`,
  );
  const places = placesOf(metric);
  const units = rows.map((r) => ({
    unit: { id: r.id, name: r.name },
    people: r.people,
    actual: new Decimal(r.actual).toFixed(places),
    target: new Decimal(r.target).toFixed(places),
    attainment: attainmentOf(r.actual, r.target),
  }));
  const actual = rows.reduce((s, r) => s.plus(r.actual), new Decimal(0));
  const target = rows.reduce((s, r) => s.plus(r.target), new Decimal(0));
  return {
    units,
    total: {
      people: rows.reduce((n, r) => n + r.people, 0),
      actual: actual.toFixed(places),
      target: target.toFixed(places),
      attainment: rows.length ? attainmentOf(actual.toString(), target.toString()) : null,
    },
  };
}

/** Grades of the latest published (or closed) review cycle that has people in scope, in the scale's order. */
async function scoreDistribution(db: DbOrTx, ctx: TrajectoryCtx, people: SQL): Promise<Dashboard['scores']> {
  const [cycle] = await queryRows<{
    id: string;
    name: string;
    period_start: string;
    stage: string;
    grade_scale: FrozenScale | null;
  }>(
    db,
    sql`select c.id, c.name, c.period_start::text as period_start, c.stage, c.grade_scale from review_cycles c
        where c.org_id = ${ctx.auth.orgId} and c.stage in ('published', 'closed')
          and exists (select 1 from review_participants p join employees on employees.id = p.employee_id
            where p.cycle_id = c.id and ${people})
        order by c.period_start desc, c.published_at desc nulls last limit 1`,
  );
  if (!cycle) return { cycle: null, n: 0, distribution: [] };
  const grades = await queryRows<{ grade: string | null }>(
    db,
    sql`select coalesce(p.grade, p.computed_grade) as grade
        from review_participants p join employees on employees.id = p.employee_id
        where p.cycle_id = ${cycle.id} and ${people}`,
  );
  const { distribution } = distributionOf(
    grades.map((g) => g.grade),
    cycle.grade_scale,
  );
  return {
    cycle: {
      id: cycle.id,
      name: cycle.name,
      periodStart: cycle.period_start,
      stage: cycle.stage as NonNullable<Dashboard['scores']['cycle']>['stage'],
    },
    n: grades.length,
    distribution: distribution.map((d) => ({ grade: d.grade, count: d.count })),
  };
}

/**
 * Biggest movers between the previous and the last closed month: by attainment (people with an agreed
 * target in both months) or by the metric's value (people with a value in both months; money and counts
 * read 0 for an empty month once their data has started). Attainment is the basis unless asked otherwise,
 * as soon as anybody in scope has targets for both months. People hired after the previous month began
 * are left out (a first month always looks like a jump), and so are those who left.
 */
async function movers(
  db: DbOrTx,
  ctx: TrajectoryCtx,
  people: SQL,
  metric: CatalogMetric,
  month: string,
  previous: string,
  basis: 'attainment' | 'value' | undefined,
): Promise<Dashboard['movers']> {
  const orgId = ctx.auth.orgId;
  const persons = await queryRows<{ id: string; name: string; employee_no: string; unit_name: string }>(
    db,
    sql`select employees.id, employees.name, employees.employee_no, u.name as unit_name
        from employees join org_units u on u.id = employees.unit_id
        where ${people} and employees.status not in ('exited', 'candidate') and employees.hire_date <= ${previous}`,
  );
  const ids = persons.map((p) => p.id);
  const values = indexValues(
    await readValues(db, orgId, {
      people: ids,
      metricKeys: [metric.key],
      periodType: 'month',
      from: previous,
      to: month,
    }),
  );
  const starts = await dataStarts(db, orgId, ids, 'month');
  const targetRows = ids.length
    ? await queryRows<{ employee_id: string; period_start: string; value: string }>(
        db,
        sql`select employee_id, period_start::text as period_start, value::text as value from targets
            where org_id = ${orgId} and status = 'agreed' and value is not null and metric_key = ${metric.key}
              and period_type = 'month' and period_start in (${previous}, ${month})
              and employee_id in (${sql.join(
                ids.map((id) => sql`${id}`),
                sql`, `,
              )})`,
      )
    : [];
  const targets = new Map(targetRows.map((r) => [`${r.employee_id}|${r.period_start}`, r.value]));
  const places = placesOf(metric);
  const rows = persons.map((p) => {
    const prev = valueAt(values, metric, p.id, previous, starts.get(p.id));
    const cur = valueAt(values, metric, p.id, month, starts.get(p.id));
    const prevTarget = targets.get(`${p.id}|${previous}`) ?? null;
    const curTarget = targets.get(`${p.id}|${month}`) ?? null;
    return {
      p,
      prev,
      cur,
      prevAtt: attainmentOf(prev, prevTarget),
      curAtt: attainmentOf(cur, curTarget),
    };
  });
  const chosen = basis ?? (rows.some((r) => r.prevAtt !== null && r.curAtt !== null) ? 'attainment' : 'value');
  const scored = rows
    .map((r) => {
      const [before, after] = chosen === 'attainment' ? [r.prevAtt, r.curAtt] : [r.prev, r.cur];
      return { ...r, change: before !== null && after !== null ? new Decimal(after).minus(before) : null };
    })
    .filter((r): r is typeof r & { change: Decimal } => r.change !== null);
  const present = (r: (typeof scored)[number]): DashboardMover => ({
    employee: { id: r.p.id, name: r.p.name, employeeNo: r.p.employee_no },
    unitName: r.p.unit_name,
    previous: fixed(r.prev, places),
    current: fixed(r.cur, places),
    previousAttainment: r.prevAtt,
    currentAttainment: r.curAtt,
    change: r.change.toFixed(chosen === 'attainment' ? 4 : places),
  });
  const byNo = (a: (typeof scored)[number], b: (typeof scored)[number]) =>
    a.p.employee_no.localeCompare(b.p.employee_no);
  const up = scored
    .filter((r) => r.change.gt(0))
    .sort((a, b) => b.change.comparedTo(a.change) || byNo(a, b))
    .slice(0, MOVERS);
  const down = scored
    .filter((r) => r.change.lt(0))
    .sort((a, b) => a.change.comparedTo(b.change) || byNo(a, b))
    .slice(0, MOVERS);
  return { basis: chosen, up: up.map(present), down: down.map(present) };
}

/**
 * The home dashboard of HR and admin (the organization) and of a manager (the units they lead): live
 * alerts by severity, the latest low-performer pool, last month's team attainment, the grade distribution
 * of the latest published review cycle and the biggest movers. Employees have no dashboard (their home
 * is their own profile, and every figure here is about other people): the route answers them 403.
 */
export async function homeDashboard(
  db: DbOrTx,
  ctx: TrajectoryCtx,
  q: z.output<typeof dashboardQuery>,
  locale: Locale,
): Promise<Dashboard> {
  const orgId = ctx.auth.orgId;
  const metric =
    (await loadCatalog(db, orgId)).byKey.get(q.metric) ??
    fail('VALIDATION_FAILED', [{ field: 'metric', code: 'UNKNOWN_METRIC' }]);
  const people = peopleOf(ctx);
  const month = addMonths(periodStartOf('month', ctx.today), -1);
  const previousMonth = addMonths(month, -1);
  const units =
    ctx.scope.kind === 'units' && ctx.auth.employeeId
      ? await queryRows<{ id: string; name: string }>(
          db,
          sql`select id, name from org_units where org_id = ${orgId} and leader_employee_id = ${ctx.auth.employeeId}
              order by name`,
        )
      : [];
  return {
    scope: { kind: ctx.scope.kind === 'org' ? 'org' : 'units', units },
    metric: metric.key,
    metricName: metric.names[locale],
    metricUnit: metric.unit,
    month,
    previousMonth,
    alerts: await alertCounts(db, ctx, people),
    pool: await latestPool(db, ctx, people),
    attainment: await teamAttainment(db, ctx, people, metric, month),
    scores: await scoreDistribution(db, ctx, people),
    movers: await movers(db, ctx, people, metric, month, previousMonth, q.movers),
  };
}
