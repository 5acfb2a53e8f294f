import {
  adjustGradeRequest,
  appealList,
  appealRequest,
  appealView,
  calibrationBoard as calibrationBoardSchema,
  calibrationQuery,
  createCycleRequest,
  cycleActionRequest,
  cycleList,
  cycleView,
  decideAppealRequest,
  inbox as inboxSchema,
  participantList,
  participantQuery,
  participantRow,
  personResult as personResultSchema,
  ratingChangeList,
  reviewFormView,
  saveFormRequest,
  teamResultQuery,
  teamResult as teamResultSchema,
  updateCycleRequest,
} from '@stride/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendAttachment, XLSX_TYPE } from '../../lib/attachment';
import { todayIn } from '../../lib/dates';
import type { Deps } from '../../lib/deps';
import { actorOf, authOf } from '../../lib/http';
import { resolveScope } from '../access/scope';
import { acknowledge, appeal, decideAppeal, listAppeals } from './appeals.service';
import {
  adjustGrade,
  calibrationBoard,
  ratingChangeList as changes,
  ratingChangesWorkbook,
} from './calibration.service';
import type { ReviewCtx } from './context';
import {
  advanceCycle,
  createCycle,
  deleteCycle,
  getVisibleCycle,
  launch,
  listCycles,
  presentCycle,
  updateCycle,
} from './cycles.service';
import { getForm, inbox, saveForm } from './forms.service';
import { listParticipants } from './participants.service';
import { personResultWorkbook } from './person-result-xlsx';
import { scanReviewNotifications } from './reminders';
import { personResult, resultsWorkbook, teamResult } from './results.service';

const idParams = z.object({ id: z.uuid() });
const hr = ['admin', 'hr'] as const;
const managers = ['admin', 'hr', 'manager'] as const;
const tags = ['reviews'];

