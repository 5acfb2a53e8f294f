/**
 * Early-warning quality benchmark: realistic activity with planted truth fed through the real ingestion path
 * (POST /api/v1/activities with an API key, in process via app.inject, on a fresh PostgreSQL database), month
 * by month with the server clock at each month's close, so the built-in rules judge exactly what the live
 * system would have known then (incremental evaluation after each batch, then the period-close run).
 *
 * Planted truth per person: healthy (stable, seasonal, noisy), slacker (activity and results fall by 20-50%
 * from an onset 1-4 months after regularization), improver (grows 20-40%); some take three weeks of leave
 * (no activity; HR records the leave, which masks it). Productivity spreads across people (log-normal).
 *
 * Reported per rule and overall (any rule): recall = slackers with an alert raised at the close of the onset
 * period or one of the two after it; mean detection delay in periods (0 = at the close of the onset period);
 * beside it, the share of slackers for whom a rule fired in one of those periods (this also counts an alert
 * raised before the onset, as a false flag then, that is still firing when the decline starts);
 * false flags = share of healthy person-periods (healthy people, improvers, slackers before onset) in which
 * a rule fired for the person at that period's evaluation; also reported: the share in which the person had
 * a live alert (an alert stays live until its signal has been gone for the rule's recovery count, or people
 * close it — nobody does here).
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../apps/server/src/app';
import { loadConfig } from '../apps/server/src/config';
import { openPostgres, queryRows } from '../apps/server/src/db/client';
import { seededRandom } from '../apps/server/src/db/seed/random';
import { createFieldCipher } from '../apps/server/src/lib/crypto';
import { installBuiltinRules } from '../apps/server/src/modules/alerts/defaults';
import {
  alertEvaluationIdle,
  metricsSettled,
  runPeriodClose,
  settleMetrics,
} from '../apps/server/src/modules/alerts/scheduler';
import { hashPassword } from '../apps/server/src/modules/auth/password';

/** What one rule, or any rule, achieved. */
export interface DetectionQuality {
  recall: number;
  detected: number;
  meanDelay: number | null;
  /** Slackers for whom the rule fired at the close of the onset period or one of the two after it. */
  firing: number;
  falseFlagRate: number;
  liveAlertRate: number;
}

export interface DetectionResult {
  seed: number;
  people: number;
  months: number;
  activities: number;
  kinds: Record<'healthy' | 'slacker' | 'improver', number>;
  withLeave: number;
  judgedSlackers: number;
  healthyPeriods: number;
  rules: (DetectionQuality & { name: string; kind: string })[];
  overall: DetectionQuality;
  ingestSeconds: number;
  evaluateSeconds: number;
}

export const FIRST_MONTH = '2024-11-01';
export const MONTHS = 24;
/** The data's seed; BENCH_SEED picks another draw of the same population (a check that tuning did not fit one draw). */
export const DEFAULT_SEED = 20261127;
const SEASON = [0.9, 0.6, 1.0, 1.0, 1.05, 1.05, 0.95, 0.95, 1.0, 1.05, 1.1, 1.15]; // Jan..Dec; Spring Festival in Feb

