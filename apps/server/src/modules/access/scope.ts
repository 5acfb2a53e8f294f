import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { employees, orgUnits } from '../../db/schema';
import { fail } from '../../lib/errors';
import type { AuthContext } from '../../lib/http';

/**
 * What part of the organization a caller may see. The single place where roles turn into rows:
 * admin and hr see the whole organization, a manager the units they lead (recursively) plus
 * themselves, an employee only themselves.
 */
export type Scope =
  | { kind: 'org'; orgId: string }
  | { kind: 'units'; orgId: string; unitIds: string[]; selfEmployeeId: string | null }
  | { kind: 'self'; orgId: string; employeeId: string | null };

export async function ledUnitIds(db: DbOrTx, orgId: string, employeeId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    with recursive led as (
      select id from org_units where org_id = ${orgId} and leader_employee_id = ${employeeId}
      union
      select u.id from org_units u join led on u.parent_id = led.id where u.org_id = ${orgId}
    )
    select id from led`,
  );
  return rows.map((r) => r.id);
}

export async function resolveScope(db: DbOrTx, auth: AuthContext): Promise<Scope> {
  if (auth.role === 'admin' || auth.role === 'hr') return { kind: 'org', orgId: auth.orgId };
  if (auth.role === 'manager') {
    const unitIds = auth.employeeId ? await ledUnitIds(db, auth.orgId, auth.employeeId) : [];
    return { kind: 'units', orgId: auth.orgId, unitIds, selfEmployeeId: auth.employeeId };
  }
  return { kind: 'self', orgId: auth.orgId, employeeId: auth.employeeId };
}

const NOTHING = sql`false`;

/** Condition on the employees table for the rows a scope may see. */
export function employeeVisibility(scope: Scope): SQL {
  const inOrg = eq(employees.orgId, scope.orgId);
  if (scope.kind === 'org') return inOrg;
  if (scope.kind === 'self') return scope.employeeId ? and(inOrg, eq(employees.id, scope.employeeId))! : NOTHING;
  const parts: SQL[] = [];
  if (scope.unitIds.length) parts.push(inArray(employees.unitId, scope.unitIds));
  if (scope.selfEmployeeId) parts.push(eq(employees.id, scope.selfEmployeeId));
  return parts.length ? and(inOrg, or(...parts))! : NOTHING;
}

/** Condition on org_units: a manager sees the subtree they lead; an employee sees their own unit. */
export function unitVisibility(scope: Scope, ownUnitId?: string | null): SQL {
  const inOrg = eq(orgUnits.orgId, scope.orgId);
  if (scope.kind === 'org') return inOrg;
  if (scope.kind === 'self') return ownUnitId ? and(inOrg, eq(orgUnits.id, ownUnitId))! : NOTHING;
  return scope.unitIds.length ? and(inOrg, inArray(orgUnits.id, scope.unitIds))! : NOTHING;
}

export const canSeeWholeOrg = (scope: Scope) => scope.kind === 'org';

/** A unit and all units below it, as a subquery of ids (filters such as "this region, sub-teams included"). */
export function unitSubtreeIds(orgId: string, unitId: string): SQL {
  return sql`(with recursive sub as (
      select id from org_units where id = ${unitId} and org_id = ${orgId}
      union select u.id from org_units u join sub on u.parent_id = sub.id where u.org_id = ${orgId}
    ) select id from sub)`;
}

/**
 * A unit the caller may look into, by id: any unit of the organization for HR and admin, the led ones (and those
 * below them) for a manager; anything else, another organization's included, answers ORG_UNIT_NOT_FOUND.
 */
export async function assertUnitVisible(
  db: DbOrTx,
  scope: Scope,
  unitId: string,
): Promise<{ id: string; name: string }> {
  const [unit] = await db
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(and(eq(orgUnits.id, unitId), eq(orgUnits.orgId, scope.orgId)));
  const visible = scope.kind === 'org' || (scope.kind === 'units' && scope.unitIds.includes(unitId));
  if (!unit || !visible) fail('ORG_UNIT_NOT_FOUND');
  return unit!;
}

/** Escapes LIKE wildcards so a search term matches literally. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
