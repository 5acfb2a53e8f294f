/**
 * `npm run bench -- ingest`: one engine end to end against the real server (child process).
 *
 *  1. fresh database, server started in demo mode, topped up to 200 salespeople through the API
 *  2. integration + API key through the API
 *  3. N NDJSON lines (generated to a file first) streamed over HTTP → activities/s, server memory
 *  4. latency of 30 JSON batches of 1,000 new activities (metric values are updated before the answer)
 *  5. server stopped; in-process: full rebuild of metric values vs one hand-written GROUP BY
 *  6. COPY of the same rows into a copy of the table → rows/s, and the ratios
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Database, openPglite, openPostgres, queryRows } from '../apps/server/src/db/client';
import { type CopyTiming, copyPglite, copyPostgres, exportCsvPglite, exportCsvPostgres } from './lib/copy';
import { type BenchPerson, liveBatches, monthStart, shanghaiToday, writeNdjson } from './lib/generate';
import { compareWithMetricValues, timeRebuild, timeReference } from './lib/recompute';
import {
  Api,
  type IngestResultBody,
  memoryOf,
  type RunningServer,
  resetPeak,
  root,
  sleep,
  startServer,
  streamNdjson,
} from './lib/server';

export type Engine = 'postgres' | 'pglite';

export interface EngineResult {
  engine: Engine;
  count: number;
  /** Commit of the measured code when the server started, and files under apps/ and packages/ changed since. */
  code?: { commit: string; changedFiles: number };
  people: number;
  fileBytes: number;
  period: { from: string; to: string };
  perType: Record<string, number>;
  ingest: {
    ms: number;
    perSecond: number;
    response: IngestResultBody;
    /** Rate per tenth of the file (activities/s), to see whether it degrades as the table grows. */
    tenths: number[];
    /** From the answer until every metric value follows the stream (recomputed in the background). */
    settleMs?: number;
    settlePeakMb?: number;
  };
  memory: {
    idleBeforeMb: number;
    peakSampledMb: number;
    peakHwmMb: number | null;
    samples: number;
  };
  breakdown: { label: string; share: number }[] | null;
  copy: CopyTiming[];
  recompute: {
    /** All activities of the organization (the demo seed's own plus the benchmark's), what both queries read. */
    orgActivities?: number;
    rebuildMs: number[];
    referenceMs: number[];
    referenceRows: number;
    incremental: { total: number; matched: number; mismatched: number };
    afterRebuild: { total: number; matched: number; mismatched: number };
    samples: { employee_id: string; period_type: string; period_start: string; metric_key: string; value: string }[];
  };
  latency: { ms: number[]; p50: number; p99: number; verified: string };
}

const MB = 1024 * 1024;
const SALES_POSITIONS = new Set(['销售代表', '高级销售代表']);
const TARGET_PEOPLE = 200;

interface EmployeeSummary {
  id: string;
  employeeNo: string;
  hireDate: string;
  unit: { id: string; name: string };
  position: { id: string; name: string } | null;
  manager: { id: string; name: string } | null;
}

