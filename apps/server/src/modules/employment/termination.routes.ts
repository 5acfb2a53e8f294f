import {
  art42ChecklistRequest,
  art42Items,
  type Locale,
  terminationChain,
  terminationStepResult,
  unionNoticeRequest,
} from '@stride/contracts';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client';
import { employees, employmentActionFiles, employmentActions } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { type FieldError, fail } from '../../lib/errors';
import { type Caller, callerOf } from '../access/caller';
import { employeeVisibility } from '../access/scope';
import { appendAudit } from '../audit/audit.service';
import { type ChainPersonalAccess, loadTerminationChain, terminationDetailsOf } from './termination.chain';

const idParams = z.object({ id: z.uuid() });
const hrOnly = ['admin', 'hr'] as const;
const readers = ['admin', 'hr', 'manager'] as const;
const tags = ['employment'];
/** The Art. 42 checklist and the union notice may change until the final approval. */
const EDITABLE = new Set(['draft', 'pending_approval']);

type Ctx = Caller;

type ActionRow = typeof employmentActions.$inferSelect;

/**
 * The action if the caller may see its person (404 otherwise, as if it did not exist): admin and hr the whole
 * organization, a manager the people of the units they lead — never an action about themselves.
 */
async function visibleAction(db: DbOrTx, ctx: Ctx, id: string, forUpdate = false): Promise<ActionRow> {
  const q = db
    .select({ action: employmentActions })
    .from(employmentActions)
    .innerJoin(employees, eq(employees.id, employmentActions.employeeId))
    .where(
      and(
        eq(employmentActions.id, id),
        eq(employmentActions.orgId, ctx.auth.orgId),
        employeeVisibility(ctx.scope),
        // Never one's own termination, HR and admins included.
        ctx.auth.employeeId ? sql`${employmentActions.employeeId} <> ${ctx.auth.employeeId}` : undefined,
      ),
    );
  const [row] = forUpdate ? await q.for('update', { of: employmentActions }) : await q;
  if (!row) return fail('EMPLOYMENT_ACTION_NOT_FOUND');
  if (row.action.kind !== 'termination') return fail('TERMINATION_NOT_A_TERMINATION');
  return row.action;
}

/** Records one step of the termination file in the action's details (version + 1), audited with before and after. */
async function writeStep(
  tx: DbOrTx,
  ctx: Ctx,
  action: ActionRow,
  key: 'art42' | 'unionNotice',
  value: Record<string, unknown>,
  what: string,
): Promise<ActionRow> {
  const details = terminationDetailsOf(action);
  const [row] = await tx
    .update(employmentActions)
    .set({ details: { ...details, [key]: value }, version: action.version + 1, updatedAt: ctx.now })
    .where(eq(employmentActions.id, action.id))
    .returning();
  await appendAudit(
    tx,
    ctx.actor,
    {
      action: `employment_action.${what}`,
      entityType: 'employment_action',
      entityId: action.id,
      before: { [key]: details[key] ?? null, version: action.version },
      after: { [key]: value, version: row.version },
    },
    ctx.now,
  );
  return row;
}

function checkVersionAndState(action: ActionRow, version: number) {
  if (action.version !== version) fail('EMPLOYMENT_ACTION_VERSION_CONFLICT');
  if (!EDITABLE.has(action.status)) fail('EMPLOYMENT_ACTION_STATE_CONFLICT');
}

