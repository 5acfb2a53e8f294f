import type { ImportKind, ImportMapping, ImportOptions, Locale } from '@stride/contracts';
import { detectHeaderRow } from '@stride/domain';
import { and, desc, eq } from 'drizzle-orm';
import { imports } from '../../db/schema';
import { decodeCursor } from '../../lib/cursor';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { type AuditActor, appendAudit } from '../audit/audit.service';
import type { StoredError } from './cells';
import { liveProgress } from './commit.service';
import { fieldSpecs } from './fields';
import { rowMessage } from './messages';
import { type Cell, isBlank, MAX_DATA_ROWS, readSpreadsheet, type SheetRow } from './parse-file';
import {
  type CheckedRow,
  decodeRows,
  encodeRows,
  findSummary,
  localizeErrors,
  presentSummary,
  presentView,
  suggestMapping,
  summaryColumns,
} from './store';
import { checkRows } from './validate';

const SAMPLE_ROWS = 20;
const PREVIEW_ROWS = 50;

const columnLetter = (i: number): string =>
  (i >= 26 ? columnLetter(Math.floor(i / 26) - 1) : '') + String.fromCharCode(65 + (i % 26));

/** Header texts, unique and never blank, so a mapping can name each column. */
function headerNames(headerCells: SheetRow, width: number): string[] {
  const seen = new Map<string, number>();
  const out: string[] = [];
  for (let i = 0; i < width; i++) {
    const raw = headerCells[i];
    let name = (typeof raw === 'number' ? String(raw) : (raw ?? '')).replace(/\s+/g, ' ').trim();
    if (!name) name = `(${columnLetter(i)})`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    out.push(n === 1 ? name : `${name} (${n})`);
  }
  return out;
}

export interface UploadInput {
  kind: ImportKind;
  filename: string;
  bytes: Buffer;
  charset?: string;
}

/** Reads a file, finds its header row, suggests a mapping and keeps the rows for the next steps. */
export async function createImport(deps: Deps, actor: AuditActor, input: UploadInput) {
  const all = await readSpreadsheet(input.bytes, input.charset);
  const specs = fieldSpecs[input.kind];
  let headerIndex = detectHeaderRow(all, specs);
  if (headerIndex === -1) headerIndex = all.findIndex((r) => !isBlank(r));
  if (headerIndex === -1) fail('IMPORT_FILE_EMPTY');
  const rows = all.slice(headerIndex + 1);
  const rowCount = rows.filter((r) => !isBlank(r)).length;
  if (rowCount === 0) fail('IMPORT_FILE_EMPTY');
  if (rowCount > MAX_DATA_ROWS) fail('IMPORT_TOO_MANY_ROWS');
  const width = rows.reduce((w, r) => Math.max(w, r.length), all[headerIndex].length);
  const headers = headerNames(all[headerIndex], width);
  const headerRow = headerIndex + 1;
  const now = deps.clock();
  const id = await deps.db.transaction(async (tx) => {
    const [rec] = await tx
      .insert(imports)
      .values({
        orgId: actor.orgId,
        kind: input.kind,
        filename: input.filename,
        status: 'uploaded',
        headerRow,
        headers,
        ...encodeRows(input.kind, rows, deps.cipher),
        rowCount,
        createdBy: actor.userId ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: imports.id });
    await appendAudit(
      tx,
      actor,
      {
        action: 'import.uploaded',
        entityType: 'import',
        entityId: rec.id,
        after: { kind: input.kind, filename: input.filename, rowCount, headerRow },
      },
      now,
    );
    return rec.id;
  });
  const sample: { row: number; cells: Cell[] }[] = [];
  for (let i = 0; i < rows.length && sample.length < SAMPLE_ROWS; i++) {
    if (!isBlank(rows[i])) sample.push({ row: headerRow + 1 + i, cells: rows[i] });
  }
  return {
    id,
    kind: input.kind,
    filename: input.filename,
    status: 'uploaded' as const,
    headers,
    headerRow,
    suggestedMapping: suggestMapping(input.kind, headers),
    rowCount,
    sample,
  };
}

const preview = (checked: CheckedRow[], errors: StoredError[], locale: Locale, limit: number) => {
  const byRow = groupErrors(localizeErrors(errors, locale));
  return checked.slice(0, limit).map((c) => ({ ...c, errors: byRow.get(c.row) ?? [] }));
};

function groupErrors(errors: StoredError[]): Map<number, StoredError[]> {
  const map = new Map<number, StoredError[]>();
  for (const e of errors) map.set(e.row, [...(map.get(e.row) ?? []), e]);
  return map;
}

