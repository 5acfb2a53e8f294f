import { sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness';
import { loadConfig } from '../config';
import { queryRows } from '../db/client';
import { logSerializers } from '../lib/logging';
import { METRICS_REBUILD_JOB, METRICS_REBUILD_TZ } from './metrics-rebuild.job';
import { type JobRunner, startJobs } from './runner';

let t: TestContext;
let jobs: JobRunner;
type LogLine = { level: number; msg: string; orgId?: string; job?: string; err?: { message: string } };
const logs: LogLine[] = [];
/** Lets a test act at a precise point of a running job (the job logs synchronously as it goes). */
let onLog: ((line: LogLine) => void) | undefined;
const logger = pino(
  { level: 'info', serializers: logSerializers },
  {
    write: (text: string) => {
      const line = JSON.parse(text);
      logs.push(line);
      onLog?.(line);
    },
  },
);

/** Sends a few months of CRM activity for two people of one organization through the real ingestion path. */
async function ingestActivity(suffix: '' | '.b'): Promise<void> {
  const admin = await t.login(`admin${suffix}`);
  const integration = await t.request({
    method: 'POST',
    url: '/api/v1/integrations',
    cookie: admin,
    body: { name: 'CRM', source: 'crm' },
  });
  const key = (
    await t.request({
      method: 'POST',
      url: `/api/v1/integrations/${integration.json().id}/keys`,
      cookie: admin,
      body: { name: 'jobs test' },
    })
  ).json().key;
  const people = (await t.request({ url: '/api/v1/employees?status=regular&limit=2', cookie: admin })).json().items;
  const activities = people.flatMap((p: { employeeNo: string }, i: number) =>
    ['01', '02', '03', '04', '05', '06'].flatMap((month) => [
      {
        externalId: `O-${i}-${month}`,
        type: 'order',
        employeeNo: p.employeeNo,
        occurredAt: `2026-${month}-10T10:00:00+08:00`,
        amount: `${1000 * (i + 1)}.00`,
        customer: { externalId: `C-${i}`, name: '上海某贸易有限公司' },
      },
      {
        externalId: `K-${i}-${month}`,
        type: 'call',
        employeeNo: p.employeeNo,
        occurredAt: `2026-${month}-11T09:00:00+08:00`,
      },
    ]),
  );
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/activities',
    body: { activities },
    headers: { authorization: `Bearer ${key}` },
    origin: null,
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().accepted).toBe(activities.length);
}

beforeAll(async () => {
  t = await createTestContext();
  await ingestActivity('');
  await ingestActivity('.b');
  jobs = await startJobs({ database: t.database, config: t.deps.config, logger });
});

afterAll(async () => {
  await jobs?.stop();
  await t?.close();
});

const orgA = () => t.template.companyA.orgId;
const orgB = () => t.template.companyB.orgId;

/** Count and digest of an organization's metric values (everything but when they were computed). */
async function snapshot(orgId: string): Promise<{ n: number; digest: string }> {
  const [row] = await queryRows<{ n: number; digest: string }>(
    t.database.db,
    sql`select count(*)::int as n, coalesce(md5(string_agg(
          concat_ws('|', metric_key, period_type, period_start, employee_id, value),
          ',' order by metric_key, period_type, period_start, employee_id)), '') as digest
        from metric_values where org_id = ${orgId}`,
  );
  return row;
}

/** Makes an organization's values wrong: one period type missing, one value off. */
async function tamper(orgId: string, periodType: string): Promise<void> {
  await t.database.db.execute(sql`delete from metric_values where org_id = ${orgId} and period_type = ${periodType}`);
  await t.database.db.execute(sql`update metric_values set value = value + 1
    where (org_id, metric_key, period_type, period_start, employee_id) in (
      select org_id, metric_key, period_type, period_start, employee_id from metric_values where org_id = ${orgId} limit 1)`);
}

