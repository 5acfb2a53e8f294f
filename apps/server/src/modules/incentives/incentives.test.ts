import { randomUUID } from 'node:crypto';
import { DEFAULT_GRADE_SCALE } from '@stride/domain';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';

// Incentives through HTTP on a real database: commission plans (tier validation, statements with marginal tiers,
// accelerator and clawback, export), bonus schemes run on review cycles (draft → approved → payroll), the
// recommendations list, and who may see what.

let t: TestContext;
const c = {} as Record<'admin' | 'hr' | 'manager' | 'employee' | 'hrB', string>;
let orgA: string;
let self: string; // the signed-in employee
let inRegion: string; // a person in the manager's region
let outsider: string; // a person in another region
let outsiderNo: string;
const OCT = '2026-10-01';
const SEP = '2026-09-01';

const run = (q: ReturnType<typeof sql>) => t.deps.db.execute(q);
const send = (method: 'POST' | 'PUT', url: string, cookie: string, body: unknown, lang = 'zh-CN') =>
  t.request({ method, url, cookie, body, headers: { 'accept-language': lang } });
const get = (url: string, cookie: string, lang = 'zh-CN') =>
  t.request({ url, cookie, headers: { 'accept-language': lang } });
const count = async (table: string) =>
  (await queryRows<{ n: number }>(t.deps.db, sql`select count(*)::int as n from ${sql.raw(table)}`))[0].n;

const tiers = [
  { from: '0', to: '100000', rate: '2' },
  { from: '100000', to: '200000', rate: '3' },
  { from: '200000', to: null, rate: '5' },
];
const plan = (over: Record<string, unknown> = {}) => ({
  name: '销售提成 2026',
  metricKey: 'revenue',
  periodType: 'month',
  basis: 'amount',
  tiers,
  accelerator: '1.5',
  clawback: true,
  positionIds: [],
  isActive: true,
  ...over,
});

async function cycle(name: string, periodStart: string, stage: string, people: [string, string, number][]) {
  const [{ id }] = await queryRows<{ id: string }>(
    t.deps.db,
    sql`insert into review_cycles (org_id, name, kind, period_type, period_start, period_end, population, stage,
          grade_scale, published_at)
        values (${orgA}, ${name}, 'monthly', 'month', ${periodStart}, (${periodStart}::date + interval '1 month' - interval '1 day')::date,
          '{}'::jsonb, ${stage}, ${JSON.stringify({ name: '默认', bands: DEFAULT_GRADE_SCALE.bands, guideline: null })}::jsonb,
          ${stage === 'draft' ? null : `${periodStart}T10:00:00Z`})
        returning id::text`,
  );
  const [tpl] = await queryRows<{ id: string }>(
    t.deps.db,
    sql`insert into scorecard_templates (org_id, name, current_version) values (${orgA}, ${`模板 ${name}`}, 1)
        returning id::text`,
  );
  for (const [employeeId, grade, total] of people)
    await run(sql`insert into review_participants (org_id, cycle_id, employee_id, unit_id, position_id, tenure_stage,
            template_id, template_version, inputs, result, total, computed_grade, grade)
          select ${orgA}, ${id}, e.id, e.unit_id, e.position_id, 'tenured', ${tpl.id}, 1, '{}'::jsonb, '{}'::jsonb,
            ${total}, ${grade}, ${grade} from employees e where e.id = ${employeeId}`);
  return id;
}

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = new Date('2026-11-27T02:00:00Z');
  const { companyA, companyB } = t.template;
  orgA = companyA.orgId;
  for (const r of ['admin', 'hr', 'manager', 'employee'] as const) c[r] = await t.login(companyA.users[r].username);
  c.hrB = await t.login(companyB.users.hr.username);
  self = companyA.users.employee.employeeId;
  const list = async (q: string) =>
    (await get(`/api/v1/employees?${q}&status=regular&limit=50`, c.hr)).json().items as { id: string }[];
  inRegion = (await list(`unitId=${companyA.managedRegionId}`)).find(
    (e) => e.id !== self && e.id !== companyA.users.manager.employeeId,
  )!.id;
  outsider = (await list(`unitId=${companyA.otherRegionId}`))[0].id;
  outsiderNo = (await get(`/api/v1/employees/${outsider}`, c.hr)).json().employeeNo;
  // Clean slate for the figures the statements read.
  await run(sql`delete from metric_values where org_id = ${orgA} and metric_key = 'revenue' and period_start = ${OCT}`);
  await run(sql`delete from targets where org_id = ${orgA} and metric_key = 'revenue' and period_start = ${OCT}`);
  await run(sql`update activities set is_voided = true where org_id = ${orgA} and type = 'refund'
          and local_date between ${OCT} and '2026-10-31'`);
  await run(sql`insert into metric_values (org_id, metric_key, period_type, period_start, employee_id, value)
          values (${orgA}, 'revenue', 'month', ${OCT}, ${inRegion}, 250000), (${orgA}, 'revenue', 'month', ${OCT}, ${self}, 50000),
                 (${orgA}, 'revenue', 'month', ${OCT}, ${outsider}, 90000)`);
  await run(sql`insert into targets (org_id, employee_id, metric_key, period_type, period_start, value, status)
          values (${orgA}, ${inRegion}, 'revenue', 'month', ${OCT}, 200000, 'agreed')`);
  await run(sql`insert into activities (org_id, source, external_id, type, employee_id, person_ref, occurred_at, local_date,
            amount, content_hash)
          values (${orgA}, 'test', ${randomUUID()}, 'refund', ${inRegion}, '{}'::jsonb, '2026-10-15T02:00:00Z', '2026-10-15',
            10000, 'x')`);
}, 60_000);

