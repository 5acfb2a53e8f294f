import type { AlertPeriodType, AlertRuleKind, AlertScope, TenureStage } from '@stride/contracts';
import { addDays, addMonths } from '@stride/domain';
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import type { Catalog } from '../metrics/catalog.service';
import { periodStartOf } from '../metrics/periods';

/** A rule as stored. */
export interface RuleRow {
  id: string;
  orgId: string;
  kind: AlertRuleKind;
  name: string;
  enabled: boolean;
  metricKey: string | null;
  periodType: AlertPeriodType;
  params: Record<string, unknown>;
  scope: AlertScope;
  severity: 'low' | 'medium' | 'high';
  minPeriods: number;
  cooldownDays: number;
  recoverAfter: number;
  recipients: Record<'hr' | 'manager' | 'employee', { enabled: boolean; message: Record<string, string> | null }>;
  version: number;
}

export interface Person {
  id: string;
  name: string;
  employeeNo: string;
  unitId: string;
  positionId: string | null;
  managerId: string | null;
  status: string;
  hireDate: string;
  regularizationDate: string | null;
  exitDate: string | null;
  stage: TenureStage;
  /** Ancestors of the unit, the unit first (scope checks of "a unit and its sub-units"). */
  unitPath: string[];
}

export type JudgedPeriod = Exclude<AlertPeriodType, 'day'>;

export function nextPeriod(type: JudgedPeriod, period: string, n = 1): string {
  if (type === 'week') return addDays(period, 7 * n);
  return addMonths(period, type === 'quarter' ? 3 * n : n);
}

/** The last period of this type that has fully ended by `today`. */
export function lastClosedPeriod(type: JudgedPeriod, today: string): string {
  return nextPeriod(type, periodStartOf(type, today), -1);
}

/** Last day of a period. */
export function periodEnd(type: JudgedPeriod, period: string): string {
  return addDays(nextPeriod(type, period), -1);
}

/** The people Stride watches: in probation or regular (not candidates, not those who left), with their stage today. */
export async function loadPeople(
  db: DbOrTx,
  orgId: string,
  today: string,
  earlyStageMonths: number,
  employeeIds?: readonly string[],
): Promise<Person[]> {
  const only = employeeIds
    ? sql`and e.id in (select (jsonb_array_elements_text(${JSON.stringify(employeeIds)}::jsonb))::uuid)`
    : sql``;
  const rows = await queryRows<{
    id: string;
    name: string;
    employee_no: string;
    unit_id: string;
    position_id: string | null;
    manager_id: string | null;
    status: string;
    hire_date: string;
    regularization_date: string | null;
    exit_date: string | null;
    unit_path: string[];
  }>(
    db,
    sql`with recursive up as (
          select id as unit_id, id as ancestor, parent_id, 0 as depth from org_units where org_id = ${orgId}
          union all
          select up.unit_id, u.id, u.parent_id, up.depth + 1 from up join org_units u on u.id = up.parent_id
          where up.depth < 50
        ),
        paths as (select unit_id, array_agg(ancestor::text order by depth) as unit_path from up group by unit_id)
        select e.id::text as id, e.name, e.employee_no, e.unit_id::text as unit_id, e.position_id::text as position_id,
          e.manager_id::text as manager_id, e.status, e.hire_date::text as hire_date,
          e.regularization_date::text as regularization_date, e.exit_date::text as exit_date, p.unit_path
        from employees e join paths p on p.unit_id = e.unit_id
        where e.org_id = ${orgId} and e.status not in ('candidate', 'exited') and e.hire_date <= ${today} ${only}
        order by e.employee_no`,
  );
  return rows.map((r) => {
    const since = r.regularization_date ?? r.hire_date;
    const stage: TenureStage =
      r.status === 'probation' ? 'probation' : today < addMonths(since, earlyStageMonths) ? 'early' : 'tenured';
    return {
      id: r.id,
      name: r.name,
      employeeNo: r.employee_no,
      unitId: r.unit_id,
      positionId: r.position_id,
      managerId: r.manager_id,
      status: r.status,
      hireDate: r.hire_date,
      regularizationDate: r.regularization_date,
      exitDate: r.exit_date,
      stage,
      unitPath: r.unit_path,
    };
  });
}

export function inScope(rule: Pick<RuleRow, 'scope'>, p: Person): boolean {
  const s = rule.scope;
  if (s.unitIds.length && !s.unitIds.some((u) => p.unitPath.includes(u))) return false;
  if (s.positionIds.length && (!p.positionId || !s.positionIds.includes(p.positionId))) return false;
  if (s.stages.length && !s.stages.includes(p.stage)) return false;
  return true;
}

