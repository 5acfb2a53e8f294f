import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { alertEvaluationIdle } from './scheduler';

/**
 * Behaviour feedback (alerts/feedback.ts, sent by evaluator.ts tellRecipients) addressed to the person
 * concerned: their own message — what changed, progress against this month's target, a suggested focus and
 * training — and never a colleague's, even when two people of the same team slacken in the same round.
 */
let t: TestContext;
let hr: string;
let key: string;
type P = { id: string; employee_no: string; name: string; hire_date: string; regularization_date: string };
/** Two salespeople of the managed region regularized this summer, each with their own sign-in. */
let p: P;
let q: P;
const cookies = {} as Record<'p' | 'q' | 'manager' | 'employee', string>;

const at = (day: string) => new Date(`${day}T02:00:00Z`);
const post = (url: string, cookie: string, body: unknown) => t.request({ method: 'POST', url, cookie, body });
type Note = { kind: string; title: string; body: string; link: string | null };
const notes = async (cookie: string, lang = 'zh-CN') =>
  (await t.request({ url: '/api/v1/notifications?limit=100', cookie, headers: { 'accept-language': lang } })).json()
    .items as Note[];
/** Visits: 20 a month before regularization, `after` a month since, from the hire month to October. */
const visits = (x: P, after: number) => {
  const out: unknown[] = [];
  const reg = x.regularization_date.slice(0, 7);
  for (let m = 0; m < 14; m++) {
    const month = new Date(Date.UTC(2025, 9 + m, 1)).toISOString().slice(0, 7);
    if (month < x.hire_date.slice(0, 7) || month > '2026-10') continue;
    const n = month < reg ? 20 : after;
    for (let i = 0; i < n; i++)
      out.push({
        externalId: `FB-${x.employee_no}-${month}-${i}`,
        type: 'visit',
        employeeNo: x.employee_no,
        occurredAt: `${month}-${String(2 + i).padStart(2, '0')}T10:00:00+08:00`,
      });
  }
  return out;
};

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = at('2026-11-27');
  hr = await t.login('hr');
  const admin = await t.login('admin');
  key = await t.integrationKey(admin, 'crm');
  const { companyA } = t.template;
  [p, q] = await queryRows<P>(
    t.database.db,
    sql`with recursive sub as (select id from org_units where id = ${companyA.managedRegionId}
          union select u.id from org_units u join sub on u.parent_id = sub.id)
        select id::text as id, employee_no, name, hire_date::text as hire_date,
          regularization_date::text as regularization_date
        from employees where org_id = ${companyA.orgId} and status = 'regular'
          and regularization_date between '2026-06-01' and '2026-09-30'
          -- two whole months of probation at least (the month of hire counts when it began on the 1st)
          and date_trunc('month', regularization_date) >= date_trunc('month', hire_date - 1) + interval '3 months'
          and unit_id in (select id from sub) and id <> ${companyA.users.employee.employeeId}
        order by regularization_date, employee_no limit 2`,
  );
  expect(q, 'the demo company has two people regularized this summer').toBeDefined();
  for (const [who, x] of [
    ['p', p],
    ['q', q],
  ] as const) {
    const username = `sales.${x.employee_no.toLowerCase()}`;
    const user = await post('/api/v1/users', admin, {
      username,
      password: 'Sales-pass-2026',
      role: 'employee',
      employeeId: x.id,
    });
    expect(user.statusCode, user.body).toBe(201);
    cookies[who] = await t.login(username, 'Sales-pass-2026');
  }
  cookies.manager = await t.login('manager');
  cookies.employee = await t.login('employee');
  // The post-regularization rule ships switched off; HR switches it on (its employee message is on).
  const rules = (await t.request({ url: '/api/v1/alert-rules', cookie: hr })).json().items as {
    id: string;
    kind: string;
  }[];
  const slack = rules.find((r) => r.kind === 'post_regularization_slack')!;
  const {
    id: _id,
    version,
    openAlerts: _o,
    updatedAt: _u,
    ...rule
  } = (await t.request({ url: `/api/v1/alert-rules/${slack.id}`, cookie: hr })).json();
  expect(rule.recipients.employee.enabled).toBe(true);
  const on = await t.request({
    method: 'PUT',
    url: `/api/v1/alert-rules/${slack.id}`,
    cookie: hr,
    body: { rule: { ...rule, enabled: true }, version },
  });
  expect(on.statusCode, on.body).toBe(200);
  const course = await post('/api/v1/training-courses', hr, {
    title: '客户拜访计划',
    url: 'https://learning.example.com/visits',
    metricKeys: ['visits'],
    focus: { 'zh-CN': '每周一排好拜访计划', 'en-US': 'Plan the week’s visits on Monday' },
  });
  expect(course.statusCode, course.body).toBe(201);
  // p has an agreed revenue target this month and has met 60% of it; q has none.
  const target = await post('/api/v1/targets', hr, {
    employeeId: p.id,
    metric: 'revenue',
    periodType: 'month',
    periodStart: '2026-11-01',
    value: 50_000,
    reason: '补录本月个人目标',
  });
  expect(target.statusCode, target.body).toBe(201);
});
afterAll(() => t.close());

