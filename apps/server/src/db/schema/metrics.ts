import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { orgs, users } from './core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * An organization's own metrics. Every change is a new row (version + 1), so what a number meant at any
 * time stays on record; the highest version is the current one, and an archived metric's last row is
 * inactive. Built-in metrics live in code (metric-library.ts), not here.
 */
export const metricDefinitions = pgTable(
  'metric_definitions',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    description: text('description'),
    unit: text('unit').notNull(),
    /** aggregate | ratio | growth | manual, with its parameters (contracts: metricSpec). */
    spec: jsonb('spec').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key, t.version] })],
);

/** Activity types an organization adds to the built-in ones (e.g. 展会, 演示). */
export const activityTypes = pgTable(
  'activity_types',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    key: text('key').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] })],
);
