import {
  createUserRequest,
  resetPasswordRequest,
  updateUserRequest,
  user,
  userListQuery,
  userPage,
  uuid,
} from '@stride/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../lib/deps';
import { actorOf, authOf } from '../../lib/http';
import { createUser, findUserPage, getUser, presentUser, resetPassword, updateUser } from './users.service';

const params = z.object({ id: uuid });
const admin = ['admin'] as const;

export const usersRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/users',
    {
      config: { access: admin },
      schema: {
        tags: ['users'],
        summary: 'List sign-ins of the organization',
        querystring: userListQuery,
        response: { 200: userPage },
      },
    },
    async (req) => {
      const page = await findUserPage(deps.db, authOf(req).orgId, req.query);
      return { ...page, items: page.items.map(presentUser) };
    },
  );

  app.post(
    '/users',
    {
      config: { access: admin, idempotent: true },
      schema: {
        tags: ['users'],
        summary: 'Create a sign-in, optionally bound to a person',
        body: createUserRequest,
        response: { 201: user },
      },
    },
    async (req, reply) => {
      const id = await createUser(deps, actorOf(req), req.body);
      return reply.code(201).send(presentUser(await getUser(deps.db, authOf(req).orgId, id)));
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { access: admin },
      schema: {
        tags: ['users'],
        summary: 'Change role, binding, active flag or language',
        params,
        body: updateUserRequest,
        response: { 200: user },
      },
    },
    async (req) => {
      await updateUser(deps, actorOf(req), req.params.id, req.body);
      return presentUser(await getUser(deps.db, authOf(req).orgId, req.params.id));
    },
  );

  app.post(
    '/users/:id/reset-password',
    {
      config: { access: admin },
      schema: {
        tags: ['users'],
        summary: 'Set a new password and end the user’s sessions',
        params,
        body: resetPasswordRequest,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await resetPassword(deps, actorOf(req), req.params.id, req.body.newPassword);
      return reply.code(204).send(null);
    },
  );
};
