import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { drainAllDirty, metricsSettled } from '../alerts/scheduler';
import { clearQueuedPeriods, queuedPeriods } from '../metrics/metrics.service';
import { prefersRespondAsync } from './activities.routes';

// The fast path of ingestion: new facts go in with COPY (escaping), a concurrent resend of the same ids
// never stores two copies, and a stream too large to wait on is answered once committed while its
// metric values follow in the background.

let t: TestContext;
let key: string;
let hr: string;
let person: { id: string; employeeNo: string };

beforeAll(async () => {
  t = await createTestContext();
  const admin = await t.login('admin');
  hr = await t.login('hr');
  key = await t.integrationKey(admin, 'copy-src');
  const [row] = await queryRows<{ id: string; employee_no: string }>(
    t.database.db,
    sql`select id, employee_no from employees where org_id = ${t.template.companyA.orgId} and status = 'regular'
        and id <> ${t.template.companyA.users.employee.employeeId} order by employee_no limit 1`,
  );
  person = { id: row.id, employeeNo: row.employee_no };
});
afterAll(() => t.close());

const send = (body: unknown, headers: Record<string, string> = {}) =>
  t.request({
    method: 'POST',
    url: '/api/v1/activities',
    body,
    headers: { authorization: `Bearer ${key}`, ...headers },
    origin: null,
  });

const call = (externalId: string, occurredAt: string, extra: Record<string, unknown> = {}) => ({
  externalId,
  type: 'call',
  employeeNo: person.employeeNo,
  occurredAt,
  ...extra,
});

async function metricValue(metric: string, periodType: string, start: string) {
  const [row] = await queryRows<{ value: string }>(
    t.database.db,
    sql`select value::text as value from metric_values where org_id = ${t.template.companyA.orgId}
        and employee_id = ${person.id} and metric_key = ${metric} and period_type = ${periodType} and period_start = ${start}`,
  );
  return row ? Number(row.value) : null;
}

