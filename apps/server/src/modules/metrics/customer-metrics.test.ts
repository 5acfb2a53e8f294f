import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { drainMetricPeriods, rebuildMetricValues } from './metrics.service';

// 新客户数 (new_customers): a customer counts once, for whoever took its first order with the organization, in
// the period of that order. Late facts move it: an earlier order arriving months later, a voided first order.
// 高价值客户留存 (high_value_customers_retained): high-value customers a person served in the period and in the one
// before; a fact in one period changes the next period's value.

let t: TestContext;
let hr: string;
let key: string;
let orgId: string;
let first: { id: string; employeeNo: string };
let second: { id: string; employeeNo: string };

const send = (activities: unknown[]) =>
  t.request({
    method: 'POST',
    url: '/api/v1/activities',
    body: { activities },
    headers: { authorization: `Bearer ${key}` },
    origin: null,
  });
const order = (externalId: string, who: { employeeNo: string }, at: string, customer: string, extra = {}) => ({
  externalId,
  type: 'order',
  employeeNo: who.employeeNo,
  occurredAt: at,
  amount: '1000.00',
  customer: { externalId: customer, name: `客户${customer}` },
  ...extra,
});
/** The stored month value of a metric (new_customers by default) of a person (undefined: no value). */
const monthValue = async (who: { id: string }, month: string, metric = 'new_customers') => {
  const body = (
    await t.request({
      url: `/api/v1/metric-values?employeeId=${who.id}&metric=${metric}&periodType=month&from=${month}&to=${month}`,
      cookie: hr,
    })
  ).json();
  return (body.points as { periodStart: string; value: string | null }[]).find((p) => p.periodStart === month)?.value;
};
const drill = async (who: { id: string }, from: string, to: string, metric = 'new_customers') =>
  (
    await t.request({
      url: `/api/v1/activities?employeeId=${who.id}&metric=${metric}&from=${from}&to=${to}&limit=100`,
      cookie: hr,
    })
  )
    .json()
    .items.map((x: { externalId: string }) => x.externalId)
    .sort();

/** The month team value of a metric for the unit a person is in now. */
const teamValue = async (who: { id: string }, metric: string, periodStart: string) => {
  const [{ unit_id }] = await queryRows<{ unit_id: string }>(
    t.deps.db,
    sql`select unit_id::text from employees where id = ${who.id}`,
  );
  return (
    await t.request({
      url: `/api/v1/metric-values/team?unitId=${unit_id}&metric=${metric}&periodType=month&periodStart=${periodStart}`,
      cookie: hr,
    })
  ).json();
};
/** Every stored value of the two customer metrics of the organization, in a fixed order. */
const storedValues = () =>
  queryRows<{ employee_id: string; metric_key: string; period_type: string; period_start: string; value: string }>(
    t.deps.db,
    sql`select employee_id::text, metric_key, period_type, period_start::text, value::text from metric_values
        where org_id = ${orgId} and metric_key in ('new_customers', 'high_value_customers_retained') order by 1, 2, 3, 4`,
  );

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = new Date('2026-11-27T04:00:00Z');
  hr = await t.login('hr');
  const admin = await t.login('admin');
  key = await t.integrationKey(admin, 'erp_nc');
  orgId = t.template.companyA.orgId;
  const people = await queryRows<{ id: string; employee_no: string }>(
    t.deps.db,
    sql`select id::text as id, employee_no from employees where org_id = ${orgId} and status = 'regular'
        and employee_no is not null order by employee_no limit 2`,
  );
  [first, second] = people.map((p) => ({ id: p.id, employeeNo: p.employee_no }));
});
afterAll(() => t.close());

