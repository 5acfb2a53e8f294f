import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orgs, orgUnits, users } from './core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * An in-app notification for one user. What it says is rendered from kind + params in the reader's language
 * (and in the recipient's for email), so stored notifications follow a language switch. dedupeKey makes
 * producers idempotent: the same reminder is never created twice for a user.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    params: jsonb('params').notNull().default(sql`'{}'::jsonb`),
    /** Path in the web app the notification opens. */
    link: text('link'),
    dedupeKey: text('dedupe_key').notNull(),
    readAt: ts('read_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('notifications_user_dedupe_uq').on(t.userId, t.dedupeKey),
    index('notifications_user_created_idx').on(t.userId, t.createdAt),
  ],
);

/**
 * An IM group bot (DingTalk, WeCom or Feishu 自定义机器人) that admin/hr point notifications at. The webhook URL
 * (its token is the credential) and the signing secret are encrypted at rest and only ever shown masked.
 * The bot carries the chosen kinds (or all, including kinds added later) about people in its unit subtree
 * (or the whole organization). Deleted channels stay as rows (deletedAt) so the delivery log keeps their name.
 */
export const imChannels = pgTable(
  'im_channels',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    /** dingtalk | wecom | feishu */
    provider: text('provider').notNull(),
    name: text('name').notNull(),
    webhookEnc: text('webhook_enc').notNull(),
    /** The webhook with its token masked, for display. */
    webhookMask: text('webhook_mask').notNull(),
    /** DingTalk 加签 / Feishu 签名校验 secret; null = the bot does not check signatures. */
    secretEnc: text('secret_enc'),
    /** Only notifications about people in this unit's subtree; null = the whole organization. */
    unitId: uuid('unit_id').references(() => orgUnits.id),
    /** Notification kinds carried (ignored when allKinds). */
    kinds: jsonb('kinds').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    allKinds: boolean('all_kinds').notNull().default(false),
    /** Language of the group messages: zh-CN | en-US. */
    locale: text('locale').notNull().default('zh-CN'),
    isActive: boolean('is_active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [index('im_channels_org_idx').on(t.orgId)],
);

/**
 * One delivery through an outside channel, sent by a job with retries: pending → sent, or failed after the last
 * attempt, with the error kept. Nothing is dropped silently. Three shapes:
 * - `email` of one notification (notificationId set), written in the same transaction as the notification;
 * - `email` digest of one user's unread notifications of a day (userId + payload, no notificationId);
 * - `im` post to a group bot (imChannelId + payload: kind, params, link), written with the notifications it
 *   comes from. dedupeKey makes each of the last two exist once: one alert about one person posts once to a
 *   group however many users were notified, and one user gets one digest a day.
 */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    notificationId: uuid('notification_id').references(() => notifications.id),
    /** email | im */
    channel: text('channel').notNull(),
    /** The email address, or the IM channel's masked webhook (never the real one). */
    address: text('address').notNull(),
    imChannelId: uuid('im_channel_id').references(() => imChannels.id),
    /** Recipient of a digest. */
    userId: uuid('user_id').references(() => users.id),
    /** What to send when there is no single notification: { kind, params, link } (IM) or the digest's list. */
    payload: jsonb('payload'),
    dedupeKey: text('dedupe_key'),
    /** pending | sent | failed */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('notification_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('notification_deliveries_notification_idx').on(t.notificationId),
    index('notification_deliveries_org_created_idx').on(t.orgId, t.createdAt),
    index('notification_deliveries_im_channel_idx').on(t.imChannelId, t.createdAt),
    uniqueIndex('notification_deliveries_dedupe_uq').on(t.dedupeKey),
  ],
);

/** A user's channel choices; no row means the defaults (email on, no digest). */
export const notificationPreferences = pgTable('notification_preferences', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  orgId: uuid('org_id').notNull(),
  email: boolean('email').notNull().default(true),
  /** off | daily: with daily, one email a day lists the unread notifications instead of one email each. */
  digest: text('digest').notNull().default('off'),
  /** Notifications after this instant go into the next digest. */
  lastDigestAt: ts('last_digest_at'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
