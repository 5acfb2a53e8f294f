import { createMailer, sendDueEmails } from '../modules/notifications/mailer';
import type { JobDefinition } from './runner';

export const NOTIFICATIONS_EMAIL_JOB = 'notifications-email';

/**
 * Every minute: sends due email deliveries in batches until none is due (retries with backoff are rescheduled
 * on the delivery row itself, so a failing SMTP server never loses a message; after the last attempt the
 * delivery is marked failed, visible in 通知发送记录). Only scheduled when SMTP_URL is set.
 */
export function notificationsEmailJob(
  config: { smtpUrl?: string; smtpFrom?: string; publicUrl?: string },
  clock: () => Date = () => new Date(),
): JobDefinition | null {
  const mailer = createMailer(config);
  if (!mailer) return null;
  return {
    name: NOTIFICATIONS_EMAIL_JOB,
    queue: { policy: 'stately', retryLimit: 2, retryDelay: 30, expireInSeconds: 10 * 60 },
    schedule: { cron: '* * * * *', tz: 'Asia/Shanghai' },
    run: async (_data, { database, signal }) => {
      const total = { sent: 0, retried: 0, failed: 0 };
      for (let batch = 0; batch < 100 && !signal.aborted; batch++) {
        const r = await sendDueEmails(database.db, mailer, clock(), 50, { publicUrl: config.publicUrl });
        total.sent += r.sent;
        total.retried += r.retried;
        total.failed += r.failed;
        if (r.sent + r.retried + r.failed === 0) break;
      }
      return total;
    },
  };
}
