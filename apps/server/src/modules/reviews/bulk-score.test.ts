import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { pgErrorCode, queryRows } from '../../db/client';
import { reviewParticipants } from '../../db/schema';
import { getCycleRow } from './context';
import { seedDemoReviewCycles } from './demo-reviews';
import { cardOf } from './participants.service';
import type { CompactResult, StoredInputs } from './scoring';

// The launch scores everyone in one SQL statement (bulk-score.ts); the domain engine is the definition of
// every rule. Here random cycles are scored both ways — the statement at launch, the engine from what
// the launch stored — and every total, dimension score and indicator score must be the same.

let t: TestContext;
let hr: string;

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const metric = (key: string, metricKey: string, weight: string, rule: Record<string, unknown>) => ({
  key,
  kind: 'metric',
  metricKey,
  weight,
  rule,
});

const definition = {
  dimensions: [
    {
      key: 'results',
      name: '业绩',
      weight: '55',
      indicators: [
        metric('rev_linear', 'revenue', '15', { type: 'linear', target: '5000', floor: '20', cap: '130' }),
        // A second percentile of the same metric: each person still counts once in the cohort.
        metric('rev_pct_low', 'revenue', '5', { type: 'percentile', direction: 'lower_is_better', cap: '80' }),
        metric('refund_low', 'orders', '10', { type: 'linear', target: '7', direction: 'lower_is_better' }),
        metric('rev_bands', 'revenue', '15', {
          type: 'bands',
          measure: 'attainment',
          target: '4000',
          bands: [
            { threshold: '50', points: '40' },
            { threshold: '80', points: '70' },
            { threshold: '100', points: '100' },
            { threshold: '120', points: '115' },
          ],
          fallbackPoints: '10',
        }),
        metric('visit_bands_low', 'visits', '10', {
          type: 'bands',
          direction: 'lower_is_better',
          bands: [
            { threshold: '3', points: '100' },
            { threshold: '6', points: '60' },
            { threshold: '9', points: '30' },
          ],
        }),
        metric('rev_pct', 'revenue', '15', { type: 'percentile', floor: '5', cap: '95' }),
        metric('calls_pct_low', 'calls', '10', { type: 'percentile', direction: 'lower_is_better' }),
        metric('rev_growth', 'revenue', '20', {
          type: 'growth',
          base: 'previous_period',
          growthAtZeroScore: '-15',
          growthAtFullScore: '25',
          cap: '110',
        }),
      ],
    },
    {
      key: 'customer',
      name: '客户',
      weight: '45',
      indicators: [
        metric('coll_linear', 'collections', '30', { type: 'linear', target: '3000' }),
        metric('csat_growth_yoy', 'csat', '30', {
          type: 'growth',
          base: 'same_period_last_year',
          growthAtZeroScore: '20',
          growthAtFullScore: '-10',
        }),
        {
          key: 'care',
          name: '客户关怀',
          kind: 'rating',
          weight: '40',
          rule: {
            type: 'rubric',
            rubric: [
              { level: 1, label: '差', description: '差', points: '30' },
              { level: 2, label: '好', description: '好', points: '90' },
            ],
            raters: [{ rater: 'manager', weight: '100' }],
          },
        },
      ],
    },
  ],
};

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = new Date('2026-11-27T04:00:00Z');
  hr = await t.login(t.template.companyA.users.hr.username);
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/scorecard-templates',
    cookie: hr,
    body: { name: '全规则', positionIds: [], stages: [], definition },
  });
  expect(res.statusCode, res.body).toBe(201);
});
afterAll(() => t.close());

