// Every endpoint x role x (own scope, other team, other organization): allowed or refused.
// Refused reads of records must look exactly like reads of records that do not exist.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, HOST, ORIGIN, type TestContext } from '../../../test/harness';

type Role = 'admin' | 'hr' | 'manager' | 'employee';
type Target = 'own' | 'other' | 'otherOrg';
/** allowed, forbidden by role (403), or invisible (404, same as a missing record) */
type Outcome = 'ok' | 403 | 404;

let t: TestContext;
const cookies = {} as Record<Role, string>;
const ids = {
  employee: {} as Record<Role, Record<Target, string>>,
  unit: {} as Record<Role, Record<Target, string>>,
  position: {} as Record<Target, string>,
  user: {} as Record<Target, string>,
  integration: {} as Record<Target, string>,
  key: {} as Record<Target, string>,
  import: {} as Record<Target, string>,
};

beforeAll(async () => {
  t = await createTestContext();
  const { companyA, companyB } = t.template;
  for (const r of ['admin', 'hr', 'manager', 'employee'] as const)
    cookies[r] = await t.login(companyA.users[r].username);
  const hr = cookies.hr;
  const list = async (q: string) =>
    (await t.request({ url: `/api/v1/employees?${q}`, cookie: hr })).json().items as { id: string }[];
  const self = companyA.users.employee.employeeId;
  const inRegion = (await list(`unitId=${companyA.managedRegionId}&status=regular&limit=20`)).find(
    (e) => e.id !== self && e.id !== companyA.users.manager.employeeId,
  )!.id;
  const outside = (await list(`unitId=${companyA.otherRegionId}&limit=5`))[0].id;
  const bCookie = await t.login(companyB.users.hr.username);
  const otherOrg = (await t.request({ url: '/api/v1/employees?limit=1', cookie: bCookie })).json().items[0].id;
  const bUnits = (await t.request({ url: '/api/v1/org-units', cookie: bCookie })).json().items;
  const bPositions = (await t.request({ url: '/api/v1/positions', cookie: bCookie })).json().items;
  const aPositions = (await t.request({ url: '/api/v1/positions', cookie: hr })).json().items;
  const ownUnit = (await t.request({ url: `/api/v1/employees/${self}`, cookie: hr })).json().unit.id;
  const managedTeam = (await t.request({ url: `/api/v1/employees/${inRegion}`, cookie: hr })).json().unit.id;

  for (const r of ['admin', 'hr', 'manager'] as const) {
    ids.employee[r] = { own: inRegion, other: outside, otherOrg };
    ids.unit[r] = { own: managedTeam, other: companyA.otherRegionId, otherOrg: bUnits[0].id };
  }
  ids.employee.employee = { own: self, other: inRegion, otherOrg };
  ids.unit.employee = { own: ownUnit, other: companyA.otherRegionId, otherOrg: bUnits[0].id };
  ids.position = { own: aPositions[0].id, other: aPositions[1].id, otherOrg: bPositions[0].id };
  // Targets of user writes are separate sign-ins, so resetting them does not end the callers' sessions.
  const newUser = async (username: string) =>
    (
      await t.request({
        method: 'POST',
        url: '/api/v1/users',
        cookie: cookies.admin,
        body: { username, password: 'Target-pass-2026', role: 'employee' },
      })
    ).json().id as string;
  const newIntegration = async (cookie: string, source: string) => {
    const integ = (
      await t.request({ method: 'POST', url: '/api/v1/integrations', cookie, body: { name: source, source } })
    ).json();
    const key = (
      await t.request({ method: 'POST', url: `/api/v1/integrations/${integ.id}/keys`, cookie, body: { name: 'k' } })
    ).json();
    return { id: integ.id as string, keyId: key.id as string };
  };
  const adminB = await t.login(companyB.users.admin.username);
  const [i1, i2, i3] = [
    await newIntegration(cookies.admin, 'crm_one'),
    await newIntegration(cookies.admin, 'crm_two'),
    await newIntegration(adminB, 'crm_b'),
  ];
  ids.integration = { own: i1.id, other: i2.id, otherOrg: i3.id };
  ids.key = { own: i1.keyId, other: i2.keyId, otherOrg: i3.keyId };
  const newImport = async (cookie: string) =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/imports?kind=activities&filename=matrix.csv',
        headers: { host: HOST, origin: ORIGIN, cookie, 'content-type': 'text/csv' },
        payload: Buffer.from('日期,工号,类型\n2026/3/1,E1,订单\n'),
      })
    ).json().id as string;
  ids.import = {
    own: await newImport(cookies.hr),
    other: await newImport(cookies.admin),
    otherOrg: await newImport(adminB),
  };
  // A manual metric in each organization (values are entered for people: the manual-value case below).
  const manual = (key: string) => ({
    key,
    name: { 'zh-CN': '手工指标', 'en-US': 'Manual metric' },
    unit: 'count',
    spec: { kind: 'manual' },
  });
  await t.request({ method: 'POST', url: '/api/v1/metrics', cookie: hr, body: manual('matrix_manual') });
  await t.request({ method: 'POST', url: '/api/v1/metrics', cookie: adminB, body: manual('matrix_b') });
  ids.user = {
    own: await newUser('target-one'),
    other: await newUser('target-two'),
    otherOrg: companyB.users.employee.userId,
  };
});
afterAll(() => t.close());

interface Case {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  route: string;
  url: (role: Role, target: Target) => string;
  body?: (role: Role, target: Target) => unknown;
  expect: Record<Role, [own: Outcome, other: Outcome, otherOrg: Outcome]>;
}

