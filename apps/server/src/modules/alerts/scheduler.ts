import { sql } from 'drizzle-orm';
import { type Db, type DbOrTx, lockForOrg, queryRows } from '../../db/client';
import { keepStatistics } from '../../db/statistics';
import { coalescedWorker } from '../../lib/coalesce';
import { todayIn } from '../../lib/dates';
import type { Deps } from '../../lib/deps';
import { drainMetricPeriods, drainMetricsDirty } from '../metrics/metrics.service';
import { dirtyOrgs, drainAlertDirty, type EvalResult, evaluateAlerts, judgedPeriod, loadRules } from './evaluator';

/**
 * Incremental evaluation (seconds after a batch is accepted, not a nightly batch): the transaction that
 * recomputes metric values queues the touched people in alert_dirty; the ingestion path then wakes this
 * in-process worker, which drains the queue per organization until it is empty. A crash loses nothing: the
 * queue is in the database and the every-minute job (and the next start) drains what is left.
 */
const alertWorker = coalescedWorker();
const metricsWorker = coalescedWorker();
const periodsWorker = coalescedWorker();
const analyzeWanted = new WeakSet<Db>();

type SchedulerDeps = Pick<Deps, 'db' | 'clock' | 'config'> & { logger?: Pick<Deps['logger'], 'error'> };

export function scheduleAlertEvaluation(deps: SchedulerDeps, orgId: string): Promise<void> {
  return alertWorker.run(
    deps.db,
    orgId,
    async () => (await drainOrg(deps, orgId)).people > 0,
    (err) => deps.logger?.error({ err, orgId }, 'alert evaluation failed; the queue is kept and retried by the job'),
  );
}

/** Resolves when no evaluation is running for the database (tests and benchmarks wait on it). */
export function alertEvaluationIdle(db: Db): Promise<void> {
  return alertWorker.idle(db);
}

async function orgToday(db: DbOrTx, orgId: string, now: Date): Promise<string> {
  const [org] = await queryRows<{ time_zone: string }>(db, sql`select time_zone from orgs where id = ${orgId}`);
  return todayIn(org?.time_zone ?? 'Asia/Shanghai', now);
}

export async function drainOrg(deps: SchedulerDeps, orgId: string) {
  const now = deps.clock();
  return drainAlertDirty(deps.db, orgId, {
    now,
    today: await orgToday(deps.db, orgId, now),
    emailEnabled: Boolean(deps.config.smtpUrl),
  });
}

/** Every organization with queued person-days and people, drained once (the safety net of the incremental path). */
export async function drainAllDirty(deps: SchedulerDeps): Promise<number> {
  // Metric recomputes a large stream left to the background and a crash interrupted come first; an
  // organization whose recompute fails is reported and the alerts of all are still judged.
  try {
    await drainMetricsDirty(deps.db);
  } catch (err) {
    deps.logger?.error({ err }, 'metric recompute failed for an organization; its queue is kept for the next run');
  }
  let people = 0;
  for (const orgId of await dirtyOrgs(deps.db)) people += (await drainOrg(deps, orgId)).people;
  await keepStatisticsLogged(deps);
  return people;
}

/** Fresh planner statistics after the tables changed (db/statistics.ts); a failure is logged, never the caller's. */
async function keepStatisticsLogged(deps: SchedulerDeps) {
  try {
    await keepStatistics(deps.db);
  } catch (err) {
    deps.logger?.error({ err }, 'refreshing planner statistics failed');
  }
}

/**
 * Period close: once a week, month or quarter has ended, every rule of that period type judges everyone in
 * its scope, once per closed period (alert_period_runs); inactivity rules judge everyone daily.
 */
export async function runPeriodClose(deps: SchedulerDeps, orgId: string): Promise<EvalResult & { periods: string[] }> {
  const now = deps.clock();
  const today = await orgToday(deps.db, orgId, now);
  return deps.db.transaction(async (tx) => {
    await lockForOrg(tx, 'alerts', orgId);
    const rules = await loadRules(tx, orgId);
    const due = new Map<string, string>();
    for (const r of rules) due.set(r.periodType, judgedPeriod(r, today));
    const total: EvalResult & { periods: string[] } = { evaluated: 0, raised: 0, updated: 0, resolved: 0, periods: [] };
    for (const [periodType, period] of due) {
      const claimed = await queryRows<{ ok: number }>(
        tx,
        sql`insert into alert_period_runs (org_id, period_type, period_start, ran_at)
            values (${orgId}, ${periodType}, ${period}, ${now.toISOString()})
            on conflict do nothing returning 1 as ok`,
      );
      if (claimed.length === 0) continue;
      const r = await evaluateAlerts(
        tx,
        { orgId, now, today, emailEnabled: Boolean(deps.config.smtpUrl) },
        null,
        (rule) => rule.periodType === periodType,
      );
      await tx.execute(sql`update alert_period_runs set alerts_raised = ${r.raised}
        where org_id = ${orgId} and period_type = ${periodType} and period_start = ${period}`);
      total.evaluated += r.evaluated;
      total.raised += r.raised;
      total.updated += r.updated;
      total.resolved += r.resolved;
      total.periods.push(`${periodType}:${period}`);
    }
    return total;
  });
}