async function seedValues(seed: number) {
  const db = t.database.db;
  const orgId = t.template.companyA.orgId;
  const people = await queryRows<{ id: string }>(
    db,
    sql`select id::text as id from employees where org_id = ${orgId} and status in ('probation', 'regular') order by employee_no`,
  );
  const random = rng(seed);
  const rows: { e: string; k: string; p: string; v: string }[] = [];
  const imported: typeof rows = [];
  const value = (scale: number) => {
    const r = random();
    if (r < 0.08) return null; // no value at all
    if (r < 0.14) return '0';
    if (r < 0.3) return String(Math.round(random() * 5) * 10); // ties
    return (random() * scale).toFixed(random() < 0.5 ? 2 : 4);
  };
  for (const p of people) {
    for (const [k, scale] of [
      ['revenue', 9000],
      ['orders', 15],
      ['visits', 12],
      ['calls', 60],
      ['collections', 6000],
      ['csat', 100],
    ] as const) {
      for (const period of ['2026-10-01', '2026-09-01', '2025-10-01']) {
        const v = value(scale);
        if (v === null) continue;
        // Some values arrive only by import (or by hand): the launch must read those too.
        (k === 'collections' && random() < 0.3 ? imported : rows).push({ e: p.id, k, p: period, v });
      }
    }
  }
  if (seed === 6) {
    // Values too large for the fast percentile ranking (its int8 form holds up to 9 × 10¹⁴; the engine takes up to
    // 10¹⁵): this cycle's revenue cohort is ranked by exact counting, the other cohorts as usual. Two equal ones
    // and a third below them.
    const revenue = rows.filter((r) => r.k === 'revenue' && r.p === '2026-10-01');
    for (const [n, v] of ['999999999999999.9999', '999999999999999.9999', '987654321098765.4321'].entries())
      revenue[n * 7].v = v;
  }
  await db.execute(sql`delete from metric_values where org_id = ${orgId}`);
  await db.execute(sql`delete from imported_metric_values where org_id = ${orgId}`);
  await db.execute(
    sql`insert into metric_values (org_id, employee_id, metric_key, period_type, period_start, value)
        select ${orgId}::uuid, x.e, x.k, 'month', x.p, x.v from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as x(e uuid, k text, p date, v numeric)`,
  );
  if (imported.length)
    await db.execute(
      sql`insert into imported_metric_values (org_id, employee_id, metric_key, period_type, period_start, value)
          select ${orgId}::uuid, x.e, x.k, 'month', x.p, x.v from jsonb_to_recordset(${JSON.stringify(imported)}::jsonb)
            as x(e uuid, k text, p date, v numeric)`,
    );
  // Personal targets for some people (override the rule's default target).
  await db.execute(sql`delete from targets where org_id = ${orgId} and period_start = '2026-10-01'`);
  const targets = new Map<string, string>();
  for (const p of people.filter(() => random() < 0.35)) {
    // A zero target (refused by the API today, possibly stored earlier) counts as none: the rule's default.
    const target = random() < 0.15 ? '0' : (1000 + random() * 8000).toFixed(2);
    if (target !== '0') targets.set(p.id, target);
    await db.execute(
      sql`insert into targets (org_id, employee_id, metric_key, period_type, period_start, value, status)
          values (${orgId}::uuid, ${p.id}::uuid, 'revenue', 'month', '2026-10-01', ${target}, 'agreed')`,
    );
  }
  const values = new Map([...rows, ...imported].map((r) => [`${r.e}|${r.k}|${r.p}`, r.v]));
  return { value: (e: string, k: string, p: string) => values.get(`${e}|${k}|${p}`) ?? null, targets };
}

