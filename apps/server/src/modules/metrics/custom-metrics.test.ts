import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { settled, uploadFile } from '../imports/imports.test-helpers';
import { rebuildMetricValues } from './metrics.service';

let t: TestContext;
let admin: string;
let hr: string;
let manager: string;
let key: string;
let person: { id: string; employeeNo: string };
let outsider: { id: string };

beforeAll(async () => {
  t = await createTestContext();
  admin = await t.login('admin');
  hr = await t.login('hr');
  manager = await t.login('manager');
  key = await t.integrationKey(admin, 'crm');
  const inRegion = (
    await t.request({
      url: `/api/v1/employees?unitId=${t.template.companyA.managedRegionId}&status=regular&limit=30`,
      cookie: hr,
    })
  ).json().items as { id: string; employeeNo: string; position: { name: string } | null }[];
  const p = inRegion.find((e) => e.position?.name === '销售代表')!;
  person = { id: p.id, employeeNo: p.employeeNo };
  const all = (await t.request({ url: '/api/v1/employees?limit=100', cookie: hr })).json().items as { id: string }[];
  const regionIds = new Set(
    (
      await t.request({
        url: `/api/v1/employees?unitId=${t.template.companyA.managedRegionId}&limit=100`,
        cookie: hr,
      })
    )
      .json()
      .items.map((e: { id: string }) => e.id),
  );
  outsider = all.find((e) => !regionIds.has(e.id))!;

  // Orders in Feb and March: two for high-value customers, one ordinary; a visit.
  const base = { employeeNo: person.employeeNo };
  const res = await send([
    { ...base, externalId: 'o-1', type: 'order', occurredAt: '2026-02-10T10:00:00+08:00', amount: '1000.00' },
    {
      ...base,
      externalId: 'o-2',
      type: 'order',
      occurredAt: '2026-03-05T10:00:00+08:00',
      amount: '3000.00',
      customer: { externalId: 'C-1', tier: 'high_value' },
      attributes: { channel: 'online', margin: '0.30' },
    },
    {
      ...base,
      externalId: 'o-3',
      type: 'order',
      occurredAt: '2026-03-06T10:00:00+08:00',
      amount: '500.00',
      customer: { externalId: 'C-2', tier: 'standard' },
      attributes: { channel: 'offline', margin: '0.10' },
    },
    { ...base, externalId: 'v-1', type: 'visit', occurredAt: '2026-03-07T10:00:00+08:00' },
  ]);
  expect(res.json()).toMatchObject({ accepted: 4 });
});
afterAll(() => t.close());

const send = (activities: unknown[]) =>
  t.request({
    method: 'POST',
    url: '/api/v1/activities',
    body: { activities },
    headers: { authorization: `Bearer ${key}` },
    origin: null,
  });

const points = async (metric: string, periodType = 'month', who = person.id) =>
  (
    await t.request({
      url: `/api/v1/metric-values?employeeId=${who}&metric=${metric}&periodType=${periodType}`,
      cookie: hr,
    })
  ).json().points as { periodStart: string; value: string; source: string }[];
const metricValue = async (metric: string, periodStart: string, periodType = 'month') =>
  (await points(metric, periodType)).find((p) => p.periodStart === periodStart)?.value ?? null;

const hvRevenue = {
  key: 'hv_revenue',
  name: { 'zh-CN': '高价值客户订单金额', 'en-US': 'High-value revenue' },
  unit: 'CNY',
  spec: { kind: 'aggregate', fn: 'sum', field: 'amount', filter: { types: ['order'], customerTiers: ['high_value'] } },
};
const create = (body: unknown, cookie = hr, locale = 'zh-CN') =>
  t.request({ method: 'POST', url: '/api/v1/metrics', cookie, body, headers: { 'accept-language': locale } });

