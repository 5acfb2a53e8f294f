import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { EMBEDDED_REBUILD_WORK_MEM, REBUILD_WORK_MEM, recomputeSettings } from './metrics.service';

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
