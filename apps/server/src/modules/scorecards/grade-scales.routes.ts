import { gradeScaleList, gradeScaleRequest, gradeScaleView, uuid } from '@stride/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../lib/deps';
import { actorOf, authOf } from '../../lib/http';
import {
  createGradeScale,
  deleteGradeScale,
  getGradeScale,
  listGradeScales,
  setDefaultGradeScale,
  updateGradeScale,
} from './grade-scales.service';

const READERS = ['admin', 'hr', 'manager'] as const;
const WRITERS = ['admin', 'hr'] as const;
const idParams = z.object({ id: uuid });
const tags = ['scorecards'];

export const gradeScalesRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/grade-scales',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'Grade scales of the organization (with a suggested default while there is none)',
        response: { 200: gradeScaleList },
      },
    },
    async (req) => listGradeScales(deps.db, authOf(req).orgId),
  );

  app.get(
    '/grade-scales/:id',
    {
      config: { access: READERS },
      schema: { tags, summary: 'One grade scale', params: idParams, response: { 200: gradeScaleView } },
    },
    async (req) => getGradeScale(deps.db, authOf(req).orgId, req.params.id),
  );

  app.post(
    '/grade-scales',
    {
      config: { access: WRITERS, idempotent: true },
      schema: {
        tags,
        summary: 'Create a grade scale (bands, bonus coefficients, distribution guideline)',
        body: gradeScaleRequest,
        response: { 201: gradeScaleView },
      },
    },
    async (req, reply) => reply.code(201).send(await createGradeScale(deps, actorOf(req), req.body)),
  );

  app.put(
    '/grade-scales/:id',
    {
      config: { access: WRITERS },
      schema: {
        tags,
        summary: 'Change a grade scale',
        params: idParams,
        body: gradeScaleRequest,
        response: { 200: gradeScaleView },
      },
    },
    async (req) => updateGradeScale(deps, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/grade-scales/:id/default',
    {
      config: { access: WRITERS },
      schema: {
        tags,
        summary: 'Make a grade scale the organization’s default',
        params: idParams,
        response: { 200: gradeScaleView },
      },
    },
    async (req) => setDefaultGradeScale(deps, actorOf(req), req.params.id),
  );

  app.delete(
    '/grade-scales/:id',
    {
      config: { access: WRITERS },
      schema: { tags, summary: 'Delete a grade scale', params: idParams },
    },
    async (req, reply) => {
      await deleteGradeScale(deps, actorOf(req), req.params.id);
      return reply.code(204).send();
    },
  );
};
