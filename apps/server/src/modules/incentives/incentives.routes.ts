import {
  bonusRunApprove,
  bonusRunDetail,
  bonusRunList,
  bonusRunRequest,
  bonusSchemeBody,
  bonusSchemeList,
  bonusSchemeUpdate,
  bonusSchemeView,
  commissionPlanBody,
  commissionPlanList,
  commissionPlanUpdate,
  commissionPlanView,
  commissionStatement,
  commissionStatementList,
  payrollExportQuery,
  recommendationList,
  statementQuery,
} from '@stride/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendAttachment, XLSX_TYPE } from '../../lib/attachment';
import type { Deps } from '../../lib/deps';
import { incentiveCtx } from './context';
import { createPlan, listPlans, updatePlan } from './plans.service';
import { listRecommendations } from './recommendations.service';
import { approveRun, getRun, listRuns, payrollFile, runBonus, runLines } from './runs.service';
import { createScheme, listSchemes, updateScheme } from './schemes.service';
import { getStatement, listStatements, statementsWorkbook } from './statements.service';

const idParams = z.object({ id: z.uuid() });
const hr = ['admin', 'hr'] as const;
const readers = ['admin', 'hr', 'manager'] as const;
const everyone = ['admin', 'hr', 'manager', 'employee'] as const;
const tags = ['incentives'];

