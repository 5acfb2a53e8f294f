/**
 * Alert latency: from an accepted activity batch (its 200 answer: committed) to the alert it causes being
 * visible through GET /api/v1/alerts, while a steady background of activity is ingested — the real server
 * as a child process on a fresh PostgreSQL database with the demo company, over real HTTP, jobs off (so the
 * in-process incremental path is what is measured, not the every-minute safety net).
 *
 * Every batch is sent as a busy connector would, with `Prefer: respond-async`: answered as soon as its facts
 * are committed, metric values and alerts following. Each probe: the probe person's live alert of a probe
 * rule (consecutive decline of revenue, no cooldown) is resolved by HR; then a batch of 200 activities arrives
 * holding one order in each of the last four closed months for that person (keeping the decline) and calls of
 * other people; the clock starts at the answer (the batch accepted and committed) and stops when a new live
 * alert of that rule for that person is listed (polled every 10 ms): recompute and evaluation both count.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openPostgres, queryRows } from '../apps/server/src/db/client';
import { rebuildMetricValues } from '../apps/server/src/modules/metrics/metrics.service';
import { Api, type RunningServer, sleep, startServer } from './lib/server';

export interface LatencyResult {
  probes: number;
  backgroundTarget: number;
  backgroundAchieved: number;
  fromAnswer: { p50: number; p99: number; max: number };
  fromSend: { p50: number; p99: number; max: number };
  batchMs: { p50: number; p99: number };
  /** After the load: the values the server kept (by deltas and recomputes) against a full rebuild of them. */
  values: { total: number; equal: number; settleMs: number };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const monthStart = (d: Date, back: number) => {
  const x = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 10));
  return x.toISOString().slice(0, 10);
};

