import { addMonths } from '@stride/domain';
import Decimal from 'decimal.js';
import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import type { CatalogMetric } from '../metrics/catalog.service';
import { type PeriodTypeName, periodStartOf } from '../metrics/periods';

/** Who to read: a list of ids, or a subquery answering ids. */
export type People = readonly string[] | SQL;

const idsIn = (people: People) =>
  Array.isArray(people)
    ? sql`(${sql.join(
        (people as readonly string[]).map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql`(${people as SQL})`;

const isEmpty = (people: People) => Array.isArray(people) && people.length === 0;

export interface ValueRow {
  employee_id: string;
  metric_key: string;
  period_start: string;
  value: string;
}

/**
 * Stored values of people's metrics: computed from activities, or (where nothing was computed for the
 * metric and period) brought in by an import or entered by hand — computed values win, as everywhere.
 */
export async function readValues(
  db: DbOrTx,
  orgId: string,
  q: { people: People; metricKeys: readonly string[]; periodType: string; from?: string; to?: string },
): Promise<ValueRow[]> {
  if (isEmpty(q.people) || q.metricKeys.length === 0) return [];
  const keys = sql.join(
    q.metricKeys.map((k) => sql`${k}`),
    sql`, `,
  );
  const range = (col: SQL) =>
    sql`${q.from ? sql`and ${col} >= ${q.from}` : sql``} ${q.to ? sql`and ${col} <= ${q.to}` : sql``}`;
  return queryRows<ValueRow>(
    db,
    sql`select v.employee_id, v.metric_key, v.period_start::text as period_start, v.value::text as value
        from metric_values v
        where v.org_id = ${orgId} and v.period_type = ${q.periodType} and v.metric_key in (${keys})
          and v.employee_id in ${idsIn(q.people)} ${range(sql`v.period_start`)}
        union all
        select i.employee_id, i.metric_key, i.period_start::text, i.value::text
        from imported_metric_values i
        where i.org_id = ${orgId} and i.period_type = ${q.periodType} and i.metric_key in (${keys})
          and i.employee_id in ${idsIn(q.people)} ${range(sql`i.period_start`)}
          and not exists (select 1 from metric_values v where v.org_id = i.org_id and v.employee_id = i.employee_id
            and v.metric_key = i.metric_key and v.period_type = i.period_type and v.period_start = i.period_start)`,
  );
}

/**
 * The first period in which each person has any stored value (of any metric): where their data begins.
 * Periods without a stored value count as 0 from there on (see zeroFills), not before — a person hired
 * before the organization connected its CRM has no data for those months, which is not the same as zero.
 */
export async function dataStarts(
  db: DbOrTx,
  orgId: string,
  people: People,
  periodType: string,
): Promise<Map<string, string>> {
  if (isEmpty(people)) return new Map();
  const rows = await queryRows<{ employee_id: string; first: string }>(
    db,
    sql`select employee_id, min(period_start)::text as first from (
          select employee_id, period_start from metric_values
          where org_id = ${orgId} and period_type = ${periodType} and employee_id in ${idsIn(people)}
          union all
          select employee_id, period_start from imported_metric_values
          where org_id = ${orgId} and period_type = ${periodType} and employee_id in ${idsIn(people)}
        ) x group by employee_id`,
  );
  return new Map(rows.map((r) => [r.employee_id, r.first]));
}

/**
 * Empty periods are not stored: money and counts computed from activities read as 0 (nothing happened),
 * ratios, scores and manual metrics as "no value".
 */
export const zeroFills = (metric: Pick<CatalogMetric, 'unit' | 'kind'>) =>
  metric.kind !== 'manual' && (metric.unit === 'CNY' || metric.unit === 'count');

/** Decimal places a metric's values are shown with. */
export const placesOf = (metric: Pick<CatalogMetric, 'unit'> | undefined) => (metric?.unit === 'ratio' ? 4 : 2);

export const fixed = (v: Decimal.Value | null | undefined, places: number) =>
  v === null || v === undefined ? null : new Decimal(v).toFixed(places);

/** JS number of a decimal string, or null. */
export const num = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));

/** value[employee|metric|period] from rows. */
export function indexValues(rows: readonly ValueRow[]): Map<string, string> {
  return new Map(rows.map((r) => [`${r.employee_id}|${r.metric_key}|${r.period_start}`, r.value]));
}

/**
 * A person's value of a metric for a period as the trajectory shows it: the stored value, else 0 for
 * money and counts from the first period of their data on (zeroFills), else null.
 */
export function valueAt(
  values: Map<string, string>,
  metric: Pick<CatalogMetric, 'key' | 'unit' | 'kind'>,
  employeeId: string,
  period: string,
  dataStart: string | undefined,
): string | null {
  const stored = values.get(`${employeeId}|${metric.key}|${period}`);
  if (stored !== undefined) return stored;
  return zeroFills(metric) && dataStart !== undefined && period >= dataStart ? '0' : null;
}

const stepMonths = { month: 1, quarter: 3, year: 12 } as const;

/** Period starts from the period of `from` to the period of `to`, both included. */
export function periodsBetween(type: PeriodTypeName, from: string, to: string): string[] {
  const first = periodStartOf(type, from);
  const last = periodStartOf(type, to);
  const out: string[] = [];
  if (type === 'week') {
    for (let d = new Date(`${first}T00:00:00Z`); d.toISOString().slice(0, 10) <= last; d.setUTCDate(d.getUTCDate() + 7))
      out.push(d.toISOString().slice(0, 10));
    return out;
  }
  for (let p = first; p <= last; p = addMonths(p, stepMonths[type])) out.push(p);
  return out;
}
