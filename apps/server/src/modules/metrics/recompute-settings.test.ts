import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import {
  drainMetricsDirty,
  EMBEDDED_REBUILD_WORK_MEM,
  FULL_REBUILD_FROM,
  REBUILD_WORK_MEM,
  recomputeSettings,
} from './metrics.service';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

it('gives recomputes 64MB of sort memory on a PostgreSQL server and 4MB embedded, without JIT, for the transaction only', async () => {
  const expected = t.database.kind === 'pglite' ? EMBEDDED_REBUILD_WORK_MEM : REBUILD_WORK_MEM;
  const inside = await t.database.db.transaction(async (tx) => {
    await recomputeSettings(tx);
    const [row] = await queryRows<{ work_mem: string; jit: string }>(
      tx,
      sql`select current_setting('work_mem') as work_mem, current_setting('jit') as jit`,
    );
    return row;
  });
  expect(inside).toEqual({ work_mem: expected, jit: 'off' });
  const [after] = await queryRows<{ work_mem: string }>(
    t.database.db,
    sql`select current_setting('work_mem') as work_mem`,
  );
  expect(after.work_mem).toBe('4MB');
});

it('leaves a bulk load’s queue to the end of its stream (a mid-stream round), and rebuilds it otherwise', async () => {
  const orgId = t.template.companyA.orgId;
  // A bulk load's worth of touched person-days: every day of 2024–2026 of enough people.
  await t.database.db.execute(sql`insert into metric_dirty (org_id, employee_id, local_date)
    select ${orgId}::uuid, e.id, d::date from (select id from employees where org_id = ${orgId} order by id limit 25) e
    cross join generate_series('2024-01-01'::date, '2026-06-30'::date, interval '1 day') d
    on conflict do nothing`);
  const queued = async () =>
    (
      await queryRows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from metric_dirty where org_id = ${orgId}`,
      )
    )[0].n;
  const before = await queued();
  expect(before).toBeGreaterThanOrEqual(FULL_REBUILD_FROM);
  expect(await drainMetricsDirty(t.database.db, orgId, { quartersAndYears: 'later', fullRebuild: 'defer' })).toBe(0);
  expect(await queued()).toBe(before);
  // The stream's end (or the job) rebuilds once and empties the queue.
  expect(await drainMetricsDirty(t.database.db, orgId, { quartersAndYears: 'later' })).toBe(before);
  expect(await queued()).toBe(0);
});
