import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * Raw SQL beside drizzle, on the same connection(s); pg-boss's `db.executeSql`. One statement with `$1…`
   * parameters, or without parameters a script of several statements; resolves with the last statement's rows.
   */
  executeSql(text: string, values?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /**
   * Reclaims dead rows and refreshes planner statistics of these tables where nothing else does: embedded
   * PostgreSQL runs no autovacuum. A PostgreSQL server's autovacuum does it there, so this is a no-op.
   */
  vacuum(tables: readonly string[]): Promise<void>;
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Embedded PostgreSQL (PGlite). `dataDir` undefined means in memory; an existing instance may be passed (tests clone one). */
export async function openPglite(opts: {
  dataDir?: string;
  instance?: PGlite;
  /** PostgreSQL's buffer cache inside the WASM heap (default 128MB there); the OS caches the files anyway. */
  sharedBuffers?: string;
}): Promise<Database> {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const client =
    opts.instance ??
    (await PGlite.create({
      dataDir: opts.dataDir,
      ...(opts.sharedBuffers ? { postgresqlconf: [`shared_buffers = ${opts.sharedBuffers}`] } : {}),
    }));
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: async () => {
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
    },
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      if (!client.closed) await client.close();
    },
    executeSql: async (text, values) => {
      if (values && values.length > 0)
        return { rows: (await client.query<Record<string, unknown>>(text, [...values])).rows };
      // A script (pg-boss's schema, its maintenance in BEGIN … COMMIT) runs as one simple query inside PGlite's
      // transaction: that holds the one connection for the whole script, so no other caller's statement lands in
      // the middle, and a failing statement is rolled back instead of leaving the connection in an aborted
      // transaction. The script's own BEGIN / COMMIT only draw warnings ("already" / "no transaction in progress").
      const results = await client.transaction((tx) => tx.exec(text));
      return { rows: results.at(-1)?.rows ?? [] };
    },
    vacuum: async (tables) => {
      // VACUUM cannot run in a transaction block; table names are our own constants, never input.
      if (tables.length) await client.exec(`vacuum (analyze) ${tables.join(', ')}`);
    },
  };
}

export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server ends (restart, failover, pg_terminate_backend) is dropped from the pool
  // and replaced on next use; without a listener node-postgres would rethrow it and end the process.
  pool.on('error', (err) => {
    process.emitWarning(`PostgreSQL connection lost while idle: ${err.message}`, { code: 'STRIDE_PG_IDLE' });
  });
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    migrate: async () => {
      // Several server processes may start at once: one migrates, the others wait on the lock.
      const lockClient = await pool.connect();
      try {
        await lockClient.query('select pg_advisory_lock(727001)');
        await migratePg(drizzlePg(pool, { schema }), { migrationsFolder });
      } finally {
        await lockClient.query('select pg_advisory_unlock(727001)').catch(() => {});
        lockClient.release();
      }
    },
    ping: async () => {
      await pool.query('select 1');
    },
    close: async () => {
      if (!pool.ended) await pool.end();
    },
    executeSql: async (text, values) => {
      // What pg-boss's own connection does: one pool.query per call (a script takes one connection throughout).
      const result = (await pool.query(text, values ? [...values] : undefined)) as pg.QueryResult | pg.QueryResult[];
      return { rows: Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows };
    },
    vacuum: async () => {},
  };
}

export function openDatabase(cfg: {
  databaseUrl?: string;
  dataDir: string;
  pgliteSharedBuffers?: string;
}): Promise<Database> {
  return cfg.databaseUrl
    ? openPostgres(cfg.databaseUrl)
    : openPglite({ dataDir: path.join(cfg.dataDir, 'pgdata'), sharedBuffers: cfg.pgliteSharedBuffers });
}

/** Rows of a raw SQL query; both drivers return `{ rows }`. */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Serializes one kind of change per organization across processes for the rest of the transaction
 * (e.g. moves in the org tree, whose cycle check must see every concurrent move).
 */
export async function lockForOrg(tx: DbOrTx, what: string, orgId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${what}:${orgId}`}, 0))`);
}

const RETRYABLE = new Set(['40P01', '40001']);
/** PostgreSQL's SQLSTATE of an error from either driver (drizzle wraps it as the cause). */
export const pgErrorCode = (err: unknown): string | undefined => {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
};

/**
 * Runs a whole transaction again when PostgreSQL aborted it for a deadlock or a serialization failure (two
 * concurrent batches queueing the same person-days in another order): nothing of the aborted attempt was
 * committed, so repeating it is safe. A few attempts with a short random pause, then the error stands.
 */
export async function retryOnDeadlock<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (err) {
      if (i >= attempts || !RETRYABLE.has(pgErrorCode(err) ?? '')) throw err;
      await new Promise((r) => setTimeout(r, 20 * i + Math.random() * 50));
    }
  }
}

/** One field of PostgreSQL's COPY text format: `\N` for null, backslash escapes for the characters COPY gives a meaning. */
export function copyField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  const s = typeof value === 'string' ? value : String(value);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : s;
}

/**
 * Loads rows with COPY … FROM STDIN (text format: fields joined by tabs through `copyField`, one row per line)
 * on the connection of the given transaction — the fastest way into PostgreSQL on both engines: a
 * server connection streams them (pg-copy-streams), the embedded database reads them as a blob.
 */
export async function copyRowsIn(tx: DbOrTx, table: string, columns: readonly string[], lines: string): Promise<void> {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client as
    | { query: (...args: unknown[]) => unknown; exec?: unknown }
    | undefined;
  if (!client) throw new Error('copyRowsIn needs a transaction');
  const head = `copy ${table} (${columns.join(', ')}) from`;
  if (typeof client.exec === 'function') {
    // PGlite: the rows arrive as a blob of the same text format.
    await client.query(`${head} '/dev/blob'`, [], { blob: new Blob([lines]) });
    return;
  }
  const stream = client.query(copyFrom(`${head} stdin`)) as NodeJS.WritableStream;
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', () => resolve());
    stream.end(lines);
  });
}
