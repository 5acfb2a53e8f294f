import type { Locale } from '@stride/contracts';
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { absoluteLink } from './im-message';
import { renderNotification } from './messages';

// The daily digest: for users who chose it, one email a day lists their unread notifications since the previous
// digest, instead of one email per notification. Queued as an email delivery (so it is retried and logged like
// any email), once per user and day.

export const DIGEST_KIND = 'notifications.digest';
/** The digest lists at most this many notifications and counts the rest. */
export const DIGEST_MAX_ITEMS = 50;

interface DigestPayload {
  date?: unknown;
  total?: unknown;
  notificationIds?: unknown;
}

/**
 * Queues today's digest of every user of the organization who chose the daily digest, still has email on and an
 * address, and has unread notifications since their last digest. `date` is the organization's local day: the
 * delivery's dedupe key, so running again the same day queues nothing more. Returns how many were queued.
 */
export async function queueDigests(tx: DbOrTx, orgId: string, date: string, now: Date): Promise<{ queued: number }> {
  const at = now.toISOString();
  const [row] = await queryRows<{ queued: number }>(
    tx,
    sql`with due as (
          select np.user_id, np.org_id, np.last_digest_at, e.email
          from notification_preferences np
          join users u on u.id = np.user_id and u.is_active
          join employees e on e.id = u.employee_id
          where np.org_id = ${orgId} and np.digest = 'daily' and np.email and coalesce(e.email, '') <> ''
        ),
        unread as (
          select d.user_id, count(*)::int as total,
            (array_agg(n.id::text order by n.created_at desc, n.id desc))[1:${sql.raw(String(DIGEST_MAX_ITEMS))}] as ids
          from due d join notifications n on n.user_id = d.user_id and n.read_at is null
            and n.created_at > coalesce(d.last_digest_at, '-infinity'::timestamptz)
            and n.created_at <= ${at}::timestamptz
          group by d.user_id
        ),
        ins as (
          insert into notification_deliveries (org_id, channel, address, user_id, payload, dedupe_key, next_attempt_at, created_at)
          select d.org_id, 'email', d.email, d.user_id,
            jsonb_build_object('kind', ${DIGEST_KIND}::text, 'date', ${date}::text, 'total', x.total, 'notificationIds', to_jsonb(x.ids)),
            'digest:' || d.user_id || ':' || ${date}::text, ${at}::timestamptz, ${at}::timestamptz
          from due d join unread x on x.user_id = d.user_id
          on conflict (dedupe_key) do nothing
          returning user_id
        ),
        moved as (
          update notification_preferences set last_digest_at = ${at}::timestamptz
          where user_id in (select user_id from ins)
          returning 1
        )
        select count(*)::int as queued from ins`,
  );
  return { queued: row?.queued ?? 0 };
}

const total = (p: DigestPayload) => Number(p.total ?? 0);

export function digestSubject(payload: DigestPayload, locale: Locale): string {
  const date = String(payload.date ?? '');
  return locale === 'zh-CN'
    ? `Stride 每日通知摘要：${total(payload)} 条未读（${date}）`
    : `Stride daily digest: ${total(payload)} unread notification${total(payload) === 1 ? '' : 's'} (${date})`;
}

/**
 * The digest email in the recipient's language, rendered when sent: the listed notifications as they read now
 * (one read since is still listed: the digest tells what came in).
 */
export async function renderDigest(
  db: DbOrTx,
  userId: string,
  payload: DigestPayload,
  locale: Locale,
  publicUrl: string | undefined,
): Promise<{ subject: string; text: string }> {
  const ids = Array.isArray(payload.notificationIds) ? payload.notificationIds.map(String) : [];
  const rows = await queryRows<{ kind: string; params: Record<string, unknown>; link: string | null }>(
    db,
    sql`select kind, params, link from notifications
        where user_id = ${userId} and id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))
        order by created_at desc, id desc`,
  );
  const zh = locale === 'zh-CN';
  const lines = rows.map((r, i) => {
    const { title, body } = renderNotification(r.kind, r.params ?? {}, locale);
    const link = absoluteLink(publicUrl, r.link) ?? r.link;
    return [`${i + 1}. ${title}`, body ? `   ${body}` : '', link ? `   ${link}` : ''].filter(Boolean).join('\n');
  });
  const more = total(payload) - rows.length;
  const inbox = absoluteLink(publicUrl, '/notifications');
  const text = [
    zh
      ? `您有 ${total(payload)} 条未读通知（自上次摘要以来）：`
      : `You have ${total(payload)} unread notification${total(payload) === 1 ? '' : 's'} since the last digest:`,
    '',
    lines.join('\n\n'),
    more > 0 ? (zh ? `\n……另有 ${more} 条，请在 Stride 中查看。` : `\n… and ${more} more in Stride.`) : '',
    inbox ? (zh ? `\n全部通知：${inbox}` : `\nAll notifications: ${inbox}`) : '',
    zh
      ? '\n您选择了每日摘要，所以不再逐条发送通知邮件。可在 Stride 的“通知”页面修改。'
      : '\nYou chose the daily digest instead of one email per notification; change it on the Notifications page of Stride.',
  ]
    .filter((l) => l !== '')
    .join('\n');
  return { subject: digestSubject(payload, locale), text };
}
