import {
  alertSettingsBody,
  alertSettingsView,
  buildPoolRequest,
  optimizationListQuery,
  optimizationList as optimizationListSchema,
  poolBuildResult,
  poolDecisionRequest,
  poolDetail,
  poolEntryView,
  poolList,
} from '@stride/contracts';
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendAttachment, XLSX_TYPE } from '../../lib/attachment';
import { todayIn } from '../../lib/dates';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { actorOf, authOf } from '../../lib/http';
import { resolveScope } from '../access/scope';
import {
  findEntries,
  getOptimizationList,
  getPool,
  getPoolDetail,
  listPools,
  type PoolCtx,
  poolWorkbook,
} from './pool.read';
import { decide, requestBuild } from './pool.service';
import { getPoolSettings, updatePoolSettings } from './settings.service';

const idParams = z.object({ id: z.uuid() });
const hr = ['admin', 'hr'] as const;
const readers = ['admin', 'hr', 'manager'] as const;
const tags = ['low-performer pool'];

/** The low-performer pool (低绩效人员池), the optimization list (优化清单), decisions and the pool policy. */
export const poolRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const ctxOf = async (req: FastifyRequest): Promise<PoolCtx> => {
    const auth = authOf(req);
    const now = deps.clock();
    return {
      auth,
      actor: actorOf(req),
      scope: await resolveScope(deps.db, auth),
      today: todayIn(auth.orgTimeZone, now),
      now,
    };
  };

  app.get(
    '/low-performer-pools',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Pools of the organization, newest first, with counts of the people in the caller’s scope',
        response: { 200: poolList },
      },
    },
    async (req) => ({ items: await listPools(deps.db, await ctxOf(req)) }),
  );

  app.post(
    '/low-performer-pools/build',
    {
      config: { access: hr },
      schema: {
        tags,
        summary: 'Build or rebuild the pool of a closed period (suggestions are replaced, decisions kept)',
        description:
          'The period type is the organization’s poolPeriodType. A period that has not ended is refused with ' +
          'POOL_PERIOD_NOT_CLOSED; a date that does not start a period with PERIOD_START_NOT_ALIGNED.',
        body: buildPoolRequest,
        response: { 200: poolBuildResult },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      const result = await requestBuild(deps, ctx, req.body.periodStart);
      const pool = await getPool(deps.db, ctx, result.poolId);
      return { ...pool, added: result.added, updated: result.updated, removed: result.removed };
    },
  );

  app.get(
    '/low-performer-pools/:id',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'A pool with its entries: a manager sees the people of the units they lead only',
        params: idParams,
        response: { 200: poolDetail },
      },
    },
    async (req) => getPoolDetail(deps.db, await ctxOf(req), req.params.id),
  );

  app.get(
    '/low-performer-pools/:id/export.xlsx',
    {
      config: { access: readers },
      schema: { tags, summary: 'The pool (people in the caller’s scope) as a spreadsheet', params: idParams },
    },
    async (req, reply) => {
      const file = await poolWorkbook(deps.db, await ctxOf(req), req.params.id, req.locale);
      return sendAttachment(reply, { type: XLSX_TYPE, fallback: 'low-performer-pool.xlsx', ...file });
    },
  );

  app.post(
    '/pool-entries/:id/decision',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Record the decision on an entry (a manager for their people, HR for anyone but themselves)',
        description:
          'The decision is a person’s; Stride records it. exit_review is refused (POOL_EXIT_REVIEW_NOT_ALLOWED) ' +
          'unless the suggestion is transfer_or_exit_review or the person is on the optimization list.',
        params: idParams,
        body: poolDecisionRequest,
        response: { 200: poolEntryView },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      await decide(deps, ctx, req.params.id, req.body);
      const [entry] = await findEntries(deps.db, ctx, sql`pe.id = ${req.params.id}`);
      return entry ?? fail('POOL_ENTRY_NOT_FOUND');
    },
  );

  app.get(
    '/optimization-list',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'The optimization list (优化清单) of a pool, the latest when none is named, in the caller’s scope',
        querystring: optimizationListQuery,
        response: { 200: optimizationListSchema },
      },
    },
    async (req) => getOptimizationList(deps.db, await ctxOf(req), req.query.poolId),
  );

  app.get(
    '/alert-settings',
    {
      config: { access: hr },
      schema: {
        tags,
        summary: 'How often the pool is built and the policy behind suggestions and the optimization list',
        response: { 200: alertSettingsView },
      },
    },
    async (req) => {
      const s = await getPoolSettings(deps.db, authOf(req).orgId);
      return { ...s, updatedAt: s.updatedAt?.toISOString() ?? null };
    },
  );

  app.put(
    '/alert-settings',
    {
      config: { access: hr },
      schema: {
        tags,
        summary: 'Change the pool period type and policy (thresholds may not be negative; the metric must exist)',
        body: alertSettingsBody,
        response: { 200: alertSettingsView },
      },
    },
    async (req) => {
      const s = await updatePoolSettings(deps, actorOf(req), req.body);
      return { ...s, updatedAt: s.updatedAt?.toISOString() ?? null };
    },
  );
};