describe('bulk scoring at launch', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`gives exactly the engine's scores (random cycle ${seed})`, async () => {
      const seeded = await seedValues(seed);
      // In one cycle a few people have no position: they are a percentile cohort of their own.
      const positionless =
        seed === 5
          ? await queryRows<{ id: string; position_id: string }>(
              t.database.db,
              sql`update employees e set position_id = null from (select id, position_id from employees
                    where org_id = ${t.template.companyA.orgId} and status in ('probation', 'regular')
                      and position_id is not null order by employee_no limit 6) o
                  where e.id = o.id returning o.id, o.position_id`,
            )
          : [];
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/review-cycles',
        cookie: hr,
        body: {
          name: `随机 ${seed}`,
          kind: 'monthly',
          periodType: 'month',
          periodStart: '2026-10-01',
          population: {},
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const launched = await t.request({
        method: 'POST',
        url: `/api/v1/review-cycles/${created.json().id}/launch`,
        cookie: hr,
        body: { expectedVersion: 1 },
      });
      expect(launched.statusCode, launched.body).toBe(200);
      const cycle = await getCycleRow(t.database.db, t.template.companyA.orgId, created.json().id);
      const participants = await t.database.db
        .select()
        .from(reviewParticipants)
        .where(sql`${reviewParticipants.cycleId} = ${cycle.id}`);
      expect(participants.length).toBeGreaterThan(50);
      let scoredSomething = 0;
      for (const p of participants) {
        const { card } = await cardOf(t.database.db, cycle, p);
        const stored = p.result as CompactResult;
        expect({ total: p.total, d: stored.d, i: stored.i }).toEqual({
          total: card.total,
          d: Object.fromEntries(card.dimensions.map((d) => [d.key, d.score])),
          i: Object.fromEntries(card.indicators.map((i) => [i.key, i.score])),
        });
        if (card.missing.length < card.indicators.length - 1) scoredSomething++;
        // What the launch stored as read: each value, personal target and growth base as seeded.
        // (Compared as numbers: the columns keep their own scale, 30 is stored as 30.0000.)
        const inputs = p.inputs as StoredInputs;
        const num = (x: string | null | undefined) => (x === null || x === undefined ? null : Number(x));
        const v = (k: string, period: string) => num(seeded.value(p.employeeId, k, period));
        const at = (key: string, n: number) => num(inputs[key]?.[n]);
        expect({
          rev: [at('rev_linear', 0), at('rev_linear', 1), at('rev_pct', 0), at('rev_growth', 0), at('rev_growth', 2)],
          coll: at('coll_linear', 0),
          csat: [at('csat_growth_yoy', 0), at('csat_growth_yoy', 2)],
          calls: at('calls_pct_low', 0),
        }).toEqual({
          rev: [
            v('revenue', '2026-10-01'),
            num(seeded.targets.get(p.employeeId)),
            v('revenue', '2026-10-01'),
            v('revenue', '2026-10-01'),
            v('revenue', '2026-09-01'),
          ],
          coll: v('collections', '2026-10-01'),
          csat: [v('csat', '2026-10-01'), v('csat', '2025-10-01')],
          calls: v('calls', '2026-10-01'),
        });
      }
      expect(scoredSomething).toBeGreaterThan(participants.length / 2);
      if (positionless.length) {
        expect(participants.filter((p) => p.positionId === null).length).toBe(positionless.length);
        expect(Object.keys(cycle.cohorts as Record<string, unknown>)).toContain('-:revenue');
        for (const p of positionless)
          await t.database.db.execute(sql`update employees set position_id = ${p.position_id} where id = ${p.id}`);
      }
    });
  }
});

describe('the demo seed', () => {
  it('launches two cycles in one transaction and runs the first to closed', async () => {
    const orgId = t.template.companyA.orgId;
    const seeded = await t.database.db.transaction((tx) =>
      seedDemoReviewCycles(tx, orgId, new Date('2026-11-27T04:00:00Z')),
    );
    expect(seeded).toBe(2);
    const cycles = await queryRows<{ name: string; stage: string; participants: number }>(
      t.database.db,
      sql`select c.name, c.stage, (select count(*)::int from review_participants p where p.cycle_id = c.id) as participants
          from review_cycles c where c.org_id = ${orgId} and c.name like '2026年%月度考核' order by c.period_start`,
    );
    expect(cycles.map((c) => [c.name, c.stage])).toEqual([
      ['2026年9月月度考核', 'closed'],
      ['2026年10月月度考核', 'self_review'],
    ]);
    expect(cycles.every((c) => c.participants > 50)).toBe(true);
  });
});

