import {
  type CreateEmployeeRequest,
  type createEmployeeRequest,
  type Employee,
  employeeDateIssues,
  type PersonalField,
  type UpdateEmployeeRequest,
  type updateEmployeeRequest,
} from '@stride/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Db, type DbOrTx, queryRows } from '../../db/client';
import { employees, jobHistory, orgUnits, positions } from '../../db/schema';
import type { FieldCipher } from '../../lib/crypto';
import { maskTail } from '../../lib/crypto';
import { addDays, todayIn } from '../../lib/dates';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import type { AuthContext } from '../../lib/http';
import type { Scope } from '../access/scope';
import { markForAlertEvaluation } from '../alerts/dirty';
import type { AuditActor } from '../audit/audit.service';
import { appendAudit } from '../audit/audit.service';
import { type EmployeeRow, findVisibleEmployee } from './employees.repo';

type CreateInput = z.output<typeof createEmployeeRequest>;
type UpdateInput = z.output<typeof updateEmployeeRequest>;

const personalColumns = {
  idNumber: { enc: 'idNumberEnc', mask: 'idNumberMask' },
  bankAccount: { enc: 'bankAccountEnc', mask: 'bankAccountMask' },
  phone: { enc: 'phoneEnc', mask: 'phoneMask' },
} as const;

export async function getOwnUnitId(db: Db, auth: AuthContext): Promise<string | null> {
  if (!auth.employeeId) return null;
  const [e] = await db.select({ unitId: employees.unitId }).from(employees).where(eq(employees.id, auth.employeeId));
  return e?.unitId ?? null;
}

export const canRevealPersonal = (auth: AuthContext, employeeId: string) =>
  auth.role === 'admin' || auth.role === 'hr' || auth.employeeId === employeeId;
export const canEditEmployees = (auth: AuthContext) => auth.role === 'admin' || auth.role === 'hr';

const refOrNull = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