/** Review cycles, forms, calibration, appeals, results. */
export const reviewsRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  /**
   * Tells people what a launch, a stage change or an appeal decision means for them, right after it is
   * committed. Best effort: the hourly review-reminders job creates whatever this could not.
   */
  const remind = async (req: FastifyRequest, ctx: ReviewCtx) => {
    try {
      await deps.db.transaction((tx) =>
        scanReviewNotifications(tx, ctx.auth.orgId, ctx.today, {
          emailEnabled: Boolean(deps.config.smtpUrl),
          now: ctx.now,
        }),
      );
    } catch (err) {
      req.log.warn({ err }, 'review notifications left to the hourly job');
    }
  };

  const ctxOf = async (req: FastifyRequest): Promise<ReviewCtx> => {
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

  /** The caller's context and the cycle they may see (anything else answers like a missing one). */
  const cycleOf = async (req: FastifyRequest, id: string) => {
    const ctx = await ctxOf(req);
    return { ctx, cycle: await getVisibleCycle(deps.db, ctx, id) };
  };

  app.get(
    '/review-cycles',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Review cycles the caller takes part in, rates in, manages or runs',
        response: { 200: cycleList },
      },
    },
    async (req) => ({ items: await listCycles(deps.db, await ctxOf(req)) }),
  );

  app.post(
    '/review-cycles',
    {
      config: { access: hr, idempotent: true },
      schema: {
        tags,
        summary: 'Create a review cycle (draft): period, population by units, positions and status, deadlines',
        body: createCycleRequest,
        response: { 201: cycleView },
      },
    },
    async (req, reply) => reply.code(201).send(await createCycle(deps, await ctxOf(req), req.body)),
  );

  app.get(
    '/review-cycles/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'A review cycle with its stages and history',
        params: idParams,
        response: { 200: cycleView },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      return presentCycle(deps.db, ctx, await getVisibleCycle(deps.db, ctx, req.params.id));
    },
  );

  app.put(
    '/review-cycles/:id',
    {
      config: { access: hr },
      schema: {
        tags,
        summary: 'Change a draft cycle',
        params: idParams,
        body: updateCycleRequest,
        response: { 200: cycleView },
      },
    },
    async (req) => updateCycle(deps, await ctxOf(req), req.params.id, req.body),
  );

  app.delete(
    '/review-cycles/:id',
    {
      config: { access: hr },
      schema: { tags, summary: 'Delete a draft cycle', params: idParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deleteCycle(deps, await ctxOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/review-cycles/:id/launch',
    {
      config: { access: hr },
      schema: {
        tags,
        summary:
          'Launch: snapshot the population, freeze templates and grade scale, score metric indicators, open forms',
        params: idParams,
        body: cycleActionRequest,
        response: { 200: cycleView },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      const view = await launch(deps, ctx, req.params.id, req.body.expectedVersion);
      await remind(req, ctx);
      return view;
    },
  );

  app.post(
    '/review-cycles/:id/advance',
    {
      config: { access: hr },
      schema: {
        tags,
        summary: 'Move the cycle to its next stage (closing needs every appeal decided)',
        params: idParams,
        body: cycleActionRequest,
        response: { 200: cycleView },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      const view = await advanceCycle(deps, ctx, req.params.id, req.body.expectedVersion, req.body.note);
      await remind(req, ctx);
      return view;
    },
  );

  app.get(
    '/review-cycles/:id/participants',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'People of the cycle in the caller’s units, with totals and grades',
        params: idParams,
        querystring: participantQuery,
        response: { 200: participantList },
      },
    },
    async (req) => {
      const { ctx, cycle } = await cycleOf(req, req.params.id);
      return { items: await listParticipants(deps.db, ctx, cycle, req.query) };
    },
  );

  app.get(
    '/review-cycles/:id/calibration',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Calibration board: grade distribution against the guideline (warning only) and the people',
        params: idParams,
        querystring: calibrationQuery,
        response: { 200: calibrationBoardSchema },
      },
    },
    async (req) => {
      const { ctx, cycle } = await cycleOf(req, req.params.id);
      return calibrationBoard(deps.db, ctx, cycle, req.query.unitId);
    },
  );

  app.post(
    '/review-participants/:id/grade',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Change a grade during calibration, with a required reason (kept as a rating change)',
        params: idParams,
        body: adjustGradeRequest,
        response: { 200: participantRow },
      },
    },
    async (req) => adjustGrade(deps, await ctxOf(req), req.params.id, req.body),
  );

  app.get(
    '/review-cycles/:id/rating-changes',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Every grade change of the cycle: original, new, who, when and why',
        params: idParams,
        response: { 200: ratingChangeList },
      },
    },
    async (req) => {
      const { ctx, cycle } = await cycleOf(req, req.params.id);
      return { items: await changes(deps.db, ctx, cycle) };
    },
  );

  app.get(
    '/review-cycles/:id/rating-changes.xlsx',
    {
      config: { access: managers },
      schema: { tags, summary: 'The rating changes as a spreadsheet', params: idParams },
    },
    async (req, reply) => {
      const { ctx, cycle } = await cycleOf(req, req.params.id);
      const buffer = await ratingChangesWorkbook(deps.db, ctx, cycle, req.locale);
      return sendAttachment(reply, {
        type: XLSX_TYPE,
        fallback: 'rating-changes.xlsx',
        filename: `${cycle.name}-rating-changes.xlsx`,
        buffer,
      });
    },
  );

  app.get(
    '/review-cycles/:id/results.xlsx',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'The results of a unit (with its subtree) or of everyone in the caller’s units, as a spreadsheet',
        params: idParams,
        querystring: teamResultQuery,
      },
    },
    async (req, reply) => {
      const { ctx, cycle } = await cycleOf(req, req.params.id);
      const buffer = await resultsWorkbook(deps.db, ctx, cycle, req.locale, req.query.unitId);
      return sendAttachment(reply, {
        type: XLSX_TYPE,
        fallback: 'results.xlsx',
        filename: `${cycle.name}-results.xlsx`,
        buffer,
      });
    },
  );

  app.get(
    '/review-cycles/:id/team',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'A unit’s results: distribution, people, and the trend over cycles',
        params: idParams,
        querystring: teamResultQuery,
        response: { 200: teamResultSchema },
      },
    },
    async (req) => {
      const { ctx, cycle } = await cycleOf(req, req.params.id);
      return teamResult(deps.db, ctx, cycle, req.query.unitId);
    },
  );

  app.get(
    '/review-participants/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'A person’s result: score, grade, dimensions vs team, indicators, rank, change since last cycle',
        params: idParams,
        response: { 200: personResultSchema },
      },
    },
    async (req) => personResult(deps.db, await ctxOf(req), req.params.id, req.locale),
  );

  app.get(
    '/review-participants/:id/result.xlsx',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'A person’s result as a spreadsheet: summary, dimensions, indicators, change since last cycle',
        description:
          'Readable by whoever may read the result itself (the person once published, their managers, HR); ' +
          'anyone else gets REVIEW_PARTICIPANT_NOT_FOUND. The download is audited.',
        params: idParams,
      },
    },
    async (req, reply) => {
      const file = await personResultWorkbook(deps.db, await ctxOf(req), req.params.id, req.locale);
      return sendAttachment(reply, { type: XLSX_TYPE, fallback: 'review-result.xlsx', ...file });
    },
  );

  app.post(
    '/review-participants/:id/acknowledge',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Acknowledge one’s own published result',
        params: idParams,
        response: { 200: personResultSchema },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      await acknowledge(deps, ctx, req.params.id);
      return personResult(deps.db, ctx, req.params.id, req.locale);
    },
  );

  app.post(
    '/review-participants/:id/appeal',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Appeal one’s own published result, with a reason; HR decides',
        params: idParams,
        body: appealRequest,
        response: { 200: personResultSchema },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      await appeal(deps, ctx, req.params.id, req.body.reason);
      return personResult(deps.db, ctx, req.params.id, req.locale);
    },
  );

  app.get(
    '/review-cycles/:id/appeals',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Appeals of the cycle in the caller’s units',
        params: idParams,
        response: { 200: appealList },
      },
    },
    async (req) => {
      const { ctx, cycle } = await cycleOf(req, req.params.id);
      return { items: await listAppeals(deps.db, ctx, cycle) };
    },
  );

  app.post(
    '/review-appeals/:id/decide',
    {
      config: { access: hr },
      schema: {
        tags,
        summary: 'Decide an appeal: upheld with the new grade, or rejected; with the decision in words',
        params: idParams,
        body: decideAppealRequest,
        response: { 200: appealView },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      const view = await decideAppeal(deps, ctx, req.params.id, req.body);
      await remind(req, ctx);
      return view;
    },
  );

  app.get(
    '/my-reviews',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'The caller’s review forms with due dates, and results to acknowledge',
        response: { 200: inboxSchema },
      },
    },
    async (req) => inbox(deps.db, await ctxOf(req)),
  );

  app.get(
    '/review-forms/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'A review form: the rubric of each rating indicator and the ratings so far',
        params: idParams,
        response: { 200: reviewFormView },
      },
    },
    async (req) => getForm(deps.db, await ctxOf(req), req.params.id),
  );

  app.put(
    '/review-forms/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Save or submit one’s own review form while its stage is open',
        params: idParams,
        body: saveFormRequest,
        response: { 200: reviewFormView },
      },
    },
    async (req) => saveForm(deps, await ctxOf(req), req.params.id, req.body),
  );
};
