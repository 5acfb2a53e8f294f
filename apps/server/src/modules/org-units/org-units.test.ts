import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';

let t: TestContext;
let hr: string;
type Unit = {
  id: string;
  name: string;
  parentId: string | null;
  leader: { id: string; name: string } | null;
  headcount: number;
};
const units = async () => (await t.request({ url: '/api/v1/org-units', cookie: hr })).json().items as Unit[];

beforeAll(async () => {
  t = await createTestContext();
  hr = await t.login('hr');
});
afterAll(() => t.close());

describe('org-unit tree', () => {
  it('has the demo regions with leaders and headcounts', async () => {
    const all = await units();
    const regions = all.filter((u) => u.name.endsWith('大区'));
    expect(regions.map((u) => u.name).sort()).toEqual(['华东大区', '华北大区', '华南大区']);
    expect(regions.every((r) => r.leader)).toBe(true);
    const teams = all.filter((u) => regions.some((r) => r.id === u.parentId));
    expect(teams.length).toBeGreaterThanOrEqual(8);
    expect(teams.reduce((n, u) => n + u.headcount, 0)).toBeGreaterThanOrEqual(110);
  });

  it('creates, renames, moves and sets the leader of a unit', async () => {
    const all = await units();
    const east = all.find((u) => u.name === '华东大区')!;
    const south = all.find((u) => u.name === '华南大区')!;
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/org-units',
      cookie: hr,
      body: { name: '苏州组', parentId: east.id },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const person = (await t.request({ url: '/api/v1/employees?limit=1&status=regular', cookie: hr })).json().items[0];
    const moved = await t.request({
      method: 'PATCH',
      url: `/api/v1/org-units/${id}`,
      cookie: hr,
      body: { name: '苏州一组', parentId: south.id, leaderEmployeeId: person.id },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ name: '苏州一组', parentId: south.id, leader: { id: person.id } });
  });

  it('refuses to move a unit under itself or its descendant, and changes nothing', async () => {
    const all = await units();
    const east = all.find((u) => u.name === '华东大区')!;
    const team = all.find((u) => u.parentId === east.id)!;
    const self = await t.request({
      method: 'PATCH',
      url: `/api/v1/org-units/${east.id}`,
      cookie: hr,
      body: { parentId: east.id },
    });
    expect(self.statusCode).toBe(422);
    const under = await t.request({
      method: 'PATCH',
      url: `/api/v1/org-units/${east.id}`,
      cookie: hr,
      body: { parentId: team.id, name: '不该改名' },
    });
    expect(under.statusCode).toBe(422);
    expect(under.json()).toMatchObject({
      code: 'ORG_UNIT_CYCLE',
      errors: [{ field: 'parentId', code: 'ORG_UNIT_CYCLE' }],
    });
    const after = (await units()).find((u) => u.id === east.id)!;
    expect(after.name).toBe('华东大区');
    expect(after.parentId).toBe(east.parentId);
  });

  it('refuses a second root and a leader from another organization', async () => {
    const root = await t.request({
      method: 'POST',
      url: '/api/v1/org-units',
      cookie: hr,
      body: { name: '第二个根', parentId: null },
    });
    expect(root.statusCode).toBe(422);
    expect(root.json().code).toBe('ORG_UNIT_ROOT_EXISTS');
    const bHr = await t.login('hr.b');
    const bPerson = (await t.request({ url: '/api/v1/employees?limit=1', cookie: bHr })).json().items[0].id;
    const east = (await units()).find((u) => u.name === '华东大区')!;
    const res = await t.request({
      method: 'PATCH',
      url: `/api/v1/org-units/${east.id}`,
      cookie: hr,
      body: { leaderEmployeeId: bPerson },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'leaderEmployeeId', code: 'REFERENCE_OUTSIDE_ORG' });
  });

  it('gives a new leader the unit in their scope at once', async () => {
    const all = await units();
    const north = all.find((u) => u.name === '华北大区')!;
    const managerEmployee = t.template.companyA.users.manager.employeeId;
    const manager = await t.login('manager');
    const before = (await t.request({ url: '/api/v1/org-units', cookie: manager })).json().items.map((u: Unit) => u.id);
    expect(before).not.toContain(north.id);
    await t.request({
      method: 'PATCH',
      url: `/api/v1/org-units/${north.id}`,
      cookie: hr,
      body: { leaderEmployeeId: managerEmployee },
    });
    const after = (await t.request({ url: '/api/v1/org-units', cookie: manager })).json().items.map((u: Unit) => u.id);
    expect(after).toContain(north.id);
  });
});
