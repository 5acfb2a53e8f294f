import type {
  CohortCurves,
  cohortCurvesQuery,
  Locale,
  TeamTrajectories,
  teamTrajectoriesQuery,
} from '@stride/contracts';
import { addMonths, monthStartOf, quartiles } from '@stride/domain';
import { eq, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client';
import { employees } from '../../db/schema';
import { fail } from '../../lib/errors';
import { assertUnitVisible, employeeVisibility, unitSubtreeIds } from '../access/scope';
import { getEmployee } from '../employees/employees.service';
import { type CatalogMetric, loadCatalog } from '../metrics/catalog.service';
import { periodStartOf } from '../metrics/periods';
import { dataStarts, fixed, indexValues, placesOf, readValues, valueAt } from './series.repo';
import type { TrajectoryCtx } from './trajectory.service';

interface PersonRow {
  id: string;
  name: string;
  employee_no: string;
  status: string;
  unit_name: string;
  hire_date: string;
  regularization_date: string | null;
  exit_date: string | null;
}

async function metricOf(db: DbOrTx, orgId: string, key: string): Promise<CatalogMetric> {
  return (
    (await loadCatalog(db, orgId)).byKey.get(key) ??
    fail('VALIDATION_FAILED', [{ field: 'metric', code: 'UNKNOWN_METRIC' }])
  );
}

const lastClosedMonthOf = (today: string) => addMonths(periodStartOf('month', today), -1);

/** The last month a person's values count in: the last closed month, or the month they left. */
function lastMonthOf(p: { exit_date: string | null }, lastClosed: string): string {
  const exitMonth = p.exit_date ? monthStartOf(p.exit_date) : null;
  return exitMonth && exitMonth < lastClosed ? exitMonth : lastClosed;
}

/** Everyone's values of one metric, monthly, from the earliest hire month to the last closed month. */
async function monthlyOf(db: DbOrTx, orgId: string, people: PersonRow[], metric: CatalogMetric, to: string) {
  const ids = people.map((p) => p.id);
  const from = [to, ...people.map((p) => monthStartOf(p.hire_date))].sort()[0];
  const values = indexValues(
    await readValues(db, orgId, { people: ids, metricKeys: [metric.key], periodType: 'month', from, to }),
  );
  const starts = await dataStarts(db, orgId, ids, 'month');
  return (p: PersonRow, month: string, lastClosed: string): string | null => {
    if (month < monthStartOf(p.hire_date) || month > lastMonthOf(p, lastClosed)) return null;
    return valueAt(values, metric, p.id, month, starts.get(p.id));
  };
}

const personSelect = sql`select employees.id, employees.name, employees.employee_no, employees.status,
    u.name as unit_name, employees.hire_date::text as hire_date,
    employees.regularization_date::text as regularization_date, employees.exit_date::text as exit_date
  from employees join org_units u on u.id = employees.unit_id`;

/**
 * Cohort curves: for each month since hire (the month of the hire date is 0, up to `months`), the
 * quartiles of one metric across the people in the caller's scope (HR and admin: the organization; a
 * manager: the units they lead), optionally only one position, one unit subtree or a range of hire dates.
 * Months not yet over, and months after a person left, do not count. With employeeId, that person's own
 * line is added.
 */
export async function cohortCurves(
  db: DbOrTx,
  ctx: TrajectoryCtx,
  q: z.output<typeof cohortCurvesQuery>,
  locale: Locale,
): Promise<CohortCurves> {
  const orgId = ctx.auth.orgId;
  if (q.hiredFrom && q.hiredTo && q.hiredTo < q.hiredFrom)
    fail('VALIDATION_FAILED', [{ field: 'hiredTo', code: 'BEFORE_START' }]);
  const metric = await metricOf(db, orgId, q.metric);
  if (q.unitId) await assertUnitVisible(db, ctx.scope, q.unitId);
  const own = q.employeeId ? await getEmployee(db, ctx.scope, q.employeeId) : null;
  const conditions: SQL[] = [employeeVisibility(ctx.scope), sql`employees.status <> 'candidate'`];
  if (q.positionId) conditions.push(sql`employees.position_id = ${q.positionId}`);
  if (q.unitId) conditions.push(sql`employees.unit_id in ${unitSubtreeIds(orgId, q.unitId)}`);
  if (q.hiredFrom) conditions.push(sql`employees.hire_date >= ${q.hiredFrom}`);
  if (q.hiredTo) conditions.push(sql`employees.hire_date <= ${q.hiredTo}`);
  const people = await queryRows<PersonRow>(db, sql`${personSelect} where ${sql.join(conditions, sql` and `)}`);
  const lastClosed = lastClosedMonthOf(ctx.today);
  const everyone = own && !people.some((p) => p.id === own.id) ? [...people, rowOf(own)] : people;
  const monthValue = await monthlyOf(db, orgId, everyone, metric, lastClosed);
  const places = placesOf(metric);
  const points = Array.from({ length: q.months + 1 }, (_, month) => {
    const values = people
      .map((p) => monthValue(p, addMonths(monthStartOf(p.hire_date), month), lastClosed))
      .filter((v): v is string => v !== null)
      .map(Number);
    const qs = quartiles(values);
    return {
      month,
      n: qs?.n ?? 0,
      p25: fixed(qs?.p25, places),
      median: fixed(qs?.median, places),
      p75: fixed(qs?.p75, places),
    };
  });
  let person: CohortCurves['person'] = null;
  if (own) {
    const row = rowOf(own);
    person = {
      employee: { id: own.id, name: own.name, employeeNo: own.employeeNo },
      hireDate: own.hireDate,
      points: Array.from({ length: q.months + 1 }, (_, month) => ({
        month,
        value: fixed(monthValue(row, addMonths(monthStartOf(own.hireDate), month), lastClosed), places),
      })),
    };
  }
  return {
    metric: metric.key,
    metricName: metric.names[locale],
    metricUnit: metric.unit,
    people: people.length,
    points,
    person,
  };
}

function rowOf(e: Awaited<ReturnType<typeof getEmployee>>): PersonRow {
  return {
    id: e.id,
    name: e.name,
    employee_no: e.employeeNo,
    status: e.status,
    unit_name: e.unitName,
    hire_date: e.hireDate,
    regularization_date: e.regularizationDate,
    exit_date: e.exitDate,
  };
}

/**
 * A team side by side: each current member of a unit and its sub-units (those the caller may see), with
 * their monthly values of one metric over the last `months` closed calendar months, and over their own
 * first `months` months since hire (for comparing ramp-ups).
 */
export async function teamTrajectories(
  db: DbOrTx,
  ctx: TrajectoryCtx,
  q: z.output<typeof teamTrajectoriesQuery>,
  locale: Locale,
): Promise<TeamTrajectories> {
  const orgId = ctx.auth.orgId;
  const unit = await assertUnitVisible(db, ctx.scope, q.unitId);
  const metric = await metricOf(db, orgId, q.metric);
  const people = await queryRows<PersonRow>(
    db,
    sql`${personSelect}
        where ${employeeVisibility(ctx.scope)} and ${eq(employees.orgId, orgId)}
          and employees.unit_id in ${unitSubtreeIds(orgId, q.unitId)}
          and employees.status not in ('exited', 'candidate')
        order by employees.employee_no`,
  );
  const lastClosed = lastClosedMonthOf(ctx.today);
  const periods = Array.from({ length: q.months }, (_, i) => addMonths(lastClosed, i - q.months + 1));
  const monthValue = await monthlyOf(db, orgId, people, metric, lastClosed);
  const places = placesOf(metric);
  return {
    unit,
    metric: metric.key,
    metricName: metric.names[locale],
    metricUnit: metric.unit,
    months: q.months,
    periods,
    people: people.map((p) => ({
      employee: { id: p.id, name: p.name, employeeNo: p.employee_no },
      unitName: p.unit_name,
      status: p.status as TeamTrajectories['people'][number]['status'],
      hireDate: p.hire_date,
      regularizationDate: p.regularization_date,
      calendar: periods.map((month) => fixed(monthValue(p, month, lastClosed), places)),
      sinceHire: Array.from({ length: q.months }, (_, i) =>
        fixed(monthValue(p, addMonths(monthStartOf(p.hire_date), i), lastClosed), places),
      ),
    })),
  };
}
