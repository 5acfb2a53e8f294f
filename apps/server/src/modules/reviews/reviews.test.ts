import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';

// Review cycles end to end through HTTP on a real database: launch (snapshot, automatic scoring, forms),
// forms by stage, calibration with the guideline, publish, acknowledgement and appeals, results with the
// change since the previous cycle, exports, and who may do what.

let t: TestContext;
let hr: string;
let admin: string;
let manager: string;
let employee: string;
let hrB: string;
/** The `employee` sign-in's person, their unit, and the manager who reviews them (signed in as `boss`). */
let me: { id: string; employeeNo: string; unitId: string };
let boss: string;
let bossEmployeeId: string;

const rubric = [1, 2, 3].map((level) => ({
  level,
  label: `L${level}`,
  description: `等级 ${level}`,
  points: String(level * 40),
}));
const definition = {
  dimensions: [
    {
      key: 'results',
      name: '业绩',
      weight: '70',
      indicators: [
        {
          key: 'revenue',
          kind: 'metric',
          metricKey: 'revenue',
          weight: '100',
          rule: { type: 'linear', target: '1000' },
        },
      ],
    },
    {
      key: 'behaviour',
      name: '行为规范',
      weight: '30',
      indicators: [
        {
          key: 'conduct',
          name: '行为规范',
          kind: 'rating',
          weight: '100',
          rule: {
            type: 'rubric',
            rubric,
            raters: [
              { rater: 'manager', weight: '60' },
              { rater: 'self', weight: '40' },
            ],
          },
        },
      ],
    },
  ],
};

const req = (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  cookie: string,
  body?: unknown,
  locale = 'zh-CN',
) => t.request({ method, url: `/api/v1${url}`, cookie, body, headers: { 'accept-language': locale } });
const count = async (table: string) =>
  (await queryRows<{ n: number }>(t.database.db, sql.raw(`select count(*)::int as n from ${table}`)))[0].n;

async function send(activities: Record<string, unknown>[], key: string) {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/activities',
    body: { activities },
    headers: { authorization: `Bearer ${key}` },
    origin: null,
  });
  expect(res.statusCode, res.body).toBe(200);
}

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = new Date('2026-11-27T04:00:00Z');
  const { companyA, companyB } = t.template;
  admin = await t.login(companyA.users.admin.username);
  hr = await t.login(companyA.users.hr.username);
  manager = await t.login(companyA.users.manager.username);
  employee = await t.login(companyA.users.employee.username);
  hrB = await t.login(companyB.users.hr.username);
  const person = (await req('GET', `/employees/${companyA.users.employee.employeeId}`, hr)).json();
  me = { id: person.id, employeeNo: person.employeeNo, unitId: person.unit.id };

  // Grade scale with a guideline that applies from 2 people on, so calibration warns.
  const scale = await req('POST', '/grade-scales', hr, {
    name: '标准',
    isDefault: true,
    bands: [
      { grade: 'S', minScore: '110', bonusCoefficient: '1.5' },
      { grade: 'A', minScore: '90', bonusCoefficient: '1.2' },
      { grade: 'B', minScore: '60', bonusCoefficient: '1' },
      { grade: 'C', minScore: '0', bonusCoefficient: '0.5' },
    ],
    guideline: { entries: [{ grades: 'S', operator: '<=', percent: '10' }], minHeadcount: 2 },
  });
  expect(scale.statusCode, scale.body).toBe(201);
  const template = await req('POST', '/scorecard-templates', hr, {
    name: '销售通用',
    positionIds: [],
    stages: [],
    definition,
  });
  expect(template.statusCode, template.body).toBe(201);

  // October: the employee sold 1,500 (150% of 1,000, capped at 120); November: 800.
  const key = await t.integrationKey(admin, 'crm');
  await send(
    [
      {
        externalId: 'o-10',
        type: 'order',
        employeeNo: me.employeeNo,
        occurredAt: '2026-10-12T10:00:00+08:00',
        amount: '1500.00',
      },
      {
        externalId: 'o-11',
        type: 'order',
        employeeNo: me.employeeNo,
        occurredAt: '2026-11-03T10:00:00+08:00',
        amount: '800.00',
      },
    ],
    key,
  );

  // The employee's reviewing manager gets a sign-in of their own.
  const [row] = await queryRows<{ manager_id: string | null; leader: string | null }>(
    t.database.db,
    sql`select e.manager_id::text as manager_id, u.leader_employee_id::text as leader
        from employees e join org_units u on u.id = e.unit_id where e.id = ${me.id}`,
  );
  bossEmployeeId = (row.manager_id ?? row.leader)!;
  const created = await req('POST', '/users', admin, {
    username: 'boss',
    password: 'Boss-pass-2026!',
    role: 'manager',
    employeeId: bossEmployeeId,
  });
  expect(created.statusCode, created.body).toBe(201);
  const login = await t.request({
    method: 'POST',
    url: '/api/v1/auth/login',
    body: { username: 'boss', password: 'Boss-pass-2026!' },
  });
  boss = `stride_session=${login.cookies.find((c) => c.name === 'stride_session')!.value}`;
});
afterAll(() => t.close());

