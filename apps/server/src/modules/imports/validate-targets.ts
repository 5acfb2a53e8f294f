import { targetPeriodType, targetReason, targetValue } from '@stride/contracts';
import Decimal from 'decimal.js';
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import type { Catalog } from '../metrics/catalog.service';
import { isLocked } from '../targets/targets.access';
import { nameKey, periodTypeOf, type RowProblem, type RowReader, type Values } from './cells';
import type { PeriodTypeName } from './period';
import type { CheckedRows } from './validate';
import { metricNames, parsePeriod, parseValue } from './validate-metric-values';
import { type UnitRef, unitFinder } from './validate-people';

export interface TargetDirectory {
  employeesByNo: Map<string, string>;
  units: UnitRef[];
  catalog: Catalog;
  defaultPeriodType: PeriodTypeName;
  /** The organization's calendar day: targets of periods started by then are locked. */
  today: string;
  /** The importing user's own person: nobody sets their own target. */
  selfEmployeeId: string | null;
}

const isTargetPeriod = (p: string | undefined): p is PeriodTypeName => targetPeriodType.safeParse(p).success;

/**
 * Checks target rows: a person (employee number) or a team (unit name), never both; a metric of the
 * catalog; a month, quarter or year (any day of it); a value above 0; a reason of 5–500 characters when
 * given. Rows of a period that has started are marked `locked` (see lockedWithoutReason).
 */
export function checkTargets(readers: RowReader[], dir: TargetDirectory): CheckedRows {
  const out: CheckedRows = { checked: [], problems: [] };
  const metricKeyOf = metricNames(dir.catalog);
  const findUnit = unitFinder(dir.units);
  const seen = new Set<string>();
  for (const r of readers) {
    const row = r.data.row;
    const problems: RowProblem[] = [];
    const bad = (field: string, code: string) => problems.push({ row, field, code });
    const v: Values = { employeeNo: r.text('employeeNo') || null, employeeId: null, unit: r.text('unit') || null };
    v.unitId = null;

    if (v.employeeNo && v.unit) bad('row', 'TARGET_SUBJECT_BOTH');
    else if (v.employeeNo) {
      v.employeeId = dir.employeesByNo.get(v.employeeNo as string) ?? null;
      if (!v.employeeId) bad('employeeNo', 'EMPLOYEE_NO_UNKNOWN');
      else if (v.employeeId === dir.selfEmployeeId) bad('employeeNo', 'TARGET_SELF_SET');
    } else if (v.unit) {
      const unit = findUnit(v.unit as string);
      if ('id' in unit) v.unitId = unit.id;
      else bad('unit', unit.code);
    } else bad(r.mapped('employeeNo') ? 'employeeNo' : 'unit', 'TARGET_SUBJECT_MISSING');

    const metric = r.text('metric');
    v.metric = metric ? (metricKeyOf.get(nameKey(metric)) ?? null) : null;
    if (!metric) bad('metric', 'REQUIRED');
    else if (!v.metric) bad('metric', 'UNKNOWN_METRIC');

    const typeText = r.text('periodType');
    const type = typeText ? periodTypeOf(typeText) : dir.defaultPeriodType;
    v.periodType = isTargetPeriod(type) ? type : null;
    if (!v.periodType) bad('periodType', 'TARGET_PERIOD_TYPE_UNKNOWN');

    v.periodStart = null;
    if (r.blank('periodStart')) bad('periodStart', 'REQUIRED');
    else if (v.periodType) {
      const p = parsePeriod(r.cell('periodStart')!, v.periodType as PeriodTypeName);
      if (p.ok) v.periodStart = p.value;
      else bad('periodStart', p.code);
    }
    v.locked = typeof v.periodStart === 'string' && isLocked({ periodStart: v.periodStart }, dir.today);

    v.value = null;
    if (r.blank('value')) bad('value', 'REQUIRED');
    else {
      const n = parseValue(r.cell('value')!);
      if (!n.ok) bad('value', n.code);
      else if (new Decimal(n.value).lte(0)) bad('value', 'TARGET_VALUE_NOT_POSITIVE');
      else if (!targetValue.safeParse(n.value).success) bad('value', 'TARGET_VALUE_INVALID');
      else v.value = n.value;
    }

    const reason = r.text('reason');
    v.reason = reason || null;
    if (reason) {
      const parsed = targetReason.safeParse(reason);
      if (parsed.success) v.reason = parsed.data;
      else
        bad(
          'reason',
          parsed.error.issues[0]?.code === 'too_big' ? 'TARGET_REASON_TOO_LONG' : 'TARGET_REASON_TOO_SHORT',
        );
    }

    if (!problems.length) {
      const key = `${v.employeeId ?? v.unitId}|${v.metric}|${v.periodType}|${v.periodStart}`;
      if (seen.has(key)) bad('row', 'DUPLICATE_IN_FILE');
      seen.add(key);
    }
    out.checked.push({ row, values: v });
    out.problems.push(...problems);
  }
  return out;
}

/**
 * A locked row needs a reason — unless it only repeats the agreed value, which the commit leaves alone.
 * Looks up the targets of the otherwise valid locked rows without a reason; the others are refused.
 */
export async function requireReasonWhenLocked(db: DbOrTx, orgId: string, out: CheckedRows): Promise<void> {
  const invalid = new Set(out.problems.map((p) => p.row));
  const pending = out.checked.filter((c) => c.values.locked === true && !c.values.reason);
  const candidates = pending.filter((c) => !invalid.has(c.row));
  const unchanged = new Set<number>();
  if (candidates.length) {
    const payload = JSON.stringify(
      candidates.map((c) => ({
        row: c.row,
        subject: c.values.employeeId ?? c.values.unitId,
        metric: c.values.metric,
        period_type: c.values.periodType,
        period_start: c.values.periodStart,
        value: c.values.value,
      })),
    );
    const hits = await queryRows<{ row: number }>(
      db,
      sql`select r.row from jsonb_to_recordset(${payload}::jsonb)
            as r("row" int, subject uuid, metric text, period_type text, period_start date, value numeric)
          join targets t on t.org_id = ${orgId} and coalesce(t.employee_id, t.unit_id) = r.subject
            and t.metric_key = r.metric and t.period_type = r.period_type and t.period_start = r.period_start
          where t.status = 'agreed' and t.value = r.value`,
    );
    for (const h of hits) unchanged.add(Number(h.row));
  }
  for (const c of pending) {
    if (!unchanged.has(c.row))
      out.problems.push({ row: c.row, field: 'reason', code: 'TARGET_LOCKED_REASON_REQUIRED' });
  }
}
