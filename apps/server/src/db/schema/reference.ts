import { sql } from 'drizzle-orm';
import { date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orgs } from './core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Dated per-city reference figures: the local average monthly wage of a year (社平工资), published once a
 * year by each city. Rows without an organization are the figures Stride ships; an organization can add or
 * correct its own (they take precedence). Used by the severance calculator (Art. 47 cap) and later payroll.
 */
export const cityAverageWages = pgTable(
  'city_average_wages',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** null: shipped with Stride, visible to every organization. */
    orgId: uuid('org_id').references(() => orgs.id),
    /** City code in lower-case pinyin, e.g. shanghai, beijing, shenzhen. */
    city: text('city').notNull(),
    /** The year the average describes (the calculator uses the year before the termination date). */
    year: integer('year').notNull(),
    averageMonthlyWage: numeric('average_monthly_wage', { precision: 12, scale: 2 }).notNull(),
    /** Where the figure comes from (bureau notice), shown next to the result. */
    source: text('source'),
    publishedOn: date('published_on', { mode: 'string' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('city_average_wages_uq').on(
      sql`coalesce(${t.orgId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.city,
      t.year,
    ),
    index('city_average_wages_city_idx').on(t.city, t.year),
  ],
);
