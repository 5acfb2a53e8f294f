import type { ImProvider, Locale } from '@stride/contracts';
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import type { FieldCipher } from '../../lib/crypto';
import { IM_TIMEOUT_MS } from './im-channels.service';
import { renderGroupMessage } from './im-message';
import { postToBot } from './im-providers';
import { recordFailure } from './mailer';

/**
 * Posts per bot and minute, under the providers' limits (DingTalk and WeCom: 20 a minute per bot; Feishu: 100 a
 * minute, 5 a second). What is over waits for the next run: never dropped.
 */
const PER_MINUTE: Record<ImProvider, number> = { dingtalk: 18, wecom: 18, feishu: 90 };

/**
 * A claimed delivery is not offered to another worker for this long: longer than a batch takes (each post gives
 * up after IM_TIMEOUT_MS). A worker that dies mid-batch leaves its claims to be picked up after it (at least once).
 */
const CLAIM_MINUTES = 5;

interface Claimed {
  id: string;
  attempts: number;
  payload: { kind?: string; params?: Record<string, unknown>; link?: string | null } | null;
  bot_id: string;
  provider: ImProvider;
  webhook_enc: string;
  secret_enc: string | null;
  locale: Locale;
  usable: boolean;
}

/**
 * Sends due group-bot posts: each is claimed in a short statement (so no transaction is open while a provider
 * answers, and two workers never post the same one at once), posted with the provider's format and signature,
 * then recorded: sent, or retried after 1, 5, 15 and 60 minutes, then failed with the provider's error. A post to
 * a bot that was switched off or deleted meanwhile ends failed with that reason.
 */
export async function sendDueImMessages(
  db: DbOrTx,
  /** Asked only when there is something to send. */
  cipher: () => FieldCipher,
  now: Date,
  opts: { publicUrl?: string; timeoutMs?: number; limit?: number } = {},
): Promise<{ sent: number; retried: number; failed: number }> {
  const at = now.toISOString();
  const limits = sql.raw(
    `case c.provider ${Object.entries(PER_MINUTE)
      .map(([p, n]) => `when '${p}' then ${n}`)
      .join(' ')} else 18 end`,
  );
  const claimed = await queryRows<Claimed>(
    db,
    sql`with due as (
          select d.id, d.im_channel_id, row_number() over (partition by d.im_channel_id order by d.next_attempt_at, d.id) as rn
          from notification_deliveries d
          where d.channel = 'im' and d.status = 'pending' and d.next_attempt_at <= ${at}::timestamptz
          order by d.next_attempt_at limit ${opts.limit ?? 200}
        ),
        recent as (
          select im_channel_id, count(*)::int as n from notification_deliveries
          where channel = 'im' and status = 'sent' and sent_at > ${at}::timestamptz - interval '1 minute'
            and im_channel_id in (select im_channel_id from due)
          group by im_channel_id
        ),
        picked as (
          select due.id from due join im_channels c on c.id = due.im_channel_id
          left join recent r on r.im_channel_id = due.im_channel_id
          -- A post to a bot that is off is picked regardless of the limit: it ends failed at once.
          where not (c.is_active and c.deleted_at is null) or due.rn <= ${limits} - coalesce(r.n, 0)
        ),
        claimed as (
          update notification_deliveries d
          set next_attempt_at = ${at}::timestamptz + ${`${CLAIM_MINUTES} minutes`}::interval
          from im_channels c
          where d.id in (select id from picked) and c.id = d.im_channel_id
            and d.status = 'pending' and d.next_attempt_at <= ${at}::timestamptz
          returning d.id::text as id, d.attempts, d.payload, c.id::text as bot_id, c.provider, c.webhook_enc,
            c.secret_enc, c.locale, (c.is_active and c.deleted_at is null) as usable, d.created_at
        )
        -- Oldest first: a group reads its posts in the order things happened (an UPDATE returns rows in any order).
        select id, attempts, payload, bot_id, provider, webhook_enc, secret_enc, locale, usable
        from claimed order by created_at, id`,
  );
  const result = { sent: 0, retried: 0, failed: 0 };
  for (const d of claimed) {
    if (!d.usable) {
      await db.execute(
        sql`update notification_deliveries set status = 'failed', attempts = attempts + 1,
              last_error = 'the group bot is switched off or deleted' where id = ${d.id} and status = 'pending'`,
      );
      result.failed++;
      continue;
    }
    const payload = d.payload ?? {};
    const error = await postToBot(
      {
        provider: d.provider,
        webhook: cipher().decrypt(d.webhook_enc),
        secret: d.secret_enc ? cipher().decrypt(d.secret_enc) : null,
      },
      renderGroupMessage(
        { kind: payload.kind ?? '', params: payload.params ?? {}, link: payload.link ?? null },
        d.locale,
        opts.publicUrl,
      ),
      { timeoutMs: opts.timeoutMs ?? IM_TIMEOUT_MS },
    );
    if (error === null) {
      await db.execute(
        sql`update notification_deliveries set status = 'sent', attempts = attempts + 1, sent_at = ${at}::timestamptz,
              last_error = null where id = ${d.id} and status = 'pending'`,
      );
      result.sent++;
    } else {
      result[await recordFailure(db, d, new Error(error), now)]++;
    }
  }
  return result;
}
