import { and, asc, desc, eq, gt, gte, lt, lte, type SQL } from 'drizzle-orm';
import { type Db, type DbOrTx, lockForOrg } from '../../db/client';
import { auditEvents, auditHeads } from '../../db/schema';
import { canonicalJson, sha256Hex } from '../../lib/crypto';

export interface AuditActor {
  orgId: string;
  userId?: string | null;
  username?: string | null;
  requestId?: string | null;
  ip?: string | null;
}

export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

const GENESIS = 'GENESIS';

type ChainFields = {
  orgId: string;
  seq: number;
  at: Date;
  actorUserId: string | null;
  actorUsername: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
};

function chainHash(prevHash: string, e: ChainFields): string {
  return sha256Hex(
    `${prevHash}\n${canonicalJson({
      orgId: e.orgId,
      seq: e.seq,
      at: e.at.toISOString(),
      actorUserId: e.actorUserId,
      actorUsername: e.actorUsername,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      before: e.before ?? null,
      after: e.after ?? null,
      requestId: e.requestId,
      ip: e.ip,
    })}`,
  );
}

/**
 * Appends one event to the organization's chain. Call inside the transaction that makes the change,
 * so the change and its audit record commit together; the advisory lock serializes writers per org
 * across processes.
 */
export async function appendAudit(tx: DbOrTx, actor: AuditActor, input: AuditInput, at: Date): Promise<void> {
  await lockForOrg(tx, 'audit', actor.orgId);
  const [last] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(eq(auditEvents.orgId, actor.orgId))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const fields: ChainFields = {
    orgId: actor.orgId,
    seq: (last?.seq ?? 0) + 1,
    at,
    actorUserId: actor.userId ?? null,
    actorUsername: actor.username ?? null,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    before: input.before ?? null,
    after: input.after ?? null,
    requestId: actor.requestId ?? null,
    ip: actor.ip ?? null,
  };
  const prevHash = last?.hash ?? GENESIS;
  const hash = chainHash(prevHash, fields);
  await tx.insert(auditEvents).values({ ...fields, prevHash, hash });
  await tx
    .insert(auditHeads)
    .values({ orgId: actor.orgId, seq: fields.seq, hash })
    .onConflictDoUpdate({ target: auditHeads.orgId, set: { seq: fields.seq, hash } });
}

/**
 * Records that personal data left Stride as a file: who (the actor), what (the action), which entity, and how
 * many rows the file holds. A download changes nothing else, so the event gets its own short transaction;
 * callers record it before sending the file, so that no download goes unrecorded.
 */
export function auditExport(
  db: Db,
  actor: AuditActor,
  input: Omit<AuditInput, 'before' | 'after'> & { after: { rows: number } & Record<string, unknown> },
  at: Date,
): Promise<void> {
  return db.transaction((tx) => appendAudit(tx, actor, input, at));
}

export interface AuditFilter {
  orgId: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

/** Newest first; the cursor is the last seq seen. */
export async function findAuditEvents(db: Db, f: AuditFilter) {
  const conds: SQL[] = [eq(auditEvents.orgId, f.orgId)];
  if (f.action) conds.push(eq(auditEvents.action, f.action));
  if (f.entityType) conds.push(eq(auditEvents.entityType, f.entityType));
  if (f.entityId) conds.push(eq(auditEvents.entityId, f.entityId));
  if (f.actorUserId) conds.push(eq(auditEvents.actorUserId, f.actorUserId));
  if (f.from) conds.push(gte(auditEvents.at, new Date(f.from)));
  if (f.to) conds.push(lte(auditEvents.at, new Date(f.to)));
  const total = await db.$count(auditEvents, and(...conds));
  const cursorSeq = f.cursor && /^\d+$/.test(f.cursor) ? Number(f.cursor) : undefined;
  if (cursorSeq !== undefined) conds.push(lt(auditEvents.seq, cursorSeq));
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...conds))
    .orderBy(desc(auditEvents.seq))
    .limit(f.limit + 1);
  const hasMore = rows.length > f.limit;
  const items = rows.slice(0, f.limit);
  return { items, total, nextCursor: hasMore ? String(items[items.length - 1].seq) : null };
}

/** Recomputes every hash of one organization's chain (or of every organization). */
export async function verifyAuditChain(db: Db, orgId?: string) {
  const orgIds = orgId ? [orgId] : (await db.select({ orgId: auditHeads.orgId }).from(auditHeads)).map((r) => r.orgId);
  let checked = 0;
  for (const id of orgIds) {
    let prevHash = GENESIS;
    let expectedSeq = 1;
    let afterSeq = 0;
    for (;;) {
      const rows = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.orgId, id), gt(auditEvents.seq, afterSeq)))
        .orderBy(asc(auditEvents.seq))
        .limit(1000);
      if (rows.length === 0) break;
      for (const r of rows) {
        const ok = r.seq === expectedSeq && r.prevHash === prevHash && chainHash(prevHash, r as ChainFields) === r.hash;
        if (!ok) return { ok: false, checked, firstBrokenSeq: r.seq, orgId: id };
        prevHash = r.hash;
        expectedSeq++;
        checked++;
      }
      afterSeq = rows[rows.length - 1].seq;
    }
    // The chain must end where the head says: otherwise its newest events were removed.
    const [head] = await db.select().from(auditHeads).where(eq(auditHeads.orgId, id));
    if (head && (head.seq !== expectedSeq - 1 || head.hash !== prevHash)) {
      return { ok: false, checked, firstBrokenSeq: expectedSeq, orgId: id };
    }
  }
  return { ok: true, checked, firstBrokenSeq: null, orgId: orgId ?? null };
}
