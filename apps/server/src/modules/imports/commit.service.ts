import type { ImportOptions, ImportResult, Locale } from '@stride/contracts';
import { and, eq, lte } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client';
import { imports } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import type { AuthContext } from '../../lib/http';
import { scheduleAlertEvaluation } from '../alerts/scheduler';
import { type AuditActor, appendAudit } from '../audit/audit.service';
import type { StoredError } from './cells';
import {
  activityWriter,
  metricValueWriter,
  peopleWriter,
  RowFailure,
  targetWriter,
  type WriteContext,
  type Writer,
} from './commit-writers';
import { rowMessage } from './messages';
import { type CheckedRow, decodeSecrets, type ImportRecord } from './store';
import { IMPORT_SOURCE } from './validate';

export const COMMIT_CHUNK = 1000;
type Mode = ImportResult['mode'];

/** Rows written so far by commits running in this process (an all-or-nothing commit is not visible in the table until it ends). */
export const liveProgress = new Map<string, number>();

const emptyResult = (mode: Mode, skipped: number): ImportResult => ({
  mode,
  created: 0,
  updated: 0,
  duplicates: 0,
  unmatched: 0,
  skipped,
  failed: [],
  failedCount: 0,
  error: null,
});

export interface CommitContext {
  auth: AuthContext;
  actor: AuditActor;
  locale: Locale;
  orgTimeZone: string;
}

/**
 * Claims the import for committing (once: the status is checked on the locked row) and returns the
 * function that starts the writing in the background — callers read what they answer first, so the
 * answer says "committing" however fast the writing is. `track` keeps the running promise so the server
 * can wait for it on close.
 */
export async function startCommit(
  deps: Deps,
  ctx: CommitContext,
  id: string,
  mode: Mode,
  track: (job: Promise<void>) => void,
): Promise<() => void> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const [rec] = await tx
      .select({ status: imports.status, validCount: imports.validCount, invalidCount: imports.invalidCount })
      .from(imports)
      .where(and(eq(imports.id, id), eq(imports.orgId, ctx.actor.orgId)))
      .for('update');
    if (!rec) fail('IMPORT_NOT_FOUND');
    if (rec.status === 'uploaded') fail('IMPORT_NOT_VALIDATED');
    if (rec.status !== 'validated') fail('IMPORT_ALREADY_COMMITTED');
    if (mode === 'all_or_nothing' && (rec.invalidCount ?? 0) > 0) fail('IMPORT_HAS_INVALID_ROWS');
    if (!rec.validCount) fail('IMPORT_NO_VALID_ROWS');
    await tx
      .update(imports)
      .set({ status: 'committing', commitMode: mode, processedCount: 0, result: null, updatedAt: now })
      .where(eq(imports.id, id));
    await appendAudit(
      tx,
      ctx.actor,
      { action: 'import.commit_started', entityType: 'import', entityId: id, after: { mode } },
      now,
    );
  });
  liveProgress.set(id, 0);
  return () =>
    track(
      runCommit(deps, ctx, id, mode)
        .catch((err) => deps.logger.error({ err, importId: id }, 'import commit could not record its outcome'))
        .finally(() => liveProgress.delete(id)),
    );
}

type CommitRecord = Pick<ImportRecord, 'kind' | 'options' | 'errors' | 'checked' | 'checkedSecretEnc'>;

function writerFor(rec: CommitRecord, wctx: WriteContext, deps: Deps): Writer {
  if (rec.kind === 'activities') {
    return activityWriter(wctx, (rec.options as ImportOptions).source ?? IMPORT_SOURCE);
  }
  if (rec.kind === 'people') return peopleWriter(wctx, decodeSecrets(rec, deps.cipher));
  if (rec.kind === 'targets') return targetWriter(wctx);
  return metricValueWriter(wctx);
}

async function finish(deps: Deps, tx: DbOrTx, actor: AuditActor, id: string, result: ImportResult, processed: number) {
  const now = deps.clock();
  await tx
    .update(imports)
    .set({ status: 'committed', result, processedCount: processed, updatedAt: now })
    .where(eq(imports.id, id));
  const { failed: _listed, ...counts } = result;
  await appendAudit(tx, actor, { action: 'import.committed', entityType: 'import', entityId: id, after: counts }, now);
}

