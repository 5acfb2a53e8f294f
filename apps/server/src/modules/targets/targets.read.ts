import type { Locale, TargetView, targetQuery } from '@stride/contracts';
import Decimal from 'decimal.js';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client';
import { fail } from '../../lib/errors';
import { getEmployee } from '../employees/employees.service';
import { type Catalog, loadCatalog } from '../metrics/catalog.service';
import {
  getVisibleTarget,
  isUnitVisible,
  permissionsOn,
  type TargetCtx,
  type TargetRow,
  targetVisibility,
} from './targets.access';

const placesFor = (unit: string | undefined) => (unit === 'ratio' ? 4 : 2);
const isMeanUnit = (unit: string | undefined) => unit === 'ratio' || unit === 'score';

/** actual / target with four decimals; null without both or with a zero target. */
export function attainmentOf(actual: string | null | undefined, target: string | null | undefined): string | null {
  if (actual == null || target == null) return null;
  const t = new Decimal(target);
  return t.isZero() ? null : new Decimal(actual).div(t).toFixed(4);
}

/**
 * A team's value of a metric for a period: the sum over the people of the unit and its sub-units for
 * money and counts, the mean over those with a value for ratios and scores (as in GET
 * /metric-values/team). Null when nobody has a value.
 */
export async function teamActual(
  db: DbOrTx,
  orgId: string,
  unitId: string,
  metricUnit: string | undefined,
  k: { metricKey: string; periodType: string; periodStart: string },
): Promise<string | null> {
  const [row] = await queryRows<{ total: string | null; n: number }>(
    db,
    sql`with recursive sub as (
          select id from org_units where id = ${unitId} and org_id = ${orgId}
          union select u.id from org_units u join sub on u.parent_id = sub.id where u.org_id = ${orgId}
        )
        select ${isMeanUnit(metricUnit) ? sql`avg(x.value)` : sql`sum(x.value)`}::text as total, count(x.value)::int as n
        from (select coalesce(v.value, i.value) as value from employees e
          left join metric_values v on v.org_id = e.org_id and v.employee_id = e.id and v.metric_key = ${k.metricKey}
            and v.period_type = ${k.periodType} and v.period_start = ${k.periodStart}
          left join imported_metric_values i on i.org_id = e.org_id and i.employee_id = e.id and i.metric_key = ${k.metricKey}
            and i.period_type = ${k.periodType} and i.period_start = ${k.periodStart}
          where e.org_id = ${orgId} and e.unit_id in (select id from sub) and e.status <> 'exited') x`,
  );
  return row && row.n > 0 ? row.total : null;
}

interface ListedRow {
  id: string;
  employee_id: string | null;
  employee_name: string | null;
  employee_no: string | null;
  employee_unit_id: string | null;
  unit_id: string | null;
  unit_name: string | null;
  metric_key: string;
  period_type: string;
  period_start: string;
  value: string | null;
  status: string;
  proposed_value: string | null;
  proposed_by: string | null;
  proposed_by_id: string | null;
  parent_id: string | null;
  version: number;
  updated_at: string | Date;
  person_actual: string | null;
  history_count: number;
}

const listSelect = sql`select t.id, t.employee_id, e.name as employee_name, e.employee_no, e.unit_id as employee_unit_id,
    t.unit_id, u.name as unit_name, t.metric_key, t.period_type, t.period_start::text as period_start,
    t.value::text as value, t.status, t.proposed_value::text as proposed_value, pu.username as proposed_by,
    t.proposed_by as proposed_by_id, t.parent_id, t.version, t.updated_at,
    coalesce(
      (select v.value from metric_values v where v.org_id = t.org_id and v.employee_id = t.employee_id
        and v.metric_key = t.metric_key and v.period_type = t.period_type and v.period_start = t.period_start),
      (select i.value from imported_metric_values i where i.org_id = t.org_id and i.employee_id = t.employee_id
        and i.metric_key = t.metric_key and i.period_type = t.period_type and i.period_start = t.period_start)
    )::text as person_actual,
    (select count(*)::int from target_events ev where ev.target_id = t.id) as history_count
  from targets t
  left join employees e on e.id = t.employee_id
  left join org_units u on u.id = t.unit_id
  left join users pu on pu.id = t.proposed_by`;

async function present(
  db: DbOrTx,
  ctx: TargetCtx,
  rows: ListedRow[],
  catalog: Catalog,
  locale: Locale,
): Promise<TargetView[]> {
  const out: TargetView[] = [];
  for (const r of rows) {
    const metric = catalog.byKey.get(r.metric_key);
    const places = placesFor(metric?.unit);
    const fmt = (v: string | null) => (v === null ? null : new Decimal(v).toFixed(places));
    const actual = r.unit_id
      ? await teamActual(db, ctx.auth.orgId, r.unit_id, metric?.unit, {
          metricKey: r.metric_key,
          periodType: r.period_type,
          periodStart: r.period_start,
        })
      : r.person_actual;
    const perms = permissionsOn(ctx, {
      employeeId: r.employee_id,
      employeeUnitId: r.employee_unit_id,
      unitId: r.unit_id,
      status: r.status,
      proposedBy: r.proposed_by_id,
      periodStart: r.period_start,
    });
    out.push({
      id: r.id,
      employee: r.employee_id
        ? { id: r.employee_id, name: r.employee_name ?? '', employeeNo: r.employee_no ?? '' }
        : null,
      unit: r.unit_id ? { id: r.unit_id, name: r.unit_name ?? '' } : null,
      metric: r.metric_key,
      metricName: metric?.names[locale] ?? r.metric_key,
      metricUnit: metric?.unit ?? 'count',
      periodType: r.period_type as TargetView['periodType'],
      periodStart: r.period_start,
      value: fmt(r.value),
      status: r.status as TargetView['status'],
      proposedValue: fmt(r.proposed_value),
      proposedBy: r.proposed_by,
      parentId: r.parent_id,
      actual: fmt(actual),
      attainment: attainmentOf(actual, r.value),
      locked: perms.locked,
      historyCount: r.history_count,
      version: r.version,
      canEdit: perms.canEdit,
      canAgree: perms.canAgree,
      updatedAt: new Date(r.updated_at).toISOString(),
    });
  }
  return out;
}

