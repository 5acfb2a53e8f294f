import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { employees, orgs, orgUnits, positions, users } from './core';
import { reviewCycles } from './reviews';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A talent review (人才盘点) of one unit (with its subtree) on one published review cycle: performance from the
 * cycle's final grades, potential from ratings entered here, a computed 9-box placement per person that a
 * calibration meeting may move (with a reason). Open until HR finalizes it; finalized reviews are read-only.
 * config: { gradeMap: {grade → low|medium|high}, competencies: [{key, name}], thresholds: {medium, high} }.
 */
export const talentReviews = pgTable(
  'talent_reviews',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => orgUnits.id),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => reviewCycles.id),
    config: jsonb('config').notNull(),
    /** open | finalized */
    status: text('status').notNull().default('open'),
    createdBy: uuid('created_by').references(() => users.id),
    finalizedBy: uuid('finalized_by').references(() => users.id),
    finalizedAt: ts('finalized_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('talent_reviews_org_idx').on(t.orgId, t.createdAt)],
);

/**
 * One person in a talent review: their cycle grade and performance level, potential ratings (competency key →
 * 1..5, learning agility 1..5), the computed box and the box in force (moved only in calibration, with a reason).
 * Boxes are "<performance>-<potential>", e.g. high-medium.
 */
export const talentPlacements = pgTable(
  'talent_placements',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    reviewId: uuid('review_id')
      .notNull()
      .references(() => talentReviews.id),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => employees.id),
    grade: text('grade'),
    performance: text('performance').notNull(),
    ratings: jsonb('ratings').notNull().default(sql`'{}'::jsonb`),
    learningAgility: integer('learning_agility'),
    potential: text('potential'),
    computedBox: text('computed_box'),
    box: text('box'),
    ratedBy: uuid('rated_by').references(() => users.id),
    ratedAt: ts('rated_at'),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('talent_placements_review_employee_uq').on(t.reviewId, t.employeeId),
    index('talent_placements_org_employee_idx').on(t.orgId, t.employeeId),
  ],
);

/** Every placement change: computed (from ratings) or calibration (moved with a reason), with who and when. */
export const talentPlacementChanges = pgTable(
  'talent_placement_changes',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    reviewId: uuid('review_id')
      .notNull()
      .references(() => talentReviews.id),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => employees.id),
    /** computed | calibration */
    source: text('source').notNull(),
    fromBox: text('from_box'),
    toBox: text('to_box').notNull(),
    computedBox: text('computed_box'),
    reason: text('reason'),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('talent_placement_changes_idx').on(t.orgId, t.employeeId, t.at)],
);

/** A manual flight-risk flag (离职风险) on a person, with its reason; cleared flags are kept. */
export const talentFlightRisks = pgTable(
  'talent_flight_risks',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => employees.id),
    reason: text('reason').notNull(),
    flaggedBy: uuid('flagged_by').references(() => users.id),
    flaggedAt: ts('flagged_at').notNull().defaultNow(),
    clearedBy: uuid('cleared_by').references(() => users.id),
    clearedAt: ts('cleared_at'),
  },
  (t) => [index('talent_flight_risks_idx').on(t.orgId, t.employeeId)],
);

/** A key position (关键岗位) and its succession slate: candidates with readiness and notes. */
export const talentKeyPositions = pgTable(
  'talent_key_positions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    positionId: uuid('position_id')
      .notNull()
      .references(() => positions.id),
    /** The unit whose people may be candidates (its subtree); scope of managers. */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => orgUnits.id),
    incumbentEmployeeId: uuid('incumbent_employee_id').references(() => employees.id),
    note: text('note'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('talent_key_positions_uq').on(t.orgId, t.positionId, t.unitId)],
);

export const successionCandidates = pgTable(
  'succession_candidates',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    keyPositionId: uuid('key_position_id')
      .notNull()
      .references(() => talentKeyPositions.id),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => employees.id),
    /** ready_now | 1_2_years | later */
    readiness: text('readiness').notNull(),
    notes: text('notes'),
    addedBy: uuid('added_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('succession_candidates_uq').on(t.keyPositionId, t.employeeId)],
);
