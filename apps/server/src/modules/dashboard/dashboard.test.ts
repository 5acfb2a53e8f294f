import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';

let t: TestContext;
const c = {} as Record<'admin' | 'hr' | 'manager' | 'employee' | 'hrB', string>;
let orgId: string;
/** Two people of one team in the manager's region, one person of another region, and the manager. */
let a1: string;
let a2: string;
let other: string;
let manager: string;
let team: string;
let otherTeam: string;

/** Today is 2026-11-27 in Shanghai: the last closed month is October, the one before September. */
const NOW = new Date('2026-11-27T02:00:00Z');

const get = (url: string, cookie: string, lang?: string) =>
  t.request({ url, cookie, headers: lang ? { 'accept-language': lang } : undefined });

async function rule(name: string, severity: string): Promise<string> {
  const [r] = await queryRows<{ id: string }>(
    t.deps.db,
    sql`insert into alert_rules (org_id, kind, name, metric_key, period_type, params, scope, severity, min_periods,
          cooldown_days, recipients)
        values (${orgId}, 'attainment_below', ${name}, 'revenue', 'month', '{}', '{}', ${severity}, 2, 30, '{}')
        returning id`,
  );
  return r.id;
}

const alert = (ruleId: string, employeeId: string, severity: string, status: string) =>
  t.deps.db.execute(
    sql`insert into alerts (org_id, rule_id, rule_version, employee_id, status, severity, confidence, evidence)
        values (${orgId}, ${ruleId}, 1, ${employeeId}, ${status}, ${severity}, 0.8, '{}')`,
  );

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
  a1 = companyA.users.employee.employeeId;
  manager = companyA.users.manager.employeeId;
  team = (await get(`/api/v1/employees/${a1}`, c.hr)).json().unit.id;
  const mates = (await get(`/api/v1/employees?unitId=${team}&limit=100`, c.hr)).json().items as { id: string }[];
  a2 = mates.find((m) => m.id !== a1 && m.id !== manager)!.id;
  const outside = (await get(`/api/v1/employees?unitId=${companyA.otherRegionId}&limit=5`, c.hr)).json().items;
  other = outside[0].id;
  otherTeam = outside[0].unit.id;
  for (const id of [a1, a2, other])
    await t.deps.db.execute(
      sql`update employees set status = 'regular', hire_date = '2024-01-01', exit_date = null where id = ${id}`,
    );

  // Revenue and agreed targets for September and October.
  const rows: [string, string, number, number][] = [
    [a1, '2026-09-01', 1000, 1000],
    [a1, '2026-10-01', 1500, 1000],
    [a2, '2026-09-01', 2000, 2000],
    [a2, '2026-10-01', 1000, 2000],
    [other, '2026-09-01', 500, 1000],
    [other, '2026-10-01', 800, 1000],
  ];
  for (const [id, month, value, target] of rows) {
    // Imported history (orders sent through the API would raise live alerts of their own and change the counts
    // below): the team figures take it for the unit the person belonged to at the start of the month, as they
    // take facts for the unit of their day.
    await t.deps.db.execute(
      sql`insert into imported_metric_values (org_id, metric_key, period_type, period_start, employee_id, value)
          values (${orgId}, 'revenue', 'month', ${month}, ${id}, ${String(value)})`,
    );
    await t.deps.db.execute(
      sql`insert into targets (org_id, employee_id, metric_key, period_type, period_start, value, status)
          values (${orgId}, ${id}, 'revenue', 'month', ${month}, ${String(target)}, 'agreed')`,
    );
  }

  // Alerts: two high and one medium live in the region, one resolved, one outside, one about the manager.
  const decline = await rule('达成率偏低', 'high');
  const slack = await rule('转正后松懈', 'medium');
  await alert(decline, a1, 'high', 'open');
  await alert(decline, a2, 'high', 'acknowledged');
  await alert(slack, a1, 'medium', 'action_linked');
  await alert(slack, a2, 'medium', 'resolved');
  await alert(decline, other, 'high', 'open');
  await alert(slack, manager, 'low', 'open');

  // Pools: an older one and October's.
  const pools = await queryRows<{ id: string; period_start: string }>(
    t.deps.db,
    sql`insert into low_performer_pools (org_id, period_type, period_start, policy) values
        (${orgId}, 'month', '2026-09-01', '{}'), (${orgId}, 'month', '2026-10-01', '{}')
        returning id, period_start::text as period_start`,
  );
  const october = pools.find((p) => p.period_start === '2026-10-01')!.id;
  const september = pools.find((p) => p.period_start === '2026-09-01')!.id;
  for (const [pool, id, unit, listed, decision] of [
    [october, a1, team, true, null],
    [october, a2, team, false, 'coaching'],
    [october, other, otherTeam, false, null],
    [september, a1, team, false, null],
  ] as const)
    await t.deps.db.execute(
      sql`insert into pool_entries (org_id, pool_id, employee_id, unit_id, reasons, trend, occurrence, suggested_step,
            suggestion_reason, on_optimization_list, decision)
          values (${orgId}, ${pool}, ${id}, ${unit}, '[]', '{}', 1, 'coaching_training', '{}', ${listed}, ${decision})`,
    );

  // Review cycles: September published (graded), October still in calibration (ignored).
  const [template] = await queryRows<{ id: string }>(
    t.deps.db,
    sql`insert into scorecard_templates (org_id, name, current_version, is_active) values (${orgId}, '销售', 1, false)
        returning id`,
  );
  const scale = {
    name: '五级',
    bands: [
      { grade: 'S', minScore: 95, bonusCoefficient: 1.5 },
      { grade: 'A', minScore: 85, bonusCoefficient: 1.2 },
      { grade: 'B', minScore: 70, bonusCoefficient: 1 },
      { grade: 'C', minScore: 60, bonusCoefficient: 0.7 },
      { grade: 'D', minScore: 0, bonusCoefficient: 0 },
    ],
    guideline: null,
  };
  const cycles = await queryRows<{ id: string; stage: string }>(
    t.deps.db,
    sql`insert into review_cycles (org_id, name, kind, period_type, period_start, period_end, population, stage, grade_scale, published_at)
        values (${orgId}, '2026 年 9 月考核', 'monthly', 'month', '2026-09-01', '2026-09-30', '{}', 'published',
                ${JSON.stringify(scale)}::jsonb, now()),
               (${orgId}, '2026 年 10 月考核', 'monthly', 'month', '2026-10-01', '2026-10-31', '{}', 'calibration',
                ${JSON.stringify(scale)}::jsonb, null)
        returning id, stage`,
  );
  for (const cycle of cycles)
    for (const [id, unit, grade, computed] of [
      [a1, team, 'A', 'B'],
      [a2, team, null, 'B'],
      [other, otherTeam, 'B', 'B'],
    ] as const)
      await t.deps.db.execute(
        sql`insert into review_participants (org_id, cycle_id, employee_id, unit_id, tenure_stage, template_id,
              template_version, inputs, result, total, computed_grade, grade)
            values (${orgId}, ${cycle.id}, ${id}, ${unit}, 'tenured', ${template.id}, 1, '{}', '{}', '80',
              ${cycle.stage === 'calibration' ? 'D' : computed}, ${cycle.stage === 'calibration' ? 'D' : grade})`,
      );
});
afterAll(() => t.close());

