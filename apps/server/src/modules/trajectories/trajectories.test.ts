import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';

let t: TestContext;
const c = {} as Record<'admin' | 'hr' | 'manager' | 'employee' | 'hrB', string>;
let orgId: string;
/** The demo employee: their trajectory is built by hand below. */
let person: string;
let team: string;
let colleague: string;
let outsider: string;
let positions: { id: string; name: string }[];
let templateId: string;

/** 10:00 in Shanghai: the current month is 2026-11, the last closed one 2026-10. */
const NOW = new Date('2026-11-27T02:00:00Z');

const monthOf = (base: string, i: number) => {
  const [y, m] = base.split('-').map(Number);
  const total = y * 12 + (m - 1) + i;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-01`;
};

const setValue = (
  employeeId: string,
  metric: string,
  periodStart: string,
  value: string | number,
  periodType = 'month',
) =>
  t.deps.db.execute(
    sql`insert into metric_values (org_id, metric_key, period_type, period_start, employee_id, value)
        values (${orgId}, ${metric}, ${periodType}, ${periodStart}, ${employeeId}, ${String(value)})
        on conflict (org_id, metric_key, period_type, period_start, employee_id) do update set value = excluded.value`,
  );

/** Dates of a person, set directly; job history is cleared so that only what a test adds shows as transfers. */
async function setPerson(id: string, dates: { hire: string; reg?: string; status?: string; exit?: string }) {
  await t.deps.db.execute(
    sql`update employees set hire_date = ${dates.hire}, regularization_date = ${dates.reg ?? null},
          probation_end_date = null, status = ${dates.status ?? 'regular'}, exit_date = ${dates.exit ?? null}
        where id = ${id}`,
  );
  await t.deps.db.execute(sql`delete from job_history where employee_id = ${id}`);
}

const get = (url: string, cookie: string, lang?: string) =>
  t.request({ url, cookie, headers: lang ? { 'accept-language': lang } : undefined });

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = NOW;
  const { companyA } = t.template;
  orgId = companyA.orgId;
  c.admin = await t.login('admin');
  c.hr = await t.login('hr');
  c.manager = await t.login('manager');
  c.employee = await t.login('employee');
  c.hrB = await t.login('hr.b');
  person = companyA.users.employee.employeeId;
  team = (await get(`/api/v1/employees/${person}`, c.hr)).json().unit.id;
  const members = (await get(`/api/v1/org-units/${team}/members`, c.hr)).json().items as { id: string }[];
  colleague = members.find((m) => m.id !== person && m.id !== companyA.users.manager.employeeId)!.id;
  outsider = (await get(`/api/v1/employees?unitId=${companyA.otherRegionId}&limit=1`, c.hr)).json().items[0].id;
  positions = (await get('/api/v1/positions', c.hr)).json().items;

  // The person: hired 2024-12-20, regularized 2025-04-10 (probation months January–March 2025).
  await setPerson(person, { hire: '2024-12-20', reg: '2025-04-10' });
  const revenue: [string, number][] = [
    ['2025-01-01', 900],
    ['2025-02-01', 1000],
    ['2025-03-01', 1100],
    ['2025-04-01', 600],
    ['2025-05-01', 700],
    ['2025-06-01', 800],
    // July–October 2025: nothing (reads 0). From November 2025 a line 1000 + 100 i, March 2026 empty.
    ...Array.from({ length: 12 }, (_, i) => [monthOf('2025-11', i), 1000 + 100 * i] as [string, number]).filter(
      ([m]) => m !== '2026-03-01',
    ),
    // The open month never enters the indicators.
    ['2026-11-01', 5000],
  ];
  for (const [m, v] of revenue) await setValue(person, 'revenue', m, v);
  await setValue(person, 'win_rate', '2025-01-01', '0.5');
  await setValue(person, 'revenue', '2025-01-01', 3000, 'quarter');
  await t.deps.db.execute(
    sql`insert into targets (org_id, employee_id, metric_key, period_type, period_start, value, status)
        values (${orgId}, ${person}, 'revenue', 'month', '2025-05-01', '1000', 'agreed'),
               (${orgId}, ${person}, 'revenue', 'month', '2025-06-01', null, 'proposed')`,
  );

  // Job history: hired as the first position, promoted 2025-09-01, a manager change 2025-12-01 (no marker).
  await t.deps.db.execute(
    sql`insert into job_history (org_id, employee_id, effective_from, effective_to, unit_id, position_id, reason) values
        (${orgId}, ${person}, '2024-12-20', '2025-08-31', ${team}, ${positions[0].id}, 'hire'),
        (${orgId}, ${person}, '2025-09-01', '2025-11-30', ${team}, ${positions[1].id}, 'promotion'),
        (${orgId}, ${person}, '2025-12-01', null, ${team}, ${positions[1].id}, 'manager_change')`,
  );

  // An alert with an improvement plan linked to it.
  const [rule] = await queryRows<{ id: string }>(
    t.deps.db,
    sql`insert into alert_rules (org_id, kind, name, metric_key, period_type, params, scope, severity, min_periods,
          cooldown_days, recipients)
        values (${orgId}, 'consecutive_decline', '业绩连续下滑', 'revenue', 'month', '{}', '{}', 'high', 3, 30, '{}')
        returning id`,
  );
  const [alert] = await queryRows<{ id: string }>(
    t.deps.db,
    sql`insert into alerts (org_id, rule_id, rule_version, employee_id, status, severity, confidence, evidence, raised_at)
        values (${orgId}, ${rule.id}, 1, ${person}, 'action_linked', 'high', 0.9, '{}', '2026-02-03T01:00:00Z')
        returning id`,
  );
  const planRef = randomUUID();
  await t.deps.db.execute(
    sql`insert into alert_events (org_id, alert_id, kind, payload, at) values
        (${orgId}, ${alert.id}, 'raised', '{}', '2026-02-03T01:00:00Z'),
        (${orgId}, ${alert.id}, 'action_linked', ${JSON.stringify({ actionKind: 'coaching_note' })}::jsonb, '2026-02-05T01:00:00Z'),
        (${orgId}, ${alert.id}, 'action_linked', ${JSON.stringify({ actionKind: 'improvement_plan', refId: planRef })}::jsonb, '2026-02-10T01:00:00Z')`,
  );

  // Two review cycles: one published, one still in calibration.
  // Inactive at first: the defaults test switches it on.
  const [template] = await queryRows<{ id: string }>(
    t.deps.db,
    sql`insert into scorecard_templates (org_id, name, current_version, is_active) values (${orgId}, '销售', 1, false)
        returning id`,
  );
  templateId = template.id;
  const definition = {
    dimensions: [
      {
        key: 'results',
        name: '业绩',
        weight: 100,
        indicators: [
          { key: 'rev', kind: 'metric', metricKey: 'revenue', weight: 60, rule: { type: 'linear', target: 1000 } },
          { key: 'vis', kind: 'metric', metricKey: 'visits', weight: 40, rule: { type: 'linear', target: 10 } },
        ],
      },
    ],
  };
  await t.deps.db.execute(
    sql`insert into scorecard_template_versions (template_id, version, org_id, definition)
        values (${template.id}, 1, ${orgId}, ${JSON.stringify(definition)}::jsonb)`,
  );
  const cycles = await queryRows<{ id: string; stage: string }>(
    t.deps.db,
    sql`insert into review_cycles (org_id, name, kind, period_type, period_start, period_end, population, stage) values
        (${orgId}, '2025 年 6 月考核', 'monthly', 'month', '2025-06-01', '2025-06-30', '{}', 'published'),
        (${orgId}, '2026 年 10 月考核', 'monthly', 'month', '2026-10-01', '2026-10-31', '{}', 'calibration')
        returning id, stage`,
  );
  for (const [cycle, total, grade] of [
    [cycles.find((x) => x.stage === 'published')!.id, '82.5', 'B'],
    [cycles.find((x) => x.stage === 'calibration')!.id, '70', 'C'],
  ])
    await t.deps.db.execute(
      sql`insert into review_participants (org_id, cycle_id, employee_id, unit_id, tenure_stage, template_id,
            template_version, inputs, result, total, computed_grade)
          values (${orgId}, ${cycle}, ${person}, ${team}, 'tenured', ${template.id}, 1, '{}', '{}', ${total}, ${grade})`,
    );
});
afterAll(() => t.close());

interface Point {
  periodStart: string;
  value: string | null;
  target: string | null;
  attainment: string | null;
}

describe('GET /employees/:id/trajectory', () => {
  it('shows the whole timeline with targets, the open month, and the indicators on hand-built data', async () => {
    const res = await get(`/api/v1/employees/${person}/trajectory?metrics=revenue,win_rate`, c.hr);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.periods[0]).toBe('2024-12-01');
    expect(body.periods.at(-1)).toBe('2026-11-01');
    expect(body.periods).toHaveLength(24);
    expect(body.openPeriod).toBe('2026-11-01');
    expect(body.probation).toEqual({ from: '2024-12-20', to: '2025-04-09' });
    const revenue = body.metrics.find((m: { key: string }) => m.key === 'revenue');
    expect(revenue).toMatchObject({ name: '订单金额', unit: 'CNY' });
    const at = (p: string) => revenue.points.find((x: Point) => x.periodStart === p);
    // Before the person's data begins: no value; after, an empty month of money is 0.
    expect(at('2024-12-01').value).toBeNull();
    expect(at('2025-01-01').value).toBe('900.00');
    expect(at('2025-07-01').value).toBe('0.00');
    expect(at('2026-03-01').value).toBe('0.00');
    expect(at('2026-11-01').value).toBe('5000.00');
    expect(at('2025-05-01')).toEqual({
      periodStart: '2025-05-01',
      value: '700.00',
      target: '1000.00',
      attainment: '0.7000',
    });
    // A proposed target is not in force.
    expect(at('2025-06-01').target).toBeNull();
    // Last 12 closed months (2025-11 … 2026-10): 1000 + 100 i with March 2026 at 0.
    expect(revenue.stats).toEqual({
      growthSpeed: '114.6853',
      growthRelative: '0.0800',
      growthMonths: 12,
      growthReason: null,
      volatility: '0.2932',
      volatilityReason: null,
      slackIndex: '0.3000',
      slackReason: null,
      probationMean: '1000.00',
      postMean: '700.00',
      probationMonths: ['2025-01-01', '2025-02-01', '2025-03-01'],
      postMonths: ['2025-04-01', '2025-05-01', '2025-06-01'],
    });
    // A ratio has no value where nothing was stored, and says why it has no indicators.
    const winRate = body.metrics.find((m: { key: string }) => m.key === 'win_rate');
    expect(winRate.points.find((x: Point) => x.periodStart === '2025-02-01').value).toBeNull();
    expect(winRate.points.find((x: Point) => x.periodStart === '2025-01-01').value).toBe('0.5000');
    expect(winRate.stats).toMatchObject({
      growthSpeed: null,
      growthReason: 'too_few_months',
      volatilityReason: 'too_few_months',
      slackIndex: null,
      slackReason: 'probation_too_short',
    });
  });

  it('a shorter window changes the slack index; quarters show quarters but keep the monthly indicators', async () => {
    const one = (await get(`/api/v1/employees/${person}/trajectory?metrics=revenue&window=1`, c.hr)).json();
    // Probation months: one valued month needed at most (window 1): March 1100 vs April 600.
    expect(one.metrics[0].stats.slackIndex).toBe('0.4545');
    const q = await get(`/api/v1/employees/${person}/trajectory?metrics=revenue&periodType=quarter`, c.hr);
    expect(q.statusCode, q.body).toBe(200);
    const body = q.json();
    expect(body.periods).toEqual([
      '2024-10-01',
      '2025-01-01',
      '2025-04-01',
      '2025-07-01',
      '2025-10-01',
      '2026-01-01',
      '2026-04-01',
      '2026-07-01',
      '2026-10-01',
    ]);
    expect(body.metrics[0].points.slice(0, 3).map((p: Point) => p.value)).toEqual([null, '3000.00', '0.00']);
    expect(body.metrics[0].stats.slackIndex).toBe('0.3000');
    expect(body.metrics[0].stats.growthSpeed).toBe('114.6853');
  });

  it('puts hire, promotion, the alert, the plan and regularization on the timeline, in order', async () => {
    const body = (await get(`/api/v1/employees/${person}/trajectory?metrics=revenue`, c.hr)).json();
    const markers = body.markers.map((m: { kind: string; date: string }) => [m.kind, m.date]);
    expect(markers).toEqual([
      ['hire', '2024-12-20'],
      ['regularization', '2025-04-10'],
      ['transfer', '2025-09-01'],
      ['alert', '2026-02-03'],
      ['plan', '2026-02-10'],
    ]);
    const transfer = body.markers.find((m: { kind: string }) => m.kind === 'transfer');
    expect(transfer.label).toBe(`调岗：${positions[0].name} → ${positions[1].name}`);
    const alert = body.markers.find((m: { kind: string }) => m.kind === 'alert');
    expect(alert).toMatchObject({ label: '预警：业绩连续下滑', severity: 'high' });
    const english = (await get(`/api/v1/employees/${person}/trajectory?metrics=revenue`, c.hr, 'en-US')).json();
    expect(english.markers.map((m: { label: string }) => m.label)).toContain('Improvement plan');
    expect(english.metrics[0].name).toBe('Revenue');
  });

  it('lists review results: all launched cycles for HR, only published ones for the person', async () => {
    const hr = (await get(`/api/v1/employees/${person}/trajectory?metrics=revenue`, c.hr)).json();
    expect(hr.reviews.map((r: { total: string; grade: string; stage: string }) => [r.total, r.grade, r.stage])).toEqual(
      [
        ['82.50', 'B', 'published'],
        ['70.00', 'C', 'calibration'],
      ],
    );
    const own = await get(`/api/v1/employees/${person}/trajectory?metrics=revenue`, c.employee);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().reviews.map((r: { grade: string }) => r.grade)).toEqual(['B']);
    // Alerts are for the people who handle them; the plan is the person's own.
    expect(own.json().markers.map((m: { kind: string }) => m.kind)).toEqual([
      'hire',
      'regularization',
      'transfer',
      'plan',
    ]);
  });

  it('defaults to the metrics of the person’s scorecard template, else revenue, collections, calls and visits', async () => {
    const res = await get(`/api/v1/employees/${person}/trajectory`, c.manager);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.metrics.map((m: { key: string }) => m.key)).toEqual(['revenue', 'collections', 'calls', 'visits']);
    // Calls: nothing stored, but the person's data has begun — zeros, so a flat line and an explained slack.
    const calls = body.metrics.find((m: { key: string }) => m.key === 'calls');
    expect(calls.stats).toMatchObject({ growthSpeed: '0.0000', volatilityReason: 'mean_not_positive' });
    expect(calls.stats.slackReason).toBe('probation_mean_not_positive');
    await t.deps.db.execute(sql`update scorecard_templates set is_active = true where id = ${templateId}`);
    const fromTemplate = (await get(`/api/v1/employees/${person}/trajectory`, c.manager)).json();
    expect(fromTemplate.metrics.map((m: { key: string }) => m.key)).toEqual(['revenue', 'visits']);
  });

  it('explains what cannot be computed yet: in probation, nothing after regularization', async () => {
    await setPerson(colleague, { hire: '2026-09-10', status: 'probation' });
    await setValue(colleague, 'revenue', '2026-09-01', 100);
    await setValue(colleague, 'revenue', '2026-10-01', 300);
    const body = (await get(`/api/v1/employees/${colleague}/trajectory?metrics=revenue`, c.manager)).json();
    expect(body.metrics[0].stats).toMatchObject({
      growthReason: 'too_few_months',
      growthMonths: 2,
      slackReason: 'not_regularized',
    });
    expect(body.markers.map((m: { kind: string }) => m.kind)).toEqual(['hire']);
  });

  it('ends at the exit of a person who left', async () => {
    await setPerson(outsider, { hire: '2025-01-01', reg: '2025-03-01', status: 'exited', exit: '2025-08-15' });
    const body = (await get(`/api/v1/employees/${outsider}/trajectory?metrics=revenue`, c.hr)).json();
    expect(body.periods.at(-1)).toBe('2025-08-01');
    expect(body.openPeriod).toBeNull();
    expect(body.markers.at(-1)).toMatchObject({ kind: 'exit', date: '2025-08-15', label: '离职' });
  });

  it('refuses callers outside the scope as if the person did not exist', async () => {
    const missing = await get(`/api/v1/employees/${randomUUID()}/trajectory`, c.hr);
    expect(missing.statusCode).toBe(404);
    for (const [cookie, id] of [
      [c.employee, colleague],
      [c.manager, outsider],
      [c.hrB, person],
    ]) {
      const res = await get(`/api/v1/employees/${id}/trajectory`, cookie);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('EMPLOYEE_NOT_FOUND');
      expect(res.json().detail).toBe(missing.json().detail);
    }
    expect((await get(`/api/v1/employees/${person}/trajectory`, c.manager)).statusCode).toBe(200);
  });

  it('refuses bad input with field errors in the caller’s language', async () => {
    const res = await get(`/api/v1/employees/${person}/trajectory?metrics=revenue,no_such_metric`, c.hr, 'en-US');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'metrics.1', code: 'UNKNOWN_METRIC', message: 'No such metric in the library' },
    ]);
    const bad = await get(`/api/v1/employees/${person}/trajectory?window=0&periodType=day`, c.hr);
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['periodType', 'window']);
    const tooMany = await get(`/api/v1/employees/${person}/trajectory?metrics=${'revenue,'.repeat(9)}`, c.hr);
    expect(tooMany.statusCode).toBe(400);
  });
});

describe('GET /trajectories/cohort-curves', () => {
  let x: string;
  let y: string;

  beforeAll(async () => {
    const inRegion = (
      await get(`/api/v1/employees?unitId=${t.template.companyA.managedRegionId}&limit=50`, c.hr)
    ).json().items as { id: string }[];
    [x, y] = inRegion
      .map((e) => e.id)
      .filter((id) => ![person, colleague, t.template.companyA.users.manager.employeeId].includes(id));
    // Three people hired in 2019 (nobody else was): two in the manager's region, one outside.
    await setPerson(x, { hire: '2019-03-05', reg: '2019-06-05' });
    await setPerson(y, { hire: '2019-06-20', reg: '2019-09-20' });
    await setPerson(outsider, { hire: '2019-09-01', reg: '2019-12-01', status: 'exited', exit: '2020-01-20' });
    for (const [id, hire, values] of [
      [x, '2019-03', [100, 200, 300]],
      [y, '2019-06', [300, 100]],
      [outsider, '2019-09', [1000, 1000, 1000, 1000, 1000, 1000]],
    ] as const)
      for (const [i, v] of values.entries()) await setValue(id, 'revenue', monthOf(hire, i), v);
  });

  const curves = (cookie: string, q = '') =>
    get(
      `/api/v1/trajectories/cohort-curves?metric=revenue&hiredFrom=2019-01-01&hiredTo=2019-12-31&months=6${q}`,
      cookie,
    );

  it('gives quartiles by months since hire across the organization for HR', async () => {
    const res = await curves(c.hr);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      metric: 'revenue',
      metricName: '订单金额',
      metricUnit: 'CNY',
      people: 3,
      person: null,
    });
    expect(body.points.slice(0, 3)).toEqual([
      { month: 0, n: 3, p25: '200.00', median: '300.00', p75: '650.00' },
      { month: 1, n: 3, p25: '150.00', median: '200.00', p75: '600.00' },
      // y's third month is empty: 0 once their data has begun.
      { month: 2, n: 3, p25: '150.00', median: '300.00', p75: '650.00' },
    ]);
    // The outsider left in January 2020 (their month 4): later months count only the others.
    expect(body.points[5]).toEqual({ month: 5, n: 2, p25: '0.00', median: '0.00', p75: '0.00' });
  });

  it('a manager sees the units they lead, and can add one of their people’s own line', async () => {
    const res = await curves(c.manager, `&employeeId=${x}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.people).toBe(2);
    expect(body.points[0]).toEqual({ month: 0, n: 2, p25: '150.00', median: '200.00', p75: '250.00' });
    expect(body.person.employee.id).toBe(x);
    expect(body.person.points.slice(0, 4)).toEqual([
      { month: 0, value: '100.00' },
      { month: 1, value: '200.00' },
      { month: 2, value: '300.00' },
      { month: 3, value: '0.00' },
    ]);
    const position = await curves(c.hr, `&positionId=${randomUUID()}`);
    expect(position.json()).toMatchObject({ people: 0 });
    expect(position.json().points[0]).toEqual({ month: 0, n: 0, p25: null, median: null, p75: null });
  });

  it('refuses people, units and roles outside the scope', async () => {
    expect((await curves(c.employee)).statusCode).toBe(403);
    const other = await curves(c.manager, `&employeeId=${outsider}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('EMPLOYEE_NOT_FOUND');
    const unit = await curves(c.manager, `&unitId=${t.template.companyA.otherRegionId}`);
    expect(unit.statusCode).toBe(404);
    expect(unit.json().code).toBe('ORG_UNIT_NOT_FOUND');
    expect((await curves(c.hrB, `&employeeId=${x}`)).statusCode).toBe(404);
    // Another organization's people never enter the curves.
    expect((await curves(c.hrB)).json().people).toBe(0);
    const backwards = await get('/api/v1/trajectories/cohort-curves?hiredFrom=2020-01-01&hiredTo=2019-01-01', c.hr);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0]).toMatchObject({ field: 'hiredTo', code: 'BEFORE_START' });
  });
});

describe('GET /trajectories/team', () => {
  it('puts the team side by side by calendar month and by months since hire', async () => {
    const res = await get(`/api/v1/trajectories/team?unitId=${team}&metric=revenue&months=3`, c.manager);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.unit.id).toBe(team);
    expect(body.periods).toEqual(['2026-08-01', '2026-09-01', '2026-10-01']);
    const members = (await get(`/api/v1/employees?unitId=${team}&limit=100`, c.hr)).json().items as {
      id: string;
      status: string;
    }[];
    expect(body.people).toHaveLength(members.filter((m) => m.status !== 'exited' && m.status !== 'candidate').length);
    const me = body.people.find((p: { employee: { id: string } }) => p.employee.id === person);
    expect(me.calendar).toEqual(['1900.00', '2000.00', '2100.00']);
    // Hired 2024-12: December (no data yet), then January and February 2025.
    expect(me.sinceHire).toEqual([null, '900.00', '1000.00']);
    const newcomer = body.people.find((p: { employee: { id: string } }) => p.employee.id === colleague);
    // Hired 2026-09: nothing before the hire month.
    expect(newcomer.calendar).toEqual([null, '100.00', '300.00']);
    expect(newcomer.sinceHire).toEqual(['100.00', '300.00', null]);
  });

  it('refuses units outside the scope and employees', async () => {
    const other = await get(`/api/v1/trajectories/team?unitId=${t.template.companyA.otherRegionId}`, c.manager);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('ORG_UNIT_NOT_FOUND');
    const missing = await get(`/api/v1/trajectories/team?unitId=${randomUUID()}`, c.manager);
    expect(other.json().detail).toBe(missing.json().detail);
    expect((await get(`/api/v1/trajectories/team?unitId=${team}`, c.hrB)).statusCode).toBe(404);
    expect((await get(`/api/v1/trajectories/team?unitId=${team}`, c.employee)).statusCode).toBe(403);
    expect((await get(`/api/v1/trajectories/team?unitId=${team}&metric=nope_metric`, c.hr)).statusCode).toBe(400);
  });
});
