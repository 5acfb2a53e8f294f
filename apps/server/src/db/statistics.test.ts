import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness';
import { queryRows } from './client';
import { keepStatistics, refreshStaleStatistics, STALE_BASE_ROWS, staleTables } from './statistics';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  await t.deps.db.execute(sql`create table stats_probe (a int)`);
});
afterAll(() => t.close());

/** Inserts rows and has this backend publish its counts now (a backend otherwise publishes them within seconds). */
async function insertRows(n: number) {
  await t.deps.db.transaction(async (tx) => {
    await tx.execute(sql`insert into stats_probe select generate_series(1, ${n})`);
    await tx.execute(sql`select pg_stat_force_next_flush()`);
  });
}

/** Waits until the statistics system has seen the change (the counts of another backend arrive asynchronously). */
async function untilStale(table: string) {
  for (let i = 0; i < 200; i++) {
    if ((await staleTables(t.deps.db)).some((s) => s.table === table)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${table} never became stale`);
}

const reltuples = async () =>
  Number(
    (
      await queryRows<{ n: number }>(t.deps.db, sql`select reltuples as n from pg_class where relname = 'stats_probe'`)
    )[0].n,
  );

describe('planner statistics', () => {
  it('analyzes a table once enough of it changed, and only then', async () => {
    await insertRows(STALE_BASE_ROWS / 2);
    await new Promise((r) => setTimeout(r, 300));
    expect((await staleTables(t.deps.db)).map((s) => s.table)).not.toContain('stats_probe');

    await insertRows(STALE_BASE_ROWS * 5);
    await untilStale('stats_probe');
    expect(await reltuples()).toBeLessThanOrEqual(0); // never analyzed: planned as a guess

    expect(await refreshStaleStatistics(t.deps.db)).toContain('stats_probe');
    expect(await reltuples()).toBe(STALE_BASE_ROWS * 5.5);
    expect((await staleTables(t.deps.db)).map((s) => s.table)).not.toContain('stats_probe');
  });

  it('checks a database at most every 30 s unless forced', async () => {
    await insertRows(STALE_BASE_ROWS * 10);
    await untilStale('stats_probe');
    // refreshStaleStatistics ran a moment ago (the test above): the periodic keeper waits.
    expect(await keepStatistics(t.deps.db)).toEqual([]);
    expect(await keepStatistics(t.deps.db, true)).toContain('stats_probe');
    expect(await reltuples()).toBe(STALE_BASE_ROWS * 15.5);
  });
});
