import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { metricsSettled } from '../alerts/scheduler';
import { rebuildMetricValues } from '../metrics/metrics.service';

let t: TestContext;
let admin: string;
let hr: string;
let integrationId: string;
let webhookSecret: string;
let key: string;
let person: { id: string; employeeNo: string; unitId: string };

beforeAll(async () => {
  t = await createTestContext();
  admin = await t.login('admin');
  hr = await t.login('hr');
  const created = await t.request({
    method: 'POST',
    url: '/api/v1/integrations',
    cookie: admin,
    body: { name: '纷享销客', source: 'fxiaoke' },
  });
  integrationId = created.json().id;
  webhookSecret = created.json().webhookSecret;
  key = (
    await t.request({
      method: 'POST',
      url: `/api/v1/integrations/${integrationId}/keys`,
      cookie: admin,
      body: { name: 'sync job' },
    })
  ).json().key;
  const someone = (
    await t.request({
      url: `/api/v1/employees?unitId=${t.template.companyA.managedRegionId}&status=regular&limit=30`,
      cookie: hr,
    })
  )
    .json()
    .items.find(
      (e: { id: string; position: { name: string } | null }) =>
        e.position?.name === '销售代表' && e.id !== t.template.companyA.users.employee.employeeId,
    );
  person = { id: someone.id, employeeNo: someone.employeeNo, unitId: someone.unit.id };
});
afterAll(() => t.close());

const send = (body: unknown, headers: Record<string, string> = {}, bearer = key) =>
  t.request({
    method: 'POST',
    url: '/api/v1/activities',
    body,
    headers: { authorization: `Bearer ${bearer}`, ...headers },
    origin: null,
  });
const order = (
  externalId: string,
  amount: string,
  occurredAt = '2026-03-05T10:20:00+08:00',
  extra: Record<string, unknown> = {},
) => ({
  externalId,
  type: 'order',
  employeeNo: person.employeeNo,
  occurredAt,
  amount,
  customer: { externalId: 'C-77', name: '上海某贸易有限公司', tier: 'high_value' },
  ...extra,
});
const value = async (metric: string, periodStart: string, periodType = 'month') => {
  const points = (
    await t.request({
      url: `/api/v1/metric-values?employeeId=${person.id}&metric=${metric}&periodType=${periodType}`,
      cookie: hr,
    })
  ).json().points as { periodStart: string; value: string }[];
  return points.find((p) => p.periodStart === periodStart)?.value ?? '0';
};

describe('integrations', () => {
  it('shows the webhook secret and API keys once, then only their prefix', async () => {
    expect(webhookSecret).toMatch(/^whsec_/);
    expect(key).toMatch(/^sk_[A-Za-z0-9]{8}_/);
    const list = await t.request({ url: '/api/v1/integrations', cookie: admin });
    expect(list.body).not.toContain(webhookSecret);
    expect(list.body).not.toContain(key);
    expect(list.json().items[0].keys[0].prefix).toBe(key.slice(3, 11));
    const [raw] = await queryRows<{ key_hash: string }>(t.database.db, sql`select key_hash from integration_keys`);
    expect(raw.key_hash).not.toContain(key.slice(12));
  });

  it('refuses a source name already in use', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/integrations',
      cookie: admin,
      body: { name: 'again', source: 'fxiaoke' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].field).toBe('source');
  });
});

