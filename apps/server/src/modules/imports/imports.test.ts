import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, HOST, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { failInterruptedImports } from './commit.service';
import { settled, uploadFile } from './imports.test-helpers';

let t: TestContext;
let hr: string;
let admin: string;
let person: { id: string; employeeNo: string };

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const revenue = async (periodStart: string) => {
  const res = await t.request({
    url: `/api/v1/metric-values?employeeId=${person.id}&metric=revenue&periodType=month`,
    cookie: hr,
  });
  expect(res.statusCode, res.body).toBe(200);
  const p = (res.json().points as { periodStart: string; value: string }[]).find((x) => x.periodStart === periodStart);
  return Number(p?.value ?? 0);
};

const countActivities = async (source: string) =>
  (
    await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from activities where source = ${source}`,
    )
  )[0].n;

beforeAll(async () => {
  t = await createTestContext();
  hr = await t.login('hr');
  admin = await t.login('admin');
  const list = await t.request({
    url: `/api/v1/employees?unitId=${t.template.companyA.managedRegionId}&status=regular&limit=5`,
    cookie: hr,
  });
  const e = list.json().items[0];
  person = { id: e.id, employeeNo: e.employeeNo };
});
afterAll(() => t.close());

async function ordersWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('订单');
  ws.addRow(['星辰科技 2025年1月 订单导出']);
  ws.addRow(['日期', '工号', '金额', '客户', '类型']);
  ws.addRow(['2025/1/5', person.employeeNo, '¥1.2万', '上海某贸易有限公司', '订单']);
  ws.addRow(['2025年1月6日', person.employeeNo, '12,800.00', '北京某科技有限公司', '订单']);
  ws.addRow([new Date(Date.UTC(2025, 0, 7)), person.employeeNo, 3000, '广州某公司', '回款']);
  ws.addRow(['2025/1/8', person.employeeNo, 500, '=HYPERLINK("http://evil.example","点我")', '瞬移']);
  ws.addRow(['2025/2/30', person.employeeNo, '¥abc', '深圳某公司', '订单']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('activities from an XLSX export', () => {
  let id: string;

  it('finds the header below a title row and suggests the mapping', async () => {
    const res = await uploadFile(t, hr, 'activities', '一月订单.xlsx', await ordersWorkbook(), XLSX);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    id = body.id;
    expect(body).toMatchObject({
      kind: 'activities',
      filename: '一月订单.xlsx',
      status: 'uploaded',
      headerRow: 2,
      headers: ['日期', '工号', '金额', '客户', '类型'],
      rowCount: 5,
    });
    expect(body.suggestedMapping).toMatchObject({
      occurredAt: '日期',
      employeeNo: '工号',
      amount: '金额',
      customerName: '客户',
      type: '类型',
      externalId: null,
    });
    expect(body.sample[0]).toEqual({
      row: 3,
      cells: ['2025/1/5', person.employeeNo, '¥1.2万', '上海某贸易有限公司', '订单'],
    });
    expect(body.sample[2].cells[0]).toBe('2025-01-07'); // the Excel date cell
  });

  it('names the required fields a mapping leaves out', async () => {
    const res = await t.request({
      method: 'PUT',
      url: `/api/v1/imports/${id}/mapping`,
      cookie: hr,
      body: { mapping: { amount: '金额', customerName: '客户' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('IMPORT_MAPPING_INCOMPLETE');
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['mapping.type', 'mapping.occurredAt', 'mapping.employeeNo']));
  });

  it('checks every row with the loose parsers and the API schema', async () => {
    const suggested = (await t.request({ url: `/api/v1/imports/${id}`, cookie: hr })).json().suggestedMapping;
    const res = await t.request({
      method: 'PUT',
      url: `/api/v1/imports/${id}/mapping`,
      cookie: hr,
      headers: { 'accept-language': 'zh-CN' },
      body: { mapping: suggested },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'validated', validCount: 3, invalidCount: 2 });
    const [first, second, third, fourth, fifth] = body.preview;
    expect(first.values).toMatchObject({ type: 'order', amount: '12000.00', occurredAt: '2025-01-04T16:00:00.000Z' });
    expect(second.values).toMatchObject({ amount: '12800.00', occurredAt: '2025-01-05T16:00:00.000Z' });
    expect(third.values).toMatchObject({ type: 'payment', amount: '3000.00', occurredAt: '2025-01-06T16:00:00.000Z' });
    expect(fourth.errors.map((e: { code: string }) => e.code)).toEqual(['UNKNOWN_ACTIVITY_TYPE']);
    expect(fourth.errors[0]).toMatchObject({ row: 6, field: 'type', column: '类型', message: '未知的活动类型' });
    expect(fifth.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()).toEqual([
      'amount:UNRECOGNIZED_AMOUNT',
      'occurredAt:INVALID_DATE',
    ]);
    const invalid = await t.request({ url: `/api/v1/imports/${id}/rows?status=invalid&limit=1`, cookie: hr });
    expect(invalid.json()).toMatchObject({ total: 2, items: [{ row: 6 }] });
    const next = await t.request({
      url: `/api/v1/imports/${id}/rows?status=invalid&limit=1&cursor=${invalid.json().nextCursor}`,
      cookie: hr,
    });
    expect(next.json()).toMatchObject({ total: 2, items: [{ row: 7 }], nextCursor: null });
  });

  it('refuses all-or-nothing while a row is invalid, and writes nothing', async () => {
    const before = await countActivities('import');
    const res = await t.request({
      method: 'POST',
      url: `/api/v1/imports/${id}/commit`,
      cookie: hr,
      body: { mode: 'all_or_nothing' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('IMPORT_HAS_INVALID_ROWS');
    expect(await countActivities('import')).toBe(before);
    expect((await t.request({ url: `/api/v1/imports/${id}`, cookie: hr })).json().status).toBe('validated');
  });

  it('commits the valid rows in the background; activity and metrics follow', async () => {
    const before = await revenue('2025-01-01');
    const res = await t.request({
      method: 'POST',
      url: `/api/v1/imports/${id}/commit`,
      cookie: hr,
      body: { mode: 'valid_only' },
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().status).toBe('committing');
    const done = await settled(t, hr, id);
    expect(done).toMatchObject({
      status: 'committed',
      progress: { processed: 3, total: 3 },
      result: { mode: 'valid_only', created: 3, skipped: 2, failedCount: 0, unmatched: 0, error: null },
    });
    expect(await revenue('2025-01-01')).toBe(before + 24800);
    const again = await t.request({
      method: 'POST',
      url: `/api/v1/imports/${id}/commit`,
      cookie: hr,
      body: { mode: 'valid_only' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('IMPORT_ALREADY_COMMITTED');
    const audit = await queryRows<{ action: string }>(
      t.database.db,
      sql`select action from audit_events where entity_type = 'import' and entity_id = ${id} order by seq`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'import.uploaded',
      'import.validated',
      'import.commit_started',
      'import.chunk_committed',
      'import.committed',
    ]);
  });

  it('committing the same file again changes nothing', async () => {
    const before = await countActivities('import');
    const up = await uploadFile(t, hr, 'activities', '一月订单.xlsx', await ordersWorkbook(), XLSX);
    const second = up.json().id;
    await t.request({
      method: 'PUT',
      url: `/api/v1/imports/${second}/mapping`,
      cookie: hr,
      body: { mapping: up.json().suggestedMapping },
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/imports/${second}/commit`,
      cookie: hr,
      body: { mode: 'valid_only' },
    });
    const done = await settled(t, hr, second);
    expect(done.result).toMatchObject({ created: 0, duplicates: 3, updated: 0 });
    expect(await countActivities('import')).toBe(before);
  });

  it('gives back the rejected rows as XLSX with the reasons and formulas neutralized', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${id}/rejected.xlsx`,
      headers: { host: HOST, cookie: hr, 'accept-language': 'zh-CN' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const rows: unknown[][] = [];
    wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(['日期', '工号', '金额', '客户', '类型', '错误原因']);
    expect(rows).toHaveLength(3);
    expect(rows[1][3]).toBe('\'=HYPERLINK("http://evil.example","点我")');
    expect(rows[1][5]).toBe('类型: 未知的活动类型');
    expect(String(rows[2][5])).toContain('金额: 无法识别的金额');
    expect(String(rows[2][5])).toContain('日期: 日期不存在');
  });
});

describe('activities in another currency', () => {
  it('flags an amount that is not in yuan in the preview, as ingestion would refuse it', async () => {
    const csv = Buffer.from(
      [
        '日期,工号,金额,币种,类型',
        `2025/4/1,${person.employeeNo},100,人民币,订单`,
        `2025/4/2,${person.employeeNo},100,美元,订单`,
      ].join('\n'),
    );
    const res = await uploadFile(t, admin, 'activities', 'fx.csv', csv, 'text/csv');
    expect(res.statusCode, res.body).toBe(201);
    const checked = await t.request({
      method: 'PUT',
      url: `/api/v1/imports/${res.json().id}/mapping`,
      cookie: admin,
      body: { mapping: res.json().suggestedMapping },
    });
    expect(checked.json()).toMatchObject({ validCount: 1, invalidCount: 1 });
    expect(checked.json().preview[1].errors[0]).toMatchObject({ field: 'currency', code: 'CURRENCY_NOT_SUPPORTED' });
    expect(checked.json().preview[1].errors[0].message).toContain('人民币');
  });
});

describe('activities from a CSV saved by Chinese Excel (GB18030)', () => {
  const csv = () =>
    iconv.encode(
      [
        '销售回款明细,,,,',
        '日期,工号,金额,客户,类型',
        `2025/3/5,${person.employeeNo},"12,800.00",杭州某公司,回款`,
        `2025年3月6日,${person.employeeNo},¥1.2万,苏州某公司,订单`,
        `2025/3/7,${person.employeeNo},-50,宁波某公司,订单`,
      ].join('\r\n'),
      'gb18030',
    );

  it('decodes the file, refuses all-or-nothing with an invalid row and writes nothing', async () => {
    const res = await uploadFile(t, admin, 'activities', 'huikuan.csv', csv(), 'text/csv');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().headers).toEqual(['日期', '工号', '金额', '客户', '类型']);
    expect(res.json().sample[0].cells[3]).toBe('杭州某公司');
    const id = res.json().id;
    const checked = await t.request({
      method: 'PUT',
      url: `/api/v1/imports/${id}/mapping`,
      cookie: admin,
      headers: { 'accept-language': 'en-US' },
      body: { mapping: res.json().suggestedMapping },
    });
    expect(checked.json()).toMatchObject({ validCount: 2, invalidCount: 1 });
    expect(checked.json().preview[2].errors[0]).toMatchObject({ code: 'AMOUNT_INVALID', field: 'amount' });
    expect(checked.json().preview[2].errors[0].message).toMatch(/negative/);
    const before = await revenue('2025-03-01');
    const refused = await t.request({
      method: 'POST',
      url: `/api/v1/imports/${id}/commit`,
      cookie: admin,
      body: { mode: 'all_or_nothing' },
    });
    expect(refused.statusCode).toBe(422);
    expect(await revenue('2025-03-01')).toBe(before);
  });

  it('commits everything in one transaction when every row is valid', async () => {
    const good = iconv.encode(
      ['日期,工号,金额,客户,类型', `2025/4/1,${person.employeeNo},"1,000.50",杭州某公司,订单`].join('\n'),
      'gb18030',
    );
    const up = await uploadFile(t, admin, 'activities', 'april.csv', good, 'application/octet-stream');
    const id = up.json().id;
    await t.request({
      method: 'PUT',
      url: `/api/v1/imports/${id}/mapping`,
      cookie: admin,
      body: { mapping: up.json().suggestedMapping },
    });
    const res = await t.request({
      method: 'POST',
      url: `/api/v1/imports/${id}/commit`,
      cookie: admin,
      body: { mode: 'all_or_nothing' },
    });
    expect(res.statusCode, res.body).toBe(202);
    expect((await settled(t, admin, id)).result).toMatchObject({ mode: 'all_or_nothing', created: 1 });
    expect(await revenue('2025-04-01')).toBeGreaterThanOrEqual(1000.5);
  });

  it('refuses a file of more than 200,000 rows', async () => {
    const big = Buffer.from(`日期,工号,金额,类型\n${'2025/1/1,E1,1,订单\n'.repeat(200_001)}`);
    const res = await uploadFile(t, hr, 'activities', 'big.csv', big, 'text/csv');
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('IMPORT_TOO_MANY_ROWS');
  });
});

describe('a server restart during a commit', () => {
  it('marks imports left in committing as failed', async () => {
    const up = await uploadFile(
      t,
      hr,
      'activities',
      'y.csv',
      Buffer.from('日期,工号,类型\n2025/1/1,E1,订单\n'),
      'text/csv',
    );
    const id = up.json().id;
    await t.database.db.execute(
      sql`update imports set status = 'committing', commit_mode = 'valid_only' where id = ${id}`,
    );
    expect(await failInterruptedImports(t.database, new Date(Date.now() + 3_600_000))).toBe(1);
    const view = (
      await t.request({ url: `/api/v1/imports/${id}`, cookie: hr, headers: { 'accept-language': 'en-US' } })
    ).json();
    expect(view.status).toBe('failed');
    expect(view.result.error).toMatchObject({ code: 'INTERRUPTED', row: null });
    expect(view.result.error.message).toMatch(/restarted/);
  });
});

describe('who may import', () => {
  it('manager and employee get 403; another organization’s import is not found', async () => {
    const up = await uploadFile(
      t,
      hr,
      'activities',
      'x.csv',
      Buffer.from('日期,工号,类型\n2025/1/1,E1,订单\n'),
      'text/csv',
    );
    const id = up.json().id;
    for (const role of ['manager', 'employee']) {
      const cookie = await t.login(role);
      expect((await t.request({ url: '/api/v1/imports', cookie })).statusCode).toBe(403);
      expect((await t.request({ url: `/api/v1/imports/${id}`, cookie })).statusCode).toBe(403);
      const res = await uploadFile(t, cookie, 'activities', 'x.csv', Buffer.from('a,b\n1,2\n'), 'text/csv');
      expect(res.statusCode).toBe(403);
    }
    const other = await t.login(t.template.companyB.users.hr.username);
    const res = await t.request({ url: `/api/v1/imports/${id}`, cookie: other });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('IMPORT_NOT_FOUND');
    expect((await t.request({ url: `/api/v1/imports/${id}/rejected.xlsx`, cookie: other })).statusCode).toBe(404);
    const list = await t.request({ url: '/api/v1/imports', cookie: other });
    expect(list.json().items.map((i: { id: string }) => i.id)).not.toContain(id);
    expect(
      (await t.request({ url: '/api/v1/imports', cookie: hr })).json().items.map((i: { id: string }) => i.id),
    ).toContain(id);
  });

  it('refuses a body that is not a spreadsheet', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/imports?kind=people', cookie: hr, body: { a: 1 } });
    expect(res.statusCode).toBe(415);
  });
});
