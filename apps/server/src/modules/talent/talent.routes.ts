import {
  addCandidateRequest,
  createKeyPositionRequest,
  createTalentReviewRequest,
  exitAnalysis,
  exitAnalysisQuery,
  finalizeTalentReviewRequest,
  flightRiskList,
  flightRiskRequest,
  flightRiskView,
  keyPositionList,
  keyPositionView,
  moveTalentRequest,
  okResponse,
  placementHistory,
  rateTalentRequest,
  reserveList,
  reserveQuery,
  talentCard,
  talentPlacementView,
  talentReviewDetail,
  talentReviewSummary,
  updateCandidateRequest,
} from '@stride/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../lib/deps';
import { talentCtxOf } from './context';
import { getExitAnalysis } from './exit-analysis';
import { getReserve, getTalentCard, listFlightRisks, setFlightRisk } from './people.service';
import {
  createReview,
  finalizeReview,
  getPlacement,
  getPlacementHistory,
  getReviewDetail,
  listReviews,
  movePlacement,
  ratePotential,
} from './reviews.service';
import {
  addCandidate,
  createKeyPosition,
  getKeyPosition,
  listKeyPositions,
  removeCandidate,
  updateCandidate,
} from './succession.service';

const idParams = z.object({ id: z.uuid() });
const placementParams = z.object({ id: z.uuid(), employeeId: z.uuid() });
const employeeParams = z.object({ employeeId: z.uuid() });
const hr = ['admin', 'hr'] as const;
const readers = ['admin', 'hr', 'manager'] as const;
const tags = ['talent review'];

/**
 * Talent review (人才盘点): 9-box reviews with calibration moves, promotion reserve, flight risk, succession
 * slates, the talent card and the exit analysis. Admin and hr work on the organization, managers on the people of
 * the units they lead (never themselves); employees are refused. Stride computes and suggests; people decide.
 */
