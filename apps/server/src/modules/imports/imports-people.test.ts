import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { settled, uploadFile } from './imports.test-helpers';

let t: TestContext;
let hr: string;
let manager: { id: string; employeeNo: string; name: string };
let salesperson: { id: string; employeeNo: string };

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A valid 18-digit resident ID number (GB 11643 check character) for a birth date and sequence. */
function idNumber(birth: string, seq: string): string {
  const body = `110105${birth}${seq}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

beforeAll(async () => {
  t = await createTestContext();
  hr = await t.login('hr');
  const m = (
    await t.request({ url: `/api/v1/employees/${t.template.companyA.users.manager.employeeId}`, cookie: hr })
  ).json();
  manager = { id: m.id, employeeNo: m.employeeNo, name: m.name };
  const list = await t.request({
    url: `/api/v1/employees?unitId=${t.template.companyA.managedRegionId}&status=regular&limit=5`,
    cookie: hr,
  });
  const e = list.json().items.find((x: { id: string }) => x.id !== manager.id);
  salesperson = { id: e.id, employeeNo: e.employeeNo };
});
afterAll(() => t.close());

async function roster(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['员工花名册（2026年）']);
  ws.addRow(['工号', '姓名', '部门', '岗位', '直属上级', '入职日期', '合同类型', '试用期到期', '身份证号', '手机']);
  ws.addRow([
    'N001',
    '林晓',
    '华东大区',
    '销售主管',
    manager.employeeNo,
    new Date(Date.UTC(2026, 0, 5)),
    '无固定期限',
    '',
    idNumber('19900307', '123'),
    '138 0013 8000',
  ]);
  ws.addRow([
    'N002',
    '周宁',
    '华东大区',
    '销售代表',
    '林晓',
    '2026年2月1日',
    '无固定期限',
    '2026/4/30',
    idNumber('19950611', '456'),
    '',
  ]);
  ws.addRow(['N003', '吴坏', '华东大区', '销售代表', 'N001', '2026/2/1', '无固定期限', '', '110105199003071234', '']);
  ws.addRow(['N004', '郑无', '火星大区', '销售代表', '', '2026/2/1', '无固定期限', '', '', '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('people from an HR roster', () => {
  let id: string;

  it('resolves unit, position and manager by name and checks every row', async () => {
    const up = await uploadFile(t, hr, 'people', 'roster.xlsx', await roster(), XLSX);
    expect(up.statusCode, up.body).toBe(201);
    id = up.json().id;
    expect(up.json().headerRow).toBe(2);
    expect(up.json().suggestedMapping).toMatchObject({
      employeeNo: '工号',
      name: '姓名',
      unit: '部门',
      position: '岗位',
      manager: '直属上级',
      hireDate: '入职日期',
      contractType: '合同类型',
      probationEndDate: '试用期到期',
      idNumber: '身份证号',
      phone: '手机',
    });
    const res = await t.request({
      method: 'PUT',
      url: `/api/v1/imports/${id}/mapping`,
      cookie: hr,
      body: { mapping: up.json().suggestedMapping },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ validCount: 2, invalidCount: 2 });
    const [a, b, c, d] = res.json().preview;
    expect(a.values).toMatchObject({
      managerId: manager.id,
      hireDate: '2026-01-05',
      contractStartDate: '2026-01-05',
      contractType: 'open_ended',
      phone: '*******8000',
    });
    expect(a.values.idNumber).toMatch(/^\*{14}/);
    expect(b.values).toMatchObject({ managerRow: 3, contractType: 'open_ended', probationEndDate: '2026-04-30' });
    expect(c.errors.map((e: { code: string }) => e.code)).toEqual(['INVALID_ID_NUMBER']);
    expect(d.errors).toMatchObject([{ field: 'unit', column: '部门', code: 'UNIT_NOT_FOUND' }]);
    // Personal data of the file is not kept in plain text.
    const stored = await queryRows(
      t.database.db,
      sql`select rows::text as r, rows_enc, checked::text as c, errors::text as e from imports where id = ${id}`,
    );
    expect(JSON.stringify(stored)).not.toContain('138 0013 8000');
    expect(JSON.stringify(stored)).not.toContain(idNumber('19900307', '123'));
    // The rejected rows come back as they were uploaded; reading them is audited.
    const file = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${id}/rejected.xlsx`,
      headers: { host: 'stride.test', cookie: hr, 'accept-language': 'en-US' },
    });
    expect(file.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ExcelJS.Buffer);
    const rows: unknown[][] = [];
    wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows.map((r) => r[0])).toEqual(['工号', 'N003', 'N004']);
    expect(rows[0][10]).toBe('Errors');
    expect(rows[1][8]).toBe('110105199003071234');
    expect(String(rows[2][10])).toMatch(/^部门: No unit of this name/);
    const audit = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_events where action = 'import.rejected_downloaded' and entity_id = ${id}`,
    );
    expect(audit[0].n).toBe(1);
  });

  it('creates the valid people with their job history, the manager from the same file first', async () => {
    const res = await t.request({
      method: 'POST',
      url: `/api/v1/imports/${id}/commit`,
      cookie: hr,
      body: { mode: 'valid_only' },
    });
    expect(res.statusCode, res.body).toBe(202);
    const done = await settled(t, hr, id);
    expect(done.result).toMatchObject({ created: 2, skipped: 2, failedCount: 0 });
    const found = await t.request({ url: '/api/v1/employees?q=N00&limit=10', cookie: hr });
    const byNo = Object.fromEntries(found.json().items.map((e: { employeeNo: string }) => [e.employeeNo, e]));
    expect(Object.keys(byNo).sort()).toEqual(['N001', 'N002']);
    expect(byNo.N001).toMatchObject({
      unit: { name: '华东大区' },
      position: { name: '销售主管' },
      manager: { id: manager.id },
    });
    expect(byNo.N002.manager.id).toBe(byNo.N001.id);
    const history = await t.request({ url: `/api/v1/employees/${byNo.N002.id}/job-history`, cookie: hr });
    expect(history.json().items).toMatchObject([
      { effectiveFrom: '2026-02-01', unit: { name: '华东大区' }, manager: { id: byNo.N001.id }, reason: 'hire' },
    ]);
    const reveal = await t.request({
      method: 'POST',
      url: `/api/v1/employees/${byNo.N001.id}/reveal`,
      cookie: hr,
      body: { field: 'phone' },
    });
    expect(reveal.json().value).toBe('13800138000');
  });

  it('refuses a number already taken on the next import', async () => {
    const csv = Buffer.from(
      `工号,姓名,部门,入职日期,合同类型\nN001,重复,华东大区,2026-03-01,open_ended\n${salesperson.employeeNo},也重复,华东大区,2026-03-01,open_ended\n`,
    );
    const up = await uploadFile(t, hr, 'people', 'again.csv', csv, 'text/csv');
    const res = await t.request({
      method: 'PUT',
      url: `/api/v1/imports/${up.json().id}/mapping`,
      cookie: hr,
      body: { mapping: up.json().suggestedMapping },
    });
    expect(res.json().invalidCount).toBe(2);
    expect(res.json().preview[0].errors[0]).toMatchObject({ code: 'EMPLOYEE_NO_TAKEN', field: 'employeeNo' });
  });
});

describe('people, all or nothing', () => {
  it('creates everyone in one transaction (a manager from the same file included)', async () => {
    const csv = Buffer.from(
      [
        '工号,姓名,部门,上级,入职日期,合同类型,状态',
        'P101,陈一,华南大区,P102,2026-03-01,无固定期限,试用期',
        'P102,陈二,华南大区,,2026-03-01,open_ended,',
      ].join('\r\n'),
    );
    const up = await uploadFile(t, hr, 'people', 'south.csv', csv, 'text/csv');
    const id = up.json().id;
    const checked = await t.request({
      method: 'PUT',
      url: `/api/v1/imports/${id}/mapping`,
      cookie: hr,
      body: { mapping: up.json().suggestedMapping },
    });
    expect(checked.json()).toMatchObject({ validCount: 2, invalidCount: 0 });
    const res = await t.request({
      method: 'POST',
      url: `/api/v1/imports/${id}/commit`,
      cookie: hr,
      body: { mode: 'all_or_nothing' },
    });
    expect(res.statusCode, res.body).toBe(202);
    expect((await settled(t, hr, id)).result).toMatchObject({ mode: 'all_or_nothing', created: 2 });
    const found = (await t.request({ url: '/api/v1/employees?q=P10&limit=10', cookie: hr })).json().items;
    const byNo = Object.fromEntries(found.map((e: { employeeNo: string }) => [e.employeeNo, e]));
    expect(byNo.P101.manager.id).toBe(byNo.P102.id);
    const audit = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_events where action = 'employee.created'
          and entity_id in (${byNo.P101.id}, ${byNo.P102.id})`,
    );
    expect(audit[0].n).toBe(2);
  });
});

