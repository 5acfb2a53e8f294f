import { createEmployeeRequest, type PersonalField } from '@stride/contracts';
import { parseLooseDate } from '@stride/domain';
import { maskTail } from '../../lib/crypto';
import { contractTypeOf, employeeStatusOf, nameKey, type RowProblem, type RowReader, type Values } from './cells';
import type { CheckedRows } from './validate';
import { schemaProblems } from './validate-activities';

export type UnitRef = { id: string; name: string; parentId: string | null };

export interface OrgDirectory {
  units: UnitRef[];
  positions: { id: string; name: string }[];
  employees: { id: string; employeeNo: string; name: string }[];
  today: string;
}

export type PersonalValues = Partial<Record<PersonalField, string | null>>;
export interface CheckedPeople extends CheckedRows {
  /** Personal values by spreadsheet row, to be stored encrypted; `checked` holds only their masks. */
  secrets: Record<number, PersonalValues>;
}

const DATE_FIELDS = [
  'hireDate',
  'contractStartDate',
  'contractEndDate',
  'probationEndDate',
  'regularizationDate',
  'exitDate',
] as const;
const PERSONAL: readonly PersonalField[] = ['idNumber', 'bankAccount', 'phone'];

function index<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const it of items) {
    const k = nameKey(key(it));
    map.set(k, [...(map.get(k) ?? []), it]);
  }
  return map;
}

/**
 * Finds units by name within the organization: "华东一组", or "华东大区/华东一组" when several units
 * share a name. Answers the unit's id, or the code of the problem.
 */
export function unitFinder(units: UnitRef[]): (text: string) => { id: string } | { code: string } {
  const unitsByName = index(units, (u) => u.name);
  const unitById = new Map(units.map((u) => [u.id, u]));
  return (text) => {
    const parts = text.split(/\s*[/>＞]\s*/).filter(Boolean);
    let hits = unitsByName.get(nameKey(parts[parts.length - 1] ?? '')) ?? [];
    if (hits.length > 1 && parts.length > 1) {
      const parentKey = nameKey(parts[parts.length - 2]);
      hits = hits.filter((u) => u.parentId && nameKey(unitById.get(u.parentId)?.name ?? '') === parentKey);
    }
    if (hits.length === 1) return { id: hits[0].id };
    return { code: hits.length ? 'UNIT_AMBIGUOUS' : 'UNIT_NOT_FOUND' };
  };
}

const schemaField = (path: PropertyKey[]) =>
  ({ unitId: 'unit', positionId: 'position', managerId: 'manager' })[String(path[0])] ?? String(path[0] ?? 'row');

/** The create-employee request for a checked row; the manager id is resolved by the caller. */
export function toCreateInput(v: Values, secret: PersonalValues, managerId: string | null) {
  const s = (k: string) => (typeof v[k] === 'string' && v[k] !== '' ? (v[k] as string) : null);
  return {
    employeeNo: v.employeeNo,
    name: v.name,
    email: s('email'),
    status: v.status ?? undefined,
    unitId: v.unitId,
    positionId: s('positionId'),
    managerId,
    hireDate: v.hireDate,
    contractType: v.contractType,
    contractStartDate: v.contractStartDate,
    contractEndDate: s('contractEndDate'),
    probationEndDate: s('probationEndDate'),
    regularizationDate: s('regularizationDate'),
    exitDate: s('exitDate'),
    idNumber: secret.idNumber ?? null,
    bankAccount: secret.bankAccount ?? null,
    phone: secret.phone ?? null,
  };
}

/**
 * Checks roster rows: unit, position and manager by name within the organization (the manager also
 * by employee number, or another row of the same file), loose dates, Chinese contract types and
 * statuses, then the create-employee schema (ID number checksum, probation limits, date order).
 */
