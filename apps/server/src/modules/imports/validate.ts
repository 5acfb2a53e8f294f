import { type ImportKind, type ImportMapping, type ImportOptions, importFields } from '@stride/contracts';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { employees, integrations, orgUnits, positions } from '../../db/schema';
import { todayIn } from '../../lib/dates';
import { type FieldError, fail } from '../../lib/errors';
import { loadCatalog } from '../metrics/catalog.service';
import { listActivityTypes } from '../metrics/definitions.service';
import { type DataRow, type RowProblem, RowReader, type Values } from './cells';
import { isBlank, type SheetRow } from './parse-file';
import { checkActivities } from './validate-activities';
import { checkMetricValues } from './validate-metric-values';
import { type CheckedPeople, checkPeople } from './validate-people';
import { checkTargets, requireReasonWhenLocked } from './validate-targets';

export interface CheckedRows {
  checked: { row: number; values: Values }[];
  problems: RowProblem[];
}

export interface CheckInput {
  kind: ImportKind;
  orgId: string;
  orgTimeZone: string;
  now: Date;
  headers: string[];
  headerRow: number;
  rows: SheetRow[];
  mapping: ImportMapping;
  options: ImportOptions;
  /** targets: the importing user's own person (nobody sets their own target). */
  selfEmployeeId?: string | null;
}

export const IMPORT_SOURCE = 'import';

/** Field → column index; refuses unknown fields and headers and names every required field left out. */
export function resolveMapping(kind: ImportKind, headers: string[], mapping: ImportMapping): Record<string, number> {
  const known = new Map(importFields[kind].map((f) => [f.key, f]));
  const errors: FieldError[] = [];
  const columns: Record<string, number> = {};
  for (const [field, header] of Object.entries(mapping)) {
    if (!known.has(field)) errors.push({ field: `mapping.${field}`, code: 'UNKNOWN_FIELD' });
    else if (header !== null && header !== '') {
      const i = headers.indexOf(header);
      if (i === -1) errors.push({ field: `mapping.${field}`, code: 'UNKNOWN_COLUMN' });
      else columns[field] = i;
    }
  }
  for (const f of importFields[kind]) {
    if (f.required && !(f.key in columns) && !errors.some((e) => e.field === `mapping.${f.key}`))
      errors.push({ field: `mapping.${f.key}`, code: 'REQUIRED' });
  }
  if (kind === 'activities' && !['employeeNo', 'email', 'externalUserId'].some((k) => k in columns)) {
    errors.push({ field: 'mapping.employeeNo', code: 'PERSON_REQUIRED' });
  }
  if (kind === 'targets' && !('employeeNo' in columns) && !('unit' in columns)) {
    errors.push({ field: 'mapping.employeeNo', code: 'TARGET_SUBJECT_ONE' });
  }
  if (errors.length) fail('IMPORT_MAPPING_INCOMPLETE', errors);
  return columns;
}

/** Checks the options against the organization: a known integration source, a real time zone. */
export async function checkOptions(db: DbOrTx, kind: ImportKind, orgId: string, options: ImportOptions) {
  const errors: FieldError[] = [];
  if (options.timeZone) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: options.timeZone });
    } catch {
      errors.push({ field: 'options.timeZone', code: 'invalid_value' });
    }
  }
  if (kind === 'activities' && options.source && options.source !== IMPORT_SOURCE) {
    const [hit] = await db
      .select({ id: integrations.id })
      .from(integrations)
      .where(and(eq(integrations.orgId, orgId), eq(integrations.source, options.source)));
    if (!hit) errors.push({ field: 'options.source', code: 'INTEGRATION_NOT_FOUND' });
  }
  // Targets are agreed per month, quarter or year.
  if (kind === 'targets' && options.periodType === 'week') {
    errors.push({ field: 'options.periodType', code: 'invalid_value' });
  }
  if (errors.length) fail('IMPORT_MAPPING_INCOMPLETE', errors);
}

/** The non-blank rows below the header, with their spreadsheet row numbers. */
export function dataRows(rows: SheetRow[], headerRow: number): DataRow[] {
  const out: DataRow[] = [];
  rows.forEach((cells, i) => {
    if (!isBlank(cells)) out.push({ row: headerRow + 1 + i, cells });
  });
  return out;
}

/** Checks every row of an import against its mapping; nothing is written. */
export async function checkRows(db: DbOrTx, input: CheckInput): Promise<CheckedRows | CheckedPeople> {
  const columns = resolveMapping(input.kind, input.headers, input.mapping);
  await checkOptions(db, input.kind, input.orgId, input.options);
  const readers = dataRows(input.rows, input.headerRow).map((d) => new RowReader(columns, d));
  const timeZone = input.options.timeZone ?? input.orgTimeZone;
  if (input.kind === 'activities') {
    const types = await listActivityTypes(db, input.orgId);
    const known = {
      keys: new Set(types.filter((t) => t.active).map((t) => t.key)),
      names: new Map(
        types
          .filter((t) => t.active && !t.builtin)
          .flatMap((t) => [
            [t.names['zh-CN'].toLowerCase(), t.key] as const,
            [t.names['en-US'].toLowerCase(), t.key] as const,
          ]),
      ),
    };
    return checkActivities(readers, { timeZone, types: input.options.types ?? {}, known });
  }
  const staff = await db
    .select({ id: employees.id, employeeNo: employees.employeeNo, name: employees.name })
    .from(employees)
    .where(eq(employees.orgId, input.orgId));
  if (input.kind === 'metric_values') {
    const byNo = new Map(staff.map((e) => [e.employeeNo, e.id]));
    return checkMetricValues(readers, byNo, input.options.periodType ?? 'month', await loadCatalog(db, input.orgId));
  }
  const units = await db
    .select({ id: orgUnits.id, name: orgUnits.name, parentId: orgUnits.parentId })
    .from(orgUnits)
    .where(eq(orgUnits.orgId, input.orgId));
  if (input.kind === 'targets') {
    const out = checkTargets(readers, {
      employeesByNo: new Map(staff.map((e) => [e.employeeNo, e.id])),
      units,
      catalog: await loadCatalog(db, input.orgId),
      defaultPeriodType: input.options.periodType ?? 'month',
      today: todayIn(input.orgTimeZone, input.now),
      selfEmployeeId: input.selfEmployeeId ?? null,
    });
    await requireReasonWhenLocked(db, input.orgId, out);
    return out;
  }
  const roles = await db
    .select({ id: positions.id, name: positions.name })
    .from(positions)
    .where(eq(positions.orgId, input.orgId));
  return checkPeople(readers, {
    units,
    positions: roles,
    employees: staff,
    today: todayIn(input.orgTimeZone, input.now),
  });
}
