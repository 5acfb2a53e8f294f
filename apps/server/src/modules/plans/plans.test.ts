import { sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';

// Improvement plans end to end through HTTP on a real database: created from an alert, a pool entry or by
// hand; acknowledged or a refusal recorded; check-ins with metric progress; midpoint and final evaluations;
// HR's outcome (extended once only, passed, failed); cancelling; the person's status; the DOCX; notifications;
// and who may see and do what.

let t: TestContext;
const c = {} as Record<'admin' | 'hr' | 'manager' | 'employee' | 'coach' | 'hrB', string>;
let orgA: string;
/** P: the demo employee (has a login); Q, R: others in the manager's region; O: outside it; C: the coach. */
const P = {} as Record<'self' | 'q' | 'r' | 'outsider' | 'coach' | 'manager', string>;
let alertId: string;
let courseId: string;
let poolEntryOfQ: string;

const run = (q: ReturnType<typeof sql>) => t.deps.db.execute(q);
const post = (url: string, cookie: string, body: unknown, lang = 'zh-CN') =>
  t.request({ method: 'POST', url, cookie, body, headers: { 'accept-language': lang } });
const get = (url: string, cookie: string) => t.request({ url, cookie });
const one = async <T>(q: ReturnType<typeof sql>) => (await queryRows<T>(t.deps.db, q))[0];
const statusOf = async (employeeId: string) =>
  (await one<{ status: string }>(sql`select status from employees where id = ${employeeId}`)).status;
const planCount = async () => (await one<{ n: number }>(sql`select count(*)::int as n from improvement_plans`)).n;
const auditCount = async (action: string) =>
  (await one<{ n: number }>(sql`select count(*)::int as n from audit_events where action = ${action}`)).n;
const notified = async (username: string, kind: string) =>
  (
    await one<{ n: number }>(
      sql`select count(*)::int as n from notifications n join users u on u.id = n.user_id
          where u.username = ${username} and n.kind = ${kind}`,
    )
  ).n;

const revenue = (employeeId: string, periodStart: string, value: number) =>
  run(sql`insert into metric_values (org_id, metric_key, period_type, period_start, employee_id, value)
          values (${orgA}, 'revenue', 'month', ${periodStart}, ${employeeId}, ${value})
          on conflict do nothing`);

const planBody = (employeeId: string, extra: Record<string, unknown> = {}) => ({
  employeeId,
  startDate: '2026-10-01',
  endDate: '2026-11-30',
  goals: [
    { kind: 'metric', metricKey: 'revenue', target: '70000', direction: 'higher' },
    { kind: 'behaviour', text: '每周拜访客户不少于 5 次', measure: 'CRM 拜访记录' },
  ],
  checkInDates: ['2026-10-15', '2026-11-15'],
  ...extra,
});
const behaviourOk = [{ goalIndex: 1, judgement: 'met', comment: '拜访次数达标' }];

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = new Date('2026-11-27T02:00:00Z');
  const { companyA, companyB } = t.template;
  orgA = companyA.orgId;
  for (const r of ['admin', 'hr', 'manager', 'employee'] as const) c[r] = await t.login(companyA.users[r].username);
  c.hrB = await t.login(companyB.users.hr.username);
  P.self = companyA.users.employee.employeeId;
  P.manager = companyA.users.manager.employeeId;
  const list = async (q: string) =>
    (await get(`/api/v1/employees?${q}&status=regular&limit=50`, c.hr)).json().items as { id: string }[];
  const region = (await list(`unitId=${companyA.managedRegionId}`))
    .map((e) => e.id)
    .filter((id) => id !== P.self && id !== P.manager && id !== companyA.users.hr.employeeId);
  [P.q, P.r, P.coach] = region;
  P.outsider = (await list(`unitId=${companyA.otherRegionId}`))[0].id;
  expect(Object.values(P).every(Boolean)).toBe(true);
  // Plans start on 2026-10-01: make sure everyone was hired before.
  await run(sql`update employees set hire_date = '2025-01-01' where id in (${P.self}, ${P.q}, ${P.r}, ${P.outsider})`);
  expect(await statusOf(P.self)).toBe('regular');

  const coachUser = await post('/api/v1/users', c.admin, {
    username: 'coach.plan',
    password: 'Coach-pass-2026',
    role: 'employee',
    employeeId: P.coach,
  });
  expect(coachUser.statusCode, coachUser.body).toBe(201);
  c.coach = await t.login('coach.plan', 'Coach-pass-2026');

  await revenue(P.self, '2026-10-01', 80000);
  await revenue(P.self, '2026-11-01', 70000);
  await revenue(P.q, '2026-10-01', 10000);
  const [rule] = await queryRows<{ id: string }>(
    t.deps.db,
    sql`insert into alert_rules (org_id, kind, name, metric_key, period_type, params, scope, severity, min_periods,
          cooldown_days, recipients)
        values (${orgA}, 'attainment_below', '达成率偏低', 'revenue', 'month', '{}'::jsonb, '{}'::jsonb, 'high', 3, 30,
          '{}'::jsonb)
        returning id::text`,
  );
  alertId = (
    await one<{ id: string }>(
      sql`insert into alerts (org_id, rule_id, rule_version, employee_id, status, severity, period, confidence, evidence)
          values (${orgA}, ${rule.id}, 1, ${P.self}, 'open', 'high', '2026-09-01', 0.8, '{}'::jsonb)
          returning id::text`,
    )
  ).id;
  courseId = (
    await one<{ id: string }>(
      sql`insert into training_courses (org_id, title, url) values (${orgA}, '大单推进与回款管理',
          'https://learning.example.com/courses/deal-closing') returning id::text`,
    )
  ).id;
  const pool = await one<{ id: string }>(
    sql`insert into low_performer_pools (org_id, period_type, period_start, policy)
        values (${orgA}, 'month', '2026-10-01', '{}'::jsonb) returning id::text`,
  );
  poolEntryOfQ = (
    await one<{ id: string }>(
      sql`insert into pool_entries (org_id, pool_id, employee_id, unit_id, reasons, trend, occurrence, suggested_step,
            suggestion_reason)
          select ${orgA}, ${pool.id}, e.id, e.unit_id, '[]'::jsonb, '[]'::jsonb, 1, 'improvement_plan', '{}'::jsonb
          from employees e where e.id = ${P.q}
          returning id::text`,
    )
  ).id;
});
afterAll(() => t?.close());

