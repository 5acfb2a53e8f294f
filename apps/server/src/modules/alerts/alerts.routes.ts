import {
  alertAcknowledgeRequest,
  alertActionRequest,
  alertDetail,
  alertList,
  alertMask,
  alertMaskInput,
  alertMaskList,
  alertMaskQuery,
  alertQuery,
  alertResolveRequest,
  alertRule,
  alertRuleInput,
  alertRuleList,
  alertRulePreview,
  alertSummary,
  trainingCourse,
  trainingCourseInput,
  trainingCourseList,
  updateAlertRuleRequest,
} from '@stride/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { todayIn } from '../../lib/dates';
import type { Deps } from '../../lib/deps';
import { actorOf, authOf } from '../../lib/http';
import { resolveScope } from '../access/scope';
import { actOnAlert, getAlert, listAlerts, alertSummary as summaryOf } from './alerts.service';
import { createMask, deleteCourse, deleteMask, listCourses, listMasks, saveCourse } from './masks.service';
import { createRule, deleteRule, getRule, listRules, previewRule, restoreBuiltins, updateRule } from './rules.service';
import { evaluateOrgNow } from './scheduler';

const idParams = z.object({ id: z.uuid() });
const hrAdmin = ['admin', 'hr'] as const;
const leaders = ['admin', 'hr', 'manager'] as const;
const everyone = ['admin', 'hr', 'manager', 'employee'] as const;
const tags = ['alerts'];
const evaluateResult = z.object({
  evaluated: z.number().int(),
  raised: z.number().int(),
  updated: z.number().int(),
  resolved: z.number().int(),
});

/**
 * Early warning (预警): rules (HR writes, managers read), the alerts they raise with evidence and their
 * lifecycle, masked periods, and the training catalog behaviour feedback draws on.
 */