export function checkPeople(readers: RowReader[], dir: OrgDirectory): CheckedPeople {
  const out: CheckedPeople = { checked: [], problems: [], secrets: {} };
  const findUnit = unitFinder(dir.units);
  const positionsByName = index(dir.positions, (p) => p.name);
  const existingByNo = new Map(dir.employees.map((e) => [e.employeeNo, e]));
  const existingByName = index(dir.employees, (e) => e.name);
  const fileByNo = new Map<string, number>();
  const fileByName = index(
    readers.map((r) => ({ row: r.data.row, name: r.text('name') })),
    (x) => x.name,
  );
  for (const r of readers)
    if (r.text('employeeNo') && !fileByNo.has(r.text('employeeNo'))) fileByNo.set(r.text('employeeNo'), r.data.row);

  const problemsByRow = new Map<number, RowProblem[]>();
  const managerRowOf = new Map<number, number>();
  for (const r of readers) {
    const row = r.data.row;
    const problems: RowProblem[] = [];
    problemsByRow.set(row, problems);
    const bad = (field: string, code: string) => problems.push({ row, field, code });
    const v: Values = { employeeNo: r.text('employeeNo'), name: r.text('name'), email: r.text('email') || null };

    if (v.employeeNo && existingByNo.has(v.employeeNo as string)) bad('employeeNo', 'EMPLOYEE_NO_TAKEN');
    else if (v.employeeNo && fileByNo.get(v.employeeNo as string) !== row) bad('employeeNo', 'DUPLICATE_IN_FILE');

    const unitText = r.text('unit');
    v.unit = unitText;
    v.unitId = null;
    if (unitText) {
      const unit = findUnit(unitText);
      if ('id' in unit) v.unitId = unit.id;
      else bad('unit', unit.code);
    }
    const positionText = r.text('position');
    v.position = positionText || null;
    v.positionId = null;
    if (positionText) {
      const hits = positionsByName.get(nameKey(positionText)) ?? [];
      if (hits.length === 1) v.positionId = hits[0].id;
      else bad('position', hits.length ? 'POSITION_AMBIGUOUS' : 'POSITION_NOT_FOUND');
    }

    const managerText = r.text('manager');
    v.manager = managerText || null;
    v.managerId = null;
    v.managerRow = null;
    if (managerText) {
      const inFileByNo = fileByNo.get(managerText);
      const byName = existingByName.get(nameKey(managerText)) ?? [];
      const fileNamed = (fileByName.get(nameKey(managerText)) ?? []).filter((x) => x.row !== row);
      if (existingByNo.has(managerText)) v.managerId = existingByNo.get(managerText)!.id;
      else if (inFileByNo !== undefined) v.managerRow = inFileByNo;
      else if (byName.length + fileNamed.length > 1) bad('manager', 'MANAGER_AMBIGUOUS');
      else if (byName.length === 1) v.managerId = byName[0].id;
      else if (fileNamed.length === 1) v.managerRow = fileNamed[0].row;
      else bad('manager', 'MANAGER_NOT_FOUND');
      if (v.managerRow === row) {
        bad('manager', 'MANAGER_SELF');
        v.managerRow = null;
      }
      if (typeof v.managerRow === 'number') managerRowOf.set(row, v.managerRow);
    }

    for (const f of DATE_FIELDS) {
      v[f] = null;
      const cell = r.cell(f);
      if (cell === undefined || r.blank(f)) continue;
      const d = parseLooseDate(cell);
      if (d.ok) v[f] = d.value;
      else bad(f, d.code);
    }
    if (!v.contractStartDate && r.blank('contractStartDate') && v.hireDate) v.contractStartDate = v.hireDate;

    const contract = r.text('contractType');
    v.contractType = contract ? (contractTypeOf(contract) ?? null) : null;
    if (contract && !v.contractType) bad('contractType', 'CONTRACT_TYPE_UNKNOWN');
    const status = r.text('status');
    if (status) {
      v.status = employeeStatusOf(status) ?? null;
      if (!v.status) bad('status', 'STATUS_UNKNOWN');
    } else {
      const regularized = typeof v.regularizationDate === 'string' && v.regularizationDate <= dir.today;
      v.status = v.exitDate ? 'exited' : regularized ? 'regular' : 'probation';
    }

    const secret: PersonalValues = {};
    for (const f of PERSONAL) secret[f] = r.text(f) || null;
    const parsed = createEmployeeRequest.safeParse(toCreateInput(v, secret, null));
    const seen = new Set(problems.map((p) => p.field));
    if (!parsed.success) {
      for (const p of schemaProblems(row, parsed.error, schemaField)) {
        if (seen.has(p.field) || (p.field === 'contractType' && !contract)) continue;
        problems.push(p);
      }
    }
    if (!contract) bad('contractType', 'REQUIRED');
    if (parsed.success) for (const f of PERSONAL) secret[f] = parsed.data[f];
    for (const f of PERSONAL) v[f] = secret[f] ? maskTail(secret[f]!) : null;
    out.secrets[row] = secret;
    out.checked.push({ row, values: v });
  }

  // A manager given as another row of the file: no loop between rows, and that row must pass.
  for (const row of managerRowOf.keys()) {
    const path = new Set<number>([row]);
    for (let at = managerRowOf.get(row); at !== undefined; at = managerRowOf.get(at)) {
      if (at === row) problemsByRow.get(row)!.push({ row, field: 'manager', code: 'MANAGER_CYCLE' });
      if (path.has(at)) break;
      path.add(at);
    }
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const [row, managerRow] of managerRowOf) {
      const mine = problemsByRow.get(row)!;
      if (mine.length) continue;
      if (problemsByRow.get(managerRow)!.length) {
        mine.push({ row, field: 'manager', code: 'MANAGER_ROW_INVALID' });
        changed = true;
      }
    }
  }
  for (const problems of problemsByRow.values()) out.problems.push(...problems);
  return out;
}