describe('batch ingestion', () => {
  it('accepts, counts duplicates and updates, lists each rejection with its index, and keeps the unknown', async () => {
    const batch = {
      activities: [
        order('SF-1', '12800.00'),
        order('SF-2', '1,000'),
        { ...order('SF-3', '10'), type: 'teleport' },
        order('SF-1', '1.00'),
        { externalId: 'SF-4', type: 'visit', externalUserId: 'crm-user-9', occurredAt: '2026-03-06T09:00:00+08:00' },
        { externalId: 'SF-5', type: 'call', employeeNo: person.employeeNo, occurredAt: '2026-03-06', quantity: 1 },
        {
          externalId: 'SF-6',
          type: 'call',
          employeeNo: person.employeeNo,
          occurredAt: '2026-03-06T09:00:00+08:00',
          quantity: -2,
        },
        order('SF-7', '12.345'),
      ],
    };
    const res = await send(batch);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ accepted: 2, duplicates: 0, updated: 0, unmatched: 1 });
    const codes = Object.fromEntries(r.rejected.map((x: { index: number; code: string }) => [x.index, x.code]));
    expect(codes).toEqual({
      1: 'AMOUNT_INVALID',
      2: 'UNKNOWN_ACTIVITY_TYPE',
      3: 'DUPLICATE_IN_BATCH',
      5: 'INVALID_DATETIME',
      6: 'NEGATIVE_COUNT',
      7: 'AMOUNT_INVALID',
    });
    expect(r.rejectedCount).toBe(6);
    // Every reason is a sentence in the caller's language, never the bare code.
    for (const x of r.rejected as { code: string; message: string }[]) expect(x.message).not.toBe(x.code);
    expect(r.rejected.find((x: { code: string }) => x.code === 'AMOUNT_INVALID').message).toContain('金额');
    expect(r.rejected.find((x: { code: string }) => x.code === 'INVALID_DATETIME')).toMatchObject({
      field: 'occurredAt',
      message: expect.stringContaining('带时区偏移的 ISO 8601 时间'),
    });
    const en = (
      await send({ activities: [{ ...order('EN-1', '1'), type: 'teleport' }] }, { 'accept-language': 'en-US' })
    ).json();
    expect(en.rejected[0].message).toBe('Unknown activity type');

    const again = (await send({ activities: [order('SF-1', '12800.00'), batch.activities[4]] })).json();
    expect(again).toMatchObject({ accepted: 0, duplicates: 2, updated: 0 });
    const [{ n }] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from activities where external_id = 'SF-1'`,
    );
    expect(n).toBe(1);
  });

  it('updates a corrected fact and every metric that depended on it follows', async () => {
    expect(await value('revenue', '2026-03-01')).toBe('12800.00');
    const res = (await send({ activities: [order('SF-1', '15000.00')] })).json();
    expect(res).toMatchObject({ accepted: 0, updated: 1 });
    expect(await value('revenue', '2026-03-01')).toBe('15000.00');
    expect(await value('orders', '2026-03-01')).toBe('1.00');
    // Quarters and years follow in a second pass right after the answer (alerts/scheduler.ts): read once it ended.
    await metricsSettled(t.database.db);
    expect(await value('revenue', '2026-01-01', 'quarter')).toBe('15000.00');
    const voided = (await send({ activities: [order('SF-1', '15000.00', undefined, { voided: true })] })).json();
    expect(voided.updated).toBe(1);
    expect(await value('revenue', '2026-03-01')).toBe('0');
    await send({ activities: [order('SF-1', '15000.00')] });
  });

  it('compares each period with the previous one and with the same period a year earlier', async () => {
    await send({
      activities: [
        order('G-1', '1000.00', '2025-03-10T10:00:00+08:00'),
        order('G-2', '2000.00', '2026-02-10T10:00:00+08:00'),
      ],
    });
    const points = (
      await t.request({
        url: `/api/v1/metric-values?employeeId=${person.id}&metric=revenue&from=2026-03-01&to=2026-03-31`,
        cookie: hr,
      })
    ).json().points;
    expect(points).toHaveLength(1);
    // March 2026: 15,000 against 2,000 in February (+650%) and 1,000 in March 2025 (+1400%).
    expect(points[0]).toMatchObject({
      value: '15000.00',
      source: 'computed',
      growthVsPrevious: '6.5000',
      growthVsLastYear: '14.0000',
    });
    await send({
      activities: [
        order('G-1', '1000.00', '2025-03-10T10:00:00+08:00', { voided: true }),
        order('G-2', '2000.00', '2026-02-10T10:00:00+08:00', { voided: true }),
      ],
    });
  });

  it('buckets by the organization’s time zone and follows a fact that moves to another period', async () => {
    // 20:30 UTC on 31 March is already 1 April in Shanghai.
    await send({ activities: [order('SF-TZ', '100.00', '2026-03-31T20:30:00Z')] });
    expect(await value('revenue', '2026-04-01')).toBe('100.00');
    await send({ activities: [order('SF-TZ', '100.00', '2026-02-10T10:00:00+08:00')] });
    expect(await value('revenue', '2026-04-01')).toBe('0');
    expect(await value('revenue', '2026-02-01')).toBe('100.00');
  });

  it('credits the team the person belonged to on the day (job history)', async () => {
    const [row] = await queryRows<{ unit_id: string }>(
      t.database.db,
      sql`select unit_id from activities where external_id = 'SF-1' and org_id = ${t.template.companyA.orgId}`,
    );
    const history = (await t.request({ url: `/api/v1/employees/${person.id}/job-history`, cookie: hr })).json()
      .items as {
      effectiveFrom: string;
      effectiveTo: string | null;
      unit: { id: string };
    }[];
    const onDay = history.find(
      (h) => h.effectiveFrom <= '2026-03-05' && (!h.effectiveTo || h.effectiveTo >= '2026-03-05'),
    );
    expect(row.unit_id).toBe(onDay!.unit.id);
  });

  it('streams NDJSON and reports bad lines by number', async () => {
    const lines = [
      JSON.stringify({
        externalId: 'ND-1',
        type: 'visit',
        employeeNo: person.employeeNo,
        occurredAt: '2026-03-10T10:00:00+08:00',
      }),
      '{"externalId": "ND-2", ',
      '',
      JSON.stringify({
        externalId: 'ND-NUL',
        type: 'visit',
        employeeNo: person.employeeNo,
        occurredAt: '2026-03-10T10:00:00+08:00',
        attributes: { note: 'a\u0000b' },
      }),
      JSON.stringify({
        externalId: 'ND-3',
        type: 'payment',
        employeeNo: person.employeeNo,
        occurredAt: '2026-05-10T10:00:00+08:00',
        amount: 8000,
      }),
    ].join('\n');
    const res = await send(lines, { 'content-type': 'application/x-ndjson' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      accepted: 2,
      rejected: [
        { line: 2, code: 'INVALID_JSON' },
        { line: 4, code: 'NUL_CHARACTER', field: 'attributes.note' },
      ],
    });
    expect(await value('collections', '2026-05-01')).toBe('8000.00');
  });

  it('refuses a revoked key, a session cookie and a malformed batch, storing nothing', async () => {
    const spare = (
      await t.request({
        method: 'POST',
        url: `/api/v1/integrations/${integrationId}/keys`,
        cookie: admin,
        body: { name: 'spare' },
      })
    ).json();
    await t.request({
      method: 'POST',
      url: `/api/v1/integrations/${integrationId}/keys/${spare.id}/revoke`,
      cookie: admin,
    });
    const revoked = await send({ activities: [order('NO-1', '1.00')] }, {}, spare.key);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().code).toBe('API_KEY_INVALID');
    const cookie = await t.request({
      method: 'POST',
      url: '/api/v1/activities',
      cookie: admin,
      body: { activities: [order('NO-2', '1.00')] },
    });
    expect(cookie.statusCode).toBe(401);
    const empty = await send({ activities: [] });
    expect(empty.statusCode).toBe(400);
    const broken = await send('{"activities": [', { 'content-type': 'application/json' });
    expect(broken.statusCode).toBe(400);
    const [{ n }] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from activities where external_id like 'NO-%'`,
    );
    expect(n).toBe(0);
  });

  it('keeps organizations apart: another organization’s key credits only its own people', async () => {
    const adminB = await t.login('admin.b');
    const integB = (
      await t.request({
        method: 'POST',
        url: '/api/v1/integrations',
        cookie: adminB,
        body: { name: 'CRM', source: 'fxiaoke' },
      })
    ).json();
    const keyB = (
      await t.request({
        method: 'POST',
        url: `/api/v1/integrations/${integB.id}/keys`,
        cookie: adminB,
        body: { name: 'b' },
      })
    ).json().key;
    const res = (await send({ activities: [order('SF-1', '99.00')] }, {}, keyB)).json();
    expect(res.accepted).toBe(1);
    expect(await value('revenue', '2026-03-01')).toBe('15000.00');
    const rows = await queryRows<{ org_id: string }>(
      t.database.db,
      sql`select org_id from activities where external_id = 'SF-1' order by org_id`,
    );
    expect(rows).toHaveLength(2);
  });
});