describe('behaviour feedback to the person concerned', () => {
  it('each gets their own: what changed, progress against target, a focus and training — never a colleague’s', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/activities',
      body: {
        activities: [
          ...visits(p, 6),
          ...visits(q, 10),
          {
            externalId: `FB-${p.employee_no}-order`,
            type: 'order',
            employeeNo: p.employee_no,
            occurredAt: '2026-11-05T10:00:00+08:00',
            amount: '30000.00',
          },
        ],
      },
      headers: { authorization: `Bearer ${key}` },
      origin: null,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rejectedCount).toBe(0);
    await alertEvaluationIdle(t.database.db);

    const alertOf = async (x: P) => {
      const items = (await t.request({ url: `/api/v1/alerts?employeeId=${x.id}&limit=100`, cookie: hr })).json()
        .items as {
        id: string;
        rule: { kind: string };
        evidence: { feedback: { dropPct: number; before: number; after: number; attainmentPct: number | null } };
      }[];
      const alert = items.find((a) => a.rule.kind === 'post_regularization_slack');
      expect(alert, `${x.employee_no}: ${JSON.stringify(items)}`).toBeDefined();
      return alert!;
    };
    const fp = (await alertOf(p)).evidence.feedback;
    const fq = (await alertOf(q)).evidence.feedback;
    expect(fp).toMatchObject({ dropPct: 70, before: 20, after: 6, attainmentPct: 60 });
    expect(fq).toMatchObject({ attainmentPct: null });
    expect(fq.dropPct).not.toBe(fp.dropPct);

    // p's own message, addressed to them (no name, no link to the alert they cannot open), with p's figures.
    const mine = (await notes(cookies.p)).filter((n) => n.kind === 'alert.feedback');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      title: '关于你的拜访数',
      body:
        '你的拜访数自转正以来下降了 70%（此前平均 20，近期平均 6）。本月订单金额目标已完成 60%。' +
        '建议重点：每周一排好拜访计划。推荐课程：客户拜访计划 https://learning.example.com/visits',
      link: null,
    });
    const en = (await notes(cookies.p, 'en-US')).filter((n) => n.kind === 'alert.feedback');
    expect(en[0]).toMatchObject({
      title: 'About your visits',
      body:
        'Your visits have dropped since regularization by 70% (from an average of 20 to 6). ' +
        "This month's Revenue target is 60% met. Suggested focus: Plan the week’s visits on Monday. " +
        'Recommended training: 客户拜访计划 https://learning.example.com/visits',
    });

    // q's own message: q's figures, no target this month.
    const theirs = (await notes(cookies.q)).filter((n) => n.kind === 'alert.feedback');
    expect(theirs).toHaveLength(1);
    expect(theirs[0].title).toBe('关于你的拜访数');
    const dropQ = fq.dropPct.toLocaleString('zh-CN', { maximumFractionDigits: 1 });
    expect(theirs[0].body).toContain(`你的拜访数自转正以来下降了 ${dropQ}%`);
    expect(theirs[0].body).toContain('本月暂无已确认的目标。');
    expect(theirs[0].body).toContain('https://learning.example.com/visits');

    // Nothing anyone receives as their own names a colleague or carries a colleague's figures.
    const all = [...(await notes(cookies.p)), ...(await notes(cookies.p, 'en-US'))];
    for (const n of all) expect(`${n.title} ${n.body}`).not.toContain(q.name);
    for (const n of await notes(cookies.q)) {
      expect(`${n.title} ${n.body}`).not.toContain(p.name);
      expect(n.body).not.toContain('70%');
      expect(n.body).not.toContain('目标已完成');
    }
    // A colleague of the same region with a sign-in gets nothing about either.
    for (const n of await notes(cookies.employee)) {
      expect(n.kind).not.toMatch(/^alert\./);
      expect(`${n.title} ${n.body}`).not.toContain(p.name);
      expect(`${n.title} ${n.body}`).not.toContain(q.name);
    }
    // The manager gets each person's feedback about them, by name.
    const managerFeedback = (await notes(cookies.manager)).filter((n) => n.kind === 'alert.feedback');
    expect(managerFeedback.some((n) => n.title === `行为反馈：${p.name}的拜访数下降`)).toBe(true);
    expect(managerFeedback.some((n) => n.title === `行为反馈：${q.name}的拜访数下降`)).toBe(true);
    // One feedback each for the people concerned: none was copied to the other.
    const [{ n }] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from notifications x join users u on u.id = x.user_id
          where x.kind = 'alert.feedback' and u.employee_id in (${p.id}, ${q.id})`,
    );
    expect(n).toBe(2);
  });
});
