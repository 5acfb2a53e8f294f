import type { DbOrTx } from '../../db/client';
import { openDueReviews } from './probation.service';

/**
 * The demo company starts the way the daily job leaves a real one: everyone whose probation ends within
 * the lead days has an open probation review, scored with the seeded probation template. Nothing is decided.
 */
export async function seedDemoProbationReviews(tx: DbOrTx, orgId: string, now: Date): Promise<number> {
  return (await openDueReviews(tx, orgId, now)).opened;
}
