import type { DbOrTx } from '../../db/client';
import { todayIn } from '../../lib/dates';
import { buildPool } from './pool.builder';
import { addPeriods, lastClosedPeriod } from './pool.rules';

/**
 * The demo company's low-performer pools: the month before last (its review cycle is closed, so grades count)
 * and last month (the daily job's just-closed period; its cycle is still open, so alerts and attainment only).
 * Built after the demo activity, alerts and review cycles, in the seed's transaction.
 */
export async function seedDemoPools(tx: DbOrTx, orgId: string, now: Date): Promise<number> {
  const last = lastClosedPeriod(todayIn('Asia/Shanghai', now), 'month');
  let entries = 0;
  for (const periodStart of [addPeriods(last, 'month', -1), last])
    entries += (await buildPool(tx, orgId, periodStart, now)).entries;
  return entries;
}
