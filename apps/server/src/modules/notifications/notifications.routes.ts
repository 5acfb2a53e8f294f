import {
  deliveryList,
  deliveryQuery,
  notificationList,
  notificationPreferences,
  notificationQuery,
  notificationView,
  okResponse,
  updateNotificationPreferences,
} from '@stride/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../lib/deps';
import { actorOf, authOf } from '../../lib/http';
import { appendAudit } from '../audit/audit.service';
import { imChannelsRoutes } from './im-channels.routes';
import {
  getPreferences,
  listDeliveries,
  listNotifications,
  markAllRead,
  markRead,
  setPreferences,
} from './notifications.service';

const idParams = z.object({ id: z.uuid() });
const tags = ['notifications'];

/**
 * The caller's own notifications and preferences; the organization's delivery log and IM group bots for admin
 * and hr.
 */
export const notificationsRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const prefsOpts = { smtpConfigured: Boolean(deps.config.smtpUrl), digestCron: deps.config.notificationsDigestCron };
  await app.register(imChannelsRoutes, { deps });

  app.get(
    '/notifications',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'The caller’s notifications, newest first, with the unread count',
        querystring: notificationQuery,
        response: { 200: notificationList },
      },
    },
    async (req) => listNotifications(deps.db, authOf(req).userId, req.query, req.locale),
  );

  app.post(
    '/notifications/:id/read',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Mark one of one’s notifications read',
        params: idParams,
        response: { 200: notificationView },
      },
    },
    async (req) => markRead(deps.db, authOf(req).userId, req.params.id, deps.clock(), req.locale),
  );

  app.post(
    '/notifications/read-all',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Mark all of one’s notifications read', response: { 200: okResponse } },
    },
    async (req) => {
      await markAllRead(deps.db, authOf(req).userId, deps.clock());
      return { ok: true as const };
    },
  );

  app.get(
    '/notification-preferences',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'The caller’s notification channels', response: { 200: notificationPreferences } },
    },
    async (req) => getPreferences(deps.db, authOf(req), prefsOpts),
  );

  app.put(
    '/notification-preferences',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Switch email notifications on or off for oneself, and the daily digest instead of one email each',
        body: updateNotificationPreferences,
        response: { 200: notificationPreferences },
      },
    },
    async (req) => {
      const auth = authOf(req);
      const now = deps.clock();
      await deps.db.transaction(async (tx) => {
        const { before, after } = await setPreferences(tx, auth, req.body, now);
        await appendAudit(
          tx,
          actorOf(req),
          { action: 'notification_preferences.changed', entityType: 'user', entityId: auth.userId, before, after },
          now,
        );
      });
      return getPreferences(deps.db, auth, prefsOpts);
    },
  );

  app.get(
    '/notification-deliveries',
    {
      config: { access: ['admin', 'hr'] },
      schema: {
        tags,
        summary:
          'Deliveries of the organization (email, digests, IM group posts): pending, sent, failed, with attempts and the last error',
        querystring: deliveryQuery,
        response: { 200: deliveryList },
      },
    },
    async (req) => listDeliveries(deps.db, authOf(req).orgId, req.query, req.locale),
  );
};