describe('custom metrics', () => {
  it('builds an aggregate over filtered activities and computes it for the whole organization at once', async () => {
    const res = await create(hvRevenue);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ key: 'hv_revenue', kind: 'aggregate', version: 1, name: '高价值客户订单金额' });
    expect(res.json().activityTypes).toEqual(['order']);
    expect(await metricValue('hv_revenue', '2026-03-01')).toBe('3000.00');
    expect(await metricValue('hv_revenue', '2026-01-01', 'quarter')).toBe('3000.00');
    const catalog = (await t.request({ url: '/api/v1/metrics', cookie: manager })).json().items as { key: string }[];
    expect(catalog.map((m) => m.key)).toContain('hv_revenue');
    expect(catalog.map((m) => m.key)).toContain('revenue');
  });

  it('counts distinct attribute values, averages numeric attributes and reads the quantity', async () => {
    const made = await Promise.all([
      create({
        key: 'channels',
        name: { 'zh-CN': '成交渠道数', 'en-US': 'Channels' },
        unit: 'count',
        spec: {
          kind: 'aggregate',
          fn: 'count_distinct',
          field: 'attribute',
          attributeKey: 'channel',
          filter: { types: ['order'] },
        },
      }),
      create({
        key: 'avg_margin',
        name: { 'zh-CN': '平均毛利率', 'en-US': 'Average margin' },
        unit: 'ratio',
        spec: {
          kind: 'aggregate',
          fn: 'avg',
          field: 'attribute',
          attributeKey: 'margin',
          filter: { types: ['order'] },
        },
      }),
      create({
        key: 'online_orders',
        name: { 'zh-CN': '线上订单数', 'en-US': 'Online orders' },
        unit: 'count',
        spec: {
          kind: 'aggregate',
          fn: 'count',
          filter: { types: ['order'], attribute: { key: 'channel', values: ['online'] } },
        },
      }),
    ]);
    for (const r of made) expect(r.statusCode, r.body).toBe(201);
    expect(await metricValue('channels', '2026-03-01')).toBe('2.00');
    expect(await metricValue('avg_margin', '2026-03-01')).toBe('0.2000');
    expect(await metricValue('online_orders', '2026-03-01')).toBe('1.00');
  });

  it('refuses a definition that cannot work, naming the field, in the caller’s language', async () => {
    const taken = await create({ ...hvRevenue, key: 'revenue' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('METRIC_KEY_TAKEN');
    const again = await create(hvRevenue);
    expect(again.statusCode).toBe(409);

    const badField = await create(
      {
        ...hvRevenue,
        key: 'bad_one',
        spec: { kind: 'aggregate', fn: 'count_distinct', field: 'amount', filter: { types: ['order', 'nonsense'] } },
      },
      hr,
      'en-US',
    );
    expect(badField.statusCode).toBe(400);
    const errors = badField.json().errors as { field: string; code: string; message: string }[];
    expect(errors.map((e) => e.field).sort()).toEqual(['spec.field', 'spec.filter.types.1']);
    expect(errors.find((e) => e.field === 'spec.field')!.message).toMatch(/distinct count/);

    const badRatio = await create({
      key: 'bad_ratio',
      name: { 'zh-CN': '坏比率', 'en-US': 'Bad ratio' },
      unit: 'CNY',
      spec: { kind: 'ratio', numerator: 'no_such_metric', denominator: 'revenue' },
    });
    expect(badRatio.statusCode).toBe(400);
    expect(
      badRatio
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['spec.numerator', 'unit']);
    expect(badRatio.json().errors[0].message).toMatch(/[\u4e00-\u9fa5]/);

    const badKey = await create({ ...hvRevenue, key: 'Bad Key' });
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json().errors[0]).toMatchObject({ field: 'key', code: 'KEY_FORMAT' });

    const rows = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from metric_definitions where key like 'bad%'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('lets only admin and hr define metrics', async () => {
    const res = await create({ ...hvRevenue, key: 'by_manager' }, manager);
    expect(res.statusCode).toBe(403);
  });

  it('computes ratios and growth from other metrics, and refuses to archive what others are built on', async () => {
    const share = await create({
      key: 'hv_share',
      name: { 'zh-CN': '高价值客户金额占比', 'en-US': 'High-value share' },
      unit: 'ratio',
      spec: { kind: 'ratio', numerator: 'hv_revenue', denominator: 'revenue' },
    });
    expect(share.statusCode, share.body).toBe(201);
    expect(share.json().activityTypes).toEqual(['order']);
    expect(await metricValue('hv_share', '2026-03-01')).toBe('0.8571'); // 3000 / 3500
    const growth = await create({
      key: 'revenue_mom',
      name: { 'zh-CN': '订单金额环比', 'en-US': 'Revenue month on month' },
      unit: 'ratio',
      spec: { kind: 'growth', base: 'revenue', compare: 'previous' },
    });
    expect(growth.statusCode, growth.body).toBe(201);
    expect(await metricValue('revenue_mom', '2026-03-01')).toBe('2.5000'); // (3500 − 1000) / 1000
    expect(await metricValue('revenue_mom', '2026-02-01')).toBeNull(); // nothing in January to compare with

    const archive = await t.request({ method: 'DELETE', url: '/api/v1/metrics/hv_revenue', cookie: hr });
    expect(archive.statusCode).toBe(409);
    expect(archive.json().code).toBe('METRIC_IN_USE');
  });

  it('follows new and changed facts incrementally: aggregates, ratios, and growth of the next period', async () => {
    const res = await send([
      {
        externalId: 'o-4',
        type: 'order',
        employeeNo: person.employeeNo,
        occurredAt: '2026-02-20T10:00:00+08:00',
        amount: '1000.00',
        customer: { externalId: 'C-3', tier: 'high_value' },
      },
    ]);
    expect(res.json()).toMatchObject({ accepted: 1 });
    expect(await metricValue('hv_revenue', '2026-02-01')).toBe('1000.00');
    expect(await metricValue('hv_share', '2026-02-01')).toBe('0.5000');
    // March did not change, but its growth compares with February, which did: (3500 − 2000) / 2000.
    expect(await metricValue('revenue_mom', '2026-03-01')).toBe('0.7500');
  });

  it('versions a changed definition, recomputes, and refuses an edit of a stale version', async () => {
    const res = await t.request({
      method: 'PUT',
      url: '/api/v1/metrics/hv_revenue',
      cookie: hr,
      body: {
        ...hvRevenue,
        name: { 'zh-CN': '重点客户订单金额', 'en-US': 'Key-account revenue' },
        spec: { ...hvRevenue.spec, filter: { types: ['order'], customerTiers: ['high_value', 'standard'] } },
        expectedVersion: 1,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, name: '重点客户订单金额', updatedBy: 'hr' });
    expect(await metricValue('hv_revenue', '2026-03-01')).toBe('3500.00');
    // What is built on it follows.
    expect(await metricValue('hv_share', '2026-03-01')).toBe('1.0000');

    const stale = await t.request({
      method: 'PUT',
      url: '/api/v1/metrics/hv_revenue',
      cookie: admin,
      body: { ...hvRevenue, expectedVersion: 1 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('METRIC_VERSION_CONFLICT');

    const builtin = await t.request({
      method: 'PUT',
      url: '/api/v1/metrics/revenue',
      cookie: admin,
      body: { ...hvRevenue, expectedVersion: 1 },
    });
    expect(builtin.statusCode).toBe(409);
    expect(builtin.json().code).toBe('METRIC_READONLY');

    const versions = (await t.request({ url: '/api/v1/metrics/hv_revenue/versions', cookie: hr })).json();
    expect(versions.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions.items[1].spec.filter.customerTiers).toEqual(['high_value']);
    const audit = await queryRows<{ action: string }>(
      t.database.db,
      sql`select action from audit_events where entity_type = 'metric' and entity_id = 'hv_revenue' order by seq`,
    );
    expect(audit.map((a) => a.action)).toEqual(['metric.created', 'metric.changed']);
  });

  it('drills down to exactly the facts a custom aggregate counts', async () => {
    await t.request({
      method: 'PUT',
      url: '/api/v1/metrics/online_orders',
      cookie: hr,
      body: {
        name: { 'zh-CN': '线上订单数', 'en-US': 'Online orders' },
        unit: 'count',
        spec: {
          kind: 'aggregate',
          fn: 'count',
          filter: { types: ['order'], attribute: { key: 'channel', values: ['online'] } },
        },
        expectedVersion: 1,
      },
    });
    const facts = (
      await t.request({
        url: `/api/v1/activities?employeeId=${person.id}&metric=online_orders&from=2026-03-01&to=2026-03-31`,
        cookie: hr,
      })
    ).json();
    expect(facts.items.map((a: { externalId: string }) => a.externalId)).toEqual(['o-2']);
  });

  it('archives a metric: it leaves the catalog and its values go, its history stays', async () => {
    expect((await t.request({ method: 'DELETE', url: '/api/v1/metrics/channels', cookie: hr })).statusCode).toBe(204);
    const catalog = (await t.request({ url: '/api/v1/metrics', cookie: hr })).json().items as { key: string }[];
    expect(catalog.map((m) => m.key)).not.toContain('channels');
    const left = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from metric_values where metric_key = 'channels'`,
    );
    expect(left[0].n).toBe(0);
    const versions = (await t.request({ url: '/api/v1/metrics/channels/versions', cookie: hr })).json();
    expect(versions.items[0]).toMatchObject({ version: 2, active: false });
    // The key stays taken, so old audit entries keep meaning one thing.
    expect((await create({ ...hvRevenue, key: 'channels' })).statusCode).toBe(409);
  });

  it('is invisible to another organization', async () => {
    const other = await t.login('admin.b');
    const items = (await t.request({ url: '/api/v1/metrics', cookie: other })).json().items as { key: string }[];
    expect(items.map((m) => m.key)).not.toContain('hv_revenue');
    const versions = await t.request({ url: '/api/v1/metrics/hv_revenue/versions', cookie: other });
    expect(versions.statusCode).toBe(404);
    const put = await t.request({
      method: 'PUT',
      url: '/api/v1/metrics/hv_revenue',
      cookie: other,
      body: { ...hvRevenue, expectedVersion: 2 },
    });
    expect(put.statusCode).toBe(404);
  });
});

describe('manual metrics', () => {
  const enter = (body: Record<string, unknown>, cookie = hr) =>
    t.request({ method: 'PUT', url: '/api/v1/metric-values/manual', cookie, body });

  it('takes entered values per person and period, and what is built on them follows', async () => {
    const made = await create({
      key: 'key_accounts',
      name: { 'zh-CN': '重点客户数（手工）', 'en-US': 'Key accounts (manual)' },
      unit: 'count',
      spec: { kind: 'manual' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const perAccount = await create({
      key: 'revenue_per_account',
      name: { 'zh-CN': '每个重点客户订单金额', 'en-US': 'Revenue per key account' },
      unit: 'score',
      spec: { kind: 'ratio', numerator: 'revenue', denominator: 'key_accounts' },
    });
    expect(perAccount.statusCode, perAccount.body).toBe(201);

    const res = await enter({
      metric: 'key_accounts',
      employeeId: person.id,
      periodType: 'month',
      periodStart: '2026-03-01',
      value: 7,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ value: '7.00' });
    const point = (await points('key_accounts')).find((p) => p.periodStart === '2026-03-01');
    expect(point).toMatchObject({ value: '7.00', source: 'manual' });
    expect(await metricValue('revenue_per_account', '2026-03-01')).toBe('500.00'); // 3500 / 7

    // A manager enters for their own people.
    expect(
      (
        await enter(
          { metric: 'key_accounts', employeeId: person.id, periodType: 'month', periodStart: '2026-03-01', value: '5' },
          manager,
        )
      ).statusCode,
    ).toBe(200);
    expect(await metricValue('revenue_per_account', '2026-03-01')).toBe('700.00');

    const cleared = await enter({
      metric: 'key_accounts',
      employeeId: person.id,
      periodType: 'month',
      periodStart: '2026-03-01',
      value: null,
    });
    expect(cleared.json().value).toBeNull();
    expect(await metricValue('revenue_per_account', '2026-03-01')).toBeNull();
    const audit = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_events where action = 'metric.value_entered' and entity_id = ${person.id}`,
    );
    expect(audit[0].n).toBe(3);
  });

  it('refuses a period that does not start where it should, a computed metric, and people out of scope', async () => {
    const notStart = await enter({
      metric: 'key_accounts',
      employeeId: person.id,
      periodType: 'quarter',
      periodStart: '2026-02-01',
      value: 1,
    });
    expect(notStart.statusCode).toBe(400);
    expect(notStart.json().errors[0]).toMatchObject({ field: 'periodStart', code: 'PERIOD_START_INVALID' });
    const week = await enter({
      metric: 'key_accounts',
      employeeId: person.id,
      periodType: 'week',
      periodStart: '2026-03-02',
      value: 1,
    });
    expect(week.statusCode).toBe(200); // a Monday
    const computed = await enter({
      metric: 'revenue',
      employeeId: person.id,
      periodType: 'month',
      periodStart: '2026-03-01',
      value: 1,
    });
    expect(computed.statusCode).toBe(400);
    expect(computed.json().code).toBe('METRIC_NOT_MANUAL');
    const notMine = await enter(
      { metric: 'key_accounts', employeeId: outsider.id, periodType: 'month', periodStart: '2026-03-01', value: 1 },
      manager,
    );
    expect(notMine.statusCode).toBe(404);
    const self = await enter(
      {
        metric: 'key_accounts',
        employeeId: t.template.companyA.users.manager.employeeId,
        periodType: 'month',
        periodStart: '2026-03-01',
        value: 9,
      },
      manager,
    );
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('SELF_ENTRY_FORBIDDEN');
    const employee = await enter(
      { metric: 'key_accounts', employeeId: person.id, periodType: 'month', periodStart: '2026-03-01', value: 1 },
      await t.login('employee'),
    );
    expect(employee.statusCode).toBe(403);
    const bad = await enter({
      metric: 'key_accounts',
      employeeId: person.id,
      periodType: 'month',
      periodStart: '2026-03-01',
      value: '1.23456',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'value', code: 'VALUE_INVALID' });
  });
});

describe('custom activity types', () => {
  it('lets an admin add a type that sources may then send and metrics may count', async () => {
    const refused = await send([
      {
        externalId: 'ts-0',
        type: 'trade_show',
        employeeNo: person.employeeNo,
        occurredAt: '2026-03-09T10:00:00+08:00',
      },
    ]);
    expect(refused.json()).toMatchObject({ accepted: 0, rejected: [{ index: 0, code: 'UNKNOWN_ACTIVITY_TYPE' }] });

    const byHr = await t.request({
      method: 'POST',
      url: '/api/v1/activity-types',
      cookie: hr,
      body: { key: 'trade_show', name: { 'zh-CN': '展会', 'en-US': 'Trade show' } },
    });
    expect(byHr.statusCode).toBe(403);
    const made = await t.request({
      method: 'POST',
      url: '/api/v1/activity-types',
      cookie: admin,
      body: { key: 'trade_show', name: { 'zh-CN': '展会', 'en-US': 'Trade show' } },
    });
    expect(made.statusCode, made.body).toBe(201);
    const dup = await t.request({
      method: 'POST',
      url: '/api/v1/activity-types',
      cookie: admin,
      body: { key: 'visit', name: { 'zh-CN': '拜访', 'en-US': 'Visit' } },
    });
    expect(dup.statusCode).toBe(409);

    const accepted = await send([
      {
        externalId: 'ts-1',
        type: 'trade_show',
        employeeNo: person.employeeNo,
        occurredAt: '2026-03-09T10:00:00+08:00',
      },
    ]);
    expect(accepted.json()).toMatchObject({ accepted: 1 });
    const metric = await create({
      key: 'trade_shows',
      name: { 'zh-CN': '参展次数', 'en-US': 'Trade shows' },
      unit: 'count',
      spec: { kind: 'aggregate', fn: 'count', filter: { types: ['trade_show'] } },
    });
    expect(metric.statusCode, metric.body).toBe(201);
    expect(await metricValue('trade_shows', '2026-03-01')).toBe('1.00');

    const types = (await t.request({ url: '/api/v1/activity-types', cookie: manager })).json().items;
    expect(types.find((x: { key: string }) => x.key === 'trade_show')).toMatchObject({ name: '展会', builtin: false });

    const inUse = await t.request({
      method: 'PATCH',
      url: '/api/v1/activity-types/trade_show',
      cookie: admin,
      body: { active: false },
    });
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().code).toBe('ACTIVITY_TYPE_IN_USE');
    const builtin = await t.request({
      method: 'PATCH',
      url: '/api/v1/activity-types/visit',
      cookie: admin,
      body: { active: false },
    });
    expect(builtin.statusCode).toBe(409);
    const other = await t.login('admin.b');
    const otherTypes = (await t.request({ url: '/api/v1/activity-types', cookie: other })).json().items;
    expect(otherTypes.map((x: { key: string }) => x.key)).not.toContain('trade_show');
  });
});

describe('imports', () => {
  const runImport = async (kind: string, csv: string[], options: Record<string, unknown>) => {
    const up = await uploadFile(t, hr, kind, 'file.csv', Buffer.from(csv.join('\n')), 'text/csv');
    expect(up.statusCode, up.body).toBe(201);
    const checked = await t.request({
      method: 'PUT',
      url: `/api/v1/imports/${up.json().id}/mapping`,
      cookie: hr,
      body: { mapping: up.json().suggestedMapping, options },
    });
    expect(checked.statusCode, checked.body).toBe(200);
    const commit = await t.request({
      method: 'POST',
      url: `/api/v1/imports/${up.json().id}/commit`,
      cookie: hr,
      body: { mode: 'valid_only' },
    });
    expect(commit.statusCode, commit.body).toBeLessThan(300);
    return { checked: checked.json(), done: await settled(t, hr, up.json().id) };
  };

  it('brings values of manual metrics from files by their Chinese name, and what is built on them follows', async () => {
    const { checked } = await runImport(
      'metric_values',
      [
        '工号,指标,周期,数值',
        `${person.employeeNo},重点客户数（手工）,2026-03,10`,
        `${person.employeeNo},没有这个,2026-03,1`,
      ],
      { periodType: 'month' },
    );
    expect(checked).toMatchObject({ validCount: 1, invalidCount: 1 });
    expect((await points('key_accounts')).find((p) => p.periodStart === '2026-03-01')).toMatchObject({
      value: '10.00',
      source: 'imported',
    });
    expect(await metricValue('revenue_per_account', '2026-03-01')).toBe('350.00'); // 3500 / 10
  });

  it('reads an organization’s own activity types by name in activity files and flags unknown ones', async () => {
    const { checked } = await runImport(
      'activities',
      ['日期,工号,类型', `2026/3/20,${person.employeeNo},展会`, `2026/3/21,${person.employeeNo},火星探险`],
      {},
    );
    expect(checked).toMatchObject({ validCount: 1, invalidCount: 1 });
    expect(checked.preview[0].values.type).toBe('trade_show');
    expect(checked.preview[1].errors[0]).toMatchObject({ field: 'type', code: 'UNKNOWN_ACTIVITY_TYPE' });
    expect(await metricValue('trade_shows', '2026-03-01')).toBe('2.00');
  });
});

describe('full rebuild', () => {
  it('equals the incrementally maintained values, custom and derived metrics included', async () => {
    const snapshot = () =>
      queryRows<{ k: string }>(
        t.database.db,
        sql`select metric_key || '|' || period_type || '|' || period_start || '|' || employee_id || '|' || value as k
            from metric_values where org_id = ${t.template.companyA.orgId} order by 1`,
      );
    const before = await snapshot();
    expect(before.some((r) => r.k.startsWith('revenue_mom|'))).toBe(true);
    expect(before.some((r) => r.k.startsWith('hv_share|'))).toBe(true);
    await t.database.db.transaction((tx) => rebuildMetricValues(tx, t.template.companyA.orgId));
    expect(await snapshot()).toEqual(before);
  });
});