/** Checks every row against a mapping and stores the outcome; may be repeated until the commit. */
export async function setMapping(
  deps: Deps,
  actor: AuditActor,
  ctx: { orgTimeZone: string; locale: Locale; selfEmployeeId?: string | null },
  id: string,
  body: { mapping: ImportMapping; options?: ImportOptions },
) {
  const [rec] = await deps.db
    .select()
    .from(imports)
    .where(and(eq(imports.id, id), eq(imports.orgId, actor.orgId)));
  if (!rec) fail('IMPORT_NOT_FOUND');
  if (rec.status !== 'uploaded' && rec.status !== 'validated') fail('IMPORT_ALREADY_COMMITTED');
  const kind = rec.kind as ImportKind;
  const headers = rec.headers as string[];
  const options = body.options ?? {};
  const outcome = await checkRows(deps.db, {
    kind,
    orgId: actor.orgId,
    orgTimeZone: ctx.orgTimeZone,
    now: deps.clock(),
    headers,
    headerRow: rec.headerRow,
    rows: decodeRows(rec, deps.cipher),
    mapping: body.mapping,
    options,
    selfEmployeeId: ctx.selfEmployeeId,
  });
  const columnOf = (field: string) => {
    const h = body.mapping[field];
    return typeof h === 'string' && h !== '' ? h : null;
  };
  const errors: StoredError[] = outcome.problems.map((p) => ({
    row: p.row,
    field: p.field,
    column: columnOf(p.field),
    code: p.code,
    message: rowMessage(p.code, ctx.locale, p.message),
  }));
  const invalidRows = new Set(errors.map((e) => e.row));
  const validCount = outcome.checked.length - invalidRows.size;
  const secrets = 'secrets' in outcome ? outcome.secrets : null;
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const [locked] = await tx.select({ status: imports.status }).from(imports).where(eq(imports.id, id)).for('update');
    if (locked.status !== 'uploaded' && locked.status !== 'validated') fail('IMPORT_ALREADY_COMMITTED');
    await tx
      .update(imports)
      .set({
        status: 'validated',
        mapping: body.mapping,
        options,
        checked: outcome.checked,
        checkedSecretEnc: secrets ? deps.cipher.encrypt(JSON.stringify(secrets)) : null,
        errors,
        validCount,
        invalidCount: invalidRows.size,
        updatedAt: now,
      })
      .where(eq(imports.id, id));
    await appendAudit(
      tx,
      actor,
      {
        action: 'import.validated',
        entityType: 'import',
        entityId: id,
        after: { mapping: body.mapping, options, validCount, invalidCount: invalidRows.size },
      },
      now,
    );
  });
  return {
    status: 'validated' as const,
    validCount,
    invalidCount: invalidRows.size,
    preview: preview(outcome.checked, errors, ctx.locale, PREVIEW_ROWS),
  };
}

export async function getImportView(deps: Deps, orgId: string, locale: Locale, id: string) {
  return presentView(await findSummary(deps.db, orgId, id), liveProgress.get(id), locale);
}

export async function listImports(deps: Deps, orgId: string) {
  const rows = await deps.db
    .select(summaryColumns)
    .from(imports)
    .where(eq(imports.orgId, orgId))
    .orderBy(desc(imports.createdAt))
    .limit(100);
  return { items: rows.map(presentSummary) };
}

/** Checked rows page by page; the cursor is the position in the (filtered) list. */
export async function findRows(
  deps: Deps,
  orgId: string,
  locale: Locale,
  id: string,
  q: { status?: 'valid' | 'invalid'; cursor?: string; limit: number },
) {
  const [rec] = await deps.db
    .select({ status: imports.status, checked: imports.checked, errors: imports.errors })
    .from(imports)
    .where(and(eq(imports.id, id), eq(imports.orgId, orgId)));
  if (!rec) fail('IMPORT_NOT_FOUND');
  if (!rec.checked) fail('IMPORT_NOT_VALIDATED');
  const byRow = groupErrors(localizeErrors((rec.errors ?? []) as StoredError[], locale));
  let rows = (rec.checked as CheckedRow[]).map((c) => ({ ...c, errors: byRow.get(c.row) ?? [] }));
  if (q.status) rows = rows.filter((r) => (q.status === 'invalid') === r.errors.length > 0);
  const start = q.cursor ? Number(decodeCursor(q.cursor, /^\d{1,7}$/)) : 0;
  const items = rows.slice(start, start + q.limit);
  const next = start + q.limit < rows.length ? Buffer.from(String(start + q.limit)).toString('base64url') : null;
  return { items, nextCursor: next, total: rows.length };
}
