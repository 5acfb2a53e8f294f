import { and, eq, lt, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { idempotencyKeys } from '../db/schema';
import { canonicalJson } from './crypto';
import type { Deps } from './deps';
import { sendProblem } from './problem';

const RETENTION_MS = 24 * 3600_000;
/** A key still "in progress" after this long belongs to a request that died; a retry may run again. */
const ABANDONED_MS = 5 * 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey: string | null;
  }
  interface FastifyContextConfig {
    /** Creates that a client may retry opt in; never reads of personal data or credential changes. */
    idempotent?: boolean;
  }
}

/**
 * Creates that a client may retry (routes with `config.idempotent`) accept `Idempotency-Key`: the first request runs, later ones with the
 * same key and the same body get the stored answer (header `Idempotent-Replayed: true`), and the same key
 * with a different body is refused. Keys are per user and kept for a day.
 */
export function installIdempotency(app: FastifyInstance, deps: Deps) {
  app.decorateRequest('idempotencyKey', null);

  app.addHook('preHandler', async (req, reply) => {
    const header = req.headers['idempotency-key'];
    if (header === undefined || !req.auth || !req.routeOptions.config?.idempotent) return;
    if (typeof header !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(header)) {
      return sendProblem(req, reply, 'IDEMPOTENCY_KEY_INVALID', [
        { field: 'Idempotency-Key', code: 'IDEMPOTENCY_KEY_INVALID' },
      ]);
    }
    const { orgId, userId } = req.auth;
    const now = deps.clock();
    // Keyed, because a body may hold a password: a plain hash of it could be cracked from a dump.
    const requestHash = deps.cipher.mac(`${req.method} ${req.url}\n${canonicalJson(req.body ?? null)}`);
    const where = and(
      eq(idempotencyKeys.orgId, orgId),
      eq(idempotencyKeys.userId, userId),
      eq(idempotencyKeys.key, header),
    );
    await deps.db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - RETENTION_MS)));
    const inserted = await deps.db
      .insert(idempotencyKeys)
      .values({ orgId, userId, key: header, requestHash, createdAt: now })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length) {
      req.idempotencyKey = header;
      return;
    }
    const [prior] = await deps.db.select().from(idempotencyKeys).where(where);
    if (!prior) return;
    if (prior.requestHash !== requestHash) return sendProblem(req, reply, 'IDEMPOTENCY_KEY_REUSED');
    if (prior.statusCode === null) {
      if (now.getTime() - prior.createdAt.getTime() < ABANDONED_MS)
        return sendProblem(req, reply, 'IDEMPOTENCY_IN_PROGRESS');
      await deps.db.update(idempotencyKeys).set({ createdAt: now }).where(where);
      req.idempotencyKey = header;
      return;
    }
    reply.code(prior.statusCode).header('idempotent-replayed', 'true');
    if (prior.contentType) reply.type(prior.contentType);
    return reply.send(prior.responseBody ?? '');
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.idempotencyKey || !req.auth) return payload;
    const where = and(
      eq(idempotencyKeys.orgId, req.auth.orgId),
      eq(idempotencyKeys.userId, req.auth.userId),
      eq(idempotencyKeys.key, req.idempotencyKey),
    );
    if (reply.statusCode >= 500) {
      // Nothing was done: let the retry run.
      await deps.db.delete(idempotencyKeys).where(where);
      return payload;
    }
    await deps.db
      .update(idempotencyKeys)
      .set({
        statusCode: reply.statusCode,
        contentType: String(reply.getHeader('content-type') ?? ''),
        responseBody: typeof payload === 'string' ? payload : payload == null ? '' : String(payload),
        completedAt: sql`now()`,
      })
      .where(where);
    return payload;
  });
}
