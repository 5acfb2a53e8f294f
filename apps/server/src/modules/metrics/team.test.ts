import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';

// Team values credit each fact to the team the person belonged to on its day (job history), roll up through the
// org tree, pool rates and distinct counts over the team's facts, and drill down to exactly those facts.

let t: TestContext;
let hr: string;
let manager: string;
let key: string;
let teamA: string;
let teamB: string;
let mover: { id: string; employeeNo: string };
let stayer: { id: string; employeeNo: string };
let leaver: { id: string; employeeNo: string };

const PERIOD = '2026-09-01';

const send = (activities: unknown[]) =>
  t.request({
    method: 'POST',
    url: '/api/v1/activities',
    body: { activities },
    headers: { authorization: `Bearer ${key}` },
    origin: null,
  });
const fact = (
  externalId: string,
  who: { employeeNo: string },
  type: string,
  day: string,
  extra: Record<string, unknown> = {},
) => ({ externalId, type, employeeNo: who.employeeNo, occurredAt: `${day}T10:00:00+08:00`, ...extra });
const team = async (unitId: string, metric: string, cookie = hr) =>
  t.request({
    url: `/api/v1/metric-values/team?unitId=${unitId}&metric=${metric}&periodType=month&periodStart=${PERIOD}`,
    cookie,
  });

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = new Date('2026-11-27T04:00:00Z');
  hr = await t.login('hr');
  manager = await t.login('manager');
  const admin = await t.login('admin');
  key = await t.integrationKey(admin, 'crm_team');
  const orgId = t.template.companyA.orgId;
  // Two teams of the region the manager leads, and three of team A's people.
  const teams = await queryRows<{ id: string }>(
    t.deps.db,
    sql`select id::text as id from org_units where org_id = ${orgId} and parent_id = ${t.template.companyA.managedRegionId}
        order by name limit 2`,
  );
  [teamA, teamB] = teams.map((x) => x.id);
  const people = await queryRows<{ id: string; employee_no: string }>(
    t.deps.db,
    sql`select id::text as id, employee_no from employees
        where org_id = ${orgId} and unit_id = ${teamA} and status = 'regular' and id <> ${t.template.companyA.users.manager.employeeId}
        order by employee_no limit 3`,
  );
  [mover, stayer, leaver] = people.map((p) => ({ id: p.id, employeeNo: p.employee_no }));
  // The mover works in team A until 15 September, then in team B (as a transfer writes it).
  await t.deps.db.execute(
    sql`update job_history set effective_to = '2026-09-15' where employee_id = ${mover.id} and effective_to is null`,
  );
  await t.deps.db.execute(
    sql`insert into job_history (org_id, employee_id, unit_id, position_id, manager_id, effective_from, reason)
        select org_id, id, ${teamB}, position_id, manager_id, '2026-09-16', 'transfer' from employees where id = ${mover.id}`,
  );
  await t.deps.db.execute(sql`update employees set unit_id = ${teamB} where id = ${mover.id}`);
  const hv = { customer: { externalId: 'HV-1', name: '重点客户', tier: 'high_value' } };
  const res = await send([
    // Team A: the mover's first half of September, the stayer, and the leaver before leaving.
    fact('m-1', mover, 'order', '2026-09-03', { amount: '1000.00', ...hv }),
    fact('m-2', mover, 'opportunity_won', '2026-09-04'),
    fact('s-1', stayer, 'order', '2026-09-10', { amount: '2000.00', ...hv }),
    fact('s-2', stayer, 'opportunity_lost', '2026-09-11'),
    fact('s-3', stayer, 'refund', '2026-09-12', { amount: '50.00', ...hv }),
    fact('s-4', stayer, 'call', '2026-09-12', { customer: { externalId: 'N-1', name: '普通客户', tier: 'normal' } }),
    fact('l-1', leaver, 'order', '2026-09-05', { amount: '400.00' }),
    // Team B: the mover after the transfer.
    fact('m-3', mover, 'order', '2026-09-20', { amount: '7000.00', ...hv }),
    fact('m-4', mover, 'opportunity_lost', '2026-09-21'),
  ]);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toMatchObject({ accepted: 9, rejected: [] });
  // The leaver leaves at the end of September: their facts still count where they worked.
  await t.deps.db.execute(
    sql`update employees set status = 'exited', exit_date = '2026-09-30' where id = ${leaver.id}`,
  );
});
afterAll(() => t.close());

