import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { orgs } from './core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One file import: the rows as read, the mapping, the outcome of the check and of the commit.
 * Rows of a people import carry ID numbers, bank accounts and phones, so they are kept only
 * encrypted (rows_enc); other kinds keep them as JSON (rows).
 */
export const imports = pgTable(
  'imports',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    kind: text('kind').notNull(),
    filename: text('filename').notNull(),
    /** uploaded | validated | committing | committed | failed */
    status: text('status').notNull().default('uploaded'),
    /** Spreadsheet row number (1-based) of the header row. */
    headerRow: integer('header_row').notNull(),
    headers: jsonb('headers').notNull(),
    mapping: jsonb('mapping'),
    options: jsonb('options').notNull().default(sql`'{}'::jsonb`),
    /** The rows below the header as arrays of cells (strings, numbers, ISO wall-clock dates). */
    rows: jsonb('rows'),
    rowsEnc: text('rows_enc'),
    /** Per data row after the check: { row, values } (values canonical; personal fields masked). */
    checked: jsonb('checked'),
    /** Encrypted personal values of a people import, per spreadsheet row. */
    checkedSecretEnc: text('checked_secret_enc'),
    rowCount: integer('row_count').notNull(),
    validCount: integer('valid_count'),
    invalidCount: integer('invalid_count'),
    processedCount: integer('processed_count').notNull().default(0),
    commitMode: text('commit_mode'),
    result: jsonb('result'),
    /** Per-row errors of the check: [{ row, field, column, code, message }]. */
    errors: jsonb('errors'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('imports_org_created_idx').on(t.orgId, t.createdAt),
    index('imports_committing_idx').on(t.status).where(sql`${t.status} = 'committing'`),
  ],
);

/**
 * Metric values not computed from activities: history brought in from files (before Stride had the
 * activity) and values people enter for manual metrics. Values computed from activities win where both
 * exist for the same person, metric and period.
 */
export const importedMetricValues = pgTable(
  'imported_metric_values',
  {
    orgId: uuid('org_id').notNull(),
    metricKey: text('metric_key').notNull(),
    periodType: text('period_type').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    employeeId: uuid('employee_id').notNull(),
    value: numeric('value', { precision: 20, scale: 4 }).notNull(),
    /** The file import that brought the value; null for a value a person entered (manual metrics). */
    importId: uuid('import_id'),
    enteredBy: uuid('entered_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.metricKey, t.periodType, t.periodStart, t.employeeId] }),
    index('imported_metric_values_org_employee_idx').on(t.orgId, t.employeeId, t.periodType, t.periodStart),
  ],
);
