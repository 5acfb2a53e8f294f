import { sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { seedDemoScorecards } from '../../db/seed/demo-scorecards';
import { openDueReviews } from './probation.service';

let t: TestContext;
const c = {} as Record<'admin' | 'hr' | 'manager' | 'employee' | 'hrB', string>;

/** 10:00 in Shanghai on a day. */
const at = (day: string) => new Date(`${day}T02:00:00Z`);
const TODAY = '2026-11-27';

interface Person {
  id: string;
  employee_no: string;
  name: string;
  hire_date: string;
  probation_end_date: string;
  managed: boolean;
}
/** People in probation of an organization, soonest end first; `managed`: in the region the manager leads. */
const inProbation = async (org: { orgId: string; managedRegionId: string }) =>
  queryRows<Person>(
    t.database.db,
    sql`with recursive sub as (select id from org_units where id = ${org.managedRegionId}
          union select u.id from org_units u join sub on u.parent_id = sub.id)
        select e.id, e.employee_no, e.name, e.hire_date::text as hire_date, e.probation_end_date::text as probation_end_date,
          e.unit_id in (select id from sub) as managed
        from employees e where e.org_id = ${org.orgId} and e.status = 'probation' order by e.probation_end_date, e.id`,
  );
const countReviews = async (orgId: string) =>
  (
    await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from probation_reviews where org_id = ${orgId}`,
    )
  )[0].n;
const auditCount = async (action: string, username?: string) =>
  (
    await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_events where action = ${action}
          ${username ? sql`and actor_username = ${username}` : sql``}`,
    )
  )[0].n;

const post = (url: string, cookie: string, body: unknown, lang?: string) =>
  t.request({ method: 'POST', url, cookie, body, headers: lang ? { 'accept-language': lang } : undefined });
const get = (url: string, cookie: string) => t.request({ url, cookie });
/** The review of a person (through HR's list). */
const reviewOf = async (employeeId: string) => {
  const items = (await get('/api/v1/probation-reviews', c.hr)).json().items as {
    id: string;
    employee: { id: string };
  }[];
  return items.find((r) => r.employee.id === employeeId)!.id;
};
const reasons = [
  { condition: '试用期内每月订单金额不低于 3 万元', evidence: '10 月订单金额 2,000 元，11 月 0 元（CRM 记录）' },
  { condition: '每月拜访客户不少于 6 次', evidence: '10 月拜访 1 次，经主管两次面谈提醒后仍未改善' },
];
const failBody = { hiringConditions: '1. 每月订单金额不低于 3 万元；\n2. 每月拜访客户不少于 6 次。', reasons };

let people: Person[];
const orgA = () => t.template.companyA.orgId;

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = at(TODAY);
  await seedDemoScorecards(t.database.db, orgA());
  c.admin = await t.login('admin');
  c.hr = await t.login('hr');
  c.manager = await t.login('manager');
  c.employee = await t.login('employee');
  c.hrB = await t.login('hr.b');
  people = await inProbation(t.template.companyA);
  // Activity in October for the person whose review scores October (hired before it began).
  const key = await t.integrationKey(c.admin, 'crm');
  const scored = people.find((p) => p.hire_date < '2026-10-01' && p.probation_end_date <= '2026-12-27')!;
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/activities',
    headers: { authorization: `Bearer ${key}` },
    origin: null,
    body: {
      activities: [1, 2, 3].map((i) => ({
        externalId: `P-${i}`,
        type: 'order',
        employeeNo: scored.employee_no,
        occurredAt: `2026-10-1${i}T10:00:00+08:00`,
        amount: '5000.00',
        customer: { externalId: `C-${i}`, name: '上海某贸易有限公司' },
      })),
    },
  });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(() => t.close());
beforeEach(() => {
  t.clock.now = at(TODAY);
});

