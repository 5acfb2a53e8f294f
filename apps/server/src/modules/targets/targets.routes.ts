import {
  agreeTargetRequest,
  fairnessQuery,
  fairnessReport as fairnessReportSchema,
  proposeTargetRequest,
  setTargetRequest,
  splitTargetRequest,
  splitTargetResponse,
  targetHistory as targetHistorySchema,
  targetList,
  targetQuery,
  targetView,
  updateTargetRequest,
} from '@stride/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { todayIn } from '../../lib/dates';
import type { Deps } from '../../lib/deps';
import { actorOf, authOf } from '../../lib/http';
import { resolveScope } from '../access/scope';
import { fairnessReport } from './fairness.service';
import type { TargetCtx } from './targets.access';
import { findTargets, presentTargets, targetHistory } from './targets.read';
import { agreeTarget, proposeTarget, setTarget, splitTarget, updateTarget } from './targets.service';

const idParams = z.object({ id: z.uuid() });
const managers = ['admin', 'hr', 'manager'] as const;

export const targetsRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const ctxOf = async (req: FastifyRequest): Promise<TargetCtx> => {
    const auth = authOf(req);
    return {
      auth,
      actor: actorOf(req),
      scope: await resolveScope(deps.db, auth),
      today: todayIn(auth.orgTimeZone, deps.clock()),
    };
  };
  const one = async (ctx: TargetCtx, id: string, req: FastifyRequest) =>
    (await presentTargets(deps.db, ctx, [id], req.locale))[0];

  app.get(
    '/targets',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['targets'],
        summary: 'Targets in the caller’s scope, with actual values, attainment, status and lock',
        querystring: targetQuery,
        response: { 200: targetList },
      },
    },
    async (req) => ({ items: await findTargets(deps.db, await ctxOf(req), req.query, req.locale) }),
  );

  app.post(
    '/targets',
    {
      config: { access: managers, idempotent: true },
      schema: {
        tags: ['targets'],
        summary: 'Set a person’s or a team’s target (agreed at once); after the period started: HR, with a reason',
        body: setTargetRequest,
        response: { 201: targetView },
      },
    },
    async (req, reply) => {
      const ctx = await ctxOf(req);
      const row = await setTarget(deps, ctx, req.body);
      return reply.code(201).send(await one(ctx, row.id, req));
    },
  );

  app.post(
    '/targets/propose',
    {
      config: { access: 'authenticated', idempotent: true },
      schema: {
        tags: ['targets'],
        summary: 'Propose one’s own target; the manager agrees or counters',
        body: proposeTargetRequest,
        response: { 201: targetView },
      },
    },
    async (req, reply) => {
      const ctx = await ctxOf(req);
      const row = await proposeTarget(deps, ctx, req.body);
      return reply.code(201).send(await one(ctx, row.id, req));
    },
  );

  app.get(
    '/targets/fairness',
    {
      config: { access: managers },
      schema: {
        tags: ['targets'],
        summary: 'Per team, the share of people who reached their target in the last completed periods',
        querystring: fairnessQuery,
        response: { 200: fairnessReportSchema },
      },
    },
    async (req) => fairnessReport(deps.db, await ctxOf(req), req.query, req.locale),
  );

  app.put(
    '/targets/:id',
    {
      config: { access: managers },
      schema: {
        tags: ['targets'],
        summary: 'Change a target before its period starts; afterwards HR or admin only, with a reason',
        params: idParams,
        body: updateTargetRequest,
        response: { 200: targetView },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      await updateTarget(deps, ctx, req.params.id, req.body);
      return one(ctx, req.params.id, req);
    },
  );

  app.post(
    '/targets/:id/agree',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['targets'],
        summary: 'Agree to the proposed value, or counter it with another value',
        params: idParams,
        body: agreeTargetRequest,
        response: { 200: targetView },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      await agreeTarget(deps, ctx, req.params.id, req.body);
      return one(ctx, req.params.id, req);
    },
  );

  app.post(
    '/targets/:id/split',
    {
      config: { access: managers },
      schema: {
        tags: ['targets'],
        summary: 'Split a team target into the targets of people of the team',
        params: idParams,
        body: splitTargetRequest,
        response: { 200: splitTargetResponse },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      const { parent, children } = await splitTarget(deps, ctx, req.params.id, req.body);
      const [presentedParent] = await presentTargets(deps.db, ctx, [parent.id], req.locale);
      return {
        parent: presentedParent,
        children: await presentTargets(
          deps.db,
          ctx,
          children.map((c) => c.id),
          req.locale,
        ),
      };
    },
  );

  app.get(
    '/targets/:id/history',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['targets'],
        summary: 'Every step of a target: proposals, counter-proposals, agreement, splits, changes after the lock',
        params: idParams,
        response: { 200: targetHistorySchema },
      },
    },
    async (req) => ({ targetId: req.params.id, items: await targetHistory(deps.db, await ctxOf(req), req.params.id) }),
  );
};
