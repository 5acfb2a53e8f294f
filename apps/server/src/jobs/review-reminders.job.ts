import { todayIn } from '../lib/dates';
import { scanReviewNotifications } from '../modules/reviews/reminders';
import { allOrgs } from './orgs';
import type { JobDefinition } from './runner';

export const REVIEW_REMINDERS_JOB = 'review-reminders';

/**
 * Hourly: review-cycle notifications for every organization (stage opened, due soon, overdue, result
 * published, appeal decided). Idempotent by construction (dedupe keys), so retries and overlapping runs are
 * harmless. A failing organization is logged, the others go on, then the run fails and is retried.
 */
export function reviewRemindersJob(
  cron: string,
  opts: { emailEnabled: boolean },
  clock: () => Date = () => new Date(),
): JobDefinition {
  return {
    name: REVIEW_REMINDERS_JOB,
    queue: { policy: 'stately', retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 30 * 60 },
    schedule: { cron, tz: 'Asia/Shanghai' },
    run: async (_data, { database, logger, signal }) => {
      const all = await allOrgs(database.db);
      const failed: string[] = [];
      let created = 0;
      for (const org of all) {
        if (signal.aborted) throw new Error('stopped; will be retried');
        try {
          const now = clock();
          const result = await database.db.transaction((tx) =>
            scanReviewNotifications(tx, org.id, todayIn(org.timeZone, now), { emailEnabled: opts.emailEnabled, now }),
          );
          created += result.created;
        } catch (err) {
          failed.push(org.id);
          logger.error({ orgId: org.id, err }, 'review notifications failed');
        }
      }
      if (failed.length) throw new Error(`review notifications failed for ${failed.length} organizations`);
      return { organizations: all.length, created };
    },
  };
}
