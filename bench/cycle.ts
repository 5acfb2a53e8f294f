/**
 * Review cycle benchmark: launch and automatically score a cycle of N people × 20 metric indicators on
 * PostgreSQL, against only reading the metric values the launch needs, measured in the same run.
 *
 * In process (no HTTP): the service function the launch endpoint calls (`launch` in
 * apps/server/src/modules/reviews/cycles.service.ts) on a fresh database created and dropped here.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Database, openPostgres, queryRows } from '../apps/server/src/db/client';
import { builtinMetrics } from '../apps/server/src/modules/metrics/metric-library';
import type { ReviewCtx } from '../apps/server/src/modules/reviews/context';
import { createCycle, launch } from '../apps/server/src/modules/reviews/cycles.service';

export interface CycleResult {
  people: number;
  indicators: number;
  metricValues: number;
  launchMs: number[];
  readMs: number[];
  readRows: number;
  participants: number;
  forms: number;
  checks: string[];
}

const PERIOD = '2026-10-01';
const CYCLE_METRICS = [
  'revenue',
  'collections',
  'orders',
  'calls',
  'visits',
  'meetings',
  'followups',
  'leads',
  'opportunities',
  'win_rate',
  'avg_deal_size',
  'customers',
  'high_value_customers',
  'csat',
];
const PREVIOUS = '2026-09-01';

/** 20 indicators over the built-in metrics: linear, bands, percentile and growth rules, two dimensions. */
function definition(keys: string[]) {
  const rules = [
    (i: number) => ({ type: 'linear', target: String(100 + i * 10), cap: '120' }),
    () => ({
      type: 'bands',
      bands: [
        { threshold: '0', points: '40' },
        { threshold: '50', points: '80' },
        { threshold: '100', points: '100' },
      ],
    }),
    () => ({ type: 'percentile' }),
    () => ({ type: 'growth', base: 'previous_period', growthAtZeroScore: '-20', growthAtFullScore: '20' }),
  ];
  const indicators = Array.from({ length: 20 }, (_, i) => ({
    key: `i${i}`,
    kind: 'metric',
    metricKey: keys[i % keys.length],
    weight: '10',
    rule: rules[i % rules.length](i),
  }));
  return {
    dimensions: [
      { key: 'results', name: '业绩', weight: '60', indicators: indicators.slice(0, 10) },
      { key: 'activity', name: '过程', weight: '40', indicators: indicators.slice(10) },
    ],
  };
}

