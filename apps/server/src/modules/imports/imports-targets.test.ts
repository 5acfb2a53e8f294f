import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, HOST, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { settled, uploadFile } from './imports.test-helpers';

let t: TestContext;
let hr: string;
let person: { id: string; employeeNo: string };
let colleague: { id: string; employeeNo: string };
let team: { id: string; name: string };
let hrSelfNo: string;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = '工号,团队,指标,周期类型,周期,目标值,原因';
const REASON = '客户预算冻结，补录十一月目标';

/** 10:00 in Shanghai on a day: the seeded data's "today" is 2026-11-27. */
const at = (day: string) => new Date(`${day}T02:00:00Z`);

type Target = { id: string; employee_id: string | null; unit_id: string | null; value: string; status: string };
const targetOf = async (subject: string, metric: string, periodType: string, periodStart: string) =>
  (
    await queryRows<Target>(
      t.database.db,
      sql`select id, employee_id, unit_id, value::text as value, status from targets
          where coalesce(employee_id, unit_id) = ${subject} and metric_key = ${metric}
            and period_type = ${periodType} and period_start = ${periodStart}`,
    )
  )[0];
const countTargets = async () =>
  (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from targets`))[0].n;
const events = (targetId: string) =>
  queryRows<{ action: string; value: string; reason: string | null }>(
    t.database.db,
    sql`select action, value::text as value, reason from target_events where target_id = ${targetId} order by at`,
  );

async function employee(id: string) {
  const e = (await t.request({ url: `/api/v1/employees/${id}`, cookie: hr })).json();
  return { id: e.id as string, employeeNo: e.employeeNo as string, unit: e.unit as { id: string; name: string } };
}

/** Upload, map with the suggestion (and options), and answer the upload and the check. */
async function check(cookie: string, filename: string, bytes: Buffer, type: string, options = {}, lang = 'zh-CN') {
  const up = await uploadFile(t, cookie, 'targets', filename, bytes, type);
  expect(up.statusCode, up.body).toBe(201);
  const res = await t.request({
    method: 'PUT',
    url: `/api/v1/imports/${up.json().id}/mapping`,
    cookie,
    headers: { 'accept-language': lang },
    body: { mapping: up.json().suggestedMapping, options },
  });
  expect(res.statusCode, res.body).toBe(200);
  return { id: up.json().id as string, upload: up.json(), checked: res.json() };
}

async function commit(cookie: string, id: string, mode: 'valid_only' | 'all_or_nothing') {
  const res = await t.request({ method: 'POST', url: `/api/v1/imports/${id}/commit`, cookie, body: { mode } });
  expect(res.statusCode, res.body).toBe(202);
  return settled(t, cookie, id);
}

/** Row number → "field:code" of each problem. */
const problemsByRow = (preview: { row: number; errors: { field: string; code: string }[] }[]) =>
  Object.fromEntries(
    preview.filter((p) => p.errors.length).map((p) => [p.row, p.errors.map((e) => `${e.field}:${e.code}`)]),
  );

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = at('2026-11-27');
  hr = await t.login('hr');
  const { companyA } = t.template;
  const p = await employee(companyA.users.employee.employeeId);
  person = { id: p.id, employeeNo: p.employeeNo };
  team = p.unit;
  const members = (await t.request({ url: `/api/v1/org-units/${team.id}/members`, cookie: hr })).json().items as {
    id: string;
  }[];
  const other = members.find((m) => m.id !== person.id && m.id !== companyA.users.manager.employeeId)!;
  const c = await employee(other.id);
  colleague = { id: c.id, employeeNo: c.employeeNo };
  hrSelfNo = (await employee(companyA.users.hr.employeeId)).employeeNo;
});
afterAll(() => t.close());

describe('targets from a CSV', () => {
  const csv = () =>
    Buffer.from(
      [
        HEADERS,
        `${person.employeeNo},,订单金额,月,2027-01,5万,`, // 2: a person's month
        `${colleague.employeeNo},,revenue,季,2027-02-15,120000,`, // 3: any day of the quarter
        `,${team.name},Revenue,年,2027,"1,200,000",`, // 4: the team's year
        'E9999,,订单金额,月,2027-01,1000,', // 5
        `${person.employeeNo},,no_such_metric,月,2027-01,1000,`, // 6
        `${person.employeeNo},,回款金额,月,2027-01,0,`, // 7
        `${person.employeeNo},,回款金额,月,2027-02,-5,`, // 8
        `${person.employeeNo},${team.name},订单金额,月,2027-02,1000,`, // 9
        `${person.employeeNo},,订单金额,月,2026-11,30000,`, // 10: locked, no reason
        `${colleague.employeeNo},,订单金额,月,2026-11-15,30000,${REASON}`, // 11: locked, with a reason
        ',,订单金额,月,2027-01,1000,', // 12
        `${person.employeeNo},,订单金额,周,2027-01,1000,`, // 13
        `${hrSelfNo},,订单金额,月,2027-01,1000,`, // 14: HR's own target
        `${person.employeeNo},,订单金额,月,2027-03,500,短`, // 15: a reason too short
      ].join('\n'),
    );
  let id: string;

  it('maps the Chinese headers and refuses each bad row with its own code, in both languages', async () => {
    const before = await countTargets();
    const { id: importId, upload, checked } = await check(hr, '2027目标.csv', csv(), 'text/csv');
    id = importId;
    expect(upload.suggestedMapping).toEqual({
      employeeNo: '工号',
      unit: '团队',
      metric: '指标',
      periodType: '周期类型',
      periodStart: '周期',
      value: '目标值',
      reason: '原因',
    });
    expect(checked).toMatchObject({ status: 'validated', validCount: 4, invalidCount: 10 });
    const [a, b, c] = checked.preview;
    expect(a.values).toMatchObject({
      employeeId: person.id,
      metric: 'revenue',
      periodType: 'month',
      periodStart: '2027-01-01',
      value: '50000.0000',
      locked: false,
    });
    expect(b.values).toMatchObject({ employeeId: colleague.id, periodType: 'quarter', periodStart: '2027-01-01' });
    expect(c.values).toMatchObject({ employeeId: null, unitId: team.id, periodType: 'year', value: '1200000.0000' });
    expect(problemsByRow(checked.preview)).toEqual({
      5: ['employeeNo:EMPLOYEE_NO_UNKNOWN'],
      6: ['metric:UNKNOWN_METRIC'],
      7: ['value:TARGET_VALUE_NOT_POSITIVE'],
      8: ['value:TARGET_VALUE_NOT_POSITIVE'],
      9: ['row:TARGET_SUBJECT_BOTH'],
      10: ['reason:TARGET_LOCKED_REASON_REQUIRED'],
      12: ['employeeNo:TARGET_SUBJECT_MISSING'],
      13: ['periodType:TARGET_PERIOD_TYPE_UNKNOWN'],
      14: ['employeeNo:TARGET_SELF_SET'],
      15: ['reason:TARGET_REASON_TOO_SHORT'],
    });
    const locked = checked.preview.find((p: { row: number }) => p.row === 10).errors[0];
    expect(locked).toMatchObject({ column: '原因' });
    expect(locked.message).toContain('已锁定');
    const en = await t.request({
      url: `/api/v1/imports/${id}/rows?status=invalid&limit=200`,
      cookie: hr,
      headers: { 'accept-language': 'en-US' },
    });
    const messages = Object.fromEntries(
      en.json().items.map((r: { row: number; errors: { message: string }[] }) => [r.row, r.errors[0].message]),
    );
    expect(messages[10]).toMatch(/locked.*reason/);
    expect(messages[9]).toMatch(/not both/);
    expect(messages[7]).toMatch(/greater than 0/);
    // The check writes nothing.
    expect(await countTargets()).toBe(before);
  });

  it('refuses all-or-nothing, then writes the valid rows as agreed targets with history and audit', async () => {
    const before = await countTargets();
    const refused = await t.request({
      method: 'POST',
      url: `/api/v1/imports/${id}/commit`,
      cookie: hr,
      body: { mode: 'all_or_nothing' },
    });
    expect(refused.json().code).toBe('IMPORT_HAS_INVALID_ROWS');
    const done = await commit(hr, id, 'valid_only');
    expect(done).toMatchObject({
      status: 'committed',
      result: { created: 4, updated: 0, duplicates: 0, skipped: 10, failedCount: 0, error: null },
    });
    expect(await countTargets()).toBe(before + 4);
    const month = await targetOf(person.id, 'revenue', 'month', '2027-01-01');
    expect(month).toMatchObject({ status: 'agreed', unit_id: null });
    expect(Number(month.value)).toBe(50000);
    const year = await targetOf(team.id, 'revenue', 'year', '2027-01-01');
    expect(year).toMatchObject({ status: 'agreed', employee_id: null });
    expect(Number(year.value)).toBe(1200000);
    const lockedOne = await targetOf(colleague.id, 'revenue', 'month', '2026-11-01');
    expect(await events(lockedOne.id)).toEqual([{ action: 'imported', value: '30000.0000', reason: REASON }]);
    const [audit] = await queryRows<{ actor_username: string; after: Record<string, unknown> }>(
      t.database.db,
      sql`select actor_username, after from audit_events where action = 'target.imported' and entity_id = ${lockedOne.id}`,
    );
    expect(audit.actor_username).toBe('hr');
    expect(audit.after).toMatchObject({ reason: REASON, changedAfterLock: true, importId: id, row: 11 });
    // Nothing for the refused rows: no locked change without a reason, no target of HR's own.
    expect(await targetOf(person.id, 'revenue', 'month', '2026-11-01')).toBeUndefined();
    expect(await targetOf(person.id, 'collections', 'month', '2027-01-01')).toBeUndefined();
    expect(await targetOf(person.id, 'revenue', 'month', '2027-02-01')).toBeUndefined();
    expect(await targetOf(person.id, 'revenue', 'month', '2027-03-01')).toBeUndefined();
    // The API shows it like any target, with its history.
    const history = await t.request({ url: `/api/v1/targets/${month.id}/history`, cookie: hr });
    expect(history.json().items.map((h: { action: string; actor: string }) => [h.action, h.actor])).toEqual([
      ['imported', 'hr'],
    ]);
  });

  it('gives back the refused rows as XLSX with the reasons', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${id}/rejected.xlsx`,
      headers: { host: HOST, cookie: hr, 'accept-language': 'zh-CN' },
    });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const rows: unknown[][] = [];
    wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual([...HEADERS.split(','), '错误原因']);
    expect(rows).toHaveLength(11);
    expect(rows.find((r) => r[4] === '2026-11' && r[0] === person.employeeNo)?.[7]).toMatch(/^原因: .*已锁定/);
  });
});