describe('team values', () => {
  it('credits each fact to the team of its day: a transfer takes nothing of the old team along', async () => {
    const a = (await team(teamA, 'revenue')).json();
    expect(a).toMatchObject({ basis: 'facts', aggregation: 'sum', total: '3400.00', unlisted: 0 });
    const rowOf = (body: { items: { employee: { id: string } }[] }, id: string) =>
      body.items.find((r) => r.employee.id === id);
    expect(rowOf(a, mover.id)).toMatchObject({ value: '1000.00', currentMember: false, exited: false });
    expect(rowOf(a, stayer.id)).toMatchObject({ value: '2000.00', currentMember: true });
    expect(rowOf(a, leaver.id)).toMatchObject({ value: '400.00', currentMember: false, exited: true });
    const b = (await team(teamB, 'revenue')).json();
    expect(b.total).toBe('7000.00');
    expect(rowOf(b, mover.id)).toMatchObject({ value: '7000.00', currentMember: true });
    // The person's own value is the whole month, wherever it was earned.
    const own = (
      await t.request({
        url: `/api/v1/metric-values?employeeId=${mover.id}&metric=revenue&periodType=month&from=${PERIOD}&to=${PERIOD}`,
        cookie: hr,
      })
    ).json();
    expect(own.points[0].value).toBe('8000.00');
    // The region holds both teams: the sum of its teams.
    const region = (await team(t.template.companyA.managedRegionId, 'revenue')).json();
    expect(Number(region.total)).toBeGreaterThanOrEqual(10400);
  });

  it('pools a rate and a distinct count over the team’s facts', async () => {
    const winRate = (await team(teamA, 'win_rate')).json();
    // Team A closed two deals in September, won one: 50%, whatever each person's own rate.
    expect(winRate).toMatchObject({ aggregation: 'team', total: '0.5000' });
    const customers = (await team(teamA, 'high_value_customers')).json();
    // Two people served the same high-value customer: counted once for the team.
    expect(customers).toMatchObject({ aggregation: 'team', total: '1.00' });
    // Without facts there is no rate (not a rate of zero).
    const none = (
      await t.request({
        url: `/api/v1/metric-values/team?unitId=${teamA}&metric=win_rate&periodType=month&periodStart=2026-08-01`,
        cookie: hr,
      })
    ).json();
    expect(none.items.every((r: { value: string | null }) => r.value === null)).toBe(true);
  });

  it('drills a team value down to exactly the facts it counts', async () => {
    const list = async (metric: string, unitId = teamA, cookie = hr) =>
      t.request({
        url: `/api/v1/activities?unitId=${unitId}&metric=${metric}&from=2026-09-01&to=2026-09-30&limit=100`,
        cookie,
      });
    const revenue = (await list('revenue')).json();
    expect(revenue.items.map((x: { externalId: string }) => x.externalId).sort()).toEqual(['l-1', 'm-1', 's-1']);
    const sum = revenue.items.reduce((acc: number, x: { amount: string }) => acc + Number(x.amount), 0);
    expect(sum).toBe(3400);
    // The facts behind "high-value customers served": serving a high-value customer, not a refund nor a
    // call to an ordinary customer.
    const served = (await list('high_value_customers')).json();
    expect(served.items.map((x: { externalId: string }) => x.externalId).sort()).toEqual(['m-1', 's-1']);
    // The manager of the region sees their teams' facts, including those of people who moved on.
    const byManager = await list('revenue', teamA, manager);
    expect(byManager.statusCode).toBe(200);
    expect(byManager.json().total).toBe(3); // includes the leaver
    const employee = await t.login('employee');
    expect((await list('revenue', teamA, employee)).statusCode).toBe(403);
  });

  it('refuses a unit outside the caller’s scope or organization', async () => {
    expect((await team(t.template.companyA.otherRegionId, 'revenue', manager)).statusCode).toBe(404);
    expect((await team(t.template.companyB.managedRegionId, 'revenue', hr)).statusCode).toBe(404);
    expect((await team(teamA, 'revenue', manager)).statusCode).toBe(200);
  });
});
