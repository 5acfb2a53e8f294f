import type { ImportKind, ImportResult, ImportView, Locale } from '@stride/contracts';
import { suggestColumnMapping } from '@stride/domain';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { imports } from '../../db/schema';
import type { FieldCipher } from '../../lib/crypto';
import { fail } from '../../lib/errors';
import type { StoredError, Values } from './cells';
import { fieldKeys, fieldSpecs } from './fields';
import { rowMessage } from './messages';
import type { SheetRow } from './parse-file';
import type { PersonalValues } from './validate-people';

export type ImportRecord = typeof imports.$inferSelect;
export type CheckedRow = { row: number; values: Values };

/** People rows carry personal data: they are stored encrypted, like the personal fields of employees. */
export const isSensitive = (kind: string) => kind === 'people';

export function encodeRows(kind: ImportKind, rows: SheetRow[], cipher: FieldCipher) {
  return isSensitive(kind)
    ? { rows: null, rowsEnc: cipher.encrypt(JSON.stringify(rows)) }
    : { rows: rows as unknown, rowsEnc: null };
}

export function decodeRows(rec: Pick<ImportRecord, 'rows' | 'rowsEnc'>, cipher: FieldCipher): SheetRow[] {
  if (rec.rowsEnc) return JSON.parse(cipher.decrypt(rec.rowsEnc)) as SheetRow[];
  return (rec.rows ?? []) as SheetRow[];
}

export function decodeSecrets(rec: Pick<ImportRecord, 'checkedSecretEnc'>, cipher: FieldCipher) {
  return rec.checkedSecretEnc
    ? (JSON.parse(cipher.decrypt(rec.checkedSecretEnc)) as Record<number, PersonalValues>)
    : {};
}

/** Stored errors in the caller's language. */
export const localizeErrors = (errors: StoredError[], locale: Locale): StoredError[] =>
  errors.map((e) => ({ ...e, message: rowMessage(e.code, locale, e.message) }));

/** Which header each field would be mapped to. */
export function suggestMapping(kind: ImportKind, headers: string[]): Record<string, string | null> {
  const suggested: Record<string, string | null> = Object.fromEntries(fieldKeys(kind).map((k) => [k, null]));
  for (const m of suggestColumnMapping(headers, fieldSpecs[kind])) if (m.field) suggested[m.field] = m.header;
  return suggested;
}

/** Columns of an import without its rows (lists and status polls stay small). */
export const summaryColumns = {
  id: imports.id,
  orgId: imports.orgId,
  kind: imports.kind,
  filename: imports.filename,
  status: imports.status,
  headerRow: imports.headerRow,
  headers: imports.headers,
  mapping: imports.mapping,
  options: imports.options,
  rowCount: imports.rowCount,
  validCount: imports.validCount,
  invalidCount: imports.invalidCount,
  processedCount: imports.processedCount,
  commitMode: imports.commitMode,
  result: imports.result,
  createdAt: imports.createdAt,
  updatedAt: imports.updatedAt,
};
export type ImportSummaryRecord = Pick<ImportRecord, keyof typeof summaryColumns>;

export async function findSummary(db: DbOrTx, orgId: string, id: string): Promise<ImportSummaryRecord> {
  const [rec] = await db
    .select(summaryColumns)
    .from(imports)
    .where(and(eq(imports.id, id), eq(imports.orgId, orgId)));
  return rec ?? fail('IMPORT_NOT_FOUND');
}

export function presentSummary(r: ImportSummaryRecord) {
  return {
    id: r.id,
    kind: r.kind as ImportKind,
    filename: r.filename,
    status: r.status as ImportView['status'],
    rowCount: r.rowCount,
    validCount: r.validCount,
    invalidCount: r.invalidCount,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function presentView(r: ImportSummaryRecord, liveProcessed: number | undefined, locale: Locale): ImportView {
  const result = r.result as ImportResult | null;
  return {
    ...presentSummary(r),
    headers: r.headers as string[],
    headerRow: r.headerRow,
    mapping: (r.mapping as Record<string, string | null> | null) ?? null,
    suggestedMapping: suggestMapping(r.kind as ImportKind, r.headers as string[]),
    options: (r.options ?? {}) as ImportView['options'],
    commitMode: (r.commitMode as ImportView['commitMode']) ?? null,
    progress: { processed: Math.max(r.processedCount, liveProcessed ?? 0), total: r.validCount ?? 0 },
    result: result
      ? {
          ...result,
          failed: localizeErrors(result.failed, locale),
          error: result.error ? { ...result.error, message: rowMessage(result.error.code, locale) } : null,
        }
      : null,
  };
}