const all = (o: Outcome): [Outcome, Outcome, Outcome] => [o, o, o];
const orgWide: [Outcome, Outcome, Outcome] = ['ok', 'ok', 404];
const selfOnly: [Outcome, Outcome, Outcome] = ['ok', 404, 404];

const cases: Case[] = [
  {
    // Document templates belong to the caller's organization (no record ids): admin and hr only.
    method: 'GET',
    route: '/api/v1/document-templates/:kind/preview',
    url: () => '/api/v1/document-templates/termination_notice/preview',
    expect: { admin: all('ok'), hr: all('ok'), manager: all(403), employee: all(403) },
  },
  {
    method: 'GET',
    route: '/api/v1/employees/:id',
    url: (r, tg) => `/api/v1/employees/${ids.employee[r][tg]}`,
    expect: { admin: orgWide, hr: orgWide, manager: selfOnly, employee: selfOnly },
  },
  {
    method: 'GET',
    route: '/api/v1/employees/:id/job-history',
    url: (r, tg) => `/api/v1/employees/${ids.employee[r][tg]}/job-history`,
    expect: { admin: orgWide, hr: orgWide, manager: selfOnly, employee: selfOnly },
  },
  {
    method: 'POST',
    route: '/api/v1/employees/:id/reveal',
    url: (r, tg) => `/api/v1/employees/${ids.employee[r][tg]}/reveal`,
    body: () => ({ field: 'phone' }),
    expect: { admin: orgWide, hr: orgWide, manager: [403, 404, 404], employee: selfOnly },
  },
  {
    method: 'PATCH',
    route: '/api/v1/employees/:id',
    url: (r, tg) => `/api/v1/employees/${ids.employee[r][tg]}`,
    body: () => ({ email: `matrix-${randomUUID().slice(0, 8)}@example.cn` }),
    expect: { admin: orgWide, hr: orgWide, manager: all(403), employee: all(403) },
  },
  {
    method: 'GET',
    route: '/api/v1/org-units/:id/members',
    url: (r, tg) => `/api/v1/org-units/${ids.unit[r][tg]}/members`,
    expect: { admin: orgWide, hr: orgWide, manager: selfOnly, employee: all(403) },
  },
  {
    method: 'PATCH',
    route: '/api/v1/org-units/:id',
    url: (r, tg) => `/api/v1/org-units/${ids.unit[r][tg]}`,
    body: (r, tg) => ({ name: `单元-${r}-${tg}` }),
    expect: { admin: orgWide, hr: orgWide, manager: all(403), employee: all(403) },
  },
  {
    method: 'PATCH',
    route: '/api/v1/positions/:id',
    url: (_r, tg) => `/api/v1/positions/${ids.position[tg]}`,
    body: () => ({ level: 'S1' }),
    expect: { admin: orgWide, hr: orgWide, manager: all(403), employee: all(403) },
  },
  {
    method: 'PATCH',
    route: '/api/v1/users/:id',
    url: (_r, tg) => `/api/v1/users/${ids.user[tg]}`,
    body: () => ({ locale: 'zh-CN' }),
    expect: { admin: orgWide, hr: all(403), manager: all(403), employee: all(403) },
  },
  {
    method: 'POST',
    route: '/api/v1/users/:id/reset-password',
    url: (_r, tg) => `/api/v1/users/${ids.user[tg]}/reset-password`,
    body: () => ({ newPassword: 'Matrix-reset-2026' }),
    expect: { admin: orgWide, hr: all(403), manager: all(403), employee: all(403) },
  },
  {
    method: 'GET',
    route: '/api/v1/metric-values',
    url: (r, tg) => `/api/v1/metric-values?employeeId=${ids.employee[r][tg]}`,
    expect: { admin: orgWide, hr: orgWide, manager: selfOnly, employee: selfOnly },
  },
  {
    method: 'GET',
    route: '/api/v1/employees/:id/trajectory',
    url: (r, tg) => `/api/v1/employees/${ids.employee[r][tg]}/trajectory`,
    expect: { admin: orgWide, hr: orgWide, manager: selfOnly, employee: selfOnly },
  },
  {
    method: 'GET',
    route: '/api/v1/trajectories/cohort-curves',
    url: (r, tg) => `/api/v1/trajectories/cohort-curves?employeeId=${ids.employee[r][tg]}`,
    expect: { admin: orgWide, hr: orgWide, manager: selfOnly, employee: all(403) },
  },
  {
    method: 'GET',
    route: '/api/v1/trajectories/team',
    url: (r, tg) => `/api/v1/trajectories/team?unitId=${ids.unit[r][tg]}`,
    expect: { admin: orgWide, hr: orgWide, manager: selfOnly, employee: all(403) },
  },
  {
    method: 'PATCH',
    route: '/api/v1/integrations/:id',
    url: (_r, tg) => `/api/v1/integrations/${ids.integration[tg]}`,
    body: () => ({ isActive: true }),
    expect: { admin: orgWide, hr: all(403), manager: all(403), employee: all(403) },
  },
  {
    method: 'POST',
    route: '/api/v1/integrations/:id/webhook-secret',
    url: (_r, tg) => `/api/v1/integrations/${ids.integration[tg]}/webhook-secret`,
    expect: { admin: orgWide, hr: all(403), manager: all(403), employee: all(403) },
  },
  {
    method: 'POST',
    route: '/api/v1/integrations/:id/keys',
    url: (_r, tg) => `/api/v1/integrations/${ids.integration[tg]}/keys`,
    body: () => ({ name: 'matrix' }),
    expect: { admin: orgWide, hr: all(403), manager: all(403), employee: all(403) },
  },
  {
    method: 'POST',
    route: '/api/v1/integrations/:id/keys/:keyId/revoke',
    url: (_r, tg) => `/api/v1/integrations/${ids.integration[tg]}/keys/${ids.key[tg]}/revoke`,
    expect: { admin: orgWide, hr: all(403), manager: all(403), employee: all(403) },
  },
  {
    method: 'GET',
    route: '/api/v1/imports/:id',
    url: (_r, tg) => `/api/v1/imports/${ids.import[tg]}`,
    expect: { admin: orgWide, hr: orgWide, manager: all(403), employee: all(403) },
  },
  {
    method: 'PUT',
    route: '/api/v1/metric-values/manual',
    url: () => '/api/v1/metric-values/manual',
    body: (r, tg) => ({
      metric: 'matrix_manual',
      employeeId: ids.employee[r][tg],
      periodType: 'month',
      periodStart: '2026-03-01',
      value: '3',
    }),
    expect: { admin: orgWide, hr: orgWide, manager: selfOnly, employee: all(403) },
  },
  {
    method: 'GET',
    route: '/api/v1/scorecard-templates/applicable',
    url: (r, tg) => `/api/v1/scorecard-templates/applicable?employeeId=${ids.employee[r][tg]}`,
    expect: { admin: orgWide, hr: orgWide, manager: selfOnly, employee: selfOnly },
  },
];

