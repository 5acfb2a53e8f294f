import type { ReviewStage } from '@stride/contracts';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { reviewCycles } from '../../db/schema';
import { fail } from '../../lib/errors';
import type { AuthContext } from '../../lib/http';
import type { Scope } from '../access/scope';
import type { AuditActor } from '../audit/audit.service';

/** Who is acting, in what scope, on which calendar day of the organization. */
export interface ReviewCtx {
  auth: AuthContext;
  actor: AuditActor;
  scope: Scope;
  today: string;
  now: Date;
}

export type CycleRow = typeof reviewCycles.$inferSelect;

export const isHrOrAdmin = (auth: AuthContext) => auth.role === 'admin' || auth.role === 'hr';

/** The stages a cycle walks through, peer review only when the cycle asks for it. */
export function stagesOf(cycle: { peerReviews: boolean }): ReviewStage[] {
  return [
    'draft',
    'self_review',
    'manager_review',
    ...(cycle.peerReviews ? (['peer_review'] as const) : []),
    'calibration',
    'approval',
    'published',
    'closed',
  ];
}

export function nextStageOf(cycle: { peerReviews: boolean; stage: string }): ReviewStage | null {
  const stages = stagesOf(cycle);
  const i = stages.indexOf(cycle.stage as ReviewStage);
  return i >= 0 && i < stages.length - 1 ? stages[i + 1] : null;
}

/** The stage in which a rater kind's forms are filled. */
export const formStage = { self: 'self_review', manager: 'manager_review', peer: 'peer_review' } as const;
/** The deadline key of a rater kind's forms. */
export const formDeadline = { self: 'self', manager: 'manager', peer: 'peer' } as const;

export const isPublished = (stage: string) => stage === 'published' || stage === 'closed';

export async function getCycleRow(db: DbOrTx, orgId: string, id: string, forUpdate = false): Promise<CycleRow> {
  const q = db
    .select()
    .from(reviewCycles)
    .where(and(eq(reviewCycles.id, id), eq(reviewCycles.orgId, orgId)));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row ?? fail('REVIEW_CYCLE_NOT_FOUND');
}
