import { sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness';
import { loadConfig } from '../config';
import { queryRows } from '../db/client';
import { PROBATION_OPEN_JOB, PROBATION_OPEN_TZ, probationOpenJob } from './probation-open.job';
import { type JobRunner, startJobs } from './runner';

let t: TestContext;
let jobs: JobRunner;
const logs: { msg: string; orgId?: string; opened?: number }[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line)) });
/** The job's clock: 10:00 in Shanghai on a day. */
let now = new Date('2026-11-27T02:00:00Z');

const reviews = async () =>
  queryRows<{ org_id: string; employee_id: string; opened_by: string; status: string }>(
    t.database.db,
    sql`select org_id::text, employee_id::text, opened_by, status from probation_reviews order by org_id, employee_id`,
  );
/** People in probation whose end is within `days` of the day, per organization. */
const dueCount = async (day: string, days: number) =>
  (
    await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from employees where status = 'probation'
          and probation_end_date <= ${day}::date + ${days}::int`,
    )
  )[0].n;

async function waitForJob(id: string): Promise<PgBoss.JobWithMetadata> {
  const deadline = Date.now() + 25_000;
  for (;;) {
    const job = await jobs.boss.getJobById<object>(PROBATION_OPEN_JOB, id, { includeArchive: true });
    if (job && ['completed', 'failed'].includes(job.state)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job?.state ?? 'missing'}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  t = await createTestContext();
  jobs = await startJobs({
    database: t.database,
    config: t.deps.config,
    logger,
    definitions: [probationOpenJob(t.deps.config.probationReviewCron, () => now)],
  });
});
afterAll(async () => {
  await jobs?.stop();
  await t?.close();
});

describe('opening probation reviews daily', () => {
  it('is scheduled daily at 01:00 Asia/Shanghai unless configured, and refuses a bad cron', async () => {
    const schedules = (await jobs.boss.getSchedules()).filter((s) => s.name === PROBATION_OPEN_JOB);
    expect(schedules).toEqual([expect.objectContaining({ cron: '0 1 * * *', timezone: PROBATION_OPEN_TZ })]);
    expect(loadConfig({}).probationReviewCron).toBe('0 1 * * *');
    expect(loadConfig({ PROBATION_REVIEW_CRON: ' 15  6 * * 1-5 ' }).probationReviewCron).toBe('15 6 * * 1-5');
    expect(() => loadConfig({ PROBATION_REVIEW_CRON: 'daily' })).toThrow(
      /PROBATION_REVIEW_CRON: must be a 5-field cron/,
    );
  });

  it('opens the due reviews of every organization through the queue, and a second run opens nothing', async () => {
    const due = await dueCount('2026-11-27', 30);
    expect(due).toBeGreaterThan(0);
    const first = await waitForJob((await jobs.runNow(PROBATION_OPEN_JOB))!);
    expect(first.state, JSON.stringify(first.output)).toBe('completed');
    expect(first.output).toEqual({ organizations: 2, opened: due });
    const opened = await reviews();
    expect(opened).toHaveLength(due);
    expect(new Set(opened.map((r) => r.org_id))).toEqual(
      new Set([t.template.companyA.orgId, t.template.companyB.orgId]),
    );
    expect(opened.every((r) => r.opened_by === 'automatic' && r.status === 'open')).toBe(true);
    expect(logs.filter((l) => l.msg === 'probation reviews opened')).toHaveLength(2);

    const second = await waitForJob((await jobs.runNow(PROBATION_OPEN_JOB))!);
    expect(second.output).toEqual({ organizations: 2, opened: 0 });
    expect(await reviews()).toEqual(opened);
  });

  it('opens the next ones as days pass, never deciding anything', async () => {
    now = new Date('2027-01-10T02:00:00Z');
    const due = await dueCount('2027-01-10', 30);
    const before = (await reviews()).length;
    expect(due).toBeGreaterThan(before);
    const job = await waitForJob((await jobs.runNow(PROBATION_OPEN_JOB))!);
    expect(job.output).toEqual({ organizations: 2, opened: due - before });
    const all = await reviews();
    expect(all).toHaveLength(due);
    expect(all.every((r) => r.status === 'open')).toBe(true);
    const [{ n }] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from employees where status = 'probation'`,
    );
    expect(n).toBeGreaterThanOrEqual(due);
  });
});
