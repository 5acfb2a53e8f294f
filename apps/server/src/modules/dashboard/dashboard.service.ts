import type { Dashboard, DashboardMover, dashboardQuery, Locale } from '@stride/contracts';
import { addMonths } from '@stride/domain';
import Decimal from 'decimal.js';
import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client';
import { fail } from '../../lib/errors';
import { employeeVisibility, unitVisibility } from '../access/scope';
import { type CatalogMetric, loadCatalog } from '../metrics/catalog.service';
import { periodStartOf } from '../metrics/periods';
import { teamValues } from '../metrics/team.service';
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

interface Credit {
  employeeId: string;
  unitId: string;
  unitName: string;
  /** The person's agreed target for the month. */
  target: string;
  /** The part of the person's month credited to the unit, days / of (1 / 1 for someone who stayed in one unit). */
  days: number;
  of: number;
}

/**
 * Which unit each person's month counts for (job history), as the team metric does (metrics/team.service.ts):
 * facts go to the unit of their day, so a metric computed from facts splits a person's month between their
 * units by the days spent in each (of the days they were employed in it: a transfer on the 16th of October
 * gives 15/31 to the old unit and 16/31 to the new one); a metric with no facts behind it (manual, ratios
 * and growths of other metrics) counts whole for the unit the person belonged to at the start of the month
 * (or when they joined, hired later). People without any job that month count for their unit now. Only
 * people with an agreed personal target for the month count, the manager themselves left out; people who
 * have left or moved since count where they worked. Units outside the caller's scope are dropped.
 */
async function monthCredits(db: DbOrTx, ctx: TrajectoryCtx, metric: CatalogMetric, month: string): Promise<Credit[]> {
  const orgId = ctx.auth.orgId;
  const from = sql`${month}::date`;
  const last = sql`((${month}::date + interval '1 month')::date - 1)`;
  const self = ctx.scope.kind === 'units' ? ctx.scope.selfEmployeeId : null;
  const rows = await queryRows<{
    employee_id: string;
    unit_id: string;
    unit_name: string;
    target: string;
    days: number;
    first_day: string;
    visible: boolean;
  }>(
    db,
    sql`with t as (
          select t.employee_id, t.value from targets t
          where t.org_id = ${orgId} and t.employee_id is not null and t.status = 'agreed' and t.value is not null
            and t.metric_key = ${metric.key} and t.period_type = 'month' and t.period_start = ${from}
            ${self ? sql`and t.employee_id <> ${self}` : sql``}
        ),
        jobs as (
          select j.employee_id, j.unit_id, greatest(j.effective_from, ${from}) as first_day,
            least(coalesce(j.effective_to, ${last}), ${last}) - greatest(j.effective_from, ${from}) + 1 as days
          from job_history j join t on t.employee_id = j.employee_id
          where j.org_id = ${orgId} and j.effective_from <= ${last} and (j.effective_to is null or j.effective_to >= ${from})
        ),
        spans as (
          select employee_id, unit_id, sum(days)::int as days, min(first_day) as first_day from jobs
          group by employee_id, unit_id
          union all
          select e.id, e.unit_id, ${last} - ${from} + 1, ${from} from t join employees e on e.id = t.employee_id
          where not exists (select 1 from jobs where jobs.employee_id = t.employee_id)
        )
        select s.employee_id::text as employee_id, org_units.id::text as unit_id, org_units.name as unit_name,
          t.value::text as target, s.days, s.first_day::text as first_day,
          coalesce(${unitVisibility(ctx.scope)}, false) as visible
        from spans s join t on t.employee_id = s.employee_id join org_units on org_units.id = s.unit_id
        order by org_units.name, org_units.id, s.employee_id`,
  );
  const byPerson = new Map<string, typeof rows>();
  for (const r of rows) byPerson.set(r.employee_id, [...(byPerson.get(r.employee_id) ?? []), r]);
  const credits: (Credit & { visible: boolean })[] = [];
  for (const spans of byPerson.values()) {
    if (metric.aggregateSql !== null) {
      const of = spans.reduce((n, s) => n + s.days, 0);
      for (const s of spans) credits.push(credit(s, s.days, of));
    } else {
      const first = spans.reduce((a, b) =>
        b.first_day < a.first_day || (b.first_day === a.first_day && b.days > a.days) ? b : a,
      );
      credits.push(credit(first, 1, 1));
    }
  }
  // In the query's order (unit name): the people of a unit come together.
  const order = new Map(rows.map((r, i) => [`${r.employee_id}|${r.unit_id}`, i]));
  return credits
    .filter((c) => c.visible)
    .sort((a, b) => order.get(`${a.employeeId}|${a.unitId}`)! - order.get(`${b.employeeId}|${b.unitId}`)!);
}

