import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  json,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { employees, orgs, orgUnits, users } from './core';
import { scorecardTemplates } from './performance';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A review cycle (考核周期): one period's metric values scored for a population. Draft until launched;
 * at launch the population is snapshotted (unit, position, manager, template version per person), the
 * grade scale is frozen and metric indicators are scored. Then it walks its stages: self review →
 * manager review → peer review (optional) → calibration → HR approval → published (acknowledge or
 * appeal) → closed. Every stage change is kept in review_cycle_events.
 */
export const reviewCycles = pgTable(
  'review_cycles',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    /** monthly | quarterly | custom */
    kind: text('kind').notNull(),
    /** The metric period scored: month | quarter | year, starting at periodStart. */
    periodType: text('period_type').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    /** { unitIds: [], positionIds: [], statuses: [] } — empty lists mean "any". Units include their subtrees. */
    population: jsonb('population').notNull(),
    peerReviews: boolean('peer_reviews').notNull().default(false),
    /** Stage → due date (self, manager, peer, calibration, approval, acknowledgement). */
    deadlines: jsonb('deadlines').notNull().default(sql`'{}'::jsonb`),
    /** draft | self_review | manager_review | peer_review | calibration | approval | published | closed */
    stage: text('stage').notNull().default('draft'),
    /** The grade scale frozen at launch (bands and guideline), with its name. */
    gradeScale: jsonb('grade_scale'),
    /**
     * Percentile cohorts frozen at launch: "<positionId or ->:<metricKey>" → every participant's actual.
     * Kept once per cycle instead of once per person, so re-scoring a person needs no other rows.
     */
    cohorts: jsonb('cohorts').notNull().default(sql`'{}'::jsonb`),
    createdBy: uuid('created_by').references(() => users.id),
    launchedAt: ts('launched_at'),
    publishedAt: ts('published_at'),
    closedAt: ts('closed_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('review_cycles_org_idx').on(t.orgId, t.periodStart)],
);

export const reviewCycleEvents = pgTable(
  'review_cycle_events',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => reviewCycles.id),
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    note: text('note'),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('review_cycle_events_cycle_idx').on(t.cycleId, t.at)],
);

/**
 * One person in a cycle, as they were at launch, and their result: the engine's ScoredCard (result),
 * the metric inputs it used (inputs), the computed grade and the grade in force after calibration.
 *
 * The cycle, person, unit and template it refers to are checked per statement, not per row, by triggers
 * (migration 0018): a launch inserts 10,000 rows at once, and four row-level foreign keys spent about 130 ms
 * on 40,000 single-row lookups and locks there. The triggers give the same guarantees: each referenced row
 * exists and stays while the insert commits (the cycle, units and templates locked FOR KEY SHARE; the people by
 * one advisory lock that deleting employees takes exclusively, migration 0024); a referenced row cannot be
 * deleted (or its id changed); and these four columns, the launch snapshot, never change.
 */
export const reviewParticipants = pgTable(
  'review_participants',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    cycleId: uuid('cycle_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    positionId: uuid('position_id'),
    /** The manager who reviews: the person's manager, else the leader of their unit (or above). */
    managerEmployeeId: uuid('manager_employee_id'),
    /** probation | early | tenured at launch. */
    tenureStage: text('tenure_stage').notNull(),
    templateId: uuid('template_id').notNull(),
    templateVersion: integer('template_version').notNull(),
    // json, not jsonb: written once per launch from JSON text and only ever read whole; json keeps the text
    // as validated (jsonb would parse it into a tree, about 45 ms of a 10,000-person launch).
    inputs: json('inputs').notNull(),
    result: json('result').notNull(),
    total: numeric('total', { precision: 10, scale: 2 }).notNull(),
    computedGrade: text('computed_grade'),
    grade: text('grade'),
    bonusCoefficient: numeric('bonus_coefficient', { precision: 6, scale: 3 }),
    acknowledgedAt: ts('acknowledged_at'),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('review_participants_cycle_employee_uq').on(t.cycleId, t.employeeId),
    index('review_participants_org_employee_idx').on(t.orgId, t.employeeId),
  ],
);

/** A review form: what one rater (self, manager or a peer) rated of one participant's rating indicators. */
export const reviewForms = pgTable(
  'review_forms',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => reviewCycles.id),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => reviewParticipants.id),
    /** self | manager | peer */
    raterKind: text('rater_kind').notNull(),
    raterEmployeeId: uuid('rater_employee_id')
      .notNull()
      .references(() => employees.id),
    /** pending | submitted */
    status: text('status').notNull().default('pending'),
    /** indicator key → rubric level */
    ratings: jsonb('ratings').notNull().default(sql`'{}'::jsonb`),
    comment: text('comment'),
    submittedAt: ts('submitted_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('review_forms_rater_uq').on(t.participantId, t.raterKind, t.raterEmployeeId),
    index('review_forms_rater_idx').on(t.orgId, t.raterEmployeeId, t.status),
    index('review_forms_cycle_idx').on(t.cycleId),
  ],
);

/** Every change of a participant's grade: original, new, who, when, why (calibration, appeal). */
export const ratingChanges = pgTable(
  'rating_changes',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => reviewCycles.id),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => reviewParticipants.id),
    /** calibration | appeal */
    source: text('source').notNull(),
    fromGrade: text('from_grade'),
    toGrade: text('to_grade').notNull(),
    reason: text('reason').notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('rating_changes_cycle_idx').on(t.cycleId, t.at)],
);

/** An employee's appeal of a published result, and HR's decision. */
export const reviewAppeals = pgTable(
  'review_appeals',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => reviewCycles.id),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => reviewParticipants.id),
    reason: text('reason').notNull(),
    /** open | upheld (grade changed) | rejected */
    status: text('status').notNull().default('open'),
    decision: text('decision'),
    newGrade: text('new_grade'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: ts('decided_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('review_appeals_participant_uq').on(t.participantId)],
);

/**
 * A probation review (转正考核): opened a configurable number of days before the probation end, with
 * the probation template. Passing regularizes the person; not passing needs written reasons tied to
 * the hiring conditions and is refused after the probation end date (Labor Contract Law Art. 21, 39(1)).
 */
export const probationReviews = pgTable(
  'probation_reviews',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => employees.id),
    probationEndDate: date('probation_end_date', { mode: 'string' }).notNull(),
    templateId: uuid('template_id').references(() => scorecardTemplates.id),
    templateVersion: integer('template_version'),
    /** The scorecard at opening (engine ScoredCard) over the probation period, or null without a template. */
    result: jsonb('result'),
    /** open | passed | failed */
    status: text('status').notNull().default('open'),
    /** How it was opened: automatic | manual */
    openedBy: text('opened_by').notNull(),
    /** The hiring conditions (录用条件) the decision is judged against. */
    hiringConditions: text('hiring_conditions'),
    /** Written reasons for not passing, each tied to a hiring condition. */
    reasons: jsonb('reasons'),
    comment: text('comment'),
    regularizationDate: date('regularization_date', { mode: 'string' }),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: ts('decided_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('probation_reviews_one_per_end_uq').on(t.employeeId, t.probationEndDate),
    index('probation_reviews_org_status_idx').on(t.orgId, t.status),
  ],
);
