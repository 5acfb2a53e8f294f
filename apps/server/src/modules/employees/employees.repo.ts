import type { EmployeeListQuery } from '@stride/contracts';
import { and, asc, eq, gt, ilike, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client';
import { employees, jobHistory, orgUnits, positions } from '../../db/schema';
import { decodeCursor } from '../../lib/cursor';
import { employeeVisibility, escapeLike, type Scope, unitSubtreeIds } from '../access/scope';

const manager = alias(employees, 'manager');
const hManager = alias(employees, 'h_manager');

export type EmployeeRow = typeof employees.$inferSelect & {
  unitName: string;
  positionName: string | null;
  managerName: string | null;
};

function selectEmployees(db: DbOrTx) {
  return db
    .select({ e: employees, unitName: orgUnits.name, positionName: positions.name, managerName: manager.name })
    .from(employees)
    .innerJoin(orgUnits, eq(orgUnits.id, employees.unitId))
    .leftJoin(positions, eq(positions.id, employees.positionId))
    .leftJoin(manager, eq(manager.id, employees.managerId));
}

function flatten(r: {
  e: typeof employees.$inferSelect;
  unitName: string;
  positionName: string | null;
  managerName: string | null;
}): EmployeeRow {
  return { ...r.e, unitName: r.unitName, positionName: r.positionName, managerName: r.managerName };
}

/** One employee the scope may see, or undefined (callers turn that into a 404 either way). */
export async function findVisibleEmployee(db: DbOrTx, scope: Scope, id: string): Promise<EmployeeRow | undefined> {
  const [row] = await selectEmployees(db).where(and(employeeVisibility(scope), eq(employees.id, id)));
  return row ? flatten(row) : undefined;
}

export async function findEmployeePage(db: DbOrTx, scope: Scope, q: EmployeeListQuery & { limit: number }) {
  const conds: SQL[] = [employeeVisibility(scope)];
  if (q.q) {
    const pattern = `%${escapeLike(q.q)}%`;
    conds.push(
      or(ilike(employees.name, pattern), ilike(employees.employeeNo, pattern), ilike(employees.email, pattern))!,
    );
  }
  if (q.status) conds.push(eq(employees.status, q.status));
  if (q.positionId) conds.push(eq(employees.positionId, q.positionId));
  if (q.unitId) {
    conds.push(sql`${employees.unitId} in ${unitSubtreeIds(scope.orgId, q.unitId)}`);
  }
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(employees)
    .where(and(...conds));
  const afterNo = q.cursor ? decodeCursor(q.cursor, /^[A-Za-z0-9_-]{1,32}$/) : undefined;
  if (afterNo) conds.push(gt(employees.employeeNo, afterNo));
  const rows = await selectEmployees(db)
    .where(and(...conds))
    .orderBy(asc(employees.employeeNo))
    .limit(q.limit + 1);
  const hasMore = rows.length > q.limit;
  const items = rows.slice(0, q.limit).map(flatten);
  const last = items[items.length - 1];
  return {
    items,
    total: Number(total),
    nextCursor: hasMore && last ? Buffer.from(last.employeeNo).toString('base64url') : null,
  };
}

export async function findJobHistoryRows(db: DbOrTx, orgId: string, employeeId: string) {
  return db
    .select({ h: jobHistory, unitName: orgUnits.name, positionName: positions.name, managerName: hManager.name })
    .from(jobHistory)
    .innerJoin(orgUnits, eq(orgUnits.id, jobHistory.unitId))
    .leftJoin(positions, eq(positions.id, jobHistory.positionId))
    .leftJoin(hManager, eq(hManager.id, jobHistory.managerId))
    .where(and(eq(jobHistory.orgId, orgId), eq(jobHistory.employeeId, employeeId)))
    .orderBy(sql`${jobHistory.effectiveFrom} desc`, sql`${jobHistory.createdAt} desc`);
}