export const addMonths = (month: string, n: number) => {
  const d = new Date(`${month}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
};
export const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
export const monthIndex = (day: string) => {
  const [y, m] = day.split('-').map(Number);
  const [y0, m0] = FIRST_MONTH.split('-').map(Number);
  return (y - y0) * 12 + (m - m0);
};

export interface Person {
  no: string;
  id?: string;
  hire: string;
  regularization: string;
  base: number;
  kind: 'healthy' | 'slacker' | 'improver';
  /** Month index of the onset (slackers) or of the start of growth (improvers). */
  onset: number | null;
  factor: number;
  leave: { start: string; end: string } | null;
}

function poisson(rand: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss(rand)));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rand();
  } while (p > l);
  return k - 1;
}
function gauss(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
}

export function planPeople(n: number, rand: () => number): Person[] {
  const people: Person[] = [];
  for (let i = 0; i < n; i++) {
    // Hired between 2023-11 and 2025-10: some regularize inside the window, some long before it.
    const hire = addDays('2023-11-01', Math.floor(rand() * 730));
    const regularization = addMonths(hire, 3);
    const r = rand();
    const kind = r < 0.3 ? 'slacker' : r < 0.45 ? 'improver' : 'healthy';
    let onset: number | null = null;
    const regIndex = Math.max(3, monthIndex(regularization));
    if (kind === 'slacker') onset = Math.min(MONTHS - 4, regIndex + 1 + Math.floor(rand() * 4));
    if (kind === 'improver') onset = Math.min(MONTHS - 4, regIndex + Math.floor(rand() * 6));
    const leaveMonth = rand() < 0.12 ? 2 + Math.floor(rand() * (MONTHS - 3)) : null;
    const leaveStart =
      leaveMonth === null ? null : addDays(addMonths(FIRST_MONTH, leaveMonth), 3 + Math.floor(rand() * 5));
    people.push({
      no: `D${String(i + 1).padStart(4, '0')}`,
      hire,
      regularization,
      base: Math.exp(0.3 * gauss(rand)),
      kind,
      onset,
      factor: kind === 'slacker' ? 0.5 + rand() * 0.3 : kind === 'improver' ? 1.2 + rand() * 0.2 : 1,
      leave: leaveStart ? { start: leaveStart, end: addDays(leaveStart, 20) } : null,
    });
  }
  return people;
}

/** Expected level of a person on a day: productivity × season × ramp in probation × planted change. */
export function level(p: Person, day: string): number {
  if (day < p.hire) return 0;
  const m = monthIndex(day);
  const season = SEASON[Number(day.slice(5, 7)) - 1];
  const monthsIn = (Date.parse(day) - Date.parse(p.hire)) / (30.4 * 86_400_000);
  const ramp = monthsIn >= 3 ? 1 : 0.6 + 0.4 * (monthsIn / 3);
  let change = 1;
  if (p.kind === 'slacker' && p.onset !== null && m >= p.onset) change = p.factor;
  if (p.kind === 'improver' && p.onset !== null && m >= p.onset)
    change = 1 + (p.factor - 1) * Math.min(1, (m - p.onset + 1) / 4);
  return p.base * season * ramp * change;
}

/** Expected activities per working day at level 1 (each a Poisson count). */
export const DAILY_RATE = { call: 2.0, visit: 0.7, order: 0.16 } as const;

/** Whether the person works (and so has activity) on a day: hired, a weekday, not on leave. */
export function worksOn(p: Person, day: string): boolean {
  if (day < p.hire) return false;
  if (p.leave && day >= p.leave.start && day <= p.leave.end) return false;
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

export function monthActivities(people: Person[], month: string, rand: () => number): string[] {
  const lines: string[] = [];
  const next = addMonths(month, 1);
  for (const p of people) {
    for (let day = month; day < next; day = addDays(day, 1)) {
      if (!worksOn(p, day)) continue;
      const lv = level(p, day);
      const counts: [string, number][] = [
        ['call', poisson(rand, DAILY_RATE.call * lv)],
        ['visit', poisson(rand, DAILY_RATE.visit * lv)],
        ['order', poisson(rand, DAILY_RATE.order * lv)],
      ];
      for (const [type, count] of counts) {
        for (let k = 0; k < count; k++) {
          const item: Record<string, unknown> = {
            externalId: `${p.no}-${day}-${type}-${k}`,
            type,
            employeeNo: p.no,
            occurredAt: `${day}T${String(9 + (k % 9)).padStart(2, '0')}:00:00+08:00`,
          };
          if (type === 'order') item.amount = (20000 * Math.exp(0.4 * gauss(rand))).toFixed(2);
          lines.push(JSON.stringify(item));
        }
      }
    }
  }
  return lines;
}

export async function runDetectionBench(opts: {
  adminUrl: string;
  people: number;
  log: (s: string) => void;
  seed?: number;
}) {
  const dbName = `stride_bench_detect_${process.pid}`;
  const admin = new pg.Client({ connectionString: opts.adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName}`);
  await admin.query(`create database ${dbName}`);
  const url = new URL(opts.adminUrl);
  url.pathname = `/${dbName}`;
  const database = await openPostgres(url.toString());
  const clock = { now: new Date(`${FIRST_MONTH}T02:00:00Z`) };
  try {
    await database.migrate();
    const seed = opts.seed ?? (Number(process.env.BENCH_SEED) || DEFAULT_SEED);
    const rand = seededRandom(seed);
    const people = planPeople(opts.people, rand);
    const db = database.db;
    const [org] = await queryRows<{ id: string }>(
      db,
      sql`insert into orgs (name, slug, is_demo) values ('预警基准公司', 'bench-detect', false) returning id::text as id`,
    );
    const orgId = org.id;
    const [root] = await queryRows<{ id: string }>(
      db,
      sql`insert into org_units (org_id, name) values (${orgId}, '销售部') returning id::text as id`,
    );
    const teams = await queryRows<{ id: string }>(
      db,
      sql`insert into org_units (org_id, name, parent_id) select ${orgId}::uuid, '销售' || g || '组', ${root.id}::uuid
          from generate_series(1, 10) g returning id::text as id`,
    );
    const [position] = await queryRows<{ id: string }>(
      db,
      sql`insert into positions (org_id, name, job_family, level) values (${orgId}, '销售代表', '销售', 'S1')
          returning id::text as id`,
    );
    for (const [i, p] of people.entries()) {
      const [row] = await queryRows<{ id: string }>(
        db,
        sql`insert into employees (org_id, employee_no, name, status, unit_id, position_id, hire_date, contract_type,
              contract_start_date, probation_end_date, regularization_date)
            values (${orgId}, ${p.no}, ${`员工${i + 1}`}, 'regular', ${teams[i % teams.length].id}, ${position.id}, ${p.hire},
              'fixed_term', ${p.hire}, ${addDays(p.regularization, -1)}, ${p.regularization})
            returning id::text as id`,
      );
      p.id = row.id;
    }
    await db.execute(sql`insert into users (org_id, username, password_hash, role)
      values (${orgId}, 'bench-admin', ${await hashPassword('bench-password')}, 'admin')`);
    await installBuiltinRules(db, orgId);
    // Agreed monthly revenue targets at each person's expected level (quota = plan, not the planted change).
    for (const p of people) {
      for (let m = 0; m < MONTHS; m++) {
        const month = addMonths(FIRST_MONTH, m);
        if (month < `${p.hire.slice(0, 8)}01`) continue;
        const expected = Math.round(0.16 * 21.7 * 20000 * p.base * SEASON[Number(month.slice(5, 7)) - 1]);
        await db.execute(sql`insert into targets (org_id, employee_id, metric_key, period_type, period_start, value, status)
          values (${orgId}, ${p.id}, 'revenue', 'month', ${month}, ${expected}, 'agreed')`);
      }
    }

    const config = loadConfig({
      DATA_DIR: '/tmp/stride-bench',
      LOG_LEVEL: 'silent',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    });
    const deps = {
      config,
      database,
      db,
      cipher: createFieldCipher(Buffer.alloc(32, 9)),
      clock: () => clock.now,
    };
    const app = await buildApp(deps, { serveWeb: false, logger: false });
    await app.ready();
    const inject = (o: {
      method?: 'GET' | 'POST';
      url: string;
      body?: unknown;
      cookie?: string;
      headers?: Record<string, string>;
    }) =>
      app.inject({
        method: o.method ?? 'GET',
        url: o.url,
        headers: {
          host: 'bench.local',
          origin: 'http://bench.local',
          ...(o.cookie ? { cookie: o.cookie } : {}),
          ...o.headers,
        },
        payload: typeof o.body === 'string' ? o.body : o.body === undefined ? undefined : JSON.stringify(o.body),
      });
    const signIn = async () => {
      const res = await inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        body: { username: 'bench-admin', password: 'bench-password' },
        headers: { 'content-type': 'application/json' },
      });
      const c = res.cookies.find((x) => x.name === 'stride_session');
      if (!c) throw new Error(`login failed: ${res.body}`);
      return `stride_session=${c.value}`;
    };
    let cookie = await signIn();
    const json = { 'content-type': 'application/json' };
    const integ = await inject({
      method: 'POST',
      url: '/api/v1/integrations',
      cookie,
      body: { name: 'CRM', source: 'crm' },
      headers: json,
    });
    const key = (
      await inject({
        method: 'POST',
        url: `/api/v1/integrations/${integ.json().id}/keys`,
        cookie,
        body: { name: 'bench' },
        headers: json,
      })
    ).json().key as string;

    const liveAfter: Map<string, Set<string>>[] = []; // per month: rule id -> people the rule fired for
    const liveAlertsAfter: Map<string, Set<string>>[] = []; // per month: rule id -> people with a live alert
    const raisedAt = new Map<string, number>(); // `${rule}:${person}` first raise month (per run of the alert)
    const raised: { rule: string; person: string; month: number }[] = [];
    let activities = 0;
    let ingestMs = 0;
    let evaluateMs = 0;
    for (let m = 0; m < MONTHS; m++) {
      const month = addMonths(FIRST_MONTH, m);
      const lines = monthActivities(people, month, rand);
      activities += lines.length;
      // The month's facts arrive during the month; the period closes on the 1st of the next.
      clock.now = new Date(`${addMonths(month, 1)}T02:00:00Z`);
      cookie = await signIn();
      for (const p of people) {
        if (p.leave && p.leave.start >= month && p.leave.start < addMonths(month, 1)) {
          const res = await inject({
            method: 'POST',
            url: '/api/v1/alert-masks',
            cookie,
            body: { employeeId: p.id, kind: 'leave', startDate: p.leave.start, endDate: p.leave.end, note: '年假' },
            headers: json,
          });
          if (res.statusCode !== 201) throw new Error(`mask: ${res.body}`);
        }
      }
      const t0 = performance.now();
      const res = await inject({
        method: 'POST',
        url: '/api/v1/activities',
        body: lines.join('\n'),
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
      });
      if (res.statusCode !== 200 || res.json().accepted !== lines.length)
        throw new Error(`ingest: ${res.body.slice(0, 500)}`);
      ingestMs += performance.now() - t0;
      const t1 = performance.now();
      // A month's facts (over 10,000) are answered once committed and their metric values follow in the
      // background; in production they have long settled by the period close, so wait for them here.
      await settleMetrics(deps, orgId);
      await metricsSettled(db);
      await alertEvaluationIdle(db);
      await runPeriodClose(deps, orgId);
      evaluateMs += performance.now() - t1;
      const live = await queryRows<{ rule_id: string; employee_id: string; raised_at: string; fired: boolean }>(
        db,
        sql`select rule_id::text as rule_id, employee_id::text as employee_id, raised_at::text as raised_at,
              clear_count = 0 as fired
            from alerts where org_id = ${orgId} and status in ('open', 'acknowledged', 'action_linked')`,
      );
      const byRule = new Map<string, Set<string>>();
      const liveByRule = new Map<string, Set<string>>();
      for (const a of live) {
        const all = liveByRule.get(a.rule_id) ?? new Set();
        all.add(a.employee_id);
        liveByRule.set(a.rule_id, all);
        // Flagged in this period: the rule fired at this period's evaluation (a live alert not yet clearing).
        const set = byRule.get(a.rule_id) ?? new Set();
        if (a.fired) set.add(a.employee_id);
        byRule.set(a.rule_id, set);
        const k = `${a.rule_id}:${a.employee_id}:${a.raised_at}`;
        if (!raisedAt.has(k)) {
          raisedAt.set(k, m);
          raised.push({ rule: a.rule_id, person: a.employee_id, month: m });
        }
      }
      liveAfter.push(byRule);
      liveAlertsAfter.push(liveByRule);
      opts.log(`[detection] ${month}: ${lines.length.toLocaleString('en-US')} activities, ${live.length} live alerts`);
    }
    await app.close();

    const rules = await queryRows<{ id: string; name: string; kind: string }>(
      db,
      sql`select id::text as id, name, kind from alert_rules where org_id = ${orgId} order by created_at, id`,
    );
    const FIRST_JUDGED = 3; // months of history before anyone is judged in the report
    const slackers = people.filter(
      (p) => p.kind === 'slacker' && p.onset !== null && p.onset >= FIRST_JUDGED && p.onset <= MONTHS - 3,
    );
    const score = (ruleIds: Set<string>) => {
      let detected = 0;
      let firing = 0;
      const delays: number[] = [];
      for (const p of slackers) {
        const onset = p.onset!;
        if ([onset, onset + 1, onset + 2].some((m) => [...ruleIds].some((r) => liveAfter[m]?.get(r)?.has(p.id!))))
          firing++;
        const first = raised
          .filter((r) => ruleIds.has(r.rule) && r.person === p.id && r.month >= p.onset!)
          .sort((a, b) => a.month - b.month)[0];
        if (first && first.month - p.onset! <= 2) {
          detected++;
          delays.push(first.month - p.onset!);
        }
      }
      let healthy = 0;
      let flagged = 0;
      let withLive = 0;
      for (const p of people) {
        for (let m = FIRST_JUDGED; m < MONTHS; m++) {
          if (addMonths(FIRST_MONTH, m) < p.hire) continue;
          if (p.kind === 'slacker' && p.onset !== null && m >= p.onset) continue;
          healthy++;
          const byRule = liveAfter[m];
          if ([...ruleIds].some((r) => byRule.get(r)?.has(p.id!))) flagged++;
          if ([...ruleIds].some((r) => liveAlertsAfter[m].get(r)?.has(p.id!))) withLive++;
        }
      }
      return {
        recall: slackers.length ? detected / slackers.length : 0,
        detected,
        meanDelay: delays.length ? delays.reduce((s, d) => s + d, 0) / delays.length : null,
        firing,
        falseFlagRate: healthy ? flagged / healthy : 0,
        liveAlertRate: healthy ? withLive / healthy : 0,
        healthy,
      };
    };
    if (process.env.DETECTION_DUMP) {
      // Reporting aid: the raises and the monthly flags per person, to compare with an offline replay.
      const no = new Map(people.map((p) => [p.id, p.no]));
      const { writeFileSync } = await import('node:fs');
      writeFileSync(
        process.env.DETECTION_DUMP,
        JSON.stringify({
          raised: raised.map((r) => ({ ...r, person: no.get(r.person) })),
          fired: liveAfter.map((byRule) => [...byRule.values()].flatMap((set) => [...set].map((id) => no.get(id)))),
          live: liveAlertsAfter.map((byRule) =>
            [...byRule.values()].flatMap((set) => [...set].map((id) => no.get(id))),
          ),
        }),
      );
    }
    const perRule = rules.map((r) => ({ name: r.name, kind: r.kind, ...score(new Set([r.id])) }));
    const overall = score(new Set(rules.map((r) => r.id)));
    const kinds = { healthy: 0, slacker: 0, improver: 0 };
    for (const p of people) kinds[p.kind]++;
    return {
      seed,
      people: people.length,
      months: MONTHS,
      activities,
      kinds,
      withLeave: people.filter((p) => p.leave).length,
      judgedSlackers: slackers.length,
      healthyPeriods: overall.healthy,
      rules: perRule.map(({ healthy: _h, ...r }) => r),
      overall: {
        recall: overall.recall,
        detected: overall.detected,
        meanDelay: overall.meanDelay,
        firing: overall.firing,
        falseFlagRate: overall.falseFlagRate,
        liveAlertRate: overall.liveAlertRate,
      },
      ingestSeconds: ingestMs / 1000,
      evaluateSeconds: evaluateMs / 1000,
    } satisfies DetectionResult;
  } finally {
    await database.close();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}
