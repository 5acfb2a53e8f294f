import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, HOST, ORIGIN, type TestContext } from '../../../test/harness';
import { loadConfig } from '../../config';
import { queryRows } from '../../db/client';
import { EMPLOYMENT_EFFECTIVE_JOB, employmentEffectiveJob } from '../../jobs/employment-effective.job';
import { jobDefinitions } from '../../jobs/runner';

// Employment actions end to end through HTTP on a real database: records, job changes and terminations;
// every refusal changes nothing; approval chains (manager → hr → admin) and who may decide; applying at once
// and by the daily job (job history with its dates, exit and sign-ins ended); chain settings; files; documents.

let t: TestContext;
const c = {} as Record<'admin' | 'hr' | 'manager' | 'employee' | 'hrB' | 'hr2', string>;
let orgA: string;
/** self: the demo employee (has a login); q, r, s, u, v: others in the manager's region; outsider: outside it. */
const P = {} as Record<'self' | 'manager' | 'hr' | 'q' | 'r' | 's' | 'u' | 'v' | 'outsider', string>;
let teams: string[] = [];
let positionIds: string[] = [];
let courseId: string;
let bUnit: string;
const TODAY = '2026-11-27';

const run = (q: ReturnType<typeof sql>) => t.deps.db.execute(q);
const one = async <T>(q: ReturnType<typeof sql>) => (await queryRows<T>(t.deps.db, q))[0];
const post = (url: string, cookie: string, body: unknown, lang = 'zh-CN') =>
  t.request({ method: 'POST', url, cookie, body, headers: { 'accept-language': lang } });
