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
import { employees, orgs } from './core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A source system (Salesforce, 纷享销客, an ERP) that sends activity. */
export const integrations = pgTable(
  'integrations',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    /** Short stable name stored on every activity; (org, source, externalId) is the idempotency key. */
    source: text('source').notNull(),
    webhookSecretEnc: text('webhook_secret_enc').notNull(),
    /** How a webhook payload (or a non-canonical batch) becomes canonical activities. */
    mapping: jsonb('mapping').notNull().default(sql`'{}'::jsonb`),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('integrations_org_source_uq').on(t.orgId, t.source)],
);

/** API keys: only a SHA-256 of the secret is kept; the prefix identifies a key in lists and logs. */
export const integrationKeys = pgTable(
  'integration_keys',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    orgId: uuid('org_id').notNull(),
    integrationId: uuid('integration_id')
      .notNull()
      .references(() => integrations.id),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    uniqueIndex('integration_keys_hash_uq').on(t.keyHash),
    index('integration_keys_integration_idx').on(t.integrationId),
  ],
);

/** A source system's user id mapped to a person (the unmatched queue resolves into these). */
export const externalUserLinks = pgTable(
  'external_user_links',
  {
    orgId: uuid('org_id').notNull(),
    source: text('source').notNull(),
    externalUserId: text('external_user_id').notNull(),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => employees.id),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.source, t.externalUserId] })],
);

/**
 * One CRM/ERP fact. Keyed by (org, source, external id) so that resending is idempotent; every index
 * leads with org_id so the table can be distributed by organization.
 */
export const activities = pgTable(
  'activities',
  {
    orgId: uuid('org_id').notNull(),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    type: text('type').notNull(),
    /** Null while the person is unknown (unmatched); set when the external user is mapped. */
    employeeId: uuid('employee_id'),
    /** How the source named the person: { employeeNo } | { email } | { externalUserId }. */
    personRef: jsonb('person_ref').notNull(),
    occurredAt: ts('occurred_at').notNull(),
    /** The calendar day in the organization's time zone; periods are built from it. */
    localDate: date('local_date', { mode: 'string' }).notNull(),
    /** The team the person belonged to on that day (job history). */
    unitId: uuid('unit_id'),
    amount: numeric('amount', { precision: 18, scale: 2 }),
    currency: text('currency').notNull().default('CNY'),
    quantity: integer('quantity'),
    customerExternalId: text('customer_external_id'),
    customerName: text('customer_name'),
    customerTier: text('customer_tier'),
    attributes: jsonb('attributes').notNull().default(sql`'{}'::jsonb`),
    /** A voided fact stays on record (and in the drill-down) but no longer counts. */
    isVoided: boolean('is_voided').notNull().default(false),
    contentHash: text('content_hash').notNull(),
    version: integer('version').notNull().default(1),
    receivedAt: ts('received_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.source, t.externalId] }),
    index('activities_org_employee_date_idx').on(t.orgId, t.employeeId, t.localDate),
    index('activities_org_unmatched_idx').on(t.orgId, t.source).where(sql`${t.employeeId} is null`),
    // A customer's first order (新客户数, metric-library.ts): one probe per order instead of a scan of the customer's orders.
    index('activities_org_customer_order_idx')
      .on(t.orgId, t.customerExternalId, t.occurredAt, t.source, t.externalId)
      .where(sql`${t.type} = 'order' and not ${t.isVoided} and ${t.customerExternalId} is not null`),
    // High-value customers served (高价值客户留存, metric-library.ts): a period's serving facts, and the probe of whether
    // the same person served the same customer in the period before. The predicate is the metric's, word for word.
    index('activities_org_hv_served_idx')
      .on(t.orgId, t.employeeId, t.localDate)
      .where(
        sql`${t.type} in ('order', 'payment', 'visit', 'call', 'meeting', 'followup') and ${t.customerTier} = 'high_value' and ${t.customerExternalId} is not null`,
      ),
    index('activities_org_hv_customer_idx')
      .on(t.orgId, t.employeeId, t.customerExternalId, t.localDate)
      .where(
        sql`${t.type} in ('order', 'payment', 'visit', 'call', 'meeting', 'followup') and ${t.customerTier} = 'high_value' and ${t.customerExternalId} is not null`,
      ),
  ],
);

/** Materialized metric values: person x metric x period, recomputed for touched person-periods. */
export const metricValues = pgTable(
  'metric_values',
  {
    orgId: uuid('org_id').notNull(),
    metricKey: text('metric_key').notNull(),
    periodType: text('period_type').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    employeeId: uuid('employee_id').notNull(),
    value: numeric('value', { precision: 20, scale: 4 }).notNull(),
    computedAt: ts('computed_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.metricKey, t.periodType, t.periodStart, t.employeeId] }),
    index('metric_values_org_employee_idx').on(t.orgId, t.employeeId, t.periodType, t.periodStart),
  ],
);

/**
 * Person-days whose metric values must be recomputed. Written in the transaction that stores the facts,
 * drained before the request is answered (and at start), so no change is ever lost to a crash.
 */
export const metricDirty = pgTable(
  'metric_dirty',
  {
    orgId: uuid('org_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    localDate: date('local_date', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.employeeId, t.localDate] })],
);

/**
 * Quarters and years whose values must follow facts already applied to their weeks and months: the
 * recompute a batch waits for covers weeks and months (what alert rules read first), and a second pass a
 * moment later these longer periods, which read far more facts per person. Written in the same
 * transaction that takes the person-days off metric_dirty, so nothing is lost in between.
 */
export const metricDirtyPeriods = pgTable(
  'metric_dirty_periods',
  {
    orgId: uuid('org_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    periodType: text('period_type').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    /** When it was last queued: a second pass takes a period off only if nobody queued it again meanwhile. */
    markedAt: timestamp('marked_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    /**
     * Recomputed from its facts (a changed fact, a new one that can change a distinct count, an average…); false:
     * only new facts' sums and counts changed its months, so its sums and counts are its months' added up.
     */
    fromFacts: boolean('from_facts').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.employeeId, t.periodType, t.periodStart] })],
);

/**
 * Facts stored since the last recompute of their weeks and months whose sums and counts are still to be added
 * (metrics.service.ts, deltas): a batch of new facts changes a person's month by what it adds, without the month's
 * other facts being read again. Written in the transaction that stores the facts; taken off in the statement that
 * adds them, or in the one that recomputes their periods in full (which then counts them itself).
 */
export const metricNewFacts = pgTable(
  'metric_new_facts',
  {
    orgId: uuid('org_id').notNull(),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.source, t.externalId] })],
);