export function presentEmployee(r: EmployeeRow, auth: AuthContext): Employee {
  return {
    id: r.id,
    employeeNo: r.employeeNo,
    name: r.name,
    email: r.email,
    status: r.status as Employee['status'],
    unit: { id: r.unitId, name: r.unitName },
    position: refOrNull(r.positionId, r.positionName),
    manager: refOrNull(r.managerId, r.managerName),
    hireDate: r.hireDate,
    contractType: r.contractType as Employee['contractType'],
    contractStartDate: r.contractStartDate,
    contractEndDate: r.contractEndDate,
    probationEndDate: r.probationEndDate,
    regularizationDate: r.regularizationDate,
    exitDate: r.exitDate,
    personal: { idNumber: r.idNumberMask, bankAccount: r.bankAccountMask, phone: r.phoneMask },
    canReveal: canRevealPersonal(auth, r.id),
    canEdit: canEditEmployees(auth),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function getEmployee(db: DbOrTx, scope: Scope, id: string): Promise<EmployeeRow> {
  return (await findVisibleEmployee(db, scope, id)) ?? fail('EMPLOYEE_NOT_FOUND');
}

/** Unit, position and manager must exist in the caller's organization. */
async function assertReferences(
  tx: DbOrTx,
  orgId: string,
  v: { unitId?: string; positionId?: string | null; managerId?: string | null },
  selfId?: string,
) {
  if (v.unitId) {
    const [u] = await tx
      .select({ id: orgUnits.id })
      .from(orgUnits)
      .where(and(eq(orgUnits.id, v.unitId), eq(orgUnits.orgId, orgId)));
    if (!u) fail('REFERENCE_OUTSIDE_ORG', [{ field: 'unitId', code: 'REFERENCE_OUTSIDE_ORG' }]);
  }
  if (v.positionId) {
    const [p] = await tx
      .select({ id: positions.id })
      .from(positions)
      .where(and(eq(positions.id, v.positionId), eq(positions.orgId, orgId)));
    if (!p) fail('REFERENCE_OUTSIDE_ORG', [{ field: 'positionId', code: 'REFERENCE_OUTSIDE_ORG' }]);
  }
  if (v.managerId) {
    if (v.managerId === selfId) fail('MANAGER_SELF', [{ field: 'managerId', code: 'MANAGER_SELF' }]);
    const [m] = await tx
      .select({ id: employees.id })
      .from(employees)
      .where(and(eq(employees.id, v.managerId), eq(employees.orgId, orgId)));
    if (!m) fail('REFERENCE_OUTSIDE_ORG', [{ field: 'managerId', code: 'REFERENCE_OUTSIDE_ORG' }]);
  }
}

async function assertEmployeeNoFree(tx: DbOrTx, orgId: string, employeeNo: string, exceptId?: string) {
  const [hit] = await tx
    .select({ id: employees.id })
    .from(employees)
    .where(and(eq(employees.orgId, orgId), eq(employees.employeeNo, employeeNo)));
  if (hit && hit.id !== exceptId) fail('EMPLOYEE_NO_TAKEN', [{ field: 'employeeNo', code: 'EMPLOYEE_NO_TAKEN' }]);
}

function encryptPersonal(cipher: FieldCipher, v: Partial<Record<PersonalField, string | null>>) {
  const out: Partial<Record<string, string | null>> = {};
  for (const field of Object.keys(personalColumns) as PersonalField[]) {
    if (!(field in v)) continue;
    const value = v[field];
    out[personalColumns[field].enc] = value ? cipher.encrypt(value) : null;
    out[personalColumns[field].mask] = value ? maskTail(value) : null;
  }
  return out;
}

/** The audit view of an employee: plain fields as they are, personal fields only as masks. */
function auditView(e: typeof employees.$inferSelect) {
  return {
    employeeNo: e.employeeNo,
    name: e.name,
    email: e.email,
    status: e.status,
    unitId: e.unitId,
    positionId: e.positionId,
    managerId: e.managerId,
    hireDate: e.hireDate,
    contractType: e.contractType,
    contractStartDate: e.contractStartDate,
    contractEndDate: e.contractEndDate,
    probationEndDate: e.probationEndDate,
    regularizationDate: e.regularizationDate,
    exitDate: e.exitDate,
    idNumber: e.idNumberMask ? '[redacted]' : null,
    bankAccount: e.bankAccountMask ? '[redacted]' : null,
    phone: e.phoneMask ? '[redacted]' : null,
  };
}

export async function createEmployee(
  deps: Deps,
  actor: AuditActor,
  input: CreateInput,
  /** Run inside this transaction (an import) instead of one of its own. */
  outerTx?: DbOrTx,
): Promise<string> {
  const now = deps.clock();
  const inTransaction = <T>(fn: (tx: DbOrTx) => Promise<T>) => (outerTx ? fn(outerTx) : deps.db.transaction(fn));
  // A concurrent create with the same number is caught by the unique index (lib/problem.ts).
  return inTransaction(async (tx) => {
    await assertReferences(tx, actor.orgId, input);
    await assertEmployeeNoFree(tx, actor.orgId, input.employeeNo);
    const { idNumber, bankAccount, phone, ...plain } = input;
    const [row] = await tx
      .insert(employees)
      .values({
        ...plain,
        ...encryptPersonal(deps.cipher, { idNumber, bankAccount, phone }),
        orgId: actor.orgId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.insert(jobHistory).values({
      orgId: actor.orgId,
      employeeId: row.id,
      effectiveFrom: row.hireDate,
      unitId: row.unitId,
      positionId: row.positionId,
      managerId: row.managerId,
      reason: 'hire',
      recordedBy: actor.userId ?? null,
      createdAt: now,
    });
    await appendAudit(
      tx,
      actor,
      { action: 'employee.created', entityType: 'employee', entityId: row.id, after: auditView(row) },
      now,
    );
    return row.id;
  });
}

export async function updateEmployee(
  deps: Deps,
  actor: AuditActor,
  orgTimeZone: string,
  id: string,
  input: UpdateInput,
): Promise<void> {
  const now = deps.clock();
  const today = todayIn(orgTimeZone, now);
  await deps.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(employees)
      .where(and(eq(employees.id, id), eq(employees.orgId, actor.orgId)))
      .for('update');
    if (!before) fail('EMPLOYEE_NOT_FOUND');
    const { effectiveDate, changeReason, idNumber, bankAccount, phone, ...plain } = input;
    const merged = { ...before, ...plain };
    const dateIssues = employeeDateIssues(merged as Parameters<typeof employeeDateIssues>[0]);
    if (dateIssues.length)
      fail(
        'VALIDATION_FAILED',
        dateIssues.map((i) => ({ field: i.path, code: i.code, message: i.message })),
      );
    await assertReferences(tx, actor.orgId, plain, id);
    if (plain.employeeNo && plain.employeeNo !== before.employeeNo)
      await assertEmployeeNoFree(tx, actor.orgId, plain.employeeNo, id);

    if (plain.managerId && (await isInManagementChainOf(tx, actor.orgId, plain.managerId, id))) {
      fail('MANAGER_CYCLE', [{ field: 'managerId', code: 'MANAGER_CYCLE' }]);
    }
    if (plain.hireDate && plain.hireDate !== before.hireDate) await moveHireDate(tx, actor.orgId, id, plain.hireDate);

    const jobChanged =
      (plain.unitId !== undefined && plain.unitId !== before.unitId) ||
      (plain.positionId !== undefined && plain.positionId !== before.positionId) ||
      (plain.managerId !== undefined && plain.managerId !== before.managerId);
    if (jobChanged)
      await recordJobChange(tx, actor, {
        employeeId: id,
        merged,
        effectiveDate: effectiveDate ?? today,
        today,
        hireDate: merged.hireDate,
        exitDate: merged.exitDate,
        reason: changeReason ?? null,
        now,
      });

    const personal: Partial<Record<PersonalField, string | null>> = {};
    if (idNumber !== undefined) personal.idNumber = idNumber;
    if (bankAccount !== undefined) personal.bankAccount = bankAccount;
    if (phone !== undefined) personal.phone = phone;
    const [after] = await tx
      .update(employees)
      .set({ ...plain, ...encryptPersonal(deps.cipher, personal), updatedAt: now })
      .where(eq(employees.id, id))
      .returning();
    const b = auditView(before);
    const a = auditView(after);
    const changedKeys = (Object.keys(a) as (keyof typeof a)[]).filter((k) => b[k] !== a[k] || k in personal);
    await appendAudit(
      tx,
      actor,
      {
        action: 'employee.updated',
        entityType: 'employee',
        entityId: id,
        before: Object.fromEntries(changedKeys.map((k) => [k, b[k]])),
        after: Object.fromEntries(changedKeys.map((k) => [k, a[k]])),
      },
      now,
    );
  });
}

/** True when `candidateManagerId` is `employeeId` or reports to them, directly or not. */
async function isInManagementChainOf(tx: DbOrTx, orgId: string, candidateManagerId: string, employeeId: string) {
  const rows = await queryRows<{ found: boolean }>(
    tx,
    sql`with recursive chain as (
      select id, manager_id from employees where id = ${candidateManagerId} and org_id = ${orgId}
      union
      select e.id, e.manager_id from employees e join chain c on e.id = c.manager_id where e.org_id = ${orgId}
    ) select exists(select 1 from chain where id = ${employeeId}) as found`,
  );
  return Boolean(rows[0]?.found);
}

async function historyOf(tx: DbOrTx, orgId: string, employeeId: string) {
  return tx
    .select()
    .from(jobHistory)
    .where(and(eq(jobHistory.orgId, orgId), eq(jobHistory.employeeId, employeeId)))
    .orderBy(asc(jobHistory.effectiveFrom));
}

/** A corrected hire date moves the start of the first assignment; it may not pass a later change. */
async function moveHireDate(tx: DbOrTx, orgId: string, employeeId: string, hireDate: string) {
  const rows = await historyOf(tx, orgId, employeeId);
  if (rows.length === 0) return;
  if (rows[1] && hireDate >= rows[1].effectiveFrom) {
    fail('VALIDATION_FAILED', [{ field: 'hireDate', code: 'HIRE_AFTER_JOB_CHANGE' }]);
  }
  await tx.update(jobHistory).set({ effectiveFrom: hireDate }).where(eq(jobHistory.id, rows[0].id));
}

/**
 * Effective-dated job change: the open history row ends the day before `effectiveDate` and a new one
 * starts on it. Changes may not predate the open row (that would rewrite history), lie in the future,
 * or come after the exit date. Before the person starts, the hire assignment itself is corrected.
 */
export async function recordJobChange(
  tx: DbOrTx,
  actor: AuditActor,
  c: {
    employeeId: string;
    merged: { unitId: string; positionId: string | null; managerId: string | null };
    effectiveDate: string;
    today: string;
    hireDate: string;
    exitDate: string | null;
    reason: string | null;
    now: Date;
  },
) {
  const rows = await historyOf(tx, actor.orgId, c.employeeId);
  const open = rows.find((r) => r.effectiveTo === null) ?? rows[rows.length - 1];
  const assignment = {
    unitId: c.merged.unitId,
    positionId: c.merged.positionId,
    managerId: c.merged.managerId,
    recordedBy: actor.userId ?? null,
  };
  if (c.hireDate > c.today && rows.length <= 1) {
    if (open) await tx.update(jobHistory).set(assignment).where(eq(jobHistory.id, open.id));
    return;
  }
  if (c.effectiveDate > c.today) fail('VALIDATION_FAILED', [{ field: 'effectiveDate', code: 'JOB_CHANGE_IN_FUTURE' }]);
  if (c.exitDate && c.effectiveDate > c.exitDate) {
    fail('VALIDATION_FAILED', [{ field: 'effectiveDate', code: 'JOB_CHANGE_AFTER_EXIT' }]);
  }
  if (open && c.effectiveDate < open.effectiveFrom) {
    fail('VALIDATION_FAILED', [{ field: 'effectiveDate', code: 'JOB_CHANGE_BEFORE_CURRENT' }]);
  }
  // A transfer or a new position masks its period from alert rules: the person's alerts are judged again.
  await markForAlertEvaluation(tx, actor.orgId, c.employeeId);
  if (open && c.effectiveDate === open.effectiveFrom) {
    // Same day as the current assignment began: correct it, keeping its reason unless a new one is given.
    await tx
      .update(jobHistory)
      .set({ ...assignment, reason: c.reason ?? open.reason })
      .where(eq(jobHistory.id, open.id));
    return;
  }
  if (open) {
    await tx
      .update(jobHistory)
      .set({ effectiveTo: addDays(c.effectiveDate, -1) })
      .where(eq(jobHistory.id, open.id));
  }
  await tx.insert(jobHistory).values({
    ...assignment,
    reason: c.reason,
    orgId: actor.orgId,
    employeeId: c.employeeId,
    effectiveFrom: c.effectiveDate,
    createdAt: c.now,
  });
}

/** Decrypts one personal field for a caller who may see it; the read is audited before the value is returned. */
export async function revealPersonalField(
  deps: Deps,
  scope: Scope,
  auth: AuthContext,
  actor: AuditActor,
  id: string,
  field: PersonalField,
): Promise<string> {
  const row = await getEmployee(deps.db, scope, id);
  if (!canRevealPersonal(auth, id)) fail('FORBIDDEN');
  const stored = row[personalColumns[field].enc];
  if (!stored) fail('PERSONAL_FIELD_UNAVAILABLE');
  const value = deps.cipher.decrypt(stored!);
  await deps.db.transaction(async (tx) => {
    await appendAudit(
      tx,
      actor,
      { action: 'employee.personal_revealed', entityType: 'employee', entityId: id, after: { field } },
      deps.clock(),
    );
  });
  return value;
}

export type { CreateEmployeeRequest, UpdateEmployeeRequest };
