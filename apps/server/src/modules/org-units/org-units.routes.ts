import { createOrgUnitRequest, isoDate, orgUnit, orgUnitList, updateOrgUnitRequest, uuid } from '@stride/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { todayIn } from '../../lib/dates';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { actorOf, authOf } from '../../lib/http';
import { resolveScope } from '../access/scope';
import { getOwnUnitId } from '../employees/employees.service';
import { createOrgUnit, findOrgUnits, findUnitMembersOn, updateOrgUnit } from './org-units.service';

const params = z.object({ id: uuid });
const memberList = z.object({
  date: z.string(),
  items: z.array(z.object({ id: uuid, name: z.string(), employeeNo: z.string() })),
});

export const orgUnitsRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  async function visibleUnits(req: Parameters<typeof authOf>[0]) {
    const auth = authOf(req);
    const scope = await resolveScope(deps.db, auth);
    return findOrgUnits(deps.db, scope, await getOwnUnitId(deps.db, auth));
  }
  async function getVisibleUnit(req: Parameters<typeof authOf>[0], id: string) {
    return (await visibleUnits(req)).find((u) => u.id === id) ?? fail('ORG_UNIT_NOT_FOUND');
  }

  app.get(
    '/org-units',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['org'],
        summary: 'List the units the caller may see (flat; build the tree from parentId)',
        response: { 200: orgUnitList },
      },
    },
    async (req) => ({ items: await visibleUnits(req) }),
  );

  app.get(
    '/org-units/:id/members',
    {
      config: { access: ['admin', 'hr', 'manager'] },
      schema: {
        tags: ['org'],
        summary: 'Who was in the unit on a given day (from job history)',
        params,
        querystring: z.object({ date: isoDate.optional() }),
        response: { 200: memberList },
      },
    },
    async (req) => {
      await getVisibleUnit(req, req.params.id);
      const day = req.query.date ?? todayIn(authOf(req).orgTimeZone, deps.clock());
      return { date: day, items: await findUnitMembersOn(deps.db, authOf(req).orgId, req.params.id, day) };
    },
  );

  app.post(
    '/org-units',
    {
      config: { access: ['admin', 'hr'], idempotent: true },
      schema: { tags: ['org'], summary: 'Create a unit', body: createOrgUnitRequest, response: { 201: orgUnit } },
    },
    async (req, reply) => {
      const id = await createOrgUnit(deps, actorOf(req), req.body);
      return reply.code(201).send(await getVisibleUnit(req, id));
    },
  );

  app.patch(
    '/org-units/:id',
    {
      config: { access: ['admin', 'hr'] },
      schema: {
        tags: ['org'],
        summary: 'Rename, move or set the leader of a unit',
        params,
        body: updateOrgUnitRequest,
        response: { 200: orgUnit },
      },
    },
    async (req) => {
      await updateOrgUnit(deps, actorOf(req), req.params.id, req.body);
      return getVisibleUnit(req, req.params.id);
    },
  );
};
