import Decimal from 'decimal.js';
import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { employeeVisibility, type Scope, unitSubtreeIds } from '../access/scope';
import { type CatalogMetric, inPeriod } from './catalog.service';
import type { PeriodType } from './metric-library';

// A team's value of a metric for a period. Facts count for the team the person belonged to on the day they
// happened (activities.unit_id, set from job history at ingestion), so a person who moves takes nothing of the
// old team's past along and people who have left still count where they worked. A unit's value covers its
// sub-units. Metrics computed from facts are aggregated over the team's facts as a whole: a team's win rate is
// its deals won over its deals closed, its customers are counted once however many colleagues served them.
// Values that have no facts behind them (manual metrics, ratios and growths of other metrics, imported
// history) are each person's value, credited to the unit the person belonged to at the start of the period.

export interface TeamValueRow {
  employeeId: string;
  name: string;
  employeeNo: string;
  unitName: string;
  /** Whether the person still belongs to the unit or one of its sub-units (not moved away, not left). */
  currentMember: boolean;
  /** The person has left the organization. */
  exited: boolean;
  value: string | null;
}

export interface TeamValues {
  basis: 'facts' | 'people';
  aggregation: 'sum' | 'team' | 'mean';
  total: string | null;
  rows: TeamValueRow[];
  /** People credited with some of the value whom the caller may not see (moved to a unit outside their scope). */
  unlisted: number;
}

const periodEnd = (start: string, type: PeriodType) =>
  sql`(${start}::date + ${{ week: '7 days', month: '1 month', quarter: '3 months', year: '1 year' }[type]}::interval)::date`;

/**
 * Everyone who may have done something for a unit (or one below it) between two days: whoever had a job there
 * overlapping them, and whoever is there now (facts without a recorded job count for the unit the person is in).
 * Narrows a unit's facts to the (organization, person, day) index instead of every fact of the organization.
 */
export function unitPeople(orgId: string, unitId: string, from: SQL, to: SQL | null): SQL {
  const sub = unitSubtreeIds(orgId, unitId);
  return sql`(select j.employee_id from job_history j where j.org_id = ${orgId} and j.unit_id in ${sub}
      ${to ? sql`and j.effective_from < ${to}` : sql``} and (j.effective_to is null or j.effective_to >= ${from})
    union select e.id from employees e where e.org_id = ${orgId} and e.unit_id in ${sub})`;
}

/** The units of the subtree (the unit alone when `direct`) and the day's window, shared by the queries below. */
function periodWindow(orgId: string, unitId: string, type: PeriodType, start: string, direct = false) {
  return {
    sub: direct
      ? sql`(select id from org_units where id = ${unitId} and org_id = ${orgId})`
      : unitSubtreeIds(orgId, unitId),
    from: sql`${start}::date`,
    to: periodEnd(start, type),
  };
}

