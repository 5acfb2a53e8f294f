import type { Config } from '../config';
import { drainAllDirty, runPeriodClose } from '../modules/alerts/scheduler';
import { allOrgs } from './orgs';
import type { JobDefinition } from './runner';

export const ALERTS_DRAIN_JOB = 'alerts-drain';
export const ALERTS_PERIOD_CLOSE_JOB = 'alerts-period-close';

type AlertJobConfig = Pick<Config, 'smtpUrl'>;

/**
 * Every minute: people whose metrics changed but were not yet judged (the in-process worker normally gets
 * them within seconds; this catches what a crash or another process left in alert_dirty).
 */
export function alertsDrainJob(config: AlertJobConfig, clock: () => Date = () => new Date()): JobDefinition {
  return {
    name: ALERTS_DRAIN_JOB,
    queue: { policy: 'stately', retryLimit: 2, retryDelay: 30, expireInSeconds: 10 * 60 },
    schedule: { cron: '* * * * *', tz: 'Asia/Shanghai' },
    run: async (_data, { database, logger }) => {
      const people = await drainAllDirty({ db: database.db, clock, config: config as Config, logger });
      return { people };
    },
  };
}

/**
 * Hourly: for each organization, every rule whose period (week, month, quarter) has closed since the last
 * run judges everyone in scope, once per closed period; inactivity rules once a day. A failing organization
 * is logged, the others go on, then the run fails and is retried.
 */
export function alertsPeriodCloseJob(config: AlertJobConfig, clock: () => Date = () => new Date()): JobDefinition {
  return {
    name: ALERTS_PERIOD_CLOSE_JOB,
    queue: { policy: 'stately', retryLimit: 3, retryDelay: 120, retryBackoff: true, expireInSeconds: 60 * 60 },
    schedule: { cron: '20 * * * *', tz: 'Asia/Shanghai' },
    run: async (_data, { database, logger, signal }) => {
      const failed: string[] = [];
      let raised = 0;
      for (const org of await allOrgs(database.db)) {
        if (signal.aborted) throw new Error('stopped; will be retried');
        try {
          raised += (await runPeriodClose({ db: database.db, clock, config: config as Config, logger }, org.id)).raised;
        } catch (err) {
          failed.push(org.id);
          logger.error({ orgId: org.id, err }, 'alert period close failed');
        }
      }
      if (failed.length) throw new Error(`alert period close failed for ${failed.length} organizations`);
      return { raised };
    },
  };
}