/** Incentives (持续激励): bonus schemes and runs, commission plans and statements, recommendations. */
export const incentivesRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const ctxOf = (req: Parameters<typeof incentiveCtx>[1]) => incentiveCtx(deps, req);

  app.get(
    '/commission-plans',
    {
      config: { access: everyone },
      schema: {
        tags,
        summary: 'Commission plans of the organization (the rules; no one’s figures)',
        response: { 200: commissionPlanList },
      },
    },
    async (req) => ({ items: await listPlans(deps.db, await ctxOf(req)) }),
  );

  app.post(
    '/commission-plans',
    {
      config: { access: hr, idempotent: true },
      schema: {
        tags,
        summary: 'Create a commission plan',
        description:
          'Tiers are marginal and must be contiguous from 0, ascending, with the last open-ended and rates 0–100%; ' +
          'otherwise COMMISSION_TIERS_INVALID with the field of each problem (e.g. tiers.2.from TIER_GAP) and nothing stored.',
        body: commissionPlanBody,
        response: { 200: commissionPlanView },
      },
    },
    async (req) => createPlan(deps.db, await ctxOf(req), req.body),
  );

  app.put(
    '/commission-plans/:id',
    {
      config: { access: hr },
      schema: {
        tags,
        summary: 'Edit a commission plan (optimistic version)',
        params: idParams,
        body: commissionPlanUpdate,
        response: { 200: commissionPlanView },
      },
    },
    async (req) => updatePlan(deps.db, await ctxOf(req), req.params.id, req.body),
  );

  app.get(
    '/commission-plans/:id/statements',
    {
      config: { access: everyone },
      schema: {
        tags,
        summary: 'Statements of a period for the people in the caller’s scope (an employee: their own)',
        params: idParams,
        querystring: statementQuery,
        response: { 200: commissionStatementList },
      },
    },
    async (req) => listStatements(deps.db, await ctxOf(req), req.params.id, req.query.periodStart),
  );

  app.get(
    '/commission-plans/:id/statements/:employeeId',
    {
      config: { access: everyone },
      schema: {
        tags,
        summary: 'One person’s statement of a period, every line explained',
        params: z.object({ id: z.uuid(), employeeId: z.uuid() }),
        querystring: statementQuery,
        response: { 200: commissionStatement },
      },
    },
    async (req) => getStatement(deps.db, await ctxOf(req), req.params.id, req.query.periodStart, req.params.employeeId),
  );

  app.get(
    '/commission-plans/:id/statements.xlsx',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Statements of a period as a spreadsheet for payroll',
        params: idParams,
        querystring: statementQuery,
      },
    },
    async (req, reply) => {
      const file = await statementsWorkbook(
        deps.db,
        await ctxOf(req),
        req.params.id,
        req.query.periodStart,
        req.locale,
      );
      return sendAttachment(reply, { type: XLSX_TYPE, fallback: 'commission.xlsx', ...file });
    },
  );

  app.get(
    '/bonus-schemes',
    {
      config: { access: readers },
      schema: { tags, summary: 'Bonus schemes of the organization', response: { 200: bonusSchemeList } },
    },
    async (req) => ({ items: await listSchemes(deps.db, await ctxOf(req)) }),
  );

  app.post(
    '/bonus-schemes',
    {
      config: { access: hr, idempotent: true },
      schema: { tags, summary: 'Create a bonus scheme', body: bonusSchemeBody, response: { 200: bonusSchemeView } },
    },
    async (req) => createScheme(deps.db, await ctxOf(req), req.body),
  );

  app.put(
    '/bonus-schemes/:id',
    {
      config: { access: hr },
      schema: {
        tags,
        summary: 'Edit a bonus scheme (optimistic version)',
        params: idParams,
        body: bonusSchemeUpdate,
        response: { 200: bonusSchemeView },
      },
    },
    async (req) => updateScheme(deps.db, await ctxOf(req), req.params.id, req.body),
  );

  app.post(
    '/bonus-schemes/:id/runs',
    {
      config: { access: hr },
      schema: {
        tags,
        summary: 'Compute the bonus of a published or closed review cycle (re-running a draft replaces it)',
        params: idParams,
        body: bonusRunRequest,
        response: { 200: bonusRunDetail },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      const runId = await runBonus(deps.db, ctx, req.params.id, req.body.cycleId);
      return { ...(await getRun(deps.db, ctx, runId)), lines: await runLines(deps.db, ctx, runId, req.locale) };
    },
  );

  app.get(
    '/bonus-runs',
    {
      config: { access: everyone },
      schema: {
        tags,
        summary: 'Bonus runs (an employee: approved runs with their own line)',
        response: { 200: bonusRunList },
      },
    },
    async (req) => ({ items: await listRuns(deps.db, await ctxOf(req)) }),
  );

  app.get(
    '/bonus-runs/:id',
    {
      config: { access: everyone },
      schema: {
        tags,
        summary: 'A bonus run with the lines in the caller’s scope, each explained',
        params: idParams,
        response: { 200: bonusRunDetail },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      const run = await getRun(deps.db, ctx, req.params.id);
      return { ...run, lines: await runLines(deps.db, ctx, run.id, req.locale) };
    },
  );

  app.post(
    '/bonus-runs/:id/approve',
    {
      config: { access: hr },
      schema: {
        tags,
        summary: 'Approve a draft run: it becomes immutable and exportable to payroll',
        params: idParams,
        body: bonusRunApprove,
        response: { 200: bonusRunDetail },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      await approveRun(deps.db, ctx, req.params.id, req.body.version);
      return {
        ...(await getRun(deps.db, ctx, req.params.id)),
        lines: await runLines(deps.db, ctx, req.params.id, req.locale),
      };
    },
  );

  app.get(
    '/bonus-runs/:id/payroll',
    {
      config: { access: hr },
      schema: {
        tags,
        summary: 'An approved run for payroll (XLSX or CSV): employee number, amount, period, scheme',
        params: idParams,
        querystring: payrollExportQuery,
      },
    },
    async (req, reply) => {
      const file = await payrollFile(deps.db, await ctxOf(req), req.params.id, req.locale, req.query.format);
      return sendAttachment(reply, {
        type: file.type === 'xlsx' ? XLSX_TYPE : file.type,
        fallback: `bonus.${req.query.format}`,
        filename: file.filename,
        buffer: file.buffer,
      });
    },
  );

  app.get(
    '/incentive-recommendations',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Promotion and incentive recommendations from the last two published cycles, for HR to review',
        response: { 200: recommendationList },
      },
    },
    async (req) => listRecommendations(deps.db, await ctxOf(req)),
  );
};
