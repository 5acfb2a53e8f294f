import {
  createEmployeeRequest,
  employee,
  employeeListQuery,
  employeePage,
  jobHistoryList,
  revealRequest,
  revealResponse,
  updateEmployeeRequest,
  uuid,
} from '@stride/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../lib/deps';
import { actorOf, authOf } from '../../lib/http';
import { resolveScope } from '../access/scope';
import { findEmployeePage, findJobHistoryRows } from './employees.repo';
import { createEmployee, getEmployee, presentEmployee, revealPersonalField, updateEmployee } from './employees.service';

const params = z.object({ id: uuid });

export const employeesRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/employees',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['people'],
        summary: 'Search people in the caller’s scope',
        querystring: employeeListQuery,
        response: { 200: employeePage },
      },
    },
    async (req) => {
      const auth = authOf(req);
      const page = await findEmployeePage(deps.db, await resolveScope(deps.db, auth), req.query);
      return { ...page, items: page.items.map((r) => presentEmployee(r, auth)) };
    },
  );

  app.get(
    '/employees/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['people'], summary: 'One person (personal fields masked)', params, response: { 200: employee } },
    },
    async (req) => {
      const auth = authOf(req);
      return presentEmployee(await getEmployee(deps.db, await resolveScope(deps.db, auth), req.params.id), auth);
    },
  );

  app.post(
    '/employees',
    {
      config: { access: ['admin', 'hr'], idempotent: true },
      schema: {
        tags: ['people'],
        summary: 'Create a person',
        body: createEmployeeRequest,
        response: { 201: employee },
      },
    },
    async (req, reply) => {
      const auth = authOf(req);
      const id = await createEmployee(deps, actorOf(req), req.body);
      return reply
        .code(201)
        .send(presentEmployee(await getEmployee(deps.db, await resolveScope(deps.db, auth), id), auth));
    },
  );

  app.patch(
    '/employees/:id',
    {
      config: { access: ['admin', 'hr'] },
      schema: {
        tags: ['people'],
        summary: 'Change a person; unit/position/manager changes are effective-dated',
        params,
        body: updateEmployeeRequest,
        response: { 200: employee },
      },
    },
    async (req) => {
      const auth = authOf(req);
      await updateEmployee(deps, actorOf(req), auth.orgTimeZone, req.params.id, req.body);
      return presentEmployee(await getEmployee(deps.db, await resolveScope(deps.db, auth), req.params.id), auth);
    },
  );

  app.get(
    '/employees/:id/job-history',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['people'],
        summary: 'Effective-dated unit, position and manager history',
        params,
        response: { 200: jobHistoryList },
      },
    },
    async (req) => {
      const auth = authOf(req);
      await getEmployee(deps.db, await resolveScope(deps.db, auth), req.params.id);
      const rows = await findJobHistoryRows(deps.db, auth.orgId, req.params.id);
      return {
        items: rows.map(({ h, unitName, positionName, managerName }) => ({
          id: h.id,
          effectiveFrom: h.effectiveFrom,
          effectiveTo: h.effectiveTo,
          unit: { id: h.unitId, name: unitName },
          position: h.positionId ? { id: h.positionId, name: positionName ?? '' } : null,
          manager: h.managerId ? { id: h.managerId, name: managerName ?? '' } : null,
          reason: h.reason,
          recordedAt: h.createdAt.toISOString(),
        })),
      };
    },
  );

  app.post(
    '/employees/:id/reveal',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['people'],
        summary: 'Reveal one personal field (admin, hr, or the person themselves); audited',
        params,
        body: revealRequest,
        response: { 200: revealResponse },
      },
    },
    async (req, reply) => {
      const auth = authOf(req);
      const value = await revealPersonalField(
        deps,
        await resolveScope(deps.db, auth),
        auth,
        actorOf(req),
        req.params.id,
        req.body.field,
      );
      reply.header('cache-control', 'no-store');
      return { field: req.body.field, value };
    },
  );
};