describe('GET /dashboard', () => {
  it('gives a manager the units they lead: alerts, pool, attainment, grades and movers', async () => {
    const res = await get('/api/v1/dashboard', c.manager);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.scope.kind).toBe('units');
    expect(d.scope.units.map((u: { id: string }) => u.id)).toContain(t.template.companyA.managedRegionId);
    expect(d).toMatchObject({
      metric: 'revenue',
      metricName: '订单金额',
      month: '2026-10-01',
      previousMonth: '2026-09-01',
    });
    // Live only, the manager's own alert left out.
    expect(d.alerts).toEqual({ total: 3, bySeverity: { high: 2, medium: 1, low: 0 } });
    expect(d.pool).toMatchObject({ periodStart: '2026-10-01', entries: 2, onOptimizationList: 1, undecided: 1 });
    expect(d.attainment.units).toEqual([
      {
        unit: { id: team, name: expect.any(String) },
        people: 2,
        actual: '2500.00',
        target: '3000.00',
        attainment: '0.8333',
      },
    ]);
    expect(d.attainment.total).toEqual({ people: 2, actual: '2500.00', target: '3000.00', attainment: '0.8333' });
    expect(d.scores.cycle).toMatchObject({ name: '2026 年 9 月考核', stage: 'published' });
    expect(d.scores.n).toBe(2);
    // The grade in force after calibration, else the computed one; in the scale's order.
    expect(d.scores.distribution).toEqual([
      { grade: 'S', count: 0 },
      { grade: 'A', count: 1 },
      { grade: 'B', count: 1 },
      { grade: 'C', count: 0 },
      { grade: 'D', count: 0 },
    ]);
    expect(d.movers.basis).toBe('attainment');
    expect(d.movers.up).toEqual([
      {
        employee: expect.objectContaining({ id: a1 }),
        unitName: expect.any(String),
        previous: '1000.00',
        current: '1500.00',
        previousAttainment: '1.0000',
        currentAttainment: '1.5000',
        change: '0.5000',
      },
    ]);
    expect(d.movers.down.map((m: { employee: { id: string }; change: string }) => [m.employee.id, m.change])).toEqual([
      [a2, '-0.5000'],
    ]);
  });

  it('gives HR and admin the whole organization', async () => {
    for (const cookie of [c.hr, c.admin]) {
      const d = (await get('/api/v1/dashboard', cookie)).json();
      expect(d.scope).toEqual({ kind: 'org', units: [] });
      expect(d.alerts).toEqual({ total: 5, bySeverity: { high: 3, medium: 1, low: 1 } });
      expect(d.pool).toMatchObject({ entries: 3, onOptimizationList: 1, undecided: 2 });
      expect(d.attainment.units).toHaveLength(2);
      expect(d.attainment.units.find((u: { unit: { id: string } }) => u.unit.id === otherTeam)).toMatchObject({
        actual: '800.00',
        target: '1000.00',
        attainment: '0.8000',
      });
      expect(d.attainment.total).toEqual({ people: 3, actual: '3300.00', target: '4000.00', attainment: '0.8250' });
      expect(d.scores.n).toBe(3);
      expect(d.scores.distribution.find((g: { grade: string }) => g.grade === 'B').count).toBe(2);
      expect(d.movers.up.map((m: { employee: { id: string }; change: string }) => [m.employee.id, m.change])).toEqual([
        [a1, '0.5000'],
        [other, '0.3000'],
      ]);
    }
  });

  it('ranks movers by the metric’s value on request, or for another metric', async () => {
    const d = (await get('/api/v1/dashboard?movers=value', c.hr)).json();
    expect(d.movers.basis).toBe('value');
    expect(d.movers.up.map((m: { employee: { id: string }; change: string }) => [m.employee.id, m.change])).toEqual([
      [a1, '500.00'],
      [other, '300.00'],
    ]);
    expect(d.movers.down.map((m: { employee: { id: string }; change: string }) => [m.employee.id, m.change])).toEqual([
      [a2, '-1000.00'],
    ]);
    // No targets for visits: attainment is empty and the movers fall back to values (nobody has any).
    const visits = (await get('/api/v1/dashboard?metric=visits', c.hr, 'en-US')).json();
    expect(visits).toMatchObject({ metricName: 'Visits', movers: { basis: 'value', up: [], down: [] } });
    expect(visits.attainment).toEqual({
      units: [],
      total: { people: 0, actual: '0.00', target: '0.00', attainment: null },
    });
  });

  it('is not for employees, and shows another organization nothing of this one', async () => {
    const employee = await get('/api/v1/dashboard', c.employee);
    expect(employee.statusCode).toBe(403);
    expect(employee.json().code).toBe('FORBIDDEN');
    const b = (await get('/api/v1/dashboard', c.hrB)).json();
    expect(b).toMatchObject({
      alerts: { total: 0 },
      pool: null,
      scores: { cycle: null, n: 0, distribution: [] },
      movers: { up: [], down: [] },
    });
    expect(b.attainment.units).toEqual([]);
    const bad = await get('/api/v1/dashboard?metric=no_such_metric&movers=sideways', c.hr);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['movers']);
    const unknown = await get('/api/v1/dashboard?metric=no_such_metric', c.hr);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ field: 'metric', code: 'UNKNOWN_METRIC' })]);
  });
});
