import {
  acknowledgePlanRequest,
  addCheckInRequest,
  cancelPlanRequest,
  createPlanRequest,
  evaluatePlanRequest,
  planList,
  planListQuery,
  planView,
  recordOutcomeRequest,
  recordRefusalRequest,
  updatePlanRequest,
} from '@stride/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DOCX_TYPE, sendAttachment } from '../../lib/attachment';
import type { Deps } from '../../lib/deps';
import { callerOf } from '../access/caller';
import { planDocument } from './plans.document';
import { findPlans, getPlan, type PlanCtx } from './plans.read';
import {
  activatePlan,
  addCheckIn,
  cancelPlan,
  createPlan,
  evaluatePlan,
  recordOutcome,
  updateDraftPlan,
} from './plans.service';

const idParams = z.object({ id: z.uuid() });
const everyone = ['admin', 'hr', 'manager', 'employee'] as const;
const owners = ['admin', 'hr', 'manager'] as const;
const hrOnly = ['admin', 'hr'] as const;
const tags = ['plans'];

/**
 * Improvement plans (绩效改进计划): HR and admins for the whole organization, a manager for the people of
 * their units; the coach reads and adds check-ins; the person reads and acknowledges their own.
 */
export const planRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const ctxOf = (req: FastifyRequest): Promise<PlanCtx> => callerOf(deps, req);
  const action = <B extends z.ZodType>(
    path: string,
    access: readonly ('admin' | 'hr' | 'manager' | 'employee')[],
    summary: string,
    body: B,
    run: (ctx: PlanCtx, id: string, body: z.output<B>) => Promise<unknown>,
  ) =>
    app.post(
      `/plans/:id/${path}`,
      { config: { access }, schema: { tags, summary, params: idParams, body, response: { 200: planView } } },
      async (req) => {
        const ctx = await ctxOf(req);
        await run(ctx, req.params.id, req.body as z.output<B>);
        return getPlan(deps.db, ctx, req.params.id, req.locale);
      },
    );

  app.get(
    '/plans',
    {
      config: { access: everyone },
      schema: {
        tags,
        summary: 'Improvement plans in the caller’s scope, newest first',
        querystring: planListQuery,
        response: { 200: planList },
      },
    },
    async (req) => ({ items: await findPlans(deps.db, await ctxOf(req), req.query, req.locale) }),
  );

  app.get(
    '/employees/:id/plans',
    {
      config: { access: everyone },
      schema: {
        tags,
        summary: 'A person’s improvement plans the caller may see',
        params: idParams,
        response: { 200: planList },
      },
    },
    async (req) => ({ items: await findPlans(deps.db, await ctxOf(req), { employeeId: req.params.id }, req.locale) }),
  );

  app.post(
    '/plans',
    {
      config: { access: owners, idempotent: true },
      schema: {
        tags,
        summary: 'Create an improvement plan (draft) for a person in scope, from an alert, a pool entry or by hand',
        body: createPlanRequest,
        response: { 201: planView },
      },
    },
    async (req, reply) => {
      const ctx = await ctxOf(req);
      const id = await createPlan(deps, ctx, req.body);
      return reply.code(201).send(await getPlan(deps.db, ctx, id, req.locale));
    },
  );

  app.put(
    '/plans/:id',
    {
      config: { access: owners },
      schema: {
        tags,
        summary:
          'Edit a draft plan (before the person acknowledges it): dates, goals, check-ins, courses, coach, owner',
        params: idParams,
        body: updatePlanRequest,
        response: { 200: planView },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      await updateDraftPlan(deps, ctx, req.params.id, req.body);
      return getPlan(deps.db, ctx, req.params.id, req.locale);
    },
  );

  app.get(
    '/plans/:id',
    {
      config: { access: everyone },
      schema: { tags, summary: 'One improvement plan', params: idParams, response: { 200: planView } },
    },
    async (req) => getPlan(deps.db, await ctxOf(req), req.params.id, req.locale),
  );

  action(
    'acknowledge',
    everyone,
    'The person acknowledges their plan; it starts',
    acknowledgePlanRequest,
    (ctx, id, b) => activatePlan(deps, ctx, id, { kind: 'signed', version: b.version }),
  );
  action(
    'refusal',
    hrOnly,
    'HR records that the person refused to sign, with a witness note; the plan starts',
    recordRefusalRequest,
    (ctx, id, b) => activatePlan(deps, ctx, id, { kind: 'refused', ...b }),
  );
  action('check-ins', everyone, 'Add a check-in (owner, HR or the coach)', addCheckInRequest, (ctx, id, b) =>
    addCheckIn(deps, ctx, id, b),
  );
  action('evaluations', owners, 'Record the midpoint or final evaluation', evaluatePlanRequest, (ctx, id, b) =>
    evaluatePlan(deps, ctx, id, b),
  );
  action(
    'outcome',
    hrOnly,
    'HR records the outcome: passed, failed, or extended (once only)',
    recordOutcomeRequest,
    (ctx, id, b) => recordOutcome(deps, ctx, id, b),
  );
  action('cancel', owners, 'Cancel a plan before its outcome, with a reason', cancelPlanRequest, (ctx, id, b) =>
    cancelPlan(deps, ctx, id, b),
  );

  app.get(
    '/plans/:id/document.docx',
    {
      config: { access: everyone },
      schema: { tags, summary: 'The plan document (绩效改进计划书) as DOCX', params: idParams },
    },
    async (req, reply) => {
      const file = await planDocument(deps, await ctxOf(req), req.params.id);
      return sendAttachment(reply, { type: DOCX_TYPE, fallback: 'improvement-plan.docx', ...file });
    },
  );
};
