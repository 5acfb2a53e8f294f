import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { employees, orgs, orgUnits, users } from './core';
import { reviewCycles } from './reviews';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A commission plan (提成方案): a metric (revenue or collections), a period type, marginal tiers on the amount
 * or on attainment, an accelerator above 100% attainment and whether refunds claw back. Statements are
 * computed from metric values and agreed targets when read, so they always match the data.
 */
export const commissionPlans = pgTable(
  'commission_plans',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    /** revenue | collections */
    metricKey: text('metric_key').notNull(),
    /** month | quarter */
    periodType: text('period_type').notNull(),
    /** amount | attainment */
    basis: text('basis').notNull(),
    /** [{ from, to | null, rate }] — validated contiguous, ascending, last open-ended. */
    tiers: jsonb('tiers').notNull(),
    accelerator: numeric('accelerator', { precision: 6, scale: 3 }),
    clawback: boolean('clawback').notNull().default(true),
    positionIds: jsonb('position_ids').notNull().default(sql`'[]'::jsonb`),
    isActive: boolean('is_active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('commission_plans_org_idx').on(t.orgId)],
);

/** A bonus scheme (奖金方案): base per person (default + overrides), grade coefficients, optional attainment factor. */
export const bonusSchemes = pgTable(
  'bonus_schemes',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    positionIds: jsonb('position_ids').notNull().default(sql`'[]'::jsonb`),
    defaultBase: numeric('default_base', { precision: 18, scale: 2 }).notNull(),
    /** [{ employeeId, base }] */
    baseOverrides: jsonb('base_overrides').notNull().default(sql`'[]'::jsonb`),
    /** { grade: coefficient } */
    coefficients: jsonb('coefficients').notNull(),
    /** { metricKey, bands: [{ from, to, factor }], cap } or null. */
    attainment: jsonb('attainment'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('bonus_schemes_org_idx').on(t.orgId)],
);

/**
 * One run of a scheme on a review cycle: draft (re-running replaces it) → approved by HR (immutable, exportable
 * to payroll). The scheme is copied into the run, so later edits never change an approved result.
 */
export const bonusRuns = pgTable(
  'bonus_runs',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    schemeId: uuid('scheme_id')
      .notNull()
      .references(() => bonusSchemes.id),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => reviewCycles.id),
    /** draft | approved */
    status: text('status').notNull().default('draft'),
    schemeSnapshot: jsonb('scheme_snapshot').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    approvedBy: uuid('approved_by').references(() => users.id),
    approvedAt: ts('approved_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('bonus_runs_scheme_cycle_uq').on(t.schemeId, t.cycleId)],
);

/** One participant's bonus in a run, with the figures that explain it. */
export const bonusLines = pgTable(
  'bonus_lines',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    runId: uuid('run_id')
      .notNull()
      .references(() => bonusRuns.id, { onDelete: 'cascade' }),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => employees.id),
    /** The unit at the cycle's launch (scope of managers). */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => orgUnits.id),
    grade: text('grade'),
    base: numeric('base', { precision: 18, scale: 2 }).notNull(),
    coefficient: numeric('coefficient', { precision: 8, scale: 4 }),
    attainment: numeric('attainment', { precision: 12, scale: 2 }),
    factor: numeric('factor', { precision: 8, scale: 4 }),
    amount: numeric('amount', { precision: 18, scale: 2 }),
    /** ok | NO_GRADE | GRADE_NOT_IN_SCHEME | NO_TARGET */
    status: text('status').notNull(),
  },
  (t) => [
    uniqueIndex('bonus_lines_run_employee_uq').on(t.runId, t.employeeId),
    index('bonus_lines_org_employee_idx').on(t.orgId, t.employeeId),
  ],
);