// The participants' references are checked per statement by triggers (migration 0018), not by row-level
// foreign keys: what the foreign keys guaranteed must still hold.
describe("a participant's references", () => {
  const failure = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (e) {
      const err = e as { message: string; cause?: { message: string } };
      return { code: pgErrorCode(e), message: err.cause?.message ?? err.message };
    }
    return null;
  };

  it('refuse a missing cycle, person, unit or template, and changes to them or their rows', async () => {
    const db = t.database.db;
    const [p] = await queryRows<{
      id: string;
      cycle_id: string;
      employee_id: string;
      unit_id: string;
      template_id: string;
    }>(
      db,
      sql`select id, cycle_id, employee_id, unit_id, template_id from review_participants
          where org_id = ${t.template.companyA.orgId} limit 1`,
    );
    const missing = '00000000-0000-4000-8000-000000000000';
    // Someone of the organization outside this cycle, so that only the reference under test is wrong.
    const [outside] = await queryRows<{ id: string }>(
      db,
      sql`select id from employees where org_id = ${t.template.companyA.orgId}
            and id not in (select employee_id from review_participants where cycle_id = ${p.cycle_id}) limit 1`,
    );
    const refs = { cycle_id: p.cycle_id, employee_id: outside.id, unit_id: p.unit_id, template_id: p.template_id };
    const copy = (wrong: keyof typeof refs) => {
      const r = { ...refs, [wrong]: missing };
      return db.execute(
        sql`insert into review_participants (org_id, cycle_id, employee_id, unit_id, position_id, manager_employee_id,
              tenure_stage, template_id, template_version, inputs, result, total)
            select org_id, ${r.cycle_id}, ${r.employee_id}, ${r.unit_id}, position_id, manager_employee_id,
              tenure_stage, ${r.template_id}, template_version, inputs, result, total
            from review_participants where id = ${p.id}`,
      );
    };
    for (const column of ['cycle_id', 'employee_id', 'unit_id', 'template_id'] as const)
      expect(await failure(() => copy(column)), column).toMatchObject({
        code: '23503',
        message: expect.stringContaining(`review_participants.${column} refers to`),
      });
    // A person of another organization is refused as if missing.
    const [foreign] = await queryRows<{ id: string }>(
      db,
      sql`select id from employees where org_id = ${t.template.companyB.orgId} limit 1`,
    );
    refs.employee_id = foreign.id;
    expect(await failure(() => copy('unit_id')), 'unit missing, person of another organization').toMatchObject({
      code: '23503',
      message: expect.stringContaining('review_participants.employee_id refers to'),
    });
    refs.employee_id = outside.id;
    // With every reference right, the same copy goes in (and is taken out again).
    await db
      .transaction(async (tx) => {
        await tx.execute(
          sql`insert into review_participants (org_id, cycle_id, employee_id, unit_id, position_id, manager_employee_id,
              tenure_stage, template_id, template_version, inputs, result, total)
            select org_id, cycle_id, ${outside.id}, unit_id, position_id, manager_employee_id, tenure_stage, template_id,
              template_version, inputs, result, total
            from review_participants where id = ${p.id}`,
        );
        tx.rollback();
      })
      .catch((e: Error) => {
        if (!/rollback/i.test(e.message)) throw e;
      });

    // The launch snapshot never changes.
    const [other] = await queryRows<{ id: string }>(
      db,
      sql`select id from employees where org_id = ${t.template.companyA.orgId} and id <> ${p.employee_id} limit 1`,
    );
    expect(
      await failure(() => db.execute(sql`update review_participants set employee_id = ${other.id} where id = ${p.id}`)),
    ).toMatchObject({ code: '23000' });
    // Other columns still change (calibration, acknowledgement).
    await db.execute(sql`update review_participants set version = version where id = ${p.id}`);

    // A referenced row cannot go (the trigger answers before any other table's foreign key would).
    for (const [table, id] of [
      ['employees', p.employee_id],
      ['org_units', p.unit_id],
      ['scorecard_templates', p.template_id],
      ['review_cycles', p.cycle_id],
    ]) {
      expect(await failure(() => db.execute(sql`delete from ${sql.raw(table)} where id = ${id}`)), table).toMatchObject(
        {
          code: '23503',
          message: expect.stringContaining('referred to by review participants'),
        },
      );
    }
    const [still] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from review_participants where id = ${p.id} and employee_id = ${p.employee_id}`,
    );
    expect(still.n).toBe(1);
  });

  // A launch locks its people by one advisory lock per organization (migration 0024), not row by row: a deletion of
  // one of them and the launch wait for each other, and whichever commits second is refused. Two real connections.
  it.runIf(inject('template').kind === 'postgres')(
    'make a launch and a deletion of one of its people wait for each other',
    async () => {
      const db = t.database.db;
      const orgId = t.template.companyA.orgId;
      const [{ name }] = await queryRows<{ name: string }>(db, sql`select current_database() as name`);
      const url = new URL(t.template.serverUrl!);
      url.pathname = `/${name}`;
      const [launcher, deleter, watcher] = [0, 1, 2].map(() => new pg.Client({ connectionString: url.toString() }));
      await Promise.all([launcher, deleter, watcher].map((c) => c.connect()));
      try {
        const [p] = await queryRows<{ id: string }>(
          db,
          sql`select id from review_participants where org_id = ${orgId} limit 1`,
        );
        /** A person with nothing else referring to them, so that only the participants' trigger decides. */
        const newPerson = async (no: string) => {
          const [e] = await queryRows<{ id: string }>(
            db,
            sql`insert into employees (org_id, employee_no, name, status, unit_id, hire_date, contract_type, contract_start_date)
                select org_id, ${no}, '并发', 'regular', unit_id, hire_date, contract_type, contract_start_date from employees
                where org_id = ${orgId} and unit_id is not null limit 1
                returning id`,
          );
          return e.id;
        };
        const copyFor = (employeeId: string) =>
          `insert into review_participants (org_id, cycle_id, employee_id, unit_id, position_id, manager_employee_id,
             tenure_stage, template_id, template_version, inputs, result, total)
           select org_id, (select id from review_cycles where org_id = '${orgId}' and id <> r.cycle_id limit 1), '${employeeId}', unit_id,
             position_id, manager_employee_id, tenure_stage, template_id, template_version, inputs, result, total
           from review_participants r where id = '${p.id}'`;
        /** Until the other connection waits for the advisory lock. */
        const waiting = async (client: pg.Client) => {
          const [{ pid }] = (await client.query('select pg_backend_pid() as pid')).rows as { pid: number }[];
          return async () => {
            for (let i = 0; i < 500; i++) {
              const { rows } = await watcher.query(
                `select wait_event from pg_stat_activity where pid = $1 and wait_event_type = 'Lock'`,
                [pid],
              );
              if (rows[0]?.wait_event === 'advisory') return;
              await new Promise((r) => setTimeout(r, 10));
            }
            throw new Error('never waited for the lock');
          };
        };
        const outcome = (q: Promise<unknown>) =>
          q.then(
            () => 'done',
            (e: { code?: string; message: string }) => `${e.code}: ${e.message}`,
          );

        // The launch first: the deletion waits for it to commit, then finds the participant and is refused. The
        // launch meanwhile inserts a form the person rates, whose foreign key locks their row: the deletion waits
        // before it locks any row, so the two do not deadlock.
        const first = await newPerson('CC-1');
        const deleterWaits = await waiting(deleter);
        await launcher.query('begin');
        const placed = await launcher.query(`${copyFor(first)} returning id, cycle_id`);
        const deletion = outcome(deleter.query(`delete from employees where id = '${first}'`));
        await deleterWaits();
        const [row] = placed.rows as { id: string; cycle_id: string }[];
        await launcher.query(
          `insert into review_forms (org_id, cycle_id, participant_id, rater_kind, rater_employee_id)
           values ('${orgId}', '${row.cycle_id}', '${row.id}', 'self', '${first}')`,
        );
        await launcher.query('commit');
        expect(await deletion).toMatch(/^23503: .*referred to by review participants/);

        // The deletion first: the launch waits for it to commit, then finds the person gone and is refused.
        const second = await newPerson('CC-2');
        const launcherWaits = await waiting(launcher);
        await deleter.query('begin');
        await deleter.query(`delete from employees where id = '${second}'`);
        await launcher.query('begin');
        const launch = outcome(launcher.query(copyFor(second)));
        await launcherWaits();
        await deleter.query('commit');
        expect(await launch).toMatch(/^23503: review_participants\.employee_id refers to/);
        await launcher.query('rollback');
      } finally {
        await Promise.all([launcher, deleter, watcher].map((c) => c.end()));
      }
    },
  );
});
