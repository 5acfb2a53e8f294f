import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { alertsDrainJob, alertsPeriodCloseJob } from './alerts.job';
import { employmentEffectiveJob } from './employment-effective.job';
import { metricsRebuildJob } from './metrics-rebuild.job';
import { notificationsDigestJob } from './notifications-digest.job';
import { notificationsEmailJob } from './notifications-email.job';
import { notificationsImJob } from './notifications-im.job';
import { poolBuildJob } from './pool-build.job';
import { probationOpenJob } from './probation-open.job';
import { reviewRemindersJob } from './review-reminders.job';

export interface JobContext {
  database: Database;
  logger: FastifyBaseLogger;
  /** Aborted when the runner stops: a long job ends at its next safe point and fails, so pg-boss retries it. */
  signal: AbortSignal;
}

export interface JobDefinition<Data extends object = object> {
  /** Queue name, and the key of its schedule: every start replaces the schedule instead of adding one. */
  name: string;
  queue: Omit<PgBoss.Queue, 'name'>;
  schedule?: { cron: string; tz: string };
  /** Handed a function that queues a run now once this process works the queue (undefined again on stop). */
  bindRunNow?(runNow: (() => void) | undefined): void;
  /** Its result is stored as the job's output; a throw fails the job and pg-boss retries it per the queue. */
  run(data: Data, ctx: JobContext): Promise<object | undefined>;
}

export interface JobRunner {
  boss: PgBoss;
  /** Queues a run now and wakes this process's worker; null when the queue already holds a waiting run. */
  runNow(name: string, data?: object, options?: PgBoss.SendOptions): Promise<string | null>;
  /** Lets the running job reach a safe point, then returns once nothing of pg-boss touches the database. */
  stop(): Promise<void>;
}

export type JobsConfig = Pick<
  Config,
  | 'metricsRebuildCron'
  | 'probationReviewCron'
  | 'employmentEffectiveCron'
  | 'reviewRemindersCron'
  | 'smtpUrl'
  | 'smtpFrom'
  | 'notificationsDigestCron'
  | 'publicUrl'
  | 'encryptionKey'
  | 'dataDir'
>;

export function jobDefinitions(config: JobsConfig): JobDefinition[] {
  const email = notificationsEmailJob(config);
  const digest = notificationsDigestJob(config);
  return [
    metricsRebuildJob(config.metricsRebuildCron),
    probationOpenJob(config.probationReviewCron),
    employmentEffectiveJob(config.employmentEffectiveCron, { emailEnabled: Boolean(config.smtpUrl) }),
    poolBuildJob(),
    reviewRemindersJob(config.reviewRemindersCron, { emailEnabled: Boolean(config.smtpUrl) }),
    alertsDrainJob(config),
    alertsPeriodCloseJob(config),
    ...(email ? [email] : []),
    ...(digest ? [digest] : []),
    notificationsImJob(config),
  ];
}

/**
 * Embedded, pg-boss shares the one PGlite connection with every HTTP request, so it asks rarely: jobs here are
 * nightly (runNow wakes the worker at once), and cron is still checked every 30 s (pg-boss's default), which
 * every schedule needs to fire within its minute. On PostgreSQL polling is cheap, so closer to the defaults.
 */
const pollingByEngine = {
  pglite: { pollingIntervalSeconds: 30, cronWorkerIntervalSeconds: 30, maintenanceIntervalSeconds: 600 },
  postgres: { pollingIntervalSeconds: 10, cronWorkerIntervalSeconds: 10, maintenanceIntervalSeconds: 300 },
} as const;

/** How long stop() lets the running job reach its safe point before pg-boss marks it failed (it is retried). */
const STOP_GRACE_MS = 15_000;

