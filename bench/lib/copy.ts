/**
 * The COPY reference: the same rows the ingestion stored (same column values), loaded with COPY into
 * a copy of the `activities` table in three shapes — no keys or indexes, the same primary key, and
 * every index of `activities`.
 */

import { once } from 'node:events';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { ACTIVITY_COPY_COLUMNS } from '../../apps/server/src/modules/activities/ingest.service';

/** The columns ingestion writes; the others (version, received_at, updated_at) take their defaults. */
export const COPY_COLUMNS = ACTIVITY_COPY_COLUMNS.join(', ');

export const COPY_VARIANTS = [
  {
    key: 'bare',
    label: 'no keys or indexes',
    ddl: 'create table bench_copy (like activities including defaults)',
  },
  {
    key: 'pk',
    label: 'same primary key',
    ddl: 'create table bench_copy (like activities including defaults, primary key (org_id, source, external_id))',
  },
  {
    key: 'all',
    label: 'all indexes of activities',
    ddl: 'create table bench_copy (like activities including all)',
  },
] as const;

export interface CopyTiming {
  key: string;
  label: string;
  rows: number;
  ms: number;
}

const exportQuery = (orgId: string, extra = '') =>
  `select ${COPY_COLUMNS} from activities where org_id = '${orgId}' and source = 'bench-crm' and external_id like 'crm-%' ${extra} order by external_id`;

/** PostgreSQL: the stored rows as CSV (not measured). */
export async function exportCsvPostgres(url: string, orgId: string, file: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const stream = client.query(copyTo(`copy (${exportQuery(orgId)}) to stdout (format csv)`));
    await pipeline(stream, createWriteStream(file));
  } finally {
    await client.end();
  }
}

/** PostgreSQL: COPY … FROM STDIN of the CSV into each table shape, in the benchmark's database. */
export async function copyPostgres(url: string, file: string): Promise<CopyTiming[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const out: CopyTiming[] = [];
  try {
    for (const v of COPY_VARIANTS) {
      await client.query('drop table if exists bench_copy');
      await client.query(v.ddl);
      await client.query('checkpoint');
      const t0 = performance.now();
      const sink = client.query(copyFrom(`copy bench_copy (${COPY_COLUMNS}) from stdin (format csv)`));
      await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), sink);
      const ms = performance.now() - t0;
      out.push({ key: v.key, label: v.label, rows: sink.rowCount, ms });
      await client.query('drop table bench_copy');
    }
  } finally {
    await client.end();
  }
  return out;
}

/** PGlite: the stored rows as CSV, month by month through /dev/blob (not measured). */
export async function exportCsvPglite(client: PGlite, orgId: string, file: string): Promise<void> {
  const months = await client.query<{ m: string }>(
    `select distinct date_trunc('month', local_date::timestamp)::date::text as m from activities
     where org_id = $1 and source = 'bench-crm' and external_id like 'crm-%' order by 1`,
    [orgId],
  );
  const out = createWriteStream(file);
  for (const { m } of months.rows) {
    const res = await client.query(
      `copy (${exportQuery(orgId, `and local_date >= '${m}'::date and local_date < '${m}'::date + interval '1 month'`)}) to '/dev/blob' (format csv)`,
    );
    if (!res.blob) throw new Error('PGlite COPY TO returned no blob');
    if (!out.write(Buffer.from(await res.blob.arrayBuffer()))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * PGlite: COPY … FROM '/dev/blob' into each table shape on the given (fresh, migrated) instance. The
 * CSV is split into blobs of `rowsPerCopy` lines beforehand; only the COPY statements are timed.
 */
export async function copyPglite(client: PGlite, file: string, rowsPerCopy = 100_000): Promise<CopyTiming[]> {
  const text = readFileSync(file);
  const blobs: Blob[] = [];
  let start = 0;
  let lines = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== 10) continue;
    // A newline inside a quoted CSV value would not end a row; our values (JSON, names) contain none.
    lines++;
    if (lines === rowsPerCopy) {
      blobs.push(new Blob([text.subarray(start, i + 1)]));
      start = i + 1;
      lines = 0;
    }
  }
  if (start < text.length) blobs.push(new Blob([text.subarray(start)]));
  const out: CopyTiming[] = [];
  for (const v of COPY_VARIANTS) {
    await client.exec('drop table if exists bench_copy');
    await client.exec(v.ddl);
    await client.exec('checkpoint');
    let rows = 0;
    const t0 = performance.now();
    for (const blob of blobs) {
      const res = await client.query(`copy bench_copy (${COPY_COLUMNS}) from '/dev/blob' (format csv)`, [], { blob });
      rows += res.affectedRows ?? 0;
    }
    const ms = performance.now() - t0;
    out.push({ key: v.key, label: v.label, rows, ms });
    await client.exec('drop table bench_copy');
  }
  return out;
}