describe('targets from an XLSX, imported again', () => {
  async function workbook(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('目标');
    ws.addRow(['2027 年销售目标']);
    ws.addRow(['员工编号', '部门', '指标名称', '期间类型', '月份', '目标金额', '调整原因']);
    ws.addRow([person.employeeNo, '', '订单金额', '月', new Date(Date.UTC(2027, 0, 1)), 50000, '']); // unchanged
    ws.addRow([colleague.employeeNo, '', 'Revenue', '季度', '2027Q1', '13万', '']); // a new value
    ws.addRow(['', team.name, 'revenue', '年度', '2027年', 1200000, '']); // unchanged
    ws.addRow([colleague.employeeNo, '', '订单金额', '月', '2026年11月', 30000, '']); // locked, the same value
    ws.addRow([person.employeeNo, '', '订单金额', '月', '2027年3月', '8,000.5', '']); // new
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('creates the new, updates the changed with history, and leaves the same value alone', async () => {
    const before = await countTargets();
    const { id, upload, checked } = await check(hr, '目标.xlsx', await workbook(), XLSX);
    expect(upload.headerRow).toBe(2);
    expect(upload.suggestedMapping).toEqual({
      employeeNo: '员工编号',
      unit: '部门',
      metric: '指标名称',
      periodType: '期间类型',
      periodStart: '月份',
      value: '目标金额',
      reason: '调整原因',
    });
    expect(checked).toMatchObject({ validCount: 5, invalidCount: 0 });
    const done = await commit(hr, id, 'all_or_nothing');
    expect(done.result).toMatchObject({ mode: 'all_or_nothing', created: 1, updated: 1, duplicates: 3 });
    expect(await countTargets()).toBe(before + 1);
    const quarter = await targetOf(colleague.id, 'revenue', 'quarter', '2027-01-01');
    expect(Number(quarter.value)).toBe(130000);
    expect((await events(quarter.id)).map((e) => [e.action, Number(e.value)])).toEqual([
      ['imported', 120000],
      ['imported', 130000],
    ]);
    const [audit] = await queryRows<{ before: { value: string }; after: { value: string } }>(
      t.database.db,
      sql`select before, after from audit_events where action = 'target.imported' and entity_id = ${quarter.id}
          order by seq desc limit 1`,
    );
    expect(Number(audit.before.value)).toBe(120000);
    expect(Number(audit.after.value)).toBe(130000);
    expect(Number((await targetOf(person.id, 'revenue', 'month', '2027-03-01')).value)).toBe(8000.5);
  });

  it('the same file again changes nothing', async () => {
    const before = await countTargets();
    const eventsBefore = (
      await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from target_events`)
    )[0].n;
    const { id } = await check(hr, '目标.xlsx', await workbook(), XLSX);
    const done = await commit(hr, id, 'valid_only');
    expect(done.result).toMatchObject({ created: 0, updated: 0, duplicates: 5, failedCount: 0 });
    expect(await countTargets()).toBe(before);
    const eventsAfter = (
      await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from target_events`)
    )[0].n;
    expect(eventsAfter).toBe(eventsBefore);
  });
});