/** Polls pg-boss until the job reaches one of the given states. */
async function waitForJob(id: string, states: string[], timeoutMs = 25_000): Promise<PgBoss.JobWithMetadata> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await jobs.boss.getJobById<object>(METRICS_REBUILD_JOB, id, { includeArchive: true });
    if (job && states.includes(job.state)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job?.state ?? 'missing'} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('background jobs', () => {
  it('registers the nightly rebuild once, and a later start replaces it instead of adding one', async () => {
    const rebuilds = async () => (await jobs.boss.getSchedules()).filter((s) => s.name === METRICS_REBUILD_JOB);
    expect(await rebuilds()).toEqual([
      expect.objectContaining({ name: METRICS_REBUILD_JOB, cron: '30 2 * * *', timezone: METRICS_REBUILD_TZ }),
    ]);
    // A restart, or a second process on the same database, with another cron.
    const second = await startJobs({
      database: t.database,
      config: { ...t.deps.config, metricsRebuildCron: '45 3 * * 1-5' },
      logger,
    });
    await second.stop();
    expect(await rebuilds()).toEqual([expect.objectContaining({ cron: '45 3 * * 1-5', timezone: METRICS_REBUILD_TZ })]);
    // One run at a time across processes; a failed nightly run is retried.
    expect(await jobs.boss.getQueue(METRICS_REBUILD_JOB)).toMatchObject({
      policy: 'stately',
      retryLimit: 3,
      retryBackoff: true,
    });
  });

  it('rebuilds every organization’s metric values through the queue', async () => {
    const right = { a: await snapshot(orgA()), b: await snapshot(orgB()) };
    expect(right.a.n).toBeGreaterThan(0);
    expect(right.b.n).toBeGreaterThan(0);
    await tamper(orgA(), 'month');
    await tamper(orgB(), 'quarter');
    expect((await snapshot(orgA())).n).toBeLessThan(right.a.n);
    expect((await snapshot(orgB())).digest).not.toBe(right.b.digest);

    const id = await jobs.runNow(METRICS_REBUILD_JOB);
    expect(id).toBeTruthy();
    const job = await waitForJob(id!, ['completed', 'failed']);
    expect(job.state, JSON.stringify(job.output)).toBe('completed');
    expect(job.output).toEqual({ organizations: 2 });

    expect(await snapshot(orgA())).toEqual(right.a);
    expect(await snapshot(orgB())).toEqual(right.b);
    const rebuilt = logs.filter((l) => l.msg === 'metric values rebuilt' && l.job === METRICS_REBUILD_JOB);
    expect(rebuilt.map((l) => l.orgId).sort()).toEqual([orgA(), orgB()].sort());
  });

  it('logs an organization that fails, still rebuilds the others, then fails the job so that it is retried', async () => {
    const right = await snapshot(orgA());
    await tamper(orgA(), 'week');
    await tamper(orgB(), 'week');
    const wrongB = await snapshot(orgB());
    // A real database error on any write of B's values. The org id is our own uuid, so inlining it is safe.
    await t.database.db.execute(
      sql.raw(`create function test_fail_org_b() returns trigger language plpgsql as $$
        begin
          if tg_op = 'DELETE' then
            if old.org_id = '${orgB()}' then raise exception 'simulated failure for org B'; end if;
            return old;
          end if;
          if new.org_id = '${orgB()}' then raise exception 'simulated failure for org B'; end if;
          return new;
        end $$`),
    );
    await t.database.db.execute(sql`create trigger test_fail_org_b before insert or update or delete on metric_values
      for each row execute function test_fail_org_b()`);
    try {
      logs.length = 0;
      const id = await jobs.runNow(METRICS_REBUILD_JOB, {}, { retryLimit: 0 });
      const job = await waitForJob(id!, ['completed', 'failed']);
      expect(job.state).toBe('failed');
      expect((job.output as { message: string }).message).toBe(
        `metric value rebuild failed for 1 of 2 organizations: ${orgB()}`,
      );

      expect(await snapshot(orgA())).toEqual(right);
      // B's transaction rolled back as a whole: its values are exactly as they were.
      expect(await snapshot(orgB())).toEqual(wrongB);
      const failures = logs.filter((l) => l.msg === 'metric value rebuild failed');
      expect(failures).toEqual([expect.objectContaining({ level: 50, orgId: orgB(), job: METRICS_REBUILD_JOB })]);
      expect(logs.some((l) => l.msg === 'metric values rebuilt' && l.orgId === orgA())).toBe(true);
    } finally {
      await t.database.db.execute(sql`drop trigger test_fail_org_b on metric_values`);
      await t.database.db.execute(sql`drop function test_fail_org_b()`);
    }
  });

  it('a stop between organizations ends the run there, waits for it, and leaves it to be retried', async () => {
    const right = { a: await snapshot(orgA()), b: await snapshot(orgB()) };
    await tamper(orgA(), 'year');
    await tamper(orgB(), 'year');
    logs.length = 0;
    let stopping: Promise<void> | undefined;
    onLog = (line) => {
      if (line.msg === 'metric values rebuilt') stopping ??= jobs.stop();
    };
    const stopped = new Promise<void>((resolve) => jobs.boss.once('stopped', () => resolve()));

    const id = await jobs.runNow(METRICS_REBUILD_JOB);
    await waitForJob(id!, ['retry', 'completed', 'failed']);
    await stopping;
    await stopped;
    await jobs.stop(); // a second stop is the same stop
    onLog = undefined;

    const job = await jobs.boss.getJobById<object>(METRICS_REBUILD_JOB, id!, { includeArchive: true });
    expect(job).toMatchObject({
      state: 'retry',
      output: { message: 'stopped after 1 of 2 organizations; the rebuild will be retried' },
    });
    // One organization was rebuilt and committed; the other was not started.
    const rebuilt = logs.filter((l) => l.msg === 'metric values rebuilt');
    expect(rebuilt.map((l) => l.orgId)).toHaveLength(1);
    const [done, left] = rebuilt[0].orgId === orgA() ? (['a', 'b'] as const) : (['b', 'a'] as const);
    const orgOf = { a: orgA(), b: orgB() };
    expect(await snapshot(orgOf[done])).toEqual(right[done]);
    expect((await snapshot(orgOf[left])).digest).not.toBe(right[left].digest);
    // Nothing of pg-boss is left using the database, which the harness now closes.
    await t.database.ping();
  });
});

