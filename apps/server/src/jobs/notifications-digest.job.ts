import { todayIn } from '../lib/dates';
import { queueDigests } from '../modules/notifications/digest';
import { allOrgs } from './orgs';
import type { JobDefinition } from './runner';

export const NOTIFICATIONS_DIGEST_JOB = 'notifications-digest';

/**
 * Daily (NOTIFICATIONS_DIGEST_CRON, 08:00 Asia/Shanghai): queues the digest email of each user who chose it, listing
 * their unread notifications since the previous digest; the email job sends it (with retries, in the delivery log).
 * Once per user and local day, however often this runs. A failing organization is logged, the others go on, then
 * the run fails and is retried. Only scheduled when SMTP_URL is set.
 */
export function notificationsDigestJob(
  config: { smtpUrl?: string; notificationsDigestCron: string },
  clock: () => Date = () => new Date(),
): JobDefinition | null {
  if (!config.smtpUrl) return null;
  return {
    name: NOTIFICATIONS_DIGEST_JOB,
    queue: { policy: 'stately', retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 30 * 60 },
    schedule: { cron: config.notificationsDigestCron, tz: 'Asia/Shanghai' },
    run: async (_data, { database, logger, signal }) => {
      const all = await allOrgs(database.db);
      const failed: string[] = [];
      let queued = 0;
      for (const org of all) {
        if (signal.aborted) throw new Error('stopped; will be retried');
        try {
          const now = clock();
          const r = await database.db.transaction((tx) => queueDigests(tx, org.id, todayIn(org.timeZone, now), now));
          queued += r.queued;
        } catch (err) {
          failed.push(org.id);
          logger.error({ orgId: org.id, err }, 'notification digests failed');
        }
      }
      if (failed.length) throw new Error(`notification digests failed for ${failed.length} organizations`);
      return { organizations: all.length, queued };
    },
  };
}