async function listEmployees(api: Api): Promise<EmployeeSummary[]> {
  const all: EmployeeSummary[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: EmployeeSummary[]; nextCursor: string | null } = await api.call(
      'GET',
      `/api/v1/employees?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** Demo mode seeds ~120 salespeople; more are hired through the API until there are 200. */
async function ensureSalespeople(api: Api, today: string, log: (s: string) => void): Promise<BenchPerson[]> {
  let reps = (await listEmployees(api)).filter((e) => e.position && SALES_POSITIONS.has(e.position.name));
  const missing = TARGET_PEOPLE - reps.length;
  if (missing > 0) {
    log(`  hiring ${missing} more salespeople through POST /api/v1/employees`);
    const junior = reps.find((r) => r.position?.name === '销售代表') ?? reps[0];
    const teams = [...new Map(reps.map((r) => [r.unit.id, r])).values()];
    const hire = monthStart(today, -30);
    for (let i = 0; i < missing; i++) {
      const team = teams[i % teams.length];
      await api.call('POST', '/api/v1/employees', {
        employeeNo: `B${String(i + 1).padStart(4, '0')}`,
        name: `基准销售${i + 1}`,
        status: 'regular',
        unitId: team.unit.id,
        positionId: junior.position!.id,
        managerId: team.manager?.id ?? null,
        hireDate: hire,
        contractType: 'open_ended',
        contractStartDate: hire,
      });
    }
    reps = (await listEmployees(api)).filter((e) => e.position && SALES_POSITIONS.has(e.position.name));
  }
  return reps
    .slice(0, TARGET_PEOPLE)
    .map((r) => ({ id: r.id, employeeNo: r.employeeNo, hireDate: r.hireDate }))
    .sort((a, b) => a.employeeNo.localeCompare(b.employeeNo));
}

/** What the server's database connections are doing, sampled from pg_stat_activity (PostgreSQL only). */
function startActivitySampler(adminUrl: string, database: string) {
  const counts = new Map<string, number>();
  let stop = false;
  let total = 0;
  // pg_stat_activity keeps the first track_activity_query_size bytes (1 kB): classify by how statements begin.
  const classify = (q: string) => {
    const t = q.trimStart().toLowerCase();
    if (t.startsWith('copy activities')) return 'COPY new facts into activities';
    if (t.startsWith('update activities')) return 'update changed facts';
    if (t.startsWith('select a.external_id, a.employee_id, a.local_date')) return 'probe the keys (stored versions)';
    if (t.startsWith('insert into metric_dirty')) return 'queue touched person-days';
    if (t.startsWith('savepoint') || t.startsWith('release savepoint')) return 'savepoint';
    if (t.startsWith("select 'employeeno:'")) return 'resolve people';
    if (t.startsWith('with keys as')) {
      return t.includes('delete from metric_values')
        ? 'recompute metrics: delete touched person-periods'
        : 'recompute metrics: aggregate + insert touched person-periods';
    }
    if (t.startsWith('commit')) return 'commit';
    if (t.startsWith('begin')) return 'begin';
    return `other: ${t.slice(0, 40)}`;
  };

  const done = (async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      while (!stop) {
        const res = await client.query<{ state: string; query: string }>(
          `select state, query from pg_stat_activity
           where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend'
             and state in ('active', 'idle in transaction')`,
          [database],
        );
        const active = res.rows.find((r) => r.state === 'active');
        const label = active
          ? classify(active.query)
          : res.rows.length
            ? 'server process between statements (in transaction)'
            : 'server process, no statement running (parse/validate/hash, HTTP)';
        counts.set(label, (counts.get(label) ?? 0) + 1);
        total++;
        await sleep(20);
      }
    } finally {
      await client.end();
    }
  })();
  return async () => {
    stop = true;
    await done;
    return [...counts.entries()]
      .map(([label, n]) => ({ label, share: n / Math.max(1, total) }))
      .sort((a, b) => b.share - a.share);
  };
}

/** The server code being measured: the commit and how many files under apps/ and packages/ differ from it. */
function codeVersion(): { commit: string; changedFiles: number } {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';
  const changed = git('status', '--porcelain', '--', 'apps', 'packages');
  return { commit: git('rev-parse', '--short', 'HEAD') || '?', changedFiles: changed ? changed.split('\n').length : 0 };
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

export async function runEngine(
  engine: Engine,
  count: number,
  opts: { adminUrl: string; log: (s: string) => void },
): Promise<EngineResult> {
  const { log } = opts;
  const work = await mkdtemp(path.join(tmpdir(), `stride-bench-${engine}-`));
  const dbName = `stride_bench_${process.pid}`;
  const dbUrl = (() => {
    const u = new URL(opts.adminUrl);
    u.pathname = `/${dbName}`;
    return u.toString();
  })();
  const dataDir = path.join(work, 'data');
  const admin = new pg.Client({ connectionString: opts.adminUrl });
  let server: RunningServer | undefined;
  let database: Database | undefined;
  try {
    if (engine === 'postgres') {
      await admin.connect();
      await admin.query(`drop database if exists ${dbName}`);
      await admin.query(`create database ${dbName}`);
    }
    log(
      `[${engine}] starting the server (fresh ${engine === 'postgres' ? `database ${dbName}` : `data dir ${dataDir}`})`,
    );
    const serverEnv = {
      ...(engine === 'postgres' ? { DATABASE_URL: dbUrl } : { DATA_DIR: dataDir }),
      STRIDE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      DEMO_MODE: 'true',
      LOG_LEVEL: 'warn',
      // No nightly rebuild in the middle of a measurement.
      JOBS_ENABLED: 'false',
    };
    const code = codeVersion();
    server = await startServer(serverEnv);
    const today = shanghaiToday();
    const api = new Api(server.base);
    await api.call('POST', '/api/v1/auth/login', { username: 'admin', password: 'stride-demo' });
    const people = await ensureSalespeople(api, today, log);
    log(`[${engine}] ${people.length} salespeople`);

    const integ = await api.call<{ id: string }>('POST', '/api/v1/integrations', {
      name: 'Bench CRM',
      source: 'bench-crm',
    });
    const { key } = await api.call<{ key: string }>('POST', `/api/v1/integrations/${integ.id}/keys`, { name: 'bench' });

    // Probe NDJSON over real HTTP with one line that is rejected (stores nothing): fail early and clearly.
    const probeFile = path.join(work, 'probe.ndjson');
    await writeFile(probeFile, '{"type":"call"}\n');
    const probe = await streamNdjson(server.base, key, probeFile, () => {});
    if (probe.status !== 200) {
      const cause = /"message":"([^"]+)"/.exec(server.output())?.[1] ?? probe.body.slice(0, 200);
      throw new Error(`NDJSON over HTTP answers ${probe.status} to a one-line probe (server: ${cause})`);
    }

    const file = path.join(work, 'activities.ndjson');
    const tg = performance.now();
    const gen = await writeNdjson(file, people, count, today);
    log(
      `[${engine}] generated ${count.toLocaleString('en-US')} lines (${(gen.bytes / MB).toFixed(0)} MB, ${gen.from} … ${gen.to}) in ${((performance.now() - tg) / 1000).toFixed(1)} s`,
    );

    // --- 3. stream
    const idle = memoryOf(server.pid);
    const hwmReset = resetPeak(server.pid);
    let peakSampled = idle.rss;
    let memSamples = 0;
    const memTimer = setInterval(() => {
      try {
        peakSampled = Math.max(peakSampled, memoryOf(server!.pid).rss);
        memSamples++;
      } catch {
        // process gone
      }
    }, 100);
    const stopSampler = engine === 'postgres' ? startActivitySampler(opts.adminUrl, dbName) : null;
    const marks: number[] = [];
    let lastLog = performance.now();
    const t0 = performance.now();
    const res = await streamNdjson(server.base, key, file, (bytes) => {
      const now = performance.now();
      while (marks.length < 9 && bytes >= ((marks.length + 1) / 10) * gen.bytes) marks.push(now - t0);
      if (now - lastLog > 15_000) {
        lastLog = now;
        log(
          `[${engine}]   ${((bytes / gen.bytes) * 100).toFixed(0)}% sent, ${(((bytes / gen.bytes) * count) / ((now - t0) / 1000)).toFixed(0)} activities/s so far, server RSS ${(memoryOf(server!.pid).rss / MB).toFixed(0)} MB`,
        );
      }
    });
    const ms = performance.now() - t0;
    clearInterval(memTimer);
    const peak = memoryOf(server.pid);
    peakSampled = Math.max(peakSampled, peak.rss);
    const breakdown = stopSampler ? await stopSampler() : null;
    if (breakdown)
      log(
        `[${engine}] database connections while streaming: ${breakdown.map((b) => `${b.label} ${(b.share * 100).toFixed(0)}%`).join('; ')}`,
      );
    if (res.status !== 200) throw new Error(`NDJSON ingest answered ${res.status}: ${res.body.slice(0, 500)}`);
    const response = JSON.parse(res.body) as IngestResultBody;
    if (response.accepted !== count || response.rejectedCount !== 0 || response.unmatched !== 0) {
      throw new Error(
        `unexpected ingest result: ${JSON.stringify({ ...response, rejected: response.rejected.slice(0, 3) })}`,
      );
    }
    marks.push(ms);
    const tenths = marks.map((m, i) => count / 10 / ((m - (i ? marks[i - 1] : 0)) / 1000));
    log(
      `[${engine}] ingested ${count.toLocaleString('en-US')} in ${(ms / 1000).toFixed(1)} s = ${(count / (ms / 1000)).toFixed(0)} activities/s; peak RSS ${(Math.max(peakSampled, hwmReset ? peak.hwm : 0) / MB).toFixed(0)} MB`,
    );

    // --- 3b. a stream this large is answered once its facts are committed; its metric values follow in the
    // background. Time from the answer until no person-day is queued any more (GET /metric-values/status).
    const ts = performance.now();
    let peakSettling = 0;
    for (;;) {
      peakSettling = Math.max(peakSettling, memoryOf(server.pid).rss);
      const p0 = performance.now();
      let st: { upToDate: boolean; pending: number };
      try {
        st = await api.call<{ upToDate: boolean; pending: number }>('GET', '/api/v1/metric-values/status');
      } catch (err) {
        log(
          `[${engine}] status poll failed after ${(performance.now() - p0).toFixed(0)} ms (${String((err as { cause?: unknown }).cause ?? err)}); retrying`,
        );
        await sleep(200);
        continue;
      }
      const pollMs = performance.now() - p0;
      if (pollMs > 2000) log(`[${engine}] status poll took ${pollMs.toFixed(0)} ms`);
      if (st.upToDate) break;
      if (performance.now() - ts > 600_000) throw new Error(`metric values still behind: ${st.pending}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const settleMs = performance.now() - ts;
    log(
      `[${engine}] metric values current ${(settleMs / 1000).toFixed(2)} s after the answer (${((ms + settleMs) / 1000).toFixed(1)} s from the first byte); RSS meanwhile up to ${(peakSettling / MB).toFixed(0)} MB`,
    );

    // --- 4. latency: JSON batches of 1,000 new activities; metric values are updated before the answer.
    const live = liveBatches(people, 30, 1000, today);
    const lat: number[] = [];
    for (const batch of live.batches) {
      const s = performance.now();
      const r = await api.call<IngestResultBody>(
        'POST',
        '/api/v1/activities',
        { activities: batch },
        {
          authorization: `Bearer ${key}`,
        },
      );
      lat.push(performance.now() - s);
      if (r.accepted !== batch.length) throw new Error(`live batch: ${JSON.stringify(r).slice(0, 300)}`);
    }
    const [probeId, expectedCalls] = [...live.callsThisMonth.entries()].sort((a, b) => b[1] - a[1])[0];
    const thisMonth = monthStart(today, 0);
    const series = await api.call<{ points: { metric: string; periodStart: string; value: string }[] }>(
      'GET',
      `/api/v1/metric-values?employeeId=${probeId}&periodType=month&metric=calls&from=${thisMonth}&to=${thisMonth}`,
    );
    const got = Number(series.points[0]?.value ?? 0);
    if (got !== expectedCalls)
      throw new Error(`metric-values after live batches: calls ${got}, expected ${expectedCalls}`);
    const verified = `GET /api/v1/metric-values: calls in ${thisMonth.slice(0, 7)} for the busiest person = ${got}, as sent`;
    log(
      `[${engine}] latency per batch of 1,000: p50 ${percentile(lat, 50).toFixed(0)} ms, p99 ${percentile(lat, 99).toFixed(0)} ms`,
    );

    await server.stop();
    server = undefined;

    // --- 5. in-process: rebuild vs hand-written GROUP BY; export the stored rows for COPY
    const csv = path.join(work, 'activities.csv');
    let pglite: PGlite | undefined;
    if (engine === 'postgres') database = await openPostgres(dbUrl);
    else {
      pglite = await PGlite.create(path.join(dataDir, 'pgdata'));
      database = await openPglite({ instance: pglite });
    }
    const inProcess = database;
    const recompute = await (async () => {
      const db = inProcess.db;
      const [org] = await queryRows<{ id: string }>(db, sql`select id from orgs where slug = 'demo'`);
      const [{ n: orgActivities }] = await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from activities where org_id = ${org.id}`,
      );
      if (engine === 'postgres') await exportCsvPostgres(dbUrl, org.id, csv);
      else await exportCsvPglite(pglite!, org.id, csv);
      log(`[${engine}] comparing incrementally maintained metric values with the reference query`);
      const incremental = await compareWithMetricValues(db, org.id);
      const rebuildMs: number[] = [];
      const referenceMs: number[] = [];
      let referenceRows = 0;
      await timeReference(db, org.id); // warm the cache
      for (let i = 0; i < 2; i++) {
        const rb = await timeRebuild(db, org.id);
        rebuildMs.push(rb.ms);
        const r = await timeReference(db, org.id);
        referenceMs.push(r.ms);
        referenceRows = r.rows;
      }
      const after = await compareWithMetricValues(db, org.id);
      const { samples, ...afterRebuild } = after;
      log(
        `[${engine}] rebuild ${rebuildMs.map((m) => (m / 1000).toFixed(2)).join(' / ')} s, reference ${referenceMs.map((m) => (m / 1000).toFixed(2)).join(' / ')} s; values equal: ${after.mismatched === 0}`,
      );
      return {
        orgActivities,
        rebuildMs,
        referenceMs,
        referenceRows,
        incremental: { total: incremental.total, matched: incremental.matched, mismatched: incremental.mismatched },
        afterRebuild,
        samples,
      };
    })();
    await database.close();
    database = undefined;

    // --- 6. COPY of the same rows
    let copy: CopyTiming[];
    if (engine === 'postgres') copy = await copyPostgres(dbUrl, csv);
    else {
      const fresh = await PGlite.create(path.join(work, 'copy-pgdata'));
      const freshDb = await openPglite({ instance: fresh });
      await freshDb.migrate();
      copy = await copyPglite(fresh, csv);
      await freshDb.close();
    }
    for (const c of copy) {
      if (c.rows !== count) throw new Error(`COPY ${c.key} loaded ${c.rows} rows, expected ${count}`);
      log(
        `[${engine}] COPY (${c.label}): ${(c.ms / 1000).toFixed(1)} s = ${(c.rows / (c.ms / 1000)).toFixed(0)} rows/s`,
      );
    }

    return {
      engine,
      count,
      code,
      people: people.length,
      fileBytes: (await stat(file)).size,
      period: { from: gen.from, to: gen.to },
      perType: gen.perType,
      ingest: { ms, perSecond: count / (ms / 1000), response, tenths, settleMs, settlePeakMb: peakSettling / MB },
      memory: {
        idleBeforeMb: idle.rss / MB,
        peakSampledMb: peakSampled / MB,
        peakHwmMb: hwmReset ? peak.hwm / MB : null,
        samples: memSamples,
      },
      breakdown,
      copy,
      recompute,
      latency: { ms: lat, p50: percentile(lat, 50), p99: percentile(lat, 99), verified },
    };
  } catch (err) {
    if (server) {
      // A server that died has its exit (code, signal) in its output a moment after the failed call.
      await sleep(1000);
      log(`server output (tail):\n${server.output().slice(-3000)}`);
    }
    log(`cause: ${String((err as { cause?: unknown }).cause ?? '')}`);
    throw err;
  } finally {
    if (server) await server.stop();
    await database?.close().catch(() => {});
    await sleep(300);
    if (engine === 'postgres') {
      // BENCH_KEEP_DATABASE=1 keeps it for a look afterwards (EXPLAIN of the statements measured).
      if (process.env.BENCH_KEEP_DATABASE === '1') log(`[${engine}] kept database ${dbName}`);
      else await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => {});
      await admin.end().catch(() => {});
    }
    await rm(work, { recursive: true, force: true });
  }
}