describe('job configuration', () => {
  it('runs the rebuild at 02:30 unless told otherwise, and refuses anything but a 5-field cron', () => {
    expect(loadConfig({})).toMatchObject({ jobsEnabled: true, metricsRebuildCron: '30 2 * * *' });
    expect(loadConfig({ JOBS_ENABLED: 'false', METRICS_REBUILD_CRON: ' 0  3 * * mon-fri ' })).toMatchObject({
      jobsEnabled: false,
      metricsRebuildCron: '0 3 * * mon-fri',
    });
    expect(loadConfig({ METRICS_REBUILD_CRON: '*/20 1-4 1,15 jan-jun 0' }).metricsRebuildCron).toBe(
      '*/20 1-4 1,15 jan-jun 0',
    );
    for (const bad of [
      '30 2 * *',
      '0 30 2 * * *',
      '60 2 * * *',
      '0 3 * * 8',
      '*/0 * * * *',
      '5-1 * * * *',
      'nightly',
    ]) {
      expect(() => loadConfig({ METRICS_REBUILD_CRON: bad }), bad).toThrow(
        /METRICS_REBUILD_CRON: must be a 5-field cron/,
      );
    }
    expect(() => loadConfig({ JOBS_ENABLED: 'yes' })).toThrow(/JOBS_ENABLED/);
  });
});