describe('historical metric values', () => {
  it('shows imported values in the trend, with computed values winning', async () => {
    // A computed value for 2025-06 exists once an activity is recorded for it.
    const act = Buffer.from(`日期,工号,金额,类型\n2025/6/10,${salesperson.employeeNo},800,订单\n`);
    const a = await uploadFile(t, hr, 'activities', 'june.csv', act, 'text/csv');
    await t.request({
      method: 'PUT',
      url: `/api/v1/imports/${a.json().id}/mapping`,
      cookie: hr,
      body: { mapping: a.json().suggestedMapping },
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/imports/${a.json().id}/commit`,
      cookie: hr,
      body: { mode: 'valid_only' },
    });
    await settled(t, hr, a.json().id);

    const csv = Buffer.from(
      [
        '工号,指标,周期,数值',
        `${salesperson.employeeNo},订单金额,2019-03,¥5万`,
        `${salesperson.employeeNo},revenue,2019年4月15日,"12,000"`,
        `${salesperson.employeeNo},revenue,2025-06,99999`,
        `${salesperson.employeeNo},赢单率,2019-03,35%`,
        `${salesperson.employeeNo},不存在的指标,2019-03,1`,
        `NOPE-1,revenue,2019-03,1`,
      ].join('\n'),
    );
    const up = await uploadFile(t, hr, 'metric_values', 'history.csv', csv, 'text/csv');
    expect(up.json().suggestedMapping).toMatchObject({
      employeeNo: '工号',
      metric: '指标',
      periodStart: '周期',
      value: '数值',
    });
    const id = up.json().id;
    const checked = await t.request({
      method: 'PUT',
      url: `/api/v1/imports/${id}/mapping`,
      cookie: hr,
      body: { mapping: up.json().suggestedMapping, options: { periodType: 'month' } },
    });
    expect(checked.json()).toMatchObject({ validCount: 4, invalidCount: 2 });
    expect(checked.json().preview[1].values).toMatchObject({ periodStart: '2019-04-01', value: '12000.0000' });
    expect(checked.json().preview[4].errors[0].code).toBe('UNKNOWN_METRIC');
    expect(checked.json().preview[5].errors[0].code).toBe('EMPLOYEE_NO_UNKNOWN');
    await t.request({ method: 'POST', url: `/api/v1/imports/${id}/commit`, cookie: hr, body: { mode: 'valid_only' } });
    expect((await settled(t, hr, id)).result).toMatchObject({ created: 4, skipped: 2 });

    const series = await t.request({
      url: `/api/v1/metric-values?employeeId=${salesperson.id}&periodType=month`,
      cookie: hr,
    });
    const points = series.json().points as { metric: string; periodStart: string; value: string }[];
    const at = (metric: string, p: string) => points.find((x) => x.metric === metric && x.periodStart === p)?.value;
    expect(at('revenue', '2019-03-01')).toBe('50000.00');
    expect(at('revenue', '2019-04-01')).toBe('12000.00');
    expect(at('win_rate', '2019-03-01')).toBe('0.3500');
    expect(at('revenue', '2025-06-01')).toBe('800.00');
    expect(points.filter((x) => x.metric === 'revenue' && x.periodStart === '2025-06-01')).toHaveLength(1);
  });
});
