import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';

let t: TestContext;
let admin: string;

beforeAll(async () => {
  t = await createTestContext();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const newPerson = async () => {
  const hr = await t.login('hr');
  const units = (await t.request({ url: '/api/v1/org-units', cookie: hr })).json().items;
  return (
    await t.request({
      method: 'POST',
      url: '/api/v1/employees',
      cookie: hr,
      body: {
        employeeNo: `U${Date.now()}`,
        name: '新同事',
        unitId: units[0].id,
        hireDate: '2026-11-02',
        contractType: 'open_ended',
        contractStartDate: '2026-11-02',
      },
    })
  ).json().id as string;
};

describe('user management', () => {
  it('creates a sign-in bound to a person; the person can sign in and sees themselves', async () => {
    const employeeId = await newPerson();
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: admin,
      body: { username: 'xin.tongshi', password: 'Welcome-2026', role: 'employee', employeeId },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ username: 'xin.tongshi', role: 'employee', employee: { id: employeeId } });
    expect(res.body).not.toContain('Welcome-2026');
    const cookie = await t.login('xin.tongshi', 'Welcome-2026');
    const me = (await t.request({ url: '/api/v1/auth/me', cookie })).json();
    expect(me.user).toMatchObject({ employeeId, displayName: '新同事' });
    expect((await t.request({ url: `/api/v1/employees/${employeeId}`, cookie })).statusCode).toBe(200);
  });

  it('refuses a taken username (any case), a weak password and a person already bound', async () => {
    const dup = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: admin,
      body: { username: 'ADMIN', password: 'Welcome-2026', role: 'hr' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe('username');
    const weak = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: admin,
      body: { username: 'weak.one', password: 'password', role: 'hr' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].field).toBe('password');
    const bound = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: admin,
      body: {
        username: 'second.binding',
        password: 'Welcome-2026',
        role: 'employee',
        employeeId: t.template.companyA.users.hr.employeeId,
      },
    });
    expect(bound.statusCode).toBe(409);
    expect(bound.json().code).toBe('EMPLOYEE_ALREADY_BOUND');
  });

  it('resets a password: old sessions end, the lock clears, the new password works', async () => {
    const created = (
      await t.request({
        method: 'POST',
        url: '/api/v1/users',
        cookie: admin,
        body: { username: 'reset.me', password: 'Original-2026', role: 'employee' },
      })
    ).json();
    const session = await t.login('reset.me', 'Original-2026');
    for (let i = 0; i < 5; i++) {
      await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        body: { username: 'reset.me', password: `Wrong-${i}-2026` },
      });
    }
    const locked = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      body: { username: 'reset.me', password: 'Original-2026' },
    });
    expect(locked.statusCode).toBe(401);
    const res = await t.request({
      method: 'POST',
      url: `/api/v1/users/${created.id}/reset-password`,
      cookie: admin,
      body: { newPassword: 'Replaced-2026' },
    });
    expect(res.statusCode).toBe(204);
    expect((await t.request({ url: '/api/v1/auth/me', cookie: session })).statusCode).toBe(401);
    await t.login('reset.me', 'Replaced-2026');
  });

  it('deactivating a user ends their sessions and blocks sign-in', async () => {
    const created = (
      await t.request({
        method: 'POST',
        url: '/api/v1/users',
        cookie: admin,
        body: { username: 'leaving.soon', password: 'Original-2026', role: 'manager' },
      })
    ).json();
    const session = await t.login('leaving.soon', 'Original-2026');
    const res = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${created.id}`,
      cookie: admin,
      body: { isActive: false },
    });
    expect(res.json().isActive).toBe(false);
    expect((await t.request({ url: '/api/v1/auth/me', cookie: session })).statusCode).toBe(401);
    const login = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      body: { username: 'leaving.soon', password: 'Original-2026' },
    });
    expect(login.statusCode).toBe(401);
  });

  it('refuses to demote or deactivate the last active admin', async () => {
    const adminId = t.template.companyA.users.admin.userId;
    const demote = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${adminId}`,
      cookie: admin,
      body: { role: 'hr' },
    });
    expect(demote.statusCode).toBe(422);
    expect(demote.json()).toMatchObject({ code: 'LAST_ADMIN', errors: [{ field: 'role' }] });
    const off = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${adminId}`,
      cookie: admin,
      body: { isActive: false },
    });
    expect(off.json().code).toBe('LAST_ADMIN');
    const second = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: admin,
      body: { username: 'second.admin', password: 'Second-admin-2026', role: 'admin' },
    });
    expect(second.statusCode).toBe(201);
    const now = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${second.json().id}`,
      cookie: admin,
      body: { isActive: false },
    });
    expect(now.statusCode).toBe(200);
  });

  it('lists and searches users of the organization only', async () => {
    const res = (await t.request({ url: '/api/v1/users?q=hr', cookie: admin })).json();
    expect(res.items.map((u: { username: string }) => u.username)).toContain('hr');
    expect(res.items.map((u: { username: string }) => u.username)).not.toContain('hr.b');
  });
});
