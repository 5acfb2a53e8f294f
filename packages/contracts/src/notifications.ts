import { z } from 'zod';
import { uuid } from './common';

// Notifications: the in-app inbox (bell and page), email deliveries with their log, and preferences.

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

export const notificationPreferences = z.object({
  email: z.boolean(),
  /** Email can be delivered: the server has SMTP settings and the user's person has an email address. */
  emailAvailable: z.boolean(),
  address: z.string().nullable(),
});
export const updateNotificationPreferences = z.object({ email: z.boolean() });
export type NotificationPreferences = z.infer<typeof notificationPreferences>;

export const deliveryStatus = z.enum(['pending', 'sent', 'failed']);
export const deliveryQuery = z.object({
  status: deliveryStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const deliveryView = z.object({
  id: uuid,
  channel: z.string(),
  address: z.string(),
  status: deliveryStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
  notification: z.object({ id: uuid, kind: z.string(), title: z.string(), recipient: z.string() }),
});
export const deliveryList = z.object({
  items: z.array(deliveryView),
  counts: z.object({ pending: z.number().int(), sent: z.number().int(), failed: z.number().int() }),
});
export type DeliveryList = z.infer<typeof deliveryList>;
