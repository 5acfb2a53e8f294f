import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';

let t: TestContext;
const c = {} as Record<'admin' | 'hr' | 'manager' | 'employee' | 'adminB', string>;
let person: string;
let colleague: string;
let outsider: string;
let team: string;

/** 10:00 in Shanghai on a day. */
const at = (day: string) => new Date(`${day}T02:00:00Z`);

async function loginAll() {
  c.admin = await t.login('admin');
  c.hr = await t.login('hr');
  c.manager = await t.login('manager');
  c.employee = await t.login('employee');
  c.adminB = await t.login('admin.b');
}

const post = (url: string, cookie: string, body: unknown, lang?: string) =>
  t.request({ method: 'POST', url, cookie, body, headers: lang ? { 'accept-language': lang } : undefined });
const put = (url: string, cookie: string, body: unknown, lang?: string) =>
  t.request({ method: 'PUT', url, cookie, body, headers: lang ? { 'accept-language': lang } : undefined });
const countTargets = async () =>
  (await queryRows<{ n: number }>(t.deps.db, sql`select count(*)::int as n from targets`))[0].n;
/** A month's revenue: one order on its first day (the fact, credited to the person's unit, and the value it makes). */
const setValue = async (employeeId: string, periodStart: string, value: string) => {
  await t.deps.db.execute(
    sql`insert into activities (org_id, source, external_id, type, employee_id, person_ref, occurred_at, local_date,
          unit_id, amount, content_hash)
        select e.org_id, 'test', ${`order-${employeeId}-${periodStart}`}, 'order', e.id, '{}'::jsonb,
          ${periodStart}::date + time '10:00', ${periodStart}::date, e.unit_id, ${value}, 'test'
        from employees e where e.id = ${employeeId}
        on conflict do nothing`,
  );
  await t.deps.db.execute(
    sql`insert into metric_values (org_id, metric_key, period_type, period_start, employee_id, value)
        values (${t.template.companyA.orgId}, 'revenue', 'month', ${periodStart}, ${employeeId}, ${value})
        on conflict do nothing`,
  );
};

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = at('2026-11-27');
  await loginAll();
  const { companyA } = t.template;
  person = companyA.users.employee.employeeId;
  team = (await t.request({ url: `/api/v1/employees/${person}`, cookie: c.hr })).json().unit.id;
  const members = (await t.request({ url: `/api/v1/org-units/${team}/members`, cookie: c.hr })).json().items as {
    id: string;
  }[];
  colleague = members.find((m) => m.id !== person && m.id !== companyA.users.manager.employeeId)!.id;
  outsider = (
    await t.request({ url: `/api/v1/employees?unitId=${companyA.otherRegionId}&limit=1`, cookie: c.hr })
  ).json().items[0].id;
});
afterAll(() => t.close());
beforeEach(() => {
  t.clock.now = at('2026-11-27');
});

const base = { metric: 'revenue', periodType: 'month' };

