import type { CreateOrgUnitRequest, UpdateOrgUnitRequest } from '@stride/contracts';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type DbOrTx, lockForOrg, queryRows } from '../../db/client';
import { employees, orgUnits } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { type Scope, unitVisibility } from '../access/scope';
import type { AuditActor } from '../audit/audit.service';
import { appendAudit } from '../audit/audit.service';

const leader = alias(employees, 'leader');

export async function findOrgUnits(db: DbOrTx, scope: Scope, ownUnitId: string | null) {
  const rows = await db
    .select({
      id: orgUnits.id,
      name: orgUnits.name,
      parentId: orgUnits.parentId,
      leaderId: leader.id,
      leaderName: leader.name,
      headcount: sql<number>`(select count(*)::int from employees e where e.unit_id = ${orgUnits.id} and e.org_id = ${orgUnits.orgId} and e.status <> 'exited')`,
    })
    .from(orgUnits)
    .leftJoin(leader, eq(leader.id, orgUnits.leaderEmployeeId))
    .where(unitVisibility(scope, ownUnitId))
    .orderBy(asc(orgUnits.name));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    parentId: r.parentId,
    leader: r.leaderId ? { id: r.leaderId, name: r.leaderName ?? '' } : null,
    headcount: Number(r.headcount),
  }));
}

async function assertEmployeeInOrg(db: DbOrTx, orgId: string, employeeId: string, field: string) {
  const [e] = await db
    .select({ id: employees.id })
    .from(employees)
    .where(and(eq(employees.id, employeeId), eq(employees.orgId, orgId)));
  if (!e) fail('REFERENCE_OUTSIDE_ORG', [{ field, code: 'REFERENCE_OUTSIDE_ORG' }]);
}

async function getUnitForUpdate(db: DbOrTx, orgId: string, id: string) {
  const [u] = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.id, id), eq(orgUnits.orgId, orgId)))
    .for('update');
  return u ?? fail('ORG_UNIT_NOT_FOUND');
}

/** True when `candidateParentId` is `unitId` itself or one of its descendants. */
async function wouldCreateCycle(
  db: DbOrTx,
  orgId: string,
  unitId: string,
  candidateParentId: string,
): Promise<boolean> {
  const rows = await queryRows<{ found: boolean }>(
    db,
    sql`
    with recursive sub as (
      select id from org_units where id = ${unitId} and org_id = ${orgId}
      union
      select u.id from org_units u join sub on u.parent_id = sub.id where u.org_id = ${orgId}
    )
    select exists(select 1 from sub where id = ${candidateParentId}) as found`,
  );
  return Boolean(rows[0]?.found);
}

const snapshot = (u: typeof orgUnits.$inferSelect) => ({
  name: u.name,
  parentId: u.parentId,
  leaderEmployeeId: u.leaderEmployeeId,
});

export async function createOrgUnit(deps: Deps, actor: AuditActor, input: CreateOrgUnitRequest) {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    await lockForOrg(tx, 'org_units', actor.orgId);
    if (input.parentId) {
      const [p] = await tx
        .select({ id: orgUnits.id })
        .from(orgUnits)
        .where(and(eq(orgUnits.id, input.parentId), eq(orgUnits.orgId, actor.orgId)));
      if (!p) fail('REFERENCE_OUTSIDE_ORG', [{ field: 'parentId', code: 'REFERENCE_OUTSIDE_ORG' }]);
    } else {
      const [root] = await tx
        .select({ id: orgUnits.id })
        .from(orgUnits)
        .where(and(eq(orgUnits.orgId, actor.orgId), isNull(orgUnits.parentId)));
      if (root) fail('ORG_UNIT_ROOT_EXISTS', [{ field: 'parentId', code: 'ORG_UNIT_ROOT_EXISTS' }]);
    }
    if (input.leaderEmployeeId) await assertEmployeeInOrg(tx, actor.orgId, input.leaderEmployeeId, 'leaderEmployeeId');
    const [row] = await tx
      .insert(orgUnits)
      .values({
        orgId: actor.orgId,
        name: input.name,
        parentId: input.parentId,
        leaderEmployeeId: input.leaderEmployeeId ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await appendAudit(
      tx,
      actor,
      { action: 'org_unit.created', entityType: 'org_unit', entityId: row.id, after: snapshot(row) },
      now,
    );
    return row.id;
  });
}

export async function updateOrgUnit(deps: Deps, actor: AuditActor, id: string, input: UpdateOrgUnitRequest) {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    await lockForOrg(tx, 'org_units', actor.orgId);
    const before = await getUnitForUpdate(tx, actor.orgId, id);
    if (input.parentId !== undefined && input.parentId !== before.parentId) {
      const [p] = await tx
        .select({ id: orgUnits.id })
        .from(orgUnits)
        .where(and(eq(orgUnits.id, input.parentId), eq(orgUnits.orgId, actor.orgId)));
      if (!p) fail('REFERENCE_OUTSIDE_ORG', [{ field: 'parentId', code: 'REFERENCE_OUTSIDE_ORG' }]);
      if (await wouldCreateCycle(tx, actor.orgId, id, input.parentId))
        fail('ORG_UNIT_CYCLE', [{ field: 'parentId', code: 'ORG_UNIT_CYCLE' }]);
    }
    if (input.leaderEmployeeId) await assertEmployeeInOrg(tx, actor.orgId, input.leaderEmployeeId, 'leaderEmployeeId');
    const [after] = await tx
      .update(orgUnits)
      .set({ ...input, updatedAt: now })
      .where(and(eq(orgUnits.id, id), eq(orgUnits.orgId, actor.orgId)))
      .returning();
    await appendAudit(
      tx,
      actor,
      {
        action: 'org_unit.updated',
        entityType: 'org_unit',
        entityId: id,
        before: snapshot(before),
        after: snapshot(after),
      },
      now,
    );
    return id;
  });
}

/** Members of a unit on a given day, answered from job history (who was in which team on that day). */
export async function findUnitMembersOn(db: DbOrTx, orgId: string, unitId: string, day: string) {
  const rows = await queryRows<{ id: string; name: string; employee_no: string }>(
    db,
    sql`
    select e.id, e.name, e.employee_no from job_history h join employees e on e.id = h.employee_id
    where h.org_id = ${orgId} and h.unit_id = ${unitId} and h.effective_from <= ${day}
      and (h.effective_to is null or h.effective_to >= ${day})
      and e.hire_date <= ${day} and (e.exit_date is null or e.exit_date >= ${day})
    order by e.employee_no`,
  );
  return rows.map((r) => ({ id: r.id, name: r.name, employeeNo: r.employee_no }));
}
