import type { DeliveryList, Locale, NotificationList, NotificationPreferences } from '@stride/contracts';
import { and, eq, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { notificationPreferences, notifications } from '../../db/schema';
import { fail } from '../../lib/errors';
import { renderNotification } from './messages';

export interface NotifyItem {
  orgId: string;
  userId: string;
  kind: string;
  params: Record<string, unknown>;
  link: string | null;
  /** Same key for the same user → created once, however often the producer runs. */
  dedupeKey: string;
}

/**
 * Creates notifications (once per user and dedupe key) and, in the same transaction, their email deliveries
 * for recipients who can get email (SMTP configured, an address on their person, email not switched off).
 * The deliveries are sent later by the email job, with retries.
 */
export async function notify(
  tx: DbOrTx,
  items: NotifyItem[],
  opts: { emailEnabled: boolean; now: Date },
): Promise<{ created: number; emails: number }> {
  if (items.length === 0) return { created: 0, emails: 0 };
  const rows = JSON.stringify(
    items.map((i) => ({ org: i.orgId, u: i.userId, kind: i.kind, params: i.params, link: i.link, k: i.dedupeKey })),
  );
  const now = opts.now.toISOString();
  const [result] = await queryRows<{ created: number; emails: number }>(
    tx,
    sql`with input as (
          select * from jsonb_to_recordset(${rows}::jsonb) as x(org uuid, u uuid, kind text, params jsonb, link text, k text)
        ),
        ins as (
          insert into notifications (org_id, user_id, kind, params, link, dedupe_key, created_at)
          select org, u, kind, params, link, k, ${now}::timestamptz from input
          on conflict (user_id, dedupe_key) do nothing
          returning id, org_id, user_id
        ),
        mail as (
          insert into notification_deliveries (org_id, notification_id, channel, address, next_attempt_at, created_at)
          select ins.org_id, ins.id, 'email', e.email, ${now}::timestamptz, ${now}::timestamptz
          from ins join users usr on usr.id = ins.user_id and usr.is_active
          join employees e on e.id = usr.employee_id
          left join notification_preferences np on np.user_id = ins.user_id
          where ${opts.emailEnabled} and coalesce(e.email, '') <> '' and coalesce(np.email, true)
          returning 1
        )
        select (select count(*)::int from ins) as created, (select count(*)::int from mail) as emails`,
  );
  return result;
}

interface NotificationRow {
  id: string;
  kind: string;
  params: Record<string, unknown>;
  link: string | null;
  read_at: string | null;
  created_at: string;
}

const present = (r: NotificationRow, locale: Locale) => ({
  id: r.id,
  kind: r.kind,
  ...renderNotification(r.kind, r.params, locale),
  link: r.link,
  readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
  createdAt: new Date(r.created_at).toISOString(),
});

export async function listNotifications(
  db: DbOrTx,
  userId: string,
  query: { unread?: boolean; before?: string; limit: number },
  locale: Locale,
): Promise<NotificationList> {
  const rows = await queryRows<NotificationRow>(
    db,
    sql`select id::text as id, kind, params, link, read_at, created_at from notifications
        where user_id = ${userId} ${query.unread ? sql`and read_at is null` : sql``}
          ${query.before ? sql`and created_at < ${query.before}::timestamptz` : sql``}
        order by created_at desc, id desc limit ${query.limit + 1}`,
  );
  const [unread] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from notifications where user_id = ${userId} and read_at is null`,
  );
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => present(r, locale)),
    unread: unread.n,
    nextBefore: rows.length > query.limit ? new Date(page[page.length - 1].created_at).toISOString() : null,
  };
}

/** Marks the caller's own notification read; anyone else's answers like a missing one. */
export async function markRead(db: DbOrTx, userId: string, id: string, now: Date, locale: Locale) {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning();
  if (!row) return fail('NOTIFICATION_NOT_FOUND');
  return present(
    {
      id: row.id,
      kind: row.kind,
      params: row.params as Record<string, unknown>,
      link: row.link,
      read_at: row.readAt?.toISOString() ?? null,
      created_at: row.createdAt.toISOString(),
    },
    locale,
  );
}

export async function markAllRead(db: DbOrTx, userId: string, now: Date) {
  await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), sql`${notifications.readAt} is null`));
}

export async function getPreferences(
  db: DbOrTx,
  user: { userId: string; employeeId: string | null },
  smtpConfigured: boolean,
): Promise<NotificationPreferences> {
  const [pref] = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, user.userId));
  const [person] = user.employeeId
    ? await queryRows<{ email: string | null }>(db, sql`select email from employees where id = ${user.employeeId}`)
    : [];
  const address = person?.email?.trim() || null;
  return { email: pref?.email ?? true, emailAvailable: smtpConfigured && address !== null, address };
}

export async function setPreferences(
  db: DbOrTx,
  user: { userId: string; orgId: string },
  email: boolean,
  now: Date,
): Promise<void> {
  await db
    .insert(notificationPreferences)
    .values({ userId: user.userId, orgId: user.orgId, email, updatedAt: now })
    .onConflictDoUpdate({ target: notificationPreferences.userId, set: { email, updatedAt: now } });
}

interface DeliveryRow {
  id: string;
  channel: string;
  address: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  sent_at: string | null;
  created_at: string;
  notification_id: string;
  kind: string;
  params: Record<string, unknown>;
  recipient: string;
}

/** The organization's email deliveries, newest first, with the counts by status. */
export async function listDeliveries(
  db: DbOrTx,
  orgId: string,
  query: { status?: 'pending' | 'sent' | 'failed'; limit: number },
  locale: Locale,
): Promise<DeliveryList> {
  const rows = await queryRows<DeliveryRow>(
    db,
    sql`select d.id::text as id, d.channel, d.address, d.status, d.attempts, d.last_error,
          case when d.status = 'pending' then d.next_attempt_at end as next_attempt_at, d.sent_at, d.created_at,
          n.id::text as notification_id, n.kind, n.params, u.username as recipient
        from notification_deliveries d join notifications n on n.id = d.notification_id join users u on u.id = n.user_id
        where d.org_id = ${orgId} ${query.status ? sql`and d.status = ${query.status}` : sql``}
        order by d.created_at desc, d.id desc limit ${query.limit}`,
  );
  const counts = await queryRows<{ status: string; n: number }>(
    db,
    sql`select status, count(*)::int as n from notification_deliveries where org_id = ${orgId} group by status`,
  );
  const count = (s: string) => counts.find((c) => c.status === s)?.n ?? 0;
  const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);
  return {
    items: rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      address: r.address,
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      nextAttemptAt: iso(r.next_attempt_at),
      sentAt: iso(r.sent_at),
      createdAt: new Date(r.created_at).toISOString(),
      notification: {
        id: r.notification_id,
        kind: r.kind,
        title: renderNotification(r.kind, r.params, locale).title,
        recipient: r.recipient,
      },
    })),
    counts: { pending: count('pending'), sent: count('sent'), failed: count('failed') },
  };
}