/**
 * Starts pg-boss on the app's own database and works the given jobs in this process. On both engines pg-boss
 * goes through `database.executeSql`: on PGlite it must (one connection per data directory); on PostgreSQL it
 * shares the app's pool rather than opening a second one, because that is exactly what pg-boss's own connection
 * does (one pool.query per call) while keeping one connection budget, one place that survives idle disconnects,
 * and one thing to close. Its queries are few and short, so they do not crowd out requests.
 */
export async function startJobs(args: {
  database: Database;
  config: JobsConfig;
  logger: FastifyBaseLogger;
  definitions?: JobDefinition[];
}): Promise<JobRunner> {
  const { database, logger } = args;
  const definitions = args.definitions ?? jobDefinitions(args.config);

  // pg-boss does not await all it starts (a poll in flight, completions sent without waiting): stop() waits for
  // these so that the database can close under nothing.
  const pendingSql = new Set<Promise<unknown>>();
  const runningJobs = new Set<Promise<unknown>>();
  const db: PgBoss.Db = {
    executeSql: (text, values) => {
      const pending = database.executeSql(text, values);
      pendingSql.add(pending);
      pending.then(
        () => pendingSql.delete(pending),
        () => pendingSql.delete(pending),
      );
      return pending;
    },
  };

  const boss = new PgBoss({ db, ...pollingByEngine[database.kind], supervise: true, schedule: true });
  // Without a listener an 'error' event would throw; these are pg-boss's own failures (a poll, maintenance).
  boss.on('error', (err) => logger.error({ err }, 'job queue error'));
  await boss.start();

  const stopping = new AbortController();
  const workerIds = new Map<string, string>();
  try {
    for (const def of definitions) {
      // createQueue leaves an existing queue as it is; the update applies this version's settings.
      await boss.createQueue(def.name, { name: def.name, ...def.queue });
      await boss.updateQueue(def.name, { name: def.name, ...def.queue });
      if (def.schedule) await boss.schedule(def.name, def.schedule.cron, {}, { tz: def.schedule.tz });
      else await boss.unschedule(def.name);
      const workerId = await boss.work<object>(def.name, async ([job]) => {
        if (stopping.signal.aborted) throw new Error('the job runner is stopping; the job will be retried');
        const jobLogger = logger.child({ job: def.name, jobId: job.id });
        const run = def.run(job.data ?? {}, { database, logger: jobLogger, signal: stopping.signal });
        runningJobs.add(run);
        try {
          return await run;
        } finally {
          runningJobs.delete(run);
        }
      });
      workerIds.set(def.name, workerId);
      def.bindRunNow?.(() => {
        boss.send(def.name, {}).then(
          (id) => id && boss.notifyWorker(workerId),
          (err) => logger.warn({ err, job: def.name }, 'could not queue a run now'),
        );
      });
    }
  } catch (err) {
    await boss.stop({ graceful: false });
    throw err;
  }
  logger.info(
    { jobs: definitions.map((d) => (d.schedule ? `${d.name} (${d.schedule.cron} ${d.schedule.tz})` : d.name)) },
    'background jobs started',
  );

  let stopped: Promise<void> | undefined;
  return {
    boss,
    runNow: async (name, data = {}, options = {}) => {
      const id = await boss.send(name, data, options);
      const workerId = workerIds.get(name);
      if (id && workerId) boss.notifyWorker(workerId);
      return id;
    },
    stop: () => {
      stopped ??= (async () => {
        stopping.abort();
        for (const def of definitions) def.bindRunNow?.(undefined);
        await boss.stop({ graceful: true, wait: true, timeout: STOP_GRACE_MS });
        // A poll that was in flight may still hand over a job (refused above) and completions may still be on
        // their way: wait until none is left, looking again after each round settles what it started.
        for (;;) {
          await new Promise((resolve) => setImmediate(resolve));
          if (runningJobs.size === 0 && pendingSql.size === 0) break;
          await Promise.allSettled([...runningJobs, ...pendingSql]);
        }
        logger.info('background jobs stopped');
      })();
      return stopped;
    },
  };
}
