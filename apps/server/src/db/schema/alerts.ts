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
import { employees, orgs, users } from './core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * An early-warning rule of one organization: one of the built-in detection methods (kind) with its
 * parameters, the people it watches (scope), how serious a firing is, the minimum data and persistence
 * before it may fire, a cooldown after an alert ends, and who is told with which message. Editing bumps
 * the version; alerts keep the version that raised them.
 */
export const alertRules = pgTable(
  'alert_rules',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    /** consecutive_decline | attainment_below | below_cohort | activity_drop | post_regularization_slack | no_activity */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** The metric judged (none for no_activity). */
    metricKey: text('metric_key'),
    /** month | quarter | week: the periods the rule judges. */
    periodType: text('period_type').notNull(),
    params: jsonb('params').notNull(),
    /** { unitIds: string[], positionIds: string[], stages: string[] } — empty lists mean everyone. */
    scope: jsonb('scope').notNull(),
    /** low | medium | high */
    severity: text('severity').notNull(),
    minPeriods: integer('min_periods').notNull(),
    cooldownDays: integer('cooldown_days').notNull(),
    /** Evaluations in a row without the signal after which a live alert resolves itself. */
    recoverAfter: integer('recover_after').notNull().default(2),
    /** { hr: {enabled, message}, manager: {...}, employee: {...} }; message per locale, with placeholders. */
    recipients: jsonb('recipients').notNull(),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('alert_rules_org_idx').on(t.orgId)],
);

/**
 * One alert: a rule fired for a person. At most one alert per rule and person is live (not resolved) at a
 * time — re-evaluations update its evidence instead of raising another. Lifecycle: open → acknowledged →
 * action_linked → resolved, or auto_resolved when the person recovers. Stride never closes a case by
 * deciding about the person; auto-resolution only says the signal is gone.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => alertRules.id),
    ruleVersion: integer('rule_version').notNull(),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => employees.id),
    /** open | acknowledged | action_linked | resolved | auto_resolved */
    status: text('status').notNull(),
    severity: text('severity').notNull(),
    /** The period at which the condition started (onset) and the last period judged. */
    onsetPeriod: date('onset_period', { mode: 'string' }),
    period: date('period', { mode: 'string' }),
    confidence: numeric('confidence', { precision: 4, scale: 3 }).notNull(),
    evidence: jsonb('evidence').notNull(),
    /** Consecutive evaluations without the signal; auto-resolves at the rule's recovery count. */
    clearCount: integer('clear_count').notNull().default(0),
    raisedAt: ts('raised_at').notNull().defaultNow(),
    evaluatedAt: ts('evaluated_at').notNull().defaultNow(),
    acknowledgedAt: ts('acknowledged_at'),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
    resolvedAt: ts('resolved_at'),
    resolvedBy: uuid('resolved_by').references(() => users.id),
    resolutionNote: text('resolution_note'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('alerts_live_uq')
      .on(t.ruleId, t.employeeId)
      .where(sql`${t.status} in ('open', 'acknowledged', 'action_linked')`),
    index('alerts_org_status_idx').on(t.orgId, t.status, t.raisedAt),
    index('alerts_org_employee_idx').on(t.orgId, t.employeeId, t.raisedAt),
  ],
);

/** Everything that happened to an alert: raised, re-evaluated, acknowledged, actions linked, resolved. */
export const alertEvents = pgTable(
  'alert_events',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id),
    /** raised | acknowledged | action_linked | resolved | auto_resolved | escalated */
    kind: text('kind').notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    note: text('note'),
    /** For action_linked: { actionKind: coaching_note | improvement_plan | training, refId?, courseIds? }. */
    payload: jsonb('payload').notNull().default(sql`'{}'::jsonb`),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('alert_events_alert_idx').on(t.alertId, t.at)],
);