/** The audit entries of the given export actions, oldest first. */
const exportsOf = async (actions: string[]) =>
  (
    await queryRows<{ action: string; actor: string; entity_id: string; after: Record<string, unknown> }>(
      t.database.db,
      sql`select action, actor_username as actor, entity_id, after from audit_events
          where action in (${sql.join(
            actions.map((a) => sql`${a}`),
            sql`, `,
          )}) order by seq`,
    )
  ).map(({ entity_id, ...e }) => ({ ...e, entityId: entity_id }));

/** Every sheet of a workbook as rows of values (the first row is the header). */
async function sheetsOf(payload: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(payload as unknown as ArrayBuffer);
  return Object.fromEntries(
    book.worksheets.map((ws) => [ws.name, (ws.getSheetValues().filter(Boolean) as unknown[][]).map((r) => r.slice(1))]),
  ) as Record<string, unknown[][]>;
}

const newCycle = (overrides: Record<string, unknown> = {}, cookie = hr) =>
  req('POST', '/review-cycles', cookie, {
    name: '2026年10月考核',
    kind: 'monthly',
    periodType: 'month',
    periodStart: '2026-10-01',
    population: { unitIds: [me.unitId] },
    deadlines: { self: '2026-11-20', manager: '2026-12-05' },
    ...overrides,
  });