describe('setting targets', () => {
  it('a manager sets a target for a person of their team: agreed at once, the person sees it as theirs', async () => {
    const res = await post('/api/v1/targets', c.manager, {
      ...base,
      employeeId: person,
      periodStart: '2027-01-01',
      value: 50000,
    });
    expect(res.statusCode, res.body).toBe(201);
    const target = res.json();
    expect(target).toMatchObject({ status: 'agreed', value: '50000.00', locked: false, historyCount: 1 });
    expect(target.employee.id).toBe(person);
    const mine = (await t.request({ url: '/api/v1/targets?mine=true', cookie: c.employee })).json().items;
    expect(mine.map((x: { id: string }) => x.id)).toContain(target.id);
    expect(mine.find((x: { id: string }) => x.id === target.id).canEdit).toBe(false);
    const again = await post('/api/v1/targets', c.hr, {
      ...base,
      employeeId: person,
      periodStart: '2027-01-01',
      value: 1,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('TARGET_EXISTS');
    const audit = await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from audit_events where action = 'target.set' and entity_id = ${target.id}`,
    );
    expect(audit[0].n).toBe(1);
    // Before the lock the manager changes it.
    const changed = await put(`/api/v1/targets/${target.id}`, c.manager, { value: '52000' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ value: '52000.00', version: 2, historyCount: 2 });
  });

  it('refuses bad input with a specific error and changes nothing', async () => {
    const before = await countTargets();
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ employeeId: person, periodStart: '2027-01-15', value: 1 }, 400, 'periodStart', 'PERIOD_START_INVALID'],
      [{ employeeId: person, periodStart: '2027-02-01', value: -5 }, 400, 'value', 'TARGET_VALUE_INVALID'],
      [{ employeeId: person, periodStart: '2027-02-01', value: 'lots' }, 400, 'value', 'TARGET_VALUE_INVALID'],
      [{ employeeId: person, periodStart: '2027-02-01', value: '0.0000' }, 400, 'value', 'TARGET_VALUE_INVALID'],
      [{ employeeId: person, periodStart: '2027-02-01', value: 0 }, 400, 'value', 'TARGET_VALUE_INVALID'],
      [
        { employeeId: person, unitId: team, periodStart: '2027-02-01', value: 1 },
        400,
        'employeeId',
        'TARGET_SUBJECT_ONE',
      ],
      [{ periodStart: '2027-02-01', value: 1 }, 400, 'employeeId', 'TARGET_SUBJECT_ONE'],
      [{ employeeId: person, periodStart: '2027-02-01', value: 1, metric: 'no_such' }, 400, 'metric', 'UNKNOWN_METRIC'],
      [
        { employeeId: person, periodStart: '2027-02-01', value: 1, periodType: 'week' },
        400,
        'periodType',
        'invalid_value',
      ],
    ];
    for (const [body, status, field, code] of cases) {
      const res = await post('/api/v1/targets', c.manager, { ...base, ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().errors.map((e: { field: string; code: string }) => [e.field, e.code])).toContainEqual([
        field,
        code,
      ]);
    }
    // Outside the manager's region: like a missing person; themselves: propose instead.
    const outside = await post('/api/v1/targets', c.manager, {
      ...base,
      employeeId: outsider,
      periodStart: '2027-02-01',
      value: 1,
    });
    expect(outside.statusCode).toBe(404);
    expect(outside.json().code).toBe('EMPLOYEE_NOT_FOUND');
    const self = t.template.companyA.users.manager.employeeId;
    const own = await post('/api/v1/targets', c.manager, {
      ...base,
      employeeId: self,
      periodStart: '2027-02-01',
      value: 1,
    });
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('TARGET_SELF_SET');
    const unit = await post('/api/v1/targets', c.manager, {
      ...base,
      unitId: t.template.companyA.otherRegionId,
      periodStart: '2027-02-01',
      value: 1,
    });
    expect(unit.statusCode).toBe(404);
    const byEmployee = await post('/api/v1/targets', c.employee, {
      ...base,
      employeeId: person,
      periodStart: '2027-02-01',
      value: 1,
    });
    expect(byEmployee.statusCode).toBe(403);
    const otherOrg = await post('/api/v1/targets', c.adminB, {
      ...base,
      employeeId: person,
      periodStart: '2027-02-01',
      value: 1,
    });
    expect(otherOrg.statusCode).toBe(404);
    expect(await countTargets()).toBe(before);
  });
});

describe('proposals', () => {
  it('the person proposes, the manager counters, the person agrees; both see the history', async () => {
    const proposed = await post('/api/v1/targets/propose', c.employee, {
      ...base,
      periodStart: '2027-02-01',
      value: '30000',
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const id = proposed.json().id;
    expect(proposed.json()).toMatchObject({
      status: 'proposed',
      value: null,
      proposedValue: '30000.00',
      canAgree: false,
    });
    const ownAgree = await post(`/api/v1/targets/${id}/agree`, c.employee, {});
    expect(ownAgree.json().code).toBe('TARGET_OWN_PROPOSAL');
    const managerView = (await t.request({ url: `/api/v1/targets?employeeId=${person}`, cookie: c.manager })).json();
    expect(managerView.items.find((x: { id: string }) => x.id === id).canAgree).toBe(true);
    const counter = await post(`/api/v1/targets/${id}/agree`, c.manager, { value: 36000 });
    expect(counter.statusCode, counter.body).toBe(200);
    expect(counter.json()).toMatchObject({ status: 'proposed', proposedValue: '36000.00', proposedBy: 'manager' });
    expect((await post(`/api/v1/targets/${id}/agree`, c.manager, {})).json().code).toBe('TARGET_OWN_PROPOSAL');
    const agreed = await post(`/api/v1/targets/${id}/agree`, c.employee, {});
    expect(agreed.statusCode, agreed.body).toBe(200);
    expect(agreed.json()).toMatchObject({ status: 'agreed', value: '36000.00', proposedValue: null });
    expect((await post(`/api/v1/targets/${id}/agree`, c.manager, {})).json().code).toBe('TARGET_NOT_PROPOSED');
    for (const cookie of [c.employee, c.manager]) {
      const history = (await t.request({ url: `/api/v1/targets/${id}/history`, cookie })).json().items;
      expect(
        history.map((h: { action: string; actor: string; value: string }) => [h.action, h.actor, h.value]),
      ).toEqual([
        ['proposed', 'employee', '30000'],
        ['countered', 'manager', '36000'],
        ['agreed', 'employee', '36000'],
      ]);
    }
    // A proposal for a period with an agreed target is refused.
    const late = await post('/api/v1/targets/propose', c.employee, { ...base, periodStart: '2027-02-01', value: 1 });
    expect(late.json().code).toBe('TARGET_EXISTS');
  });

  it('a proposal of zero stored before targets had to be positive is countered, not agreed as it is', async () => {
    const proposed = await post('/api/v1/targets/propose', c.employee, {
      ...base,
      periodStart: '2027-03-01',
      value: 5,
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const id = proposed.json().id;
    await t.database.db.execute(sql`update targets set proposed_value = 0 where id = ${id}`);
    const agreed = await post(`/api/v1/targets/${id}/agree`, c.manager, {});
    expect(agreed.statusCode).toBe(400);
    expect(agreed.json().errors).toMatchObject([{ field: 'value', code: 'TARGET_VALUE_INVALID' }]);
    const [row] = await queryRows<{ status: string; value: string | null }>(
      t.database.db,
      sql`select status, value::text as value from targets where id = ${id}`,
    );
    expect(row).toEqual({ status: 'proposed', value: null });
    const countered = await post(`/api/v1/targets/${id}/agree`, c.manager, { value: 8 });
    expect(countered.json()).toMatchObject({ status: 'proposed', proposedValue: '8.00' });
    // Out of the way of the tests after this one, which count targets.
    await t.database.db.execute(sql`delete from target_events where target_id = ${id}`);
    await t.database.db.execute(sql`delete from targets where id = ${id}`);
  });

  it('nobody proposes for someone else or sees another person’s proposal', async () => {
    const forColleague = await post('/api/v1/targets/propose', c.employee, {
      ...base,
      employeeId: colleague,
      periodStart: '2027-04-01',
      value: 1,
    });
    expect(forColleague.statusCode).toBe(404);
    const theirs = await post('/api/v1/targets', c.manager, {
      ...base,
      employeeId: colleague,
      periodStart: '2027-04-01',
      value: 5,
    });
    const id = theirs.json().id;
    for (const [cookie, name] of [
      [c.employee, 'employee'],
      [c.adminB, 'other org'],
    ]) {
      expect((await t.request({ url: `/api/v1/targets/${id}/history`, cookie })).statusCode, name).toBe(404);
      expect((await post(`/api/v1/targets/${id}/agree`, cookie, {})).statusCode, name).toBe(404);
    }
    expect((await put(`/api/v1/targets/${id}`, c.adminB, { value: 1 })).json().code).toBe('TARGET_NOT_FOUND');
    const list = (await t.request({ url: '/api/v1/targets', cookie: c.employee })).json().items;
    expect(list.every((x: { employee: { id: string } | null }) => x.employee?.id === person)).toBe(true);
  });
});

describe('team targets', () => {
  it('splits a team target into people’s targets that add up, or says they do not', async () => {
    const parent = await post('/api/v1/targets', c.manager, {
      ...base,
      unitId: team,
      periodStart: '2027-03-01',
      value: 100000,
    });
    expect(parent.statusCode, parent.body).toBe(201);
    const id = parent.json().id;
    const url = `/api/v1/targets/${id}/split`;
    const mismatch = await post(url, c.manager, {
      allocations: [
        { employeeId: person, value: 60000 },
        { employeeId: colleague, value: 30000 },
      ],
    });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().errors[0]).toMatchObject({ field: 'allocations', code: 'TARGET_SPLIT_MISMATCH' });
    const stranger = await post(url, c.manager, {
      allocations: [
        { employeeId: person, value: 60000 },
        { employeeId: outsider, value: 40000 },
      ],
    });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().errors[0]).toMatchObject({ field: 'allocations.1.employeeId', code: 'TARGET_NOT_IN_UNIT' });
    expect(await countTargets()).toBeGreaterThan(0);
    const ok = await post(url, c.manager, {
      allocations: [
        { employeeId: person, value: 60000 },
        { employeeId: colleague, value: 40000 },
      ],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().children.map((x: { parentId: string; value: string }) => [x.parentId, x.value])).toEqual(
      expect.arrayContaining([
        [id, '60000.00'],
        [id, '40000.00'],
      ]),
    );
    const allowed = await post(url, c.manager, {
      allocations: [{ employeeId: person, value: 70000 }],
      allowMismatch: true,
    });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json().children[0].version).toBe(2);
    const personTarget = await post(`/api/v1/targets/${allowed.json().children[0].id}/split`, c.manager, {
      allocations: [{ employeeId: person, value: 1 }],
    });
    expect(personTarget.json().code).toBe('TARGET_NOT_TEAM');
  });
});

describe('the lock', () => {
  it('from the first day of the period only HR changes a target, with a reason, audited', async () => {
    const set = await post('/api/v1/targets', c.manager, {
      ...base,
      employeeId: colleague,
      periodStart: '2026-12-01',
      value: 8000,
    });
    const id = set.json().id;
    t.clock.now = at('2026-12-01');
    await loginAll();
    const listed = (await t.request({ url: `/api/v1/targets?employeeId=${colleague}`, cookie: c.manager })).json()
      .items;
    expect(listed.find((x: { id: string }) => x.id === id)).toMatchObject({ locked: true, canEdit: false });
    const zh = await put(`/api/v1/targets/${id}`, c.manager, { value: 6000 });
    expect(zh.statusCode).toBe(409);
    expect(zh.json()).toMatchObject({ code: 'TARGET_LOCKED' });
    expect(zh.json().detail).toContain('已锁定');
    const en = await put(`/api/v1/targets/${id}`, c.manager, { value: 6000 }, 'en-US');
    expect(en.json().detail).toContain('locked');
    const proposal = await post('/api/v1/targets/propose', c.employee, {
      ...base,
      periodStart: '2026-12-01',
      value: 1,
    });
    expect(proposal.json().code).toBe('TARGET_LOCKED');
    const newByManager = await post('/api/v1/targets', c.manager, {
      ...base,
      employeeId: person,
      periodStart: '2026-12-01',
      value: 1,
    });
    expect(newByManager.json().code).toBe('TARGET_LOCKED');
    const noReason = await put(`/api/v1/targets/${id}`, c.hr, { value: 6000 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0]).toMatchObject({ field: 'reason', code: 'REQUIRED' });
    const short = await put(`/api/v1/targets/${id}`, c.hr, { value: 6000, reason: 'no' });
    expect(short.json().errors[0]).toMatchObject({ field: 'reason', code: 'too_small' });
    const reason = '客户预算冻结，经 HR 与大区总监确认下调';
    const changed = await put(`/api/v1/targets/${id}`, c.hr, { value: 6000, reason });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ value: '6000.00', locked: true });
    const history = (await t.request({ url: `/api/v1/targets/${id}/history`, cookie: c.manager })).json().items;
    expect(history.at(-1)).toMatchObject({ action: 'changed_after_lock', reason, actor: 'hr', value: '6000' });
    const [audit] = await queryRows<{ before: { value: string }; after: { value: string; reason: string } }>(
      t.deps.db,
      sql`select before, after from audit_events where action = 'target.changed_after_lock' and entity_id = ${id}`,
    );
    expect(audit.after.reason).toBe(reason);
    expect(Number(audit.before.value)).toBe(8000);
    expect(Number(audit.after.value)).toBe(6000);
    await loginAll();
  });
});

describe('attainment and fairness', () => {
  it('shows actual and attainment on targets, a person’s metric values and the team view', async () => {
    await setValue(person, '2026-10-01', '45000');
    const set = await post('/api/v1/targets', c.hr, {
      ...base,
      employeeId: person,
      periodStart: '2026-10-01',
      value: 50000,
      reason: '补录十月目标（历史数据）',
    });
    expect(set.statusCode, set.body).toBe(201);
    expect(set.json()).toMatchObject({ actual: '45000.00', attainment: '0.9000', locked: true });
    expect(set.json().historyCount).toBe(1);
    const series = (
      await t.request({
        url: `/api/v1/metric-values?employeeId=${person}&metric=revenue&periodType=month&from=2026-10-01&to=2026-10-01`,
        cookie: c.employee,
      })
    ).json();
    expect(series.points[0]).toMatchObject({ value: '45000.00', target: '50000.00', attainment: '0.9000' });
    await post('/api/v1/targets', c.hr, {
      ...base,
      unitId: team,
      periodStart: '2026-10-01',
      value: 90000,
      reason: '补录团队十月目标',
    });
    const teamView = (
      await t.request({
        url: `/api/v1/metric-values/team?unitId=${team}&metric=revenue&periodType=month&periodStart=2026-10-01`,
        cookie: c.manager,
      })
    ).json();
    expect(teamView.items.find((r: { employee: { id: string } }) => r.employee.id === person)).toMatchObject({
      target: '50000.00',
      attainment: '0.9000',
    });
    expect(teamView).toMatchObject({ teamTarget: '90000.00', teamAttainment: '0.5000' });
    const teamTarget = (
      await t.request({ url: `/api/v1/targets?unitId=${team}&from=2026-10-01&to=2026-10-01`, cookie: c.manager })
    )
      .json()
      .items.find((x: { unit: { id: string } | null }) => x.unit?.id === team);
    expect(teamTarget).toMatchObject({ actual: '45000.00', attainment: '0.5000' });
  });

  it('the fairness hint: per team, the share of people who reached target in recent periods', async () => {
    const members = (await t.request({ url: `/api/v1/org-units/${team}/members`, cookie: c.hr })).json().items as {
      id: string;
    }[];
    const people = members.filter((m) => m.id !== t.template.companyA.users.manager.employeeId).slice(0, 4);
    for (const p of people) {
      for (const month of ['2026-08-01', '2026-09-01']) {
        await setValue(p.id, month, '12000');
        const res = await post('/api/v1/targets', c.hr, {
          ...base,
          employeeId: p.id,
          periodStart: month,
          value: 10000,
          reason: '补录历史目标',
        });
        expect(res.statusCode, res.body).toBe(201);
      }
    }
    const region = t.template.companyA.managedRegionId;
    const res = await t.request({
      url: `/api/v1/targets/fairness?unitId=${region}&metric=revenue&periodType=month&periods=3`,
      cookie: c.manager,
    });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.periodStarts).toEqual(['2026-08-01', '2026-09-01', '2026-10-01']);
    const ours = report.teams.find((x: { unit: { id: string } }) => x.unit.id === team);
    expect(ours.periods[0]).toMatchObject({ withTarget: 4, reached: 4, share: '1.0000' });
    // October: one person with a target, below it (45000 of 50000): 8 of 9 reached is no hint yet.
    expect(ours.periods[2]).toMatchObject({ withTarget: 1, reached: 0, share: '0.0000' });
    expect(ours).toMatchObject({ withTarget: 9, reached: 8, hint: null });
    await t.deps.db.execute(
      sql`update metric_values set value = 51000 where employee_id = ${person} and period_start = '2026-10-01'`,
    );
    const again = (
      await t.request({
        url: `/api/v1/targets/fairness?unitId=${region}&metric=revenue&periodType=month&periods=3`,
        cookie: c.manager,
        headers: { 'accept-language': 'en-US' },
      })
    ).json();
    const now = again.teams.find((x: { unit: { id: string } }) => x.unit.id === team);
    expect(now).toMatchObject({ withTarget: 9, reached: 9, share: '1.0000', hint: 'too_low' });
    expect(now.hintText).toContain('too low');
    const other = await t.request({
      url: `/api/v1/targets/fairness?unitId=${t.template.companyA.otherRegionId}&metric=revenue`,
      cookie: c.manager,
    });
    expect(other.statusCode).toBe(404);
    expect(
      (await t.request({ url: `/api/v1/targets/fairness?unitId=${region}&metric=revenue`, cookie: c.employee }))
        .statusCode,
    ).toBe(403);
  });

  it('lists follow the caller’s scope', async () => {
    await post('/api/v1/targets', c.hr, { ...base, employeeId: outsider, periodStart: '2027-01-01', value: 7 });
    const managerList = (await t.request({ url: '/api/v1/targets', cookie: c.manager })).json().items;
    expect(managerList.some((x: { employee: { id: string } | null }) => x.employee?.id === outsider)).toBe(false);
    const hrList = (await t.request({ url: '/api/v1/targets', cookie: c.hr })).json().items;
    expect(hrList.some((x: { employee: { id: string } | null }) => x.employee?.id === outsider)).toBe(true);
    expect((await t.request({ url: `/api/v1/targets?employeeId=${outsider}`, cookie: c.manager })).statusCode).toBe(
      404,
    );
    expect((await t.request({ url: '/api/v1/targets', cookie: c.adminB })).json().items).toEqual([]);
  });
});