describe('the lock and the options', () => {
  it('a period that starts between the check and the commit needs a reason then', async () => {
    t.clock.now = at('2026-11-27');
    hr = await t.login('hr');
    const file = Buffer.from(`${HEADERS}\n${person.employeeNo},,订单金额,月,2026-12,9000,\n`);
    const { id, checked } = await check(hr, 'december.csv', file, 'text/csv');
    expect(checked).toMatchObject({ validCount: 1, invalidCount: 0 });
    t.clock.now = at('2026-12-01');
    hr = await t.login('hr');
    const done = await commit(hr, id, 'valid_only');
    expect(done.result).toMatchObject({ created: 0, failedCount: 1 });
    expect(done.result.failed[0]).toMatchObject({ row: 2, field: 'reason', code: 'TARGET_LOCKED_REASON_REQUIRED' });
    expect(await targetOf(person.id, 'revenue', 'month', '2026-12-01')).toBeUndefined();
    t.clock.now = at('2026-11-27');
    hr = await t.login('hr');
  });

  it('takes the period type from the options when no column gives it, never weeks', async () => {
    const file = Buffer.from(`工号,指标,周期,目标值\n${colleague.employeeNo},订单金额,2027-05-20,300000\n`);
    const { id, checked } = await check(hr, 'q2.csv', file, 'text/csv', { periodType: 'quarter' });
    expect(checked.preview[0].values).toMatchObject({ periodType: 'quarter', periodStart: '2027-04-01' });
    const weeks = await t.request({
      method: 'PUT',
      url: `/api/v1/imports/${id}/mapping`,
      cookie: hr,
      body: {
        mapping: { employeeNo: '工号', metric: '指标', periodStart: '周期', value: '目标值' },
        options: { periodType: 'week' },
      },
    });
    expect(weeks.statusCode).toBe(400);
    expect(weeks.json().errors).toContainEqual(expect.objectContaining({ field: 'options.periodType' }));
    const noSubject = await t.request({
      method: 'PUT',
      url: `/api/v1/imports/${id}/mapping`,
      cookie: hr,
      body: { mapping: { metric: '指标', periodStart: '周期', value: '目标值' } },
    });
    expect(noSubject.statusCode).toBe(400);
    expect(noSubject.json()).toMatchObject({ code: 'IMPORT_MAPPING_INCOMPLETE' });
    expect(noSubject.json().errors).toContainEqual(
      expect.objectContaining({ field: 'mapping.employeeNo', code: 'TARGET_SUBJECT_ONE' }),
    );
  });
});

