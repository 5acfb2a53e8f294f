import type { DeliveryList, DigestMode, Locale, NotificationList, NotificationPreferences } from '@stride/contracts';
import { and, eq, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { notificationPreferences, notifications } from '../../db/schema';
import { fail } from '../../lib/errors';
import { DIGEST_KIND, digestSubject } from './digest';
import { renderTestMessage, TEST_KIND } from './im-message';
import { renderNotification } from './messages';

export interface NotifyItem {
  orgId: string;
  userId: string;
  kind: string;
  params: Record<string, unknown>;
  link: string | null;
  /** Same key for the same user → created once, however often the producer runs. */
  dedupeKey: string;
  /**
   * The person the notification is about, for IM group bots scoped to a unit (the bot gets it when this person is
   * in the unit's subtree). Default: the recipient's own person.
   */
  subjectEmployeeId?: string | null;
  /**
   * Notifications with the same key are one message to a group bot, however many users got them (e.g. one alert
   * about one person notifying the manager and HR: `alert:<id>`); the text is that of the first such item in the
   * list. Default: one group post per notification.
   */
  groupKey?: string | null;
  /** false: never posted to group bots (e.g. the copy addressed to the person concerned themselves). */
  imGroup?: boolean;
}

/**
 * Creates notifications (once per user and dedupe key) and, in the same transaction, their deliveries:
 * - an email for each recipient who can get email (SMTP configured, an address on their person, email not switched
 *   off, no daily digest: those get the day's notifications in one email from the digest job);
 * - a post to each active IM group bot that carries the kind and whose unit scope holds the person concerned,
 *   once per bot and group key.
 * Only newly created notifications are delivered, so a re-run, or a bot added later, never posts old news. The
 * deliveries are sent later by the email and IM jobs, with retries.
 */
export async function notify(
  tx: DbOrTx,
  items: NotifyItem[],
  opts: { emailEnabled: boolean; now: Date },
): Promise<{ created: number; emails: number; im: number }> {
  if (items.length === 0) return { created: 0, emails: 0, im: 0 };
  const rows = JSON.stringify(
    items.map((i) => ({ org: i.orgId, u: i.userId, kind: i.kind, params: i.params, link: i.link, k: i.dedupeKey })),
  );
  const now = opts.now.toISOString();
  const [result] = await queryRows<{ created: number; emails: number; has_bots: boolean; ids: string[] }>(
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
            and coalesce(np.digest, 'off') = 'off'
          returning 1
        ),
        bots as (
          select exists (select 1 from im_channels c where c.org_id in (select distinct org_id from ins)
                         and c.is_active and c.deleted_at is null) as yes
        )
        select (select count(*)::int from ins) as created, (select count(*)::int from mail) as emails,
          (select yes from bots) as has_bots,
          case when (select yes from bots) then (select coalesce(jsonb_agg(id), '[]'::jsonb) from ins)
            else '[]'::jsonb end as ids`,
  );
  const im = result.has_bots && result.ids.length ? await queueGroupPosts(tx, items, result.ids, now) : 0;
  return { created: result.created, emails: result.emails, im };
}

/**
 * Group-bot deliveries for the given new notifications: one per matching bot and group key (on conflict, the post
 * already exists). A bot scoped to a unit matches people in that unit or below it, as of now.
 */
async function queueGroupPosts(tx: DbOrTx, items: NotifyItem[], createdIds: string[], now: string): Promise<number> {
  const extra = JSON.stringify(
    items
      .map((i, ord) => ({
        ord,
        u: i.userId,
        k: i.dedupeKey,
        subject: i.subjectEmployeeId ?? null,
        gk: i.groupKey ?? null,
        im: i.imGroup,
      }))
      .filter((i) => i.im !== false),
  );
  const inserted = await queryRows<{ id: string }>(
    tx,
    sql`with recursive
        extra as (select * from jsonb_to_recordset(${extra}::jsonb) as x(ord int, u uuid, k text, subject uuid, gk text)),
        created as (
          select n.id, n.org_id, n.user_id, n.kind, n.params, n.link, n.dedupe_key, x.subject, x.gk, x.ord
          from notifications n join extra x on x.u = n.user_id and x.k = n.dedupe_key
          where n.id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(createdIds)}::jsonb))
        ),
        bots as (
          select id, org_id, unit_id, kinds, all_kinds, webhook_mask from im_channels
          where org_id in (select org_id from created) and is_active and deleted_at is null
        ),
        scope(bot_id, unit_id) as (
          select id, unit_id from bots where unit_id is not null
          union
          select s.bot_id, u.id from org_units u join scope s on u.parent_id = s.unit_id
        )
        insert into notification_deliveries
          (org_id, channel, address, im_channel_id, payload, dedupe_key, next_attempt_at, created_at)
        select b.org_id, 'im', b.webhook_mask, b.id,
          jsonb_build_object('kind', c.kind, 'params', c.params, 'link', c.link, 'notificationId', c.id),
          'im:' || b.id || ':' || coalesce('g:' || c.gk, 'n:' || c.user_id || ':' || c.dedupe_key),
          ${now}::timestamptz, ${now}::timestamptz
        from created c
        join bots b on b.org_id = c.org_id and (b.all_kinds or b.kinds @> jsonb_build_array(c.kind))
        left join users usr on usr.id = c.user_id
        left join employees e on e.id = coalesce(c.subject, usr.employee_id)
        where b.unit_id is null or exists (select 1 from scope s where s.bot_id = b.id and s.unit_id = e.unit_id)
        order by c.ord
        on conflict (dedupe_key) do nothing
        returning id`,
  );
  return inserted.length;
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

/** "08:00" for a daily cron at a fixed minute and hour ("0 8 * * *"); null for anything else. */
export function dailyTime(cron: string): string | null {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* \*$/.exec(cron.trim());
  return m ? `${m[2].padStart(2, '0')}:${m[1].padStart(2, '0')}` : null;
}

export async function getPreferences(
  db: DbOrTx,
  user: { userId: string; employeeId: string | null },
  opts: { smtpConfigured: boolean; digestCron: string },
): Promise<NotificationPreferences> {
  const [pref] = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, user.userId));
  const [person] = user.employeeId
    ? await queryRows<{ email: string | null }>(db, sql`select email from employees where id = ${user.employeeId}`)
    : [];
  const address = person?.email?.trim() || null;
  return {
    email: pref?.email ?? true,
    emailAvailable: opts.smtpConfigured && address !== null,
    address,
    digest: (pref?.digest as DigestMode | undefined) ?? 'off',
    digestTime: dailyTime(opts.digestCron),
  };
}

/**
 * Saves the caller's choices. Switching the digest on starts it from now: what came before was already emailed
 * one by one (or not at all), so the first digest does not repeat it.
 */
export async function setPreferences(
  db: DbOrTx,
  user: { userId: string; orgId: string },
  change: { email?: boolean; digest?: DigestMode },
  now: Date,
): Promise<{ before: { email: boolean; digest: DigestMode }; after: { email: boolean; digest: DigestMode } }> {
  const [pref] = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, user.userId));
  const before = {
    email: pref?.email ?? true,
    digest: ((pref?.digest as DigestMode | undefined) ?? 'off') as DigestMode,
  };
  const after = { email: change.email ?? before.email, digest: change.digest ?? before.digest };
  const lastDigestAt = after.digest === 'daily' && before.digest !== 'daily' ? now : (pref?.lastDigestAt ?? null);
  await db
    .insert(notificationPreferences)
    .values({ userId: user.userId, orgId: user.orgId, ...after, lastDigestAt, updatedAt: now })
    .onConflictDoUpdate({ target: notificationPreferences.userId, set: { ...after, lastDigestAt, updatedAt: now } });
  return { before, after };
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
  notification_id: string | null;
  kind: string;
  params: Record<string, unknown> | null;
  payload: Record<string, unknown> | null;
  recipient: string | null;
  bot_id: string | null;
  bot_name: string | null;
  bot_provider: string | null;
}

/** The organization's deliveries (email, digests, group posts), newest first, with the counts by status. */
export async function listDeliveries(
  db: DbOrTx,
  orgId: string,
  query: { status?: 'pending' | 'sent' | 'failed'; channel?: 'email' | 'im'; limit: number },
  locale: Locale,
): Promise<DeliveryList> {
  const channel = query.channel ? sql`and d.channel = ${query.channel}` : sql``;
  const rows = await queryRows<DeliveryRow>(
    db,
    sql`select d.id::text as id, d.channel, d.address, d.status, d.attempts, d.last_error,
          case when d.status = 'pending' then d.next_attempt_at end as next_attempt_at, d.sent_at, d.created_at,
          n.id::text as notification_id, coalesce(n.kind, d.payload->>'kind', '') as kind,
          coalesce(n.params, d.payload->'params') as params, d.payload,
          coalesce(nu.username, du.username) as recipient,
          c.id::text as bot_id, c.name as bot_name, c.provider as bot_provider
        from notification_deliveries d
        left join notifications n on n.id = d.notification_id
        left join users nu on nu.id = n.user_id
        left join users du on du.id = d.user_id
        left join im_channels c on c.id = d.im_channel_id
        where d.org_id = ${orgId} ${query.status ? sql`and d.status = ${query.status}` : sql``} ${channel}
        order by d.created_at desc, d.id desc limit ${query.limit}`,
  );
  const counts = await queryRows<{ status: string; n: number }>(
    db,
    sql`select status, count(*)::int as n from notification_deliveries d where org_id = ${orgId} ${channel}
        group by status`,
  );
  const count = (s: string) => counts.find((c) => c.status === s)?.n ?? 0;
  const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);
  return {
    items: rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      address: r.address,
      imChannel: r.bot_id ? { id: r.bot_id, name: r.bot_name ?? '', provider: r.bot_provider ?? '' } : null,
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      nextAttemptAt: iso(r.next_attempt_at),
      sentAt: iso(r.sent_at),
      createdAt: new Date(r.created_at).toISOString(),
      notification: {
        id: r.notification_id,
        kind: r.kind,
        title: deliveryTitle(r.kind, r.params ?? {}, r.payload, locale),
        recipient: r.bot_id ? null : r.recipient,
      },
    })),
    counts: { pending: count('pending'), sent: count('sent'), failed: count('failed') },
  };
}

/** The title of what a delivery carries: a notification, a digest, or a bot's test message. */
function deliveryTitle(
  kind: string,
  params: Record<string, unknown>,
  payload: Record<string, unknown> | null,
  locale: Locale,
): string {
  if (kind === DIGEST_KIND) return digestSubject(payload ?? {}, locale);
  if (kind === TEST_KIND) return renderTestMessage(String(params.name ?? ''), locale, undefined).title;
  return renderNotification(kind, params, locale).title;
}
