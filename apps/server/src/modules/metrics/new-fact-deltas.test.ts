import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { ingestChunk } from '../activities/ingest.service';
import { drainAllDirty, metricsSettled } from '../alerts/scheduler';
import { drainMetricPeriods, drainMetricsDirty, rebuildMetricValues } from './metrics.service';

// New facts change stored sums and counts by what they add (metric_new_facts, newFactDeltas), and everything else
// that can change is recomputed from the facts. Whatever the order of new facts, changes, recomputes and rebuilds,
// the values must be exactly those a full rebuild computes: each fact counted once.

let t: TestContext;
let org: string;
let people: { id: string; employeeNo: string }[];
const src = () => ({ orgId: org, source: 'delta-src', timeZone: 'Asia/Shanghai' });

beforeAll(async () => {
  t = await createTestContext();
  org = t.template.companyA.orgId;
  const rows = await queryRows<{ id: string; employee_no: string }>(
    t.database.db,
    sql`select id, employee_no from employees where org_id = ${org} and status = 'regular' order by employee_no limit 3`,
  );
  people = rows.map((r) => ({ id: r.id, employeeNo: r.employee_no }));
});
afterAll(() => t.close());

/** Stores items as one request would (first chunk: by deltas), without recomputing anything yet. */
const store = (items: Record<string, unknown>[]) =>
  ingestChunk(
    t.deps,
    src(),
    items.map((raw, pos) => ({ pos, raw })),
    'index',
    'zh-CN',
  );

const fact = (externalId: string, type: string, who: number, day: string, extra: Record<string, unknown> = {}) => ({
  externalId,
  type,
  employeeNo: people[who].employeeNo,
  occurredAt: `${day}T10:00:00+08:00`,
  ...extra,
});

async function values() {
  const rows = await queryRows<{ k: string }>(
    t.database.db,
    sql`select metric_key || '|' || period_type || '|' || period_start || '|' || employee_id || '|' || value as k
      from metric_values where org_id = ${org} order by 1`,
  );
  return rows.map((r) => r.k);
}

async function pending() {
  const [{ n }] = await queryRows<{ n: number }>(
    t.database.db,
    sql`select count(*)::int as n from metric_new_facts where org_id = ${org}`,
  );
  return n;
}

/** Drains everything the way the server does (first pass, then quarters and years) and compares with a rebuild. */
async function expectExact() {
  await metricsSettled(t.database.db);
  await drainMetricsDirty(t.database.db, org, { quartersAndYears: 'later' });
  await drainMetricPeriods(t.database.db, org);
  expect(await pending()).toBe(0);
  const kept = await values();
  await t.database.db.transaction((tx) => rebuildMetricValues(tx, org));
  expect(kept).toEqual(await values());
}

async function value(metric: string, who: number, type: string, start: string) {
  const [row] = await queryRows<{ value: string }>(
    t.database.db,
    sql`select value::text as value from metric_values where org_id = ${org} and employee_id = ${people[who].id}
      and metric_key = ${metric} and period_type = ${type} and period_start = ${start}`,
  );
  return row ? Number(row.value) : null;
}