export const talentRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const ctx = (req: Parameters<typeof talentCtxOf>[1]) => talentCtxOf(deps, req);

  app.get(
    '/talent-reviews',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Talent reviews in the caller’s scope',
        response: { 200: z.object({ items: z.array(talentReviewSummary) }) },
      },
    },
    async (req) => ({ items: await listReviews(deps.db, await ctx(req)) }),
  );

  app.post(
    '/talent-reviews',
    {
      config: { access: hr },
      schema: {
        tags,
        summary: 'Open a talent review of a unit (subtree) on a published review cycle',
        description: 'A cycle that is not published is refused with TALENT_CYCLE_NOT_PUBLISHED.',
        body: createTalentReviewRequest,
        response: { 201: talentReviewDetail },
      },
    },
    async (req, reply) => {
      const c = await ctx(req);
      const id = await createReview(deps, c, req.body);
      return reply.status(201).send(await getReviewDetail(deps.db, c, id, req.locale));
    },
  );

  app.get(
    '/talent-reviews/:id',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'A talent review with the 9-box placements of people in scope',
        params: idParams,
        response: { 200: talentReviewDetail },
      },
    },
    async (req) => getReviewDetail(deps.db, await ctx(req), req.params.id, req.locale),
  );

  app.put(
    '/talent-reviews/:id/placements/:employeeId/ratings',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Rate a person’s potential (competencies and learning agility); the computed box follows',
        params: placementParams,
        body: rateTalentRequest,
        response: { 200: talentPlacementView },
      },
    },
    async (req) => {
      const c = await ctx(req);
      await ratePotential(deps, c, req.params.id, req.params.employeeId, req.body);
      return getPlacement(deps.db, c, req.params.id, req.params.employeeId);
    },
  );

  app.post(
    '/talent-reviews/:id/placements/:employeeId/move',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Move a person to another box in calibration; a reason is required (TALENT_REASON_REQUIRED)',
        params: placementParams,
        body: moveTalentRequest,
        response: { 200: talentPlacementView },
      },
    },
    async (req) => {
      const c = await ctx(req);
      await movePlacement(deps, c, req.params.id, req.params.employeeId, req.body);
      return getPlacement(deps.db, c, req.params.id, req.params.employeeId);
    },
  );

  app.get(
    '/talent-reviews/:id/placements/:employeeId/history',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Every placement change of a person in the review',
        params: placementParams,
        response: { 200: placementHistory },
      },
    },
    async (req) => getPlacementHistory(deps.db, await ctx(req), req.params.id, req.params.employeeId),
  );

  app.post(
    '/talent-reviews/:id/finalize',
    {
      config: { access: hr },
      schema: {
        tags,
        summary: 'Finalize (lock) a talent review',
        params: idParams,
        body: finalizeTalentReviewRequest,
        response: { 200: talentReviewDetail },
      },
    },
    async (req) => {
      const c = await ctx(req);
      await finalizeReview(deps, c, req.params.id, req.body.version);
      return getReviewDetail(deps.db, c, req.params.id, req.locale);
    },
  );

  app.get(
    '/talent/reserve',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Promotion reserve: at least minGrade in each of the last N published cycles and a rising score',
        querystring: reserveQuery,
        response: { 200: reserveList },
      },
    },
    async (req) => getReserve(deps.db, await ctx(req), req.query),
  );

  app.get(
    '/talent/flight-risks',
    {
      config: { access: readers },
      schema: { tags, summary: 'Flagged and suggested flight risks in scope', response: { 200: flightRiskList } },
    },
    async (req) => listFlightRisks(deps.db, await ctx(req)),
  );

  app.put(
    '/talent/flight-risks/:employeeId',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Flag (with a reason) or clear a person’s flight risk',
        params: employeeParams,
        body: flightRiskRequest,
        response: { 200: flightRiskView },
      },
    },
    async (req) => setFlightRisk(deps, await ctx(req), req.params.employeeId, req.body),
  );

  app.get(
    '/talent/cards/:employeeId',
    {
      config: { access: readers },
      schema: { tags, summary: 'A person’s talent card', params: employeeParams, response: { 200: talentCard } },
    },
    async (req) => getTalentCard(deps.db, await ctx(req), req.params.employeeId),
  );

  app.get(
    '/talent/key-positions',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Key positions with their succession slates, in scope',
        response: { 200: keyPositionList },
      },
    },
    async (req) => ({ items: await listKeyPositions(deps.db, await ctx(req)) }),
  );

  app.post(
    '/talent/key-positions',
    {
      config: { access: hr },
      schema: {
        tags,
        summary: 'Mark a position of a unit as key',
        body: createKeyPositionRequest,
        response: { 201: keyPositionView },
      },
    },
    async (req, reply) => {
      const c = await ctx(req);
      const id = await createKeyPosition(deps, c, req.body);
      return reply.status(201).send(await getKeyPosition(deps.db, c, id));
    },
  );

  app.post(
    '/talent/key-positions/:id/candidates',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Add a person in scope to a succession slate with a readiness',
        params: idParams,
        body: addCandidateRequest,
        response: { 200: keyPositionView },
      },
    },
    async (req) => {
      const c = await ctx(req);
      await addCandidate(deps, c, req.params.id, req.body);
      return getKeyPosition(deps.db, c, req.params.id);
    },
  );

  app.put(
    '/talent/succession-candidates/:id',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Change a candidate’s readiness or notes',
        params: idParams,
        body: updateCandidateRequest,
        response: { 200: keyPositionView },
      },
    },
    async (req) => {
      const c = await ctx(req);
      const keyPositionId = await updateCandidate(deps, c, req.params.id, req.body);
      return getKeyPosition(deps.db, c, keyPositionId);
    },
  );

  app.delete(
    '/talent/succession-candidates/:id',
    {
      config: { access: readers },
      schema: { tags, summary: 'Remove a candidate from a slate', params: idParams, response: { 200: okResponse } },
    },
    async (req) => {
      await removeCandidate(deps, await ctx(req), req.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/talent/exit-analysis',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'What people who left in a period lacked: metrics vs cohort median, competencies vs stayers',
        querystring: exitAnalysisQuery,
        response: { 200: exitAnalysis },
      },
    },
    async (req) => getExitAnalysis(deps.db, await ctx(req), req.query, req.locale),
  );
};
