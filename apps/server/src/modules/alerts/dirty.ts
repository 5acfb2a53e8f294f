import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';

/**
 * Queues one person for the alert evaluator (alerts/scheduler.ts) in the caller's transaction: something that
 * changes what may be judged (a mask, a transfer, a quota reset) is re-judged within seconds, not at the
 * person's next activity or the period close.
 */
export async function markForAlertEvaluation(tx: DbOrTx, orgId: string, employeeId: string): Promise<void> {
  await tx.execute(sql`insert into alert_dirty (org_id, employee_id) values (${orgId}, ${employeeId})
    on conflict (org_id, employee_id) do update set marked_at = now()`);
}
