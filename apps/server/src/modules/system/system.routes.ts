import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../lib/deps';

/** Liveness (the process answers) and readiness (the database answers). */
export const systemRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await deps.database.ping();
      return { status: 'ready', database: deps.database.kind };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
};