/**
 * Periods in which a person must not be judged: leave, a territory change or a quota reset entered by HR
 * or a manager. Territory changes from job history and target resets are masked as well (derived, not
 * stored here).
 */
export const alertMasks = pgTable(
  'alert_masks',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => employees.id),
    /** leave | territory_change | quota_reset */
    kind: text('kind').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    note: text('note'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('alert_masks_employee_idx').on(t.orgId, t.employeeId, t.startDate)],
);

/**
 * People whose alerts must be re-evaluated: written in the transaction that changed their metric values,
 * drained by the evaluator within seconds (and at start), so an accepted fact never misses its alert.
 */
export const alertDirty = pgTable(
  'alert_dirty',
  {
    orgId: uuid('org_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    markedAt: ts('marked_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.employeeId] })],
);

/** Closed periods already evaluated for the whole organization by the period-close job. */
export const alertPeriodRuns = pgTable(
  'alert_period_runs',
  {
    orgId: uuid('org_id').notNull(),
    periodType: text('period_type').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    ranAt: ts('ran_at').notNull().defaultNow(),
    alertsRaised: integer('alerts_raised').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.periodType, t.periodStart] })],
);

/** A training course of the organization's catalog, mapped to the indicators and competencies it helps. */
export const trainingCourses = pgTable(
  'training_courses',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    title: text('title').notNull(),
    url: text('url').notNull(),
    description: text('description'),
    /** Metric keys the course helps with. */
    metricKeys: jsonb('metric_keys').notNull().default(sql`'[]'::jsonb`),
    competencies: jsonb('competencies').notNull().default(sql`'[]'::jsonb`),
    /** The focus suggested to a person whose metric dropped, per locale: { 'zh-CN': …, 'en-US': … }. */
    focus: jsonb('focus').notNull().default(sql`'{}'::jsonb`),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('training_courses_org_idx').on(t.orgId)],
);

/**
 * Per-organization early-warning settings: how often the low-performer pool is built and the policy that
 * suggests a next step and defines the optimization list.
 */
export const alertSettings = pgTable('alert_settings', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => orgs.id),
  /** month | quarter */
  poolPeriodType: text('pool_period_type').notNull().default('month'),
  policy: jsonb('policy').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** The low-performer pool (低绩效人员池) of one closed period. Built by a job; rebuilt on request. */
export const lowPerformerPools = pgTable(
  'low_performer_pools',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    periodType: text('period_type').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    policy: jsonb('policy').notNull(),
    builtAt: ts('built_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('low_performer_pools_uq').on(t.orgId, t.periodType, t.periodStart)],
);

/**
 * One person in a pool: why (alerts, grade, attainment), the trend, Stride's suggested next step and the
 * decision a manager or HR recorded. onOptimizationList marks the 优化清单 (two unsatisfactory periods with no
 * real improvement); a low rank alone never puts anyone there.
 */
export const poolEntries = pgTable(
  'pool_entries',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    poolId: uuid('pool_id')
      .notNull()
      .references(() => lowPerformerPools.id),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => employees.id),
    unitId: uuid('unit_id').notNull(),
    reasons: jsonb('reasons').notNull(),
    trend: jsonb('trend').notNull(),
    /** How many consecutive pools (this one included) the person has been in. */
    occurrence: integer('occurrence').notNull(),
    /** coaching_training | improvement_plan | transfer_or_exit_review */
    suggestedStep: text('suggested_step').notNull(),
    suggestionReason: jsonb('suggestion_reason').notNull(),
    onOptimizationList: boolean('on_optimization_list').notNull().default(false),
    optimizationReason: jsonb('optimization_reason'),
    /** The people's decision: coaching | training | improvement_plan | transfer | exit_review | no_action */
    decision: text('decision'),
    decisionNote: text('decision_note'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: ts('decided_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('pool_entries_uq').on(t.poolId, t.employeeId),
    index('pool_entries_employee_idx').on(t.orgId, t.employeeId),
  ],
);