const credit = (
  r: { employee_id: string; unit_id: string; unit_name: string; target: string; visible: boolean },
  days: number,
  of: number,
) => ({
  employeeId: r.employee_id,
  unitId: r.unit_id,
  unitName: r.unit_name,
  target: r.target,
  days,
  of,
  visible: r.visible,
});

/**
 * Attainment of the last closed month per unit (the people directly in it that month): the sum of the
 * values over the sum of the agreed targets, over the people who have an agreed target for the month,
 * each counted for the unit they belonged to then (monthCredits). A unit's actual is what the team metric
 * (teamValues, the unit without its sub-units) credits to each of those people there: a person who moved
 * on the 16th brings the old unit their facts of the first half and the new one the rest, and the target
 * follows in the same shares, so the month's total target stays the sum of the people's targets; values
 * that are not sums of facts (rates, distinct counts) are weighted by the same share.
 *
 * The targets are the people's, never a team target set on the unit: a team target covers the unit with its
 * sub-units (the rows here are the people directly in a unit, and a region's target would count its teams'
 * twice in the total), it does not follow the people who move during the month, and a team target split to
 * people is already here as the people's targets its split made. A unit's own target and its attainment are
 * on the team metric (GET /metric-values/team) and the targets page.
 */
async function teamAttainment(
  db: DbOrTx,
  ctx: TrajectoryCtx,
  metric: CatalogMetric,
  month: string,
): Promise<Dashboard['attainment']> {
  const credits = await monthCredits(db, ctx, metric, month);
  const byUnit = new Map<string, Credit[]>();
  for (const c of credits) byUnit.set(c.unitId, [...(byUnit.get(c.unitId) ?? []), c]);
  // The units are already in scope: their values are read over the whole organization, so that the people
  // who worked there and have since moved out of the caller's scope still count (as in the team metric's total).
  const whole = { kind: 'org', orgId: ctx.auth.orgId } as const;
  const rows: { id: string; name: string; people: number; actual: Decimal; target: Decimal }[] = [];
  for (const [unitId, members] of byUnit) {
    const team = await teamValues(db, whole, metric, {
      unitId,
      periodType: 'month',
      periodStart: month,
      direct: true,
    });
    const values = new Map(team.rows.map((r) => [r.employeeId, r.value]));
    let actual = new Decimal(0);
    let target = new Decimal(0);
    for (const m of members) {
      // Nobody's value in the unit (no facts there, no value) counts as zero, as it always has here.
      const value = new Decimal(values.get(m.employeeId) ?? 0);
      // Sums and counts of the unit's facts are the person's part already; a rate, an average or a score of that
      // part weighs by the share of the month it covers, like the target.
      const part = metric.additive || metric.unit === 'count';
      actual = actual.plus(part ? value : value.times(m.days).div(m.of));
      target = target.plus(new Decimal(m.target).times(m.days).div(m.of));
    }
    rows.push({ id: unitId, name: members[0].unitName, people: members.length, actual, target });
  }
  const places = placesOf(metric);
  const units = rows.map((r) => ({
    unit: { id: r.id, name: r.name },
    people: r.people,
    actual: r.actual.toFixed(places),
    target: r.target.toFixed(places),
    attainment: attainmentOf(r.actual.toString(), r.target.toString()),
  }));
  const actual = rows.reduce((s, r) => s.plus(r.actual), new Decimal(0));
  const target = rows.reduce((s, r) => s.plus(r.target), new Decimal(0));
  return {
    units,
    total: {
      // A person who moved during the month is one of the people of each unit, and one person in the total.
      people: new Set(credits.map((c) => c.employeeId)).size,
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
    attainment: await teamAttainment(db, ctx, metric, month),
    scores: await scoreDistribution(db, ctx, people),
    movers: await movers(db, ctx, people, metric, month, previousMonth, q.movers),
  };
}
