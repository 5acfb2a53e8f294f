import type { Locale } from '@stride/contracts';
import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { type DbOrTx, queryRows } from '../../db/client';
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
  kind: string;
  params: Record<string, unknown>;
  link: string | null;
  locale: Locale;
}

/**
 * Sends due email deliveries (a batch, oldest first): sent, or retried later with backoff, or failed after
 * MAX_ATTEMPTS with the error kept. Rows are claimed with SKIP LOCKED so several servers never send the same
 * one twice at once; a crash between sending and committing can resend one email (at least once, never lost).
 */
export async function sendDueEmails(
  db: { transaction: <T>(fn: (tx: DbOrTx) => Promise<T>) => Promise<T> },
  mailer: Mailer,
  now: Date,
  limit = 50,
): Promise<{ sent: number; retried: number; failed: number }> {
  return db.transaction(async (tx) => {
    const due = await queryRows<DueRow>(
      tx,
      sql`select d.id::text as id, d.address, d.attempts, n.kind, n.params, n.link, u.locale
          from notification_deliveries d join notifications n on n.id = d.notification_id join users u on u.id = n.user_id
          where d.status = 'pending' and d.next_attempt_at <= ${now.toISOString()}::timestamptz
          order by d.next_attempt_at limit ${limit}
          for update of d skip locked`,
    );
    const result = { sent: 0, retried: 0, failed: 0 };
    for (const d of due) {
      const { title, body } = renderNotification(d.kind, d.params, d.locale);
      const open = d.link
        ? d.locale === 'zh-CN'
          ? `\n\n在 Stride 中打开：${d.link}`
          : `\n\nOpen in Stride: ${d.link}`
        : '';
      try {
        await mailer.send({ to: d.address, subject: title, text: `${body}${open}` });
        await tx.execute(
          sql`update notification_deliveries set status = 'sent', attempts = attempts + 1, sent_at = ${now.toISOString()}::timestamptz,
                last_error = null where id = ${d.id}`,
        );
        result.sent++;
      } catch (err) {
        const attempts = d.attempts + 1;
        const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
        const last = attempts >= MAX_ATTEMPTS;
        const next = new Date(now.getTime() + (RETRY_MINUTES[attempts - 1] ?? 60) * 60_000);
        await tx.execute(
          sql`update notification_deliveries set attempts = ${attempts}, last_error = ${message},
                status = ${last ? 'failed' : 'pending'}, next_attempt_at = ${next.toISOString()}::timestamptz
              where id = ${d.id}`,
        );
        if (last) result.failed++;
        else result.retried++;
      }
    }
    return result;
  });
}
