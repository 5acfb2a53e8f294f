import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';

let t: TestContext;
let hr: string;
let unitId: string;
let otherUnitId: string;
let positionId: string;
const validId = '11010519491231002X';

beforeAll(async () => {
  t = await createTestContext();
  hr = await t.login('hr');
  const units = (await t.request({ url: '/api/v1/org-units', cookie: hr })).json().items as {
    id: string;
    name: string;
  }[];
  unitId = units.find((u) => u.name === '上海一组')!.id;
  otherUnitId = units.find((u) => u.name === '杭州组')!.id;
  positionId = (await t.request({ url: '/api/v1/positions', cookie: hr })).json().items[0].id;
});
afterAll(() => t.close());

const base = (over: Record<string, unknown> = {}) => ({
  employeeNo: `T${Math.floor(Math.random() * 1e8)}`,
  name: '测试员工',
  unitId,
  positionId,
  hireDate: '2026-10-08',
  contractType: 'fixed_term',
  contractStartDate: '2026-10-08',
  contractEndDate: '2029-10-07',
  probationEndDate: '2027-04-07',
  idNumber: validId,
  bankAccount: '6222 0212 3456 7890 123',
  phone: '138-0013-8000',
  ...over,
});
const create = (body: unknown, headers: Record<string, string> = {}) =>
  t.request({ method: 'POST', url: '/api/v1/employees', cookie: hr, body, headers });
