import { openDueReviews } from '../modules/probation/probation.service';
import { allOrgs } from './orgs';
import type { JobDefinition } from './runner';

export const PROBATION_OPEN_JOB = 'probation-review-open';

/** The cron is read in the default organization zone; each organization's "today" is its own. */
export const PROBATION_OPEN_TZ = 'Asia/Shanghai';

/**
 * Daily: opens the probation review (转正考核) of everyone whose probation ends within their organization's
 * lead days. It only opens reviews; passing or not passing is always a person's decision. Idempotent (one
 * review per person and probation end), so a retried or doubled run opens nothing twice. An organization
 * that fails is logged and the others go on; then the run fails so that pg-boss retries it.
 */
export function probationOpenJob(cron: string, clock: () => Date = () => new Date()): JobDefinition {
  return {
    name: PROBATION_OPEN_JOB,
    queue: { policy: 'stately', retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 60 * 60 },
    schedule: { cron, tz: PROBATION_OPEN_TZ },
    run: async (_data, { database, logger, signal }) => {
      const orgIds = (await allOrgs(database.db)).map((o) => o.id);
      const failed: string[] = [];
      let opened = 0;
      for (const [i, orgId] of orgIds.entries()) {
        if (signal.aborted) throw new Error(`stopped after ${i} of ${orgIds.length} organizations; will be retried`);
        try {
          const result = await openDueReviews(database.db, orgId, clock());
          opened += result.opened;
          logger.info({ orgId, opened: result.opened }, 'probation reviews opened');
        } catch (err) {
          failed.push(orgId);
          logger.error({ orgId, err }, 'opening probation reviews failed');
        }
      }
      if (failed.length > 0) {
        throw new Error(
          `opening probation reviews failed for ${failed.length} of ${orgIds.length} organizations: ${failed.join(', ')}`,
        );
      }
      return { organizations: orgIds.length, opened };
    },
  };
}
