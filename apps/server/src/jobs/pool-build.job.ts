import { and, eq } from 'drizzle-orm';
import { lowPerformerPools } from '../db/schema';
import { todayIn } from '../lib/dates';
import { buildPool } from '../modules/pool/pool.builder';
import { lastClosedPeriod } from '../modules/pool/pool.rules';
import { ensurePoolSettings } from '../modules/pool/settings.service';
import { allOrgs } from './orgs';
import type { JobDefinition } from './runner';

export const POOL_BUILD_JOB = 'low-performer-pool-build';

/**
 * Daily at 04:30 Asia/Shanghai: after the nightly metrics rebuild and the alert evaluation of the night, so the
 * closed period's values and alerts are in.
 */
export const POOL_BUILD_CRON = '30 4 * * *';

/**
 * Daily: builds the low-performer pool of each organization's just-closed period (month or quarter, per its
 * alert settings; the default settings row is created on first use), once — a period that already has a pool is
 * left alone, so HR's rebuilds (e.g. after the period's review cycle is published) are never overwritten by the
 * job. It suggests; deciding stays with people. A failing organization is logged, the others go on, then the
 * run fails so that pg-boss retries it.
 */
export function poolBuildJob(cron: string = POOL_BUILD_CRON, clock: () => Date = () => new Date()): JobDefinition {
  return {
    name: POOL_BUILD_JOB,
    queue: { policy: 'stately', retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 60 * 60 },
    schedule: { cron, tz: 'Asia/Shanghai' },
    run: async (_data, { database, logger, signal }) => {
      const all = await allOrgs(database.db);
      const failed: string[] = [];
      let built = 0;
      for (const [i, org] of all.entries()) {
        if (signal.aborted) throw new Error(`stopped after ${i} of ${all.length} organizations; will be retried`);
        try {
          const now = clock();
          const { poolPeriodType } = await ensurePoolSettings(database.db, org.id, now);
          const periodStart = lastClosedPeriod(todayIn(org.timeZone, now), poolPeriodType);
          const [existing] = await database.db
            .select({ id: lowPerformerPools.id })
            .from(lowPerformerPools)
            .where(
              and(
                eq(lowPerformerPools.orgId, org.id),
                eq(lowPerformerPools.periodType, poolPeriodType),
                eq(lowPerformerPools.periodStart, periodStart),
              ),
            );
          if (existing) continue;
          const result = await buildPool(database.db, org.id, periodStart, now);
          built++;
          logger.info({ orgId: org.id, periodStart, entries: result.entries }, 'low-performer pool built');
        } catch (err) {
          failed.push(org.id);
          logger.error({ orgId: org.id, err }, 'building the low-performer pool failed');
        }
      }
      if (failed.length) throw new Error(`building low-performer pools failed for ${failed.length} organizations`);
      return { organizations: all.length, built };
    },
  };
}
