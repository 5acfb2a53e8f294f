import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';

// The dashboard's team attainment counts each person for the unit they belonged to in the month (job history),
// as the team metric does: facts go to the unit of their day, with the person's target in the same shares;
// manual metrics count whole for the unit at the start of the month; people who left or moved on still count
// where they worked.

let t: TestContext;
let hr: string;
let manager: string;
let key: string;
let orgId: string;
let teamA: string;
let teamB: string;
/** Elsewhere in the organization, outside the manager's region. */
let farTeam: string;
type Person = { id: string; employeeNo: string };
/** Team A until 15 October, team B from the 16th. */
let mover: Person;
/** Team A all month. */
let stayer: Person;
/** Team A until leaving on 20 October. */
let leaver: Person;
/** Team A in October, moved outside the manager's region on 5 November. */
let movedAway: Person;
/** Team B all month. */
let bee: Person;

/** Today is 2026-11-27 in Shanghai: the dashboard's month is October (31 days). */
const MONTH = '2026-10-01';

const dashboard = (cookie: string, metric = 'revenue') =>
  t.request({ url: `/api/v1/dashboard?metric=${metric}`, cookie });
const unitOf = (d: { attainment: { units: { unit: { id: string } }[] } }, id: string) =>
  d.attainment.units.find((u) => u.unit.id === id);

const order = (externalId: string, who: Person, day: string, amount: string) => ({
  externalId,
  type: 'order',
  employeeNo: who.employeeNo,
  occurredAt: `${day}T10:00:00+08:00`,
  amount,
});

async function target(subject: { employeeId?: string; unitId?: string }, metric: string, value: string) {
  await t.deps.db.execute(
    sql`insert into targets (org_id, employee_id, unit_id, metric_key, period_type, period_start, value, status)
        values (${orgId}, ${subject.employeeId ?? null}, ${subject.unitId ?? null}, ${metric}, 'month', ${MONTH},
          ${value}, 'agreed')`,
  );
}

/** Ends the person's open job the day before `on` and starts one in `unitId` (as an effective transfer writes it). */
async function transfer(who: Person, unitId: string, on: string) {
  await t.deps.db.execute(
    sql`update job_history set effective_to = (${on}::date - 1) where employee_id = ${who.id} and effective_to is null`,
  );
  await t.deps.db.execute(
    sql`insert into job_history (org_id, employee_id, unit_id, position_id, manager_id, effective_from, reason)
        select org_id, id, ${unitId}, position_id, manager_id, ${on}, 'transfer' from employees where id = ${who.id}`,
  );
  await t.deps.db.execute(sql`update employees set unit_id = ${unitId} where id = ${who.id}`);
}

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = new Date('2026-11-27T04:00:00Z');
  hr = await t.login('hr');
  manager = await t.login('manager');
  key = await t.integrationKey(await t.login('admin'), 'crm_dashboard');
  const { companyA } = t.template;
  orgId = companyA.orgId;
  const teams = await queryRows<{ id: string }>(
    t.deps.db,
    sql`select id::text as id from org_units where org_id = ${orgId} and parent_id = ${companyA.managedRegionId}
        order by name limit 2`,
  );
  [teamA, teamB] = teams.map((x) => x.id);
  [{ id: farTeam }] = await queryRows<{ id: string }>(
    t.deps.db,
    sql`select id::text as id from org_units where org_id = ${orgId} and parent_id = ${companyA.otherRegionId}
        order by name limit 1`,
  );
  const peopleOf = (unitId: string, n: number) =>
    queryRows<{ id: string; employee_no: string }>(
      t.deps.db,
      sql`select id::text as id, employee_no from employees
          where org_id = ${orgId} and unit_id = ${unitId} and id <> ${companyA.users.manager.employeeId}
          order by employee_no limit ${n}`,
    );
  const inA = await peopleOf(teamA, 4);
  const inB = await peopleOf(teamB, 1);
  expect(inA).toHaveLength(4);
  expect(inB).toHaveLength(1);
  [mover, stayer, leaver, movedAway, bee] = [...inA, ...inB].map((p) => ({ id: p.id, employeeNo: p.employee_no }));
  // Everyone employed since long before October, each in one job until the changes below.
  for (const p of [mover, stayer, leaver, movedAway, bee]) {
    await t.deps.db.execute(
      sql`update employees set status = 'regular', hire_date = '2024-01-01', exit_date = null where id = ${p.id}`,
    );
    await t.deps.db.execute(sql`delete from job_history where employee_id = ${p.id}`);
    await t.deps.db.execute(
      sql`insert into job_history (org_id, employee_id, unit_id, position_id, manager_id, effective_from, reason)
          select org_id, id, unit_id, position_id, manager_id, '2024-01-01', 'hire' from employees where id = ${p.id}`,
    );
  }
  await transfer(mover, teamB, '2026-10-16');
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/activities',
    body: {
      activities: [
        order('m-a', mover, '2026-10-03', '1000.00'),
        order('m-b', mover, '2026-10-20', '7000.00'),
        order('s-a', stayer, '2026-10-10', '2000.00'),
        order('l-a', leaver, '2026-10-05', '400.00'),
        order('w-a', movedAway, '2026-10-12', '600.00'),
        order('b-b', bee, '2026-10-08', '500.00'),
      ],
    },
    headers: { authorization: `Bearer ${key}` },
    origin: null,
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toMatchObject({ accepted: 6, rejected: [] });
  // After October: the leaver left on the 20th (their job closed that day), another moved out of the region.
  await t.deps.db.execute(
    sql`update job_history set effective_to = '2026-10-20' where employee_id = ${leaver.id} and effective_to is null`,
  );
  await t.deps.db.execute(
    sql`update employees set status = 'exited', exit_date = '2026-10-20' where id = ${leaver.id}`,
  );
  await transfer(movedAway, farTeam, '2026-11-05');

  // October's agreed targets. The mover's 3100 splits 15/31 (1500) to team A and 16/31 (1600) to team B.
  await target({ employeeId: mover.id }, 'revenue', '3100');
  await target({ employeeId: stayer.id }, 'revenue', '2000');
  await target({ employeeId: leaver.id }, 'revenue', '1000');
  await target({ employeeId: movedAway.id }, 'revenue', '1000');
  await target({ employeeId: bee.id }, 'revenue', '1000');
  // A team target on team A is not the card's target (the people's targets are).
  await target({ unitId: teamA }, 'revenue', '99999');
});
afterAll(() => t.close());