/** Every Art. 42 item answered exactly once: duplicates and omissions are named. */
export function art42ItemErrors(items: readonly { item: string }[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  items.forEach((x, i) => {
    if (seen.has(x.item)) errors.push({ field: `items.${i}.item`, code: 'ART42_ITEM_DUPLICATE' });
    seen.add(x.item);
  });
  for (const item of art42Items)
    if (!seen.has(item)) errors.push({ field: `items.${item}`, code: 'ART42_ITEM_MISSING' });
  return errors;
}

/**
 * A termination's evidence chain and the two records HR keeps on it: the Art. 42 confirmation checklist (Art. 40(2)
 * only) and the Art. 43 union notice (unilateral grounds). Registered by employment.routes.ts.
 */
export const terminationRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const ctxOf = (req: FastifyRequest): Promise<Ctx> => callerOf(deps, req);
  const personalOf = (ctx: Ctx): ChainPersonalAccess => ({ cipher: deps.cipher, actor: ctx.actor, now: ctx.now });
  /** A step's answer: the new version and the chain as it now stands. */
  const stepResult = async (ctx: Ctx, action: ActionRow, locale: Locale) => ({
    id: action.id,
    version: action.version,
    chain: await loadTerminationChain(deps.db, ctx.auth.orgId, action, locale, ctx.today, personalOf(ctx)),
  });

  app.get(
    '/employment-actions/:id/chain',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'A termination’s evidence chain: each link met, missing (and exactly why) or not applicable',
        params: idParams,
        response: { 200: terminationChain },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      const action = await visibleAction(deps.db, ctx, req.params.id);
      // Only HR and admins may see what is derived from the ID number (age); a manager's chain omits that check.
      const personal = ctx.auth.role === 'admin' || ctx.auth.role === 'hr' ? personalOf(ctx) : undefined;
      return loadTerminationChain(deps.db, ctx.auth.orgId, action, req.locale, ctx.today, personal);
    },
  );

  app.put(
    '/employment-actions/:id/art42',
    {
      config: { access: hrOnly },
      schema: {
        tags,
        summary: 'HR confirms, item by item, whether an Art. 42 protection applies (Art. 40(2) terminations)',
        params: idParams,
        body: art42ChecklistRequest,
        response: { 200: terminationStepResult },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      const body = req.body;
      const updated = await deps.db.transaction(async (tx) => {
        const action = await visibleAction(tx, ctx, req.params.id, true);
        const details = terminationDetailsOf(action);
        if (details.ground !== 'art40_2') fail('TERMINATION_ART42_NOT_APPLICABLE');
        checkVersionAndState(action, body.version);
        const errors = art42ItemErrors(body.items);
        if (errors.length) fail('TERMINATION_ART42_INVALID', errors);
        const byItem = new Map(body.items.map((x) => [x.item, x]));
        const art42 = {
          items: art42Items.map((item) => {
            const a = byItem.get(item)!;
            return { item, applies: a.applies, note: a.note?.length ? a.note : null };
          }),
          confirmedBy: ctx.auth.username,
          confirmedAt: ctx.now.toISOString(),
        };
        return writeStep(tx, ctx, action, 'art42', art42, 'art42_confirmed');
      });
      return stepResult(ctx, updated, req.locale);
    },
  );

  app.put(
    '/employment-actions/:id/union-notice',
    {
      config: { access: hrOnly },
      schema: {
        tags,
        summary: 'Record that the union was told the reasons in advance (Art. 43): date, document, reply, file',
        params: idParams,
        body: unionNoticeRequest,
        response: { 200: terminationStepResult },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      const body = req.body;
      const updated = await deps.db.transaction(async (tx) => {
        const action = await visibleAction(tx, ctx, req.params.id, true);
        const details = terminationDetailsOf(action);
        if (details.ground === 'art36_mutual') fail('TERMINATION_UNION_NOT_APPLICABLE');
        checkVersionAndState(action, body.version);
        const errors: FieldError[] = [];
        if (body.notifiedOn > ctx.today) errors.push({ field: 'notifiedOn', code: 'UNION_NOTICE_IN_FUTURE' });
        else if (body.notifiedOn >= action.effectiveDate)
          errors.push({ field: 'notifiedOn', code: 'UNION_NOTICE_NOT_BEFORE_END' });
        if (body.fileId) {
          const [file] = await tx
            .select({ purpose: employmentActionFiles.purpose })
            .from(employmentActionFiles)
            .where(
              and(
                eq(employmentActionFiles.id, body.fileId),
                eq(employmentActionFiles.actionId, action.id),
                eq(employmentActionFiles.orgId, ctx.auth.orgId),
              ),
            );
          if (!file) errors.push({ field: 'fileId', code: 'UNION_FILE_NOT_OF_ACTION' });
          else if (file.purpose !== 'union_notice') errors.push({ field: 'fileId', code: 'UNION_FILE_WRONG_PURPOSE' });
        }
        if (errors.length) fail('TERMINATION_UNION_NOTICE_INVALID', errors);
        const unionNotice = {
          notifiedOn: body.notifiedOn,
          documentTitle: body.documentTitle,
          reply: body.reply?.length ? body.reply : null,
          fileId: body.fileId ?? null,
          recordedBy: ctx.auth.username,
          recordedAt: ctx.now.toISOString(),
        };
        return writeStep(tx, ctx, action, 'unionNotice', unionNotice, 'union_notified');
      });
      return stepResult(ctx, updated, req.locale);
    },
  );
};
