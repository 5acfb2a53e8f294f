import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { alertEvaluationIdle, runPeriodClose } from './scheduler';

let t: TestContext;
const c = {} as Record<'admin' | 'hr' | 'manager' | 'employee' | 'hrB', string>;
let key: string;
/** A salesperson in the region the demo manager leads, and one in the other region. */
let person: { id: string; employeeNo: string; name: string };
let other: { id: string; employeeNo: string };

/** 10:00 in Shanghai. */
const at = (day: string) => new Date(`${day}T02:00:00Z`);
/** Moves the clock; sessions do not live that long, so everyone signs in again. */
const moveTo = async (day: string) => {
  t.clock.now = at(day);
  for (const u of ['admin', 'hr', 'manager', 'employee'] as const) c[u] = await t.login(u);
  c.hrB = await t.login(t.template.companyB.users.hr.username);
};

const get = (url: string, cookie: string, lang?: string) =>
  t.request({ url, cookie, headers: lang ? { 'accept-language': lang } : undefined });
const post = (url: string, cookie: string, body: unknown, lang?: string) =>
  t.request({ method: 'POST', url, cookie, body, headers: lang ? { 'accept-language': lang } : undefined });
const send = async (activities: unknown[]) => {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/activities',
    body: { activities },
    headers: { authorization: `Bearer ${key}` },
    origin: null,
  });
  expect(res.statusCode, res.body).toBe(200);
  await alertEvaluationIdle(t.database.db);
  return res.json();
};
const order = (id: string, employeeNo: string, day: string, amount: string) => ({
  externalId: id,
  type: 'order',
  employeeNo,
  occurredAt: `${day}T10:00:00+08:00`,
  amount,
});
const rules = async () =>
  (await get('/api/v1/alert-rules', c.hr)).json().items as {
    id: string;
    name: string;
    kind: string;
    version: number;
    enabled: boolean;
  }[];
