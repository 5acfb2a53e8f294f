import type { UpdateUserRequest, User } from '@stride/contracts';
import { and, asc, eq, gt, ilike, ne, type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, lockForOrg } from '../../db/client';
import { employees, users } from '../../db/schema';
import { decodeCursor } from '../../lib/cursor';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { escapeLike } from '../access/scope';
import type { AuditActor } from '../audit/audit.service';
import { appendAudit } from '../audit/audit.service';
import { endSessions } from '../auth/auth.service';
import { hashPassword } from '../auth/password';

type UserRow = typeof users.$inferSelect & { employeeName: string | null; employeeNo: string | null };

export function presentUser(u: UserRow): User {
  return {
    id: u.id,
    username: u.username,
    role: u.role as User['role'],
    locale: u.locale as User['locale'],
    isActive: u.isActive,
    employee: u.employeeId ? { id: u.employeeId, name: u.employeeName ?? '', employeeNo: u.employeeNo ?? '' } : null,
    lockedUntil: u.lockedUntil?.toISOString() ?? null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

function selectUsers(db: DbOrTx) {
  return db
    .select({ u: users, employeeName: employees.name, employeeNo: employees.employeeNo })
    .from(users)
    .leftJoin(employees, eq(employees.id, users.employeeId));
}
const flatten = (r: {
  u: typeof users.$inferSelect;
  employeeName: string | null;
  employeeNo: string | null;
}): UserRow => ({
  ...r.u,
  employeeName: r.employeeName,
  employeeNo: r.employeeNo,
});

export async function getUser(db: DbOrTx, orgId: string, id: string): Promise<UserRow> {
  const [row] = await selectUsers(db).where(and(eq(users.orgId, orgId), eq(users.id, id)));
  return row ? flatten(row) : fail('USER_NOT_FOUND');
}

export async function findUserPage(
  db: DbOrTx,
  orgId: string,
  q: { q?: string; role?: string; cursor?: string; limit: number },
) {
  const conds: SQL[] = [eq(users.orgId, orgId)];
  if (q.q) conds.push(ilike(users.username, `%${escapeLike(q.q)}%`));
  if (q.role) conds.push(eq(users.role, q.role));
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(users)
    .where(and(...conds));
  if (q.cursor) conds.push(gt(users.username, decodeCursor(q.cursor, /^[a-zA-Z0-9._-]{1,64}$/)));
  const rows = (
    await selectUsers(db)
      .where(and(...conds))
      .orderBy(asc(users.username))
      .limit(q.limit + 1)
  ).map(flatten);
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return {
    items,
    total: Number(total),
    nextCursor: rows.length > q.limit && last ? Buffer.from(last.username).toString('base64url') : null,
  };
}

async function assertBindable(tx: DbOrTx, orgId: string, employeeId: string, exceptUserId?: string) {
  const [e] = await tx
    .select({ id: employees.id })
    .from(employees)
    .where(and(eq(employees.id, employeeId), eq(employees.orgId, orgId)));
  if (!e) fail('REFERENCE_OUTSIDE_ORG', [{ field: 'employeeId', code: 'REFERENCE_OUTSIDE_ORG' }]);
  const [bound] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.employeeId, employeeId)));
  if (bound && bound.id !== exceptUserId)
    fail('EMPLOYEE_ALREADY_BOUND', [{ field: 'employeeId', code: 'EMPLOYEE_ALREADY_BOUND' }]);
}

const auditView = (u: typeof users.$inferSelect) => ({
  username: u.username,
  role: u.role,
  employeeId: u.employeeId,
  isActive: u.isActive,
  locale: u.locale,
});

export async function createUser(
  deps: Deps,
  actor: AuditActor,
  input: { username: string; password: string; role: string; employeeId: string | null; locale: string },
): Promise<string> {
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(sql`lower(${users.username})`, input.username.toLowerCase()));
    if (taken) fail('USERNAME_TAKEN', [{ field: 'username', code: 'USERNAME_TAKEN' }]);
    if (input.employeeId) await assertBindable(tx, actor.orgId, input.employeeId);
    const [row] = await tx
      .insert(users)
      .values({
        orgId: actor.orgId,
        username: input.username,
        passwordHash,
        role: input.role,
        employeeId: input.employeeId,
        locale: input.locale,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await appendAudit(
      tx,
      actor,
      { action: 'user.created', entityType: 'user', entityId: row.id, after: auditView(row) },
      now,
    );
    return row.id;
  });
}

export async function updateUser(deps: Deps, actor: AuditActor, id: string, input: UpdateUserRequest) {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(users)
      .where(and(eq(users.orgId, actor.orgId), eq(users.id, id)))
      .for('update');
    if (!before) fail('USER_NOT_FOUND');
    const losesAdmin =
      before.role === 'admin' &&
      before.isActive &&
      ((input.role && input.role !== 'admin') || input.isActive === false);
    if (losesAdmin) {
      await lockForOrg(tx, 'admins', actor.orgId);
      const [{ n }] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(users)
        .where(and(eq(users.orgId, actor.orgId), eq(users.role, 'admin'), eq(users.isActive, true), ne(users.id, id)));
      if (Number(n) === 0)
        fail('LAST_ADMIN', [{ field: input.isActive === false ? 'isActive' : 'role', code: 'LAST_ADMIN' }]);
    }
    if (input.employeeId) await assertBindable(tx, actor.orgId, input.employeeId, id);
    const [after] = await tx
      .update(users)
      .set({ ...input, updatedAt: now })
      .where(eq(users.id, id))
      .returning();
    // A deactivated user or a changed role takes effect at once: their sessions end.
    if (input.isActive === false || (input.role && input.role !== before.role)) await endSessions(tx as never, id);
    await appendAudit(
      tx,
      actor,
      { action: 'user.updated', entityType: 'user', entityId: id, before: auditView(before), after: auditView(after) },
      now,
    );
  });
}

export async function resetPassword(deps: Deps, actor: AuditActor, id: string, newPassword: string) {
  await getUser(deps.db, actor.orgId, id);
  const passwordHash = await hashPassword(newPassword);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, failedAttempts: 0, lockedUntil: null, updatedAt: now })
      .where(eq(users.id, id));
    await endSessions(tx as never, id);
    await appendAudit(tx, actor, { action: 'user.password_reset', entityType: 'user', entityId: id }, now);
  });
}