/** HR's "evaluate now": every enabled rule, everyone in scope, as of today. */
export async function evaluateOrgNow(deps: SchedulerDeps, orgId: string): Promise<EvalResult> {
  const now = deps.clock();
  const today = await orgToday(deps.db, orgId, now);
  return deps.db.transaction(async (tx) => {
    await lockForOrg(tx, 'alerts', orgId);
    return evaluateAlerts(tx, { orgId, now, today, emailEnabled: Boolean(deps.config.smtpUrl) }, null);
  });
}

/**
 * Metric values follow the accepted facts: resolves after a recompute round (weeks and months) that began
 * after this call, so it covers everything committed before it; their alerts, and quarters and years,
 * follow within seconds after it. Concurrent batches share rounds: one round recomputes the person-periods
 * of all of them once (a person's year is read once, not once per batch), which is what keeps up with a
 * steady flow. Callers that do not wait (streams too large to wait on) drop the promise. The queue is in
 * the database, so a crash or a failed round loses nothing (the every-minute job drains what is left).
 */
export function settleMetrics(
  deps: SchedulerDeps,
  orgId: string,
  opts: {
    /**
     * After a bulk load the planner's statistics describe a much smaller table (the embedded database has
     * no autovacuum, a server's may be off or a minute behind): the two large tables are analyzed right after
     * the recompute, or the next recomputes would read whole tables. Other rounds refresh whatever table
     * went stale, at most every 30 s (db/statistics.ts).
     */
    bulkLoad?: boolean;
    /**
     * A round in the middle of a stream: a bulk load's queue (enough to rebuild everything) waits for the end of
     * the stream, which rebuilds once, instead of rebuilding all values again every 30 s while more arrive.
     */
    midStream?: boolean;
  } = {},
): Promise<void> {
  if (opts.bulkLoad) analyzeWanted.add(deps.db);
  return metricsWorker.run(
    deps.db,
    orgId,
    async () => {
      const n = await drainMetricsDirty(deps.db, orgId, {
        quartersAndYears: 'later',
        fullRebuild: opts.midStream ? 'defer' : 'run',
      });
      if (n > 0) {
        void scheduleAlertEvaluation(deps, orgId);
        void settleLongerPeriods(deps, orgId);
      }
      if (analyzeWanted.delete(deps.db)) await deps.db.execute(sql`analyze activities, metric_values`);
      // Beside the rounds, not in one: an ANALYZE of a large table would hold up the next round's batches. Not
      // while a bulk load streams in (its end analyzes, above): with it the stream went in at 18,700/s instead of
      // 23,900/s, its own statements planned anew for a table growing under them (npm run bench -- ingest).
      else if (!opts.midStream) void keepStatisticsLogged(deps);
      return n > 0;
    },
    (err) => deps.logger?.error({ err, orgId }, 'metric recompute failed; the queue is kept and retried by the job'),
  );
}

const secondPassEnded = new WeakMap<Db, Map<string, number>>();

/**
 * The second pass: quarters and years, a moment after their weeks and months (metric_dirty_periods). Under a
 * steady flow a round starts at most every METRICS_LONG_PERIODS_SPACING_MS after the last one ended: each
 * re-reads whole quarters and years of everyone touched, and running them back to back took the CPU the first
 * pass (what alerts and waiting batches need) had to share (npm run bench -- alert-latency).
 */
function settleLongerPeriods(deps: SchedulerDeps, orgId: string): Promise<void> {
  const ended = secondPassEnded.get(deps.db) ?? new Map<string, number>();
  secondPassEnded.set(deps.db, ended);
  return periodsWorker.run(
    deps.db,
    orgId,
    async () => {
      const wait = (ended.get(orgId) ?? 0) + (deps.config.metricsLongPeriodsSpacingMs ?? 0) - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const n = await drainMetricPeriods(deps.db, orgId).finally(() => ended.set(orgId, Date.now()));
      if (n > 0) void scheduleAlertEvaluation(deps, orgId);
      return n > 0;
    },
    (err) => deps.logger?.error({ err, orgId }, 'metric recompute failed; the queue is kept and retried by the job'),
  );
}

/** Resolves when no background metric recompute (either pass) is running for the database. */
export async function metricsSettled(db: Db): Promise<void> {
  await metricsWorker.idle(db);
  await periodsWorker.idle(db);
}
