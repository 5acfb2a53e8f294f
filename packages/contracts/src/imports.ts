// File imports (CSV / XLSX): the API the import wizard is built on.
//
//  1. POST /imports?kind=…&filename=… with the raw file as the body (Content-Type text/csv,
//     application/vnd.openxmlformats-officedocument.spreadsheetml.sheet or application/octet-stream;
//     up to 50 MB and 200,000 data rows). XLSX is recognized by its bytes (the first worksheet is
//     read), anything else is CSV: UTF-8 (with or without BOM), or GB18030/GBK as Chinese Excel saves it.
//     The header row is found even below a report title; the answer suggests a column for each field.
//  2. PUT /imports/{id}/mapping {mapping: {field: header}, options} checks every row and answers with
//     counts and a preview; it may be repeated (e.g. after changing the mapping) until committed.
//  3. GET /imports/{id}/rows?status=invalid pages through the checked rows; GET /imports/{id}/rejected.xlsx
//     downloads the invalid rows with their original columns plus the reasons, to fix and upload again.
//  4. POST /imports/{id}/commit {mode} answers 202 and writes in the background, in chunks of 1,000;
//     poll GET /imports/{id} for progress.processed / progress.total until status is committed or failed.
//
// Row numbers (`row`) are spreadsheet row numbers, 1-based, counting the title and header rows,
// so they match what a person sees in Excel / WPS.
import { z } from 'zod';
import { pageQuery, uuid } from './common';
import { periodTypeSchema } from './metrics';

export const importKinds = ['activities', 'people', 'metric_values', 'targets'] as const;
export const importKind = z.enum(importKinds);
export type ImportKind = z.infer<typeof importKind>;

/** uploaded → validated (mapping checked; may be re-mapped) → committing → committed | failed. */
export const importStatuses = ['uploaded', 'validated', 'committing', 'committed', 'failed'] as const;
export const importStatus = z.enum(importStatuses);
export type ImportStatus = z.infer<typeof importStatus>;

export interface ImportFieldInfo {
  key: string;
  /** Must be mapped to a column before the rows can be checked. */
  required: boolean;
}

/**
 * The fields a column can be mapped to, per kind.
 * - activities: one of employeeNo / email / externalUserId is required as well. Without an externalId
 *   column each row gets a stable id derived from its content, so committing the same file again
 *   changes nothing. Type accepts the canonical names (order, payment, visit…) and common Chinese
 *   ones (订单, 回款, 拜访, 电话…); options.types adds the source system's own names.
 * - people: unit, position and manager are given by name (manager also by employee number, and may
 *   be another row of the same file). contractStartDate defaults to hireDate. Contract types and
 *   statuses accept the canonical values and Chinese names (固定期限, 无固定期限, 试用期, 正式…).
 * - metric_values: historical values of the built-in metrics (metric by key or by name, e.g.
 *   revenue / 订单金额). periodType defaults to options.periodType (month). Any date within the
 *   period identifies it (weeks start on Monday); "2025-03" and "2025年3月" are months.
 * - targets: agreed targets of a person (employeeNo) or a team (unit, by name as for people): exactly one
 *   of the two per row, and at least one of them mapped. Metric and period as for metric_values, but
 *   only month, quarter or year. The value is a number above 0. A row whose period has started (the
 *   target is locked) needs a reason, unless it repeats the agreed value. Each target is written like
 *   POST/PUT /targets (history and audit); the same value again changes nothing (counted as duplicates).
 */
export const importFields: Record<ImportKind, readonly ImportFieldInfo[]> = {
  activities: [
    { key: 'externalId', required: false },
    { key: 'type', required: true },
    { key: 'employeeNo', required: false },
    { key: 'email', required: false },
    { key: 'externalUserId', required: false },
    { key: 'occurredAt', required: true },
    { key: 'amount', required: false },
    { key: 'currency', required: false },
    { key: 'quantity', required: false },
    { key: 'customerExternalId', required: false },
    { key: 'customerName', required: false },
    { key: 'customerTier', required: false },
  ],
  people: [
    { key: 'employeeNo', required: true },
    { key: 'name', required: true },
    { key: 'email', required: false },
    { key: 'unit', required: true },
    { key: 'position', required: false },
    { key: 'manager', required: false },
    { key: 'hireDate', required: true },
    { key: 'contractType', required: true },
    { key: 'contractStartDate', required: false },
    { key: 'contractEndDate', required: false },
    { key: 'probationEndDate', required: false },
    { key: 'regularizationDate', required: false },
    { key: 'exitDate', required: false },
    { key: 'idNumber', required: false },
    { key: 'bankAccount', required: false },
    { key: 'phone', required: false },
    { key: 'status', required: false },
  ],
  metric_values: [
    { key: 'employeeNo', required: true },
    { key: 'metric', required: true },
    { key: 'periodType', required: false },
    { key: 'periodStart', required: true },
    { key: 'value', required: true },
  ],
  targets: [
    { key: 'employeeNo', required: false },
    { key: 'unit', required: false },
    { key: 'metric', required: true },
    { key: 'periodType', required: false },
    { key: 'periodStart', required: true },
    { key: 'value', required: true },
    { key: 'reason', required: false },
  ],
};