describe('metric values kept by deltas', () => {
  it('adds a batch of new facts to the stored sums and counts, and recomputes what a fact can change otherwise', async () => {
    const first = await store([
      fact('D-1', 'call', 0, '2026-05-04'),
      fact('D-2', 'call', 0, '2026-05-05'),
      fact('D-3', 'order', 0, '2026-05-06', {
        amount: '1200.50',
        customer: { externalId: 'DC-1', tier: 'high_value' },
      }),
      fact('D-4', 'payment', 1, '2026-05-06', { amount: '300.00' }),
      fact('D-5', 'refund', 1, '2026-05-07', { amount: '50.25' }),
      fact('D-6', 'csat', 1, '2026-05-07', { attributes: { score: '4.5' } }),
    ]);
    expect(first.added).toBe(6);
    // Only the first order of a new customer is queued as a day: who took a customer's first order can move.
    expect(first.touched).toEqual([{ employeeId: people[0].id, localDate: '2026-05-06' }]);
    expect(await pending()).toBe(6);
    await drainMetricsDirty(t.database.db, org, { quartersAndYears: 'later' });
    expect(await pending()).toBe(0);
    expect(await value('calls', 0, 'month', '2026-05-01')).toBe(2);
    expect(await value('revenue', 0, 'week', '2026-05-04')).toBe(1200.5);
    expect(await value('customers', 0, 'month', '2026-05-01')).toBe(1);
    expect(await value('collections', 1, 'month', '2026-05-01')).toBe(249.75);
    expect(await value('csat', 1, 'month', '2026-05-01')).toBe(4.5);
    // Zeros, as a recompute writes them, for every period that has facts.
    expect(await value('orders', 1, 'month', '2026-05-01')).toBe(0);
    // Quarters and years follow in the second pass.
    await drainMetricPeriods(t.database.db, org);
    expect(await value('revenue', 0, 'quarter', '2026-04-01')).toBe(1200.5);

    // More of the same periods: added to what is stored.
    await store([fact('D-7', 'call', 0, '2026-05-20'), fact('D-8', 'order', 0, '2026-05-21', { amount: '99.50' })]);
    await drainMetricsDirty(t.database.db, org, { quartersAndYears: 'later' });
    expect(await value('calls', 0, 'month', '2026-05-01')).toBe(3);
    expect(await value('revenue', 0, 'month', '2026-05-01')).toBe(1300);
    expect(await value('avg_deal_size', 0, 'month', '2026-05-01')).toBe(650);
    await drainMetricPeriods(t.database.db, org);

    // Calls in months that have facts change nothing but sums and counts: their quarters and years are their months
    // added up, no fact read.
    await store([fact('D-9', 'call', 0, '2026-05-22'), fact('D-10', 'call', 1, '2026-05-07')]);
    await drainMetricsDirty(t.database.db, org, { quartersAndYears: 'later' });
    const queued = await queryRows<{ period_type: string; from_facts: boolean }>(
      t.database.db,
      sql`select period_type, from_facts from metric_dirty_periods where org_id = ${org} order by 1`,
    );
    expect(queued.length).toBe(4);
    expect(queued.every((q) => !q.from_facts)).toBe(true);
    await drainMetricPeriods(t.database.db, org);
    expect(await value('calls', 0, 'quarter', '2026-04-01')).toBe(4);
    expect(await value('calls', 1, 'year', '2026-01-01')).toBe(1);
    await expectExact();
  });

  it('counts a new fact once when it is changed, voided or moved before its sums were added', async () => {
    await store([
      fact('E-1', 'order', 0, '2026-06-03', { amount: '100.00' }),
      fact('E-2', 'order', 0, '2026-06-17', { amount: '200.00' }),
      fact('E-3', 'call', 1, '2026-06-04'),
      fact('E-4', 'visit', 2, '2026-06-05'),
    ]);
    // Changed in another request before any recompute: the change queues its days for a recompute from the facts.
    const changed = await store([
      fact('E-2', 'order', 0, '2026-06-17', { amount: '250.00' }),
      fact('E-3', 'call', 1, '2026-07-09'),
      fact('E-4', 'visit', 2, '2026-06-05', { voided: true }),
    ]);
    expect(changed.result).toMatchObject({ updated: 3 });
    await drainMetricsDirty(t.database.db, org, { quartersAndYears: 'later' });
    // E-1's week had no recompute (only E-2's days did): its order is added; June is recomputed with both.
    expect(await value('revenue', 0, 'week', '2026-06-01')).toBe(100);
    expect(await value('revenue', 0, 'month', '2026-06-01')).toBe(350);
    expect(await value('calls', 1, 'month', '2026-06-01')).toBe(null);
    expect(await value('calls', 1, 'month', '2026-07-01')).toBe(1);
    expect(await value('visits', 2, 'month', '2026-06-01')).toBe(null);
    await expectExact();

    // Changed after the sums were added: recomputed from the facts.
    await store([fact('E-5', 'order', 1, '2026-08-03', { amount: '10.00' })]);
    await drainMetricsDirty(t.database.db, org, { quartersAndYears: 'later' });
    await store([fact('E-5', 'order', 1, '2026-08-03', { amount: '15.00' })]);
    await drainMetricsDirty(t.database.db, org, { quartersAndYears: 'later' });
    expect(await value('revenue', 1, 'month', '2026-08-01')).toBe(15);
    await expectExact();
  });

  it('a rebuild of some metrics leaves the queued facts to the next drain; a rebuild of all takes them, once', async () => {
    await store([fact('F-1', 'call', 0, '2026-09-01'), fact('F-2', 'order', 1, '2026-09-02', { amount: '5.00' })]);
    // A changed definition rebuilds its metrics without the queued facts (a kept one among them counts none)…
    await t.database.db.transaction((tx) => rebuildMetricValues(tx, org, ['calls', 'win_rate']));
    expect(await pending()).toBe(2);
    expect(await value('calls', 0, 'month', '2026-09-01')).toBe(null);
    // …which the next drain adds, once.
    await drainMetricsDirty(t.database.db, org, { quartersAndYears: 'later' });
    expect(await value('calls', 0, 'month', '2026-09-01')).toBe(1);
    expect(await value('revenue', 1, 'month', '2026-09-01')).toBe(5);
    await expectExact();

    // A rebuild of everything counts them itself and takes them off.
    await store([fact('F-3', 'call', 0, '2026-09-03')]);
    await t.database.db.transaction((tx) => rebuildMetricValues(tx, org));
    expect(await pending()).toBe(0);
    expect(await value('calls', 0, 'month', '2026-09-01')).toBe(2);
    await expectExact();

    // The safety net (every queue of every organization, all four period types at once).
    const yearBefore = (await value('calls', 0, 'year', '2026-01-01')) ?? 0;
    await store([fact('F-4', 'call', 0, '2026-09-04')]);
    await drainAllDirty(t.deps);
    expect(await pending()).toBe(0);
    expect(await value('calls', 0, 'year', '2026-01-01')).toBe(yearBefore + 1);
    await expectExact();
  });

  it('never adds a queued fact to a quarter that a second pass has already counted it in', async () => {
    await store([fact('H-1', 'order', 0, '2025-02-03', { amount: '10.00' })]);
    await drainMetricsDirty(t.database.db, org, { quartersAndYears: 'later' });
    await drainMetricPeriods(t.database.db, org);
    // A changed fact queues the quarter to be recomputed from its facts…
    await store([fact('H-1', 'order', 0, '2025-02-03', { amount: '20.00' })]);
    await drainMetricsDirty(t.database.db, org, { quartersAndYears: 'later' });
    // …and a new call arrives before that second pass, which reads it among the quarter's facts.
    await store([fact('H-2', 'call', 0, '2025-02-04')]);
    await drainMetricPeriods(t.database.db, org);
    expect(await value('calls', 0, 'quarter', '2025-01-01')).toBe(1);
    expect(await pending()).toBe(1);
    // A drain of all four period types then takes the call off the queue: added to its week and month only.
    await drainAllDirty(t.deps);
    expect(await pending()).toBe(0);
    expect(await value('calls', 0, 'month', '2025-02-01')).toBe(1);
    expect(await value('calls', 0, 'quarter', '2025-01-01')).toBe(1);
    expect(await value('calls', 0, 'year', '2025-01-01')).toBe(1);
    expect(await value('revenue', 0, 'year', '2025-01-01')).toBe(20);
    await expectExact();
  });

  it('stays exact under concurrent batches of new and changed facts', async () => {
    const key = await t.integrationKey(await t.login('admin'), 'delta-http');
    const send = (items: Record<string, unknown>[]) =>
      t.request({
        method: 'POST',
        url: '/api/v1/activities',
        body: { activities: items },
        headers: { authorization: `Bearer ${key}`, prefer: 'respond-async' },
        origin: null,
      });
    const day = (i: number) => `2026-10-${String(1 + (i % 28)).padStart(2, '0')}`;
    const batches = Array.from({ length: 12 }, (_, b) =>
      Array.from({ length: 40 }, (_, i) => {
        const n = b * 40 + i;
        // Every third batch resends earlier facts changed (amount, day), so recomputes and deltas interleave.
        const id = b % 3 === 2 ? `G-${n - 80}` : `G-${n}`;
        return fact(id, n % 2 ? 'order' : 'call', n % 3, day(n + b), { amount: `${(n % 7) + 1}.25` });
      }),
    );
    const answers = await Promise.all(batches.map((b) => send(b)));
    for (const a of answers) expect(a.statusCode, a.body).toBe(200);
    await expectExact();
  });
});
