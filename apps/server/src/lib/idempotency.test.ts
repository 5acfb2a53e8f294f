import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness';

let t: TestContext;
let hr: string;
beforeAll(async () => {
  t = await createTestContext();
  hr = await t.login('hr');
});
afterAll(() => t.close());

const positionsNamed = async (name: string) =>
  ((await t.request({ url: '/api/v1/positions', cookie: hr })).json().items as { name: string }[]).filter(
    (p) => p.name === name,
  ).length;

describe('Idempotency-Key', () => {
  it('runs a retried create once and replays the first answer', async () => {
    const body = { name: '大客户经理', jobFamily: '销售', level: 'S3' };
    const headers = { 'idempotency-key': 'retry-create-position-1' };
    const first = await t.request({ method: 'POST', url: '/api/v1/positions', cookie: hr, body, headers });
    const second = await t.request({ method: 'POST', url: '/api/v1/positions', cookie: hr, body, headers });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect(await positionsNamed('大客户经理')).toBe(1);
  });

  it('refuses the same key with a different body, and a malformed key', async () => {
    const headers = { 'idempotency-key': 'retry-create-position-2' };
    await t.request({
      method: 'POST',
      url: '/api/v1/positions',
      cookie: hr,
      body: { name: '渠道专员', jobFamily: '销售', level: 'S1' },
      headers,
    });
    const reused = await t.request({
      method: 'POST',
      url: '/api/v1/positions',
      cookie: hr,
      body: { name: '渠道主管', jobFamily: '销售', level: 'M1' },
      headers,
    });
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await positionsNamed('渠道主管')).toBe(0);
    const bad = await t.request({
      method: 'POST',
      url: '/api/v1/positions',
      cookie: hr,
      body: { name: 'x', jobFamily: 'y', level: 'z' },
      headers: { 'idempotency-key': '含中文' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('IDEMPOTENCY_KEY_INVALID');
  });

  it('never replays a reveal: each one is checked and audited', async () => {
    const id = t.template.companyA.users.employee.employeeId;
    const headers = { 'idempotency-key': 'reveal-once' };
    for (let i = 0; i < 2; i++) {
      const res = await t.request({
        method: 'POST',
        url: `/api/v1/employees/${id}/reveal`,
        cookie: hr,
        body: { field: 'phone' },
        headers,
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['idempotent-replayed']).toBeUndefined();
    }
    const admin = await t.login('admin');
    const audit = (
      await t.request({ url: `/api/v1/audit-events?entityId=${id}&action=employee.personal_revealed`, cookie: admin })
    ).json();
    expect(audit.total).toBe(2);
    const stored = await t.database.db.query.idempotencyKeys.findMany();
    expect(stored.some((r) => r.key === 'reveal-once')).toBe(false);
  });

  it('keeps keys per user: another user with the same key runs their own request', async () => {
    const admin = await t.login('admin');
    const headers = { 'idempotency-key': 'shared-key' };
    await t.request({
      method: 'POST',
      url: '/api/v1/positions',
      cookie: hr,
      body: { name: '培训专员', jobFamily: '人力资源', level: 'P1' },
      headers,
    });
    const other = await t.request({
      method: 'POST',
      url: '/api/v1/positions',
      cookie: admin,
      body: { name: '培训专员', jobFamily: '人力资源', level: 'P1' },
      headers,
    });
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(await positionsNamed('培训专员')).toBe(2);
  });
});