describe('opening', () => {
  it('HR opens a review by hand, scored with the probation template; once per probation end', async () => {
    const later = people.find((p) => p.probation_end_date > '2026-12-27' && p.managed)!;
    const res = await post('/api/v1/probation-reviews', c.hr, { employeeId: later.id });
    expect(res.statusCode, res.body).toBe(201);
    const review = res.json();
    expect(review).toMatchObject({
      employee: { id: later.id, name: later.name, status: 'probation' },
      probationEndDate: later.probation_end_date,
      status: 'open',
      openedBy: 'manual',
      template: { name: '销售代表 · 试用期', version: 1 },
      canDecide: true,
      canFail: true,
      noticeUrl: null,
      reasons: [],
    });
    expect(review.daysLeft).toBeGreaterThan(30);
    // Hired in November: no full month of probation before opening, so November so far.
    expect(review.scoredPeriodStart).toBe(later.hire_date < '2026-10-01' ? '2026-10-01' : '2026-11-01');
    expect(review.indicators.length).toBeGreaterThan(0);
    expect(review.indicators.find((i: { key: string }) => i.key === 'revenue').name).toBe('订单金额');
    expect(Number(review.total)).toBeGreaterThanOrEqual(0);

    const again = await post('/api/v1/probation-reviews', c.admin, { employeeId: later.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PROBATION_REVIEW_EXISTS');
    expect(await auditCount('probation_review.opened', 'hr')).toBe(1);
  });

  it('refuses people not in probation, other organizations, managers and employees', async () => {
    const regular = t.template.companyA.users.employee.employeeId;
    const notInProbation = await post('/api/v1/probation-reviews', c.hr, { employeeId: regular }, 'en-US');
    expect(notInProbation.statusCode).toBe(422);
    expect(notInProbation.json()).toMatchObject({ code: 'NOT_IN_PROBATION' });
    expect(notInProbation.json().detail).toContain('not in probation');
    const [bPerson] = await inProbation(t.template.companyB);
    const other = await post('/api/v1/probation-reviews', c.hr, { employeeId: bPerson.id });
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('EMPLOYEE_NOT_FOUND');
    const managed = people.find((p) => p.managed)!;
    expect((await post('/api/v1/probation-reviews', c.manager, { employeeId: managed.id })).statusCode).toBe(403);
    expect((await post('/api/v1/probation-reviews', c.employee, { employeeId: managed.id })).statusCode).toBe(403);
    const bad = await post('/api/v1/probation-reviews', c.hr, { employeeId: 'nobody' });
    expect(bad.statusCode).toBe(400);
    expect(await countReviews(t.template.companyB.orgId)).toBe(0);
  });

  it('opens every due review automatically as the system, once, within the configured lead days', async () => {
    const due = people.filter((p) => p.probation_end_date <= '2026-12-27');
    expect(due.length).toBeGreaterThan(3);
    const before = await countReviews(orgA());
    expect(await openDueReviews(t.database.db, orgA(), t.clock.now)).toEqual({ opened: due.length });
    expect(await openDueReviews(t.database.db, orgA(), t.clock.now)).toEqual({ opened: 0 });
    expect(await countReviews(orgA())).toBe(before + due.length);
    expect(await countReviews(t.template.companyB.orgId)).toBe(0);
    expect(await auditCount('probation_review.opened', 'system')).toBe(due.length);

    const list = (await get('/api/v1/probation-reviews?status=open', c.hr)).json().items;
    const auto = list.filter((r: { openedBy: string }) => r.openedBy === 'automatic');
    expect(auto.map((r: { employee: { id: string } }) => r.employee.id).sort()).toEqual(due.map((p) => p.id).sort());
    // Soonest end first; a review whose last day is today can still be not passed.
    expect(list[0]).toMatchObject({ probationEndDate: due[0].probation_end_date });
    expect(list.every((r: { canFail: boolean; daysLeft: number }) => r.canFail === r.daysLeft >= 0)).toBe(true);

    // The person with October activity: October is scored, with the revenue sent.
    const scored = due.find((p) => p.hire_date < '2026-10-01')!;
    const review = list.find((r: { employee: { id: string } }) => r.employee.id === scored.id);
    expect(review.scoredPeriodStart).toBe('2026-10-01');
    expect(review.indicators.find((i: { key: string }) => i.key === 'revenue')).toMatchObject({ actual: '15000' });

    // A longer lead opens the later ones too; the setting is read and written with the others.
    const farthest = people[people.length - 1];
    const lead = Math.ceil((Date.parse(farthest.probation_end_date) - Date.parse(TODAY)) / 86_400_000);
    const put = await t.request({
      method: 'PUT',
      url: '/api/v1/performance-settings',
      cookie: c.hr,
      body: { earlyStageMonths: 6, probationReviewLeadDays: lead },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((await get('/api/v1/performance-settings', c.manager)).json()).toMatchObject({
      earlyStageMonths: 6,
      probationReviewLeadDays: lead,
    });
    const { opened } = await openDueReviews(t.database.db, orgA(), t.clock.now);
    expect(opened).toBeGreaterThanOrEqual(1);
    expect(await countReviews(orgA())).toBe(people.length);
    // Left out, it stays as it is.
    await t.request({
      method: 'PUT',
      url: '/api/v1/performance-settings',
      cookie: c.hr,
      body: { earlyStageMonths: 6 },
    });
    expect((await get('/api/v1/performance-settings', c.hr)).json().probationReviewLeadDays).toBe(lead);
    const tooLong = await t.request({
      method: 'PUT',
      url: '/api/v1/performance-settings',
      cookie: c.hr,
      body: { earlyStageMonths: 6, probationReviewLeadDays: 181 },
    });
    expect(tooLong.statusCode).toBe(400);
  });
});

describe('scope', () => {
  it('managers read the reviews of their people only; employees and other organizations are refused', async () => {
    const all = (await get('/api/v1/probation-reviews', c.hr)).json().items as {
      id: string;
      employee: { id: string };
    }[];
    const managedIds = new Set(people.filter((p) => p.managed).map((p) => p.id));
    const mine = (await get('/api/v1/probation-reviews', c.manager)).json().items as {
      id: string;
      employee: { id: string };
      canDecide: boolean;
    }[];
    expect(mine.length).toBe(all.filter((r) => managedIds.has(r.employee.id)).length);
    expect(mine.every((r) => managedIds.has(r.employee.id) && !r.canDecide)).toBe(true);
    const outside = all.find((r) => !managedIds.has(r.employee.id))!;
    const hidden = await get(`/api/v1/probation-reviews/${outside.id}`, c.manager);
    const missing = await get('/api/v1/probation-reviews/00000000-0000-4000-8000-000000000000', c.manager);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().detail).toBe(missing.json().detail);
    expect((await get(`/api/v1/probation-reviews/${mine[0].id}`, c.manager)).statusCode).toBe(200);

    expect((await get('/api/v1/probation-reviews', c.employee)).statusCode).toBe(403);
    expect((await get(`/api/v1/probation-reviews/${mine[0].id}`, c.employee)).statusCode).toBe(403);
    expect((await get('/api/v1/probation-reviews', c.hrB)).json().items).toEqual([]);
    expect((await get(`/api/v1/probation-reviews/${mine[0].id}`, c.hrB)).statusCode).toBe(404);
    for (const cookie of [c.manager, c.employee]) {
      expect((await post(`/api/v1/probation-reviews/${mine[0].id}/pass`, cookie, {})).statusCode).toBe(403);
      expect((await post(`/api/v1/probation-reviews/${mine[0].id}/fail`, cookie, failBody)).statusCode).toBe(403);
    }
    expect((await post(`/api/v1/probation-reviews/${mine[0].id}/pass`, c.hrB, {})).statusCode).toBe(404);
    expect((await post(`/api/v1/probation-reviews/${mine[0].id}/fail`, c.hrB, failBody)).statusCode).toBe(404);
    expect((await get(`/api/v1/probation-reviews/${mine[0].id}`, c.hr)).json().status).toBe('open');
  });
});

describe('deciding', () => {
  it('passing regularizes the person from the day after the probation end; the early stage applies', async () => {
    const p = people.find((x) => x.probation_end_date > TODAY && x.probation_end_date <= '2026-12-10')!;
    const id = await reviewOf(p.id);
    const beforeHire = await post(`/api/v1/probation-reviews/${id}/pass`, c.hr, { regularizationDate: '2020-01-01' });
    expect(beforeHire.statusCode).toBe(400);
    expect(beforeHire.json().errors).toEqual([
      expect.objectContaining({ field: 'regularizationDate', code: 'BEFORE_HIRE' }),
    ]);
    const late = await post(`/api/v1/probation-reviews/${id}/pass`, c.hr, { regularizationDate: '2027-06-01' });
    expect(late.json().errors[0].code).toBe('AFTER_PROBATION_END');
    expect((await get(`/api/v1/employees/${p.id}`, c.hr)).json().status).toBe('probation');

    const res = await post(`/api/v1/probation-reviews/${id}/pass`, c.hr, { comment: '达成试用期目标' });
    expect(res.statusCode, res.body).toBe(200);
    const dayAfter = new Date(Date.parse(p.probation_end_date) + 86_400_000).toISOString().slice(0, 10);
    expect(res.json()).toMatchObject({
      status: 'passed',
      regularizationDate: dayAfter,
      comment: '达成试用期目标',
      decidedBy: 'hr',
      canDecide: false,
      canFail: false,
      employee: { status: 'regular' },
    });
    const employee = (await get(`/api/v1/employees/${p.id}`, c.hr)).json();
    expect(employee).toMatchObject({ status: 'regular', regularizationDate: dayAfter });
    const applicable = (await get(`/api/v1/scorecard-templates/applicable?employeeId=${p.id}`, c.hr)).json();
    expect(applicable.stage).toBe('early');
    const again = await post(`/api/v1/probation-reviews/${id}/pass`, c.hr, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PROBATION_REVIEW_CLOSED');
    expect(await auditCount('probation_review.passed')).toBe(1);
  });

  it('an early regularization takes the date given', async () => {
    const p = people.find((x) => x.probation_end_date > '2026-12-10' && x.probation_end_date <= '2026-12-27')!;
    const id = await reviewOf(p.id);
    const res = await post(`/api/v1/probation-reviews/${id}/pass`, c.admin, { regularizationDate: '2026-12-01' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await get(`/api/v1/employees/${p.id}`, c.hr)).json().regularizationDate).toBe('2026-12-01');
  });

  it('not passing needs the hiring conditions and at least one reason with evidence', async () => {
    const p = people.find((x) => x.hire_date < '2026-10-01' && x.probation_end_date <= '2026-12-27')!;
    const id = await reviewOf(p.id);
    const empty = await post(`/api/v1/probation-reviews/${id}/fail`, c.hr, { ...failBody, reasons: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors.map((e: { field: string }) => e.field)).toContain('reasons');
    const noEvidence = await post(`/api/v1/probation-reviews/${id}/fail`, c.hr, {
      ...failBody,
      reasons: [{ condition: '每月拜访不少于 6 次', evidence: '  ' }],
    });
    expect(noEvidence.statusCode).toBe(400);
    const noConditions = await post(`/api/v1/probation-reviews/${id}/fail`, c.hr, { reasons });
    expect(noConditions.statusCode).toBe(400);
    expect((await get(`/api/v1/probation-reviews/${id}`, c.hr)).json().status).toBe('open');
  });

  it('not passing before the end records the reasons and produces the notice; the person stays employed', async () => {
    const p = people.find((x) => x.hire_date < '2026-10-01' && x.probation_end_date <= '2026-12-27')!;
    const id = await reviewOf(p.id);
    const notYet = await get(`/api/v1/probation-reviews/${id}/notice.docx`, c.hr);
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json().code).toBe('PROBATION_NOTICE_UNAVAILABLE');

    const res = await post(`/api/v1/probation-reviews/${id}/fail`, c.hr, { ...failBody, comment: '已与本人面谈' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'failed',
      hiringConditions: failBody.hiringConditions,
      reasons,
      decidedBy: 'hr',
      noticeUrl: `/api/v1/probation-reviews/${id}/notice.docx`,
      employee: { status: 'probation' },
    });
    expect((await get(`/api/v1/employees/${p.id}`, c.hr)).json().status).toBe('probation');
    expect((await post(`/api/v1/probation-reviews/${id}/fail`, c.hr, failBody)).json().code).toBe(
      'PROBATION_REVIEW_CLOSED',
    );
    expect((await post(`/api/v1/probation-reviews/${id}/pass`, c.hr, {})).json().code).toBe('PROBATION_REVIEW_CLOSED');

    const file = await get(`/api/v1/probation-reviews/${id}/notice.docx`, c.hr);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('wordprocessingml');
    expect(file.headers['content-disposition']).toContain(encodeURIComponent('试用期不符合录用条件通知书'));
    expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const zip = await JSZip.loadAsync(file.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    const plain = xml.replace(/<[^>]+>/g, '');
    for (const expected of [
      '试用期不符合录用条件通知书',
      p.name,
      p.employee_no,
      '每月订单金额不低于 3 万元',
      reasons[0].evidence,
      reasons[1].condition,
      '第三十九条第（一）项',
      '星辰科技有限公司',
      '2026年11月27日',
      '员工签收',
    ]) {
      expect(plain, expected).toContain(expected);
    }
    // Never an ID number.
    const [enc] = await queryRows<{ id_number_enc: string }>(
      t.database.db,
      sql`select id_number_enc from employees where id = ${p.id}`,
    );
    expect(plain).not.toContain(t.deps.cipher.decrypt(enc.id_number_enc));
    expect(await auditCount('probation_review.failed')).toBe(1);
    expect(await auditCount('probation_review.notice_generated')).toBe(1);

    // The person's manager may read the notice; an employee and another organization may not.
    if (p.managed) expect((await get(`/api/v1/probation-reviews/${id}/notice.docx`, c.manager)).statusCode).toBe(200);
    expect((await get(`/api/v1/probation-reviews/${id}/notice.docx`, c.employee)).statusCode).toBe(403);
    expect((await get(`/api/v1/probation-reviews/${id}/notice.docx`, c.hrB)).statusCode).toBe(404);
  });

  it('not passing after the probation end is refused with the reason, and nothing changes; passing still works', async () => {
    const open = (await get('/api/v1/probation-reviews?status=open', c.hr)).json().items as {
      id: string;
      employee: { id: string };
    }[];
    const { id } = open[0];
    const p = people.find((x) => x.id === open[0].employee.id)!;
    // On the last day of probation it is still possible (checked above); the day after it is not.
    t.clock.now = at(new Date(Date.parse(p.probation_end_date) + 86_400_000).toISOString().slice(0, 10));
    c.hr = await t.login('hr');
    const view = (await get(`/api/v1/probation-reviews/${id}`, c.hr)).json();
    expect(view).toMatchObject({ status: 'open', canDecide: true, canFail: false, daysLeft: -1 });

    const zh = await post(`/api/v1/probation-reviews/${id}/fail`, c.hr, failBody);
    expect(zh.statusCode).toBe(422);
    expect(zh.json().code).toBe('PROBATION_ENDED');
    expect(zh.json().detail).toContain('第二十一条');
    expect(zh.json().detail).toContain('依法已转为正式员工');
    const en = await post(`/api/v1/probation-reviews/${id}/fail`, c.hr, failBody, 'en-US');
    expect(en.json().detail).toContain('Art. 21, 39(1)');
    expect(en.json().detail).toContain('regular employee');
    expect((await get(`/api/v1/probation-reviews/${id}`, c.hr)).json()).toMatchObject({
      status: 'open',
      reasons: [],
      hiringConditions: null,
    });
    expect((await get(`/api/v1/employees/${p.id}`, c.hr)).json().status).toBe('probation');

    const pass = await post(`/api/v1/probation-reviews/${id}/pass`, c.hr, {});
    expect(pass.statusCode, pass.body).toBe(200);
    expect(pass.json().regularizationDate).toBe(t.clock.now.toISOString().slice(0, 10));
  });

  it('on the last day of probation not passing is still possible', async () => {
    const open = (await get('/api/v1/probation-reviews?status=open', c.hr)).json().items as {
      id: string;
      probationEndDate: string;
    }[];
    const last = open.find((r) => r.probationEndDate > TODAY)!;
    t.clock.now = at(last.probationEndDate);
    c.admin = await t.login('admin');
    const res = await post(`/api/v1/probation-reviews/${last.id}/fail`, c.admin, failBody);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'failed', daysLeft: 0 });
  });
});