/** The same request against a record that does not exist anywhere. */
const missingUrl = (url: string) =>
  url.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, randomUUID());

describe('record endpoints', () => {
  for (const c of cases) {
    for (const role of ['admin', 'hr', 'manager', 'employee'] as const) {
      (['own', 'other', 'otherOrg'] as const).forEach((target, i) => {
        const outcome = c.expect[role][i];
        it(`${c.method} ${c.route} as ${role} on ${target} → ${outcome}`, async () => {
          const url = c.url(role, target);
          const body = c.body?.(role, target);
          const res = await t.request({ method: c.method, url, cookie: cookies[role], body });
          if (outcome === 'ok') {
            expect(res.statusCode, res.body).toBeLessThan(300);
            return;
          }
          expect(res.statusCode, res.body).toBe(outcome);
          if (outcome === 404) {
            const missing = await t.request({ method: c.method, url: missingUrl(url), cookie: cookies[role], body });
            expect(missing.statusCode).toBe(404);
            expect(res.json().code).toBe(missing.json().code);
            expect(res.json().detail).toBe(missing.json().detail);
          }
        });
      });
    }
  }
});

describe('collection endpoints', () => {
  it('GET /api/v1/employees returns only the caller’s scope', async () => {
    const totals = {} as Record<Role, number>;
    for (const role of ['admin', 'hr', 'manager', 'employee'] as const) {
      const res = await t.request({ url: '/api/v1/employees?limit=100', cookie: cookies[role] });
      expect(res.statusCode).toBe(200);
      totals[role] = res.json().total;
      const listed = res.json().items.map((e: { id: string }) => e.id);
      expect(listed).not.toContain(ids.employee.admin.otherOrg);
      if (role === 'manager') expect(listed).not.toContain(ids.employee.manager.other);
    }
    expect(totals.admin).toBe(t.template.companyA.employeeCount);
    expect(totals.hr).toBe(totals.admin);
    expect(totals.manager).toBeGreaterThan(1);
    expect(totals.manager).toBeLessThan(totals.hr);
    expect(totals.employee).toBe(1);
  });

  it('GET /api/v1/org-units returns the whole tree, the led subtree, or the own unit', async () => {
    const count = async (role: Role) =>
      (await t.request({ url: '/api/v1/org-units', cookie: cookies[role] })).json().items as { id: string }[];
    const hrUnits = await count('hr');
    const managerUnits = await count('manager');
    const employeeUnits = await count('employee');
    expect(hrUnits.map((u) => u.id)).not.toContain(ids.unit.hr.otherOrg);
    expect(managerUnits.map((u) => u.id)).toContain(t.template.companyA.managedRegionId);
    expect(managerUnits.map((u) => u.id)).not.toContain(t.template.companyA.otherRegionId);
    expect(managerUnits.length).toBeLessThan(hrUnits.length);
    expect(employeeUnits.map((u) => u.id)).toEqual([ids.unit.employee.own]);
  });

  it('GET /api/v1/positions is readable by every role, only within the organization', async () => {
    for (const role of ['admin', 'hr', 'manager', 'employee'] as const) {
      const res = await t.request({ url: '/api/v1/positions', cookie: cookies[role] });
      expect(res.statusCode).toBe(200);
      expect(res.json().items.map((p: { id: string }) => p.id)).not.toContain(ids.position.otherOrg);
    }
  });

  it('activity, the unmatched queue and team metrics follow the caller’s scope', async () => {
    for (const role of ['admin', 'hr', 'manager', 'employee'] as const) {
      expect((await t.request({ url: '/api/v1/activities', cookie: cookies[role] })).statusCode).toBe(200);
      expect((await t.request({ url: '/api/v1/metrics', cookie: cookies[role] })).statusCode).toBe(200);
      const canQueue = role === 'admin' || role === 'hr';
      expect((await t.request({ url: '/api/v1/activities/unmatched', cookie: cookies[role] })).statusCode).toBe(
        canQueue ? 200 : 403,
      );
      expect((await t.request({ url: '/api/v1/activities?unmatched=true', cookie: cookies[role] })).statusCode).toBe(
        canQueue ? 200 : 403,
      );
      const resolve = await t.request({
        method: 'POST',
        url: '/api/v1/activities/unmatched/resolve',
        cookie: cookies[role],
        body: { source: 'crm_one', kind: 'externalUserId', value: 'x', employeeId: ids.employee.hr.otherOrg },
      });
      expect(resolve.statusCode).toBe(canQueue ? 422 : 403);
      const team = await t.request({
        url: `/api/v1/metric-values/team?unitId=${t.template.companyA.otherRegionId}&metric=revenue&periodStart=2026-03-01`,
        cookie: cookies[role],
      });
      // Another region is outside a manager's scope: refused, not shown empty.
      expect(team.statusCode).toBe(role === 'employee' ? 403 : role === 'manager' ? 404 : 200);
      if (role === 'hr') expect(team.json().items.length).toBeGreaterThan(0);
      const facts = await t.request({
        url: `/api/v1/activities?unitId=${t.template.companyA.otherRegionId}`,
        cookie: cookies[role],
      });
      expect(facts.statusCode).toBe(role === 'employee' ? 403 : role === 'manager' ? 404 : 200);
    }
  });

  it('metric definitions: everyone reads the catalog of their own organization; admin and hr change it', async () => {
    const body = (version: number) => ({
      name: { 'zh-CN': '手工指标', 'en-US': 'Manual metric' },
      unit: 'count',
      spec: { kind: 'manual' },
      expectedVersion: version,
    });
    for (const role of ['admin', 'hr', 'manager', 'employee'] as const) {
      const catalog = await t.request({ url: '/api/v1/metrics', cookie: cookies[role] });
      expect(catalog.statusCode).toBe(200);
      const keys = catalog.json().items.map((m: { key: string }) => m.key);
      expect(keys).toContain('matrix_manual');
      expect(keys).not.toContain('matrix_b');
      const canEdit = role === 'admin' || role === 'hr';
      const create = await t.request({
        method: 'POST',
        url: '/api/v1/metrics',
        cookie: cookies[role],
        body: { key: `by_${role}`, ...body(1) },
      });
      expect(create.statusCode).toBe(canEdit ? 201 : 403);
      const versions = await t.request({ url: '/api/v1/metrics/matrix_manual/versions', cookie: cookies[role] });
      expect(versions.statusCode).toBe(canEdit ? 200 : 403);
      // Another organization's metric looks exactly like one that does not exist.
      for (const [method, url, payload] of [
        ['GET', '/api/v1/metrics/matrix_b/versions', undefined],
        ['PUT', '/api/v1/metrics/matrix_b', body(1)],
        ['DELETE', '/api/v1/metrics/matrix_b', undefined],
      ] as const) {
        const res = await t.request({ method, url, cookie: cookies[role], body: payload });
        const missing = await t.request({
          method,
          url: url.replace('matrix_b', 'no_such_metric'),
          cookie: cookies[role],
          body: payload,
        });
        expect(res.statusCode, `${method} ${url} as ${role}`).toBe(canEdit ? 404 : 403);
        expect(res.json().detail).toBe(missing.json().detail);
      }
    }
    const put = await t.request({ method: 'PUT', url: '/api/v1/metrics/by_admin', cookie: cookies.hr, body: body(1) });
    expect(put.statusCode).toBe(200);
    for (const role of ['manager', 'employee'] as const) {
      const res = await t.request({
        method: 'PUT',
        url: '/api/v1/metrics/by_admin',
        cookie: cookies[role],
        body: body(2),
      });
      expect(res.statusCode).toBe(403);
      const del = await t.request({ method: 'DELETE', url: '/api/v1/metrics/by_admin', cookie: cookies[role] });
      expect(del.statusCode).toBe(403);
    }
    expect(
      (await t.request({ method: 'DELETE', url: '/api/v1/metrics/by_hr', cookie: cookies.admin })).statusCode,
    ).toBe(204);
  });

  it('activity types: everyone reads their organization’s; only admin adds or changes them', async () => {
    const bType = await t.request({
      method: 'POST',
      url: '/api/v1/activity-types',
      cookie: await t.login(t.template.companyB.users.admin.username),
      body: { key: 'b_only', name: { 'zh-CN': '乙方类型', 'en-US': 'B only' } },
    });
    expect(bType.statusCode).toBe(201);
    for (const role of ['admin', 'hr', 'manager', 'employee'] as const) {
      const list = await t.request({ url: '/api/v1/activity-types', cookie: cookies[role] });
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((x: { key: string }) => x.key)).not.toContain('b_only');
      const create = await t.request({
        method: 'POST',
        url: '/api/v1/activity-types',
        cookie: cookies[role],
        body: { key: `type_${role}`, name: { 'zh-CN': '类型', 'en-US': 'Type' } },
      });
      expect(create.statusCode).toBe(role === 'admin' ? 201 : 403);
      const patchOther = await t.request({
        method: 'PATCH',
        url: '/api/v1/activity-types/b_only',
        cookie: cookies[role],
        body: { active: false },
      });
      expect(patchOther.statusCode).toBe(role === 'admin' ? 404 : 403);
      const patchOwn = await t.request({
        method: 'PATCH',
        url: '/api/v1/activity-types/type_admin',
        cookie: cookies[role],
        body: { name: { 'zh-CN': '改名', 'en-US': 'Renamed' } },
      });
      expect(patchOwn.statusCode).toBe(role === 'admin' ? 200 : 403);
    }
  });

  const adminOnly = ['/api/v1/users', '/api/v1/audit-events', '/api/v1/audit-events/verify', '/api/v1/integrations'];
  for (const url of adminOnly) {
    it(`GET ${url} is admin-only and never shows another organization`, async () => {
      for (const role of ['hr', 'manager', 'employee'] as const) {
        expect((await t.request({ url, cookie: cookies[role] })).statusCode).toBe(403);
      }
      const res = await t.request({ url, cookie: cookies.admin });
      expect(res.statusCode).toBe(200);
      // Identifiers of the other organization that would appear in these answers if it leaked.
      for (const leak of [
        ids.user.otherOrg,
        t.template.companyB.users.hr.userId,
        'hr.b',
        'admin.b',
        t.template.companyB.orgId,
      ]) {
        expect(res.body).not.toContain(leak);
      }
    });
  }

  it('creating is for admin and hr (users: admin only); others get 403 and nothing is written', async () => {
    const unitId = ids.unit.hr.own;
    const creates = [
      {
        url: '/api/v1/positions',
        body: () => ({ name: `岗位${randomUUID().slice(0, 6)}`, jobFamily: '销售', level: 'S3' }),
        roles: ['admin', 'hr'],
      },
      {
        url: '/api/v1/org-units',
        body: () => ({ name: `新组${randomUUID().slice(0, 6)}`, parentId: unitId }),
        roles: ['admin', 'hr'],
      },
      {
        url: '/api/v1/employees',
        body: () => ({
          employeeNo: `M${randomUUID().slice(0, 6)}`,
          name: '矩阵测试',
          unitId,
          hireDate: '2026-11-01',
          contractType: 'open_ended',
          contractStartDate: '2026-11-01',
        }),
        roles: ['admin', 'hr'],
      },
      {
        url: '/api/v1/users',
        body: () => ({ username: `m${randomUUID().slice(0, 8)}`, password: 'Matrix-pass-2026', role: 'employee' }),
        roles: ['admin'],
      },
      {
        url: '/api/v1/integrations',
        body: () => ({ name: 'x', source: `s${randomUUID().slice(0, 8)}` }),
        roles: ['admin'],
      },
    ];
    for (const c of creates) {
      for (const role of ['admin', 'hr', 'manager', 'employee'] as const) {
        const res = await t.request({ method: 'POST', url: c.url, cookie: cookies[role], body: c.body() });
        expect(res.statusCode, `${role} POST ${c.url}: ${res.body}`).toBe(c.roles.includes(role) ? 201 : 403);
      }
    }
  });

  it('probation reviews: admin and hr open and decide, a manager reads their people’s, an employee nothing', async () => {
    const { companyA, companyB } = t.template;
    const hrB = await t.login(companyB.users.hr.username);
    const inProbation = async (cookie: string, unitId?: string) =>
      (
        await t.request({
          url: `/api/v1/employees?status=probation&limit=1${unitId ? `&unitId=${unitId}` : ''}`,
          cookie,
        })
      ).json().items[0].id as string;
    const open = async (cookie: string, employeeId: string) => {
      const res = await t.request({ method: 'POST', url: '/api/v1/probation-reviews', cookie, body: { employeeId } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const ownPerson = await inProbation(cookies.hr, companyA.managedRegionId);
    const review: Record<Target, string> = {
      own: await open(cookies.hr, ownPerson),
      other: await open(cookies.hr, await inProbation(cookies.hr, companyA.otherRegionId)),
      otherOrg: await open(hrB, await inProbation(hrB)),
    };
    const url = (tg: Target, rest = '') => `/api/v1/probation-reviews/${review[tg]}${rest}`;
    const reads: Record<Role, [Outcome, Outcome, Outcome]> = {
      admin: orgWide,
      hr: orgWide,
      manager: selfOnly,
      employee: all(403),
    };
    for (const role of ['admin', 'hr', 'manager', 'employee'] as const) {
      for (const [i, tg] of (['own', 'other', 'otherOrg'] as const).entries()) {
        const res = await t.request({ url: url(tg), cookie: cookies[role] });
        const outcome = reads[role][i];
        expect(res.statusCode, `${role} ${tg}`).toBe(outcome === 'ok' ? 200 : outcome);
        if (outcome === 404) {
          const missing = await t.request({ url: missingUrl(url(tg)), cookie: cookies[role] });
          expect(res.json().detail).toBe(missing.json().detail);
        }
      }
      const list = await t.request({ url: '/api/v1/probation-reviews', cookie: cookies[role] });
      expect(list.statusCode).toBe(role === 'employee' ? 403 : 200);
      if (role === 'employee') continue;
      const listed = list.json().items.map((r: { id: string }) => r.id);
      expect(listed).toContain(review.own);
      expect(listed).not.toContain(review.otherOrg);
      if (role === 'manager') expect(listed).not.toContain(review.other);
    }
    const post = (role: Role, u: string, body: unknown) =>
      t.request({ method: 'POST', url: u, cookie: cookies[role], body });
    const failBody = { hiringConditions: '录用条件', reasons: [{ condition: '条件', evidence: '事实' }] };
    // Opening again is authorized for admin (and refused as a duplicate); managers and employees may not open.
    expect((await post('admin', '/api/v1/probation-reviews', { employeeId: ownPerson })).statusCode).toBe(409);
    for (const role of ['manager', 'employee'] as const) {
      expect((await post(role, '/api/v1/probation-reviews', { employeeId: ownPerson })).statusCode).toBe(403);
      expect((await post(role, url('own', '/pass'), {})).statusCode).toBe(403);
      expect((await post(role, url('own', '/fail'), failBody)).statusCode).toBe(403);
    }
    expect((await post('hr', url('otherOrg', '/pass'), {})).statusCode).toBe(404);
    expect((await post('hr', url('otherOrg', '/fail'), failBody)).statusCode).toBe(404);
    expect((await post('admin', url('own', '/fail'), { ...failBody, reasons: [] })).statusCode).toBe(400);
    // The notice exists only for a failed review: answered 409 to those who may see the review.
    const notice = async (role: Role, tg: Target) =>
      (await t.request({ url: url(tg, '/notice.docx'), cookie: cookies[role] })).statusCode;
    expect(await notice('hr', 'own')).toBe(409);
    expect(await notice('manager', 'own')).toBe(409);
    expect(await notice('manager', 'other')).toBe(404);
    expect(await notice('employee', 'own')).toBe(403);
    expect(await notice('hr', 'otherOrg')).toBe(404);
    expect((await post('hr', url('own', '/pass'), {})).statusCode).toBe(200);
    expect((await post('admin', url('own', '/pass'), {})).statusCode).toBe(409);
  });

  it('a unit leader of another organization cannot be set, and another organization’s unit is not a parent', async () => {
    const leader = await t.request({
      method: 'PATCH',
      url: `/api/v1/org-units/${ids.unit.hr.own}`,
      cookie: cookies.hr,
      body: { leaderEmployeeId: ids.employee.hr.otherOrg },
    });
    expect(leader.statusCode).toBe(422);
    expect(leader.json().errors[0].field).toBe('leaderEmployeeId');
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/org-units',
      cookie: cookies.hr,
      body: { name: '跨组织', parentId: ids.unit.hr.otherOrg },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('parentId');
  });
});

describe('every endpoint', () => {
  it('declares its access rule and refuses anonymous callers unless public', async () => {
    const api = t.app.routeCatalog.filter((r) => r.url.startsWith('/api/v1') && r.url !== '/api/v1/openapi.json');
    expect(api.length).toBeGreaterThan(15);
    for (const r of api) {
      expect(r.access, `${r.method} ${r.url}`).toBeDefined();
      if (r.access === 'public') continue;
      const url = r.url.replace(/:id/g, randomUUID());
      const res = await t.request({ method: r.method as 'GET', url, body: r.method === 'GET' ? undefined : {} });
      expect(res.statusCode, `${r.method} ${url}`).toBe(401);
    }
  });

  it('is covered by this matrix', () => {
    const covered = new Set([
      ...cases.map((c) => `${c.method} ${c.route}`),
      'GET /api/v1/employees',
      'GET /api/v1/org-units',
      'GET /api/v1/positions',
      'GET /api/v1/users',
      'GET /api/v1/audit-events',
      'GET /api/v1/audit-events/verify',
      'POST /api/v1/positions',
      'POST /api/v1/org-units',
      'POST /api/v1/employees',
      'POST /api/v1/users',
      'GET /api/v1/integrations',
      'POST /api/v1/integrations',
      'GET /api/v1/activities',
      'GET /api/v1/activities/unmatched',
      'POST /api/v1/activities/unmatched/resolve',
      'GET /api/v1/metrics',
      'GET /api/v1/metric-values/team',
      'GET /api/v1/metric-values/status',
      'POST /api/v1/metrics',
      'PUT /api/v1/metrics/:key',
      'DELETE /api/v1/metrics/:key',
      'GET /api/v1/metrics/:key/versions',
      'GET /api/v1/activity-types',
      'POST /api/v1/activity-types',
      'PATCH /api/v1/activity-types/:key',
      // Machine endpoints: an integration key (POST /activities) or a webhook signature; see activities.test.ts.
      'POST /api/v1/activities',
      'POST /api/v1/integrations/:id/webhook',
      // File imports: admin and hr only, within the organization (imports.test.ts covers each step).
      'GET /api/v1/imports',
      'POST /api/v1/imports',
      'PUT /api/v1/imports/:id/mapping',
      'GET /api/v1/imports/:id/rows',
      'POST /api/v1/imports/:id/commit',
      'GET /api/v1/imports/:id/rejected.xlsx',
      // Scorecard templates, grade scales and performance settings: admin and hr write, managers read
      // (preview: their people only), employees are refused, other organizations answer 404
      // (scorecards/scorecards.test.ts, "scope and audit" and "preview").
      'GET /api/v1/scorecard-templates',
      'POST /api/v1/scorecard-templates',
      'GET /api/v1/scorecard-templates/:id',
      'PUT /api/v1/scorecard-templates/:id',
      'DELETE /api/v1/scorecard-templates/:id',
      'GET /api/v1/scorecard-templates/:id/versions',
      'GET /api/v1/scorecard-templates/:id/versions/:version',
      'POST /api/v1/scorecard-templates/:id/preview',
      'GET /api/v1/performance-settings',
      'PUT /api/v1/performance-settings',
      'GET /api/v1/grade-scales',
      'POST /api/v1/grade-scales',
      'GET /api/v1/grade-scales/:id',
      'PUT /api/v1/grade-scales/:id',
      'DELETE /api/v1/grade-scales/:id',
      'POST /api/v1/grade-scales/:id/default',
      // Own-account endpoints: each acts only on the caller (auth.test.ts).
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/logout',
      'GET /api/v1/auth/me',
      'PATCH /api/v1/auth/me',
      'POST /api/v1/auth/password',
      // Targets: own team / other region / other organization for each role, the employee for a colleague,
      // and the lock (targets.test.ts).
      'GET /api/v1/targets',
      'POST /api/v1/targets',
      'POST /api/v1/targets/propose',
      'GET /api/v1/targets/fairness',
      'PUT /api/v1/targets/:id',
      'POST /api/v1/targets/:id/agree',
      'POST /api/v1/targets/:id/split',
      'GET /api/v1/targets/:id/history',
      // Probation reviews: the "probation reviews" case above, and probation/probation.test.ts.
      'GET /api/v1/probation-reviews',
      'POST /api/v1/probation-reviews',
      'GET /api/v1/probation-reviews/:id',
      'POST /api/v1/probation-reviews/:id/pass',
      'POST /api/v1/probation-reviews/:id/fail',
      'GET /api/v1/probation-reviews/:id/notice.docx',
      // Review cycles: HR and admin run them; managers see and calibrate their units; a rater fills only their
      // own forms while the stage is open; a person sees their own result only once published; other
      // organizations and other teams answer 404 (reviews/reviews.test.ts, each step and "keeps … apart").
      'GET /api/v1/review-cycles',
      'POST /api/v1/review-cycles',
      'GET /api/v1/review-cycles/:id',
      'PUT /api/v1/review-cycles/:id',
      'DELETE /api/v1/review-cycles/:id',
      'POST /api/v1/review-cycles/:id/launch',
      'POST /api/v1/review-cycles/:id/advance',
      'GET /api/v1/review-cycles/:id/participants',
      'GET /api/v1/review-cycles/:id/calibration',
      'POST /api/v1/review-participants/:id/grade',
      'GET /api/v1/review-cycles/:id/rating-changes',
      'GET /api/v1/review-cycles/:id/rating-changes.xlsx',
      'GET /api/v1/review-cycles/:id/results.xlsx',
      'GET /api/v1/review-cycles/:id/team',
      'GET /api/v1/review-participants/:id',
      // The same checks as the result it exports (reviews.test.ts: employee, manager, other organization).
      'GET /api/v1/review-participants/:id/result.xlsx',
      'POST /api/v1/review-participants/:id/acknowledge',
      'POST /api/v1/review-participants/:id/appeal',
      'GET /api/v1/review-cycles/:id/appeals',
      'POST /api/v1/review-appeals/:id/decide',
      'GET /api/v1/my-reviews',
      'GET /api/v1/review-forms/:id',
      'PUT /api/v1/review-forms/:id',
      // Notifications: each user reads and marks only their own (another's answers 404); the delivery log is
      // admin and hr of the organization (notifications/notifications.test.ts).
      'GET /api/v1/notifications',
      'POST /api/v1/notifications/:id/read',
      'POST /api/v1/notifications/read-all',
      'GET /api/v1/notification-preferences',
      'PUT /api/v1/notification-preferences',
      'GET /api/v1/notification-deliveries',
      // IM group bots: admin and hr of the organization; managers and employees 403, another organization's bot
      // answers like a missing one for every action (notifications/im-channels.test.ts, "managers, employees …").
      'GET /api/v1/im-channels',
      'POST /api/v1/im-channels',
      'PATCH /api/v1/im-channels/:id',
      'DELETE /api/v1/im-channels/:id',
      'POST /api/v1/im-channels/:id/test',
      // Home dashboard: admin and hr the organization, a manager the units they lead (not themselves); employees
      // are refused (dashboard/dashboard.test.ts).
      'GET /api/v1/dashboard',
      // Early warning: rules written by admin and hr, read by managers, refused to employees; alerts of one's
      // scope only (a manager their units' people, an employee their own when the rule tells them; another
      // organization and another region answer 404); masks for people in scope (alerts/alerts.test.ts).
      'GET /api/v1/alert-rules',
      'POST /api/v1/alert-rules',
      'POST /api/v1/alert-rules/preview',
      'POST /api/v1/alert-rules/builtins',
      'GET /api/v1/alert-rules/:id',
      'PUT /api/v1/alert-rules/:id',
      'DELETE /api/v1/alert-rules/:id',
      'POST /api/v1/alerts/evaluate',
      'GET /api/v1/alerts',
      'GET /api/v1/alerts/summary',
      'GET /api/v1/alerts/:id',
      'POST /api/v1/alerts/:id/acknowledge',
      'POST /api/v1/alerts/:id/actions',
      'POST /api/v1/alerts/:id/resolve',
      'GET /api/v1/alert-masks',
      'POST /api/v1/alert-masks',
      'DELETE /api/v1/alert-masks/:id',
      'GET /api/v1/training-courses',
      'POST /api/v1/training-courses',
      'PUT /api/v1/training-courses/:id',
      'DELETE /api/v1/training-courses/:id',
      // Low-performer pool: admin, hr and managers read (a manager only the people of the units they lead, never
      // their own entry), employees are refused; building and the policy are admin and hr; decisions by a manager
      // for their people or by hr, never about oneself; another organization's pools and entries answer 404
      // (pool/pool.test.ts, "decisions" and "reading pools").
      'GET /api/v1/low-performer-pools',
      'POST /api/v1/low-performer-pools/build',
      'GET /api/v1/low-performer-pools/:id',
      'GET /api/v1/low-performer-pools/:id/export.xlsx',
      'POST /api/v1/pool-entries/:id/decision',
      'GET /api/v1/optimization-list',
      'GET /api/v1/alert-settings',
      'PUT /api/v1/alert-settings',
      // Talent review: admin, hr and managers (a manager the people of the units they lead, never themselves);
      // employees refused; opening, finalizing and key positions are admin and hr; another organization's
      // reviews, people and slates answer 404 (talent/talent.test.ts).
      'GET /api/v1/talent-reviews',
      'POST /api/v1/talent-reviews',
      'GET /api/v1/talent-reviews/:id',
      'PUT /api/v1/talent-reviews/:id/placements/:employeeId/ratings',
      'POST /api/v1/talent-reviews/:id/placements/:employeeId/move',
      'GET /api/v1/talent-reviews/:id/placements/:employeeId/history',
      'POST /api/v1/talent-reviews/:id/finalize',
      'GET /api/v1/talent/reserve',
      'GET /api/v1/talent/flight-risks',
      'PUT /api/v1/talent/flight-risks/:employeeId',
      'GET /api/v1/talent/cards/:employeeId',
      'GET /api/v1/talent/key-positions',
      'POST /api/v1/talent/key-positions',
      'POST /api/v1/talent/key-positions/:id/candidates',
      'PUT /api/v1/talent/succession-candidates/:id',
      'DELETE /api/v1/talent/succession-candidates/:id',
      'GET /api/v1/talent/exit-analysis',
      // Calculators: severance for admin, hr and managers (employees refused); city average wages read by the
      // same roles, written by admin and hr for their own organization only (calculators/calculators.test.ts).
      'POST /api/v1/calculators/severance',
      'GET /api/v1/calculators/city-wages',
      'POST /api/v1/calculators/city-wages',
      'DELETE /api/v1/calculators/city-wages/:id',
      // Incentives: plans and schemes written by admin and hr; plans readable by everyone (rules, no figures);
      // statements and bonus lines in the caller's scope (a manager their units, an employee their own and only
      // approved runs); payroll files admin and hr; another organization's plans, runs and people answer 404
      // (incentives/incentives.test.ts).
      'GET /api/v1/commission-plans',
      'POST /api/v1/commission-plans',
      'PUT /api/v1/commission-plans/:id',
      'GET /api/v1/commission-plans/:id/statements',
      'GET /api/v1/commission-plans/:id/statements/:employeeId',
      'GET /api/v1/commission-plans/:id/statements.xlsx',
      'GET /api/v1/bonus-schemes',
      'POST /api/v1/bonus-schemes',
      'PUT /api/v1/bonus-schemes/:id',
      'POST /api/v1/bonus-schemes/:id/runs',
      'GET /api/v1/bonus-runs',
      'GET /api/v1/bonus-runs/:id',
      'POST /api/v1/bonus-runs/:id/approve',
      'GET /api/v1/bonus-runs/:id/payroll',
      'GET /api/v1/incentive-recommendations',
      // Improvement plans: admin and hr the organization, a manager the people of the units they lead (never a plan
      // about themselves), the coach reads and adds check-ins, the person reads and acknowledges their own; another
      // organization and another region answer 404 (plans/plans.test.ts, "scope").
      'GET /api/v1/plans',
      'POST /api/v1/plans',
      'GET /api/v1/plans/:id',
      'PUT /api/v1/plans/:id',
      'GET /api/v1/employees/:id/plans',
      'POST /api/v1/plans/:id/acknowledge',
      'POST /api/v1/plans/:id/refusal',
      'POST /api/v1/plans/:id/check-ins',
      'POST /api/v1/plans/:id/evaluations',
      'POST /api/v1/plans/:id/outcome',
      'POST /api/v1/plans/:id/cancel',
      'GET /api/v1/plans/:id/document.docx',
      // Employment actions: admin and hr the organization, a manager the people of the units they lead (never
      // themselves; terminations created by admin and hr only), a person their own approved or effective job
      // changes and records; approval chains read by admin and hr, written by admin; another organization and
      // another region answer 404 (employment/employment.test.ts, "scope").
      'GET /api/v1/employment-actions',
      'POST /api/v1/employment-actions',
      'GET /api/v1/employment-actions/:id',
      'PATCH /api/v1/employment-actions/:id',
      'POST /api/v1/employment-actions/:id/submit',
      'POST /api/v1/employment-actions/:id/decision',
      'POST /api/v1/employment-actions/:id/cancel',
      'POST /api/v1/employment-actions/:id/files',
      'GET /api/v1/employment-actions/:id/files/:fileId',
      'GET /api/v1/employment-actions/:id/documents/:kind',
      // Termination evidence chain: read by admin, hr and managers in scope (never about themselves); the Art. 42
      // checklist and the union notice written by admin and hr; another organization, another region and
      // employees refused (employment/termination.test.ts, "scope").
      'GET /api/v1/employment-actions/:id/chain',
      'PUT /api/v1/employment-actions/:id/art42',
      'PUT /api/v1/employment-actions/:id/union-notice',
      'GET /api/v1/approval-chains',
      'PUT /api/v1/approval-chains/:kind',
      // Document templates (文书模板): admin and hr only, each organization its own (documents/documents.test.ts).
      'GET /api/v1/document-templates',
      'GET /api/v1/document-templates/:kind/file',
      'PUT /api/v1/document-templates/:kind',
      'DELETE /api/v1/document-templates/:kind',
    ]);
    const missing = t.app.routeCatalog
      .filter((r) => r.url.startsWith('/api/v1') && r.url !== '/api/v1/openapi.json')
      .map((r) => `${r.method} ${r.url}`)
      .filter((k) => !covered.has(k));
    expect(missing).toEqual([]);
  });
});