describe('a plan from an alert, through every step', () => {
  let planId: string;
  let version: number;
  const plan = async (cookie = c.hr) => {
    const res = await get(`/api/v1/plans/${planId}`, cookie);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('refuses bad input with field errors and creates nothing', async () => {
    const before = await planCount();
    const res = await post(
      '/api/v1/plans',
      c.manager,
      planBody(P.self, {
        startDate: '2024-06-01',
        endDate: '2024-05-01',
        checkInDates: ['2027-01-01'],
        source: 'alert',
        goals: [{ kind: 'metric', metricKey: 'no_such_metric', target: '1' }],
        coachEmployeeId: P.self,
      }),
      'en-US',
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('PLAN_INVALID');
    const fields = Object.fromEntries(res.json().errors.map((e: { field: string; code: string }) => [e.field, e.code]));
    expect(fields).toMatchObject({
      endDate: 'BEFORE_START',
      startDate: 'BEFORE_HIRE',
      'checkInDates.0': 'PLAN_DATE_OUTSIDE',
      'goals.0.metricKey': 'UNKNOWN_METRIC',
      coachEmployeeId: 'PLAN_COACH_IS_PERSON',
      alertId: 'PLAN_SOURCE_REQUIRED',
    });
    expect(await planCount()).toBe(before);
  });

  it('a manager creates it for their person; the alert records the action', async () => {
    const res = await post(
      '/api/v1/plans',
      c.manager,
      planBody(P.self, { source: 'alert', alertId, coachEmployeeId: P.coach, courseIds: [courseId] }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const view = res.json();
    planId = view.id;
    version = view.version;
    expect(view).toMatchObject({
      status: 'draft',
      source: 'alert',
      alertId,
      manager: { id: P.manager },
      coach: { id: P.coach },
      courses: [{ id: courseId, title: '大单推进与回款管理' }],
      checkInDates: ['2026-10-15', '2026-11-15'],
      acknowledgement: null,
      can: { acknowledge: false, evaluate: false },
    });
    const alert = await one<{ status: string }>(sql`select status from alerts where id = ${alertId}`);
    expect(alert.status).toBe('action_linked');
    const event = await one<{ payload: { actionKind: string; refId: string } }>(
      sql`select payload from alert_events where alert_id = ${alertId} and kind = 'action_linked'`,
    );
    expect(event.payload).toEqual({ actionKind: 'improvement_plan', refId: planId });
    expect(await auditCount('improvement_plan.created')).toBe(1);
    // Everyone involved hears of it, except the one who did it.
    expect(await notified('employee', 'plan.created')).toBe(1);
    expect(await notified('coach.plan', 'plan.created')).toBe(1);
    expect(await notified('hr', 'plan.created')).toBe(1);
    expect(await notified('manager', 'plan.created')).toBe(0);
    // One plan in progress per person.
    const again = await post('/api/v1/plans', c.hr, planBody(P.self));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PLAN_ACTIVE_EXISTS');
  });

  it('the draft can be edited before the person acknowledges it; bad edits and stale versions change nothing', async () => {
    const put = (cookie: string, body: unknown) =>
      t.request({ method: 'PUT', url: `/api/v1/plans/${planId}`, cookie, body });
    const edit = {
      coachEmployeeId: P.coach,
      startDate: '2026-10-01',
      endDate: '2026-12-15',
      goals: [
        { kind: 'metric', metricKey: 'revenue', target: '75000', direction: 'higher' },
        { kind: 'behaviour', text: '每周拜访客户不少于 5 次', measure: 'CRM 拜访记录' },
      ],
      courseIds: [courseId],
      checkInDates: ['2026-11-15', '2026-10-15'],
    };
    const bad = await put(c.manager, { ...edit, endDate: '2026-09-01', checkInDates: ['2027-01-01'], version });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['checkInDates.0', 'endDate']);
    expect((await put(c.manager, { ...edit, version: version + 1 })).json().code).toBe('PLAN_VERSION_CONFLICT');
    expect((await put(c.employee, { ...edit, version })).statusCode).toBe(403);
    expect((await plan(c.manager)).endDate).toBe('2026-11-30');
    const ok = await put(c.manager, { ...edit, version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      status: 'draft',
      endDate: '2026-12-15',
      checkInDates: ['2026-10-15', '2026-11-15'],
    });
    expect(ok.json().goals[0]).toMatchObject({ target: '75000' });
    expect(await auditCount('improvement_plan.updated')).toBe(1);
    version = ok.json().version;
    // Back to the original period for the steps that follow.
    const back = await put(c.hr, { ...edit, endDate: '2026-11-30', goals: planBody(P.self).goals, version });
    expect(back.statusCode, back.body).toBe(200);
    version = back.json().version;
  });

  it('only the person acknowledges, at the current version; the plan starts and they go on plan', async () => {
    expect((await plan(c.employee)).can.acknowledge).toBe(true);
    expect((await post(`/api/v1/plans/${planId}/acknowledge`, c.manager, { version })).statusCode).toBe(403);
    const stale = await post(`/api/v1/plans/${planId}/acknowledge`, c.employee, { version: version + 5 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('PLAN_VERSION_CONFLICT');
    const res = await post(`/api/v1/plans/${planId}/acknowledge`, c.employee, { version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'active', acknowledgement: 'signed' });
    expect(res.json().acknowledgedAt).toBe('2026-11-27T02:00:00.000Z');
    version = res.json().version;
    expect(await statusOf(P.self)).toBe('on_plan');
    expect(await auditCount('improvement_plan.acknowledged')).toBe(1);
    expect(await notified('manager', 'plan.activated')).toBe(1);
    // Twice is refused: it is no longer a draft.
    expect((await post(`/api/v1/plans/${planId}/acknowledge`, c.employee, { version })).json().code).toBe(
      'PLAN_STATE_CONFLICT',
    );
  });

  it('the coach adds check-ins with metric progress; the person cannot', async () => {
    const res = await post(`/api/v1/plans/${planId}/check-ins`, c.coach, {
      heldOn: '2026-11-15',
      notes: '回顾 10 月、11 月订单，梳理重点客户',
      evidence: [{ text: 'CRM 拜访记录', url: 'https://crm.example.com/visits' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view.checkIns).toHaveLength(1);
    expect(view.checkIns[0]).toMatchObject({ heldOn: '2026-11-15', author: 'coach.plan' });
    expect(view.checkIns[0].progress[0]).toMatchObject({
      metricKey: 'revenue',
      months: 2,
      actual: '75000.00',
      met: true,
    });
    version = view.version;
    expect(await notified('hr', 'plan.check_in')).toBe(1);
    expect(await notified('coach.plan', 'plan.check_in')).toBe(0);
    const byPerson = await post(`/api/v1/plans/${planId}/check-ins`, c.employee, {
      heldOn: '2026-11-20',
      notes: '自述',
    });
    expect(byPerson.statusCode).toBe(403);
    const future = await post(`/api/v1/plans/${planId}/check-ins`, c.manager, { heldOn: '2026-11-29', notes: '未来' });
    expect(future.statusCode).toBe(422);
    expect(future.json().errors[0]).toMatchObject({ field: 'heldOn', code: 'PLAN_DATE_OUTSIDE' });
  });

  it('midpoint once, then final; every behaviour goal judged; Stride suggests but does not decide', async () => {
    const missing = await post(`/api/v1/plans/${planId}/evaluations`, c.manager, {
      version,
      stage: 'midpoint',
      recommendation: '继续',
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0]).toMatchObject({ field: 'behaviours.1', code: 'REQUIRED' });
    const mid = await post(`/api/v1/plans/${planId}/evaluations`, c.manager, {
      version,
      stage: 'midpoint',
      behaviours: behaviourOk,
      recommendation: '进展良好，继续执行',
    });
    expect(mid.statusCode, mid.body).toBe(200);
    expect(mid.json().status).toBe('midpoint_evaluated');
    version = mid.json().version;
    const midAgain = await post(`/api/v1/plans/${planId}/evaluations`, c.manager, {
      version,
      stage: 'midpoint',
      behaviours: behaviourOk,
      recommendation: '再来',
    });
    expect(midAgain.json().code).toBe('PLAN_STATE_CONFLICT');
    const fin = await post(`/api/v1/plans/${planId}/evaluations`, c.manager, {
      version,
      stage: 'final',
      behaviours: behaviourOk,
      recommendation: '建议通过',
    });
    expect(fin.statusCode, fin.body).toBe(200);
    const view = fin.json();
    expect(view.status).toBe('final_evaluated');
    expect(view.evaluations.map((e: { stage: string }) => e.stage)).toEqual(['midpoint', 'final']);
    expect(view.evaluations[1].metrics[0]).toMatchObject({ actual: '75000.00', met: true });
    expect(view.suggestedOutcome).toBe('passed');
    expect(view.outcome).toBeNull();
    version = view.version;
    expect(await notified('employee', 'plan.final')).toBe(1);
    // The manager does not record the outcome.
    expect((await post(`/api/v1/plans/${planId}/outcome`, c.manager, { version, outcome: 'passed' })).statusCode).toBe(
      403,
    );
  });

  it('HR extends it once; a second extension is refused and changes nothing; then passed', async () => {
    const noDate = await post(`/api/v1/plans/${planId}/outcome`, c.hr, { version, outcome: 'extended' });
    expect(noDate.statusCode).toBe(422);
    expect(noDate.json().errors[0]).toMatchObject({ field: 'newEndDate', code: 'PLAN_NEW_END_REQUIRED' });
    const ext = await post(`/api/v1/plans/${planId}/outcome`, c.hr, {
      version,
      outcome: 'extended',
      newEndDate: '2026-12-31',
      note: '再观察一个月',
    });
    expect(ext.statusCode, ext.body).toBe(200);
    expect(ext.json()).toMatchObject({ status: 'active', endDate: '2026-12-31', originalEndDate: '2026-11-30' });
    version = ext.json().version;
    expect(await statusOf(P.self)).toBe('on_plan');
    const fin = await post(`/api/v1/plans/${planId}/evaluations`, c.hr, {
      version,
      stage: 'final',
      behaviours: behaviourOk,
      recommendation: '仍建议通过',
    });
    expect(fin.statusCode, fin.body).toBe(200);
    version = fin.json().version;
    const second = await post(
      `/api/v1/plans/${planId}/outcome`,
      c.hr,
      { version, outcome: 'extended', newEndDate: '2027-01-31' },
      'en-US',
    );
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('PLAN_ALREADY_EXTENDED');
    expect(second.json().detail).toContain('only once');
    const after = await plan();
    expect(after).toMatchObject({ status: 'final_evaluated', endDate: '2026-12-31', version });
    const passed = await post(`/api/v1/plans/${planId}/outcome`, c.hr, { version, outcome: 'passed', note: '达成' });
    expect(passed.statusCode, passed.body).toBe(200);
    expect(passed.json()).toMatchObject({ status: 'passed', outcome: 'passed' });
    expect(passed.json().outcomes.map((o: { outcome: string }) => o.outcome)).toEqual(['extended', 'passed']);
    expect(await statusOf(P.self)).toBe('regular');
    expect(await notified('employee', 'plan.passed')).toBe(1);
    expect(await notified('coach.plan', 'plan.extended')).toBe(1);
  });

  it('the DOCX holds the plan in lawful words, the acknowledgement time and no ID number', async () => {
    const res = await get(`/api/v1/plans/${planId}/document.docx`, c.employee);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    const textOf = xml.replace(/<[^>]+>/g, '');
    const person = (await get(`/api/v1/employees/${P.self}`, c.hr)).json();
    expect(textOf).toContain('绩效改进计划书');
    expect(textOf).toContain(person.name);
    expect(textOf).toContain(person.employeeNo);
    expect(textOf).toContain('月均不低于 70000');
    expect(textOf).toContain('每周拜访客户不少于 5 次');
    expect(textOf).toContain('大单推进与回款管理');
    expect(textOf).toContain('2026年10月15日');
    expect(textOf).toContain('按公司制度及法律规定处理');
    expect(textOf).toContain('员工已于2026年11月27日 10:00在系统中确认本计划');
    expect(textOf).toContain('原定至2026年11月30日');
    expect(textOf).not.toMatch(/解除劳动合同|辞退|开除/);
    expect(textOf).not.toMatch(/\d{17}[\dXx]/);
    expect(await auditCount('improvement_plan.document_generated')).toBe(1);
  });
});

describe('a refusal to sign, a failed outcome, a pool entry and cancelling', () => {
  it('from a pool entry: the entry must be about the person', async () => {
    const wrong = await post('/api/v1/plans', c.hr, planBody(P.r, { source: 'pool_entry', poolEntryId: poolEntryOfQ }));
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0]).toMatchObject({ field: 'poolEntryId', code: 'PLAN_SOURCE_OTHER_PERSON' });
    const res = await post(
      '/api/v1/plans',
      c.hr,
      planBody(P.q, {
        source: 'pool_entry',
        poolEntryId: poolEntryOfQ,
        goals: [{ kind: 'metric', metricKey: 'revenue', target: '50000' }],
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ source: 'pool_entry', poolEntryId: poolEntryOfQ });
    // Only HR records a refusal; it starts the plan with the witness note.
    expect(
      (await post(`/api/v1/plans/${created.id}/refusal`, c.manager, { version: 1, witnessNote: 'x' })).statusCode,
    ).toBe(403);
    const refused = await post(`/api/v1/plans/${created.id}/refusal`, c.hr, {
      version: created.version,
      witnessNote: '员工拒绝签字，人力资源部王某、部门经理在场见证',
    });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json()).toMatchObject({ status: 'active', acknowledgement: 'refused' });
    expect(await statusOf(P.q)).toBe('on_plan');
    const fin = await post(`/api/v1/plans/${created.id}/evaluations`, c.manager, {
      version: refused.json().version,
      stage: 'final',
      recommendation: '未达成目标',
    });
    expect(fin.statusCode, fin.body).toBe(200);
    expect(fin.json().evaluations[0].metrics[0]).toMatchObject({ actual: '10000.00', met: false });
    expect(fin.json().suggestedOutcome).toBeNull();
    const failed = await post(`/api/v1/plans/${created.id}/outcome`, c.hr, {
      version: fin.json().version,
      outcome: 'failed',
      note: '未达成业绩目标',
    });
    expect(failed.statusCode, failed.body).toBe(200);
    expect(failed.json()).toMatchObject({ status: 'failed', outcome: 'failed' });
    expect(await statusOf(P.q)).toBe('regular');
    expect(await notified('manager', 'plan.failed')).toBe(1);
    const doc = await get(`/api/v1/plans/${created.id}/document.docx`, c.hr);
    const xml = await (await JSZip.loadAsync(doc.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml.replace(/<[^>]+>/g, '')).toContain('员工拒绝签字确认');
  });

  it('the manager cancels with a reason; the person is back to regular', async () => {
    const res = await post('/api/v1/plans', c.manager, planBody(P.r));
    expect(res.statusCode, res.body).toBe(201);
    const cancelled = await post(`/api/v1/plans/${res.json().id}/cancel`, c.manager, {
      version: res.json().version,
      reason: '员工调岗',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: '员工调岗' });
    expect(await statusOf(P.r)).toBe('regular');
    expect(await auditCount('improvement_plan.cancelled')).toBe(1);
  });
});

describe('scope', () => {
  let outsiderPlan: string;
  beforeAll(async () => {
    // Owned by the HR person: the manager has nothing to do with it.
    const owner = t.template.companyA.users.hr.employeeId;
    const res = await post('/api/v1/plans', c.hr, planBody(P.outsider, { managerEmployeeId: owner }));
    expect(res.statusCode, res.body).toBe(201);
    outsiderPlan = res.json().id;
  });

  it('a manager cannot act on people outside their units or on themselves; an employee cannot create', async () => {
    const before = await planCount();
    for (const who of [P.outsider, P.manager]) {
      const res = await post('/api/v1/plans', c.manager, planBody(who));
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('EMPLOYEE_NOT_FOUND');
    }
    expect((await post('/api/v1/plans', c.employee, planBody(P.q))).statusCode).toBe(403);
    expect((await post('/api/v1/plans', c.hrB, planBody(P.q))).statusCode).toBe(404);
    expect(await planCount()).toBe(before);
  });

  it('another region’s plan, a colleague’s plan and another organization answer like a missing one', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const missingRes = await get(`/api/v1/plans/${missing}`, c.manager);
    expect(missingRes.statusCode).toBe(404);
    for (const [cookie, url] of [
      [c.manager, `/api/v1/plans/${outsiderPlan}`],
      [c.manager, `/api/v1/plans/${outsiderPlan}/document.docx`],
      [c.employee, `/api/v1/plans/${outsiderPlan}`],
      [c.coach, `/api/v1/plans/${outsiderPlan}`],
      [c.hrB, `/api/v1/plans/${outsiderPlan}`],
      [c.hrB, `/api/v1/plans/${outsiderPlan}/document.docx`],
    ] as const) {
      const res = await get(url, cookie);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('PLAN_NOT_FOUND');
    }
    const write = await post(`/api/v1/plans/${outsiderPlan}/cancel`, c.manager, { version: 1, reason: 'x' });
    expect(write.statusCode).toBe(404);
    expect((await get(`/api/v1/plans/${outsiderPlan}`, c.hr)).json().status).toBe('draft');
  });

  it('a manager reads a plan about themselves as the person, but does not run it', async () => {
    const owner = t.template.companyA.users.hr.employeeId;
    const res = await post('/api/v1/plans', c.hr, planBody(P.manager, { managerEmployeeId: owner }));
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    const own = await get(`/api/v1/plans/${id}`, c.manager);
    expect(own.statusCode).toBe(200);
    expect(own.json().can).toMatchObject({ acknowledge: true, evaluate: false, cancel: false, checkIn: false });
    const cancel = await post(`/api/v1/plans/${id}/cancel`, c.manager, { version: 1, reason: '自己取消' });
    expect(cancel.statusCode).toBe(403);
    const coachEval = await post(`/api/v1/plans/${id}/evaluations`, c.coach, {
      version: 1,
      stage: 'final',
      recommendation: 'x',
    });
    expect(coachEval.statusCode).toBe(403);
    expect((await get(`/api/v1/plans/${id}`, c.hr)).json()).toMatchObject({ status: 'draft', version: 1 });
    // Cleaned up so the lists below hold what they name.
    expect((await post(`/api/v1/plans/${id}/cancel`, c.hr, { version: 1, reason: '测试' })).statusCode).toBe(200);
  });

  it('lists show each caller their own part', async () => {
    const ids = async (cookie: string, url = '/api/v1/plans') =>
      ((await get(url, cookie)).json().items as { employee: { id: string } }[]).map((p) => p.employee.id).sort();
    expect(await ids(c.hr)).toEqual([P.self, P.q, P.r, P.outsider, P.manager].sort());
    expect(await ids(c.manager)).toEqual([P.self, P.q, P.r, P.manager].sort());
    expect(await ids(c.employee)).toEqual([P.self]);
    expect(await ids(c.coach)).toEqual([P.self]);
    expect(await ids(c.hrB)).toEqual([]);
    expect(await ids(c.hrB, `/api/v1/employees/${P.self}/plans`)).toEqual([]);
    expect(await ids(c.employee, `/api/v1/employees/${P.q}/plans`)).toEqual([]);
    expect(await ids(c.manager, `/api/v1/employees/${P.self}/plans`)).toEqual([P.self]);
  });
});
