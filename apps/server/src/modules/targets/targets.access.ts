import { and, eq, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { employees, orgUnits, targets } from '../../db/schema';
import { fail } from '../../lib/errors';
import type { AuthContext } from '../../lib/http';
import { employeeVisibility, type Scope } from '../access/scope';
import type { AuditActor } from '../audit/audit.service';

export type TargetRow = typeof targets.$inferSelect;

/** Who is acting, in what scope, on which calendar day of the organization. */
export interface TargetCtx {
  auth: AuthContext;
  actor: AuditActor;
  scope: Scope;
  today: string;
}

export const isHrOrAdmin = (auth: AuthContext) => auth.role === 'admin' || auth.role === 'hr';

/**
 * Whether a target is locked on `today`: from the first day of its period on, only HR may change it,
 * with a reason. Review cycles will lock their targets at launch; that rule belongs here too.
 */
export function isLocked(target: { periodStart: string }, today: string): boolean {
  return target.periodStart <= today;
}

/** The unit of the person, or null when the caller may not see them. */
async function visiblePersonUnit(db: DbOrTx, scope: Scope, employeeId: string): Promise<string | null> {
  const [row] = await db
    .select({ unitId: employees.unitId })
    .from(employees)
    .where(and(eq(employees.id, employeeId), employeeVisibility(scope)));
  return row?.unitId ?? null;
}

export async function isUnitVisible(db: DbOrTx, scope: Scope, unitId: string): Promise<boolean> {
  if (scope.kind === 'self') return false;
  if (scope.kind === 'units') return scope.unitIds.includes(unitId);
  const [u] = await db
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.id, unitId), eq(orgUnits.orgId, scope.orgId)));
  return Boolean(u);
}

/**
 * The caller sets and agrees the subject's targets: HR and admin for everyone of the organization, a
 * manager for the people and units they lead, nobody for themselves. Outside the scope looks missing.
 */
export async function assertManages(
  db: DbOrTx,
  ctx: TargetCtx,
  subject: { employeeId: string | null; unitId: string | null },
): Promise<void> {
  if (subject.employeeId) {
    if (ctx.scope.kind === 'self' || !(await visiblePersonUnit(db, ctx.scope, subject.employeeId)))
      fail('EMPLOYEE_NOT_FOUND');
    if (ctx.auth.employeeId === subject.employeeId) fail('TARGET_SELF_SET');
    return;
  }
  if (!subject.unitId || !(await isUnitVisible(db, ctx.scope, subject.unitId))) fail('ORG_UNIT_NOT_FOUND');
}

/** A target of the organization the caller may see; anything else answers like a missing one. */
export async function getVisibleTarget(db: DbOrTx, ctx: TargetCtx, id: string, forUpdate = false): Promise<TargetRow> {
  const query = db
    .select()
    .from(targets)
    .where(and(eq(targets.id, id), eq(targets.orgId, ctx.auth.orgId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) return fail('TARGET_NOT_FOUND');
  const visible = row.employeeId
    ? Boolean(await visiblePersonUnit(db, ctx.scope, row.employeeId))
    : await isUnitVisible(db, ctx.scope, row.unitId!);
  if (!visible) fail('TARGET_NOT_FOUND');
  return row;
}

/** SQL condition on `t` (targets) for the rows a scope may see. */
export function targetVisibility(scope: Scope) {
  if (scope.kind === 'org') return sql`t.org_id = ${scope.orgId}`;
  if (scope.kind === 'self')
    return scope.employeeId ? sql`t.org_id = ${scope.orgId} and t.employee_id = ${scope.employeeId}` : sql`false`;
  const units = scope.unitIds.length
    ? sql.join(
        scope.unitIds.map((u) => sql`${u}`),
        sql`, `,
      )
    : null;
  const people = units
    ? sql`t.employee_id in (select id from employees where org_id = ${scope.orgId} and unit_id in (${units}))`
    : sql`false`;
  const self = scope.selfEmployeeId ? sql`t.employee_id = ${scope.selfEmployeeId}` : sql`false`;
  const teams = units ? sql`t.unit_id in (${units})` : sql`false`;
  return sql`t.org_id = ${scope.orgId} and (${people} or ${self} or ${teams})`;
}

/** What the caller may do with a listed target (the web shows buttons from it). */
export function permissionsOn(
  ctx: TargetCtx,
  t: {
    employeeId: string | null;
    employeeUnitId: string | null;
    unitId: string | null;
    status: string;
    proposedBy: string | null;
    periodStart: string;
  },
) {
  const { auth, scope } = ctx;
  const isSubject = Boolean(t.employeeId && t.employeeId === auth.employeeId);
  const manages =
    !isSubject &&
    (scope.kind === 'org' ||
      (scope.kind === 'units' &&
        (t.employeeId ? scope.unitIds.includes(t.employeeUnitId ?? '') : scope.unitIds.includes(t.unitId ?? ''))));
  const locked = isLocked(t, ctx.today);
  return {
    locked,
    canEdit: locked ? isHrOrAdmin(auth) : manages,
    canAgree: !locked && t.status === 'proposed' && t.proposedBy !== auth.userId && (isSubject || manages),
  };
}

/** Ids of the active people in a unit and its sub-units. */
export async function peopleInSubtree(db: DbOrTx, orgId: string, unitId: string): Promise<Set<string>> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with recursive sub as (
          select id from org_units where id = ${unitId} and org_id = ${orgId}
          union select u.id from org_units u join sub on u.parent_id = sub.id where u.org_id = ${orgId}
        ) select id from employees where org_id = ${orgId} and unit_id in (select id from sub) and status <> 'exited'`,
  );
  return new Set(rows.map((r) => r.id));
}