export const alertsRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const scopeOf = (req: FastifyRequest) => resolveScope(deps.db, authOf(req));
  const todayOf = (req: FastifyRequest) => todayIn(authOf(req).orgTimeZone, deps.clock());

  app.get(
    '/alert-rules',
    {
      config: { access: leaders },
      schema: { tags, summary: 'The organization’s alert rules', response: { 200: alertRuleList } },
    },
    async (req) => ({ items: await listRules(deps.db, authOf(req).orgId) }),
  );

  app.post(
    '/alert-rules',
    {
      config: { access: hrAdmin },
      schema: {
        tags,
        summary: 'Create a rule: a kind of DOMAIN.md §3 with parameters (defaults filled in), scope, recipients',
        body: alertRuleInput,
        response: { 201: alertRule },
      },
    },
    async (req, reply) => {
      const id = await createRule(deps.db, actorOf(req), req.body, deps.clock());
      return reply.code(201).send(await getRule(deps.db, authOf(req).orgId, id));
    },
  );

  app.post(
    '/alert-rules/preview',
    {
      config: { access: hrAdmin },
      schema: {
        tags,
        summary: 'Back-test a (saved or unsaved) rule over the last 12 months: how many alerts, on whom',
        body: alertRuleInput,
        response: { 200: alertRulePreview },
      },
    },
    async (req) => previewRule(deps.db, authOf(req).orgId, req.body, todayOf(req)),
  );

  app.post(
    '/alert-rules/builtins',
    {
      config: { access: hrAdmin },
      schema: {
        tags,
        summary: 'Add back the built-in rules the organization no longer has (by name)',
        response: { 200: z.object({ added: z.number().int() }) },
      },
    },
    async (req) => ({ added: await restoreBuiltins(deps.db, actorOf(req), deps.clock()) }),
  );

  app.get(
    '/alert-rules/:id',
    {
      config: { access: leaders },
      schema: { tags, summary: 'One alert rule', params: idParams, response: { 200: alertRule } },
    },
    async (req) => getRule(deps.db, authOf(req).orgId, req.params.id),
  );

  app.put(
    '/alert-rules/:id',
    {
      config: { access: hrAdmin },
      schema: {
        tags,
        summary: 'Edit a rule (optimistic version); live alerts keep the version that raised them',
        params: idParams,
        body: updateAlertRuleRequest,
        response: { 200: alertRule },
      },
    },
    async (req) => {
      await updateRule(deps.db, actorOf(req), req.params.id, req.body.rule, req.body.version, deps.clock());
      return getRule(deps.db, authOf(req).orgId, req.params.id);
    },
  );

  app.delete(
    '/alert-rules/:id',
    {
      config: { access: hrAdmin },
      schema: { tags, summary: 'Delete a rule that never raised an alert', params: idParams },
    },
    async (req, reply) => {
      await deleteRule(deps.db, actorOf(req), req.params.id, deps.clock());
      return reply.code(204).send();
    },
  );

  app.post(
    '/alerts/evaluate',
    {
      config: { access: hrAdmin },
      schema: {
        tags,
        summary: 'Evaluate every enabled rule for everyone now (otherwise: on accepted activity and at period close)',
        response: { 200: evaluateResult },
      },
    },
    async (req) => evaluateOrgNow(deps, authOf(req).orgId),
  );

  app.get(
    '/alerts',
    {
      config: { access: everyone },
      schema: {
        tags,
        summary: 'Alerts in the caller’s scope, newest first (employees: their own, when the rule tells them)',
        querystring: alertQuery,
        response: { 200: alertList },
      },
    },
    async (req) => listAlerts(deps.db, await scopeOf(req), req.query, req.locale),
  );

  app.get(
    '/alerts/summary',
    {
      config: { access: everyone },
      schema: { tags, summary: 'Live alerts by severity, alerts by status', response: { 200: alertSummary } },
    },
    async (req) => summaryOf(deps.db, await scopeOf(req), deps.clock()),
  );

  app.get(
    '/alerts/:id',
    {
      config: { access: everyone },
      schema: {
        tags,
        summary: 'One alert with its evidence and history',
        params: idParams,
        response: { 200: alertDetail },
      },
    },
    async (req) => getAlert(deps.db, await scopeOf(req), req.params.id, req.locale),
  );

  const step = (kind: 'acknowledge' | 'actions' | 'resolve', body: z.ZodType, summary: string) =>
    app.post(
      `/alerts/:id/${kind}`,
      {
        config: { access: leaders },
        schema: { tags, summary, params: idParams, body, response: { 200: alertDetail } },
      },
      async (req) => {
        const scope = await scopeOf(req);
        const b = req.body as Record<string, unknown>;
        const id = (req.params as { id: string }).id;
        await actOnAlert(
          deps.db,
          scope,
          actorOf(req),
          id,
          kind === 'acknowledge'
            ? { kind: 'acknowledge', version: b.version as number, note: b.note as string | undefined }
            : kind === 'actions'
              ? {
                  kind: 'action',
                  version: b.version as number,
                  actionKind: b.actionKind as string,
                  note: b.note as string,
                  courseIds: (b.courseIds as string[]) ?? [],
                  refId: b.refId as string | undefined,
                }
              : { kind: 'resolve', version: b.version as number, note: b.note as string },
          deps.clock(),
        );
        return getAlert(deps.db, scope, id, req.locale);
      },
    );
  step('acknowledge', alertAcknowledgeRequest, 'Acknowledge: the alert is seen and owned');
  step('actions', alertActionRequest, 'Link an action: a coaching note, an improvement plan or training');
  step(
    'resolve',
    alertResolveRequest,
    'Resolve with a note (people close cases; Stride only auto-resolves a gone signal)',
  );

  app.get(
    '/alert-masks',
    {
      config: { access: leaders },
      schema: {
        tags,
        summary: 'Masked periods (leave, territory change, quota reset): entered and derived',
        querystring: alertMaskQuery,
        response: { 200: alertMaskList },
      },
    },
    async (req) => listMasks(deps.db, await scopeOf(req), req.query.employeeId),
  );

  app.post(
    '/alert-masks',
    {
      config: { access: leaders },
      schema: { tags, summary: 'Mask a period of a person', body: alertMaskInput, response: { 201: alertMask } },
    },
    async (req, reply) =>
      reply.code(201).send(await createMask(deps.db, await scopeOf(req), actorOf(req), req.body, deps.clock())),
  );

  app.delete(
    '/alert-masks/:id',
    {
      config: { access: leaders },
      schema: { tags, summary: 'Remove an entered mask', params: idParams },
    },
    async (req, reply) => {
      await deleteMask(deps.db, await scopeOf(req), actorOf(req), req.params.id, deps.clock());
      return reply.code(204).send();
    },
  );

  app.get(
    '/training-courses',
    {
      config: { access: leaders },
      schema: { tags, summary: 'The training catalog', response: { 200: trainingCourseList } },
    },
    async (req) => listCourses(deps.db, authOf(req).orgId),
  );

  app.post(
    '/training-courses',
    {
      config: { access: hrAdmin },
      schema: { tags, summary: 'Add a course', body: trainingCourseInput, response: { 201: trainingCourse } },
    },
    async (req, reply) => reply.code(201).send(await saveCourse(deps.db, actorOf(req), null, req.body, deps.clock())),
  );

  app.put(
    '/training-courses/:id',
    {
      config: { access: hrAdmin },
      schema: {
        tags,
        summary: 'Edit a course',
        params: idParams,
        body: trainingCourseInput,
        response: { 200: trainingCourse },
      },
    },
    async (req) => saveCourse(deps.db, actorOf(req), req.params.id, req.body, deps.clock()),
  );

  app.delete(
    '/training-courses/:id',
    {
      config: { access: hrAdmin },
      schema: { tags, summary: 'Remove a course', params: idParams },
    },
    async (req, reply) => {
      await deleteCourse(deps.db, actorOf(req), req.params.id, deps.clock());
      return reply.code(204).send();
    },
  );
};
