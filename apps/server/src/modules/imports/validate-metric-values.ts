import { parseAmount, parseLooseDate, toHalfWidth } from '@stride/domain';
import Decimal from 'decimal.js';
import type { Catalog } from '../metrics/catalog.service';
import { nameKey, periodTypeOf, type RowProblem, type RowReader, type Values } from './cells';
import type { PeriodTypeName } from './period';
import { periodStartOf } from './period';
import type { CheckedRows } from './validate';

/** Every name a file may give a metric (key, Chinese or English name) → its key; built-in and the org's own. */
export function metricNames(catalog: Catalog): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of catalog.metrics) {
    for (const name of [m.key, m.names['zh-CN'], m.names['en-US']]) names.set(nameKey(name), m.key);
  }
  return names;
}

const MONTH = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/;
const QUARTER = /^(\d{4})\s*年?\s*[-\s]?\s*(?:q|第)\s*([1-4])\s*(?:季度?)?$/i;
const YEAR = /^(\d{4})\s*年?$/;

/** A period given as a month ("2025-03", "2025年3月"), a quarter ("2025Q1"), a year ("2025") or any date in it. */
export function parsePeriod(
  cell: string | number,
  type: PeriodTypeName,
): { ok: true; value: string } | { ok: false; code: string } {
  const s = typeof cell === 'string' ? toHalfWidth(cell).trim() : '';
  const month = MONTH.exec(s);
  const quarter = QUARTER.exec(s);
  const year = YEAR.exec(s);
  let day: string;
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) day = `${month[1]}-${month[2].padStart(2, '0')}-01`;
  else if (quarter) day = `${quarter[1]}-${String((Number(quarter[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
  else if (year) day = `${year[1]}-01-01`;
  else {
    const d = parseLooseDate(cell);
    if (!d.ok) return d;
    day = d.value;
  }
  return { ok: true, value: periodStartOf(type, day) };
}

/** A value: a decimal with up to four places; "35%" is 0.35. */
export function parseValue(cell: string | number): { ok: true; value: string } | { ok: false; code: string } {
  if (typeof cell === 'string' && /%\s*$/.test(cell)) {
    const n = parseAmount(cell.replace(/%\s*$/, ''), { scale: 6 });
    return n.ok ? { ok: true, value: new Decimal(n.value).div(100).toFixed(4) } : n;
  }
  return parseAmount(cell, { scale: 4 });
}

/** Checks historical metric values: a known person, a metric of the library, a period and a number. */
export function checkMetricValues(
  readers: RowReader[],
  employeesByNo: Map<string, string>,
  defaultPeriodType: PeriodTypeName,
  catalog: Catalog,
): CheckedRows {
  const out: CheckedRows = { checked: [], problems: [] };
  const metricKeyOf = metricNames(catalog);
  const seen = new Set<string>();
  for (const r of readers) {
    const row = r.data.row;
    const problems: RowProblem[] = [];
    const bad = (field: string, code: string) => problems.push({ row, field, code });
    const v: Values = { employeeNo: r.text('employeeNo'), employeeId: null };

    if (!v.employeeNo) bad('employeeNo', 'REQUIRED');
    else {
      v.employeeId = employeesByNo.get(v.employeeNo as string) ?? null;
      if (!v.employeeId) bad('employeeNo', 'EMPLOYEE_NO_UNKNOWN');
    }
    const metric = r.text('metric');
    v.metric = metric ? (metricKeyOf.get(nameKey(metric)) ?? null) : null;
    if (!metric) bad('metric', 'REQUIRED');
    else if (!v.metric) bad('metric', 'UNKNOWN_METRIC');

    const typeText = r.text('periodType');
    const type = typeText ? (periodTypeOf(typeText) as PeriodTypeName | undefined) : defaultPeriodType;
    v.periodType = type ?? null;
    if (!type) bad('periodType', 'PERIOD_TYPE_UNKNOWN');

    v.periodStart = null;
    if (r.blank('periodStart')) bad('periodStart', 'REQUIRED');
    else if (type) {
      const p = parsePeriod(r.cell('periodStart')!, type);
      if (p.ok) v.periodStart = p.value;
      else bad('periodStart', p.code);
    }
    v.value = null;
    if (r.blank('value')) bad('value', 'REQUIRED');
    else {
      const n = parseValue(r.cell('value')!);
      if (n.ok) v.value = n.value;
      else bad('value', n.code);
    }
    if (!problems.length) {
      const key = `${v.employeeId}|${v.metric}|${v.periodType}|${v.periodStart}`;
      if (seen.has(key)) bad('row', 'DUPLICATE_IN_FILE');
      seen.add(key);
    }
    out.checked.push({ row, values: v });
    out.problems.push(...problems);
  }
  return out;
}