const countEmployees = async () =>
  (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from employees`))[0].n;

describe('creating people', () => {
  it('stores personal fields encrypted and answers with masks', async () => {
    const res = await create(base({ employeeNo: 'T-ENC-1' }));
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json();
    expect(e.personal).toEqual({
      idNumber: '**************002X',
      bankAccount: '***************0123',
      phone: '*******8000',
    });
    expect(e.status).toBe('probation');
    const [raw] = await queryRows<Record<string, unknown>>(
      t.database.db,
      sql`select * from employees where id = ${e.id}`,
    );
    const dump = JSON.stringify(raw);
    expect(dump).not.toContain(validId);
    expect(dump).not.toContain('6222021234567890123');
    expect(dump).not.toContain('13800138000');
    expect(String(raw.id_number_enc)).toMatch(/^v1\./);
  });

  it('reveals a personal field to HR and writes the reveal to the audit trail', async () => {
    const e = (await create(base({ employeeNo: 'T-REV-1' }))).json();
    const res = await t.request({
      method: 'POST',
      url: `/api/v1/employees/${e.id}/reveal`,
      cookie: hr,
      body: { field: 'idNumber' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ field: 'idNumber', value: validId });
    expect(res.headers['cache-control']).toBe('no-store');
    const admin = await t.login('admin');
    const audit = (
      await t.request({ url: `/api/v1/audit-events?entityId=${e.id}&action=employee.personal_revealed`, cookie: admin })
    ).json();
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ actor: { username: 'hr' }, after: { field: 'idNumber' } });
    expect(JSON.stringify(audit)).not.toContain(validId);
  });

  it('writes a job-history row from the hire date', async () => {
    const e = (await create(base({ employeeNo: 'T-JH-1' }))).json();
    const h = (await t.request({ url: `/api/v1/employees/${e.id}/job-history`, cookie: hr })).json();
    expect(h.items).toHaveLength(1);
    expect(h.items[0]).toMatchObject({ effectiveFrom: '2026-10-08', effectiveTo: null, unit: { id: unitId } });
  });

  const bad: [string, () => unknown, string, string][] = [
    ['an invalid ID number', () => base({ idNumber: '110105194912310021' }), 'idNumber', 'INVALID_ID_NUMBER'],
    [
      'a probation longer than Art. 19 allows',
      () => base({ contractEndDate: '2027-10-07', probationEndDate: '2027-01-08' }),
      'probationEndDate',
      'PROBATION_TOO_LONG',
    ],
    ['a fixed-term contract without end', () => base({ contractEndDate: null }), 'contractEndDate', 'REQUIRED'],
    ['an exit without exit date', () => base({ status: 'exited' }), 'exitDate', 'REQUIRED'],
    ['an unknown status', () => base({ status: 'retired' }), 'status', 'invalid_value'],
    ['a wrong type', () => base({ name: 42 }), 'name', 'invalid_type'],
    ['an impossible date', () => base({ hireDate: '2026-02-30' }), 'hireDate', 'custom'],
    ['a bad phone', () => base({ phone: '12345' }), 'phone', 'invalid_format'],
  ];
  for (const [what, body, field, code] of bad) {
    it(`refuses ${what}, naming the field, and writes nothing`, async () => {
      const before = await countEmployees();
      const res = await create(body());
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().errors).toContainEqual(expect.objectContaining({ field, code }));
      expect(await countEmployees()).toBe(before);
    });
  }

  it('answers validation errors in the caller’s language', async () => {
    const zh = (await create(base({ idNumber: '110105194912310021' }))).json();
    const en = (await create(base({ idNumber: '110105194912310021' }), { 'accept-language': 'en-US,en;q=0.9' })).json();
    expect(zh.errors[0].message).toContain('身份证号无效');
    expect(en.errors[0].message).toContain('Invalid ID number');
    expect(en.detail).toBe('The request is invalid; check the fields listed.');
  });

  it('refuses a manager from another organization and a duplicate employee number', async () => {
    const bHr = await t.login('hr.b');
    const bPerson = (await t.request({ url: '/api/v1/employees?limit=1', cookie: bHr })).json().items[0].id;
    const before = await countEmployees();
    const cross = await create(base({ managerId: bPerson }));
    expect(cross.statusCode).toBe(422);
    expect(cross.json().errors[0]).toMatchObject({ field: 'managerId', code: 'REFERENCE_OUTSIDE_ORG' });
    const dup = await create(base({ employeeNo: 'E1001' }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe('employeeNo');
    expect(await countEmployees()).toBe(before);
  });

  it('refuses malformed JSON and oversize bodies with problem details, writing nothing', async () => {
    const before = await countEmployees();
    const malformed = await t.request({
      method: 'POST',
      url: '/api/v1/employees',
      cookie: hr,
      body: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('MALFORMED_JSON');
    const huge = await create(base({ name: 'x'.repeat(1024 * 1024 + 10) }));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('PAYLOAD_TOO_LARGE');
    const plain = await t.request({
      method: 'POST',
      url: '/api/v1/employees',
      cookie: hr,
      body: 'name=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(plain.statusCode).toBe(415);
    expect(await countEmployees()).toBe(before);
  });

  it('refuses NUL characters, broken cursors and out-of-range dates with 400, never 500', async () => {
    const nul = await create(base({ name: 'a\u0000b' }));
    expect(nul.statusCode).toBe(400);
    expect(nul.json().errors[0]).toMatchObject({ field: 'name', code: 'NUL_CHARACTER' });
    expect((await t.request({ url: '/api/v1/employees?q=%00', cookie: hr })).statusCode).toBe(400);
    const login = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      body: { username: 'a\u0000b', password: 'x' },
    });
    expect(login.statusCode).toBe(400);
    const cursor = await t.request({ url: '/api/v1/employees?cursor=AA', cookie: hr });
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().errors[0]).toMatchObject({ field: 'cursor', code: 'INVALID_CURSOR' });
    const year0 = await create(base({ hireDate: '0000-01-01', contractStartDate: '0000-01-01' }));
    expect(year0.statusCode).toBe(400);
    expect(year0.json().errors[0].code).toBe('DATE_OUT_OF_RANGE');
    const admin = await t.login('admin');
    expect(
      (await t.request({ url: '/api/v1/audit-events?cursor=99999999999999999999', cookie: admin })).statusCode,
    ).toBe(400);
    expect((await t.request({ url: '/api/v1/audit-events?from=0000-01-01T00:00:00Z', cookie: admin })).statusCode).toBe(
      400,
    );
    expect((await t.request({ url: '/api/v1/users?cursor=AA', cookie: admin })).statusCode).toBe(400);
  });
});

describe('changing people', () => {
  it('records a transfer as effective-dated job history and answers who was in a team on a day', async () => {
    const e = (
      await create(
        base({
          employeeNo: 'T-MOVE-1',
          hireDate: '2026-09-01',
          contractStartDate: '2026-09-01',
          contractEndDate: '2029-08-31',
          probationEndDate: '2027-02-28',
        }),
      )
    ).json();
    const res = await t.request({
      method: 'PATCH',
      url: `/api/v1/employees/${e.id}`,
      cookie: hr,
      body: { unitId: otherUnitId, effectiveDate: '2026-11-01', changeReason: '支援杭州' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().unit.id).toBe(otherUnitId);
    const h = (await t.request({ url: `/api/v1/employees/${e.id}/job-history`, cookie: hr })).json().items;
    expect(h).toHaveLength(2);
    expect(h[0]).toMatchObject({
      effectiveFrom: '2026-11-01',
      effectiveTo: null,
      unit: { id: otherUnitId },
      reason: '支援杭州',
    });
    expect(h[1]).toMatchObject({ effectiveFrom: '2026-09-01', effectiveTo: '2026-10-31', unit: { id: unitId } });
    const onOct = (await t.request({ url: `/api/v1/org-units/${unitId}/members?date=2026-10-15`, cookie: hr })).json()
      .items;
    const onNov = (await t.request({ url: `/api/v1/org-units/${unitId}/members?date=2026-11-15`, cookie: hr })).json()
      .items;
    expect(onOct.map((m: { id: string }) => m.id)).toContain(e.id);
    expect(onNov.map((m: { id: string }) => m.id)).not.toContain(e.id);
  });

  it('refuses a job change that predates the current assignment or lies in the future', async () => {
    const e = (await create(base({ employeeNo: 'T-MOVE-2' }))).json();
    const early = await t.request({
      method: 'PATCH',
      url: `/api/v1/employees/${e.id}`,
      cookie: hr,
      body: { unitId: otherUnitId, effectiveDate: '2026-01-01' },
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0]).toMatchObject({ field: 'effectiveDate', code: 'JOB_CHANGE_BEFORE_CURRENT' });
    const late = await t.request({
      method: 'PATCH',
      url: `/api/v1/employees/${e.id}`,
      cookie: hr,
      body: { unitId: otherUnitId, effectiveDate: '2099-01-01' },
    });
    expect(late.statusCode).toBe(400);
    expect(late.json().errors[0]).toMatchObject({ field: 'effectiveDate', code: 'JOB_CHANGE_IN_FUTURE' });
    expect((await t.request({ url: `/api/v1/employees/${e.id}`, cookie: hr })).json().unit.id).toBe(unitId);
  });

  it('validates a change against the stored record (probation vs contract term)', async () => {
    const e = (await create(base({ employeeNo: 'T-PROB-1' }))).json();
    const res = await t.request({
      method: 'PATCH',
      url: `/api/v1/employees/${e.id}`,
      cookie: hr,
      body: { contractEndDate: '2027-06-30' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'probationEndDate', code: 'PROBATION_TOO_LONG' });
  });

  it('moves the first assignment with a corrected hire date, but not past a later change', async () => {
    const e = (
      await create(
        base({
          employeeNo: 'T-HIRE-1',
          hireDate: '2026-01-10',
          contractStartDate: '2026-01-10',
          contractEndDate: '2029-01-09',
          probationEndDate: '2026-07-09',
        }),
      )
    ).json();
    const earlier = await t.request({
      method: 'PATCH',
      url: `/api/v1/employees/${e.id}`,
      cookie: hr,
      body: { hireDate: '2025-12-01' },
    });
    expect(earlier.statusCode, earlier.body).toBe(200);
    const members = (await t.request({ url: `/api/v1/org-units/${unitId}/members?date=2025-12-15`, cookie: hr })).json()
      .items;
    expect(members.map((m: { id: string }) => m.id)).toContain(e.id);
    await t.request({
      method: 'PATCH',
      url: `/api/v1/employees/${e.id}`,
      cookie: hr,
      body: { unitId: otherUnitId, effectiveDate: '2026-03-01' },
    });
    const past = await t.request({
      method: 'PATCH',
      url: `/api/v1/employees/${e.id}`,
      cookie: hr,
      body: { hireDate: '2026-04-01' },
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0]).toMatchObject({ field: 'hireDate', code: 'HIRE_AFTER_JOB_CHANGE' });
  });

  it('corrects the assignment of someone who has not started yet, keeping the hire entry', async () => {
    const e = (
      await create(
        base({
          employeeNo: 'T-FUT-1',
          status: 'candidate',
          hireDate: '2099-01-05',
          contractStartDate: '2099-01-05',
          contractEndDate: '2102-01-04',
          probationEndDate: '2099-07-04',
        }),
      )
    ).json();
    const res = await t.request({
      method: 'PATCH',
      url: `/api/v1/employees/${e.id}`,
      cookie: hr,
      body: { unitId: otherUnitId },
    });
    expect(res.statusCode, res.body).toBe(200);
    const h = (await t.request({ url: `/api/v1/employees/${e.id}/job-history`, cookie: hr })).json().items;
    expect(h).toHaveLength(1);
    expect(h[0]).toMatchObject({ effectiveFrom: '2099-01-05', unit: { id: otherUnitId }, reason: 'hire' });
  });

  it('refuses a management loop', async () => {
    const boss = (await create(base({ employeeNo: 'T-LOOP-1' }))).json();
    const report = (await create(base({ employeeNo: 'T-LOOP-2', managerId: boss.id }))).json();
    const res = await t.request({
      method: 'PATCH',
      url: `/api/v1/employees/${boss.id}`,
      cookie: hr,
      body: { managerId: report.id },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'MANAGER_CYCLE', errors: [{ field: 'managerId' }] });
  });

  it('refuses a person as their own manager', async () => {
    const e = (await create(base({ employeeNo: 'T-SELF-1' }))).json();
    const res = await t.request({
      method: 'PATCH',
      url: `/api/v1/employees/${e.id}`,
      cookie: hr,
      body: { managerId: e.id },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('MANAGER_SELF');
  });

  it('audits changes with personal values redacted', async () => {
    const e = (await create(base({ employeeNo: 'T-AUD-1' }))).json();
    const patched = await t.request({
      method: 'PATCH',
      url: `/api/v1/employees/${e.id}`,
      cookie: hr,
      body: { phone: '13912345678', name: '改名员工' },
    });
    expect(patched.statusCode).toBe(200);
    const admin = await t.login('admin');
    const ev = (
      await t.request({ url: `/api/v1/audit-events?entityId=${e.id}&action=employee.updated`, cookie: admin })
    ).json().items[0];
    expect(ev.before).toMatchObject({ name: '测试员工', phone: '[redacted]' });
    expect(ev.after).toMatchObject({ name: '改名员工', phone: '[redacted]' });
    expect(JSON.stringify(ev)).not.toContain('13912345678');
  });
});

describe('finding people', () => {
  it('searches, filters by unit subtree and status, and pages with a cursor', async () => {
    const region = t.template.companyA.managedRegionId;
    const first = (await t.request({ url: `/api/v1/employees?unitId=${region}&limit=10`, cookie: hr })).json();
    expect(first.items).toHaveLength(10);
    expect(first.total).toBeGreaterThan(20);
    const second = (
      await t.request({ url: `/api/v1/employees?unitId=${region}&limit=10&cursor=${first.nextCursor}`, cookie: hr })
    ).json();
    expect(second.items[0].employeeNo > first.items[9].employeeNo).toBe(true);
    const probation = (await t.request({ url: '/api/v1/employees?status=probation&limit=100', cookie: hr })).json();
    expect(probation.total).toBeGreaterThan(0);
    expect(probation.items.every((e: { status: string }) => e.status === 'probation')).toBe(true);
    const name = first.items[3].name;
    const found = (await t.request({ url: `/api/v1/employees?q=${encodeURIComponent(name)}`, cookie: hr })).json();
    expect(found.items.map((e: { name: string }) => e.name)).toContain(name);
    const pct = await t.request({ url: '/api/v1/employees?q=%25', cookie: hr });
    expect(pct.json().total).toBe(0);
  });

  it('refuses an unknown status filter and a limit out of range', async () => {
    expect((await t.request({ url: '/api/v1/employees?status=zombie', cookie: hr })).statusCode).toBe(400);
    expect((await t.request({ url: '/api/v1/employees?limit=1000', cookie: hr })).statusCode).toBe(400);
  });
});