describe('dashboard team attainment by the unit of the month', () => {
  const teamAFigures = {
    // Mover's first half, the stayer, the leaver and the one who moved away since.
    people: 4,
    actual: '4000.00', // 1000 + 2000 + 400 + 600
    target: '5500.00', // 1500 + 2000 + 1000 + 1000
    attainment: '0.7273',
  };
  const teamBFigures = {
    // Mover's second half and the person of team B.
    people: 2,
    actual: '7500.00', // 7000 + 500
    target: '2600.00', // 1600 + 1000
    attainment: '2.8846',
  };

  it('splits a transfer on the 16th between the old and the new team, and keeps who left where they worked', async () => {
    const res = await dashboard(hr);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.month).toBe(MONTH);
    expect(unitOf(d, teamA)).toEqual({ unit: { id: teamA, name: expect.any(String) }, ...teamAFigures });
    expect(unitOf(d, teamB)).toEqual({ unit: { id: teamB, name: expect.any(String) }, ...teamBFigures });
    // Nothing of October goes to where the person who moved away works now.
    expect(unitOf(d, farTeam)).toBeUndefined();
    // The mover is one person of the total; the total target is the sum of the people's targets.
    expect(d.attainment.total).toEqual({
      people: 5,
      actual: '11500.00',
      target: '8100.00',
      attainment: '1.4198',
    });
  });

  it('gives the manager the same figures for their teams, people who left their region included', async () => {
    const d = (await dashboard(manager)).json();
    expect(unitOf(d, teamA)).toMatchObject(teamAFigures);
    expect(unitOf(d, teamB)).toMatchObject(teamBFigures);
    expect(d.attainment.units.map((u: { unit: { id: string } }) => u.unit.id).sort()).toEqual([teamA, teamB].sort());
    expect(d.attainment.total).toMatchObject({ people: 5, actual: '11500.00', target: '8100.00' });
  });

  it('counts a manual metric whole for the team of the start of the month', async () => {
    const made = await t.request({
      method: 'POST',
      url: '/api/v1/metrics',
      cookie: hr,
      body: {
        key: 'key_accounts',
        name: { 'zh-CN': '重点客户数（手工）', 'en-US': 'Key accounts (manual)' },
        unit: 'count',
        spec: { kind: 'manual' },
      },
    });
    expect(made.statusCode, made.body).toBe(201);
    for (const [who, value] of [
      [mover, 7],
      [bee, 3],
    ] as const) {
      const entered = await t.request({
        method: 'PUT',
        url: '/api/v1/metric-values/manual',
        cookie: hr,
        body: { metric: 'key_accounts', employeeId: who.id, periodType: 'month', periodStart: MONTH, value },
      });
      expect(entered.statusCode, entered.body).toBe(200);
    }
    await target({ employeeId: mover.id }, 'key_accounts', '10');
    await target({ employeeId: bee.id }, 'key_accounts', '4');
    const d = (await dashboard(hr, 'key_accounts')).json();
    expect(unitOf(d, teamA)).toMatchObject({ people: 1, actual: '7.00', target: '10.00', attainment: '0.7000' });
    expect(unitOf(d, teamB)).toMatchObject({ people: 1, actual: '3.00', target: '4.00', attainment: '0.7500' });
    expect(d.attainment.total).toMatchObject({ people: 2, actual: '10.00', target: '14.00' });
  });
});