async function runCommit(deps: Deps, ctx: CommitContext, id: string, mode: Mode): Promise<void> {
  const [rec] = await deps.db
    .select({
      kind: imports.kind,
      options: imports.options,
      errors: imports.errors,
      checked: imports.checked,
      checkedSecretEnc: imports.checkedSecretEnc,
    })
    .from(imports)
    .where(eq(imports.id, id));
  const invalid = new Set(((rec.errors ?? []) as StoredError[]).map((e) => e.row));
  const checked = (rec.checked ?? []) as CheckedRow[];
  const valid = checked.filter((c) => !invalid.has(c.row));
  let result = emptyResult(mode, checked.length - valid.length);
  const wctx: WriteContext = { ...ctx, deps, importId: id, strict: mode === 'all_or_nothing', result };
  const writer = writerFor(rec, wctx, deps);
  const rows = writer.order(valid);
  let processed = 0;
  try {
    if (mode === 'all_or_nothing') {
      await deps.db.transaction(async (tx) => {
        // Held to the end: a restarting server skips this import instead of failing it.
        await tx.select({ id: imports.id }).from(imports).where(eq(imports.id, id)).for('update');
        for (let i = 0; i < rows.length; i += COMMIT_CHUNK) {
          const chunk = rows.slice(i, i + COMMIT_CHUNK);
          await writer.write(tx, chunk);
          processed += chunk.length;
          liveProgress.set(id, processed);
        }
        await finish(deps, tx, ctx.actor, id, result, processed);
      });
      void scheduleAlertEvaluation(deps, ctx.actor.orgId);
      return;
    }
    for (let i = 0; i < rows.length; i += COMMIT_CHUNK) {
      const chunk = rows.slice(i, i + COMMIT_CHUNK);
      const before = structuredClone(result);
      await deps.db
        .transaction(async (tx) => {
          await writer.write(tx, chunk);
          const now = deps.clock();
          await tx
            .update(imports)
            .set({ processedCount: processed + chunk.length, result, updatedAt: now })
            .where(eq(imports.id, id));
          await appendAudit(
            tx,
            ctx.actor,
            {
              action: 'import.chunk_committed',
              entityType: 'import',
              entityId: id,
              after: { fromRow: chunk[0].row, toRow: chunk[chunk.length - 1].row, rows: chunk.length },
            },
            now,
          );
        })
        .catch((err) => {
          // The chunk was rolled back: so are its counts.
          Object.assign(result, before);
          throw err;
        });
      processed += chunk.length;
      liveProgress.set(id, processed);
    }
    await deps.db.transaction((tx) => finish(deps, tx, ctx.actor, id, result, processed));
    // Imported facts and metric values are judged by the alert rules like any others.
    void scheduleAlertEvaluation(deps, ctx.actor.orgId);
  } catch (err) {
    const failure = err instanceof RowFailure ? err.failure : null;
    if (!failure) deps.logger.error({ err, importId: id }, 'import commit failed');
    // All or nothing: nothing was written, so nothing is counted.
    if (mode === 'all_or_nothing') result = emptyResult(mode, result.skipped);
    const code = failure?.code ?? 'COMMIT_FAILED';
    result.error = { code, message: failure?.message ?? rowMessage(code, ctx.locale), row: failure?.row ?? null };
    await markFailed(deps.db, ctx.actor, id, result, deps.clock());
  }
}

async function markFailed(db: DbOrTx, actor: AuditActor, id: string, result: ImportResult, now: Date) {
  await db.transaction(async (tx) => {
    await tx.update(imports).set({ status: 'failed', result, updatedAt: now }).where(eq(imports.id, id));
    await appendAudit(
      tx,
      actor,
      { action: 'import.failed', entityType: 'import', entityId: id, after: { error: result.error } },
      now,
    );
  });
}

const STALE_MS = 10 * 60_000;

/**
 * On start: imports left in 'committing' by a stopped server are marked failed. The embedded database
 * has one server, so every such import is stale; on PostgreSQL another server may be committing, so
 * only imports that are not locked by a running all-or-nothing commit and have not advanced for ten
 * minutes count.
 */
export async function failInterruptedImports(database: Database, now = new Date()): Promise<number> {
  const before = database.kind === 'pglite' ? now : new Date(now.getTime() - STALE_MS);
  return database.db.transaction(async (tx) => {
    const stuck = await tx
      .select({ id: imports.id, orgId: imports.orgId, commitMode: imports.commitMode, result: imports.result })
      .from(imports)
      .where(and(eq(imports.status, 'committing'), lte(imports.updatedAt, before)))
      .for('update', { skipLocked: true });
    for (const s of stuck) {
      const mode = (s.commitMode ?? 'valid_only') as Mode;
      const result = (s.result as ImportResult | null) ?? emptyResult(mode, 0);
      result.error = { code: 'INTERRUPTED', message: rowMessage('INTERRUPTED', 'zh-CN'), row: null };
      await tx.update(imports).set({ status: 'failed', result, updatedAt: now }).where(eq(imports.id, s.id));
      await appendAudit(
        tx,
        { orgId: s.orgId, username: 'system' },
        { action: 'import.failed', entityType: 'import', entityId: s.id, after: { error: result.error } },
        now,
      );
    }
    return stuck.length;
  });
}