export async function runAlertLatencyBench(opts: {
  adminUrl: string;
  probes: number;
  rate: number;
  log: (s: string) => void;
}): Promise<LatencyResult> {
  const dbName = `stride_bench_latency_${process.pid}`;
  const admin = new pg.Client({ connectionString: opts.adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName}`);
  await admin.query(`create database ${dbName}`);
  const url = new URL(opts.adminUrl);
  url.pathname = `/${dbName}`;
  let server: RunningServer | undefined;
  try {
    opts.log('[alert-latency] starting the server with the demo company');
    server = await startServer({
      DATABASE_URL: url.toString(),
      STRIDE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      DEMO_MODE: 'true',
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'false',
    });
    const api = new Api(server.base);
    await api.call('POST', '/api/v1/auth/login', { username: 'hr', password: 'stride-demo' });
    type Person = { id: string; employeeNo: string; status: string; position: { name: string } | null };
    const people: Person[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Person[]; nextCursor: string | null } = await api.call(
        'GET',
        `/api/v1/employees?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      );
      people.push(...page.items.filter((p) => p.status === 'regular' || p.status === 'probation'));
      cursor = page.nextCursor;
    } while (cursor);
    const sales = people.filter((p) => p.status === 'regular' && p.position?.name.includes('销售代表'));
    const adminApi = new Api(server.base);
    await adminApi.call('POST', '/api/v1/auth/login', { username: 'admin', password: 'stride-demo' });
    const integ = await adminApi.call<{ id: string }>('POST', '/api/v1/integrations', {
      name: 'Bench',
      source: 'bench',
    });
    const { key } = await adminApi.call<{ key: string }>('POST', `/api/v1/integrations/${integ.id}/keys`, {
      name: 'b',
    });
    const rule = await api.call<{ id: string }>('POST', '/api/v1/alert-rules', {
      kind: 'consecutive_decline',
      name: '延迟探针',
      metricKey: 'revenue',
      periodType: 'month',
      // The person's own values (not shares of the team's median, which the planted orders would distort).
      params: { relativeToTeam: false },
      cooldownDays: 0,
      recipients: { hr: { enabled: true }, manager: { enabled: false }, employee: { enabled: false } },
    });
    // As a busy connector sends: answered once committed (Prefer: respond-async), metric values and alerts
    // follow; the clock runs from that answer.
    const send = async (activities: unknown[]) => {
      const res = await fetch(`${server!.base}/api/v1/activities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, prefer: 'respond-async' },
        body: JSON.stringify({ activities }),
      });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`ingest ${res.status}: ${body.slice(0, 300)}`);
      return JSON.parse(body) as { accepted: number };
    };
    const liveAlert = async (employeeId: string) =>
      (
        await api.call<{ items: { id: string; version: number }[] }>(
          'GET',
          `/api/v1/alerts?employeeId=${employeeId}&ruleId=${rule.id}&status=live&limit=5`,
        )
      ).items[0];

    const candidates = sales.slice(0, 30);
    const background = people.filter((p) => !candidates.includes(p));
    const now = new Date();
    const closed = [4, 3, 2, 1].map((b) => monthStart(now, b));
    let seq = 0;
    const orderFor = (p: { employeeNo: string }, day: string, amount: number) => ({
      externalId: `probe-${seq++}`,
      type: 'order',
      employeeNo: p.employeeNo,
      occurredAt: `${day}T10:00:00+08:00`,
      amount: amount.toFixed(2),
    });
    // Setup: a clear decline for every candidate, then keep those whose alert was raised (probe people).
    for (const p of candidates) await send(closed.map((day, i) => orderFor(p, day, 10_000_000 - i * 2_000_000)));
    await sleep(2000);
    const probePeople: Person[] = [];
    for (const p of candidates) {
      for (let i = 0; i < 100 && !(await liveAlert(p.id)); i++) await sleep(50);
      if (await liveAlert(p.id)) probePeople.push(p);
    }
    opts.log(`[alert-latency] ${probePeople.length} probe people with a live probe alert`);
    if (probePeople.length < 5) throw new Error('the probe rule did not fire for enough people');

    // Background load at the target rate: JSON batches of calls of the other people, dated today.
    let stop = false;
    let sentBackground = 0;
    const batchMs: number[] = [];
    const today = new Date().toISOString().slice(0, 10);
    // Open loop, as independent source systems send: a batch of 500 calls every 250 ms whether or not the
    // previous ones were answered (at most 16 in flight; a tick that finds 16 waiting sends nothing, so the
    // rate reached is what was answered, never more than what was sent).
    const perBatch = 500;
    const every = (1000 * perBatch) / opts.rate;
    const maxInFlight = 16;
    let inFlight = 0;
    const pendingSends = new Set<Promise<void>>();
    const loadStart = performance.now();
    const loader = (async () => {
      let next = performance.now();
      while (!stop) {
        if (inFlight < maxInFlight) {
          const batch = Array.from({ length: perBatch }, (_, i) => ({
            externalId: `bg-${seq++}`,
            type: 'call',
            employeeNo: background[(seq + i) % background.length].employeeNo,
            occurredAt: `${today}T09:00:00+08:00`,
          }));
          inFlight++;
          const t0 = performance.now();
          const p = send(batch).then(() => {
            batchMs.push(performance.now() - t0);
            sentBackground += batch.length;
            inFlight--;
          });
          pendingSends.add(p);
          void p.finally(() => pendingSends.delete(p));
        }
        next += every;
        const wait = next - performance.now();
        if (wait > 0) await sleep(wait);
      }
      await Promise.all(pendingSends);
    })();
    await sleep(3000);

    const fromAnswer: number[] = [];
    const fromSend: number[] = [];
    for (let i = 0; i < opts.probes; i++) {
      const p = probePeople[i % probePeople.length];
      const current = await liveAlert(p.id);
      if (current)
        await api.call('POST', `/api/v1/alerts/${current.id}/resolve`, { version: current.version, note: '探针' });
      const filler = Array.from({ length: 196 }, () => ({
        externalId: `pf-${seq++}`,
        type: 'call',
        employeeNo: background[seq % background.length].employeeNo,
        occurredAt: `${today}T11:00:00+08:00`,
      }));
      const t0 = performance.now();
      await send([...closed.map((day) => orderFor(p, day, 1000)), ...filler]);
      const t1 = performance.now();
      for (let k = 0; k < 1000; k++) {
        const live = await liveAlert(p.id);
        if (live && live.id !== current?.id) break;
        await sleep(10);
      }
      const t2 = performance.now();
      fromAnswer.push(t2 - t1);
      fromSend.push(t2 - t0);
      if ((i + 1) % 20 === 0)
        opts.log(`[alert-latency] ${i + 1} probes, p50 ${pct(fromAnswer, 50).toFixed(0)} ms from the answer`);
    }
    stop = true;
    await loader;
    const seconds = (performance.now() - loadStart) / 1000;
    // Every value the server kept while the load ran (new facts' sums added, the rest recomputed) against a full
    // rebuild of all of them, once its queues are empty.
    const settleStart = performance.now();
    for (let i = 0; i < 600; i++) {
      const status = await api.call<{ upToDate: boolean }>('GET', '/api/v1/metric-values/status');
      if (status.upToDate) break;
      await sleep(100);
    }
    const settleMs = performance.now() - settleStart;
    await server.stop();
    server = undefined;
    const database = await openPostgres(url.toString());
    let values: LatencyResult['values'];
    try {
      const db = database.db;
      await db.execute(sql`create table bench_kept_values as select * from metric_values`);
      const orgs = await queryRows<{ id: string }>(db, sql`select id from orgs`);
      for (const o of orgs) await db.transaction((tx) => rebuildMetricValues(tx, o.id));
      const [c] = await queryRows<{ total: number; equal: number }>(
        db,
        sql`select count(*)::int as total, count(*) filter (where k.value = v.value)::int as equal
          from bench_kept_values k full join metric_values v
            using (org_id, employee_id, metric_key, period_type, period_start)`,
      );
      values = { ...c, settleMs };
    } finally {
      await database.close();
    }
    opts.log(`[alert-latency] values: ${values.equal} of ${values.total} equal to a full rebuild`);
    return {
      probes: fromAnswer.length,
      backgroundTarget: opts.rate,
      backgroundAchieved: sentBackground / seconds,
      fromAnswer: { p50: pct(fromAnswer, 50), p99: pct(fromAnswer, 99), max: Math.max(...fromAnswer) },
      fromSend: { p50: pct(fromSend, 50), p99: pct(fromSend, 99), max: Math.max(...fromSend) },
      batchMs: { p50: pct(batchMs, 50), p99: pct(batchMs, 99) },
      values,
    };
  } catch (err) {
    if (server) opts.log(`[alert-latency] server output (last lines):\n${server.output().slice(-4000)}`);
    throw err;
  } finally {
    await server?.stop();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}
