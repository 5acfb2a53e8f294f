import { auditListQuery, auditPage, auditVerifyResponse } from '@stride/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../lib/deps';
import { authOf } from '../../lib/http';
import { findAuditEvents, verifyAuditChain } from './audit.service';

export const auditRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/audit-events',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['audit'],
        summary: 'Browse the audit trail, newest first',
        querystring: auditListQuery,
        response: { 200: auditPage },
      },
    },
    async (req) => {
      const page = await findAuditEvents(deps.db, { ...req.query, orgId: authOf(req).orgId });
      return {
        ...page,
        items: page.items.map((e) => ({
          id: String(e.id),
          seq: e.seq,
          at: e.at.toISOString(),
          actor: e.actorUserId ? { id: e.actorUserId, username: e.actorUsername ?? '' } : null,
          action: e.action,
          entityType: e.entityType,
          entityId: e.entityId,
          before: (e.before as Record<string, unknown> | null) ?? null,
          after: (e.after as Record<string, unknown> | null) ?? null,
          requestId: e.requestId,
          ip: e.ip,
          hash: e.hash,
        })),
      };
    },
  );

  app.get(
    '/audit-events/verify',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['audit'],
        summary: 'Recompute the organization’s hash chain',
        response: { 200: auditVerifyResponse },
      },
    },
    async (req) => {
      const r = await verifyAuditChain(deps.db, authOf(req).orgId);
      return { ok: r.ok, checked: r.checked, firstBrokenSeq: r.firstBrokenSeq };
    },
  );
};
