import { createPositionRequest, position, positionList, updatePositionRequest, uuid } from '@stride/contracts';
import { and, asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { positions } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { actorOf, authOf } from '../../lib/http';
import { appendAudit } from '../audit/audit.service';

const present = (p: typeof positions.$inferSelect) => ({
  id: p.id,
  name: p.name,
  jobFamily: p.jobFamily,
  level: p.level,
});

export const positionsRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/positions',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['positions'], summary: 'List positions', response: { 200: positionList } },
    },
    async (req) => {
      const rows = await deps.db
        .select()
        .from(positions)
        .where(eq(positions.orgId, authOf(req).orgId))
        .orderBy(asc(positions.jobFamily), asc(positions.level), asc(positions.name));
      return { items: rows.map(present) };
    },
  );

  app.post(
    '/positions',
    {
      config: { access: ['admin', 'hr'], idempotent: true },
      schema: {
        tags: ['positions'],
        summary: 'Create a position',
        body: createPositionRequest,
        response: { 201: position },
      },
    },
    async (req, reply) => {
      const now = deps.clock();
      const row = await deps.db.transaction(async (tx) => {
        const [created] = await tx
          .insert(positions)
          .values({ ...req.body, orgId: authOf(req).orgId, createdAt: now, updatedAt: now })
          .returning();
        await appendAudit(
          tx,
          actorOf(req),
          { action: 'position.created', entityType: 'position', entityId: created.id, after: present(created) },
          now,
        );
        return created;
      });
      return reply.code(201).send(present(row));
    },
  );

  app.patch(
    '/positions/:id',
    {
      config: { access: ['admin', 'hr'] },
      schema: {
        tags: ['positions'],
        summary: 'Update a position',
        params: z.object({ id: uuid }),
        body: updatePositionRequest,
        response: { 200: position },
      },
    },
    async (req) => {
      const now = deps.clock();
      const where = and(eq(positions.id, req.params.id), eq(positions.orgId, authOf(req).orgId));
      return deps.db.transaction(async (tx) => {
        const [before] = await tx.select().from(positions).where(where).for('update');
        if (!before) return fail('POSITION_NOT_FOUND');
        const [after] = await tx
          .update(positions)
          .set({ ...req.body, updatedAt: now })
          .where(where)
          .returning();
        await appendAudit(
          tx,
          actorOf(req),
          {
            action: 'position.updated',
            entityType: 'position',
            entityId: after.id,
            before: present(before),
            after: present(after),
          },
          now,
        );
        return present(after);
      });
    },
  );
};
