import type {
  AddCandidateRequest,
  CreateKeyPositionRequest,
  KeyPositionView,
  Readiness,
  SuccessionCandidateView,
} from '@stride/contracts';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { successionCandidates, talentKeyPositions } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { appendAudit } from '../audit/audit.service';
import { type TalentCtx, talentVisibility } from './context';
import { getReserve } from './people.service';

type D = Pick<Deps, 'db' | 'clock'>;

/** Key positions a caller may see: all of the org for admin/hr; for a manager, those of the units they lead. */
function keyPositionVisibility(ctx: TalentCtx): SQL {
  const inOrg = sql`k.org_id = ${ctx.auth.orgId}`;
  if (ctx.scope.kind === 'org') return inOrg;
  if (ctx.scope.kind === 'self' || !ctx.scope.unitIds.length) return sql`false`;
  return sql`${inOrg} and k.unit_id in (${sql.join(
    ctx.scope.unitIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}

export async function listKeyPositions(db: DbOrTx, ctx: TalentCtx, where: SQL = sql`true`): Promise<KeyPositionView[]> {
  const keys = await queryRows<{
    id: string;
    position_id: string;
    position_name: string;
    unit_id: string;
    unit_name: string;
    incumbent_id: string | null;
    incumbent_name: string | null;
    note: string | null;
  }>(
    db,
    sql`select k.id::text, p.id::text as position_id, p.name as position_name, u.id::text as unit_id,
          u.name as unit_name, i.id::text as incumbent_id, i.name as incumbent_name, k.note
        from talent_key_positions k join positions p on p.id = k.position_id join org_units u on u.id = k.unit_id
        left join employees i on i.id = k.incumbent_employee_id
        where ${keyPositionVisibility(ctx)} and ${where}
        order by u.name, p.name`,
  );
  if (!keys.length) return [];
  const candidates = await queryRows<{
    id: string;
    key_position_id: string;
    employee_id: string;
    name: string;
    employee_no: string;
    readiness: Readiness;
    notes: string | null;
    version: number;
  }>(
    db,
    sql`select sc.id::text, sc.key_position_id::text, employees.id::text as employee_id, employees.name,
          employees.employee_no, sc.readiness, sc.notes, sc.version
        from succession_candidates sc join employees on employees.id = sc.employee_id
        where sc.key_position_id in (${sql.join(
          keys.map((k) => sql`${k.id}::uuid`),
          sql`, `,
        )}) and ${talentVisibility(ctx)}
        order by case sc.readiness when 'ready_now' then 0 when '1_2_years' then 1 else 2 end, employees.employee_no`,
  );
  const reserve = new Set((await getReserve(db, ctx, { cycles: 2, minGrade: 'A' })).items.map((r) => r.employee.id));
  return keys.map((k) => ({
    id: k.id,
    position: { id: k.position_id, name: k.position_name },
    unit: { id: k.unit_id, name: k.unit_name },
    incumbent: k.incumbent_id ? { id: k.incumbent_id, name: k.incumbent_name ?? '' } : null,
    note: k.note,
    candidates: candidates
      .filter((c) => c.key_position_id === k.id)
      .map(
        (c): SuccessionCandidateView => ({
          id: c.id,
          employee: { id: c.employee_id, name: c.name, employeeNo: c.employee_no },
          readiness: c.readiness,
          notes: c.notes,
          inReserve: reserve.has(c.employee_id),
          version: c.version,
        }),
      ),
  }));
}

export async function getKeyPosition(db: DbOrTx, ctx: TalentCtx, id: string): Promise<KeyPositionView> {
  const [k] = await listKeyPositions(db, ctx, sql`k.id = ${id}`);
  return k ?? fail('KEY_POSITION_NOT_FOUND');
}

/** HR marks a position of a unit as key (关键岗位). */
export async function createKeyPosition(deps: D, ctx: TalentCtx, body: CreateKeyPositionRequest): Promise<string> {
  return deps.db.transaction(async (tx) => {
    const orgId = ctx.auth.orgId;
    const [pos] = await queryRows<{ id: string }>(
      tx,
      sql`select id::text from positions where id = ${body.positionId} and org_id = ${orgId}`,
    );
    if (!pos) fail('POSITION_NOT_FOUND', [{ field: 'positionId', code: 'POSITION_NOT_FOUND' }]);
    const [unit] = await queryRows<{ id: string }>(
      tx,
      sql`select id::text from org_units where id = ${body.unitId} and org_id = ${orgId}`,
    );
    if (!unit) fail('ORG_UNIT_NOT_FOUND', [{ field: 'unitId', code: 'ORG_UNIT_NOT_FOUND' }]);
    if (body.incumbentEmployeeId) {
      const [inc] = await queryRows<{ id: string }>(
        tx,
        sql`select id::text from employees where id = ${body.incumbentEmployeeId} and org_id = ${orgId}`,
      );
      if (!inc) fail('EMPLOYEE_NOT_FOUND', [{ field: 'incumbentEmployeeId', code: 'EMPLOYEE_NOT_FOUND' }]);
    }
    const [exists] = await tx
      .select({ id: talentKeyPositions.id })
      .from(talentKeyPositions)
      .where(
        and(
          eq(talentKeyPositions.orgId, orgId),
          eq(talentKeyPositions.positionId, body.positionId),
          eq(talentKeyPositions.unitId, body.unitId),
        ),
      );
    if (exists) fail('KEY_POSITION_EXISTS');
    const now = deps.clock();
    const [row] = await tx
      .insert(talentKeyPositions)
      .values({
        orgId,
        positionId: body.positionId,
        unitId: body.unitId,
        incumbentEmployeeId: body.incumbentEmployeeId ?? null,
        note: body.note ?? null,
        createdAt: now,
      })
      .returning({ id: talentKeyPositions.id });
    await appendAudit(
      tx,
      ctx.actor,
      { action: 'key_position.created', entityType: 'key_position', entityId: row.id, after: { ...body } },
      now,
    );
    return row.id;
  });
}

/** Adds a person in the caller's scope to a slate (a manager for a key position of a unit they lead). */
export async function addCandidate(
  deps: D,
  ctx: TalentCtx,
  keyPositionId: string,
  body: AddCandidateRequest,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await getKeyPosition(tx, ctx, keyPositionId);
    const [person] = await queryRows<{ id: string }>(
      tx,
      sql`select employees.id::text from employees
          where employees.id = ${body.employeeId} and employees.status <> 'exited' and ${talentVisibility(ctx)}`,
    );
    if (!person) fail('VALIDATION_FAILED', [{ field: 'employeeId', code: 'EMPLOYEE_OUT_OF_SCOPE' }]);
    const [dup] = await tx
      .select({ id: successionCandidates.id })
      .from(successionCandidates)
      .where(
        and(
          eq(successionCandidates.keyPositionId, keyPositionId),
          eq(successionCandidates.employeeId, body.employeeId),
        ),
      );
    if (dup) fail('SUCCESSION_CANDIDATE_EXISTS');
    const now = deps.clock();
    const [row] = await tx
      .insert(successionCandidates)
      .values({
        orgId: ctx.auth.orgId,
        keyPositionId,
        employeeId: body.employeeId,
        readiness: body.readiness,
        notes: body.notes ?? null,
        addedBy: ctx.auth.userId,
        updatedAt: now,
      })
      .returning({ id: successionCandidates.id });
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'succession_candidate.added',
        entityType: 'succession_candidate',
        entityId: row.id,
        after: { keyPositionId, ...body },
      },
      now,
    );
  });
}

async function lockCandidate(tx: DbOrTx, ctx: TalentCtx, id: string) {
  const [visible] = await queryRows<{ key_position_id: string }>(
    tx,
    sql`select sc.key_position_id::text from succession_candidates sc
        join talent_key_positions k on k.id = sc.key_position_id
        join employees on employees.id = sc.employee_id
        where sc.id = ${id} and ${keyPositionVisibility(ctx)} and ${talentVisibility(ctx)}`,
  );
  if (!visible) return fail('SUCCESSION_CANDIDATE_NOT_FOUND');
  const [row] = await tx.select().from(successionCandidates).where(eq(successionCandidates.id, id)).for('update');
  return row;
}

export async function updateCandidate(
  deps: D,
  ctx: TalentCtx,
  id: string,
  body: { readiness: Readiness; notes?: string; version: number },
): Promise<string> {
  return deps.db.transaction(async (tx) => {
    const c = await lockCandidate(tx, ctx, id);
    if (c.version !== body.version) fail('SUCCESSION_CANDIDATE_VERSION_CONFLICT');
    const now = deps.clock();
    await tx
      .update(successionCandidates)
      .set({ readiness: body.readiness, notes: body.notes ?? null, version: c.version + 1, updatedAt: now })
      .where(eq(successionCandidates.id, id));
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'succession_candidate.updated',
        entityType: 'succession_candidate',
        entityId: id,
        before: { readiness: c.readiness, notes: c.notes },
        after: { readiness: body.readiness, notes: body.notes ?? null },
      },
      now,
    );
    return c.keyPositionId;
  });
}

export async function removeCandidate(deps: D, ctx: TalentCtx, id: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const c = await lockCandidate(tx, ctx, id);
    const now = deps.clock();
    await tx.delete(successionCandidates).where(eq(successionCandidates.id, id));
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'succession_candidate.removed',
        entityType: 'succession_candidate',
        entityId: id,
        before: { keyPositionId: c.keyPositionId, employeeId: c.employeeId, readiness: c.readiness },
      },
      now,
    );
  });
}
