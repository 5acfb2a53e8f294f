import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { employees, orgs, users } from './core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * An improvement plan (绩效改进计划, PIP) for one person: goals (metric goals tracked from metric_values and
 * behaviour goals), a period, the owner (manager) and a coach, training from the catalog, check-in dates, the
 * person's acknowledgement (or HR's record of a refusal to sign, with a witness note), the midpoint and final
 * evaluations and the outcome HR records. Lifecycle: draft → active → midpoint_evaluated → final_evaluated →
 * passed | failed, or back to active once when extended; cancelled at any point before the outcome.
 * Stride computes the metric outcome and suggests; the outcome is always recorded by a person.
 */
export const improvementPlans = pgTable(
  'improvement_plans',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => employees.id),
    /** alert | pool_entry | manual */
    source: text('source').notNull(),
    alertId: uuid('alert_id'),
    poolEntryId: uuid('pool_entry_id'),
    managerEmployeeId: uuid('manager_employee_id')
      .notNull()
      .references(() => employees.id),
    coachEmployeeId: uuid('coach_employee_id').references(() => employees.id),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    /** The end date before an extension (null until extended); a plan is extended at most once. */
    originalEndDate: date('original_end_date', { mode: 'string' }),
    /** [{ kind: 'metric', metricKey, target, direction } | { kind: 'behaviour', text, measure }] */
    goals: jsonb('goals').notNull(),
    courseIds: jsonb('course_ids').notNull().default(sql`'[]'::jsonb`),
    checkInDates: jsonb('check_in_dates').notNull().default(sql`'[]'::jsonb`),
    /** draft | active | midpoint_evaluated | final_evaluated | passed | failed | cancelled */
    status: text('status').notNull(),
    /** signed | refused */
    acknowledgement: text('acknowledgement'),
    acknowledgedAt: ts('acknowledged_at'),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
    witnessNote: text('witness_note'),
    /** [{ stage: midpoint | final, asOf, metrics: [...], behaviours: [...], recommendation, comment, by, at }] */
    evaluations: jsonb('evaluations').notNull().default(sql`'[]'::jsonb`),
    /** passed | extended | failed — as recorded by HR (extended is kept in the history of outcomes). */
    outcome: text('outcome'),
    outcomes: jsonb('outcomes').notNull().default(sql`'[]'::jsonb`),
    cancelReason: text('cancel_reason'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('improvement_plans_org_employee_idx').on(t.orgId, t.employeeId),
    index('improvement_plans_org_status_idx').on(t.orgId, t.status),
  ],
);

/** A check-in held on a plan: notes, evidence (text and links), who recorded it and the metric progress then. */
export const planCheckIns = pgTable(
  'plan_check_ins',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => improvementPlans.id),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    notes: text('notes').notNull(),
    evidence: jsonb('evidence').notNull().default(sql`'[]'::jsonb`),
    progress: jsonb('progress').notNull().default(sql`'[]'::jsonb`),
    authorId: uuid('author_id').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('plan_check_ins_plan_idx').on(t.planId, t.heldOn)],
);