/** Additive metrics count a period without activity as zero; ratios and averages as no data. */
const ADDITIVE_BUILTINS = new Set([
  'revenue',
  'collections',
  'orders',
  'calls',
  'visits',
  'meetings',
  'followups',
  'leads',
  'opportunities',
  'customers',
  'high_value_customers',
]);
export function zeroWhenMissing(catalog: Catalog, key: string): boolean {
  const m = catalog.byKey.get(key);
  if (!m) return false;
  if (m.kind === 'builtin') return ADDITIVE_BUILTINS.has(key);
  if (m.spec?.kind === 'aggregate') return ['sum', 'count', 'count_distinct'].includes(m.spec.fn);
  return false;
}

/** Metric values of one metric and period type for a set of people (all people when null) between two period starts. */
export async function loadValues(
  db: DbOrTx,
  orgId: string,
  metricKey: string,
  periodType: JudgedPeriod,
  from: string,
  to: string,
  employeeIds: readonly string[] | null,
): Promise<Map<string, Map<string, number>>> {
  const only = employeeIds
    ? sql`and employee_id in (select (jsonb_array_elements_text(${JSON.stringify(employeeIds)}::jsonb))::uuid)`
    : sql``;
  const rows = await queryRows<{ employee_id: string; period_start: string; value: string }>(
    db,
    sql`select employee_id::text as employee_id, period_start::text as period_start, value::text as value
        from metric_values
        where org_id = ${orgId} and metric_key = ${metricKey} and period_type = ${periodType}
          and period_start between ${from} and ${to} ${only}`,
  );
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const m = out.get(r.employee_id) ?? new Map<string, number>();
    out.set(r.employee_id, m);
    m.set(r.period_start, Number(r.value));
  }
  return out;
}

/**
 * A digest per unit of the metric values of some metrics and a period type between two period starts, of
 * the given people (each counted in their unit): equal digests, equal values (evaluator.ts judgeRule).
 */
export async function valuesFingerprint(
  db: DbOrTx,
  orgId: string,
  metricKeys: readonly string[],
  periodType: JudgedPeriod,
  from: string,
  to: string,
  people: readonly Pick<Person, 'id' | 'unitId'>[],
): Promise<Map<string, string>> {
  if (people.length === 0) return new Map();
  const rows = await queryRows<{ unit_id: string; digest: string }>(
    db,
    sql`select x.u as unit_id,
          md5(string_agg(v.employee_id::text || ':' || v.metric_key || ':' || v.period_start::text || ':' || v.value::text,
            ',' order by v.employee_id, v.metric_key, v.period_start)) as digest
        from jsonb_to_recordset(${JSON.stringify(people.map((p) => ({ e: p.id, u: p.unitId })))}::jsonb) as x(e uuid, u text)
        join metric_values v on v.employee_id = x.e
        where v.org_id = ${orgId} and v.period_type = ${periodType} and v.period_start between ${from} and ${to}
          and v.metric_key in (select jsonb_array_elements_text(${JSON.stringify(metricKeys)}::jsonb))
        group by x.u`,
  );
  return new Map(rows.map((r) => [r.unit_id, r.digest]));
}

/** Agreed personal targets of one metric (month or quarter), per person and period. */
export async function loadTargets(
  db: DbOrTx,
  orgId: string,
  metricKey: string,
  periodType: JudgedPeriod,
  from: string,
  to: string,
  employeeIds: readonly string[],
): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  if (periodType === 'week' || employeeIds.length === 0) return out;
  const rows = await queryRows<{ employee_id: string; period_start: string; value: string }>(
    db,
    sql`select employee_id::text as employee_id, period_start::text as period_start, value::text as value
        from targets
        where org_id = ${orgId} and metric_key = ${metricKey} and period_type = ${periodType}
          and status = 'agreed' and value is not null and employee_id is not null
          and period_start between ${from} and ${to}
          and employee_id in (select (jsonb_array_elements_text(${JSON.stringify(employeeIds)}::jsonb))::uuid)`,
  );
  for (const r of rows) {
    const m = out.get(r.employee_id) ?? new Map<string, number>();
    out.set(r.employee_id, m);
    m.set(r.period_start, Number(r.value));
  }
  return out;
}

export interface MaskSpan {
  kind: 'leave' | 'territory_change' | 'quota_reset';
  start: string;
  end: string;
  source: 'manual' | 'job_history' | 'targets';
  /** Quota resets concern one metric; the rest every metric. */
  metricKey?: string;
}

/**
 * What must not be judged, per person: leave and other spans entered by people, a territory change (a
 * job-history row that changes unit or position: the period it falls in), a quota reset (a target changed
 * after its period started: that target's period — any that reaches past `from`, so a year's or a quarter's
 * target that began before it still masks its months within it).
 */