describe('signed webhooks', () => {
  const sign = (body: string, ts = Math.floor(t.clock.now.getTime() / 1000), secret = webhookSecret) => ({
    'content-type': 'application/json',
    'x-stride-timestamp': String(ts),
    'x-stride-signature': `sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`,
  });
  const hook = (body: string, headers: Record<string, string>) =>
    t.request({ method: 'POST', url: `/api/v1/integrations/${integrationId}/webhook`, body, headers, origin: null });

  it('maps and stores a correctly signed payload', async () => {
    await t.request({
      method: 'PATCH',
      url: `/api/v1/integrations/${integrationId}`,
      cookie: admin,
      body: {
        mapping: {
          itemsPath: 'data.records',
          fields: { externalId: 'id', type: 'kind', employeeNo: 'owner.code', occurredAt: 'time', amount: 'money' },
          types: { 拜访: 'visit', 成交: 'order' },
        },
      },
    });
    const body = JSON.stringify({
      data: {
        records: [
          {
            id: 'WH-1',
            kind: '成交',
            owner: { code: person.employeeNo },
            time: '2026-06-01T10:00:00+08:00',
            money: '500.00',
          },
        ],
      },
    });
    const res = await hook(body, sign(body));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().accepted).toBe(1);
    expect(await value('revenue', '2026-06-01')).toBe('500.00');
  });

  it('refuses a bad signature, a wrong secret and a stale timestamp, storing nothing', async () => {
    const body = JSON.stringify({
      data: {
        records: [
          { id: 'WH-BAD', kind: '拜访', owner: { code: person.employeeNo }, time: '2026-06-02T10:00:00+08:00' },
        ],
      },
    });
    const headers = sign(body);
    const tampered = await hook(body.replace('WH-BAD', 'WH-BAX'), headers);
    expect(tampered.statusCode, tampered.body).toBe(401);
    expect((await hook(body, sign(body, undefined, 'whsec_wrong'))).statusCode).toBe(401);
    const stale = await hook(body, sign(body, Math.floor(t.clock.now.getTime() / 1000) - 301));
    expect(stale.statusCode).toBe(401);
    expect(stale.json().code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const [{ n }] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from activities where external_id = 'WH-BAD'`,
    );
    expect(n).toBe(0);
  });
});

describe('unmatched queue and drill-down', () => {
  it('lists unknown people and, once mapped, their activity flows into metrics', async () => {
    const list = (await t.request({ url: '/api/v1/activities/unmatched', cookie: hr })).json().items;
    expect(list).toContainEqual(
      expect.objectContaining({ source: 'fxiaoke', kind: 'externalUserId', value: 'crm-user-9', activities: 1 }),
    );
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/activities/unmatched/resolve',
      cookie: hr,
      body: { source: 'fxiaoke', kind: 'externalUserId', value: 'crm-user-9', employeeId: person.id },
    });
    expect(res.json()).toEqual({ matched: 1 });
    expect(await value('visits', '2026-03-01')).toBe('2.00');
    const next = (
      await send({
        activities: [
          { externalId: 'SF-8', type: 'visit', externalUserId: 'crm-user-9', occurredAt: '2026-03-20T09:00:00+08:00' },
        ],
      })
    ).json();
    expect(next).toMatchObject({ accepted: 1, unmatched: 0 });
  });

  it('explains a value: the drill-down lists exactly the facts behind it, within the caller’s scope', async () => {
    const res = (
      await t.request({
        url: `/api/v1/activities?employeeId=${person.id}&metric=revenue&from=2026-03-01&to=2026-03-31`,
        cookie: hr,
      })
    ).json();
    expect(res.items.map((a: { externalId: string }) => a.externalId).sort()).toEqual(['SF-1']);
    const sum = res.items.reduce((s: number, a: { amount: string }) => s + Number(a.amount), 0);
    expect(sum.toFixed(2)).toBe(await value('revenue', '2026-03-01'));
    const employee = await t.login('employee');
    const other = (await t.request({ url: `/api/v1/activities?employeeId=${person.id}`, cookie: employee })).json();
    expect(other.total).toBe(0);
    expect(
      (await t.request({ url: `/api/v1/metric-values?employeeId=${person.id}`, cookie: employee })).statusCode,
    ).toBe(404);
  });

  it('a full rebuild gives exactly the values maintained incrementally', async () => {
    const snapshot = async () =>
      queryRows<{ k: string; v: string }>(
        t.database.db,
        sql`select metric_key || '|' || period_type || '|' || period_start || '|' || employee_id as k, value::text as v
            from metric_values where org_id = ${t.template.companyA.orgId} order by 1`,
      );
    const before = await snapshot();
    expect(before.length).toBeGreaterThan(10);
    await t.database.db.transaction((tx) => rebuildMetricValues(tx, t.template.companyA.orgId));
    expect(await snapshot()).toEqual(before);
  });

  it('rolls a metric up over a unit’s people for a period', async () => {
    const res = (
      await t.request({
        url: `/api/v1/metric-values/team?unitId=${t.template.companyA.managedRegionId}&metric=revenue&periodStart=2026-03-01`,
        cookie: hr,
      })
    ).json();
    expect(res.items, JSON.stringify(res)).toBeDefined();
    expect(res.items[0].employee.id).toBe(person.id);
    expect(res).toMatchObject({ total: '15000.00', aggregation: 'sum' });
    const winRate = (
      await t.request({
        url: `/api/v1/metric-values/team?unitId=${t.template.companyA.managedRegionId}&metric=win_rate&periodStart=2026-03-01`,
        cookie: hr,
      })
    ).json();
    // A team's win rate is its deals won over its deals closed, not the mean of its people's rates.
    expect(winRate.aggregation).toBe('team');
  });
});

describe('limits, timestamps and matching people', () => {
  const count = async (like: string) =>
    (
      await queryRows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from activities where external_id like ${like}`,
      )
    )[0].n;
  const call = (externalId: string, extra: Record<string, unknown> = {}) => ({
    externalId,
    type: 'call',
    externalUserId: 'bulk-sender',
    occurredAt: '2024-01-10T10:00:00+08:00',
    ...extra,
  });

  it('refuses a JSON batch of more than 10,000 items, naming the limit and the NDJSON way, and stores nothing; 10,000 pass', async () => {
    const items = Array.from({ length: 10_001 }, (_, i) => call(`BIG-${i}`));
    const zh = await send({ activities: items });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().code).toBe('VALIDATION_FAILED');
    expect(zh.json().errors).toEqual([
      {
        field: 'activities',
        code: 'BATCH_TOO_LARGE',
        message: expect.stringMatching(/最多 10,000 条.*NDJSON/),
      },
    ]);
    const en = await send({ activities: items }, { 'accept-language': 'en-US' });
    expect(en.json().errors[0]).toMatchObject({
      code: 'BATCH_TOO_LARGE',
      message: expect.stringMatching(/at most 10,000 activities.*NDJSON/),
    });
    expect(await count('BIG-%')).toBe(0);
    const ok = await send({ activities: items.slice(0, 10_000) });
    expect(ok.statusCode, ok.body.slice(0, 500)).toBe(200);
    expect(ok.json()).toMatchObject({ accepted: 10_000, unmatched: 10_000, rejectedCount: 0 });
    expect(await count('BIG-%')).toBe(10_000);
  });

  it('refuses a body over the byte limit (64 MB) as too large before reading it, storing nothing', async () => {
    const body = `{"activities":[${JSON.stringify(call('HUGE-1'))}],"padding":"${'x'.repeat(64 * 1024 * 1024)}"}`;
    const res = await send(body, { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    expect(await count('HUGE-%')).toBe(0);
  });

  it('refuses a time that is not an ISO 8601 timestamp with an offset as INVALID_DATETIME, saying what is expected', async () => {
    const bad = ['2026-03-06', '2026-03-06T09:00:00', '2026-03-06 09:00:00+08:00', '2026-02-30T09:00:00Z', '昨天'];
    const items = [
      ...bad.map((occurredAt, i) => call(`TS-${i}`, { occurredAt })),
      call('TS-old', { occurredAt: '1899-12-31T09:00:00+08:00' }),
      call('TS-none', { occurredAt: undefined }),
      call('TS-ok', { occurredAt: '2024-01-10T02:00:00Z' }),
    ];
    const zh = (await send({ activities: items })).json();
    expect(zh.accepted).toBe(1);
    expect(zh.rejected.map((r: { index: number; field: string; code: string }) => [r.index, r.field, r.code])).toEqual([
      ...bad.map((_, i) => [i, 'occurredAt', 'INVALID_DATETIME']),
      [bad.length, 'occurredAt', 'DATE_OUT_OF_RANGE'],
      [bad.length + 1, 'occurredAt', 'invalid_type'],
    ]);
    expect(zh.rejected[0].message).toBe(
      '须为带时区偏移的 ISO 8601 时间（且日期真实存在），如 2026-03-06T09:00:00+08:00 或 2026-03-06T01:00:00Z',
    );
    const en = (await send({ activities: items.slice(0, 1) }, { 'accept-language': 'en-US' })).json();
    expect(en.rejected[0]).toMatchObject({
      code: 'INVALID_DATETIME',
      message: expect.stringMatching(
        /^Expected an ISO 8601 timestamp .* with a UTC offset, e\.g\. 2026-03-06T09:00:00\+08:00/,
      ),
    });
    // The same in an NDJSON stream, by line.
    const lines = await send(
      items
        .slice(0, 2)
        .map((x) => JSON.stringify(x))
        .join('\n'),
      {
        'content-type': 'application/x-ndjson',
      },
    );
    expect(lines.json().rejected.map((r: { line: number; code: string }) => [r.line, r.code])).toEqual([
      [1, 'INVALID_DATETIME'],
      [2, 'INVALID_DATETIME'],
    ]);
    expect(await count('TS-%')).toBe(1);
  });

  it('refuses an amount in another currency (it would count as yuan) and stores nothing of it', async () => {
    const res = (
      await send({
        activities: [
          order('FX-1', '100.00', '2026-03-07T10:00:00+08:00', { currency: 'USD' }),
          order('FX-2', '100.00', '2026-03-07T10:00:00+08:00', { currency: 'CNY' }),
          // No amount: the currency says nothing that could be added up.
          call('FX-3', { currency: 'USD' }),
        ],
      })
    ).json();
    expect(res.accepted).toBe(2);
    expect(res.rejected).toEqual([
      {
        index: 0,
        field: 'currency',
        code: 'CURRENCY_NOT_SUPPORTED',
        message: '金额须为人民币（CNY）：Stride 按人民币汇总业绩，外币金额请在来源系统换算为 CNY 后发送',
      },
    ]);
    expect(await count('FX-%')).toBe(2);
  });

  it('matches a person by email whatever its case, and by an external user id only as mapped for that integration', async () => {
    const colleague = (
      await t.request({
        url: `/api/v1/employees?unitId=${t.template.companyA.managedRegionId}&status=regular&limit=50`,
        cookie: hr,
      })
    )
      .json()
      .items.find((e: { id: string }) => e.id !== person.id && e.id !== t.template.companyA.users.employee.employeeId);
    const patched = await t.request({
      method: 'PATCH',
      url: `/api/v1/employees/${colleague.id}`,
      cookie: hr,
      body: { email: 'Li.Na@Acme.Example.CN' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const visit = (externalId: string, who: Record<string, string>) => ({
      externalId,
      type: 'visit',
      occurredAt: '2025-05-06T10:00:00+08:00',
      ...who,
    });
    const byEmail = (
      await send({
        activities: [
          visit('EM-1', { email: 'li.na@acme.example.cn' }),
          visit('EM-2', { email: 'LI.NA@ACME.EXAMPLE.CN' }),
          visit('EM-3', { email: 'nobody@acme.example.cn' }),
        ],
      })
    ).json();
    expect(byEmail).toMatchObject({ accepted: 3, unmatched: 1, rejectedCount: 0 });
    const rows = async (like: string) =>
      queryRows<{ external_id: string; source: string; employee_id: string | null; person_ref: unknown }>(
        t.database.db,
        sql`select external_id, source, employee_id::text as employee_id, person_ref from activities
            where external_id like ${like} and org_id = ${t.template.companyA.orgId} order by external_id, source`,
      );
    expect(await rows('EM-%')).toEqual([
      {
        external_id: 'EM-1',
        source: 'fxiaoke',
        employee_id: colleague.id,
        person_ref: { email: 'li.na@acme.example.cn' },
      },
      {
        external_id: 'EM-2',
        source: 'fxiaoke',
        employee_id: colleague.id,
        person_ref: { email: 'li.na@acme.example.cn' },
      },
      { external_id: 'EM-3', source: 'fxiaoke', employee_id: null, person_ref: { email: 'nobody@acme.example.cn' } },
    ]);

    // crm-user-9 is mapped to the person for this integration (above); another integration's crm-user-9 is not them.
    const otherKey = await t.integrationKey(admin, 'dingcrm');
    const first = (await send({ activities: [visit('XU-1', { externalUserId: 'crm-user-9' })] }, {}, otherKey)).json();
    expect(first).toMatchObject({ accepted: 1, unmatched: 1 });
    const mapped = await t.request({
      method: 'POST',
      url: '/api/v1/activities/unmatched/resolve',
      cookie: hr,
      body: { source: 'dingcrm', kind: 'externalUserId', value: 'crm-user-9', employeeId: colleague.id },
    });
    expect(mapped.json()).toEqual({ matched: 1 });
    await send({ activities: [visit('XU-2', { externalUserId: 'crm-user-9' })] }, {}, otherKey);
    await send({ activities: [visit('XU-2', { externalUserId: 'crm-user-9' })] });
    expect((await rows('XU-%')).map((r) => [r.external_id, r.source, r.employee_id])).toEqual([
      ['XU-1', 'dingcrm', colleague.id],
      ['XU-2', 'dingcrm', colleague.id],
      ['XU-2', 'fxiaoke', person.id],
    ]);
  });
});
