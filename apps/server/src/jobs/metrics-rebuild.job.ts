import { rebuildMetricValues } from '../modules/metrics/metrics.service';
import { allOrgs } from './orgs';
import type { JobDefinition } from './runner';

export const METRICS_REBUILD_JOB = 'metrics-rebuild';

/** The cron is read in the default organization zone; one run covers every organization. */
export const METRICS_REBUILD_TZ = 'Asia/Shanghai';

/**
 * Nightly full rebuild of every organization's metric values from its activities: whatever the incremental
 * recompute may have missed converges by morning. Each organization is rebuilt in its own transaction (its
 * values change all at once, and on PGlite requests get the connection between organizations); one that fails is
 * logged and the others go on, then the job fails so pg-boss retries it.
 */
export function metricsRebuildJob(cron: string): JobDefinition {
  return {
    name: METRICS_REBUILD_JOB,
    // stately: at most one run waits and one runs, across every process sharing the queue.
    queue: { policy: 'stately', retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 2 * 60 * 60 },
    schedule: { cron, tz: METRICS_REBUILD_TZ },
    run: async (_data, { database, logger, signal }) => {
      const all = await allOrgs(database.db);
      const failed: string[] = [];
      for (const [i, org] of all.entries()) {
        if (signal.aborted) {
          throw new Error(`stopped after ${i} of ${all.length} organizations; the rebuild will be retried`);
        }
        const started = performance.now();
        try {
          await database.db.transaction((tx) => rebuildMetricValues(tx, org.id));
          logger.info({ orgId: org.id, ms: Math.round(performance.now() - started) }, 'metric values rebuilt');
        } catch (err) {
          failed.push(org.id);
          logger.error({ orgId: org.id, err }, 'metric value rebuild failed');
        }
      }
      // Embedded PostgreSQL has no autovacuum: ingestion and recomputes leave dead rows that only VACUUM
      // reclaims (86 MB of metric_values shrank to 28 MB on a demo database), so the nightly run does it.
      if (!signal.aborted) {
        await database.vacuum(['metric_values', 'metric_dirty', 'activities', 'imported_metric_values']);
      }
      // The error goes into the job's stored output: it names organizations, never a query or its parameters.
      if (failed.length > 0) {
        throw new Error(
          `metric value rebuild failed for ${failed.length} of ${all.length} organizations: ${failed.join(', ')}`,
        );
      }
      return { organizations: all.length };
    },
  };
}
