import { sql } from 'drizzle-orm';
import { type Db, queryRows } from './client';

/**
 * The planner's statistics, kept fresh by Stride itself. The embedded database has no autovacuum at all, and a
 * PostgreSQL server may run with it off or behind: a table never analyzed is planned as a few rows, so a
 * recompute probing 400,000 activities chose an index scan over the whole organization per customer (4 s
 * instead of 0.1 s; npm run bench -- alert-latency). A table is analyzed by autovacuum's own rule: once the
 * rows changed since its last ANALYZE pass a base plus a share of its size (here a larger base, so that the
 * many small tables of a young organization are not analyzed over and over for plans that cannot differ).
 */
export const STALE_BASE_ROWS = 1000;
export const STALE_SHARE = 0.1;
/** At most one check per database in this interval: the check is cheap, an ANALYZE of a large table is not. */
export const STATISTICS_INTERVAL_MS = 30_000;

const lastCheck = new WeakMap<Db, number>();

/** The tables of the current schema whose statistics are stale, largest change first. */
export async function staleTables(db: Db): Promise<{ schema: string; table: string }[]> {
  return queryRows<{ schema: string; table: string }>(
    db,
    sql`select s.schemaname as schema, s.relname as "table" from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      where s.schemaname = any (current_schemas(false))
        and s.n_mod_since_analyze > ${STALE_BASE_ROWS} + ${STALE_SHARE} * greatest(c.reltuples, 0)
      order by s.n_mod_since_analyze desc`,
  );
}

/** Analyzes every stale table (each in its own statement: readers and writers are not blocked on a server). */
export async function refreshStaleStatistics(db: Db): Promise<string[]> {
  lastCheck.set(db, Date.now());
  const stale = await staleTables(db);
  for (const t of stale) await db.execute(sql`analyze ${sql.identifier(t.schema)}.${sql.identifier(t.table)}`);
  return stale.map((t) => t.table);
}

/** refreshStaleStatistics, unless this database was checked within STATISTICS_INTERVAL_MS (or `force`). */
export async function keepStatistics(db: Db, force = false): Promise<string[]> {
  const last = lastCheck.get(db);
  if (!force && last !== undefined && Date.now() - last < STATISTICS_INTERVAL_MS) return [];
  return refreshStaleStatistics(db);
}
