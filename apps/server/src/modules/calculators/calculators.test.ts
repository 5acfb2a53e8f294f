import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { DEMO_CITY_WAGE_SOURCE, seedDemoCityWages } from './demo-city-wages';

let t: TestContext;
const c = {} as Record<'admin' | 'hr' | 'manager' | 'employee' | 'adminB' | 'hrB', string>;

const contractExample = {
  monthlyWage: '10000.00',
  startDate: '2022-03-01',
  endDate: '2025-10-01',
  ground: 'art40_2',
  localAverageMonthlyWage: '12307.00',
};

const severance = (cookie: string, body: unknown, lang?: string) =>
  t.request({
    method: 'POST',
    url: '/api/v1/calculators/severance',
    cookie,
    body,
    headers: lang ? { 'accept-language': lang } : undefined,
  });
const saveWage = (cookie: string, body: unknown) =>
  t.request({ method: 'POST', url: '/api/v1/calculators/city-wages', cookie, body });
const listWages = (cookie: string, query = '') => t.request({ url: `/api/v1/calculators/city-wages${query}`, cookie });
const deleteWage = (cookie: string, id: string) =>
  t.request({ method: 'DELETE', url: `/api/v1/calculators/city-wages/${id}`, cookie });
const auditCount = async (orgId: string, action?: string) =>
  (
    await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from audit_events where org_id = ${orgId} ${action ? sql`and action = ${action}` : sql``}`,
    )
  )[0].n;

beforeAll(async () => {
  t = await createTestContext();
  for (const r of ['admin', 'hr', 'manager', 'employee'] as const) c[r] = await t.login(r);
  c.adminB = await t.login('admin.b');
  c.hrB = await t.login('hr.b');
  // The shipped (demo) figures, as the demo bootstrap seeds them; twice is the same as once.
  expect(await seedDemoCityWages(t.deps.db)).toBe(15);
  expect(await seedDemoCityWages(t.deps.db)).toBe(0);
});
afterAll(() => t.close());

describe('POST /api/v1/calculators/severance', () => {
  it('answers the API contract example exactly, every line explained in Chinese by default', async () => {
    const res = await severance(c.hr, contractExample);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      monthsOfPay: '4',
      base: '10000.00',
      severance: '40000.00',
      noticePay: '10000.00',
      unlawfulDamages: '80000.00',
      lawfulTotal: '50000.00',
      isCapped: false,
      service: { years: 3, months: 7, days: 1 },
      localAverage: { value: '12307.00', origin: 'input', city: null, year: null },
    });
    const keys = body.lines.map((l: { key: string }) => l.key);
    expect(keys).toEqual([
      'service',
      'fullYears',
      'remainder',
      'localAverage',
      'wageCap',
      'base',
      'monthsOfPay',
      'severance',
      'noticePay',
      'lawfulTotal',
      'unlawfulDamages',
    ]);
    for (const line of body.lines) {
      expect(Object.keys(line).sort()).toEqual(['explanation', 'key', 'label', 'unit', 'value']);
      expect(line.label.length).toBeGreaterThan(0);
      expect(line.explanation).toMatch(/第[一二三四五六七八九十]+条/);
    }
    const line = (key: string) => body.lines.find((l: { key: string }) => l.key === key);
    expect(line('service').value).toBe('3 年 7 个月 1 天');
    expect(line('remainder')).toMatchObject({ value: '1', label: '不满一年的部分（半月规则）' });
    expect(line('severance').explanation).toContain('10,000.00 × 4 = 40,000.00');
    expect(line('noticePay').explanation).toContain('第二十条');
    expect(line('unlawfulDamages').explanation).toContain('第八十七条');
  });

  it('answers in English for Accept-Language en-US', async () => {
    const res = await severance(c.manager, contractExample, 'en-US');
    expect(res.statusCode).toBe(200);
    const lines = res.json().lines as { key: string; label: string; value: string; explanation: string }[];
    expect(lines.find((l) => l.key === 'severance')).toMatchObject({ label: 'Severance', value: '40000.00' });
    expect(lines.find((l) => l.key === 'service')?.value).toBe('3 years 7 months 1 day');
    for (const l of lines) expect(l.explanation).toMatch(/Art\. \d+/);
  });

  it('the worked vector of 0 years 3 months: half a month', async () => {
    const res = await severance(c.hr, { ...contractExample, startDate: '2025-01-01', endDate: '2025-03-31' });
    expect(res.json()).toMatchObject({ monthsOfPay: '0.5', severance: '5000.00', unlawfulDamages: '10000.00' });
  });

  it('a misconduct dismissal owes nothing, but shows the unlawful-termination risk', async () => {
    const res = await severance(c.hr, { ...contractExample, ground: 'art39', monthlyWage: 10000 });
    expect(res.json()).toMatchObject({ severance: '0.00', noticePay: '0.00', unlawfulDamages: '80000.00' });
  });

  it('refuses a termination date before the start with its own code, in the caller’s language, changing nothing', async () => {
    const orgId = t.template.companyA.orgId;
    const before = await auditCount(orgId);
    const body = { ...contractExample, startDate: '2025-10-02' };
    const zh = await severance(c.hr, body, 'zh-CN');
    expect(zh.statusCode).toBe(422);
    expect(zh.headers['content-type']).toContain('application/problem+json');
    expect(zh.json()).toMatchObject({
      code: 'SEVERANCE_END_BEFORE_START',
      detail: '解除或终止日期早于入职日期，无法计算工作年限。',
      errors: [{ field: 'endDate', code: 'SEVERANCE_END_BEFORE_START' }],
    });
    const en = await severance(c.hr, body, 'en-US');
    expect(en.json()).toMatchObject({
      code: 'SEVERANCE_END_BEFORE_START',
      detail: 'The termination date is before the start date; no length of service can be computed.',
    });
    // Also with a city: the dates are checked first.
    const withCity = await severance(c.hr, { ...body, localAverageMonthlyWage: undefined, city: 'nowhere' });
    expect(withCity.json().code).toBe('SEVERANCE_END_BEFORE_START');
    expect(await auditCount(orgId)).toBe(before);
  });

  it('needs exactly one of the average and the city; checks money and grounds', async () => {
    const neither = await severance(c.hr, { ...contractExample, localAverageMonthlyWage: undefined }, 'en-US');
    expect(neither.statusCode).toBe(400);
    expect(neither.json().errors).toEqual([
      {
        field: 'localAverageMonthlyWage',
        code: 'AVERAGE_OR_CITY',
        message: 'Give either the local average monthly wage or a city, not both',
      },
    ]);
    const both = await severance(c.hr, { ...contractExample, city: 'shanghai' });
    expect(both.json().errors[0].code).toBe('AVERAGE_OR_CITY');
    const bad = await severance(c.hr, {
      ...contractExample,
      monthlyWage: '-1',
      localAverageMonthlyWage: '0',
      ground: 'art99',
      endDate: '2025-02-30',
    });
    expect(bad.statusCode).toBe(400);
    const fields = Object.fromEntries(
      bad.json().errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    ) as Record<string, string>;
    expect(fields).toMatchObject({
      monthlyWage: 'AMOUNT_INVALID',
      localAverageMonthlyWage: 'AMOUNT_NOT_POSITIVE',
      ground: 'invalid_value',
    });
    expect(fields.endDate).toBeDefined();
  });

  it('is refused to employees', async () => {
    const res = await severance(c.employee, contractExample);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
    expect((await listWages(c.employee)).statusCode).toBe(403);
  });
});

describe('city average wages', () => {
  const byCity = { ...contractExample, localAverageMonthlyWage: undefined, city: 'Shanghai ' };

  it('the calculator uses the figure of the year before the termination, the organization’s before Stride’s', async () => {
    const shipped = await severance(c.hr, byCity);
    expect(shipped.statusCode, shipped.body).toBe(200);
    expect(shipped.json().localAverage).toEqual({
      value: '12434.00',
      origin: 'shipped',
      city: 'shanghai',
      year: 2024,
      source: DEMO_CITY_WAGE_SOURCE,
    });
    expect(shipped.json().lines.find((l: { key: string }) => l.key === 'localAverage').explanation).toContain(
      '上海 2024 年度',
    );

    const before = await auditCount(t.template.companyA.orgId, 'city_wage.created');
    const created = await saveWage(c.hr, {
      city: 'shanghai',
      year: 2024,
      averageMonthlyWage: '12500.00',
      source: '上海市人社局通知',
      publishedOn: '2025-07-01',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ scope: 'org', averageMonthlyWage: '12500.00', isOverridden: false });
    expect(await auditCount(t.template.companyA.orgId, 'city_wage.created')).toBe(before + 1);

    const own = await severance(c.hr, { ...byCity, monthlyWage: '50000' });
    expect(own.json()).toMatchObject({
      localAverage: { value: '12500.00', origin: 'org', year: 2024, source: '上海市人社局通知' },
      isCapped: true,
      base: '37500.00',
      severance: '150000.00',
    });

    // A correction replaces the organization's figure (200) and is audited with before and after.
    const corrected = await saveWage(c.admin, { city: 'shanghai', year: 2024, averageMonthlyWage: '12600' });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json()).toMatchObject({ id: created.json().id, averageMonthlyWage: '12600.00', source: null });
    const [audit] = await queryRows<{ before: { averageMonthlyWage: string }; after: { averageMonthlyWage: string } }>(
      t.deps.db,
      sql`select before, after from audit_events where action = 'city_wage.updated' and entity_id = ${created.json().id}`,
    );
    expect(audit).toMatchObject({
      before: { averageMonthlyWage: '12500.00' },
      after: { averageMonthlyWage: '12600.00' },
    });

    // The list shows both, the replaced shipped figure marked; another organization still uses Stride's.
    const list = (await listWages(c.manager, '?city=shanghai')).json().items as {
      year: number;
      scope: string;
      isOverridden: boolean;
    }[];
    expect(list.filter((x) => x.year === 2024).map((x) => [x.scope, x.isOverridden])).toEqual([
      ['org', false],
      ['shipped', true],
    ]);
    const other = await severance(c.hrB, byCity);
    expect(other.json().localAverage).toMatchObject({ value: '12434.00', origin: 'shipped' });
  });

  it('answers CITY_WAGE_UNKNOWN naming the city and year when there is no figure', async () => {
    const unknownCity = await severance(c.hr, { ...byCity, city: 'chengdu' }, 'en-US');
    expect(unknownCity.statusCode).toBe(422);
    expect(unknownCity.json()).toMatchObject({
      code: 'CITY_WAGE_UNKNOWN',
      errors: [{ field: 'city', message: 'No average monthly wage for chengdu in 2024' }],
    });
    const unknownYear = await severance(c.hr, { ...byCity, endDate: '2031-05-01' });
    expect(unknownYear.json().code).toBe('CITY_WAGE_UNKNOWN');
    expect(unknownYear.json().errors[0].message).toBe('没有上海（shanghai） 2030 年度的职工月平均工资');
  });

  it('keeps organizations apart: another organization’s figures are neither listed, used nor deletable', async () => {
    const b = await saveWage(c.adminB, { city: 'hangzhou', year: 2024, averageMonthlyWage: '99999.00' });
    expect(b.statusCode).toBe(201);
    const listA = (await listWages(c.hr)).json().items as { id: string; city: string; scope: string }[];
    expect(listA.map((x) => x.id)).not.toContain(b.json().id);
    const used = await severance(c.hr, { ...byCity, city: 'hangzhou' });
    expect(used.json().localAverage).toMatchObject({ origin: 'shipped', value: '11500.00' });

    const del = await deleteWage(c.hr, b.json().id);
    expect(del.statusCode).toBe(404);
    expect(del.json().code).toBe('CITY_WAGE_NOT_FOUND');
    const missing = await deleteWage(c.hr, '00000000-0000-4000-8000-000000000000');
    expect(missing.json().detail).toBe(del.json().detail);
    expect((await listWages(c.adminB, '?city=hangzhou')).json().items.map((x: { id: string }) => x.id)).toContain(
      b.json().id,
    );
  });

  it('deletes only the organization’s own figures, audited; Stride’s are kept', async () => {
    const shippedRow = (await listWages(c.hr, '?city=beijing')).json().items[0];
    expect(shippedRow.scope).toBe('shipped');
    const refused = await deleteWage(c.admin, shippedRow.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('CITY_WAGE_SHIPPED');

    const own = (await saveWage(c.hr, { city: 'beijing', year: 2023, averageMonthlyWage: '11000' })).json();
    const before = await auditCount(t.template.companyA.orgId, 'city_wage.deleted');
    expect((await deleteWage(c.hr, own.id)).statusCode).toBe(204);
    expect(await auditCount(t.template.companyA.orgId, 'city_wage.deleted')).toBe(before + 1);
    expect((await deleteWage(c.hr, own.id)).statusCode).toBe(404);
    const ids = (await listWages(c.hr, '?city=beijing')).json().items.map((x: { id: string }) => x.id);
    expect(ids).toContain(shippedRow.id);
    expect(ids).not.toContain(own.id);
  });

  it('only admin and hr maintain figures; managers read them; bad input is refused', async () => {
    for (const [role, code] of [
      ['manager', 403],
      ['employee', 403],
    ] as const) {
      expect((await saveWage(c[role], { city: 'shanghai', year: 2023, averageMonthlyWage: '1' })).statusCode).toBe(
        code,
      );
      const anyRow = (await listWages(c.hr)).json().items[0].id;
      expect((await deleteWage(c[role], anyRow)).statusCode).toBe(code);
    }
    expect((await listWages(c.manager)).statusCode).toBe(200);
    const bad = await saveWage(c.hr, { city: '上海', year: 1800, averageMonthlyWage: '0' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)
        .sort(),
    ).toEqual(['averageMonthlyWage:AMOUNT_NOT_POSITIVE', 'city:CITY_INVALID', 'year:too_small']);
  });
});