describe('customer metrics', () => {
  it('are in the library, each saying what it counts in the caller’s language', async () => {
    const library = async (locale: string) =>
      (await t.request({ url: '/api/v1/metrics', cookie: hr, headers: { 'accept-language': locale } })).json()
        .items as { key: string; name: string; description: string | null; builtin: boolean }[];
    const zh = await library('zh-CN');
    const en = await library('en-US');
    expect(zh.find((m) => m.key === 'new_customers')).toMatchObject({ name: '新客户数', builtin: true });
    expect(zh.find((m) => m.key === 'new_customers')?.description).toContain('第一次下单');
    expect(en.find((m) => m.key === 'high_value_customers_retained')?.description).toContain('period before');
    // Every built-in metric explains itself.
    expect(en.filter((m) => m.builtin).every((m) => (m.description ?? '').length > 5)).toBe(true);
  });

  it('credits a customer to the first order only, once however often it orders', async () => {
    const res = await send([
      order('nc-1', first, '2026-09-10T10:00:00+08:00', 'NC-1'),
      order('nc-2', first, '2026-09-12T10:00:00+08:00', 'NC-1'),
      order('nc-3', first, '2026-09-15T10:00:00+08:00', 'NC-2'),
      order('nc-4', second, '2026-10-05T10:00:00+08:00', 'NC-1'),
      // No customer named: an order, never a new customer.
      { ...order('nc-5', second, '2026-10-06T10:00:00+08:00', 'x'), customer: undefined },
    ]);
    expect(res.json()).toMatchObject({ accepted: 5, rejected: [] });
    expect(await monthValue(first, '2026-09-01')).toBe('2.00');
    // The second person sold to NC-1 later: a repeat order, not a new customer (but a value of 0: they sold).
    expect(await monthValue(second, '2026-10-01')).toBe('0.00');
    expect(await drill(first, '2026-09-01', '2026-09-30')).toEqual(['nc-1', 'nc-3']);
    expect(await drill(second, '2026-10-01', '2026-10-31')).toEqual([]);
  });

  it('moves the customer when an earlier order arrives late, and back when that order is voided', async () => {
    // A back-dated order of NC-1 by the second person (an ERP correction): NC-1 was theirs first.
    const late = order('nc-0', second, '2026-08-20T10:00:00+08:00', 'NC-1');
    expect((await send([late])).json()).toMatchObject({ accepted: 1 });
    expect(await monthValue(second, '2026-08-01')).toBe('1.00');
    // The first person's September, which the late fact did not touch, follows in the same answer.
    expect(await monthValue(first, '2026-09-01')).toBe('1.00');
    expect(await drill(first, '2026-09-01', '2026-09-30')).toEqual(['nc-3']);

    // The back-dated order is voided: NC-1 goes back to the first person's September.
    expect((await send([{ ...late, voided: true }])).json()).toMatchObject({ updated: 1 });
    // Nothing of theirs counts in August any more: no value at all.
    expect(await monthValue(second, '2026-08-01')).toBeUndefined();
    expect(await monthValue(first, '2026-09-01')).toBe('2.00');

    // A corrected order that changes its customer: nc-1 was NC-1's first order; NC-1's next order (nc-2) takes over.
    const moved = order('nc-1', first, '2026-09-10T10:00:00+08:00', 'NC-3');
    expect((await send([moved])).json()).toMatchObject({ updated: 1 });
    expect(await drill(first, '2026-09-01', '2026-09-30')).toEqual(['nc-1', 'nc-2', 'nc-3']);
    expect(await monthValue(first, '2026-09-01')).toBe('3.00');
  });

  it('counts the high-value customers served again after the period before, and follows late facts', async () => {
    const serve = (externalId: string, type: string, day: string, customer: string, tier = 'high_value') => ({
      externalId,
      type,
      employeeNo: second.employeeNo,
      occurredAt: `${day}T15:00:00+08:00`,
      customer: { externalId: customer, name: `客户${customer}`, tier },
      ...(type === 'order' ? { amount: '500.00' } : {}),
    });
    const res = await send([
      serve('hv-1', 'visit', '2026-06-03', 'HV-A'),
      serve('hv-2', 'call', '2026-06-04', 'HV-B'),
      serve('hv-3', 'order', '2026-07-08', 'HV-A'),
      serve('hv-4', 'visit', '2026-07-09', 'HV-C'),
      serve('hv-5', 'meeting', '2026-07-10', 'HV-A'),
      serve('hv-6', 'call', '2026-07-11', 'N-A', 'standard'),
      // A refund or a lost deal is not serving the customer.
      serve('hv-7', 'refund', '2026-06-05', 'HV-C'),
    ]);
    expect(res.json()).toMatchObject({ accepted: 7, rejected: [] });
    // July: HV-A served in June and again in July; HV-C only now; the ordinary customer does not count.
    expect(await monthValue(second, '2026-07-01', 'high_value_customers_retained')).toBe('1.00');
    expect(await monthValue(second, '2026-06-01', 'high_value_customers_retained')).toBe('0.00');
    expect(await drill(second, '2026-07-01', '2026-07-31', 'high_value_customers_retained')).toEqual(['hv-3', 'hv-5']);
    // The drill-down needs a whole period: against which period before would 2 to 31 July compare?
    const partial = await t.request({
      url: `/api/v1/activities?employeeId=${second.id}&metric=high_value_customers_retained&from=2026-07-02&to=2026-07-31`,
      cookie: hr,
      headers: { 'accept-language': 'en-US' },
    });
    expect(partial.statusCode).toBe(400);
    expect(partial.json().errors[0]).toMatchObject({ field: 'from', code: 'METRIC_NEEDS_PERIOD' });

    // A June call to HV-C arrives late: July (not touched by it) now counts HV-C as retained too.
    expect((await send([serve('hv-8', 'call', '2026-06-20', 'HV-C')])).json()).toMatchObject({ accepted: 1 });
    expect(await monthValue(second, '2026-07-01', 'high_value_customers_retained')).toBe('2.00');
    // The June visit to HV-A is voided: HV-A was not served in June after all.
    const voided = { ...serve('hv-1', 'visit', '2026-06-03', 'HV-A'), voided: true };
    expect((await send([voided])).json()).toMatchObject({ updated: 1 });
    expect(await monthValue(second, '2026-07-01', 'high_value_customers_retained')).toBe('1.00');
    expect(await drill(second, '2026-07-01', '2026-07-31', 'high_value_customers_retained')).toEqual(['hv-4']);

    // The team's value: the customers its people kept, each counted once.
    const team = await teamValue(second, 'high_value_customers_retained', '2026-07-01');
    expect(team).toMatchObject({ basis: 'facts', aggregation: 'team', total: '1.00' });
  });

  it('adds up over quarters, years and teams, and a full rebuild gives the numbers kept incrementally', async () => {
    await drainMetricPeriods(t.deps.db, orgId);
    const quarter = (
      await t.request({
        url: `/api/v1/metric-values?employeeId=${first.id}&metric=new_customers&periodType=quarter&from=2026-07-01&to=2026-07-01`,
        cookie: hr,
      })
    ).json();
    expect(quarter.points.find((p: { periodStart: string }) => p.periodStart === '2026-07-01').value).toBe('3.00');
    const kept = await storedValues();
    await t.deps.db.transaction((tx) => rebuildMetricValues(tx, orgId));
    const rebuilt = await storedValues();
    expect(rebuilt).toEqual(kept);
    expect(kept.length).toBeGreaterThan(0);
    // Each customer of the organization is new exactly once: the persons' yearly values add up to the customers.
    const [{ customers, credited }] = await queryRows<{ customers: number; credited: number }>(
      t.deps.db,
      sql`select (select count(distinct customer_external_id)::int from activities a where a.org_id = ${orgId}
            and a.type = 'order' and not a.is_voided and a.customer_external_id is not null
            and extract(year from a.local_date) = 2026
            and not exists (select 1 from activities b where b.org_id = a.org_id and b.customer_external_id = a.customer_external_id
              and b.type = 'order' and not b.is_voided and b.occurred_at < a.occurred_at)
            and a.employee_id is not null) as customers,
          (select coalesce(sum(value), 0)::int from metric_values where org_id = ${orgId} and metric_key = 'new_customers'
            and period_type = 'year' and period_start = '2026-01-01') as credited`,
    );
    expect(credited).toBe(customers);
    // The first person's team in September: their three new customers, counted from the team's facts.
    const team = await teamValue(first, 'new_customers', '2026-09-01');
    expect(team.aggregation).toBe('sum');
    expect(team.items.find((r: { employee: { id: string } }) => r.employee.id === first.id).value).toBe('3.00');
  });
});
