import {
  type ApprovalRole,
  type EmploymentActionKind,
  employmentActionKinds,
  recordKinds,
  type updateApprovalChainRequest,
} from '@stride/contracts';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx } from '../../db/client';
import { approvalChains } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { type FieldError, fail } from '../../lib/errors';
import { appendAudit } from '../audit/audit.service';
import type { ActionCtx } from './employment.read';

/** Stride's chains when an organization has set none: records none, job changes manager → HR, terminations → admin. */
export const defaultChains: Record<EmploymentActionKind, ApprovalRole[]> = {
  coaching: [],
  training: [],
  rotation: ['manager', 'hr'],
  transfer: ['manager', 'hr'],
  demotion: ['manager', 'hr'],
  promotion: ['manager', 'hr'],
  termination: ['manager', 'hr', 'admin'],
};

/** The organization's chain for a kind, or Stride's default. */
export async function chainStepsFor(db: DbOrTx, orgId: string, kind: EmploymentActionKind): Promise<ApprovalRole[]> {
  const [row] = await db
    .select({ steps: approvalChains.steps })
    .from(approvalChains)
    .where(and(eq(approvalChains.orgId, orgId), eq(approvalChains.kind, kind)));
  return row ? (row.steps as ApprovalRole[]) : [...defaultChains[kind]];
}

/** Every kind's chain, saying whether it is Stride's default (no row of the organization's own). */
export async function listChains(db: DbOrTx, orgId: string) {
  const rows = await db.select().from(approvalChains).where(eq(approvalChains.orgId, orgId));
  const byKind = new Map(rows.map((r) => [r.kind, r.steps as ApprovalRole[]]));
  return employmentActionKinds.map((kind) => ({
    kind,
    steps: byKind.get(kind) ?? [...defaultChains[kind]],
    isDefault: !byKind.has(kind),
  }));
}

/**
 * Sets the chain for a kind (admin only): each role at most once; records (coaching, training) stay without
 * approval. Actions already submitted keep the chain they were submitted with.
 */
export async function saveChain(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: ActionCtx,
  kind: EmploymentActionKind,
  input: z.output<typeof updateApprovalChainRequest>,
) {
  const errors: FieldError[] = [];
  input.steps.forEach((role, i) => {
    if (input.steps.indexOf(role) !== i) errors.push({ field: `steps.${i}`, code: 'APPROVAL_CHAIN_DUPLICATE_ROLE' });
  });
  if ((recordKinds as readonly string[]).includes(kind) && input.steps.length)
    errors.push({ field: 'steps', code: 'APPROVAL_CHAIN_RECORD_KIND' });
  if (errors.length) fail('APPROVAL_CHAIN_INVALID', errors);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const before = await chainStepsFor(tx, ctx.auth.orgId, kind);
    await tx
      .insert(approvalChains)
      .values({ orgId: ctx.auth.orgId, kind, steps: input.steps, updatedBy: ctx.auth.userId, updatedAt: now })
      .onConflictDoUpdate({
        target: [approvalChains.orgId, approvalChains.kind],
        set: { steps: input.steps, updatedBy: ctx.auth.userId, updatedAt: now },
      });
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'approval_chain.updated',
        entityType: 'approval_chain',
        entityId: null,
        before: { kind, steps: before },
        after: { kind, steps: input.steps },
      },
      now,
    );
  });
}