async function seed(database: Database, people: number) {
  const db = database.db;
  const [org] = await queryRows<{ id: string }>(
    db,
    sql`insert into orgs (name, slug, is_demo) values ('基准公司', 'bench-cycle', false) returning id::text as id`,
  );
  const orgId = org.id;
  const units = await queryRows<{ id: string }>(
    db,
    sql`insert into org_units (org_id, name) select ${orgId}::uuid, '销售' || g || '组' from generate_series(1, 50) g
        returning id::text as id`,
  );
  const [position] = await queryRows<{ id: string }>(
    db,
    sql`insert into positions (org_id, name, job_family, level) values (${orgId}::uuid, '销售代表', '销售', 'S1')
        returning id::text as id`,
  );
  const unitArray = `{${units.map((u) => u.id).join(',')}}`;
  await db.execute(
    sql`insert into employees (org_id, employee_no, name, status, unit_id, position_id, hire_date, contract_type,
          contract_start_date, regularization_date)
        select ${orgId}::uuid, 'B' || lpad(g::text, 6, '0'), '员工' || g, 'regular',
          (${unitArray}::uuid[])[1 + (g % 50)], ${position.id}::uuid, date '2023-01-01', 'fixed_term',
          date '2023-01-01', date '2023-04-01'
        from generate_series(1, ${people}) g`,
  );
  // The 14 built-in metrics the benchmark was built on, named so that a metric added to the library later does not
  // change the template (which metric each indicator reads) and the figures stay comparable across runs.
  const keys = CYCLE_METRICS.filter((k) => builtinMetrics.some((m) => m.key === k));
  const keyArray = `{${keys.join(',')}}`;
  await db.execute(
    sql`insert into metric_values (org_id, employee_id, metric_key, period_type, period_start, value)
        select ${orgId}::uuid, e.id, k, 'month', p, round((random() * 200)::numeric, 2)
        from employees e cross join unnest(${keyArray}::text[]) k cross join unnest(array[${PERIOD}::date, ${PREVIOUS}::date]) p
        where e.org_id = ${orgId}`,
  );
  await db.execute(sql`analyze`);
  const [template] = await queryRows<{ id: string }>(
    db,
    sql`insert into scorecard_templates (org_id, name, position_ids, stages, current_version)
        values (${orgId}::uuid, '基准方案', '[]'::jsonb, '[]'::jsonb, 1) returning id::text as id`,
  );
  await db.execute(
    sql`insert into scorecard_template_versions (template_id, version, org_id, definition)
        values (${template.id}::uuid, 1, ${orgId}::uuid, ${JSON.stringify(definition(keys))}::jsonb)`,
  );
  const [user] = await queryRows<{ id: string }>(
    db,
    sql`insert into users (org_id, username, password_hash, role) values (${orgId}::uuid, 'bench', 'x', 'hr')
        returning id::text as id`,
  );
  const [count] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from metric_values where org_id = ${orgId}`,
  );
  return { orgId, userId: user.id, keys, metricValues: count.n };
}

/**
 * The reference: only reading the metric values the launch needs — this month's value of every metric an
 * indicator reads, and last month's of the metrics a growth rule compares with — into the application.
 */
async function readValues(database: Database, orgId: string, keys: string[], growthKeys: string[]) {
  const t0 = performance.now();
  const list = (ks: string[]) =>
    sql.join(
      ks.map((k) => sql`${k}`),
      sql`, `,
    );
  const rows = await queryRows<{ employee_id: string }>(
    database.db,
    sql`select v.employee_id::text as employee_id, v.metric_key, v.period_start::text as period_start, v.value::text as value
        from metric_values v
        where v.org_id = ${orgId} and v.period_type = 'month'
          and (v.period_start = ${PERIOD}::date and v.metric_key in (${list(keys)})
            or v.period_start = ${PREVIOUS}::date and v.metric_key in (${list(growthKeys)}))`,
  );
  return { ms: performance.now() - t0, rows: rows.length };
}

export async function runCycleBench(opts: {
  adminUrl: string;
  people: number;
  log: (s: string) => void;
}): Promise<CycleResult> {
  const dbName = `stride_bench_cycle_${process.pid}`;
  const admin = new pg.Client({ connectionString: opts.adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName}`);
  await admin.query(`create database ${dbName}`);
  const url = new URL(opts.adminUrl);
  url.pathname = `/${dbName}`;
  const database = await openPostgres(url.toString());
  try {
    await database.migrate();
    opts.log(`[cycle] seeding ${opts.people.toLocaleString('en-US')} people and their metric values`);
    const { orgId, userId, keys, metricValues } = await seed(database, opts.people);
    // The metrics the template's growth rules compare with last month (definition() below).
    const growthKeys = [
      ...new Set(
        definition(keys)
          .dimensions.flatMap((d) => d.indicators)
          .filter((i) => i.rule.type === 'growth')
          .map((i) => i.metricKey),
      ),
    ];
    const now = new Date('2026-11-27T04:00:00Z');
    const ctx: ReviewCtx = {
      auth: {
        userId,
        username: 'bench',
        orgId,
        orgName: '基准公司',
        orgTimeZone: 'Asia/Shanghai',
        role: 'hr',
        employeeId: null,
        locale: 'zh-CN',
        sessionTokenHash: '',
      },
      actor: { orgId, userId, username: 'bench' },
      scope: { kind: 'org', orgId },
      today: '2026-11-27',
      now,
    };
    const deps = { db: database.db };
    const result: CycleResult = {
      people: opts.people,
      indicators: 20,
      metricValues,
      launchMs: [],
      readMs: [],
      readRows: 0,
      participants: 0,
      forms: 0,
      checks: [],
    };
    // Warm-up, then alternate: read, launch (each launch a new cycle of everyone).
    await readValues(database, orgId, keys, growthKeys);
    for (let run = 0; run < 3; run++) {
      const read = await readValues(database, orgId, keys, growthKeys);
      result.readMs.push(read.ms);
      result.readRows = read.rows;
      const cycle = await createCycle(deps, ctx, {
        name: `基准 ${run + 1}`,
        kind: 'monthly',
        periodType: 'month',
        periodStart: PERIOD,
        population: { unitIds: [], positionIds: [], statuses: [] },
        peerReviews: false,
        deadlines: {},
      });
      const t0 = performance.now();
      const launched = await launch(deps, ctx, cycle.id, cycle.version);
      result.launchMs.push(performance.now() - t0);
      result.participants = launched.participants;
      opts.log(
        `[cycle] run ${run + 1}: launch ${Math.round(result.launchMs[run])} ms, read ${Math.round(read.ms)} ms (${read.rows} values)`,
      );
    }
    const [scored] = await queryRows<{ n: number; distinct_totals: number; min: string; max: string }>(
      database.db,
      sql`select count(*)::int as n, count(distinct total)::int as distinct_totals, min(total)::text as min, max(total)::text as max
          from review_participants where org_id = ${orgId}`,
    );
    result.checks.push(
      `${scored.n.toLocaleString('en-US')} participants scored over the 3 launches, ${scored.distinct_totals.toLocaleString('en-US')} distinct totals from ${scored.min} to ${scored.max}`,
    );
    return result;
  } finally {
    await database.close();
    if (!process.env.BENCH_KEEP_DATABASE) await admin.query(`drop database if exists ${dbName} with (force)`);
    else opts.log(`[cycle] kept ${dbName}`);
    await admin.end();
  }
}