/** Targets in the caller's scope with their actual values and attainment. */
export async function findTargets(db: DbOrTx, ctx: TargetCtx, q: z.output<typeof targetQuery>, locale: Locale) {
  const orgId = ctx.auth.orgId;
  if (q.employeeId) await getEmployee(db, ctx.scope, q.employeeId);
  if (q.unitId && !(await isUnitVisible(db, ctx.scope, q.unitId))) fail('ORG_UNIT_NOT_FOUND');
  const catalog = await loadCatalog(db, orgId);
  if (q.metric && !catalog.byKey.has(q.metric))
    fail('VALIDATION_FAILED', [{ field: 'metric', code: 'UNKNOWN_METRIC' }]);
  const subtree = q.unitId
    ? sql`(with recursive sub as (select id from org_units where id = ${q.unitId} and org_id = ${orgId}
          union select u2.id from org_units u2 join sub on u2.parent_id = sub.id where u2.org_id = ${orgId}) select id from sub)`
    : null;
  const rows = await queryRows<ListedRow>(
    db,
    sql`${listSelect}
      where ${targetVisibility(ctx.scope)}
        ${q.mine ? (ctx.auth.employeeId ? sql`and t.employee_id = ${ctx.auth.employeeId}` : sql`and false`) : sql``}
        ${q.employeeId ? sql`and t.employee_id = ${q.employeeId}` : sql``}
        ${subtree ? sql`and (t.unit_id in ${subtree} or e.unit_id in ${subtree})` : sql``}
        ${q.periodType ? sql`and t.period_type = ${q.periodType}` : sql``}
        ${q.metric ? sql`and t.metric_key = ${q.metric}` : sql``}
        ${q.from ? sql`and t.period_start >= ${q.from}` : sql``}
        ${q.to ? sql`and t.period_start <= ${q.to}` : sql``}
      order by t.period_start desc, t.unit_id is null, u.name, e.employee_no, t.metric_key
      limit 500`,
  );
  return present(db, ctx, rows, catalog, locale);
}

/** One target as the list shows it (answers of the writes). */
export async function presentTargets(db: DbOrTx, ctx: TargetCtx, ids: string[], locale: Locale) {
  if (ids.length === 0) return [];
  const rows = await queryRows<ListedRow>(
    db,
    sql`${listSelect} where t.org_id = ${ctx.auth.orgId} and t.id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )}) order by e.employee_no`,
  );
  return present(db, ctx, rows, await loadCatalog(db, ctx.auth.orgId), locale);
}

export async function targetHistory(db: DbOrTx, ctx: TargetCtx, id: string) {
  const target: TargetRow = await getVisibleTarget(db, ctx, id);
  const rows = await queryRows<{
    action: string;
    value: string | null;
    reason: string | null;
    actor: string | null;
    at: string | Date;
  }>(
    db,
    sql`select ev.action, ev.value::text as value, ev.reason, u.username as actor, ev.at
        from target_events ev left join users u on u.id = ev.actor_user_id
        where ev.target_id = ${target.id} and ev.org_id = ${ctx.auth.orgId} order by ev.at, ev.id`,
  );
  return rows.map((r) => ({
    action: r.action as 'set',
    value: r.value === null ? null : new Decimal(r.value).toFixed(4).replace(/\.?0+$/, ''),
    reason: r.reason,
    actor: r.actor,
    at: new Date(r.at).toISOString(),
  }));
}

/** Agreed targets of people for the metric-value reads: `${employeeId}|${metric}|${periodStart}` → value. */
export async function agreedPersonTargets(
  db: DbOrTx,
  orgId: string,
  q: { employeeIds: string[]; periodType: string; metric?: string; periodStart?: string; from?: string; to?: string },
): Promise<Map<string, string>> {
  if (q.employeeIds.length === 0) return new Map();
  const rows = await queryRows<{ employee_id: string; metric_key: string; period_start: string; value: string }>(
    db,
    sql`select employee_id, metric_key, period_start::text as period_start, value::text as value from targets
        where org_id = ${orgId} and status = 'agreed' and value is not null and period_type = ${q.periodType}
          and employee_id in (${sql.join(
            q.employeeIds.map((id) => sql`${id}`),
            sql`, `,
          )})
          ${q.metric ? sql`and metric_key = ${q.metric}` : sql``}
          ${q.periodStart ? sql`and period_start = ${q.periodStart}` : sql``}
          ${q.from ? sql`and period_start >= ${q.from}` : sql``} ${q.to ? sql`and period_start <= ${q.to}` : sql``}`,
  );
  return new Map(rows.map((r) => [`${r.employee_id}|${r.metric_key}|${r.period_start}`, r.value]));
}

/** The agreed target of a unit for one metric and period, or null. */
export async function agreedUnitTarget(
  db: DbOrTx,
  orgId: string,
  k: { unitId: string; metric: string; periodType: string; periodStart: string },
): Promise<string | null> {
  const [row] = await queryRows<{ value: string }>(
    db,
    sql`select value::text as value from targets where org_id = ${orgId} and unit_id = ${k.unitId} and status = 'agreed'
          and value is not null and metric_key = ${k.metric} and period_type = ${k.periodType} and period_start = ${k.periodStart}`,
  );
  return row?.value ?? null;
}
