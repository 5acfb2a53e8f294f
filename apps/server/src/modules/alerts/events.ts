import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { alertEvents } from '../../db/schema';

export interface AlertEventInput {
  orgId: string;
  alertId: string;
  /** raised | acknowledged | action_linked | resolved | auto_resolved */
  kind: string;
  actorId?: string | null;
  note?: string | null;
  payload?: Record<string, unknown>;
  at: Date;
}

/** The one writer of an alert's history (the evaluator, people's steps, other modules linking an action). */
export async function recordAlertEvent(tx: DbOrTx, e: AlertEventInput): Promise<void> {
  await tx.insert(alertEvents).values({
    orgId: e.orgId,
    alertId: e.alertId,
    kind: e.kind,
    actorId: e.actorId ?? null,
    note: e.note ?? null,
    payload: e.payload ?? {},
    at: e.at,
  });
}

/**
 * Another module's record answering an alert (an improvement plan): the alert's "action linked" step, in the
 * caller's transaction — an event, and the status while the alert is open or acknowledged.
 */
export async function linkActionToAlert(
  tx: DbOrTx,
  link: { orgId: string; alertId: string; actorId: string | null; actionKind: string; refId: string; at: Date },
): Promise<void> {
  await recordAlertEvent(tx, {
    orgId: link.orgId,
    alertId: link.alertId,
    kind: 'action_linked',
    actorId: link.actorId,
    payload: { actionKind: link.actionKind, refId: link.refId },
    at: link.at,
  });
  await tx.execute(sql`update alerts set status = 'action_linked', version = version + 1
    where id = ${link.alertId} and org_id = ${link.orgId} and status in ('open', 'acknowledged')`);
}
