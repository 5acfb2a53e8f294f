import {
  applicableTemplate,
  applicableTemplateQuery,
  createScorecardTemplateRequest,
  performanceSettings,
  scorecardPreview,
  scorecardPreviewRequest,
  scorecardTemplateList,
  scorecardTemplateVersions,
  scorecardTemplateVersionView,
  scorecardTemplateView,
  updatePerformanceSettingsRequest,
  updateScorecardTemplateRequest,
  uuid,
} from '@stride/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { todayIn } from '../../lib/dates';
import type { Deps } from '../../lib/deps';
import { actorOf, authOf } from '../../lib/http';
import { resolveScope } from '../access/scope';
import { getEmployee } from '../employees/employees.service';
import { applicableTemplateFor, getPerformanceSettings, updatePerformanceSettings } from './applicability.service';
import { previewTemplate } from './preview.service';
import {
  createTemplate,
  deactivateTemplate,
  getTemplate,
  listTemplates,
  templateVersions,
  updateTemplate,
} from './templates.service';

const READERS = ['admin', 'hr', 'manager'] as const;
const WRITERS = ['admin', 'hr'] as const;
const idParams = z.object({ id: uuid });
const tags = ['scorecards'];

export const scorecardTemplatesRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/scorecard-templates',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'Scorecard templates with what they apply to',
        response: { 200: scorecardTemplateList },
      },
    },
    async (req) => ({ items: await listTemplates(deps.db, authOf(req).orgId) }),
  );

  app.post(
    '/scorecard-templates',
    {
      config: { access: WRITERS, idempotent: true },
      schema: {
        tags,
        summary: 'Create a template (version 1); refused when another active one covers the same position and stage',
        body: createScorecardTemplateRequest,
        response: { 201: scorecardTemplateView },
      },
    },
    async (req, reply) => {
      const id = await createTemplate(deps, actorOf(req), req.body, req.locale);
      return reply.code(201).send(await getTemplate(deps.db, authOf(req).orgId, id));
    },
  );

  app.get(
    '/scorecard-templates/applicable',
    {
      // Everyone may ask about the people they can see; an employee only about themselves.
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'The template that applies to a person today: by position and tenure stage, with the reason',
        querystring: applicableTemplateQuery,
        response: { 200: applicableTemplate },
      },
    },
    async (req) => {
      const auth = authOf(req);
      const person = await getEmployee(deps.db, await resolveScope(deps.db, auth), req.query.employeeId);
      return applicableTemplateFor(deps.db, auth.orgId, person, todayIn(auth.orgTimeZone, deps.clock()));
    },
  );

  app.get(
    '/scorecard-templates/:id',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'A template: its current definition and what it applies to',
        params: idParams,
        response: { 200: scorecardTemplateView },
      },
    },
    async (req) => getTemplate(deps.db, authOf(req).orgId, req.params.id),
  );

  app.put(
    '/scorecard-templates/:id',
    {
      config: { access: WRITERS },
      schema: {
        tags,
        summary: 'Save a new version of a template (expectedVersion guards against a concurrent edit)',
        params: idParams,
        body: updateScorecardTemplateRequest,
        response: { 200: scorecardTemplateView },
      },
    },
    async (req) => {
      await updateTemplate(deps, actorOf(req), req.params.id, req.body, req.locale);
      return getTemplate(deps.db, authOf(req).orgId, req.params.id);
    },
  );

  app.delete(
    '/scorecard-templates/:id',
    {
      config: { access: WRITERS },
      schema: { tags, summary: 'Deactivate a template (its versions stay readable)', params: idParams },
    },
    async (req, reply) => {
      await deactivateTemplate(deps, actorOf(req), req.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/scorecard-templates/:id/versions',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'Every version of a template, newest first',
        params: idParams,
        response: { 200: scorecardTemplateVersions },
      },
    },
    async (req) => ({
      templateId: req.params.id,
      items: await templateVersions(deps.db, authOf(req).orgId, req.params.id),
    }),
  );

  app.get(
    '/scorecard-templates/:id/versions/:version',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'One frozen version of a template',
        params: z.object({ id: uuid, version: z.coerce.number().int().min(1) }),
        response: { 200: scorecardTemplateVersionView },
      },
    },
    async (req) => (await templateVersions(deps.db, authOf(req).orgId, req.params.id, req.params.version))[0],
  );

  app.post(
    '/scorecard-templates/:id/preview',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'Score a person for a period with this template (ratings left out); nothing is stored',
        params: idParams,
        body: scorecardPreviewRequest,
        response: { 200: scorecardPreview },
      },
    },
    async (req) => {
      const auth = authOf(req);
      const person = await getEmployee(deps.db, await resolveScope(deps.db, auth), req.body.employeeId);
      return previewTemplate(deps.db, auth.orgId, req.params.id, person, req.body, req.locale);
    },
  );

  app.get(
    '/performance-settings',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Performance settings: months after regularization that count as the early stage',
        response: { 200: performanceSettings },
      },
    },
    async (req) => getPerformanceSettings(deps.db, authOf(req).orgId),
  );

  app.put(
    '/performance-settings',
    {
      config: { access: WRITERS },
      schema: {
        tags,
        summary: 'Change the performance settings',
        body: updatePerformanceSettingsRequest,
        response: { 200: performanceSettings },
      },
    },
    async (req) =>
      updatePerformanceSettings(deps, actorOf(req), req.body.earlyStageMonths, req.body.probationReviewLeadDays),
  );
};