describe('review cycle', () => {
  let cycleId: string;
  let version: number;
  let participantId: string;
  let selfFormId: string;
  let managerFormId: string;
  /** The employee's participant in the next (unpublished) cycle, whose result explains the change. */
  let nextParticipantId: string;
  const advance = async (cookie = hr) => {
    const res = await req('POST', `/review-cycles/${cycleId}/advance`, cookie, { expectedVersion: version });
    if (res.statusCode === 200) version = res.json().version;
    return res;
  };

  it('refuses a bad cycle with the field at fault and stores nothing', async () => {
    const before = await count('review_cycles');
    const misaligned = await newCycle({ periodStart: '2026-10-05' }, hr);
    expect(misaligned.statusCode).toBe(400);
    expect(misaligned.json().errors[0]).toMatchObject({ field: 'periodStart', code: 'PERIOD_START_NOT_ALIGNED' });
    expect(misaligned.json().errors[0].message).toContain('月初');
    const unknownUnit = await newCycle({ population: { unitIds: ['00000000-0000-4000-8000-000000000000'] } }, hr);
    expect(unknownUnit.json().errors[0].field).toBe('population.unitIds[0]');
    expect((await newCycle({}, manager)).statusCode).toBe(403);
    expect((await newCycle({}, employee)).statusCode).toBe(403);
    expect(await count('review_cycles')).toBe(before);
  });

  it('refuses to launch a cycle with nobody in it, and it stays a draft', async () => {
    const nobody = await req('POST', '/positions', hr, { name: '空岗位', jobFamily: '销售', level: 'S9' });
    const created = await newCycle({ name: '空', population: { positionIds: [nobody.json().id] } });
    expect(created.statusCode, created.body).toBe(201);
    const res = await req('POST', `/review-cycles/${created.json().id}/launch`, hr, { expectedVersion: 1 }, 'en-US');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'REVIEW_CYCLE_EMPTY' });
    expect(res.json().detail).toMatch(/nobody to review/);
    expect((await req('GET', `/review-cycles/${created.json().id}`, hr)).json().stage).toBe('draft');
    expect((await req('DELETE', `/review-cycles/${created.json().id}`, hr)).statusCode).toBe(204);
  });

  it('launches: snapshots the population, scores metric indicators, opens self and manager forms', async () => {
    const created = await newCycle();
    expect(created.statusCode, created.body).toBe(201);
    cycleId = created.json().id;
    expect(created.json()).toMatchObject({ stage: 'draft', nextStage: 'self_review', periodEnd: '2026-10-31' });
    const stale = await req('POST', `/review-cycles/${cycleId}/launch`, hr, { expectedVersion: 9 });
    expect(stale.json().code).toBe('REVIEW_CYCLE_VERSION_CONFLICT');
    const res = await req('POST', `/review-cycles/${cycleId}/launch`, hr, { expectedVersion: 1 });
    expect(res.statusCode, res.body).toBe(200);
    version = res.json().version;
    expect(res.json()).toMatchObject({ stage: 'self_review', gradeScale: { name: '标准' } });
    expect(res.json().participants).toBeGreaterThan(2);

    const list = (await req('GET', `/review-cycles/${cycleId}/participants`, hr)).json().items as {
      id: string;
      employee: { id: string };
      total: string;
      grade: string;
    }[];
    const mine = list.find((p) => p.employee.id === me.id)!;
    participantId = mine.id;
    // Revenue 1,500 of 1,000 → 150, capped at 120, × 70% = 84; conduct not rated yet → 0.
    expect(mine).toMatchObject({ total: '84.00', grade: 'B' });
    expect(list[0].total >= list[list.length - 1].total).toBe(true);

    const inbox = (await req('GET', '/my-reviews', employee)).json();
    const self = inbox.items.find((i: { cycle: { id: string } }) => i.cycle.id === cycleId);
    expect(self).toMatchObject({
      raterKind: 'self',
      status: 'pending',
      dueDate: '2026-11-20',
      open: true,
      overdue: true,
    });
    selfFormId = self.formId;
    const bossInbox = (await req('GET', '/my-reviews', boss)).json();
    const forMe = bossInbox.items.find(
      (i: { reviewee: { id: string }; cycle: { id: string } }) => i.reviewee.id === me.id && i.cycle.id === cycleId,
    );
    expect(forMe).toMatchObject({ raterKind: 'manager', open: false });
    managerFormId = forMe.formId;
  });

  it('an employee fills only their own form, only with levels of the rubric, only while its stage is open', async () => {
    const form = (await req('GET', `/review-forms/${selfFormId}`, employee)).json();
    expect(form).toMatchObject({ editable: true, raterKind: 'self', reviewee: { id: me.id } });
    expect(form.indicators).toEqual([
      expect.objectContaining({
        key: 'conduct',
        levels: expect.arrayContaining([expect.objectContaining({ level: 3 })]),
      }),
    ]);
    const bad = await req('PUT', `/review-forms/${selfFormId}`, employee, {
      ratings: { conduct: 7, revenue: 1 },
      submit: true,
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`)
        .sort(),
    ).toEqual(['ratings.conduct RATING_NOT_IN_RUBRIC', 'ratings.revenue REVIEW_INDICATOR_UNKNOWN']);
    const incomplete = await req('PUT', `/review-forms/${selfFormId}`, employee, { ratings: {}, submit: true });
    expect(incomplete.json().errors[0]).toMatchObject({ field: 'ratings.conduct', code: 'RATING_MISSING' });
    // The manager reads it but cannot fill someone else's form; the manager's own form is not open yet.
    expect((await req('GET', `/review-forms/${selfFormId}`, boss)).statusCode).toBe(200);
    expect((await req('PUT', `/review-forms/${selfFormId}`, boss, { ratings: { conduct: 3 } })).statusCode).toBe(404);
    const early = await req('PUT', `/review-forms/${managerFormId}`, boss, { ratings: { conduct: 2 }, submit: true });
    expect(early.json().code).toBe('REVIEW_STAGE_CLOSED');
    // The reviewee never sees the manager's form; another organization sees nothing.
    expect((await req('GET', `/review-forms/${managerFormId}`, employee)).statusCode).toBe(404);
    expect((await req('GET', `/review-forms/${selfFormId}`, hrB)).statusCode).toBe(404);

    const ok = await req('PUT', `/review-forms/${selfFormId}`, employee, {
      ratings: { conduct: 3 },
      comment: '客户回访做得很扎实',
      submit: true,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'submitted', ratings: { conduct: 3 } });
    // Self only (manager not yet rated): 120 points × 30% = 36 → 84 + 36.
    const after = (await req('GET', `/review-cycles/${cycleId}/participants`, hr)).json().items;
    expect(after.find((p: { id: string }) => p.id === participantId)).toMatchObject({ total: '120.00', grade: 'S' });
    // The employee cannot see results before publishing.
    expect((await req('GET', `/review-participants/${participantId}`, employee)).statusCode).toBe(404);
  });

  it('moves on by stage; a closed stage takes no more forms', async () => {
    expect((await advance(manager)).statusCode).toBe(403);
    expect((await advance()).json().stage).toBe('manager_review');
    const late = await req('PUT', `/review-forms/${selfFormId}`, employee, { ratings: { conduct: 1 }, submit: true });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('REVIEW_STAGE_CLOSED');
    const res = await req('PUT', `/review-forms/${managerFormId}`, boss, { ratings: { conduct: 1 }, submit: true });
    expect(res.statusCode, res.body).toBe(200);
    // Manager 40 points × 60% + self 120 × 40% = 72 → × 30% = 21.6 → 105.60.
    const row = (await req('GET', `/review-cycles/${cycleId}/participants`, hr))
      .json()
      .items.find((p: { id: string }) => p.id === participantId);
    expect(row).toMatchObject({ total: '105.60', grade: 'A', forms: { submitted: 2 } });
    expect((await advance()).json().stage).toBe('calibration');
  });

  it('calibration: distribution against the guideline, a grade changed with a reason, kept and exported', async () => {
    const board = await req('GET', `/review-cycles/${cycleId}/calibration`, hr);
    expect(board.statusCode, board.body).toBe(200);
    const b = board.json();
    expect(b.grades).toEqual(['S', 'A', 'B', 'C']);
    expect(b.canAdjust).toBe(true);
    expect(b.guideline).toMatchObject({ applies: true, minHeadcount: 2 });
    expect(b.distribution.reduce((n: number, d: { count: number }) => n + d.count, 0)).toBe(b.headcount);
    const row = b.people.find((p: { id: string }) => p.id === participantId);

    const noReason = await req('POST', `/review-participants/${participantId}/grade`, hr, {
      grade: 'S',
      reason: '',
      expectedVersion: row.version,
    });
    expect(noReason.statusCode).toBe(400);
    const unknown = await req('POST', `/review-participants/${participantId}/grade`, hr, {
      grade: 'X',
      reason: '测试',
      expectedVersion: row.version,
    });
    expect(unknown.json().errors[0]).toMatchObject({ field: 'grade', code: 'GRADE_NOT_IN_SCALE' });
    expect(
      (
        await req('POST', `/review-participants/${participantId}/grade`, employee, {
          grade: 'S',
          reason: 'x',
          expectedVersion: 1,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await req('POST', `/review-participants/${participantId}/grade`, hrB, {
          grade: 'S',
          reason: 'x',
          expectedVersion: 1,
        })
      ).statusCode,
    ).toBe(404);
    const same = await req('POST', `/review-participants/${participantId}/grade`, hr, {
      grade: row.grade,
      reason: '不变',
      expectedVersion: row.version,
    });
    expect(same.json().errors[0]).toMatchObject({ field: 'grade', code: 'GRADE_UNCHANGED' });
    const ok = await req('POST', `/review-participants/${participantId}/grade`, hr, {
      grade: 'S',
      reason: '大客户开拓贡献突出',
      expectedVersion: row.version,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ grade: 'S', computedGrade: 'A', adjusted: true, bonusCoefficient: '1.500' });
    const stale = await req('POST', `/review-participants/${participantId}/grade`, hr, {
      grade: 'B',
      reason: '再调',
      expectedVersion: row.version,
    });
    expect(stale.json().code).toBe('REVIEW_PARTICIPANT_VERSION_CONFLICT');

    const changes = (await req('GET', `/review-cycles/${cycleId}/rating-changes`, hr)).json().items;
    expect(changes).toEqual([
      expect.objectContaining({
        source: 'calibration',
        fromGrade: 'A',
        toGrade: 'S',
        reason: '大客户开拓贡献突出',
        actor: 'hr',
      }),
    ]);
    const xlsx = await req('GET', `/review-cycles/${cycleId}/rating-changes.xlsx`, hr);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const results = await req('GET', `/review-cycles/${cycleId}/results.xlsx?unitId=${me.unitId}`, hr);
    expect(results.statusCode).toBe(200);
    expect(results.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const otherTeam = `/review-cycles/${cycleId}/results.xlsx?unitId=${t.template.companyA.otherRegionId}`;
    expect((await req('GET', otherTeam, manager)).statusCode).toBe(404);
    // Each download is in the audit trail: who, what, which cycle, how many rows; the refused one is not.
    const people = (await req('GET', `/review-cycles/${cycleId}/participants`, hr)).json().items.length;
    expect(await exportsOf(['review_cycle.rating_changes_exported', 'review_cycle.results_exported'])).toEqual([
      { action: 'review_cycle.rating_changes_exported', actor: 'hr', entityId: cycleId, after: { rows: 1 } },
      {
        action: 'review_cycle.results_exported',
        actor: 'hr',
        entityId: cycleId,
        after: { rows: people, unitId: me.unitId },
      },
    ]);
  });

  it('publishes; the employee sees their result, appeals, and HR decides', async () => {
    t.clock.now = new Date('2026-11-27T05:00:00Z');
    expect((await advance()).json().stage).toBe('approval');
    expect((await advance()).json().stage).toBe('published');

    const result = await req('GET', `/review-participants/${participantId}`, employee);
    expect(result.statusCode, result.body).toBe(200);
    const r = result.json();
    expect(r).toMatchObject({
      total: '105.60',
      grade: 'S',
      computedGrade: 'A',
      can: { acknowledge: true, appeal: true },
    });
    expect(r.indicators.find((i: { key: string }) => i.key === 'revenue')).toMatchObject({
      actual: '1500',
      target: '1000',
      score: '120.00',
    });
    expect(r.dimensions.map((d: { key: string }) => d.key)).toEqual(['results', 'behaviour']);
    expect(r.dimensions[0].teamAverage).not.toBeNull();
    expect(r.rank.team.rank).toBe(1);
    expect(r.ratingChanges).toHaveLength(1);

    const appeal = await req('POST', `/review-participants/${participantId}/appeal`, employee, {
      reason: '11月的回款未计入',
    });
    expect(appeal.statusCode, appeal.body).toBe(200);
    expect(appeal.json().appeal).toMatchObject({ status: 'open', reason: '11月的回款未计入' });
    expect(
      (await req('POST', `/review-participants/${participantId}/appeal`, employee, { reason: '再次' })).json().code,
    ).toBe('REVIEW_APPEAL_EXISTS');
    expect((await req('POST', `/review-participants/${participantId}/acknowledge`, employee)).statusCode).toBe(409);
    expect((await req('POST', `/review-participants/${participantId}/appeal`, hr, { reason: 'x' })).json().code).toBe(
      'REVIEW_NOT_YOURS',
    );
    const closing = await advance();
    expect(closing.json().code).toBe('REVIEW_APPEALS_OPEN');

    const appeals = (await req('GET', `/review-cycles/${cycleId}/appeals`, hr)).json().items;
    expect(appeals).toHaveLength(1);
    expect(
      (await req('POST', `/review-appeals/${appeals[0].id}/decide`, manager, { outcome: 'rejected', decision: 'x' }))
        .statusCode,
    ).toBe(403);
    const noGrade = await req('POST', `/review-appeals/${appeals[0].id}/decide`, hr, {
      outcome: 'upheld',
      decision: '核实',
    });
    expect(noGrade.json().errors[0]).toMatchObject({ field: 'newGrade' });
    const decided = await req('POST', `/review-appeals/${appeals[0].id}/decide`, hr, {
      outcome: 'upheld',
      decision: '核实后回款属实，维持 S 并补记',
      newGrade: 'S',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'upheld', newGrade: 'S' });
    const seen = (await req('GET', `/review-participants/${participantId}`, employee)).json();
    expect(seen.appeal).toMatchObject({ status: 'upheld', decision: '核实后回款属实，维持 S 并补记' });
    expect(seen.ratingChanges.map((c: { source: string }) => c.source)).toEqual(['calibration', 'appeal']);

    expect((await advance()).json().stage).toBe('closed');
    expect((await advance()).json().code).toBe('REVIEW_CYCLE_CLOSED');
  });

  it('the next cycle explains the change since this one, indicator by indicator', async () => {
    const created = await newCycle({ name: '2026年11月考核', periodStart: '2026-11-01' });
    const next = created.json().id;
    const launched = await req('POST', `/review-cycles/${next}/launch`, hr, { expectedVersion: 1 });
    expect(launched.statusCode, launched.body).toBe(200);
    const list = (await req('GET', `/review-cycles/${next}/participants`, hr)).json().items;
    const mine = list.find((p: { employee: { id: string } }) => p.employee.id === me.id);
    nextParticipantId = mine.id;
    const res = (await req('GET', `/review-participants/${mine.id}`, hr)).json();
    // November: 800 of 1,000 → 80 × 70% = 56; nothing rated.
    expect(res.total).toBe('56.00');
    expect(res.change).toMatchObject({
      previousCycle: { id: cycleId },
      previousTotal: '105.60',
      totalChange: '-49.60',
    });
    const byKey = Object.fromEntries(
      res.change.indicators.map((i: { key: string; contribution: string }) => [i.key, i.contribution]),
    );
    expect(byKey).toEqual({ revenue: '-28.00', conduct: '-21.60' });

    const team = (await req('GET', `/review-cycles/${next}/team?unitId=${me.unitId}`, hr)).json();
    expect(team.trend.map((x: { cycleId: string }) => x.cycleId)).toEqual([cycleId, next]);
    expect(team.headcount).toBe(list.length);
  });

  it('exports one person’s result as XLSX to exactly those who may read it, audited', async () => {
    let downloads = 0;
    const xlsx = async (id: string, cookie: string, locale = 'zh-CN') => {
      const res = await req('GET', `/review-participants/${id}/result.xlsx`, cookie, undefined, locale);
      if (res.statusCode === 200) downloads++;
      return res;
    };
    const before = (await exportsOf(['review_participant.result_exported'])).length;

    // The person downloads their own published result: summary, dimensions, indicators, as on the page.
    const r = (await req('GET', `/review-participants/${participantId}`, employee)).json();
    const own = await xlsx(participantId, employee);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.headers['content-type']).toContain('spreadsheetml');
    expect(own.headers['content-disposition']).toContain('attachment');
    const book = await sheetsOf(own.rawPayload);
    expect(Object.keys(book)).toEqual(['概览', '维度', '指标明细']);
    const summary = Object.fromEntries(book.概览.slice(1).map(([k, v]) => [k, v]));
    expect(summary).toMatchObject({
      工号: me.employeeNo,
      总分: 105.6,
      计算等级: 'A',
      绩效等级: 'S',
      团队排名: `${r.rank.team.rank} / ${r.rank.team.of}`,
      '团队百分位（%）': Number(r.rank.team.percentile),
      同岗位排名: `${r.rank.cohort.rank} / ${r.rank.cohort.of}`,
    });
    expect(book.维度.map((row) => row[0])).toEqual(['维度', '业绩', '行为规范']);
    expect(book.指标明细[0].slice(0, 9)).toEqual([
      '指标',
      '维度',
      '实际值',
      '目标值',
      '目标来源',
      '达成率（%）',
      '得分',
      '权重',
      '贡献分',
    ]);
    const shown = r.indicators.find((i: { key: string }) => i.key === 'revenue');
    const revenue = book.指标明细.find((row) => row[0] === (shown.name ?? 'revenue'))!;
    expect(revenue[1]).toBe('业绩');
    expect(revenue.slice(2, 4)).toEqual([1500, 1000]);
    // Score, weight (within the card, as the page shows it) and contribution to the total.
    expect(revenue.slice(6, 9)).toEqual([120, Number(shown.weight), 84]);

    // Not before publishing, not someone else's, not another organization's: answered like a missing
    // participant, the very answer the result page gets.
    const others = ((await req('GET', `/review-cycles/${cycleId}/participants`, hr)).json().items as { id: string }[])
      .map((p) => p.id)
      .filter((id) => id !== participantId);
    expect((await xlsx(nextParticipantId, employee)).statusCode).toBe(404);
    expect((await xlsx(others[0], employee)).statusCode).toBe(404);
    const otherOrg = await xlsx(participantId, hrB);
    expect(otherOrg.statusCode).toBe(404);
    expect(otherOrg.json().code).toBe('REVIEW_PARTICIPANT_NOT_FOUND');
    const who = { employee, manager, boss, hr, hrB };
    for (const id of [participantId, nextParticipantId, ...others.slice(0, 2)])
      for (const [name, cookie] of Object.entries(who)) {
        const read = await req('GET', `/review-participants/${id}`, cookie);
        expect((await xlsx(id, cookie)).statusCode, `${name} ${id}`).toBe(read.statusCode);
      }

    // The change since the previous cycle, split by indicator, in English for an English caller.
    const next = await sheetsOf((await xlsx(nextParticipantId, hr, 'en-US')).rawPayload);
    expect(Object.keys(next)).toEqual(['Summary', 'Dimensions', 'Indicators', 'Since previous cycle']);
    const change = next['Since previous cycle'];
    expect(change[0]).toEqual(['Indicator', 'Note', 'Score effect', 'Weight effect', 'Contribution']);
    expect(change.map((row) => row[4]).slice(1)).toEqual(expect.arrayContaining([-28, -21.6]));
    expect([change.at(-1)?.[0], change.at(-1)?.[4]]).toEqual(['Total', -49.6]);

    // A formula typed into a name does not run when the file is opened.
    const name = (await req('GET', `/employees/${me.id}`, hr)).json().name;
    const formula = '=HYPERLINK("http://x.test","open")';
    await t.database.db.execute(sql`update employees set name = ${formula} where id = ${me.id}`);
    const planted = await sheetsOf((await xlsx(participantId, hr)).rawPayload);
    await t.database.db.execute(sql`update employees set name = ${name} where id = ${me.id}`);
    expect(planted.概览.find((row) => row[0] === '姓名')?.[1]).toBe(`'${formula}`);

    // Each download is in the audit trail with the person it is about; a refused one leaves nothing.
    const events = (await exportsOf(['review_participant.result_exported'])).slice(before);
    expect(events).toHaveLength(downloads);
    expect(events[0]).toEqual({
      action: 'review_participant.result_exported',
      actor: t.template.companyA.users.employee.username,
      entityId: participantId,
      after: { rows: 2, employeeId: me.id, cycleId },
    });
  });

  it('keeps organizations, teams and people apart', async () => {
    expect((await req('GET', `/review-cycles/${cycleId}`, hrB)).statusCode).toBe(404);
    expect((await req('GET', `/review-cycles/${cycleId}/participants`, hrB)).statusCode).toBe(404);
    expect((await req('GET', '/review-cycles', hrB)).json().items).toEqual([]);
    expect((await req('GET', `/review-participants/${participantId}`, hrB)).statusCode).toBe(404);
    expect((await req('GET', `/review-cycles/${cycleId}/participants`, employee)).statusCode).toBe(403);
    // In a cycle of the whole organization a manager sees the people of the region they lead, and nobody of
    // another region; HR sees both.
    const { managedRegionId, otherRegionId } = t.template.companyA;
    const all = await newCycle({ name: '全员', periodStart: '2026-09-01', population: {} });
    const launched = await req('POST', `/review-cycles/${all.json().id}/launch`, hr, { expectedVersion: 1 });
    expect(launched.statusCode, launched.body).toBe(200);
    const people = async (cookie: string) =>
      (
        (await req('GET', `/review-cycles/${all.json().id}/participants`, cookie)).json().items as {
          employee: { id: string };
        }[]
      ).map((p) => p.employee.id);
    const inRegion = async (unitId: string) =>
      ((await req('GET', `/employees?unitId=${unitId}&limit=100`, hr)).json().items as { id: string }[]).map(
        (e) => e.id,
      );
    const other = await inRegion(otherRegionId);
    const managed = new Set(await inRegion(managedRegionId));
    const managerSees = await people(manager);
    const hrSees = await people(hr);
    expect(hrSees.some((id) => other.includes(id))).toBe(true);
    expect(managerSees.length).toBeGreaterThan(0);
    expect(managerSees.filter((id) => other.includes(id))).toEqual([]);
    expect(managerSees.every((id) => managed.has(id))).toBe(true);
    // A person's result, on the page or as a spreadsheet, only for a manager of their region.
    const byEmployee = new Map(
      (
        (await req('GET', `/review-cycles/${all.json().id}/participants`, hr)).json().items as {
          id: string;
          employee: { id: string };
        }[]
      ).map((p) => [p.employee.id, p.id]),
    );
    const outside = byEmployee.get(hrSees.find((id) => other.includes(id))!)!;
    // (Not the manager's own record: that one waits for publishing like anyone's.)
    const managerSelf = t.template.companyA.users.manager.employeeId;
    const inside = byEmployee.get(managerSees.find((id) => id !== managerSelf)!)!;
    for (const url of [`/review-participants/${outside}`, `/review-participants/${outside}/result.xlsx`])
      expect((await req('GET', url, manager)).statusCode, url).toBe(404);
    expect((await req('GET', `/review-participants/${inside}/result.xlsx`, manager)).statusCode).toBe(200);
    expect((await req('GET', `/review-cycles/${cycleId}/team?unitId=${otherRegionId}`, manager)).statusCode).toBe(404);
    // Everything a cycle did is in the audit trail.
    const actions = await queryRows<{ action: string }>(
      t.database.db,
      sql`select distinct action from audit_events where action like 'review%'`,
    );
    expect(actions.map((a) => a.action).sort()).toEqual(
      expect.arrayContaining([
        'review_appeal.decided',
        'review_appeal.filed',
        'review_cycle.advanced',
        'review_cycle.launched',
        'review_form.submitted',
        'review_grade.calibration',
      ]),
    );
  });
});
