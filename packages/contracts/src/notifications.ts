import { z } from 'zod';
import { ref, uuid } from './common';
import { locales } from './errors';

// Notifications: the in-app inbox (bell and page), email and IM group-bot deliveries with their log, and
// preferences (email on/off, daily digest).

export const notificationView = z.object({
  id: uuid,
  kind: z.string(),
  /** Rendered in the caller's language. */
  title: z.string(),
  body: z.string(),
  /** Path in the web app the notification opens, or null. */
  link: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type NotificationView = z.infer<typeof notificationView>;

export const notificationQuery = z.object({
  unread: z.coerce.boolean().optional(),
  /** Notifications created before this instant (the previous page's last createdAt). */
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const notificationList = z.object({
  items: z.array(notificationView),
  unread: z.number().int(),
  /** Pass as `before` for the next page; null at the end. */
  nextBefore: z.string().nullable(),
});
export type NotificationList = z.infer<typeof notificationList>;

export const digestModes = ['off', 'daily'] as const;
export const digestMode = z.enum(digestModes);
export type DigestMode = z.infer<typeof digestMode>;

export const notificationPreferences = z.object({
  email: z.boolean(),
  /** Email can be delivered: the server has SMTP settings and the user's person has an email address. */
  emailAvailable: z.boolean(),
  address: z.string().nullable(),
  /** daily: one email a day lists the unread notifications, instead of one email per notification. */
  digest: digestMode,
  /** When the daily digest goes out ("08:00", the server's schedule in Asia/Shanghai), or null if irregular. */
  digestTime: z.string().nullable(),
});
export const updateNotificationPreferences = z
  .object({ email: z.boolean().optional(), digest: digestMode.optional() })
  .refine((v) => v.email !== undefined || v.digest !== undefined, { message: 'PREFERENCES_EMPTY' });
export type NotificationPreferences = z.infer<typeof notificationPreferences>;

export const deliveryStatus = z.enum(['pending', 'sent', 'failed']);
export const deliveryChannels = ['email', 'im'] as const;
export const deliveryChannel = z.enum(deliveryChannels);
export const deliveryQuery = z.object({
  status: deliveryStatus.optional(),
  channel: deliveryChannel.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const deliveryView = z.object({
  id: uuid,
  channel: z.string(),
  /** The email address, or the IM bot's webhook masked. */
  address: z.string(),
  /** The group bot of an IM delivery. */
  imChannel: z.object({ id: uuid, name: z.string(), provider: z.string() }).nullable(),
  status: deliveryStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
  /**
   * What was sent: one notification (id set), or for IM posts and digests what they are about (id null). The
   * recipient is the user's name for email, null for a group.
   */
  notification: z.object({
    id: uuid.nullable(),
    kind: z.string(),
    title: z.string(),
    recipient: z.string().nullable(),
  }),
});
export const deliveryList = z.object({
  items: z.array(deliveryView),
  counts: z.object({ pending: z.number().int(), sent: z.number().int(), failed: z.number().int() }),
});
export type DeliveryList = z.infer<typeof deliveryList>;

// IM group bots (自定义机器人) of DingTalk, WeCom and Feishu: admin and hr point notifications at groups.

export const imProviders = ['dingtalk', 'wecom', 'feishu'] as const;
export const imProvider = z.enum(imProviders);
export type ImProvider = z.infer<typeof imProvider>;

/** A notification kind such as review.form_open or alert_raised; any kind, including ones added later. */
export const notificationKind = z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, { message: 'NOTIFICATION_KIND_FORMAT' });

export const imChannelView = z.object({
  id: uuid,
  provider: imProvider,
  name: z.string(),
  /** The webhook with its token masked; the full address and the secret are never returned. */
  webhookMask: z.string(),
  hasSecret: z.boolean(),
  /** Only notifications about people in this unit and below; null = the whole organization. */
  unit: ref.nullable(),
  kinds: z.array(z.string()),
  allKinds: z.boolean(),
  locale: z.enum(locales),
  isActive: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The latest delivery to this bot (a test included), to see at a glance whether it works. */
  lastDelivery: z.object({ status: deliveryStatus, at: z.string(), error: z.string().nullable() }).nullable(),
});
export type ImChannel = z.infer<typeof imChannelView>;
export const imChannelList = z.object({
  items: z.array(imChannelView),
  /** Kinds of notification Stride knows about, for the choice of what a bot carries. */
  knownKinds: z.array(z.string()),
});
export type ImChannelList = z.infer<typeof imChannelList>;

const channelName = z.string().trim().min(1).max(60);
const webhookUrl = z.string().trim().min(1).max(1000);
const secret = z.string().trim().max(200);

export const createImChannelRequest = z
  .object({
    provider: imProvider,
    name: channelName,
    webhookUrl,
    /** DingTalk 加签 or Feishu 签名校验 secret; empty or absent = none. */
    secret: secret.nullable().optional(),
    unitId: uuid.nullable().default(null),
    kinds: z.array(notificationKind).max(50).default([]),
    allKinds: z.boolean().default(false),
    locale: z.enum(locales).default('zh-CN'),
    isActive: z.boolean().default(true),
  })
  .refine((v) => v.allKinds || v.kinds.length > 0, { path: ['kinds'], message: 'IM_KINDS_REQUIRED' });
export type CreateImChannelRequest = z.input<typeof createImChannelRequest>;

/** Fields left out stay as they are; `webhookUrl` replaces the address, `secret: null` removes the secret. */
export const updateImChannelRequest = z.object({
  name: channelName.optional(),
  webhookUrl: webhookUrl.optional(),
  secret: secret.nullable().optional(),
  unitId: uuid.nullable().optional(),
  kinds: z.array(notificationKind).max(50).optional(),
  allKinds: z.boolean().optional(),
  locale: z.enum(locales).optional(),
  isActive: z.boolean().optional(),
  expectedVersion: z.number().int().min(1),
});
export type UpdateImChannelRequest = z.input<typeof updateImChannelRequest>;

export const imTestResult = z.object({
  ok: z.boolean(),
  /** The provider's or the network's error when the post failed. */
  error: z.string().nullable(),
  /** The test is recorded in the delivery log like any post. */
  deliveryId: uuid,
});
export type ImTestResult = z.infer<typeof imTestResult>;
