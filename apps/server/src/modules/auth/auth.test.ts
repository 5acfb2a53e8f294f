import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ LOGIN_RATE_LIMIT_PER_MINUTE: '8' });
});
afterAll(() => t.close());

const loginAs = (username: string, password: string, extra: Partial<Parameters<TestContext['request']>[0]> = {}) =>
  t.request({ method: 'POST', url: '/api/v1/auth/login', body: { username, password }, ...extra });

describe('sign-in', () => {
  it('sets an HttpOnly SameSite session cookie and returns the user', async () => {
    const res = await loginAs('hr', 'stride-demo');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { username: 'hr', role: 'hr' }, org: { name: '星辰科技有限公司' } });
    const cookie = res.cookies.find((c) => c.name === 'stride_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const me = await t.request({ url: '/api/v1/auth/me', cookie: `stride_session=${cookie.value}` });
    expect(me.statusCode).toBe(200);
  });

  it('answers a wrong password and an unknown user identically', async () => {
    const wrong = await loginAs('employee', 'nope-nope-1');
    const unknown = await loginAs('nobody-here', 'nope-nope-1');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
    expect(wrong.json().code).toBe('AUTH_INVALID_CREDENTIALS');
    expect(wrong.headers['content-type']).toContain('application/problem+json');
  });

  it('locks the account after repeated failures, still without saying so, and unlocks later', async () => {
    for (let i = 0; i < 5; i++) expect((await loginAs('manager', `wrong-${i}-pass`)).statusCode).toBe(401);
    const locked = await loginAs('manager', 'stride-demo');
    expect(locked.statusCode).toBe(401);
    expect(locked.json().code).toBe('AUTH_INVALID_CREDENTIALS');
    t.clock.now = new Date(Date.now() + 16 * 60_000);
    expect((await loginAs('manager', 'stride-demo')).statusCode).toBe(200);
    t.clock.now = new Date();
  });

  it('rate-limits repeated attempts with a problem response', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) codes.push((await loginAs('ghost-user', 'whatever-1')).statusCode);
    expect(codes).toContain(429);
    const res = await loginAs('ghost-user', 'whatever-1', { headers: { 'accept-language': 'en-US' } });
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ code: 'AUTH_RATE_LIMITED', detail: 'Too many attempts; try again later.' });
  });

  it('ignores X-Forwarded-For unless a proxy is trusted, so rotating it does not escape the limit', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) {
      codes.push(
        (await loginAs('spoofer', 'whatever-1', { headers: { 'x-forwarded-for': `10.0.0.${i}` } })).statusCode,
      );
    }
    expect(codes).toContain(429);
  });

  it('lets no more than the allowed number of parallel guesses through before the lock', async () => {
    const target = t.template.companyB.users.employee;
    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => loginAs(target.username, `parallel-${i}-guess`)),
    );
    expect(guesses.every((r) => r.statusCode === 401 || r.statusCode === 429)).toBe(true);
    const rows = await t.database.db.query.auditEvents.findMany();
    const evaluated = rows.filter(
      (r) => r.entityId === target.userId && /^auth\.(login_failed|locked)$/.test(r.action),
    );
    expect(evaluated.length).toBeGreaterThan(0);
    expect(evaluated.length).toBeLessThanOrEqual(5);
  });

  it('refuses a login posted from a foreign origin', async () => {
    const res = await loginAs('hr', 'stride-demo', { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF_ORIGIN_MISMATCH');
  });
});

describe('sessions', () => {
  it('end on logout', async () => {
    const cookie = await t.login('hr');
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/logout', cookie })).statusCode).toBe(204);
    expect((await t.request({ url: '/api/v1/auth/me', cookie })).statusCode).toBe(401);
  });

  it('expire after the configured time', async () => {
    const cookie = await t.login('hr');
    t.clock.now = new Date(Date.now() + 13 * 3600_000);
    const res = await t.request({ url: '/api/v1/auth/me', cookie });
    t.clock.now = new Date();
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_REQUIRED');
  });

  it('end everywhere on password change; the new password works, the old does not', async () => {
    const other = await t.login('employee');
    const current = await t.login('employee');
    const wrong = await t.request({
      method: 'POST',
      url: '/api/v1/auth/password',
      cookie: current,
      body: { currentPassword: 'bad-one-1', newPassword: 'NewPassw0rd-2026' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('currentPassword');
    const weak = await t.request({
      method: 'POST',
      url: '/api/v1/auth/password',
      cookie: current,
      body: { currentPassword: 'stride-demo', newPassword: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/password',
      cookie: current,
      body: { currentPassword: 'stride-demo', newPassword: 'NewPassw0rd-2026' },
    });
    expect(res.statusCode).toBe(204);
    expect((await t.request({ url: '/api/v1/auth/me', cookie: other })).statusCode).toBe(401);
    expect((await t.request({ url: '/api/v1/auth/me', cookie: current })).statusCode).toBe(401);
    const renewed = res.cookies.find((c) => c.name === 'stride_session')!;
    expect((await t.request({ url: '/api/v1/auth/me', cookie: `stride_session=${renewed.value}` })).statusCode).toBe(
      200,
    );
    expect((await loginAs('employee', 'stride-demo')).statusCode).toBe(401);
    expect((await loginAs('employee', 'NewPassw0rd-2026')).statusCode).toBe(200);
  });

  it('protects cookie-authenticated writes against cross-site requests', async () => {
    const cookie = await t.login('hr');
    const body = { locale: 'en-US' };
    const foreign = await t.request({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      cookie,
      body,
      origin: 'https://evil.example',
    });
    expect(foreign.statusCode).toBe(403);
    const none = await t.request({ method: 'PATCH', url: '/api/v1/auth/me', cookie, body, origin: null });
    expect(none.statusCode).toBe(403);
    const same = await t.request({ method: 'PATCH', url: '/api/v1/auth/me', cookie, body });
    expect(same.statusCode).toBe(200);
    expect(same.json().user.locale).toBe('en-US');
  });

  it('stores only a hash of the session token', async () => {
    const cookie = await t.login('admin');
    const token = cookie.split('=')[1];
    const rows = await t.database.db.query.sessions.findMany();
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
    expect(rows.some((r) => r.tokenHash === createHash('sha256').update(token).digest('hex'))).toBe(true);
  });
});