const ruleOf = async (kind: string) => (await rules()).find((r) => r.kind === kind)!;
const alertsOf = async (employeeId: string, cookie = c.hr) =>
  (await get(`/api/v1/alerts?employeeId=${employeeId}&limit=100`, cookie)).json().items as {
    id: string;
    status: string;
    rule: { kind: string };
    summary: string;
    evidence: Record<string, unknown>;
    version: number;
  }[];

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = at('2026-11-27');
  for (const u of ['admin', 'hr', 'manager', 'employee'] as const) c[u] = await t.login(u);
  c.hrB = await t.login(t.template.companyB.users.hr.username);
  key = await t.integrationKey(c.admin, 'crm');
  const pick = async (unitId: string) =>
    (await get(`/api/v1/employees?unitId=${unitId}&status=regular&limit=50`, c.hr))
      .json()
      .items.find(
        (e: { id: string; position: { name: string } | null }) =>
          e.position?.name === '销售代表' && e.id !== t.template.companyA.users.employee.employeeId,
      );
  const a = await pick(t.template.companyA.managedRegionId);
  person = { id: a.id, employeeNo: a.employeeNo, name: a.name };
  const b = await pick(t.template.companyA.otherRegionId);
  other = { id: b.id, employeeNo: b.employeeNo };
  // The single-indicator built-ins ship switched off (the combined rule judges slowdowns by default); these tests
  // judge each method, so HR switches them on, as a customer does where one indicator matters.
  for (const r of await rules()) {
    if (r.enabled) continue;
    const {
      id: _id,
      version,
      openAlerts: _o,
      updatedAt: _u,
      ...rule
    } = (await get(`/api/v1/alert-rules/${r.id}`, c.hr)).json();
    const res = await t.request({
      method: 'PUT',
      url: `/api/v1/alert-rules/${r.id}`,
      cookie: c.hr,
      body: { rule: { ...rule, enabled: true }, version },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
});
afterAll(() => t.close());

describe('alert rules', () => {
  it('every organization starts with the built-in rules, each method (activity drop for calls and for visits); HR writes, managers read, employees do not', async () => {
    const kinds = (await rules()).map((r) => r.kind).sort();
    expect(kinds).toEqual(
      [
        'activity_drop',
        'activity_drop',
        'attainment_below',
        'below_cohort',
        'combined_decline',
        'consecutive_decline',
        'no_activity',
        'post_regularization_slack',
      ].sort(),
    );
    // As installed (company B is untouched by this file): the combined rule and no activity on, the rest off.
    const b = await t.login(t.template.companyB.users.hr.username);
    const installed = (await get('/api/v1/alert-rules', b)).json().items as { kind: string; enabled: boolean }[];
    expect(
      installed
        .filter((r) => r.enabled)
        .map((r) => r.kind)
        .sort(),
    ).toEqual(['combined_decline', 'no_activity']);
    expect((await get('/api/v1/alert-rules', c.manager)).statusCode).toBe(200);
    expect((await get('/api/v1/alert-rules', c.employee)).statusCode).toBe(403);
    const mine = await ruleOf('attainment_below');
    expect((await get(`/api/v1/alert-rules/${mine.id}`, c.hrB)).statusCode).toBe(404);
    expect(
      (await post('/api/v1/alert-rules', c.manager, { kind: 'no_activity', name: 'x', periodType: 'day' })).statusCode,
    ).toBe(403);
  });

  it('refuses parameters that cannot work, naming the field and why, in the caller’s language, and stores nothing', async () => {
    const before = (await rules()).length;
    const bad = await post(
      '/api/v1/alert-rules',
      c.hr,
      { kind: 'attainment_below', name: '坏规则', metricKey: 'revenue', periodType: 'month', params: { n: 4, m: 3 } },
      'en-US',
    );
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().errors as { field: string; code: string; message: string }[];
    expect(fields).toContainEqual(
      expect.objectContaining({ field: 'params.n', code: 'WINDOW_SHORTER_THAN_PERSISTENCE' }),
    );
    expect(fields.find((f) => f.field === 'params.n')!.message).toMatch(/N must be ≤ M/);
    const negative = await post('/api/v1/alert-rules', c.hr, {
      kind: 'consecutive_decline',
      name: '负阈值',
      metricKey: 'revenue',
      periodType: 'month',
      params: { minDropPct: -5 },
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().errors[0]).toMatchObject({ field: 'params.minDropPct', code: 'NOT_POSITIVE' });
    expect(negative.json().errors[0].message).toBe('须大于 0');
    const weekly = await post('/api/v1/alert-rules', c.hr, {
      kind: 'activity_drop',
      name: '按月的 CUSUM',
      metricKey: 'calls',
      periodType: 'month',
      minPeriods: 8,
    });
    expect(weekly.json().errors).toContainEqual(
      expect.objectContaining({ field: 'periodType', code: 'PERIOD_TYPE_FOR_KIND' }),
    );
    const unknown = await post('/api/v1/alert-rules', c.hr, {
      kind: 'consecutive_decline',
      name: '不存在的指标',
      metricKey: 'no_such_metric',
      periodType: 'month',
    });
    expect(unknown.json().errors).toContainEqual(
      expect.objectContaining({ field: 'metricKey', code: 'UNKNOWN_METRIC' }),
    );
    // The combined rule: its metrics once each, a minimum own level no longer than the level, known metrics.
    const combined = (params: Record<string, unknown>) =>
      post(
        '/api/v1/alert-rules',
        c.hr,
        { kind: 'combined_decline', name: '综合', metricKey: 'revenue', periodType: 'month', params },
        'en-US',
      );
    const repeated = await combined({ alsoMetrics: ['calls', 'revenue'] });
    expect(repeated.statusCode).toBe(400);
    expect(repeated.json().errors).toContainEqual(
      expect.objectContaining({ field: 'params.alsoMetrics', code: 'DUPLICATE_METRIC' }),
    );
    expect(repeated.json().errors[0].message).toMatch(/repeated/);
    const twice = await combined({ alsoMetrics: ['calls', 'calls'] });
    expect(twice.json().errors).toContainEqual(
      expect.objectContaining({ field: 'params.alsoMetrics', code: 'DUPLICATE_METRIC' }),
    );
    const level = await combined({ levelPeriods: 2, minLevelPeriods: 3 });
    expect(level.json().errors).toContainEqual(
      expect.objectContaining({ field: 'params.minLevelPeriods', code: 'MIN_BASELINE_ABOVE_BASELINE' }),
    );
    const noSuch = await combined({ alsoMetrics: ['calls', 'no_such_metric'] });
    expect(noSuch.statusCode).toBe(400);
    expect(noSuch.json().errors).toContainEqual(
      expect.objectContaining({ field: 'params.alsoMetrics.1', code: 'UNKNOWN_METRIC' }),
    );
    const weeklyCombined = await post('/api/v1/alert-rules', c.hr, {
      kind: 'combined_decline',
      name: '按周的综合',
      metricKey: 'revenue',
      periodType: 'week',
    });
    expect(weeklyCombined.json().errors).toContainEqual(
      expect.objectContaining({ field: 'periodType', code: 'PERIOD_TYPE_FOR_KIND' }),
    );
    expect((await rules()).length).toBe(before);
  });

  it('creates, edits with an optimistic version, and deletes a rule that never fired; all audited', async () => {
    const created = await post('/api/v1/alert-rules', c.hr, {
      kind: 'consecutive_decline',
      name: '拜访量连续下滑',
      metricKey: 'visits',
      periodType: 'month',
    });
    expect(created.statusCode).toBe(201);
    const rule = created.json();
    expect(rule.params).toEqual({ periods: 3, minDropPct: 20, relativeToTeam: true });
    const edit = (version: number) =>
      t.request({
        method: 'PUT',
        url: `/api/v1/alert-rules/${rule.id}`,
        cookie: c.hr,
        body: {
          version,
          rule: { ...rule, params: { periods: 4, minDropPct: 30, relativeToTeam: false }, severity: 'high' },
        },
      });
    const ok = await edit(1);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      version: 2,
      severity: 'high',
      params: { periods: 4, minDropPct: 30, relativeToTeam: false },
    });
    expect((await edit(1)).statusCode).toBe(409);
    const del = await t.request({ method: 'DELETE', url: `/api/v1/alert-rules/${rule.id}`, cookie: c.hr });
    expect(del.statusCode).toBe(204);
    const [audit] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_events where entity_id = ${rule.id} and action like 'alert_rule.%'`,
    );
    expect(audit.n).toBe(3);
  });
});

describe('behaviour feedback', () => {
  it('when visits slacken after regularization, the manager gets what changed, progress against target, a focus and training', async () => {
    const [p] = await queryRows<{
      id: string;
      employee_no: string;
      name: string;
      hire_date: string;
      regularization_date: string;
    }>(
      t.database.db,
      sql`with recursive sub as (select id from org_units where id = ${t.template.companyA.managedRegionId}
            union select u.id from org_units u join sub on u.parent_id = sub.id)
          select id::text as id, employee_no, name, hire_date::text as hire_date, regularization_date::text as regularization_date
          from employees where org_id = ${t.template.companyA.orgId} and status = 'regular'
            and regularization_date between '2026-06-01' and '2026-09-30' and hire_date < regularization_date - 60
            and unit_id in (select id from sub) and id <> ${t.template.companyA.users.employee.employeeId}
          order by regularization_date limit 1`,
    );
    expect(p, 'the demo company has someone regularized this summer').toBeDefined();
    const course = await post('/api/v1/training-courses', c.hr, {
      title: '客户拜访计划',
      url: 'https://learning.example.com/visits',
      metricKeys: ['visits'],
      focus: { 'zh-CN': '每周一排好拜访计划', 'en-US': 'Plan the week’s visits on Monday' },
    });
    expect(course.statusCode, course.body).toBe(201);
    const reg = p.regularization_date.slice(0, 7);
    const visits: unknown[] = [];
    for (let m = 0; m < 14; m++) {
      const month = new Date(Date.UTC(2025, 9 + m, 1)).toISOString().slice(0, 7);
      if (month < p.hire_date.slice(0, 7) || month > '2026-10') continue;
      const n = month < reg ? 20 : 6;
      for (let i = 0; i < n; i++)
        visits.push({
          externalId: `V-${month}-${i}`,
          type: 'visit',
          employeeNo: p.employee_no,
          occurredAt: `${month}-${String(2 + i).padStart(2, '0')}T10:00:00+08:00`,
        });
    }
    await send(visits);
    const [alert] = (await alertsOf(p.id)).filter((a) => a.rule.kind === 'post_regularization_slack');
    expect(alert, JSON.stringify(await alertsOf(p.id))).toBeDefined();
    expect(alert.evidence).toMatchObject({ probationMean: 20, postMean: 6, dropPct: 70 });
    expect(alert.evidence.feedback).toMatchObject({ metricKey: 'visits', dropPct: 70, sinceRegularization: true });
    type Note = { kind: string; title: string; body: string; link: string | null };
    const notes = (await get('/api/v1/notifications?limit=100', c.manager)).json().items as Note[];
    // The feedback of this alert (the visits activity-drop rule may have written its own too).
    const feedback = notes.find((n) => n.kind === 'alert.feedback' && n.link === `/alerts/${alert.id}`);
    expect(feedback?.title).toContain(p.name);
    expect(feedback?.body).toContain('自转正以来下降了 70%');
    expect(feedback?.body).toContain('每周一排好拜访计划');
    expect(feedback?.body).toContain('https://learning.example.com/visits');
    const en = (await get('/api/v1/notifications?limit=100', c.manager, 'en-US')).json().items as Note[];
    expect(en.find((n) => n.kind === 'alert.feedback' && n.link === `/alerts/${alert.id}`)?.body).toMatch(
      /dropped since regularization by 70%/,
    );
  });
});

describe('alerts from accepted activity', () => {
  it('raises an alert within the ingestion round trip when a decline shows, with evidence, and tells HR and the manager', async () => {
    await send([
      order('A-07', person.employeeNo, '2026-07-10', '100000.00'),
      order('A-08', person.employeeNo, '2026-08-10', '80000.00'),
      order('A-09', person.employeeNo, '2026-09-10', '60000.00'),
      order('A-10', person.employeeNo, '2026-10-10', '40000.00'),
      order('B-10', other.employeeNo, '2026-10-10', '5000.00'),
    ]);
    const alerts = await alertsOf(person.id);
    const decline = alerts.find((a) => a.rule.kind === 'consecutive_decline');
    expect(decline, JSON.stringify(alerts)).toBeDefined();
    expect(decline!.status).toBe('open');
    expect(decline!.evidence).toMatchObject({ startValue: 100000, endValue: 40000, dropPct: 60, transitions: 3 });
    expect((decline!.evidence.series as unknown[]).length).toBeGreaterThanOrEqual(4);
    expect(decline!.summary).toContain('连续 3 期下降');
    const en = (await get(`/api/v1/alerts/${decline!.id}`, c.hr, 'en-US')).json();
    expect(en.summary).toMatch(/fell 3 periods in a row, 60% in all/);
    expect(en.events[0]).toMatchObject({ kind: 'raised' });

    const hrNotes = (await get('/api/v1/notifications', c.hr)).json().items as { title: string; link: string }[];
    expect(hrNotes.some((n) => n.title.includes(person.name) && n.link === `/alerts/${decline!.id}`)).toBe(true);
    const managerNotes = (await get('/api/v1/notifications', c.manager)).json().items as { title: string }[];
    expect(managerNotes.some((n) => n.title.includes(person.name))).toBe(true);
  });

  it('is deduplicated: sending the same facts again and evaluating again keeps one live alert', async () => {
    await send([order('A-10', person.employeeNo, '2026-10-10', '40000.00')]);
    await post('/api/v1/alerts/evaluate', c.hr, {});
    const live = (await alertsOf(person.id)).filter((a) => a.rule.kind === 'consecutive_decline');
    expect(live).toHaveLength(1);
  });

  it('shows each role only its scope: the other region’s manager, another organization and colleagues see nothing', async () => {
    const [alert] = (await alertsOf(person.id)).filter((a) => a.rule.kind === 'consecutive_decline');
    expect((await get(`/api/v1/alerts/${alert.id}`, c.manager)).statusCode).toBe(200);
    expect((await get(`/api/v1/alerts/${alert.id}`, c.hrB)).statusCode).toBe(404);
    expect((await get(`/api/v1/alerts/${alert.id}`, c.employee)).statusCode).toBe(404);
    expect((await get('/api/v1/alerts', c.employee)).json().items).toEqual([]);
    // The other region's salesperson's alerts (if any) are not in the manager's list.
    const managerList = (await get('/api/v1/alerts?limit=100', c.manager)).json().items as {
      employee: { id: string };
    }[];
    expect(managerList.some((a) => a.employee.id === other.id)).toBe(false);
    expect(managerList.some((a) => a.employee.id === person.id)).toBe(true);
    const summary = (await get('/api/v1/alerts/summary', c.hrB)).json();
    expect(summary.live).toEqual({ high: 0, medium: 0, low: 0 });
  });

  it('a leave mask over the last month takes the period out of judgement: the run is too short and the alert resolves itself', async () => {
    const bad = await post('/api/v1/alert-masks', c.manager, {
      employeeId: person.id,
      kind: 'leave',
      startDate: '2026-10-31',
      endDate: '2026-10-01',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (
        await post('/api/v1/alert-masks', c.manager, {
          employeeId: other.id,
          kind: 'leave',
          startDate: '2026-10-01',
          endDate: '2026-10-31',
        })
      ).statusCode,
    ).toBe(404);
    const mask = await post('/api/v1/alert-masks', c.manager, {
      employeeId: person.id,
      kind: 'leave',
      startDate: '2026-10-01',
      endDate: '2026-10-20',
      note: '产假前休假',
    });
    expect(mask.statusCode, mask.body).toBe(201);
    await post('/api/v1/alerts/evaluate', c.hr, {});
    const all = (await get(`/api/v1/alerts?employeeId=${person.id}&status=auto_resolved`, c.hr)).json().items as {
      id: string;
      rule: { kind: string };
      resolutionNote: string;
    }[];
    const resolved = all.find((a) => a.rule.kind === 'consecutive_decline');
    expect(resolved?.resolutionNote).toBe('data_corrected');
    const masks = (await get(`/api/v1/alert-masks?employeeId=${person.id}`, c.hr)).json().items;
    expect(masks).toContainEqual(expect.objectContaining({ kind: 'leave', source: 'manual', note: '产假前休假' }));
    // Cooldown: removing the mask brings the signal back, but no new alert within 30 days of the last one.
    await t.request({ method: 'DELETE', url: `/api/v1/alert-masks/${mask.json().id}`, cookie: c.manager });
    await post('/api/v1/alerts/evaluate', c.hr, {});
    const live = (await alertsOf(person.id)).filter(
      (a) => a.rule.kind === 'consecutive_decline' && a.status === 'open',
    );
    expect(live).toHaveLength(0);
  });
});

describe('alert lifecycle', () => {
  it('acknowledge → action linked → resolved by the manager, each step recorded; stale versions and closed alerts refused', async () => {
    // A fresh alert after the cooldown.
    await moveTo('2027-01-05');
    await send([
      order('A-11', person.employeeNo, '2026-11-10', '30000.00'),
      order('A-12', person.employeeNo, '2026-12-10', '20000.00'),
    ]);
    const [alert] = (await alertsOf(person.id)).filter(
      (a) => a.rule.kind === 'consecutive_decline' && a.status === 'open',
    );
    expect(alert).toBeDefined();
    const course = await post('/api/v1/training-courses', c.hr, {
      title: '大单推进',
      url: 'https://learning.example.com/deal',
      metricKeys: ['revenue'],
    });
    expect(course.statusCode).toBe(201);
    expect(
      (await post(`/api/v1/alerts/${alert.id}/acknowledge`, c.employee, { version: alert.version })).statusCode,
    ).toBe(403);
    const ack = await post(`/api/v1/alerts/${alert.id}/acknowledge`, c.manager, { version: alert.version });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().status).toBe('acknowledged');
    expect(
      (await post(`/api/v1/alerts/${alert.id}/acknowledge`, c.manager, { version: alert.version })).statusCode,
    ).toBe(409);
    const action = await post(`/api/v1/alerts/${alert.id}/actions`, c.manager, {
      version: ack.json().version,
      actionKind: 'training',
      note: '安排参加大单推进课程，两周后复盘',
      courseIds: [course.json().id],
    });
    expect(action.statusCode, action.body).toBe(200);
    expect(action.json().status).toBe('action_linked');
    const done = await post(`/api/v1/alerts/${alert.id}/resolve`, c.manager, {
      version: action.json().version,
      note: '已辅导，持续关注',
    });
    expect(done.json()).toMatchObject({ status: 'resolved', resolutionNote: '已辅导，持续关注' });
    expect(done.json().events.map((e: { kind: string }) => e.kind)).toEqual([
      'raised',
      'acknowledged',
      'action_linked',
      'resolved',
    ]);
    expect(done.json().events[2].payload).toMatchObject({ actionKind: 'training', courseIds: [course.json().id] });
    const closed = await post(`/api/v1/alerts/${alert.id}/acknowledge`, c.manager, { version: done.json().version });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().code).toBe('ALERT_CLOSED');
  });

  it('inactivity: fires after the quiet days and resolves itself as soon as an activity arrives', async () => {
    await moveTo('2027-01-31');
    await runPeriodClose(t.deps, t.template.companyA.orgId);
    const quiet = (await alertsOf(person.id)).find((a) => a.rule.kind === 'no_activity' && a.status === 'open');
    expect(quiet?.evidence).toMatchObject({ lastActivityDate: '2026-12-10', daysSince: 52 });
    // The period-close run is once per period: a second run judges nothing again.
    expect((await runPeriodClose(t.deps, t.template.companyA.orgId)).evaluated).toBe(0);
    await send([
      { externalId: 'CALL-1', type: 'call', employeeNo: person.employeeNo, occurredAt: '2027-01-31T09:00:00+08:00' },
    ]);
    const after = (await alertsOf(person.id)).find((a) => a.id === quiet!.id)!;
    expect(after.status).toBe('auto_resolved');
  });
});

describe('rule preview', () => {
  it('back-tests an unsaved rule over the last 12 months without lookahead, naming the people', async () => {
    const res = await post('/api/v1/alert-rules/preview', c.hr, {
      kind: 'consecutive_decline',
      name: '预览',
      metricKey: 'revenue',
      periodType: 'month',
      params: { periods: 2, minDropPct: 10 },
      minPeriods: 3,
    });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.periodsJudged).toBe(12);
    const mine = p.people.find((x: { employee: { id: string } }) => x.employee.id === person.id);
    // Aug (100k→80k: one fall) does not fire; Sep (two falls) is the first period that does.
    expect(mine).toMatchObject({ firstPeriod: '2026-09-01' });
    expect(p.alerts).toBeGreaterThanOrEqual(1);
    expect(
      (await post('/api/v1/alert-rules/preview', c.manager, { kind: 'no_activity', name: 'x', periodType: 'day' }))
        .statusCode,
    ).toBe(403);
  });

  it('the combined rule: back-tested like any rule, and its alerts carry per-metric evidence and a sentence naming the metrics', async () => {
    const preview = await post('/api/v1/alert-rules/preview', c.hr, {
      kind: 'combined_decline',
      name: '综合预览',
      metricKey: 'revenue',
      periodType: 'month',
      params: { alsoMetrics: ['calls', 'visits'] },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().periodsJudged).toBe(12);
    const rule = await ruleOf('combined_decline');
    const list = (await get(`/api/v1/alerts?ruleId=${rule.id}&limit=100`, c.hr, 'en-US')).json().items as {
      summary: string;
      evidence: Record<string, unknown>;
      onsetPeriod: string;
    }[];
    for (const a of list) {
      expect(a.summary).toMatch(/together .* below own earlier level since/);
      expect(a.evidence.indicators).toEqual(['revenue', 'calls', 'visits']);
    }
    // A salesperson regularized long ago whose calls and visits hold for eight months, then fall by 40%.
    const [q] = await queryRows<{ id: string; employee_no: string }>(
      t.database.db,
      sql`select id::text as id, employee_no from employees
          where org_id = ${t.template.companyA.orgId} and status = 'regular' and regularization_date < '2025-06-01'
            and id not in (${person.id}, ${other.id}, ${t.template.companyA.users.employee.employeeId})
          order by employee_no limit 1`,
    );
    await moveTo('2026-11-02');
    const facts: unknown[] = [];
    for (let m = 0; m < 10; m++) {
      const month = `2026-${String(m + 1).padStart(2, '0')}`;
      const late = month >= '2026-09';
      const calls = late ? 24 : m % 2 ? 42 : 38;
      const visits = late ? 8 : m % 2 ? 13 : 14;
      for (const [type, n] of [
        ['call', calls],
        ['visit', visits],
      ] as const)
        for (let i = 0; i < n; i++)
          facts.push({
            externalId: `CD-${q.employee_no}-${month}-${type}-${i}`,
            type,
            employeeNo: q.employee_no,
            occurredAt: `${month}-${String(1 + (i % 27)).padStart(2, '0')}T10:00:00+08:00`,
          });
    }
    await send(facts);
    const raised = (await alertsOf(q.id)).filter((a) => a.rule.kind === 'combined_decline');
    expect(raised, JSON.stringify(await alertsOf(q.id))).toHaveLength(1);
    const detail = (await get(`/api/v1/alerts/${raised[0].id}`, c.hr, 'en-US')).json();
    expect(detail).toMatchObject({ onsetPeriod: '2026-09-01', period: '2026-10-01', severity: 'high' });
    expect(detail.evidence).toMatchObject({ indicators: ['revenue', 'calls', 'visits'], onsetPeriod: '2026-09-01' });
    expect(detail.evidence.dropPct).toBeGreaterThan(35);
    expect(detail.evidence.dropPct).toBeLessThan(45);
    const lastMonth = (detail.evidence.series as { period: string; indicators: { key: string; value: number }[] }[]).at(
      -1,
    )!;
    expect(lastMonth.indicators.map((i) => [i.key, i.value])).toEqual([
      ['calls', 24],
      ['visits', 8],
    ]);
    // Behaviour feedback about the activity that fell most against the person's own level (visits: 8 of ~13.5).
    expect(detail.evidence.feedback).toMatchObject({ metricKey: 'visits' });
    expect(detail.evidence.feedback.dropPct).toBeGreaterThan(35);
    expect(detail.summary).toMatch(
      /^Revenue, Calls, Visits together \d+(\.\d)?% below own earlier level since 2026-09-01/,
    );
    // The sentence and the evidence of a combined alert, as the evaluator writes them.
    const { summarize } = await import('./messages');
    const evidence = {
      indicators: ['revenue', 'calls', 'visits'],
      indicatorNames: {
        revenue: { 'zh-CN': '订单金额', 'en-US': 'Revenue' },
        calls: { 'zh-CN': '电话量', 'en-US': 'Calls' },
        visits: { 'zh-CN': '拜访量', 'en-US': 'Visits' },
      },
      onsetPeriod: '2026-08-01',
      dropPct: 31.25,
      h: 1.5,
      series: [{ period: '2026-10-01', cusum: 2.4 }],
    };
    expect(summarize('combined_decline', '订单金额', evidence, 'zh-CN')).toBe(
      '自 2026-08-01 起订单金额、电话量、拜访量综合较本人此前水平下降 31.3%（CUSUM 2.4，阈值 1.5）',
    );
    expect(summarize('combined_decline', 'Revenue', evidence, 'en-US')).toBe(
      'Revenue, Calls, Visits together 31.3% below own earlier level since 2026-08-01 (CUSUM 2.4 over 1.5)',
    );
  });
});