export async function teamValues(
  db: DbOrTx,
  scope: Scope,
  metric: CatalogMetric,
  /** `direct`: the people and facts of the unit itself, its sub-units left out (the home dashboard's units). */
  q: { unitId: string; periodType: PeriodType; periodStart: string; direct?: boolean },
): Promise<TeamValues> {
  const orgId = scope.orgId;
  const w = periodWindow(orgId, q.unitId, q.periodType, q.periodStart, q.direct);
  const fromFacts = metric.aggregateSql !== null;
  // A metric that compares the period with the one before reads this period's start and type.
  const aggregate = fromFacts ? inPeriod(metric.aggregateSql!, { start: q.periodStart, type: q.periodType }) : null;
  // Everyone the team had in the period: credited with facts, or a member by their job at its start.
  const credited = fromFacts
    ? sql`select a.employee_id as id, (${aggregate!})::numeric as value, grouping(a.employee_id) as whole
        from activities a left join employees ea on ea.id = a.employee_id
        where a.org_id = ${orgId} and a.employee_id in ${unitPeople(orgId, q.unitId, w.from, w.to)} and not a.is_voided
          and coalesce(a.unit_id, ea.unit_id) in ${w.sub} and a.local_date >= ${w.from} and a.local_date < ${w.to}
        group by grouping sets ((a.employee_id), ())`
    : sql`select null::uuid as id, null::numeric as value, 1 as whole where false`;
  const rows = await queryRows<{
    id: string | null;
    name: string;
    employee_no: string;
    unit_name: string;
    current_member: boolean;
    exited: boolean;
    visible: boolean;
    fact_value: string | null;
    whole: number;
    person_value: string | null;
  }>(
    db,
    sql`with credited as (${credited}),
      -- The people of the unit in the period: by the job each had at its start (or on joining, hired during it), so a
      -- person who moves during the period is a member of the old unit only; without any job on record, the unit now.
      starts as (
        select distinct on (j.employee_id) j.employee_id as id, j.unit_id from job_history j
        where j.org_id = ${orgId} and j.effective_from < ${w.to} and (j.effective_to is null or j.effective_to >= ${w.from})
        order by j.employee_id, j.effective_from
      ),
      members as (
        select id from starts where unit_id in ${w.sub}
        union select e.id from employees e where e.org_id = ${orgId} and e.unit_id in ${w.sub} and e.status <> 'exited'
          and not exists (select 1 from job_history j where j.org_id = ${orgId} and j.employee_id = e.id)
      ),
      people as (select id from credited where whole = 0 union select id from members)
      select p.id::text as id, employees.name, employees.employee_no, u.name as unit_name,
        (employees.unit_id in ${w.sub} and employees.status <> 'exited') as current_member,
        employees.status = 'exited' as exited,
        coalesce(${employeeVisibility(scope)}, false) as visible,
        c.value::text as fact_value, 0 as whole,
        ${
          fromFacts
            ? sql`null::text`
            : sql`(select coalesce(v.value, i.value)::text from (select 1) one
                left join metric_values v on v.org_id = ${orgId} and v.employee_id = p.id and v.metric_key = ${metric.key}
                  and v.period_type = ${q.periodType} and v.period_start = ${w.from}
                left join imported_metric_values i on i.org_id = ${orgId} and i.employee_id = p.id
                  and i.metric_key = ${metric.key} and i.period_type = ${q.periodType} and i.period_start = ${w.from})`
        } as person_value
      from people p join employees on employees.id = p.id and employees.org_id = ${orgId}
      join org_units u on u.id = employees.unit_id
      left join credited c on c.id = p.id and c.whole = 0
      union all
      select null, '', '', '', false, false, false, value::text, 1, null from credited where whole = 1`,
  );
  const whole = rows.find((r) => r.whole === 1);
  const people = rows.filter((r) => r.whole === 0);
  // Imported history (a company's past brought in) stands for facts where a person has none in the period.
  const imported = fromFacts ? await importedValues(db, orgId, metric.key, q, w) : new Map<string, string>();
  // No facts in the period: what the metric makes of none (zero of an amount or a count; no rate, average or score).
  const none = fromFacts
    ? ((
        await queryRows<{ value: string | null }>(
          db,
          sql`select (${aggregate!})::numeric::text as value from activities a where false`,
        )
      )[0]?.value ?? null)
    : null;
  const personValue = (r: (typeof people)[number]): string | null => {
    if (!fromFacts) return r.person_value;
    if (r.fact_value !== null) return r.fact_value;
    return imported.get(r.id!) ?? none;
  };
  const all = people.map((r) => ({ ...r, value: personValue(r) }));
  const anyImported = all.some((r) => r.fact_value === null && imported.has(r.id!));
  let total: Decimal | null;
  let aggregation: TeamValues['aggregation'];
  const withValue = all.filter((r) => r.value !== null);
  if (metric.additive) {
    aggregation = 'sum';
    total = withValue.reduce((acc, r) => acc.plus(r.value!), new Decimal(0));
  } else if (fromFacts && !anyImported) {
    aggregation = 'team';
    total = whole?.fact_value == null ? null : new Decimal(whole.fact_value);
  } else {
    // Rates and scores of people (or imported rates that cannot be pooled): the mean over those with a value.
    aggregation = 'mean';
    total = withValue.length
      ? withValue.reduce((acc, r) => acc.plus(r.value!), new Decimal(0)).div(withValue.length)
      : null;
  }
  const places = metric.unit === 'ratio' ? 4 : 2;
  const listed = all.filter((r) => r.visible);
  return {
    basis: fromFacts ? 'facts' : 'people',
    aggregation,
    total: total === null ? null : total.toFixed(places),
    rows: listed
      .map((r) => ({
        employeeId: r.id!,
        name: r.name,
        employeeNo: r.employee_no,
        unitName: r.unit_name,
        currentMember: r.current_member,
        exited: r.exited,
        value: r.value === null ? null : new Decimal(r.value).toFixed(places),
      }))
      .sort(
        (a, b) =>
          (b.value === null ? -Infinity : Number(b.value)) - (a.value === null ? -Infinity : Number(a.value)) ||
          a.employeeNo.localeCompare(b.employeeNo),
      ),
    unlisted: all.filter((r) => !r.visible && r.value !== null && r.value !== '0' && Number(r.value) !== 0).length,
  };
}

/**
 * Imported values of people without computed facts in the period, credited to the unit they belonged to at its
 * start (job history, else their unit now).
 */
async function importedValues(
  db: DbOrTx,
  orgId: string,
  metricKey: string,
  q: { periodType: PeriodType; periodStart: string },
  w: ReturnType<typeof periodWindow>,
) {
  const rows = await queryRows<{ id: string; value: string }>(
    db,
    sql`select i.employee_id::text as id, i.value::text as value from imported_metric_values i
        join employees e on e.id = i.employee_id
        where i.org_id = ${orgId} and i.metric_key = ${metricKey} and i.period_type = ${q.periodType}
          and i.period_start = ${w.from}
          and not exists (select 1 from metric_values v where v.org_id = i.org_id and v.employee_id = i.employee_id
            and v.metric_key = i.metric_key and v.period_type = i.period_type and v.period_start = i.period_start)
          and coalesce((select j.unit_id from job_history j where j.org_id = ${orgId} and j.employee_id = i.employee_id
              and j.effective_from <= ${w.from} and (j.effective_to is null or j.effective_to >= ${w.from})
              order by j.effective_from desc limit 1), e.unit_id) in ${w.sub}`,
  );
  return new Map(rows.map((r) => [r.id, r.value]));
}