describe('ingestion through COPY', () => {
  it('stores text with tabs, newlines, backslashes and quotes exactly as sent', async () => {
    const name = '上海\t某贸易\n有限公司 \\ "引号" \r end';
    const res = await send({
      activities: [
        call('ESC-1', '2026-02-03T09:00:00+08:00', {
          customer: { externalId: 'C\\1', name, tier: 'high_value' },
          attributes: { note: 'a\\nb\tc', nested: { path: 'C:\\temp\\x' } },
        }),
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 1, duplicates: 0 });
    const [row] = await queryRows<{ customer_name: string; customer_external_id: string; attributes: unknown }>(
      t.database.db,
      sql`select customer_name, customer_external_id, attributes from activities where external_id = 'ESC-1'`,
    );
    expect(row.customer_name).toBe(name);
    expect(row.customer_external_id).toBe('C\\1');
    expect(row.attributes).toEqual({ note: 'a\\nb\tc', nested: { path: 'C:\\temp\\x' } });
    // The identical resend is a duplicate: the hash of what COPY stored matches.
    const again = await send({
      activities: [
        call('ESC-1', '2026-02-03T01:00:00Z', {
          customer: { externalId: 'C\\1', name, tier: 'high_value' },
          attributes: { nested: { path: 'C:\\temp\\x' }, note: 'a\\nb\tc' },
        }),
      ],
    });
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 1, updated: 0 });
  });

  it('stores one copy when two requests send the same new ids at the same time', async () => {
    const batch = Array.from({ length: 400 }, (_, i) =>
      call(`RACE-${i}`, `2026-01-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00+08:00`),
    );
    const [a, b] = await Promise.all([send({ activities: batch }), send({ activities: [...batch].reverse() })]);
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode, b.body).toBe(200);
    const ra = a.json();
    const rb = b.json();
    expect(ra.accepted + rb.accepted).toBe(400);
    expect(ra.duplicates + rb.duplicates).toBe(400);
    const [{ n }] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from activities where source = 'copy-src' and external_id like 'RACE-%'`,
    );
    expect(n).toBe(400);
    expect(await metricValue('calls', 'month', '2026-01-01')).toBe(400);
  });

  it('answers a large stream once committed; its metric values follow in the background', async () => {
    const count = 10_500;
    const lines = Array.from({ length: count }, (_, i) =>
      JSON.stringify(call(`BIG-${i}`, `2025-${String(1 + (i % 12)).padStart(2, '0')}-15T10:00:00+08:00`)),
    ).join('\n');
    const res = await send(lines, { 'content-type': 'application/x-ndjson' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ accepted: count, duplicates: 0, rejectedCount: 0 });
    await metricsSettled(t.database.db);
    const status = await t.request({ url: '/api/v1/metric-values/status', cookie: hr });
    expect(status.statusCode, status.body).toBe(200);
    expect(status.json()).toEqual({ pending: 0, upToDate: true });
    expect(await metricValue('calls', 'year', '2025-01-01')).toBe(count);
    expect(await metricValue('calls', 'month', '2025-03-01')).toBe(875);
    // And the drill-down finds exactly those facts.
    const drill = await t.request({
      url: `/api/v1/activities?employeeId=${person.id}&metric=calls&from=2025-03-01&to=2025-03-31&limit=1`,
      cookie: hr,
    });
    expect(drill.json().total).toBe(875);
  });

  it('tells HR how far metric values lag; managers and employees are refused, other organizations not counted', async () => {
    await queryRows(
      t.database.db,
      sql`insert into metric_dirty (org_id, employee_id, local_date) values (${t.template.companyA.orgId}, ${person.id}, '2024-06-03')`,
    );
    const hrB = await t.login('hr.b');
    expect((await t.request({ url: '/api/v1/metric-values/status', cookie: hr })).json()).toEqual({
      pending: 1,
      upToDate: false,
    });
    expect((await t.request({ url: '/api/v1/metric-values/status', cookie: hrB })).json().pending).toBe(0);
    for (const who of ['manager', 'employee']) {
      const res = await t.request({ url: '/api/v1/metric-values/status', cookie: await t.login(who) });
      expect(res.statusCode).toBe(403);
    }
  });

  it('a batch waits for its weeks and months; quarters and years follow, and the minute job finishes what a crash left', async () => {
    const batch = ['2024-05-06', '2024-05-07', '2024-05-20'].map((d, i) => call(`TWO-${i}`, `${d}T10:00:00+08:00`));
    expect((await send({ activities: batch })).json()).toMatchObject({ accepted: 3 });
    expect(await metricValue('calls', 'month', '2024-05-01')).toBe(3);
    expect(await metricValue('calls', 'week', '2024-05-06')).toBe(2);
    await metricsSettled(t.database.db);
    expect(await metricValue('calls', 'quarter', '2024-04-01')).toBe(3);
    expect(await metricValue('calls', 'year', '2024-01-01')).toBe(3);
    // A crash between the two passes leaves the quarter queued: the every-minute job recomputes it.
    await queryRows(
      t.database.db,
      sql`update metric_values set value = 99 where org_id = ${t.template.companyA.orgId}
      and employee_id = ${person.id} and metric_key = 'calls' and period_type = 'quarter' and period_start = '2024-04-01'`,
    );
    await queryRows(
      t.database.db,
      sql`insert into metric_dirty_periods (org_id, employee_id, period_type, period_start)
      values (${t.template.companyA.orgId}, ${person.id}, 'quarter', '2024-04-01')`,
    );
    expect((await t.request({ url: '/api/v1/metric-values/status', cookie: hr })).json()).toEqual({
      pending: 1,
      upToDate: false,
    });
    await drainAllDirty(t.deps);
    expect(await metricValue('calls', 'quarter', '2024-04-01')).toBe(3);
    expect((await t.request({ url: '/api/v1/metric-values/status', cookie: hr })).json().upToDate).toBe(true);
  });

  it('a quarter queued again while its second pass runs stays queued; a first pass does not wait for a second', async () => {
    const org = t.template.companyA.orgId;
    const queued = () =>
      queryRows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from metric_dirty_periods where org_id = ${org} and employee_id = ${person.id}
          and period_type = 'quarter' and period_start = '2024-10-01'`,
      );
    await queryRows(
      t.database.db,
      sql`insert into metric_dirty_periods (org_id, employee_id, period_type, period_start)
      values (${org}, ${person.id}, 'quarter', '2024-10-01')`,
    );
    const read = (await queuedPeriods(t.database.db, org)).filter((p) => p.period_start === '2024-10-01');
    expect(read).toHaveLength(1);
    // A first pass marks it again after the second pass read it: the second pass must not take it off.
    await queryRows(
      t.database.db,
      sql`update metric_dirty_periods set marked_at = clock_timestamp() where org_id = ${org} and employee_id = ${person.id}
        and period_start = '2024-10-01'`,
    );
    await clearQueuedPeriods(t.database.db, org, read);
    expect((await queued())[0].n).toBe(1);
    await clearQueuedPeriods(t.database.db, org, await queuedPeriods(t.database.db, org));
    expect((await queued())[0].n).toBe(0);

    if (t.template.kind !== 'postgres') return; // one connection: nothing runs beside a held lock
    // A second pass holds its lock (recomputing whole years): a batch's weeks and months go on regardless.
    const [{ name }] = await queryRows<{ name: string }>(t.database.db, sql`select current_database() as name`);
    const url = new URL(t.template.serverUrl!);
    url.pathname = `/${name}`;
    const { Client } = (await import('pg')).default;
    const other = new Client({ connectionString: url.toString() });
    await other.connect();
    try {
      await other.query('begin');
      await other.query(`select pg_advisory_xact_lock(hashtextextended('metric-values-long:' || $1, 0))`, [org]);
      const res = await send({ activities: [call('SPLIT-1', '2024-10-08T10:00:00+08:00')] });
      expect(res.json()).toMatchObject({ accepted: 1 });
      expect(await metricValue('calls', 'week', '2024-10-07')).toBe(1);
      expect((await queued())[0].n).toBe(1); // its quarter waits for the second pass
    } finally {
      await other.query('rollback');
      await other.end();
    }
    await metricsSettled(t.database.db);
    expect(await metricValue('calls', 'quarter', '2024-10-01')).toBe(1);
    expect((await queued())[0].n).toBe(0);
  });

  it('with Prefer: respond-async answers once committed and says so; the values follow', async () => {
    const batch = ['2024-08-05', '2024-08-06'].map((d, i) => call(`ASYNC-${i}`, `${d}T10:00:00+08:00`));
    const res = await send({ activities: batch }, { prefer: 'wait=5, respond-async' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['preference-applied']).toBe('respond-async');
    expect(res.json()).toMatchObject({ accepted: 2, duplicates: 0, rejectedCount: 0 });
    await metricsSettled(t.database.db);
    expect(await metricValue('calls', 'month', '2024-08-01')).toBe(2);
    expect(await metricValue('calls', 'week', '2024-08-05')).toBe(2);
    // The same for a stream; without the preference nothing is said.
    const stream = await send(JSON.stringify(call('ASYNC-2', '2024-08-07T10:00:00+08:00')), {
      'content-type': 'application/x-ndjson',
      prefer: 'respond-async',
    });
    expect(stream.headers['preference-applied']).toBe('respond-async');
    expect(stream.json()).toMatchObject({ accepted: 1 });
    // A preference is only a hint: an odd or very long header never fails the request; a refused one says nothing.
    const long = await send(
      { activities: [call('ASYNC-L', '2024-08-09T10:00:00+08:00')] },
      { prefer: `x=${'a'.repeat(3000)}` },
    );
    expect(long.statusCode, long.body).toBe(200);
    const refused = await send({ nothing: true }, { prefer: 'respond-async' });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['preference-applied']).toBeUndefined();
    const plain = await send({ activities: [call('ASYNC-3', '2024-08-08T10:00:00+08:00')] });
    expect(plain.headers['preference-applied']).toBeUndefined();
    // Waited for: the value is current at the answer.
    expect(await metricValue('calls', 'month', '2024-08-01')).toBe(5);
  });

  it('reads the Prefer header as RFC 7240 lists it', () => {
    expect(prefersRespondAsync('respond-async')).toBe(true);
    expect(prefersRespondAsync('return=minimal, Respond-Async; x=1')).toBe(true);
    expect(prefersRespondAsync(['wait=10', 'respond-async'])).toBe(true);
    expect(prefersRespondAsync('respond-asynchronously')).toBe(false);
    expect(prefersRespondAsync('wait=10')).toBe(false);
    expect(prefersRespondAsync(undefined)).toBe(false);
  });

  it('refuses a NUL in an attribute name, as in a value, and stores the rest of the stream', async () => {
    const lines = [
      JSON.stringify(call('NULKEY-1', '2024-07-01T10:00:00+08:00', { attributes: { 'a\u0000b': 1 } })),
      JSON.stringify(call('NULKEY-2', '2024-07-01T11:00:00+08:00')),
    ].join('\n');
    const res = await send(lines, { 'content-type': 'application/x-ndjson' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      accepted: 1,
      rejected: [{ line: 1, code: 'NUL_CHARACTER', field: 'attributes.a\\u0000b' }],
    });
  });
});
