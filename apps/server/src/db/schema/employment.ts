import { sql } from 'drizzle-orm';
import {
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { employees, orgs, users } from './core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/** Binary content; PGlite hands back a Uint8Array and node-postgres a Buffer: both become a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
  toDriver: (v) => v,
});

/**
 * An employment action (人事异动) on one person: a coaching record, a training record, a rotation, transfer,
 * demotion or promotion (a new unit / position / manager from an effective date, written to job history), or a
 * termination on a ground of the Labor Contract Law. Actions that need approval go draft → pending_approval →
 * approved → effective (on the effective date, by a job or at once when the date has come), or rejected /
 * cancelled. Records (coaching, training) are effective when recorded. Stride never ends employment by itself:
 * every step is a person's decision, and a termination cannot be submitted until its evidence chain is complete.
 */
export const employmentActions = pgTable(
  'employment_actions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => employees.id),
    /** coaching | training | rotation | transfer | demotion | promotion | termination */
    kind: text('kind').notNull(),
    /** draft | pending_approval | approved | effective | rejected | cancelled */
    status: text('status').notNull(),
    /** The day the change applies (job changes: first day in the new job; termination: the last day employed). */
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    /**
     * Kind-specific details (see contracts/employment.ts): job changes { from, to: { unitId, positionId,
     * managerId } }; termination { ground, noticeMode, monthlyWage?, severance?, misconduct? , art42: {...},
     * unionNotice: {...} }; coaching { topic, notes, followUp }; training { courseId, title, completed }.
     */
    details: jsonb('details').notNull(),
    planId: uuid('plan_id'),
    alertId: uuid('alert_id'),
    poolEntryId: uuid('pool_entry_id'),
    /** The approval chain frozen at submission: ['manager','hr','admin'] (may be empty). */
    chain: jsonb('chain').notNull().default(sql`'[]'::jsonb`),
    /** Index into chain of the step awaiting a decision while pending_approval. */
    currentStep: integer('current_step').notNull().default(0),
    /** The job-history row written when a job change became effective. */
    jobHistoryId: uuid('job_history_id'),
    appliedAt: ts('applied_at'),
    cancelReason: text('cancel_reason'),
    createdBy: uuid('created_by').references(() => users.id),
    submittedAt: ts('submitted_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('employment_actions_org_employee_idx').on(t.orgId, t.employeeId),
    index('employment_actions_org_status_idx').on(t.orgId, t.status, t.effectiveDate),
  ],
);

/** One decision on one step of an action's approval chain (and the submission itself, step -1). */
export const employmentActionApprovals = pgTable(
  'employment_action_approvals',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    actionId: uuid('action_id')
      .notNull()
      .references(() => employmentActions.id),
    step: integer('step').notNull(),
    /** manager | hr | admin */
    role: text('role').notNull(),
    /** approved | rejected */
    decision: text('decision').notNull(),
    comment: text('comment'),
    decidedBy: uuid('decided_by')
      .notNull()
      .references(() => users.id),
    decidedAt: ts('decided_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('employment_action_approvals_step_uq').on(t.actionId, t.step)],
);

/** A file kept in an action's evidence file (the union's notice and reply, a signed agreement, a warning letter). */
export const employmentActionFiles = pgTable(
  'employment_action_files',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    actionId: uuid('action_id')
      .notNull()
      .references(() => employmentActions.id),
    /** union_notice | union_reply | signed_agreement | misconduct_evidence | other */
    purpose: text('purpose').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    uploadedAt: ts('uploaded_at').notNull().defaultNow(),
  },
  (t) => [index('employment_action_files_action_idx').on(t.actionId)],
);

/** The approval chain an organization requires per action kind: ['manager','hr','admin'] in order. */
export const approvalChains = pgTable(
  'approval_chains',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    kind: text('kind').notNull(),
    steps: jsonb('steps').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.kind] })],
);

/**
 * An organization's own DOCX template for one kind of document (improvement_plan, transfer_notice,
 * termination_notice, mutual_termination_agreement, termination_certificate), with {placeholders}. Without a
 * row, Stride's built-in template is used; deleting the row restores it.
 */
export const documentTemplates = pgTable(
  'document_templates',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    content: bytea('content').notNull(),
    sha256: text('sha256').notNull(),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.kind] })],
);