export async function loadMasks(
  db: DbOrTx,
  orgId: string,
  employeeIds: readonly string[],
  from: string,
): Promise<Map<string, MaskSpan[]>> {
  const out = new Map<string, MaskSpan[]>();
  if (employeeIds.length === 0) return out;
  const ids = sql`(select (jsonb_array_elements_text(${JSON.stringify(employeeIds)}::jsonb))::uuid)`;
  const rows = await queryRows<{
    employee_id: string;
    kind: MaskSpan['kind'];
    start: string;
    end: string;
    source: MaskSpan['source'];
    metric_key: string | null;
  }>(
    db,
    sql`select employee_id::text as employee_id, kind, start_date::text as start, end_date::text as "end",
          'manual' as source, null as metric_key
        from alert_masks where org_id = ${orgId} and employee_id in ${ids} and end_date >= ${from}
        union all
        select h.employee_id::text, 'territory_change', h.effective_from::text, h.effective_from::text,
          'job_history', null
        from job_history h
        where h.org_id = ${orgId} and h.employee_id in ${ids} and h.effective_from >= ${from}
          and exists (select 1 from job_history p where p.employee_id = h.employee_id and p.effective_to is not null
            and p.effective_to >= h.effective_from - 1 and p.effective_from < h.effective_from
            and (p.unit_id <> h.unit_id or p.position_id is distinct from h.position_id))
        union all
        select t.employee_id::text, 'quota_reset', t.period_start::text, (x.next_start - 1)::text,
          'targets', t.metric_key
        from targets t
        cross join lateral (select (t.period_start + case t.period_type when 'quarter' then interval '3 months'
          when 'year' then interval '1 year' else interval '1 month' end)::date as next_start) x
        where t.org_id = ${orgId} and t.employee_id in ${ids} and t.period_start > ${from}::date - interval '1 year'
          and x.next_start > ${from}::date
          and exists (select 1 from target_events ev where ev.target_id = t.id and ev.action = 'changed_after_lock')`,
  );
  for (const r of rows) {
    const list = out.get(r.employee_id) ?? [];
    list.push({ kind: r.kind, start: r.start, end: r.end, source: r.source, metricKey: r.metric_key ?? undefined });
    out.set(r.employee_id, list);
  }
  return out;
}

const dayCount = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000) + 1;

/**
 * A period is masked when leave covers at least a quarter of its days, or when it holds a territory change
 * or a quota reset of the metric. A day of leave does not excuse a month; two weeks of it excuse a week.
 */
export function isMasked(
  spans: readonly MaskSpan[] | undefined,
  type: JudgedPeriod,
  period: string,
  metricKey: string,
) {
  if (!spans?.length) return false;
  const end = periodEnd(type, period);
  let leaveDays = 0;
  for (const s of spans) {
    if (s.end < period || s.start > end) continue;
    if (s.kind === 'quota_reset' && s.metricKey && s.metricKey !== metricKey) continue;
    if (s.kind !== 'leave') return true;
    const a = s.start > period ? s.start : period;
    const b = s.end < end ? s.end : end; // ISO dates compare as strings
    leaveDays += dayCount(a, b);
  }
  return leaveDays * 4 >= dayCount(period, end);
}

/** Days of leave (and other masks) within [from, to]. */
export function maskedDaysBetween(spans: readonly MaskSpan[] | undefined, from: string, to: string): number {
  if (!spans?.length) return 0;
  const days = new Set<string>();
  for (const s of spans) {
    if (s.kind !== 'leave') continue;
    let d = s.start > from ? s.start : from;
    const end = s.end < to ? s.end : to;
    for (let i = 0; d <= end && i < 400; i++, d = addDays(d, 1)) days.add(d);
  }
  return days.size;
}

/** The last day each person had a (not voided) activity. */
export async function loadLastActivity(
  db: DbOrTx,
  orgId: string,
  employeeIds: readonly string[],
  today: string,
): Promise<Map<string, string>> {
  if (employeeIds.length === 0) return new Map();
  const rows = await queryRows<{ employee_id: string; last: string }>(
    db,
    sql`select e.id::text as employee_id,
          (select max(a.local_date)::text from activities a
           where a.org_id = ${orgId} and a.employee_id = e.id and not a.is_voided and a.local_date <= ${today}) as last
        from employees e
        where e.org_id = ${orgId}
          and e.id in (select (jsonb_array_elements_text(${JSON.stringify(employeeIds)}::jsonb))::uuid)`,
  );
  return new Map(rows.filter((r) => r.last).map((r) => [r.employee_id, r.last]));
}

/** Tenure band of DOMAIN.md §3 (months since hire): 0-3, 3-6, 6-12, 12+. */
export function tenureBand(hireDate: string, period: string): string {
  let months = 0;
  while (months < 13 && addMonths(hireDate, months + 1) <= period) months++;
  return months < 3 ? '0-3' : months < 6 ? '3-6' : months < 12 ? '6-12' : '12+';
}
