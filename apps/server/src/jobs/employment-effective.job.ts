import { applyDueActions } from '../modules/employment/apply';
import { allOrgs } from './orgs';
import type { JobDefinition } from './runner';

export const EMPLOYMENT_EFFECTIVE_JOB = 'employment-actions-effective';

/** The cron is read in the default organization zone; each organization's "today" is its own. */
export const EMPLOYMENT_EFFECTIVE_TZ = 'Asia/Shanghai';

/**
 * Daily, and once when the worker starts: makes effective every employment action that people approved and
 * whose effective date has come (job history and the current job for job changes; exit and sign-ins ended for
 * terminations). Stride never decides anything here: it only carries out approved actions on their date. Each
 * action is claimed with a status check, so a retried or doubled run applies nothing twice. An action or
 * organization that fails is logged and the others go on; then the run fails so that pg-boss retries it.
 */
export function employmentEffectiveJob(
  cron: string,
  opts: { emailEnabled: boolean },
  clock: () => Date = () => new Date(),
): JobDefinition {
  return {
    name: EMPLOYMENT_EFFECTIVE_JOB,
    queue: { policy: 'stately', retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 60 * 60 },
    schedule: { cron, tz: EMPLOYMENT_EFFECTIVE_TZ },
    // At start: a node that was down on the day still applies what came due.
    bindRunNow: (runNow) => runNow?.(),
    run: async (_data, { database, logger, signal }) => {
      const orgIds = (await allOrgs(database.db)).map((o) => o.id);
      const failed: string[] = [];
      let applied = 0;
      for (const [i, orgId] of orgIds.entries()) {
        if (signal.aborted) throw new Error(`stopped after ${i} of ${orgIds.length} organizations; will be retried`);
        try {
          const result = await applyDueActions(database.db, orgId, clock(), opts);
          applied += result.applied;
          for (const f of result.failed) logger.error({ orgId, actionId: f.id, err: f.error }, 'applying failed');
          if (result.failed.length) failed.push(orgId);
          logger.info({ orgId, applied: result.applied }, 'employment actions applied');
        } catch (err) {
          failed.push(orgId);
          logger.error({ orgId, err }, 'applying employment actions failed');
        }
      }
      if (failed.length > 0) {
        throw new Error(
          `applying employment actions failed for ${failed.length} of ${orgIds.length} organizations: ${failed.join(', ')}`,
        );
      }
      return { organizations: orgIds.length, applied };
    },
  };
}
