import type { Locale, Role } from '@stride/contracts';
import { and, eq, gt, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { employees, orgs, sessions, users } from '../../db/schema';
import { randomToken, sha256Hex } from '../../lib/crypto';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import type { AuthContext } from '../../lib/http';
import { type AuditActor, appendAudit } from '../audit/audit.service';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';

export const SESSION_COOKIE = 'stride_session';

export interface NewSession {
  token: string;
  expiresAt: Date;
}

async function createSession(
  db: Db,
  deps: Deps,
  user: { id: string; orgId: string },
  meta: { ip?: string; userAgent?: string },
): Promise<NewSession> {
  const token = randomToken();
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlHours * 3600_000);
  await db.insert(sessions).values({
    tokenHash: sha256Hex(token),
    userId: user.id,
    orgId: user.orgId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, expiresAt };
}

/**
 * Checks the password. An attempt is reserved atomically before the password is checked, so parallel
 * guesses cannot exceed LOGIN_MAX_FAILURES before the lock holds. Whatever goes wrong, the caller
 * learns only AUTH_INVALID_CREDENTIALS, so a response never reveals whether a user exists (the route
 * also pads failures to a constant time).
 */
export async function login(
  deps: Deps,
  input: { username: string; password: string },
  meta: { ip?: string; userAgent?: string; requestId?: string },
): Promise<{ session: NewSession; userId: string }> {
  const { db, config } = deps;
  const now = deps.clock();
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.username})`, input.username.toLowerCase()))
    .limit(1);
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    return fail('AUTH_INVALID_CREDENTIALS');
  }
  const actor: AuditActor = {
    orgId: user.orgId,
    userId: user.id,
    username: user.username,
    requestId: meta.requestId,
    ip: meta.ip,
  };
  // Reserve an attempt: counts up unless the account is locked; the row lock serializes parallel tries.
  const [reserved] = await db
    .update(users)
    .set({ failedAttempts: sql`${users.failedAttempts} + 1` })
    .where(and(eq(users.id, user.id), or(isNull(users.lockedUntil), lte(users.lockedUntil, now))))
    .returning({ attempts: users.failedAttempts });
  if (!reserved || reserved.attempts > config.loginMaxFailures) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    return fail('AUTH_INVALID_CREDENTIALS');
  }
  const isValid = (await verifyPassword(user.passwordHash, input.password)) && user.isActive;
  if (!isValid) {
    const lock = reserved.attempts >= config.loginMaxFailures;
    await db.transaction(async (tx) => {
      if (lock) {
        await tx
          .update(users)
          .set({ failedAttempts: 0, lockedUntil: new Date(now.getTime() + config.loginLockMinutes * 60_000) })
          .where(eq(users.id, user.id));
      }
      await appendAudit(
        tx,
        actor,
        { action: lock ? 'auth.locked' : 'auth.login_failed', entityType: 'user', entityId: user.id },
        now,
      );
    });
    return fail('AUTH_INVALID_CREDENTIALS');
  }
  return db.transaction(async (tx) => {
    await tx.update(users).set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
    const session = await createSession(tx as unknown as Db, deps, user, meta);
    await appendAudit(tx, actor, { action: 'auth.login', entityType: 'user', entityId: user.id }, now);
    return { session, userId: user.id };
  });
}

/** Resolves a session cookie to the caller, or null when missing, expired, or the user is inactive. */
export async function authenticate(deps: Deps, token: string | undefined): Promise<AuthContext | null> {
  if (!token || token.length > 100) return null;
  const now = deps.clock();
  const tokenHash = sha256Hex(token);
  const [row] = await deps.db
    .select({
      userId: users.id,
      username: users.username,
      role: users.role,
      employeeId: users.employeeId,
      locale: users.locale,
      isActive: users.isActive,
      orgId: orgs.id,
      orgName: orgs.name,
      orgTimeZone: orgs.timeZone,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)))
    .limit(1);
  if (!row?.isActive) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > 5 * 60_000) {
    await deps.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  }
  return {
    userId: row.userId,
    username: row.username,
    role: row.role as Role,
    employeeId: row.employeeId,
    locale: row.locale as Locale,
    orgId: row.orgId,
    orgName: row.orgName,
    orgTimeZone: row.orgTimeZone,
    sessionTokenHash: tokenHash,
  };
}

export async function logout(deps: Deps, auth: AuthContext, actor: AuditActor): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.tokenHash, auth.sessionTokenHash));
    await appendAudit(tx, actor, { action: 'auth.logout', entityType: 'user', entityId: auth.userId }, deps.clock());
  });
}

/** Changes the caller's password and ends every other session of theirs; the current one is replaced. */
export async function changeOwnPassword(
  deps: Deps,
  auth: AuthContext,
  input: { currentPassword: string; newPassword: string },
  actor: AuditActor,
  meta: { ip?: string; userAgent?: string },
): Promise<NewSession> {
  const [user] = await deps.db.select().from(users).where(eq(users.id, auth.userId));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    return fail('AUTH_WRONG_PASSWORD', [{ field: 'currentPassword', code: 'AUTH_WRONG_PASSWORD' }]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: now, updatedAt: now }).where(eq(users.id, user.id));
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    const session = await createSession(tx as unknown as Db, deps, user, meta);
    await appendAudit(tx, actor, { action: 'user.password_changed', entityType: 'user', entityId: user.id }, now);
    return session;
  });
}

export async function updateOwnLocale(deps: Deps, auth: AuthContext, locale: Locale, actor: AuditActor) {
  await deps.db.transaction(async (tx) => {
    await tx.update(users).set({ locale, updatedAt: deps.clock() }).where(eq(users.id, auth.userId));
    await appendAudit(
      tx,
      actor,
      {
        action: 'user.locale_changed',
        entityType: 'user',
        entityId: auth.userId,
        before: { locale: auth.locale },
        after: { locale },
      },
      deps.clock(),
    );
  });
}

export async function displayNameOf(db: Db, auth: AuthContext): Promise<string> {
  if (!auth.employeeId) return auth.username;
  const [e] = await db.select({ name: employees.name }).from(employees).where(eq(employees.id, auth.employeeId));
  return e?.name ?? auth.username;
}

/** Ends all sessions of a user except, optionally, one. */
export async function endSessions(db: Db, userId: string, exceptTokenHash?: string) {
  await db
    .delete(sessions)
    .where(
      exceptTokenHash
        ? and(eq(sessions.userId, userId), ne(sessions.tokenHash, exceptTokenHash))
        : eq(sessions.userId, userId),
    );
}