export const importUploadQuery = z.object({
  kind: importKind,
  /** The original file name, shown in lists and used for the rejected-rows download. */
  filename: z.string().trim().min(1).max(255).default('import'),
});

/** A cell as read from the file: text, a number, or a date/time as ISO wall clock (no zone). */
export const importCell = z.union([z.string(), z.number()]);
export const importSampleRow = z.object({ row: z.number().int(), cells: z.array(importCell) });

/** For each field of the kind, the header of the suggested column, or null. */
export const importMapping = z.record(z.string().max(64), z.string().max(500).nullable());
export type ImportMapping = z.infer<typeof importMapping>;

export const importOptions = z.object({
  /** activities: the source stored on each activity: an integration's source, or "import" (default). */
  source: z.string().trim().min(1).max(40).optional(),
  /** IANA zone for dates and times without an offset in the file; default: the organization's zone. */
  timeZone: z.string().trim().min(1).max(64).optional(),
  /** activities: the file's type names → canonical types, e.g. {"成交": "order"}. */
  types: z.record(z.string().max(100), z.string().max(40)).optional(),
  /** metric_values and targets: the period type when no column gives it (default month; targets: not week). */
  periodType: periodTypeSchema.optional(),
});
export type ImportOptions = z.infer<typeof importOptions>;

export const importUploaded = z.object({
  id: uuid,
  kind: importKind,
  filename: z.string(),
  status: importStatus,
  headers: z.array(z.string()),
  /** Spreadsheet row number of the header row. */
  headerRow: z.number().int(),
  suggestedMapping: importMapping,
  /** Data rows (blank rows are not counted). */
  rowCount: z.number().int(),
  /** The first 20 data rows as read. */
  sample: z.array(importSampleRow),
});

export const importMappingRequest = z.object({ mapping: importMapping, options: importOptions.optional() });

export const importRowError = z.object({
  row: z.number().int(),
  /** The import field (e.g. "amount"), or "row" for a problem with the whole row. */
  field: z.string(),
  /** The mapped column's header, when the problem is in one column. */
  column: z.string().nullable(),
  code: z.string(),
  /** In the caller's language. */
  message: z.string(),
});
export type ImportRowError = z.infer<typeof importRowError>;

/** A checked row: canonical values (dates ISO, amounts as decimal strings, personal fields masked). */
export const importPreviewRow = z.object({
  row: z.number().int(),
  values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  errors: z.array(importRowError),
});

export const importValidation = z.object({
  status: importStatus,
  validCount: z.number().int(),
  invalidCount: z.number().int(),
  /** The first 50 rows. */
  preview: z.array(importPreviewRow),
});

export const importRowsQuery = pageQuery.extend({
  status: z.enum(['valid', 'invalid']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const importRowsPage = z.object({
  items: z.array(importPreviewRow),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});

export const importCommitModes = ['all_or_nothing', 'valid_only'] as const;
export const importCommitRequest = z.object({
  /**
   * all_or_nothing: refused while any row is invalid; everything is written in one transaction.
   * valid_only: invalid rows are skipped; each chunk of 1,000 rows is committed on its own.
   */
  mode: z.enum(importCommitModes),
});

export const importResult = z.object({
  mode: z.enum(importCommitModes),
  /** Rows written as new records (activities: new facts; people: new employees; values: new). */
  created: z.number().int(),
  /** Rows that replaced an existing record (activities, metric values, targets). */
  updated: z.number().int(),
  /** activities and targets: rows identical to what was already stored (nothing written). */
  duplicates: z.number().int(),
  /** activities: rows stored for a person Stride does not know yet (see the unmatched queue). */
  unmatched: z.number().int(),
  /** Invalid rows not written (valid_only). */
  skipped: z.number().int(),
  /** Rows that passed the check but failed while writing (first 1,000), e.g. a number taken meanwhile. */
  failed: z.array(importRowError),
  failedCount: z.number().int(),
  /** Why the commit stopped, when status is failed. */
  error: z.object({ code: z.string(), message: z.string(), row: z.number().int().nullable() }).nullable(),
});
export type ImportResult = z.infer<typeof importResult>;

export const importSummary = z.object({
  id: uuid,
  kind: importKind,
  filename: z.string(),
  status: importStatus,
  rowCount: z.number().int(),
  validCount: z.number().int().nullable(),
  invalidCount: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const importList = z.object({ items: z.array(importSummary) });

export const importView = importSummary.extend({
  headers: z.array(z.string()),
  headerRow: z.number().int(),
  mapping: importMapping.nullable(),
  suggestedMapping: importMapping,
  options: importOptions,
  commitMode: z.enum(importCommitModes).nullable(),
  progress: z.object({ processed: z.number().int(), total: z.number().int() }),
  result: importResult.nullable(),
});
export type ImportView = z.infer<typeof importView>;
