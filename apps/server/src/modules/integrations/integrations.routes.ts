import {
  createIntegrationRequest,
  createKeyRequest,
  integrationCreated,
  integrationList,
  integrationView,
  keyCreated,
  updateIntegrationRequest,
  uuid,
  webhookSecretResponse,
} from '@stride/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../lib/deps';
import { actorOf, authOf } from '../../lib/http';
import {
  createIntegration,
  createKey,
  findIntegrations,
  getIntegrationView,
  revokeKey,
  rotateWebhookSecret,
  updateIntegration,
} from './integrations.service';

const params = z.object({ id: uuid });
const admin = ['admin'] as const;

export const integrationsRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/integrations',
    {
      config: { access: admin },
      schema: {
        tags: ['integrations'],
        summary: 'Source systems, their keys and mapping',
        response: { 200: integrationList },
      },
    },
    async (req) => ({ items: await findIntegrations(deps.db, authOf(req).orgId) }),
  );

  app.post(
    '/integrations',
    {
      config: { access: admin, idempotent: true },
      schema: {
        tags: ['integrations'],
        summary: 'Register a source system; the webhook secret is shown once',
        body: createIntegrationRequest,
        response: { 201: integrationCreated },
      },
    },
    async (req, reply) => {
      const { id, webhookSecret } = await createIntegration(deps, actorOf(req), req.body);
      return reply.code(201).send({ ...(await getIntegrationView(deps.db, authOf(req).orgId, id)), webhookSecret });
    },
  );

  app.patch(
    '/integrations/:id',
    {
      config: { access: admin },
      schema: {
        tags: ['integrations'],
        summary: 'Rename, change the mapping, enable or disable',
        params,
        body: updateIntegrationRequest,
        response: { 200: integrationView },
      },
    },
    async (req) => {
      await updateIntegration(deps, actorOf(req), req.params.id, req.body);
      return getIntegrationView(deps.db, authOf(req).orgId, req.params.id);
    },
  );

  app.post(
    '/integrations/:id/webhook-secret',
    {
      config: { access: admin },
      schema: {
        tags: ['integrations'],
        summary: 'Rotate the webhook secret; the new one is shown once',
        params,
        response: { 200: webhookSecretResponse },
      },
    },
    async (req) => ({ webhookSecret: await rotateWebhookSecret(deps, actorOf(req), req.params.id) }),
  );

  app.post(
    '/integrations/:id/keys',
    {
      config: { access: admin },
      schema: {
        tags: ['integrations'],
        summary: 'Create an API key; the key is shown once, only its hash is kept',
        params,
        body: createKeyRequest,
        response: { 201: keyCreated },
      },
    },
    async (req, reply) => reply.code(201).send(await createKey(deps, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    '/integrations/:id/keys/:keyId/revoke',
    {
      config: { access: admin },
      schema: {
        tags: ['integrations'],
        summary: 'Revoke an API key at once',
        params: z.object({ id: uuid, keyId: uuid }),
        response: { 200: integrationView },
      },
    },
    async (req) => {
      await revokeKey(deps, actorOf(req), req.params.id, req.params.keyId);
      return getIntegrationView(deps.db, authOf(req).orgId, req.params.id);
    },
  );
};
