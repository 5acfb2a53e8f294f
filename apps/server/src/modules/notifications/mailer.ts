import type { Locale } from '@stride/contracts';
import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { type DbOrTx, queryRows } from '../../db/client';
import { DIGEST_KIND, renderDigest } from './digest';
import { absoluteLink } from './im-message';
import { renderNotification } from './messages';

export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

/** An SMTP mailer from SMTP_URL / SMTP_FROM, or null when the server has no SMTP settings. */
export function createMailer(config: { smtpUrl?: string; smtpFrom?: string }): Mailer | null {
  if (!config.smtpUrl) return null;
  const transport = nodemailer.createTransport(config.smtpUrl);
  const from = config.smtpFrom ?? 'Stride <no-reply@stride.local>';
  return {
    async send(message) {
      // Base64 bodies: Chinese text stays intact through any relay (and the encoding is the same every time).
      await transport.sendMail({ from, ...message, textEncoding: 'base64' });
    },
  };
}

/** Minutes to wait after the 1st, 2nd, … failed attempt; after the last one the delivery is failed. */
export const RETRY_MINUTES = [1, 5, 15, 60] as const;
export const MAX_ATTEMPTS = RETRY_MINUTES.length + 1;

interface DueRow {
  id: string;
  address: string;
  attempts: number;
  user_id: string;
  kind: string;
  params: Record<string, unknown>;
  link: string | null;
  payload: Record<string, unknown> | null;
  locale: Locale;
}

/** What one email delivery says: its notification, or a user's digest. */
async function compose(tx: DbOrTx, d: DueRow, publicUrl: string | undefined) {
  if (d.kind === DIGEST_KIND) {
    const { subject, text } = await renderDigest(tx, d.user_id, d.payload ?? {}, d.locale, publicUrl);
    return { subject, text };
  }
  const { title, body } = renderNotification(d.kind, d.params, d.locale);
  const link = absoluteLink(publicUrl, d.link) ?? d.link;
  const open = link ? (d.locale === 'zh-CN' ? `\n\n在 Stride 中打开：${link}` : `\n\nOpen in Stride: ${link}`) : '';
  return { subject: title, text: `${body}${open}` };
}

/**
 * Sends due email deliveries (a batch, oldest first): sent, or retried later with backoff, or failed after
 * MAX_ATTEMPTS with the error kept. Rows are claimed with SKIP LOCKED so several servers never send the same
 * one twice at once; a crash between sending and committing can resend one email (at least once, never lost).
 * Links are made absolute with the server's public address when it has one.
 */
export async function sendDueEmails(
  db: { transaction: <T>(fn: (tx: DbOrTx) => Promise<T>) => Promise<T> },
  mailer: Mailer,
  now: Date,
  limit = 50,
  opts: { publicUrl?: string } = {},
): Promise<{ sent: number; retried: number; failed: number }> {
  return db.transaction(async (tx) => {
    const due = await queryRows<DueRow>(
      tx,
      sql`select d.id::text as id, d.address, d.attempts, u.id::text as user_id,
            coalesce(n.kind, d.payload->>'kind', '') as kind, coalesce(n.params, '{}'::jsonb) as params, n.link,
            d.payload, u.locale
          from notification_deliveries d
          left join notifications n on n.id = d.notification_id
          join users u on u.id = coalesce(n.user_id, d.user_id)
          where d.channel = 'email' and d.status = 'pending' and d.next_attempt_at <= ${now.toISOString()}::timestamptz
          order by d.next_attempt_at limit ${limit}
          for update of d skip locked`,
    );
    const result = { sent: 0, retried: 0, failed: 0 };
    for (const d of due) {
      try {
        const { subject, text } = await compose(tx, d, opts.publicUrl);
        await mailer.send({ to: d.address, subject, text });
        await tx.execute(
          sql`update notification_deliveries set status = 'sent', attempts = attempts + 1, sent_at = ${now.toISOString()}::timestamptz,
                last_error = null where id = ${d.id}`,
        );
        result.sent++;
      } catch (err) {
        const outcome = await recordFailure(tx, d, err, now);
        result[outcome]++;
      }
    }
    return result;
  });
}

/** Schedules the next attempt after a failure, or marks the delivery failed after the last one; keeps the error. */
export async function recordFailure(
  tx: DbOrTx,
  d: { id: string; attempts: number },
  err: unknown,
  now: Date,
): Promise<'retried' | 'failed'> {
  const attempts = d.attempts + 1;
  const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
  const last = attempts >= MAX_ATTEMPTS;
  const next = new Date(now.getTime() + (RETRY_MINUTES[attempts - 1] ?? 60) * 60_000);
  await tx.execute(
    sql`update notification_deliveries set attempts = ${attempts}, last_error = ${message},
          status = ${last ? 'failed' : 'pending'}, next_attempt_at = ${next.toISOString()}::timestamptz
        where id = ${d.id} and status = 'pending'`,
  );
  return last ? 'failed' : 'retried';
}
