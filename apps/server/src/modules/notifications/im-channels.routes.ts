import {
  createImChannelRequest,
  imChannelList,
  imChannelView,
  imTestResult,
  updateImChannelRequest,
} from '@stride/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../lib/deps';
import { actorOf, authOf } from '../../lib/http';
import {
  createImChannel,
  deleteImChannel,
  getImChannelView,
  listImChannels,
  normalizeCreate,
  testImChannel,
  updateImChannel,
} from './im-channels.service';

const idParams = z.object({ id: z.uuid() });
const hr = ['admin', 'hr'] as const;
const tags = ['notifications'];

/** IM group bots of the organization (admin and hr): settings, test message. Addresses and secrets stay masked. */
export const imChannelsRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/im-channels',
    {
      config: { access: hr },
      schema: {
        tags,
        summary: 'The organization’s IM group bots (DingTalk, WeCom, Feishu), webhooks masked',
        response: { 200: imChannelList },
      },
    },
    async (req) => listImChannels(deps.db, authOf(req).orgId),
  );

  app.post(
    '/im-channels',
    {
      config: { access: hr },
      schema: {
        tags,
        summary: 'Add a group bot: provider, webhook, optional signing secret, unit scope and kinds carried',
        body: createImChannelRequest,
        response: { 201: imChannelView },
      },
    },
    async (req, reply) => {
      const id = await createImChannel(deps, actorOf(req), normalizeCreate(req.body));
      return reply.code(201).send(await getImChannelView(deps.db, authOf(req).orgId, id));
    },
  );

  app.patch(
    '/im-channels/:id',
    {
      config: { access: hr },
      schema: {
        tags,
        summary: 'Change a group bot (expectedVersion guards against overwriting another change)',
        params: idParams,
        body: updateImChannelRequest,
        response: { 200: imChannelView },
      },
    },
    async (req) => {
      await updateImChannel(deps, actorOf(req), req.params.id, req.body);
      return getImChannelView(deps.db, authOf(req).orgId, req.params.id);
    },
  );

  app.delete(
    '/im-channels/:id',
    {
      config: { access: hr },
      schema: {
        tags,
        summary: 'Delete a group bot; posts still waiting for it end failed (kept in the log)',
        params: idParams,
      },
    },
    async (req, reply) => {
      await deleteImChannel(deps, actorOf(req), req.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/im-channels/:id/test',
    {
      config: { access: hr },
      schema: {
        tags,
        summary: 'Post a test message to the group now and tell how the provider answered',
        params: idParams,
        response: { 200: imTestResult },
      },
    },
    async (req) => testImChannel(deps, actorOf(req), req.params.id),
  );
};