const patch = (url: string, cookie: string, body: unknown) => t.request({ method: 'PATCH', url, cookie, body });
const put = (url: string, cookie: string, body: unknown) => t.request({ method: 'PUT', url, cookie, body });
const get = (url: string, cookie: string) => t.request({ url, cookie });
const count = async (table: string) =>
  (await one<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`)).n;
const auditCount = async (action: string) =>
  (await one<{ n: number }>(sql`select count(*)::int as n from audit_events where action = ${action}`)).n;
const notified = async (username: string, kind: string) =>
  (
    await one<{ n: number }>(
      sql`select count(*)::int as n from notifications n join users u on u.id = n.user_id
          where u.username = ${username} and n.kind = ${kind}`,
    )
  ).n;
const fields = (res: { json(): { errors?: { field: string; code: string }[] } }) =>
  Object.fromEntries((res.json().errors ?? []).map((e) => [e.field, e.code]));
const history = (employeeId: string) =>
  queryRows<{ effective_from: string; effective_to: string | null; unit_id: string; position_id: string | null }>(
    t.deps.db,
    sql`select effective_from::text, effective_to::text, unit_id::text, position_id::text from job_history
        where employee_id = ${employeeId} order by effective_from`,
  );
const personOf = (id: string) =>
  one<{ unit_id: string; position_id: string | null; status: string; exit_date: string | null }>(
    sql`select unit_id::text, position_id::text, status, exit_date::text from employees where id = ${id}`,
  );

const create = async (cookie: string, body: Record<string, unknown>) => {
  const res = await post('/api/v1/employment-actions', cookie, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const view = async (id: string, cookie = c.hr) => {
  const res = await get(`/api/v1/employment-actions/${id}`, cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const act = async (id: string, path: string, cookie: string, body: Record<string, unknown>) =>
  post(`/api/v1/employment-actions/${id}/${path}`, cookie, body);
const decide = async (id: string, cookie: string, decision = 'approve', comment?: string) => {
  const { version } = await view(id);
  return act(id, 'decision', cookie, { version, decision, ...(comment ? { comment } : {}) });
};
/** Raw bytes as the body (the harness's request() sends JSON). */
const raw = (url: string, cookie: string, bytes: Buffer, headers: Record<string, string>) =>
  t.app.inject({ method: 'POST', url, payload: bytes, headers: { host: HOST, origin: ORIGIN, cookie, ...headers } });
const upload = (id: string, cookie: string, bytes: Buffer, type: string, name: string, purpose = 'other') =>
  raw(`/api/v1/employment-actions/${id}/files?purpose=${purpose}`, cookie, bytes, {
    'content-type': type,
    'x-file-name': encodeURIComponent(name),
  });
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('协议内容'), Buffer.from('\n%%EOF')]);

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = new Date('2026-11-27T02:00:00Z');
  const { companyA, companyB } = t.template;
  orgA = companyA.orgId;
  for (const r of ['admin', 'hr', 'manager', 'employee'] as const) c[r] = await t.login(companyA.users[r].username);
  c.hrB = await t.login(companyB.users.hr.username);
  P.self = companyA.users.employee.employeeId;
  P.manager = companyA.users.manager.employeeId;
  P.hr = companyA.users.hr.employeeId;
  const list = async (q: string) =>
    (await get(`/api/v1/employees?${q}&status=regular&limit=50`, c.hr)).json().items as { id: string }[];
  const region = (await list(`unitId=${companyA.managedRegionId}`))
    .map((e) => e.id)
    .filter((id) => id !== P.self && id !== P.manager && id !== P.hr);
  [P.q, P.r, P.s, P.u, P.v] = region;
  P.outsider = (await list(`unitId=${companyA.otherRegionId}`))[0].id;
  expect(Object.values(P).every(Boolean)).toBe(true);
  const units = (await get('/api/v1/org-units', c.hr)).json().items as { id: string; parentId: string | null }[];
  teams = units.filter((u) => u.parentId === companyA.managedRegionId).map((u) => u.id);
  expect(teams.length).toBeGreaterThan(1);
  positionIds = ((await get('/api/v1/positions', c.hr)).json().items as { id: string }[]).map((p) => p.id);
  bUnit = ((await get('/api/v1/org-units', c.hrB)).json().items as { id: string }[])[0].id;
  // One assignment each since 2025-01-01, so dates in the tests are predictable.
  const people = Object.values(P);
  for (const id of people) {
    await run(sql`update employees set hire_date = '2025-01-01', exit_date = null where id = ${id}`);
    await run(sql`delete from job_history where employee_id = ${id}`);
    await run(sql`insert into job_history (org_id, employee_id, effective_from, unit_id, position_id, manager_id)
                  select org_id, id, '2025-01-01', unit_id, position_id, manager_id from employees where id = ${id}`);
  }
  courseId = (
    await one<{ id: string }>(
      sql`insert into training_courses (org_id, title, url) values (${orgA}, '顾问式销售进阶',
          'https://learning.example.com/courses/consultative') returning id::text`,
    )
  ).id;
  const hr2 = await post('/api/v1/users', c.admin, { username: 'hr.two', password: 'Hr-two-pass-2026', role: 'hr' });
  expect(hr2.statusCode, hr2.body).toBe(201);
  c.hr2 = await t.login('hr.two', 'Hr-two-pass-2026');
});
afterAll(() => t?.close());

/** A team of the region other than the person's current one. */
const otherTeam = async (employeeId: string) => {
  const { unit_id } = await personOf(employeeId);
  return teams.find((u) => u !== unit_id)!;
};

/** A position other than the person's current one. */
const otherPosition = async (employeeId: string) => {
  const { position_id } = await personOf(employeeId);
  return positionIds.find((p) => p !== position_id)!;
};

describe('records', () => {
  it('coaching and training are effective at once, without approval', async () => {
    const coaching = await create(c.manager, {
      kind: 'coaching',
      employeeId: P.q,
      effectiveDate: '2026-11-20',
      reason: '10 月回款未达标',
      topic: '回款节奏',
      notes: '约定每周跟进两个重点客户',
    });
    expect(coaching).toMatchObject({ status: 'effective', approvals: [], canDecide: false, chain: null });
    expect(coaching.details).toMatchObject({ topic: '回款节奏', followUp: null });
    expect(coaching.appliedAt).not.toBeNull();

    const training = await create(c.hr, {
      kind: 'training',
      employeeId: P.q,
      effectiveDate: '2026-11-21',
      reason: '提升大客户谈判能力',
      courseId,
    });
    expect(training.status).toBe('effective');
    expect(training.details).toMatchObject({ courseId, title: '顾问式销售进阶', completed: false });
    expect(await auditCount('employment_action.created')).toBe(2);
  });

  it('training needs a course of the catalog or a title', async () => {
    const before = await count('employment_actions');
    const none = await post('/api/v1/employment-actions', c.hr, {
      kind: 'training',
      employeeId: P.q,
      effectiveDate: '2026-11-21',
      reason: 'x',
    });
    expect(none.statusCode).toBe(422);
    expect(fields(none)).toEqual({ courseId: 'TRAINING_COURSE_OR_TITLE' });
    const unknown = await post('/api/v1/employment-actions', c.hr, {
      kind: 'training',
      employeeId: P.q,
      effectiveDate: '2026-11-21',
      reason: 'x',
      courseId: '00000000-0000-4000-8000-000000000000',
    });
    expect(fields(unknown)).toEqual({ courseId: 'TRAINING_COURSE_NOT_FOUND' });
    expect(await count('employment_actions')).toBe(before);
  });
});

describe('bad input changes nothing', () => {
  const transfer = (extra: Record<string, unknown> = {}) => ({
    kind: 'transfer',
    employeeId: P.r,
    effectiveDate: '2026-12-01',
    reason: '业务调整',
    to: { positionId: positionIds[1] },
    ...extra,
  });

  it('answers specific codes in the caller’s language', async () => {
    const before = { actions: await count('employment_actions'), audit: await count('audit_events') };
    const early = await post('/api/v1/employment-actions', c.hr, transfer({ effectiveDate: '2024-06-01' }), 'en-US');
    expect(early.statusCode).toBe(422);
    expect(early.json().code).toBe('EMPLOYMENT_ACTION_INVALID');
    expect(fields(early)).toEqual({ effectiveDate: 'EFFECTIVE_BEFORE_HIRE' });
    expect(early.json().errors[0].message).toBe('The effective date is before the hire date');

    await run(sql`update employees set exit_date = '2026-12-31' where id = ${P.r}`);
    const late = await post('/api/v1/employment-actions', c.hr, transfer({ effectiveDate: '2027-01-05' }));
    expect(fields(late)).toEqual({ effectiveDate: 'EFFECTIVE_AFTER_EXIT' });
    await run(sql`update employees set exit_date = null where id = ${P.r}`);

    const refs = await post(
      '/api/v1/employment-actions',
      c.hr,
      transfer({ to: { unitId: bUnit, positionId: '00000000-0000-4000-8000-000000000000', managerId: P.r } }),
    );
    expect(fields(refs)).toEqual({
      'to.unitId': 'REFERENCE_OUTSIDE_ORG',
      'to.positionId': 'REFERENCE_OUTSIDE_ORG',
      'to.managerId': 'MANAGER_SELF',
    });

    const { position_id, unit_id } = await personOf(P.r);
    const same = await post(
      '/api/v1/employment-actions',
      c.hr,
      transfer({ to: { unitId: unit_id, positionId: position_id } }),
    );
    expect(same.statusCode).toBe(422);
    expect(same.json().code).toBe('EMPLOYMENT_NO_JOB_CHANGE');

    const term = (extra: Record<string, unknown>) => ({
      kind: 'termination',
      employeeId: P.r,
      effectiveDate: '2026-12-31',
      reason: '经培训仍不能胜任',
      ...extra,
    });
    expect(fields(await post('/api/v1/employment-actions', c.hr, term({ ground: 'art40_2' })))).toEqual({
      noticeMode: 'NOTICE_MODE_REQUIRED',
    });
    expect(
      fields(
        await post('/api/v1/employment-actions', c.hr, term({ ground: 'art36_mutual', noticeMode: 'pay_in_lieu' })),
      ),
    ).toEqual({ noticeMode: 'NOTICE_MODE_NOT_APPLICABLE' });
    expect(fields(await post('/api/v1/employment-actions', c.hr, term({ ground: 'art39' })))).toEqual({
      misconduct: 'MISCONDUCT_REQUIRED',
    });

    const plan = await one<{ id: string }>(
      sql`insert into improvement_plans (org_id, employee_id, source, manager_employee_id, start_date, end_date, goals,
            course_ids, check_in_dates, status)
          values (${orgA}, ${P.s}, 'manual', ${P.manager}, '2026-10-01', '2026-11-30', '[]', '[]', '[]', 'draft')
          returning id::text`,
    );
    expect(fields(await post('/api/v1/employment-actions', c.hr, transfer({ planId: plan.id })))).toEqual({
      planId: 'LINK_OTHER_PERSON',
    });

    // Who may: managers never terminate; another region, oneself, employees and another organization are refused.
    expect((await post('/api/v1/employment-actions', c.manager, term({ ground: 'art36_mutual' }))).statusCode).toBe(
      403,
    );
    expect((await post('/api/v1/employment-actions', c.manager, transfer({ employeeId: P.outsider }))).statusCode).toBe(
      404,
    );
    expect((await post('/api/v1/employment-actions', c.manager, transfer({ employeeId: P.manager }))).statusCode).toBe(
      404,
    );
    expect((await post('/api/v1/employment-actions', c.employee, transfer())).statusCode).toBe(403);
    expect((await post('/api/v1/employment-actions', c.hrB, transfer())).statusCode).toBe(404);

    await run(sql`update employees set status = 'exited', exit_date = '2026-10-31' where id = ${P.v}`);
    const exited = await post('/api/v1/employment-actions', c.hr, transfer({ employeeId: P.v }));
    expect(exited.statusCode).toBe(409);
    expect(exited.json().code).toBe('EMPLOYMENT_PERSON_EXITED');
    await run(sql`update employees set status = 'regular', exit_date = null where id = ${P.v}`);

    expect(await count('employment_actions')).toBe(before.actions);
    expect(await count('audit_events')).toBe(before.audit);
  });
});

describe('a transfer through manager → hr, effective at once', () => {
  let id: string;
  let newTeam: string;

  it('hr drafts, edits and submits; the manager is asked', async () => {
    newTeam = await otherTeam(P.self);
    const draft = await create(c.hr, {
      kind: 'transfer',
      employeeId: P.self,
      effectiveDate: '2026-11-20',
      reason: '支援新团队',
      to: { unitId: newTeam, positionId: positionIds[1] },
    });
    id = draft.id;
    expect(draft.status).toBe('draft');
    expect(draft.from.unit.id).toBe((await personOf(P.self)).unit_id);
    expect(draft.to).toMatchObject({ unit: { id: newTeam }, position: { id: positionIds[1] } });
    expect(draft.to.unit.name).not.toBe('');
    expect(draft.documents).toEqual([]);
    // Drafts are not the person's to see.
    expect((await get(`/api/v1/employment-actions/${id}`, c.employee)).statusCode).toBe(404);

    const stale = await patch(`/api/v1/employment-actions/${id}`, c.hr, { version: 99, reason: 'x' });
    expect(stale.statusCode).toBe(409);
    const edited = await patch(`/api/v1/employment-actions/${id}`, c.hr, {
      version: draft.version,
      reason: '支援新团队开拓市场',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().reason).toBe('支援新团队开拓市场');
    const wrongField = await patch(`/api/v1/employment-actions/${id}`, c.hr, {
      version: edited.json().version,
      noticeMode: 'pay_in_lieu',
    });
    expect(fields(wrongField)).toEqual({ noticeMode: 'FIELD_NOT_FOR_KIND' });

    const submitted = await act(id, 'submit', c.hr, { version: edited.json().version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({
      status: 'pending_approval',
      approvals: [
        { step: 0, role: 'manager', state: 'pending' },
        { step: 1, role: 'hr', state: 'waiting' },
      ],
      canDecide: false,
    });
    expect(await notified('manager', 'employment.awaiting')).toBe(1);
    expect((await view(id, c.manager)).canDecide).toBe(true);
    const awaiting = (await get('/api/v1/employment-actions?awaitingMe=true', c.manager)).json().items;
    expect(awaiting.map((a: { id: string }) => a.id)).toEqual([id]);
    expect((await get('/api/v1/employment-actions?awaitingMe=true', c.hr)).json().items).toEqual([]);
    // Submitted: no more edits.
    expect(
      (await patch(`/api/v1/employment-actions/${id}`, c.hr, { version: submitted.json().version, reason: 'y' }))
        .statusCode,
    ).toBe(409);
  });

  it('only the step’s role decides, at the current version', async () => {
    const wrong = await decide(id, c.hr);
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('APPROVAL_WRONG_ROLE');
    const stale = await act(id, 'decision', c.manager, { version: 1, decision: 'approve' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('EMPLOYMENT_ACTION_VERSION_CONFLICT');
    expect(
      (await post(`/api/v1/employment-actions/${id}/decision`, c.employee, { version: 1, decision: 'approve' }))
        .statusCode,
    ).toBe(403);

    const first = await decide(id, c.manager, 'approve', '同意');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().approvals).toMatchObject([
      { role: 'manager', state: 'approved', comment: '同意' },
      { role: 'hr', state: 'pending' },
    ]);
    expect(await notified('hr', 'employment.awaiting')).toBe(1);
    const noComment = await decide(id, c.hr, 'reject');
    expect(fields(noComment)).toEqual({ comment: 'REJECT_COMMENT_REQUIRED' });
  });

  it('the last approval applies it at once: job history from the effective date', async () => {
    const res = await decide(id, c.hr);
    expect(res.statusCode, res.body).toBe(200);
    const done = res.json();
    expect(done.status).toBe('effective');
    expect(done.appliedAt).not.toBeNull();
    expect(done.documents).toEqual(['transfer_notice']);
    const rows = await history(P.self);
    expect(rows).toMatchObject([
      { effective_from: '2025-01-01', effective_to: '2026-11-19' },
      { effective_from: '2026-11-20', effective_to: null, unit_id: newTeam, position_id: positionIds[1] },
    ]);
    expect(await personOf(P.self)).toMatchObject({ unit_id: newTeam, position_id: positionIds[1] });
    const jh = await one<{ job_history_id: string }>(
      sql`select job_history_id::text from employment_actions where id = ${id}`,
    );
    expect(jh.job_history_id).toBeTruthy();
    expect(await notified('employee', 'employment.scheduled')).toBe(1);
    expect(await auditCount('employment_action.applied')).toBe(1);
    // Now the person sees their own effective job change.
    const mine = (await get('/api/v1/employment-actions', c.employee)).json().items;
    expect(mine.map((a: { id: string }) => a.id)).toEqual([id]);
    expect(mine[0].files).toEqual([]);
  });

  it('the transfer notice is a DOCX', async () => {
    const res = await get(`/api/v1/employment-actions/${id}/documents/transfer_notice`, c.hr);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const xml = await (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('支援新团队开拓市场');
    expect(await auditCount('employment_action.document_generated')).toBe(1);
    const wrongKind = await get(`/api/v1/employment-actions/${id}/documents/termination_notice`, c.hr);
    expect(wrongKind.statusCode).toBe(409);
    expect(wrongKind.json().code).toBe('EMPLOYMENT_DOCUMENT_NOT_AVAILABLE');
  });
});

describe('a promotion approved ahead of its date, applied by the daily job', () => {
  let id: string;
  it('stays approved until the date, then the job applies it once', async () => {
    const draft = await create(c.manager, {
      kind: 'promotion',
      employeeId: P.q,
      effectiveDate: '2026-12-01',
      reason: '连续两季度达成率第一',
      to: { positionId: positionIds[2] },
    });
    id = draft.id;
    expect((await act(id, 'submit', c.manager, { version: draft.version })).statusCode).toBe(200);
    expect((await decide(id, c.manager)).statusCode).toBe(200);
    const approved = await decide(id, c.hr);
    expect(approved.json().status).toBe('approved');
    expect(approved.json().documents).toEqual(['transfer_notice']);
    expect(await notified('manager', 'employment.approved')).toBe(1);
    expect(await history(P.q)).toHaveLength(1);

    const logger = { info() {}, error() {}, warn() {}, child: () => logger } as never;
    const ctx = { database: t.database, logger, signal: new AbortController().signal };
    const job = employmentEffectiveJob('10 0 * * *', { emailEnabled: false }, () => t.clock.now);
    expect(job.name).toBe(EMPLOYMENT_EFFECTIVE_JOB);
    expect(jobDefinitions(t.deps.config).some((d) => d.name === EMPLOYMENT_EFFECTIVE_JOB)).toBe(true);
    expect(loadConfig({}).employmentEffectiveCron).toBe('10 0 * * *');
    expect(loadConfig({ EMPLOYMENT_EFFECTIVE_CRON: ' 30  1 * * * ' }).employmentEffectiveCron).toBe('30 1 * * *');
    expect(() => loadConfig({ EMPLOYMENT_EFFECTIVE_CRON: 'daily' })).toThrow();
    expect(await job.run({}, ctx)).toMatchObject({ applied: 0 });
    const saved = t.clock.now;
    t.clock.now = new Date('2026-11-30T16:30:00Z'); // 2026-12-01 00:30 in Shanghai
    try {
      expect(await job.run({}, ctx)).toMatchObject({ applied: 1 });
      expect(await job.run({}, ctx)).toMatchObject({ applied: 0 });
    } finally {
      t.clock.now = saved;
    }
    expect(await history(P.q)).toMatchObject([
      { effective_from: '2025-01-01', effective_to: '2026-11-30' },
      { effective_from: '2026-12-01', effective_to: null, position_id: positionIds[2] },
    ]);
    expect((await view(id)).status).toBe('effective');
    expect(await notified('manager', 'employment.effective')).toBe(1);
  });
});

describe('rejecting and cancelling', () => {
  it('a rejection with a comment ends it and tells the creator', async () => {
    const draft = await create(c.hr, {
      kind: 'demotion',
      employeeId: P.r,
      effectiveDate: '2026-12-15',
      reason: '管理岗位考核不合格',
      to: { positionId: await otherPosition(P.r) },
    });
    await act(draft.id, 'submit', c.hr, { version: draft.version });
    const res = await decide(draft.id, c.manager, 'reject', '先安排改进计划');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'rejected',
      approvals: [
        { role: 'manager', state: 'rejected', comment: '先安排改进计划' },
        { role: 'hr', state: 'skipped' },
      ],
    });
    expect(await notified('hr', 'employment.rejected')).toBe(1);
    expect((await decide(draft.id, c.hr)).statusCode).toBe(409);
  });

  it('hr, an admin or the creator cancels before it takes effect, with a reason', async () => {
    const draft = await create(c.manager, {
      kind: 'rotation',
      employeeId: P.s,
      effectiveDate: '2026-12-15',
      reason: '轮岗培养',
      to: { unitId: await otherTeam(P.s) },
    });
    const cancelled = await act(draft.id, 'cancel', c.manager, { version: draft.version, reason: '计划调整' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: '计划调整' });
    const again = await act(draft.id, 'cancel', c.hr, { version: cancelled.json().version, reason: 'x' });
    expect(again.json().code).toBe('EMPLOYMENT_ACTION_STATE_CONFLICT');
    // Someone else's action: not the manager's to cancel.
    const other = await create(c.hr, {
      kind: 'rotation',
      employeeId: P.s,
      effectiveDate: '2026-12-15',
      reason: '轮岗培养',
      to: { unitId: await otherTeam(P.s) },
    });
    expect((await act(other.id, 'cancel', c.manager, { version: other.version, reason: 'x' })).statusCode).toBe(403);
    expect((await act(other.id, 'cancel', c.hr, { version: other.version, reason: '重复创建' })).statusCode).toBe(200);
  });
});

describe('approval chains', () => {
  it('reads defaults; only admins change them; bad chains are refused', async () => {
    const res = await get('/api/v1/approval-chains', c.hr);
    expect(res.statusCode).toBe(200);
    const byKind = Object.fromEntries(
      res.json().items.map((i: { kind: string; steps: string[]; isDefault: boolean }) => [i.kind, i]),
    );
    expect(byKind.coaching).toEqual({ kind: 'coaching', steps: [], isDefault: true });
    expect(byKind.transfer.steps).toEqual(['manager', 'hr']);
    expect(byKind.termination.steps).toEqual(['manager', 'hr', 'admin']);
    expect((await get('/api/v1/approval-chains', c.manager)).statusCode).toBe(403);
    expect((await put('/api/v1/approval-chains/rotation', c.hr, { steps: ['hr'] })).statusCode).toBe(403);
    const record = await put('/api/v1/approval-chains/coaching', c.admin, { steps: ['hr'] });
    expect(record.statusCode).toBe(422);
    expect(fields(record)).toEqual({ steps: 'APPROVAL_CHAIN_RECORD_KIND' });
    const dup = await put('/api/v1/approval-chains/rotation', c.admin, { steps: ['hr', 'hr'] });
    expect(fields(dup)).toEqual({ 'steps.1': 'APPROVAL_CHAIN_DUPLICATE_ROLE' });
    expect(await count('approval_chains')).toBe(0);
  });

  it('hr → admin: the person never decides, nor one user two steps', async () => {
    const saved = await put('/api/v1/approval-chains/rotation', c.admin, { steps: ['hr', 'admin'] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().items.find((i: { kind: string }) => i.kind === 'rotation')).toEqual({
      kind: 'rotation',
      steps: ['hr', 'admin'],
      isDefault: false,
    });
    expect(await auditCount('approval_chain.updated')).toBe(1);
    const draft = await create(c.admin, {
      kind: 'rotation',
      employeeId: P.hr,
      effectiveDate: '2026-11-25',
      reason: '跨部门轮岗',
      to: { positionId: positionIds[1] },
    });
    const asked = {
      hr: await notified('hr', 'employment.awaiting'),
      hr2: await notified('hr.two', 'employment.awaiting'),
    };
    const submitted = await act(draft.id, 'submit', c.admin, { version: draft.version });
    expect(submitted.json().approvals.map((a: { role: string }) => a.role)).toEqual(['hr', 'admin']);
    // The person (hr themselves) is not asked; the other hr user is.
    expect(await notified('hr', 'employment.awaiting')).toBe(asked.hr);
    expect(await notified('hr.two', 'employment.awaiting')).toBe(asked.hr2 + 1);
    const self = await decide(draft.id, c.hr);
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('EMPLOYMENT_ACTION_ABOUT_SELF');
    expect((await decide(draft.id, c.hr2)).statusCode).toBe(200);
    await run(sql`update users set role = 'admin' where username = 'hr.two'`);
    const twice = await decide(draft.id, c.hr2);
    expect(twice.statusCode).toBe(403);
    expect(twice.json().code).toBe('APPROVAL_SAME_DECIDER');
    await run(sql`update users set role = 'hr' where username = 'hr.two'`);
    const last = await decide(draft.id, c.admin);
    expect(last.json().status).toBe('effective');
  });

  it('an empty chain approves at submission', async () => {
    expect((await put('/api/v1/approval-chains/promotion', c.admin, { steps: [] })).statusCode).toBe(200);
    const draft = await create(c.hr, {
      kind: 'promotion',
      employeeId: P.u,
      effectiveDate: '2027-01-01',
      reason: '晋升',
      to: { positionId: positionIds[2] },
    });
    const res = await act(draft.id, 'submit', c.hr, { version: draft.version });
    expect(res.json()).toMatchObject({ status: 'approved', approvals: [] });
    await put('/api/v1/approval-chains/promotion', c.admin, { steps: ['manager', 'hr'] });
  });
});

describe('terminations', () => {
  let incomplete: string;
  let mutual: string;
  let personCookie: string;

  it('an art. 40(2) draft cannot be submitted while its evidence chain is incomplete', async () => {
    const draft = await create(c.hr, {
      kind: 'termination',
      employeeId: P.u,
      effectiveDate: '2027-01-31',
      reason: '经培训仍不能胜任工作',
      ground: 'art40_2',
      noticeMode: 'notice_30_days',
      monthlyWage: '15000',
    });
    incomplete = draft.id;
    expect(draft.chain.ground).toBe('art40_2');
    expect(draft.chain.complete).toBe(false);
    expect(draft.severance).toBeNull();
    const second = await post('/api/v1/employment-actions', c.hr, {
      kind: 'termination',
      employeeId: P.u,
      effectiveDate: '2027-01-31',
      reason: 'x',
      ground: 'art36_mutual',
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('TERMINATION_OPEN_EXISTS');
    const submit = await act(incomplete, 'submit', c.hr, { version: draft.version });
    expect(submit.statusCode).toBe(422);
    expect(submit.json().code).toBe('TERMINATION_CHAIN_INCOMPLETE');
    expect(submit.json().errors.length).toBeGreaterThan(0);
    expect(await view(incomplete)).toMatchObject({ status: 'draft', version: draft.version });
    const notice = await get(`/api/v1/employment-actions/${incomplete}/documents/termination_notice`, c.hr);
    expect(notice.statusCode).toBe(409);
    expect(notice.json().code).toBe('EMPLOYMENT_DOCUMENT_NOT_AVAILABLE');
    // A manager sees it (their region) but cannot edit it; the person never sees it.
    expect((await get(`/api/v1/employment-actions/${incomplete}`, c.manager)).statusCode).toBe(200);
    expect(
      (await patch(`/api/v1/employment-actions/${incomplete}`, c.manager, { version: draft.version, reason: 'x' }))
        .statusCode,
    ).toBe(403);
    // With the organization's own average wage for its city, the severance is computed.
    await run(sql`insert into city_average_wages (org_id, city, year, average_monthly_wage, source)
                  values (${orgA}, 'shanghai', 2026, '12434.00', '测试')`);
    const withCity = await view(incomplete);
    expect(withCity.severance).toMatchObject({ monthsOfPay: expect.any(String), severance: expect.any(String) });
  });

  it('a mutual termination with its agreement goes manager → hr → admin and ends employment', async () => {
    const account = await post('/api/v1/users', c.admin, {
      username: 'leaving.person',
      password: 'Leaving-pass-2026',
      role: 'employee',
      employeeId: P.s,
    });
    expect(account.statusCode, account.body).toBe(201);
    personCookie = await t.login('leaving.person', 'Leaving-pass-2026');
    const draft = await create(c.hr, {
      kind: 'termination',
      employeeId: P.s,
      effectiveDate: TODAY,
      reason: '双方协商一致解除劳动合同',
      ground: 'art36_mutual',
      monthlyWage: '20000',
    });
    mutual = draft.id;
    await run(sql`insert into city_average_wages (org_id, city, year, average_monthly_wage, source)
                  values (${orgA}, 'shanghai', 2025, '12100.00', '测试')`);
    expect(draft.documents).toEqual(['mutual_termination_agreement']);
    const agreement = await get(`/api/v1/employment-actions/${mutual}/documents/mutual_termination_agreement`, c.hr);
    expect(agreement.statusCode, agreement.body).toBe(200);
    expect(agreement.rawPayload.subarray(0, 2).toString()).toBe('PK');

    const up = await upload(mutual, c.hr, PDF, 'application/pdf', '协商解除协议（已签）.pdf', 'signed_agreement');
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json().files).toMatchObject([{ purpose: 'signed_agreement', fileName: '协商解除协议（已签）.pdf' }]);
    // HR's Art. 42 checklist: nothing applies.
    await run(
      sql`update employment_actions set details = details || ${JSON.stringify({
        art42: {
          items: [
            'occupational_disease',
            'work_injury',
            'medical_treatment_period',
            'pregnancy_maternity_nursing',
            'long_service_near_retirement',
            'other_statutory',
          ].map((item) => ({ item, applies: false })),
          confirmedBy: 'hr',
          confirmedAt: '2026-11-26T02:00:00.000Z',
        },
      })}::jsonb where id = ${mutual}`,
    );
    const before = await view(mutual);
    expect(before.chain.complete, JSON.stringify(before.chain.items)).toBe(true);
    expect((await act(mutual, 'submit', c.hr, { version: before.version })).statusCode).toBe(200);
    expect((await decide(mutual, c.manager)).statusCode).toBe(200);
    expect((await decide(mutual, c.hr)).statusCode).toBe(200);
    expect((await get('/api/v1/auth/me', personCookie)).statusCode).toBe(200);
    const approvedNow = await decide(mutual, c.admin);
    expect(approvedNow.statusCode, approvedNow.body).toBe(200);
    // Today is the last day employed: the person still works and signs in; it takes effect tomorrow.
    expect(approvedNow.json().status).toBe('approved');
    expect((await get('/api/v1/auth/me', personCookie)).statusCode).toBe(200);
    expect(await personOf(P.s)).toMatchObject({ status: 'regular' });
    const logger = { info() {}, error() {}, warn() {}, child: () => logger } as never;
    const jobCtx = { database: t.database, logger, signal: new AbortController().signal };
    const job = employmentEffectiveJob('10 0 * * *', { emailEnabled: false }, () => t.clock.now);
    expect(await job.run({}, jobCtx)).toMatchObject({ applied: 0 });
    const saved = t.clock.now;
    t.clock.now = new Date('2026-11-27T16:30:00Z'); // 2026-11-28 00:30 in Shanghai
    try {
      expect(await job.run({}, jobCtx)).toMatchObject({ applied: 1 });
    } finally {
      t.clock.now = saved;
    }
    const last = await get(`/api/v1/employment-actions/${mutual}`, c.hr);
    expect(last.json().status).toBe('effective');
    // The severance as approved is kept with the action (2025 average of the organization's city).
    expect(last.json().details.severance).toMatchObject({ severance: expect.any(String) });
    expect(last.json().severance).toEqual(last.json().details.severance);
    expect(last.json().documents).toEqual(['mutual_termination_agreement', 'termination_certificate']);
    expect(await personOf(P.s)).toMatchObject({ status: 'exited', exit_date: TODAY });
    const rows = await history(P.s);
    expect(rows[rows.length - 1].effective_to).toBe(TODAY);
    const user = await one<{ is_active: boolean }>(sql`select is_active from users where username = 'leaving.person'`);
    expect(user.is_active).toBe(false);
    expect((await get('/api/v1/auth/me', personCookie)).statusCode).toBe(401);
    // No more actions for someone who has left.
    const after = await post('/api/v1/employment-actions', c.hr, {
      kind: 'coaching',
      employeeId: P.s,
      effectiveDate: TODAY,
      reason: 'x',
      topic: 'x',
      notes: 'x',
    });
    expect(after.json().code).toBe('EMPLOYMENT_PERSON_EXITED');
  });

  it('the certificate (Art. 50) states service, not the reason', async () => {
    const res = await get(`/api/v1/employment-actions/${mutual}/documents/termination_certificate`, c.hr);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const xml = await (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).not.toContain('双方协商一致');
    expect(xml).toContain('1年10个月');
  });

  it('files: round trip with the hash; wrong type, mismatched content and size refused', async () => {
    const a = await view(mutual);
    const fileId = a.files[0].id;
    const dl = await get(`/api/v1/employment-actions/${mutual}/files/${fileId}`, c.hr);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toContain('application/pdf');
    expect(Buffer.compare(dl.rawPayload, PDF)).toBe(0);
    const stored = await one<{ sha256: string }>(sql`select sha256 from employment_action_files where id = ${fileId}`);
    expect(stored.sha256).toBe(createHash('sha256').update(PDF).digest('hex'));
    expect(await auditCount('employment_action.file_downloaded')).toBe(1);
    expect(await auditCount('employment_action.file_uploaded')).toBe(1);

    const before = await count('employment_action_files');
    expect((await upload(incomplete, c.hr, Buffer.from('hello'), 'text/plain', 'a.txt')).statusCode).toBe(415);
    const mismatch = await upload(incomplete, c.hr, Buffer.from('not a pdf'), 'application/pdf', 'a.pdf');
    expect(fields(mismatch)).toEqual({ body: 'FILE_CONTENT_MISMATCH' });
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    big.write('%PDF');
    expect((await upload(incomplete, c.hr, big, 'application/pdf', 'big.pdf')).statusCode).toBe(413);
    const noName = await raw(`/api/v1/employment-actions/${incomplete}/files?purpose=other`, c.hr, PDF, {
      'content-type': 'application/pdf',
    });
    expect(fields(noName)).toEqual({ 'X-File-Name': 'FILE_NAME_REQUIRED' });
    expect((await upload(incomplete, c.manager, PDF, 'application/pdf', 'a.pdf')).statusCode).toBe(403);
    expect((await upload(incomplete, c.employee, PDF, 'application/pdf', 'a.pdf')).statusCode).toBe(403);
    expect((await upload(incomplete, c.hrB, PDF, 'application/pdf', 'a.pdf')).statusCode).toBe(404);
    expect(await count('employment_action_files')).toBe(before);
    expect((await get(`/api/v1/employment-actions/${mutual}/files/${fileId}`, c.hrB)).statusCode).toBe(404);
  });
});

describe('severance city and actions about oneself', () => {
  it('a termination names the city of the severance cap; a city without a figure for the year is refused', async () => {
    const body = {
      kind: 'termination',
      employeeId: P.v,
      effectiveDate: TODAY,
      reason: '双方协商一致解除劳动合同',
      ground: 'art36_mutual',
      monthlyWage: '50000',
    };
    const before = await count('employment_actions');
    const unknown = await post('/api/v1/employment-actions', c.hr, { ...body, city: 'lhasa' });
    expect(unknown.statusCode).toBe(422);
    expect(fields(unknown)).toEqual({ city: 'SEVERANCE_CITY_NO_FIGURE' });
    expect(await count('employment_actions')).toBe(before);
    await run(sql`insert into city_average_wages (org_id, city, year, average_monthly_wage, source)
                  values (${orgA}, 'hangzhou', 2025, '10000.00', '测试')`);
    const draft = await create(c.hr, { ...body, city: 'hangzhou' });
    // Capped at 3 × 10,000 = 30,000 a month.
    expect(draft.severance).toMatchObject({ base: '30000.00' });
    expect(draft.details).toMatchObject({ city: 'hangzhou' });
    const cleared = await patch(`/api/v1/employment-actions/${draft.id}`, c.hr, { version: draft.version, city: null });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json().details.city).toBeNull();
    const cancelled = await post(`/api/v1/employment-actions/${draft.id}/cancel`, c.hr, {
      version: cleared.json().version,
      reason: '测试结束',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
  });

  it('a termination is never backdated; a second open job change is refused', async () => {
    const before = await count('employment_actions');
    const past = await post('/api/v1/employment-actions', c.hr, {
      kind: 'termination',
      employeeId: P.v,
      effectiveDate: '2026-11-26',
      reason: '双方协商一致解除劳动合同',
      ground: 'art36_mutual',
    });
    expect(past.statusCode).toBe(422);
    expect(fields(past)).toEqual({ effectiveDate: 'TERMINATION_IN_PAST' });
    const first = await create(c.hr, {
      kind: 'rotation',
      employeeId: P.v,
      effectiveDate: '2026-12-15',
      reason: '轮岗',
      to: { positionId: positionIds[1] },
    });
    const second = await post('/api/v1/employment-actions', c.hr, {
      kind: 'promotion',
      employeeId: P.v,
      effectiveDate: '2027-01-15',
      reason: '晋升',
      to: { positionId: positionIds[2] },
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('JOB_CHANGE_OPEN_EXISTS');
    expect(await count('employment_actions')).toBe(before + 1);
    await post(`/api/v1/employment-actions/${first.id}/cancel`, c.hr, { version: first.version, reason: '测试结束' });
  });

  it('hr and admins never act on an action about themselves, even one a colleague drafted', async () => {
    const draft = await create(c.admin, {
      kind: 'rotation',
      employeeId: P.hr,
      effectiveDate: '2026-12-15',
      reason: '轮岗',
      to: { unitId: await otherTeam(P.hr) },
    });
    for (const [url, body] of [
      [`/api/v1/employment-actions/${draft.id}/submit`, { version: draft.version }],
      [`/api/v1/employment-actions/${draft.id}/cancel`, { version: draft.version, reason: '不想轮岗' }],
    ] as const) {
      const res = await post(url, c.hr, body);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().code).toBe('EMPLOYMENT_ACTION_ABOUT_SELF');
    }
    expect(
      (await patch(`/api/v1/employment-actions/${draft.id}`, c.hr, { version: draft.version, reason: 'x' })).statusCode,
    ).toBe(403);
    expect((await view(draft.id)).status).toBe('draft');
    await post(`/api/v1/employment-actions/${draft.id}/cancel`, c.admin, {
      version: draft.version,
      reason: '测试结束',
    });
  });

  it('nobody starts an action about themselves, hr included', async () => {
    const before = await count('employment_actions');
    const own = await post('/api/v1/employment-actions', c.hr, {
      kind: 'termination',
      employeeId: P.hr,
      effectiveDate: TODAY,
      reason: '测试',
      ground: 'art36_mutual',
    });
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('EMPLOYMENT_ACTION_ABOUT_SELF');
    expect(await count('employment_actions')).toBe(before);
  });
});

describe('scope', () => {
  it('another region, another person and another organization answer 404', async () => {
    const outside = await create(c.hr, {
      kind: 'coaching',
      employeeId: P.outsider,
      effectiveDate: '2026-11-26',
      reason: '跟进',
      topic: '客户拜访',
      notes: '每周一次',
    });
    expect((await get(`/api/v1/employment-actions/${outside.id}`, c.manager)).statusCode).toBe(404);
    expect((await get(`/api/v1/employment-actions/${outside.id}`, c.employee)).statusCode).toBe(404);
    expect((await get(`/api/v1/employment-actions/${outside.id}`, c.hrB)).statusCode).toBe(404);
    expect((await act(outside.id, 'cancel', c.manager, { version: 1, reason: 'x' })).statusCode).toBe(404);
    const managerList = (await get('/api/v1/employment-actions', c.manager)).json().items as { id: string }[];
    expect(managerList.some((a) => a.id === outside.id)).toBe(false);
    expect((await get('/api/v1/employment-actions', c.hrB)).json().items).toEqual([]);
    // The person sees only their own approved/effective non-termination actions.
    const mine = (await get('/api/v1/employment-actions', c.employee)).json().items as {
      employee: { id: string };
      status: string;
    }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((a) => a.employee.id === P.self && ['approved', 'effective'].includes(a.status))).toBe(true);
    expect((await get('/api/v1/approval-chains', c.employee)).statusCode).toBe(403);
  });
});

describe('demo company', () => {
  it('seeds a promotion in effect, a transfer waiting for hr, records and a draft termination from the pool', async () => {
    const orgB = t.template.companyB.orgId;
    const managerB = t.template.companyB.users.manager.employeeId;
    // The demo builds pools before this seed; here one pool entry stands in for them.
    const pool = await one<{ id: string }>(
      sql`insert into low_performer_pools (org_id, period_type, period_start, policy)
          values (${orgB}, 'month', '2026-10-01', '{}'::jsonb) returning id::text`,
    );
    const pooled = await one<{ id: string }>(
      sql`insert into pool_entries (org_id, pool_id, employee_id, unit_id, reasons, trend, occurrence, suggested_step,
            suggestion_reason)
          select ${orgB}, ${pool.id}, e.id, e.unit_id, '[]'::jsonb, '[]'::jsonb, 2, 'transfer_or_exit_review', '{}'::jsonb
          from employees e where e.org_id = ${orgB} and e.status = 'regular' and e.id <> ${managerB}
            and e.id not in (select employee_id from users where employee_id is not null)
          order by e.employee_no desc limit 1
          returning employee_id::text as id`,
    );
    await run(
      sql`insert into training_courses (org_id, title, url) values (${orgB}, '商机管理', 'https://example.com/c')`,
    );
    const { seedDemoEmployment } = await import('./demo-employment');
    const seeded = await t.deps.db.transaction((tx) => seedDemoEmployment(tx, orgB, t.clock.now));
    expect(seeded).toBe(5);
    const items = (await get('/api/v1/employment-actions', c.hrB)).json().items as {
      kind: string;
      status: string;
      approvals: { state: string }[];
      chain: { complete: boolean } | null;
      employee: { id: string };
      details: Record<string, unknown>;
    }[];
    const byKind = Object.fromEntries(items.map((i) => [i.kind, i]));
    expect(byKind.promotion.status).toBe('effective');
    expect(byKind.transfer.status).toBe('pending_approval');
    expect(byKind.transfer.approvals.map((a) => a.state)).toEqual(['approved', 'pending']);
    expect(byKind.coaching.status).toBe('effective');
    expect(byKind.training.details.title).toBe('商机管理');
    expect(byKind.termination).toMatchObject({ status: 'draft', employee: { id: pooled.id } });
    expect(byKind.termination.chain?.complete).toBe(false);
    const rows = await history(byKind.promotion.employee.id);
    expect(rows[rows.length - 1].effective_to).toBeNull();
    expect(rows.length).toBeGreaterThan(1);
    expect(
      await one<{ n: number }>(sql`select count(*)::int as n from approval_chains where org_id = ${orgB}`),
    ).toEqual({
      n: 0,
    });
  });
});