afterAll(() => t?.close());

describe('commission plans', () => {
  let planId: string;

  it('refuses a tier table with a gap or an overlap with a specific error on each field, storing nothing', async () => {
    const before = await count('commission_plans');
    const res = await send(
      'POST',
      '/api/v1/commission-plans',
      c.hr,
      plan({
        tiers: [
          { from: '0', to: '100000', rate: '2' },
          { from: '120000', to: '200000', rate: '3' },
          { from: '150000', to: null, rate: '120' },
        ],
      }),
      'en-US',
    );
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('COMMISSION_TIERS_INVALID');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'tiers.1.from', code: 'TIER_GAP', message: expect.stringContaining('Gap') }),
        expect.objectContaining({ field: 'tiers.2.from', code: 'TIER_OVERLAP' }),
        expect.objectContaining({ field: 'tiers.2.rate', code: 'TIER_RATE_RANGE' }),
      ]),
    );
    const zh = await send(
      'POST',
      '/api/v1/commission-plans',
      c.hr,
      plan({ tiers: [{ from: '0', to: '1', rate: '1' }] }),
    );
    expect(zh.json().errors).toEqual([
      { field: 'tiers.0.to', code: 'TIER_LAST_NOT_OPEN', message: '最后一档不能设上限（留空）' },
    ]);
    expect(await count('commission_plans')).toBe(before);
  });

  it('lets only hr and admin write plans', async () => {
    expect((await send('POST', '/api/v1/commission-plans', c.manager, plan())).statusCode).toBe(403);
    expect((await send('POST', '/api/v1/commission-plans', c.employee, plan())).statusCode).toBe(403);
    const res = await send('POST', '/api/v1/commission-plans', c.hr, plan());
    expect(res.statusCode, res.body).toBe(200);
    planId = res.json().id;
    const audit = await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from audit_events where entity_id = ${planId} and action = 'commission_plan.created'`,
    );
    expect(audit[0].n).toBe(1);
  });

  it('edits with the version and refuses a stale one', async () => {
    const res = await send('PUT', `/api/v1/commission-plans/${planId}`, c.hr, {
      ...plan({ name: '销售提成' }),
      version: 1,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().version).toBe(2);
    const stale = await send('PUT', `/api/v1/commission-plans/${planId}`, c.hr, { ...plan(), version: 1 });
    expect(stale.json().code).toBe('COMMISSION_PLAN_VERSION_CONFLICT');
  });

  it('explains a statement: marginal tiers, the accelerator above 100% and the refund clawback', async () => {
    const res = await get(`/api/v1/commission-plans/${planId}/statements/${inRegion}?periodStart=${OCT}`, c.hr);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    // 250,000 revenue − 10,000 refunded = 240,000; target 200,000 (120%).
    expect(s).toMatchObject({ gross: '250000.00', refunds: '10000.00', base: '240000.00', attainment: '120.00' });
    expect(
      s.lines.filter((l: { portion: string }) => l.portion !== '0.00').map((l: { amount: string }) => l.amount),
    ).toEqual(['2000.00', '3000.00', '3000.00']);
    // 40,000 above target × 5% × 1.5 = 3,000 (1,000 of it the accelerator); the refund took back 750.
    expect(s).toMatchObject({ total: '8000.00', acceleratorExtra: '1000.00', clawback: '750.00' });
  });

  it('rejects a period start that does not begin a period', async () => {
    const res = await get(`/api/v1/commission-plans/${planId}/statements?periodStart=2026-10-02`, c.hr);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ field: 'periodStart', code: 'PERIOD_START_NOT_ALIGNED' }),
    ]);
  });

  it('lists statements in scope: a manager their units, an employee their own', async () => {
    const ids = async (cookie: string) =>
      (
        (await get(`/api/v1/commission-plans/${planId}/statements?periodStart=${OCT}`, cookie)).json().items as {
          employee: { id: string };
        }[]
      ).map((i) => i.employee.id);
    const all = await ids(c.hr);
    expect(all).toEqual(expect.arrayContaining([inRegion, self, outsider]));
    const managed = await ids(c.manager);
    expect(managed).toContain(inRegion);
    expect(managed).not.toContain(outsider);
    expect(await ids(c.employee)).toEqual([self]);
    expect(
      (await get(`/api/v1/commission-plans/${planId}/statements/${self}?periodStart=${OCT}`, c.employee)).json().total,
    ).toBe('1000.00');
  });

  it('answers 404 for a colleague, another region or another organization', async () => {
    const colleague = await get(
      `/api/v1/commission-plans/${planId}/statements/${inRegion}?periodStart=${OCT}`,
      c.employee,
    );
    expect(colleague.statusCode).toBe(404);
    expect(colleague.json().code).toBe('EMPLOYEE_NOT_FOUND');
    const other = await get(`/api/v1/commission-plans/${planId}/statements/${outsider}?periodStart=${OCT}`, c.manager);
    expect(other.statusCode).toBe(404);
    const missing = await get(
      `/api/v1/commission-plans/${randomUUID()}/statements/${inRegion}?periodStart=${OCT}`,
      c.hr,
    );
    expect(missing.statusCode).toBe(404);
    const otherOrg = await get(`/api/v1/commission-plans/${planId}/statements?periodStart=${OCT}`, c.hrB);
    expect(otherOrg.statusCode).toBe(404);
    expect(otherOrg.json().code).toBe(missing.json().code);
    expect(
      (await get(`/api/v1/commission-plans/${planId}/statements.xlsx?periodStart=${OCT}`, c.employee)).statusCode,
    ).toBe(403);
  });

  it('exports the statements for payroll', async () => {
    const res = await get(`/api/v1/commission-plans/${planId}/statements.xlsx?periodStart=${OCT}`, c.manager);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows = wb.worksheets[0].getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0].slice(1, 4)).toEqual(['工号', '姓名', '部门']);
    const no = (await get(`/api/v1/employees/${inRegion}`, c.hr)).json().employeeNo;
    const row = rows.find((r) => r[1] === no)!;
    expect(row[11]).toBe(8000);
    expect(String(row[12])).toContain('退款冲回 −750.00');
    expect(rows.some((r) => r[1] === outsiderNo)).toBe(false);
    // The download is in the audit trail: who, which plan and period, how many people; the refused one is not.
    const events = await queryRows<{ actor: string; after: { rows: number; periodStart: string } }>(
      t.deps.db,
      sql`select actor_username as actor, after from audit_events
          where action = 'commission_plan.statements_exported' and entity_type = 'commission_plan'
            and entity_id = ${planId} order by seq`,
    );
    expect(events).toEqual([{ actor: 'manager', after: { rows: rows.length - 1, periodStart: OCT } }]);
  });
});

describe('bonus schemes and runs', () => {
  let schemeId: string;
  let cycleId: string;
  let runId: string;
  const scheme = (over: Record<string, unknown> = {}) => ({
    name: '季度绩效奖金',
    positionIds: [],
    defaultBase: '10000',
    baseOverrides: [{ employeeId: self, base: '8000' }],
    coefficients: { S: '1.5', A: '1.2', B: '1.0', C: '0.5', D: '0' },
    attainment: null,
    ...over,
  });

  beforeAll(async () => {
    cycleId = await cycle('2026年10月月度考核', OCT, 'published', [
      [inRegion, 'A', 85],
      [self, 'B', 72],
      [outsider, 'S', 95],
    ]);
  });

  it('validates attainment bands and refuses a scheme that misses a grade of the cycle', async () => {
    const bad = await send(
      'POST',
      '/api/v1/bonus-schemes',
      c.hr,
      scheme({
        attainment: {
          metricKey: 'revenue',
          cap: '1.5',
          bands: [
            { from: '0', to: '80', factor: '0.8' },
            { from: '90', to: null, factor: '1' },
          ],
        },
      }),
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([
      expect.objectContaining({ field: 'attainment.bands.1.from', code: 'TIER_GAP' }),
    ]);
    const partial = await send('POST', '/api/v1/bonus-schemes', c.hr, scheme({ coefficients: { S: '1.5', A: '1.2' } }));
    expect(partial.statusCode).toBe(200);
    const refused = await send('POST', `/api/v1/bonus-schemes/${partial.json().id}/runs`, c.hr, { cycleId });
    expect(refused.json().code).toBe('BONUS_SCHEME_GRADES_MISMATCH');
    expect(refused.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'coefficients.B',
      'coefficients.C',
      'coefficients.D',
    ]);
  });

  it('computes one explained line per participant, only for a published cycle', async () => {
    const res = await send('POST', '/api/v1/bonus-schemes', c.hr, scheme());
    schemeId = res.json().id;
    const draft = await cycle('草稿周期', SEP, 'draft', []);
    expect((await send('POST', `/api/v1/bonus-schemes/${schemeId}/runs`, c.hr, { cycleId: draft })).json().code).toBe(
      'BONUS_CYCLE_NOT_PUBLISHED',
    );
    expect((await send('POST', `/api/v1/bonus-schemes/${schemeId}/runs`, c.manager, { cycleId })).statusCode).toBe(403);
    const out = await send('POST', `/api/v1/bonus-schemes/${schemeId}/runs`, c.hr, { cycleId });
    expect(out.statusCode, out.body).toBe(200);
    runId = out.json().id;
    const byId = Object.fromEntries(out.json().lines.map((l: { employee: { id: string } }) => [l.employee.id, l]));
    expect(byId[inRegion]).toMatchObject({
      amount: '12000.00',
      explanation: '基数 10000.00 × 绩效系数 1.2（A） = 12000.00',
    });
    expect(byId[self]).toMatchObject({ base: '8000.00', amount: '8000.00' });
    expect(byId[outsider]).toMatchObject({ amount: '15000.00' });
    expect(out.json()).toMatchObject({ status: 'draft', total: '35000.00', lineCount: 3 });
  });

  it('runs of the same scheme and cycle at once all answer, leaving one run', async () => {
    const other = (await send('POST', '/api/v1/bonus-schemes', c.hr, scheme({ name: '并发试算' }))).json().id;
    const all = await Promise.all(
      Array.from({ length: 6 }, () => send('POST', `/api/v1/bonus-schemes/${other}/runs`, c.hr, { cycleId })),
    );
    expect(all.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(all.map((r) => r.json().id)).size).toBe(1);
    expect(all.map((r) => r.json().version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(all[5].json()).toMatchObject({ total: '35000.00', lineCount: 3 });
  });

  it('re-running a draft replaces it; the employee sees nothing until HR approves', async () => {
    await send('PUT', `/api/v1/bonus-schemes/${schemeId}`, c.hr, { ...scheme({ defaultBase: '20000' }), version: 1 });
    const again = await send('POST', `/api/v1/bonus-schemes/${schemeId}/runs`, c.hr, { cycleId });
    expect(again.json()).toMatchObject({ id: runId, version: 2, total: '62000.00' });
    expect((await get('/api/v1/bonus-runs', c.employee)).json().items).toEqual([]);
    expect((await get(`/api/v1/bonus-runs/${runId}`, c.employee)).statusCode).toBe(404);
    expect((await send('POST', `/api/v1/bonus-runs/${runId}/approve`, c.hr, { version: 1 })).json().code).toBe(
      'BONUS_RUN_VERSION_CONFLICT',
    );
    expect((await get(`/api/v1/bonus-runs/${runId}/payroll`, c.hr)).json().code).toBe('BONUS_RUN_NOT_APPROVED');
    const ok = await send('POST', `/api/v1/bonus-runs/${runId}/approve`, c.hr, { version: 2 });
    expect(ok.json().status).toBe('approved');
  });

  it('keeps an approved run immutable and shows each person only their line', async () => {
    expect((await send('POST', `/api/v1/bonus-schemes/${schemeId}/runs`, c.hr, { cycleId })).json().code).toBe(
      'BONUS_RUN_APPROVED',
    );
    const mine = (await get(`/api/v1/bonus-runs/${runId}`, c.employee)).json();
    expect(mine.lines.map((l: { employee: { id: string } }) => l.employee.id)).toEqual([self]);
    expect(mine.total).toBe('8000.00');
    const managed = (await get(`/api/v1/bonus-runs/${runId}`, c.manager)).json();
    const seen = managed.lines.map((l: { employee: { id: string } }) => l.employee.id);
    expect(seen).toContain(inRegion);
    expect(seen).not.toContain(outsider);
    expect((await get(`/api/v1/bonus-runs/${runId}`, c.hrB)).statusCode).toBe(404);
    expect((await get(`/api/v1/bonus-runs/${runId}/payroll`, c.manager)).statusCode).toBe(403);
  });

  it('hands the approved run to payroll as XLSX and CSV', async () => {
    const x = await get(`/api/v1/bonus-runs/${runId}/payroll?format=xlsx`, c.hr);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const rows = wb.worksheets[0].getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0].slice(1)).toEqual(['工号', '姓名', '奖金金额', '期间', '奖金方案']);
    expect(rows.find((r) => r[1] === outsiderNo)?.slice(3)).toEqual([30000, '2026-10-01~2026-10-31', '季度绩效奖金']);
    const csv = await get(`/api/v1/bonus-runs/${runId}/payroll?format=csv`, c.hr, 'en-US');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Employee no.,Name,Amount,Period,Scheme');
    expect(lines).toContain(
      `${outsiderNo},${(await get(`/api/v1/employees/${outsider}`, c.hr)).json().name},30000.00,2026-10-01~2026-10-31,季度绩效奖金`,
    );
    // Each file of people's bonus amounts is on record: who, which run, how many rows; the refused one is not.
    const events = await queryRows<{ actor: string; after: { rows: number; format: string } }>(
      t.deps.db,
      sql`select actor_username as actor, after from audit_events
          where action = 'bonus_run.payroll_exported' and entity_id = ${runId} order by seq`,
    );
    expect(events.map((e) => [e.actor, e.after.format, e.after.rows])).toEqual([
      ['hr', 'xlsx', rows.length - 1],
      ['hr', 'csv', lines.length - 1],
    ]);
  });
});

describe('recommendations', () => {
  it('lists the strongest and the fastest-improving with figures, and marks a person with a live high alert', async () => {
    // October (published above): inRegion A 85, self B 72, outsider S 95. November: all three again.
    await cycle('2026年11月月度考核', '2026-11-01', 'published', [
      [inRegion, 'S', 93],
      [self, 'B', 79],
      [outsider, 'S', 96],
    ]);
    const [rule] = await queryRows<{ id: string }>(
      t.deps.db,
      sql`insert into alert_rules (org_id, kind, name, metric_key, period_type, params, scope, severity, min_periods,
            cooldown_days, recipients)
          values (${orgA}, 'attainment_below', '达成率偏低', 'revenue', 'month', '{}'::jsonb, '{}'::jsonb, 'high', 3, 30, '{}'::jsonb)
          returning id::text`,
    );
    await run(sql`insert into alerts (org_id, rule_id, rule_version, employee_id, status, severity, confidence, evidence)
          values (${orgA}, ${rule.id}, 1, ${inRegion}, 'open', 'high', 0.9, '{}'::jsonb)`);
    const res = await get('/api/v1/incentive-recommendations', c.hr);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as {
      employee: { id: string };
      kind: string;
      suggestion: string;
      gain: string;
      excluded: string | null;
    }[];
    const of = (id: string) => items.find((i) => i.employee.id === id);
    expect(of(outsider)).toMatchObject({ kind: 'strongest', suggestion: 'promotion', gain: '1.00', excluded: null });
    expect(of(inRegion)).toMatchObject({ kind: 'strongest', suggestion: 'incentive', excluded: 'live_high_alert' });
    expect(of(self)).toMatchObject({ kind: 'fastest_improving', gain: '7.00' });
    const managed = (await get('/api/v1/incentive-recommendations', c.manager)).json().items as {
      employee: { id: string };
    }[];
    expect(managed.map((i) => i.employee.id)).not.toContain(outsider);
    expect((await get('/api/v1/incentive-recommendations', c.employee)).statusCode).toBe(403);
    expect((await get('/api/v1/incentive-recommendations', c.hrB)).json().items).toEqual([]);
  });
});