describe('who may import targets', () => {
  it('a manager and an employee get 403', async () => {
    const file = Buffer.from(`${HEADERS}\n${person.employeeNo},,订单金额,月,2027-06,1000,\n`);
    for (const role of ['manager', 'employee']) {
      const cookie = await t.login(role);
      const res = await uploadFile(t, cookie, 'targets', 'x.csv', file, 'text/csv');
      expect(res.statusCode, role).toBe(403);
    }
    expect(await targetOf(person.id, 'revenue', 'month', '2027-06-01')).toBeUndefined();
  });

  it('another organization’s HR reaches only its own people and teams', async () => {
    const { companyA, companyB } = t.template;
    const [onlyA] = await queryRows<{ employee_no: string }>(
      t.database.db,
      sql`select employee_no from employees where org_id = ${companyA.orgId}
            and employee_no not in (select employee_no from employees where org_id = ${companyB.orgId})
          order by employee_no limit 1`,
    );
    const [shared] = await queryRows<{ employee_no: string; a: string; b: string }>(
      t.database.db,
      sql`select a.employee_no, a.id as a, b.id as b from employees a
            join employees b on b.employee_no = a.employee_no and b.org_id = ${companyB.orgId}
          where a.org_id = ${companyA.orgId} and b.id <> ${companyB.users.hr.employeeId}
          order by a.employee_no limit 1`,
    );
    const [rootA] = await queryRows<{ name: string }>(
      t.database.db,
      sql`select name from org_units where org_id = ${companyA.orgId} and parent_id is null`,
    );
    const other = await t.login(companyB.users.hr.username);
    const file = Buffer.from(
      [
        HEADERS,
        `${onlyA.employee_no},,订单金额,月,2027-07,1000,`,
        `,${rootA.name},订单金额,月,2027-07,1000,`,
        `${shared.employee_no},,订单金额,月,2027-07,2000,`,
      ].join('\n'),
    );
    const { id, checked } = await check(other, 'b.csv', file, 'text/csv');
    expect(problemsByRow(checked.preview)).toEqual({
      2: ['employeeNo:EMPLOYEE_NO_UNKNOWN'],
      3: ['unit:UNIT_NOT_FOUND'],
    });
    expect(checked.preview[2].values.employeeId).toBe(shared.b);
    const done = await commit(other, id, 'valid_only');
    expect(done.result).toMatchObject({ created: 1, skipped: 2 });
    expect(await targetOf(shared.b, 'revenue', 'month', '2027-07-01')).toBeDefined();
    expect(await targetOf(shared.a, 'revenue', 'month', '2027-07-01')).toBeUndefined();
    // Each organization lists only its own imports.
    const theirs = (await t.request({ url: '/api/v1/imports', cookie: other })).json().items as { id: string }[];
    const ours = (await t.request({ url: '/api/v1/imports', cookie: hr })).json().items as { id: string }[];
    expect(theirs.map((i) => i.id)).toEqual([id]);
    expect(ours.map((i) => i.id)).not.toContain(id);
  });
});
