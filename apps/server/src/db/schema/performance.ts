import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { employees, orgs, orgUnits, users } from './core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A target (目标) for a person or a team: one metric, one period (month, quarter, year). It is proposed
 * (by the person, or set by a manager) and agreed; a team target may be split into people's targets
 * (parent). It locks when its period starts: later changes need HR and a reason. Every step is kept in
 * target_events.
 */
export const targets = pgTable(
  'targets',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    /** Exactly one of employee / unit. */
    employeeId: uuid('employee_id').references(() => employees.id),
    unitId: uuid('unit_id').references(() => orgUnits.id),
    metricKey: text('metric_key').notNull(),
    periodType: text('period_type').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    /** The value in force (agreed), or null while only proposed. */
    value: numeric('value', { precision: 20, scale: 4 }),
    /** proposed | agreed */
    status: text('status').notNull(),
    /** The value last proposed, and by whom (the person or their manager), while status is proposed. */
    proposedValue: numeric('proposed_value', { precision: 20, scale: 4 }),
    proposedBy: uuid('proposed_by').references(() => users.id),
    parentId: uuid('parent_id'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('targets_subject_period_uq').on(
      t.orgId,
      sql`coalesce(${t.employeeId}, ${t.unitId})`,
      t.metricKey,
      t.periodType,
      t.periodStart,
    ),
    index('targets_org_period_idx').on(t.orgId, t.periodType, t.periodStart),
    index('targets_parent_idx').on(t.parentId),
  ],
);

/** The history of a target: proposals, counter-proposals, agreement, splits, changes after the lock. */
export const targetEvents = pgTable(
  'target_events',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    targetId: uuid('target_id')
      .notNull()
      .references(() => targets.id),
    action: text('action').notNull(),
    value: numeric('value', { precision: 20, scale: 4 }),
    reason: text('reason'),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('target_events_target_idx').on(t.targetId, t.at)],
);

/**
 * A scorecard template: which positions and tenure stages it applies to, and its versions (the
 * definition a cycle freezes is one version, never edited in place).
 */
export const scorecardTemplates = pgTable(
  'scorecard_templates',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    /** Position ids it applies to (empty: every position). */
    positionIds: jsonb('position_ids').notNull().default(sql`'[]'::jsonb`),
    /** Tenure stages: probation | early (first months after regularization) | tenured. */
    stages: jsonb('stages').notNull().default(sql`'[]'::jsonb`),
    currentVersion: integer('current_version').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('scorecard_templates_org_idx').on(t.orgId)],
);

export const scorecardTemplateVersions = pgTable(
  'scorecard_template_versions',
  {
    templateId: uuid('template_id')
      .notNull()
      .references(() => scorecardTemplates.id),
    version: integer('version').notNull(),
    orgId: uuid('org_id').notNull(),
    /** The scoring engine's ScorecardTemplate (packages/domain/src/scoring/types.ts). */
    definition: jsonb('definition').notNull(),
    note: text('note'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.templateId, t.version] })],
);

/** Grade scales (S/A/B/C/D by score, each with a bonus coefficient); one is the organization's default. */
export const gradeScales = pgTable(
  'grade_scales',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    bands: jsonb('bands').notNull(),
    /** Distribution guideline for calibration (warn only), or null. */
    guideline: jsonb('guideline'),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('grade_scales_one_default_uq').on(t.orgId).where(sql`${t.isDefault}`)],
);

/** Per-organization performance settings: where the tenure stages end. */
export const performanceSettings = pgTable('performance_settings', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => orgs.id),
  /** Months after regularization that count as the "early" stage; after that, tenured. */
  earlyStageMonths: integer('early_stage_months').notNull().default(6),
  /** Days before a person's probation end at which their probation review opens automatically. */
  probationReviewLeadDays: integer('probation_review_lead_days').notNull().default(30),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
