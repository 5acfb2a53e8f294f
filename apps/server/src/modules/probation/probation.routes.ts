import {
  failProbationRequest,
  openProbationReviewRequest,
  passProbationRequest,
  probationReviewList,
  probationReviewQuery,
  probationReviewView,
} from '@stride/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DOCX_TYPE, sendAttachment } from '../../lib/attachment';
import { todayIn } from '../../lib/dates';
import type { Deps } from '../../lib/deps';
import { actorOf, authOf } from '../../lib/http';
import { resolveScope } from '../access/scope';
import { findReviews, getReview, type ProbationCtx } from './probation.read';
import { failReview, openReview, passReview } from './probation.service';
import { probationNotice } from './probation-notice';

const idParams = z.object({ id: z.uuid() });
const readers = ['admin', 'hr', 'manager'] as const;
const deciders = ['admin', 'hr'] as const;
const tags = ['probation'];

/** Probation reviews (转正考核): opened automatically or by HR; only admin and hr decide; managers read their people's. */
export const probationRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const ctxOf = async (req: FastifyRequest): Promise<ProbationCtx> => {
    const auth = authOf(req);
    return {
      auth,
      actor: actorOf(req),
      scope: await resolveScope(deps.db, auth),
      today: todayIn(auth.orgTimeZone, deps.clock()),
    };
  };

  app.get(
    '/probation-reviews',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Probation reviews in the caller’s scope, soonest probation end first',
        querystring: probationReviewQuery,
        response: { 200: probationReviewList },
      },
    },
    async (req) => ({ items: await findReviews(deps.db, await ctxOf(req), req.query, req.locale) }),
  );

  app.post(
    '/probation-reviews',
    {
      config: { access: deciders, idempotent: true },
      schema: {
        tags,
        summary: 'Open a person’s probation review now, scored with the probation template',
        body: openProbationReviewRequest,
        response: { 201: probationReviewView },
      },
    },
    async (req, reply) => {
      const ctx = await ctxOf(req);
      const row = await openReview(deps, ctx, req.body.employeeId);
      return reply.code(201).send(await getReview(deps.db, ctx, row.id, req.locale));
    },
  );

  app.get(
    '/probation-reviews/:id',
    {
      config: { access: readers },
      schema: { tags, summary: 'One probation review', params: idParams, response: { 200: probationReviewView } },
    },
    async (req) => getReview(deps.db, await ctxOf(req), req.params.id, req.locale),
  );

  app.post(
    '/probation-reviews/:id/pass',
    {
      config: { access: deciders },
      schema: {
        tags,
        summary: 'Pass: the person becomes regular from the regularization date (default: the day after the end)',
        params: idParams,
        body: passProbationRequest,
        response: { 200: probationReviewView },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      await passReview(deps, ctx, req.params.id, req.body);
      return getReview(deps.db, ctx, req.params.id, req.locale);
    },
  );

  app.post(
    '/probation-reviews/:id/fail',
    {
      config: { access: deciders },
      schema: {
        tags,
        summary:
          'Not pass, with written reasons tied to the hiring conditions; only until the probation end (Art. 21, 39(1))',
        description:
          'Records the decision and makes the written notice available; it does not end the employment by itself. ' +
          'After the probation end date it is refused with PROBATION_ENDED: the person is regular by law.',
        params: idParams,
        body: failProbationRequest,
        response: { 200: probationReviewView },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      await failReview(deps, ctx, req.params.id, req.body);
      return getReview(deps.db, ctx, req.params.id, req.locale);
    },
  );

  app.get(
    '/probation-reviews/:id/notice.docx',
    {
      config: { access: readers },
      schema: {
        tags,
        summary:
          'The notice of not meeting the hiring conditions (试用期不符合录用条件通知书) of a failed review, as DOCX',
        params: idParams,
      },
    },
    async (req, reply) => {
      const file = await probationNotice(deps, await ctxOf(req), req.params.id);
      return sendAttachment(reply, { type: DOCX_TYPE, fallback: 'probation-notice.docx', ...file });
    },
  );
};
