import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { verifyAuditChain } from './audit.service';

let t: TestContext;
let admin: string;

beforeAll(async () => {
  t = await createTestContext();
  admin = await t.login('admin');
});
afterAll(() => t.close());

describe('audit trail', () => {
  it('records every write with actor, action, entity, before/after and request id', async () => {
    const hr = await t.login('hr');
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/positions',
      cookie: hr,
      body: { name: '客户成功经理', jobFamily: '客户', level: 'P3' },
      headers: { 'x-request-id': 'req-audit-0001' },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    const page = (
      await t.request({ url: `/api/v1/audit-events?entityType=position&entityId=${id}`, cookie: admin })
    ).json();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      action: 'position.created',
      actor: { username: 'hr' },
      requestId: 'req-audit-0001',
      after: { name: '客户成功经理' },
    });
  });

  it('records sign-in, failed sign-in, language change, password change and sign-out', async () => {
    await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      body: { username: 'manager', password: 'wrong-password-1' },
    });
    const cookie = await t.login('manager');
    await t.request({ method: 'PATCH', url: '/api/v1/auth/me', cookie, body: { locale: 'en-US' } });
    const changed = await t.request({
      method: 'POST',
      url: '/api/v1/auth/password',
      cookie,
      body: { currentPassword: 'stride-demo', newPassword: 'Manager-new-2026' },
    });
    const renewed = `stride_session=${changed.cookies.find((c) => c.name === 'stride_session')!.value}`;
    await t.request({ method: 'POST', url: '/api/v1/auth/logout', cookie: renewed });
    const userId = t.template.companyA.users.manager.userId;
    const events = (await t.request({ url: `/api/v1/audit-events?entityId=${userId}&limit=20`, cookie: admin })).json()
      .items;
    const actions = events.map((e: { action: string }) => e.action).reverse();
    expect(actions).toEqual([
      'auth.login_failed',
      'auth.login',
      'user.locale_changed',
      'user.password_changed',
      'auth.logout',
    ]);
    expect(JSON.stringify(events)).not.toContain('Manager-new-2026');
  });

  it('pages newest first and filters by actor and time', async () => {
    const first = (await t.request({ url: '/api/v1/audit-events?limit=2', cookie: admin })).json();
    expect(first.items).toHaveLength(2);
    expect(first.items[0].seq).toBeGreaterThan(first.items[1].seq);
    const next = (
      await t.request({ url: `/api/v1/audit-events?limit=2&cursor=${first.nextCursor}`, cookie: admin })
    ).json();
    expect(next.items[0].seq).toBeLessThan(first.items[1].seq);
    const future = (
      await t.request({ url: `/api/v1/audit-events?from=${encodeURIComponent('2099-01-01T00:00:00Z')}`, cookie: admin })
    ).json();
    expect(future.total).toBe(0);
  });

  it('verifies the hash chain and pinpoints a tampered event', async () => {
    const ok = (await t.request({ url: '/api/v1/audit-events/verify', cookie: admin })).json();
    expect(ok.ok).toBe(true);
    expect(ok.checked).toBeGreaterThan(2);
    const orgId = t.template.companyA.orgId;
    await t.database.db.execute(
      sql`update audit_events set after = '{"name":"forged"}'::jsonb where org_id = ${orgId} and seq = 2`,
    );
    const broken = (await t.request({ url: '/api/v1/audit-events/verify', cookie: admin })).json();
    expect(broken).toMatchObject({ ok: false, firstBrokenSeq: 2 });
    const cli = await verifyAuditChain(t.database.db);
    expect(cli.ok).toBe(false);
  });

  it('notices when the newest events are removed', async () => {
    const orgId = t.template.companyB.orgId;
    const hrB = await t.login('hr.b');
    await t.request({
      method: 'POST',
      url: '/api/v1/positions',
      cookie: hrB,
      body: { name: '区域经理', jobFamily: '销售', level: 'M2' },
    });
    const before = await verifyAuditChain(t.database.db, orgId);
    expect(before.ok).toBe(true);
    await t.database.db.execute(
      sql`delete from audit_events where org_id = ${orgId} and seq = (select max(seq) from audit_events where org_id = ${orgId})`,
    );
    const after = await verifyAuditChain(t.database.db, orgId);
    expect(after).toMatchObject({ ok: false, firstBrokenSeq: before.checked });
  });

  it('a deleted event breaks the chain too', async () => {
    const orgId = t.template.companyB.orgId;
    const hrB = await t.login('hr.b');
    await t.request({
      method: 'POST',
      url: '/api/v1/positions',
      cookie: hrB,
      body: { name: '渠道经理', jobFamily: '销售', level: 'M1' },
    });
    expect((await verifyAuditChain(t.database.db, orgId)).ok).toBe(true);
    await t.database.db.execute(sql`delete from audit_events where org_id = ${orgId} and seq = 2`);
    expect(await verifyAuditChain(t.database.db, orgId)).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });
});
