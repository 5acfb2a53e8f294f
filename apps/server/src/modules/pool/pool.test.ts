import { randomUUID } from 'node:crypto';
import { DEFAULT_GRADE_SCALE } from '@stride/domain';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { poolBuildJob } from '../../jobs/pool-build.job';

// The low-performer pool end to end through HTTP on a real database: building from alerts, grades and
// attainment; suggestions (first time, repeated, plan in progress, after a failed plan); the optimization list;
// decisions with the exit-review guard; rebuilding keeps decisions; scope; settings; export; the daily job.

let t: TestContext;
const c = {} as Record<'admin' | 'hr' | 'manager' | 'employee' | 'hrB', string>;
const P = {} as Record<
  'rankAlert' | 'twice' | 'improved' | 'last' | 'gradeD' | 'failedPlan' | 'missing' | 'planRunning' | 'outsider',
  string
>;
let teamRivals: string[] = [];
let orgA: string;
let hrSelf: string;
let managerSelf: string;
const AUG = '2026-08-01';
const SEP = '2026-09-01';
const OCT = '2026-10-01';

const run = (q: ReturnType<typeof sql>) => t.deps.db.execute(q);
const post = (url: string, cookie: string, body: unknown, lang = 'zh-CN') =>
  t.request({ method: 'POST', url, cookie, body, headers: { 'accept-language': lang } });
const get = (url: string, cookie: string) => t.request({ url, cookie });

const target = (employeeId: string, periodStart: string, value: number) =>
  run(sql`insert into targets (org_id, employee_id, metric_key, period_type, period_start, value, status)
          values (${orgA}, ${employeeId}, 'revenue', 'month', ${periodStart}, ${value}, 'agreed')`);
const revenue = (employeeId: string, periodStart: string, value: number) =>
  run(sql`insert into metric_values (org_id, metric_key, period_type, period_start, employee_id, value)
          values (${orgA}, 'revenue', 'month', ${periodStart}, ${employeeId}, ${value})`);

async function cycle(name: string, stage: string, grades: [string, string][]) {
  const [{ id }] = await queryRows<{ id: string }>(
    t.deps.db,
    sql`insert into review_cycles (org_id, name, kind, period_type, period_start, period_end, population, stage,
          grade_scale, published_at)
        values (${orgA}, ${name}, 'monthly', 'month', ${OCT}, '2026-10-31', '{}'::jsonb, ${stage},
          ${JSON.stringify({ name: '默认', bands: DEFAULT_GRADE_SCALE.bands, guideline: null })}::jsonb,
          ${stage === 'closed' ? '2026-11-20T02:00:00Z' : null})
        returning id::text`,
  );
  const [tpl] = await queryRows<{ id: string }>(
    t.deps.db,
    sql`insert into scorecard_templates (org_id, name, current_version) values (${orgA}, ${`模板 ${name}`}, 1)
        returning id::text`,
  );
  for (const [employeeId, grade] of grades)
    await run(sql`insert into review_participants (org_id, cycle_id, employee_id, unit_id, tenure_stage, template_id,
            template_version, inputs, result, total, computed_grade, grade)
          select ${orgA}, ${id}, e.id, e.unit_id, 'tenured', ${tpl.id}, 1, '{}'::jsonb, '{}'::jsonb,
            ${grade === 'D' ? 42 : 75}, ${grade}, ${grade} from employees e where e.id = ${employeeId}`);
  return id;
}

async function alert(
  employeeId: string,
  kind: string,
  severity: string,
  raisedAt: string,
  opts: { status?: string; resolvedAt?: string; period?: string } = {},
) {
  const [rule] = await queryRows<{ id: string }>(
    t.deps.db,
    sql`insert into alert_rules (org_id, kind, name, metric_key, period_type, params, scope, severity, min_periods,
          cooldown_days, recipients)
        values (${orgA}, ${kind}, ${kind === 'below_cohort' ? '低于同组' : '达成率偏低'}, 'revenue', 'month', '{}'::jsonb,
          '{}'::jsonb, ${severity}, 3, 30, '{}'::jsonb)
        returning id::text`,
  );
  await run(sql`insert into alerts (org_id, rule_id, rule_version, employee_id, status, severity, period, confidence,
          evidence, raised_at, resolved_at)
        values (${orgA}, ${rule.id}, 1, ${employeeId}, ${opts.status ?? 'open'}, ${severity}, ${opts.period ?? null},
          0.8, '{}'::jsonb, ${raisedAt}, ${opts.resolvedAt ?? null})`);
}

type Entry = {
  id: string;
  employee: { id: string; name: string };
  reasons: { kind: string; grade?: string; attainmentPct?: string; rankBased?: boolean }[];
  trend: { periodStart: string; attainmentPct: string | null; grade: string | null; unsatisfactory: boolean }[];
  occurrence: number;
  suggestedStep: string;
  suggestionReason: { rule: string; plan: { judgedFrom: string } | null };
  onOptimizationList: boolean;
  optimizationReason: { outcome: string; improvement: { gainPts: string | null } | null };
  decision: string | null;
  decisionNote: string | null;
  version: number;
  canDecide: boolean;
  exitReviewAllowed: boolean;
};
type Pool = { id: string; periodStart: string; entries: number; optimizationList: number; items: Entry[] };

const pools = {} as Record<string, string>;
async function build(periodStart: string, cookie = c.hr) {
  const res = await post('/api/v1/low-performer-pools/build', cookie, { periodStart });
  expect(res.statusCode, res.body).toBe(200);
  pools[periodStart] = res.json().id;
  return res.json();
}
const poolOf = async (periodStart: string, cookie = c.hr) =>
  (await get(`/api/v1/low-performer-pools/${pools[periodStart]}`, cookie)).json() as Pool;
const entryOf = async (periodStart: string, employeeId: string, cookie = c.hr) =>
  (await poolOf(periodStart, cookie)).items.find((e) => e.employee.id === employeeId);
const decide = (entry: Entry, cookie: string, decision: string, note = '与本人面谈后决定', version = entry.version) =>
  post(`/api/v1/pool-entries/${entry.id}/decision`, cookie, { decision, note, version });

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = new Date('2026-11-27T02:00:00Z');
  const { companyA, companyB } = t.template;
  orgA = companyA.orgId;
  for (const r of ['admin', 'hr', 'manager', 'employee'] as const) c[r] = await t.login(companyA.users[r].username);
  c.hrB = await t.login(companyB.users.hr.username);
  hrSelf = companyA.users.hr.employeeId;
  managerSelf = companyA.users.manager.employeeId;
  const list = async (q: string) =>
    (await get(`/api/v1/employees?${q}&status=regular&limit=100`, c.hr)).json().items as {
      id: string;
      unit: { id: string };
    }[];
  const own = companyA.users.employee.employeeId;
  const team = (await get(`/api/v1/employees/${own}`, c.hr)).json().unit.id as string;
  const teamMembers = (await list(`unitId=${team}`)).map((e) => e.id).filter((id) => id !== managerSelf);
  [P.last, ...teamRivals] = teamMembers.slice(0, 4);
  const region = (await list(`unitId=${companyA.managedRegionId}`))
    .map((e) => e.id)
    .filter((id) => id !== managerSelf && !teamMembers.includes(id));
  [P.rankAlert, P.twice, P.improved, P.gradeD, P.failedPlan, P.missing, P.planRunning] = region;
  P.outsider = (await list(`unitId=${companyA.otherRegionId}`))[0].id;
  expect(Object.values(P).every(Boolean)).toBe(true);
  expect(teamRivals).toHaveLength(3);

  // Only a peer-relative alert, live since August; grade B in October (D in an unpublished cycle).
  await alert(P.rankAlert, 'below_cohort', 'medium', '2026-08-10T02:00:00Z', { period: AUG });
  // Attainment 50 % then 55 %: two unsatisfactory months without real improvement.
  for (const [p, v] of [
    [SEP, 50000],
    [OCT, 55000],
  ] as const) {
    await target(P.twice, p, 100000);
    await revenue(P.twice, p, v);
  }
  // 50 % then 68 %: still unsatisfactory, but up 18 points.
  for (const [p, v] of [
    [SEP, 50000],
    [OCT, 68000],
  ] as const) {
    await target(P.improved, p, 100000);
    await revenue(P.improved, p, v);
  }
  // Last of their team in revenue, yet 90 % of their own target, grade B, and only a low alert.
  await target(P.last, OCT, 10000);
  await revenue(P.last, OCT, 9000);
  for (const [i, rival] of teamRivals.entries()) await revenue(rival, OCT, 50000 + i * 10000);
  await alert(P.last, 'below_cohort', 'low', '2026-10-05T02:00:00Z');
  // A high alert that resolved itself in July (before any pool here), and a D in October.
  await alert(P.gradeD, 'attainment_below', 'high', '2026-07-01T02:00:00Z', {
    status: 'auto_resolved',
    resolvedAt: '2026-07-20T02:00:00Z',
    period: '2026-06-01',
  });
  // 45 % in August (plan decided), 75 % in September, 40 % in October: the plan failed.
  for (const [p, v] of [
    [AUG, 45000],
    [SEP, 75000],
    [OCT, 40000],
  ] as const) {
    await target(P.failedPlan, p, 100000);
    await revenue(P.failedPlan, p, v);
  }
  // A target and no revenue at all: attainment 0 %.
  await target(P.missing, OCT, 80000);
  // 50 % in September (plan decided then) and October: the plan is still running.
  for (const p of [SEP, OCT]) {
    await target(P.planRunning, p, 100000);
    await revenue(P.planRunning, p, 50000);
  }
  await cycle('2026年10月月度考核', 'closed', [
    [P.rankAlert, 'B'],
    [P.last, 'B'],
    [P.gradeD, 'D'],
    [P.outsider, 'D'],
    [hrSelf, 'D'],
    [managerSelf, 'D'],
  ]);
  await cycle('2026年10月 校准中', 'calibration', [[P.rankAlert, 'D']]);
});
afterAll(() => t?.close());

describe('building a pool', () => {
  it('is for HR and admins, only for a closed period that starts a period, and writes nothing when refused', async () => {
    for (const who of [c.manager, c.employee])
      expect((await post('/api/v1/low-performer-pools/build', who, { periodStart: OCT })).statusCode).toBe(403);
    const open = await post('/api/v1/low-performer-pools/build', c.hr, { periodStart: '2026-11-01' }, 'en-US');
    expect(open.statusCode).toBe(422);
    expect(open.json()).toMatchObject({ code: 'POOL_PERIOD_NOT_CLOSED' });
    expect(open.json().detail).toMatch(/has not ended/);
    const misaligned = await post('/api/v1/low-performer-pools/build', c.hr, { periodStart: '2026-10-15' });
    expect(misaligned.statusCode).toBe(400);
    expect(misaligned.json().errors).toContainEqual(
      expect.objectContaining({ field: 'periodStart', code: 'PERIOD_START_NOT_ALIGNED' }),
    );
    const [{ n }] = await queryRows<{ n: number }>(t.deps.db, sql`select count(*)::int as n from low_performer_pools`);
    expect(n).toBe(0);
  });

  it('builds August and September; decisions are recorded on them', async () => {
    const aug = await build(AUG);
    expect(aug).toMatchObject({ periodType: 'month', periodStart: AUG, periodEnd: '2026-08-31', added: 2 });
    const augPool = await poolOf(AUG);
    expect(augPool.items.map((e) => e.employee.id).sort()).toEqual([P.rankAlert, P.failedPlan].sort());
    // HR puts the alerted person on a plan; the manager their own person with 45 %.
    expect((await decide((await entryOf(AUG, P.rankAlert))!, c.hr, 'improvement_plan')).statusCode).toBe(200);
    const failed = await decide((await entryOf(AUG, P.failedPlan))!, c.manager, 'improvement_plan');
    expect(failed.statusCode, failed.body).toBe(200);
    expect(failed.json()).toMatchObject({ decision: 'improvement_plan', version: 2, decidedBy: expect.any(String) });

    await build(SEP);
    const sep = await poolOf(SEP);
    expect(sep.items.map((e) => e.employee.id).sort()).toEqual(
      [P.rankAlert, P.twice, P.improved, P.planRunning].sort(),
    );
    expect((await decide((await entryOf(SEP, P.planRunning))!, c.hr, 'improvement_plan')).statusCode).toBe(200);
  });

  it('builds October with reasons, trend, occurrence, suggestions and the optimization list', async () => {
    const oct = await build(OCT);
    expect(oct).toMatchObject({ entries: 10, optimizationList: 2, added: 10 });
    const pool = await poolOf(OCT);
    const by = (id: string) => pool.items.find((e) => e.employee.id === id)!;
    expect(pool.items.map((e) => e.employee.id).sort()).toEqual(
      [
        P.rankAlert,
        P.twice,
        P.improved,
        P.gradeD,
        P.failedPlan,
        P.missing,
        P.planRunning,
        P.outsider,
        hrSelf,
        managerSelf,
      ].sort(),
    );
    // The list first, then the strongest suggestion.
    expect(pool.items.slice(0, 2).every((e) => e.onOptimizationList)).toBe(true);
    expect(pool.items[2].suggestedStep).toBe('transfer_or_exit_review');

    const twice = by(P.twice);
    expect(twice.reasons).toEqual([expect.objectContaining({ kind: 'attainment', attainmentPct: '55.0' })]);
    expect(twice.trend.map((p) => [p.periodStart, p.attainmentPct, p.unsatisfactory])).toEqual([
      ['2026-05-01', null, false],
      ['2026-06-01', null, false],
      ['2026-07-01', null, false],
      [AUG, null, false],
      [SEP, '50.0', true],
      [OCT, '55.0', true],
    ]);
    expect(twice).toMatchObject({
      occurrence: 2,
      suggestedStep: 'improvement_plan',
      suggestionReason: { rule: 'repeated' },
      onOptimizationList: true,
      optimizationReason: { outcome: 'listed', improvement: { basis: 'attainment', gainPts: '5.0' } },
      exitReviewAllowed: true,
    });

    expect(by(P.improved)).toMatchObject({
      onOptimizationList: false,
      optimizationReason: { outcome: 'improved', improvement: { gainPts: '18.0' } },
      suggestedStep: 'improvement_plan',
    });
    expect(by(P.gradeD)).toMatchObject({
      reasons: [{ kind: 'grade', grade: 'D', cycleName: '2026年10月月度考核' }],
      occurrence: 1,
      suggestedStep: 'coaching_training',
      suggestionReason: { rule: 'first_time' },
      onOptimizationList: false,
      optimizationReason: { outcome: 'too_few_unsatisfactory' },
    });
    expect(by(P.failedPlan)).toMatchObject({
      occurrence: 1,
      suggestedStep: 'transfer_or_exit_review',
      suggestionReason: { rule: 'failed_plan', plan: { periodStart: AUG, judgedFrom: OCT } },
      onOptimizationList: false,
      exitReviewAllowed: true,
    });
    expect(by(P.planRunning)).toMatchObject({
      suggestedStep: 'improvement_plan',
      suggestionReason: { rule: 'plan_in_progress', plan: { judgedFrom: '2026-11-01' } },
      onOptimizationList: true,
    });
    expect(by(P.missing).reasons).toEqual([
      expect.objectContaining({ kind: 'attainment', actual: '0', attainmentPct: '0.0' }),
    ]);
    expect(by(P.outsider).reasons).toEqual([expect.objectContaining({ kind: 'grade', grade: 'D' })]);
    const audits = await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from audit_events where action = 'low_performer_pool.built' and org_id = ${orgA}`,
    );
    expect(audits[0].n).toBe(3);
  });

  it('never lets a rank alone bring someone in, list them or suggest an exit (末位淘汰)', async () => {
    const pool = await poolOf(OCT);
    // Last of the team in revenue, but above the attainment threshold with grade B: not in the pool.
    expect(pool.items.map((e) => e.employee.id)).not.toContain(P.last);
    for (const rival of teamRivals) expect(pool.items.map((e) => e.employee.id)).not.toContain(rival);
    // Only a peer-relative alert, three pools in a row and a plan decided two months ago: a plan at most.
    const ranked = pool.items.find((e) => e.employee.id === P.rankAlert)!;
    expect(ranked).toMatchObject({
      occurrence: 3,
      suggestedStep: 'improvement_plan',
      suggestionReason: { rule: 'repeated', unsatisfactory: false },
      onOptimizationList: false,
      exitReviewAllowed: false,
    });
    expect(ranked.reasons).toEqual([expect.objectContaining({ kind: 'alert', rankBased: true, severity: 'medium' })]);
    // The D of a cycle still in calibration does not count.
    expect(ranked.trend.at(-1)).toMatchObject({ grade: 'B', unsatisfactory: false });
    const refused = await decide(ranked, c.hr, 'exit_review', '排名末位', ranked.version);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('POOL_EXIT_REVIEW_NOT_ALLOWED');
    expect(refused.json().detail).toContain('末位');
  });
});

describe('decisions', () => {
  it('a manager decides for their people; exit review only after a failed plan or on the list', async () => {
    const failed = (await entryOf(OCT, P.failedPlan, c.manager))!;
    expect(failed.canDecide).toBe(true);
    const res = await decide(failed, c.manager, 'exit_review', '改进计划期满仍未达标，启动解除审查');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ decision: 'exit_review', version: failed.version + 1 });
    const twice = (await entryOf(OCT, P.twice))!;
    expect((await decide(twice, c.hr, 'exit_review')).statusCode).toBe(200);
    const first = (await entryOf(OCT, P.gradeD))!;
    const refused = await decide(first, c.manager, 'exit_review', '等级 D', first.version);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toContainEqual(expect.objectContaining({ field: 'decision' }));
    expect((await entryOf(OCT, P.gradeD))!.decision).toBeNull();
    const audit = await queryRows<{ after: { decision: string } }>(
      t.deps.db,
      sql`select after from audit_events where action = 'pool_entry.decided' and entity_id = ${failed.id}`,
    );
    expect(audit.map((a) => a.after.decision)).toEqual(['exit_review']);
  });

  it('needs a note and the current version; nobody decides about themselves', async () => {
    const entry = (await entryOf(OCT, P.gradeD))!;
    const noNote = await decide(entry, c.hr, 'coaching', '   ');
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().errors).toContainEqual(expect.objectContaining({ field: 'note', code: 'REQUIRED' }));
    const stale = await decide(entry, c.hr, 'coaching', '辅导', entry.version + 5);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('POOL_ENTRY_VERSION_CONFLICT');
    const own = (await entryOf(OCT, hrSelf))!;
    expect(own.canDecide).toBe(false);
    const self = await decide(own, c.hr, 'no_action');
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('POOL_SELF_DECISION');
  });

  it('refuses another team, another organization and employees, like a missing entry', async () => {
    const outsider = (await entryOf(OCT, P.outsider))!;
    const managerOwn = (await entryOf(OCT, managerSelf))!;
    const missing = { ...outsider, id: randomUUID() };
    const asManager = await decide(outsider, c.manager, 'coaching');
    const asManagerMissing = await decide(missing, c.manager, 'coaching');
    expect(asManager.statusCode).toBe(404);
    expect(asManager.json().detail).toBe(asManagerMissing.json().detail);
    // A manager does not see (or decide) their own entry.
    expect((await decide(managerOwn, c.manager, 'coaching')).statusCode).toBe(404);
    expect((await decide(outsider, c.hrB, 'coaching')).statusCode).toBe(404);
    expect((await decide(outsider, c.employee, 'coaching')).statusCode).toBe(403);
    expect((await entryOf(OCT, P.outsider))!.decision).toBeNull();
  });
});

describe('reading pools', () => {
  it('HR sees the organization, a manager their units without themselves, employees nothing', async () => {
    const hrList = (await get('/api/v1/low-performer-pools', c.hr)).json().items as Pool[];
    expect(hrList.map((p) => p.periodStart)).toEqual([OCT, SEP, AUG]);
    const mgrList = (await get('/api/v1/low-performer-pools', c.manager)).json().items as Pool[];
    expect(mgrList[0].entries).toBeLessThan(hrList[0].entries);
    const mine = await poolOf(OCT, c.manager);
    const ids = mine.items.map((e) => e.employee.id);
    expect(ids).toContain(P.failedPlan);
    expect(ids).not.toContain(P.outsider);
    expect(ids).not.toContain(managerSelf);
    expect(ids).not.toContain(hrSelf);
    expect(mine.entries).toBe(mine.items.length);
    for (const url of [
      '/api/v1/low-performer-pools',
      `/api/v1/low-performer-pools/${pools[OCT]}`,
      '/api/v1/optimization-list',
      `/api/v1/low-performer-pools/${pools[OCT]}/export.xlsx`,
    ])
      expect((await get(url, c.employee)).statusCode, url).toBe(403);
    // Another organization: its list does not show these pools, and one of them answers like a missing pool.
    expect((await get('/api/v1/low-performer-pools', c.hrB)).json().items).toEqual([]);
    const other = await get(`/api/v1/low-performer-pools/${pools[OCT]}`, c.hrB);
    const missing = await get(`/api/v1/low-performer-pools/${randomUUID()}`, c.hrB);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ code: 'POOL_NOT_FOUND', detail: missing.json().detail });
  });

  it('lists the optimization list of the latest pool, or of the pool asked for', async () => {
    const latest = (await get('/api/v1/optimization-list', c.hr)).json();
    expect(latest.pool.periodStart).toBe(OCT);
    expect(latest.items.map((e: Entry) => e.employee.id).sort()).toEqual([P.twice, P.planRunning].sort());
    const sep = (await get(`/api/v1/optimization-list?poolId=${pools[SEP]}`, c.manager)).json();
    expect(sep).toMatchObject({ pool: { periodStart: SEP }, items: [] });
    expect((await get(`/api/v1/optimization-list?poolId=${randomUUID()}`, c.hr)).statusCode).toBe(404);
  });

  it('exports the pool in the caller’s language and scope', async () => {
    const read = async (cookie: string, lang: string) => {
      const res = await t.request({
        url: `/api/v1/low-performer-pools/${pools[OCT]}/export.xlsx`,
        cookie,
        headers: { 'accept-language': lang },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toContain('attachment');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = book.worksheets[0];
      return sheet.getSheetValues().slice(1) as unknown[][];
    };
    const zh = await read(c.hr, 'zh-CN');
    expect(zh[0].slice(1, 4)).toEqual(['工号', '姓名', '部门']);
    expect(zh).toHaveLength(1 + (await poolOf(OCT)).items.length);
    const failedName = (await entryOf(OCT, P.failedPlan))!.employee.name;
    const row = zh.find((r) => String(r[2]) === failedName)!;
    expect(row).toContain('调岗或解除审查');
    expect(row).toContain('解除审查');
    const en = await read(c.manager, 'en-US');
    expect(en[0][1]).toBe('Employee no.');
    const outsiderName = (await entryOf(OCT, P.outsider))!.employee.name;
    expect(en.map((r) => String(r[2]))).not.toContain(outsiderName);
    // Each download is in the audit trail: who, which pool, how many people it held.
    const events = await queryRows<{ actor: string; after: { rows: number; periodStart: string } }>(
      t.deps.db,
      sql`select actor_username as actor, after from audit_events
          where action = 'low_performer_pool.exported' and entity_type = 'low_performer_pool'
            and entity_id = ${pools[OCT]} order by seq`,
    );
    expect(events).toEqual([
      { actor: 'hr', after: { rows: zh.length - 1, periodStart: OCT } },
      { actor: 'manager', after: { rows: en.length - 1, periodStart: OCT } },
    ]);
  });
});

describe('rebuilding', () => {
  it('is idempotent: same data, nothing changes; decisions always stay', async () => {
    const before = await poolOf(OCT);
    const again = await build(OCT);
    expect(again).toMatchObject({ added: 0, updated: 0, removed: 0 });
    const after = await poolOf(OCT);
    expect(after.items.map((e) => [e.id, e.version, e.decision])).toEqual(
      before.items.map((e) => [e.id, e.version, e.decision]),
    );
  });

  it('replaces suggestions under a new policy, removes undecided people who left, keeps decided ones', async () => {
    const improved = (await entryOf(OCT, P.improved))!;
    const gradeD = (await entryOf(OCT, P.gradeD))!;
    expect((await decide(gradeD, c.manager, 'coaching', '每周一次辅导')).statusCode).toBe(200);
    const settings = (await get('/api/v1/alert-settings', c.hr)).json();
    const put = await t.request({
      method: 'PUT',
      url: '/api/v1/alert-settings',
      cookie: c.hr,
      body: { poolPeriodType: 'month', policy: { ...settings.policy, improvementPts: 20 } },
    });
    expect(put.statusCode, put.body).toBe(200);
    // The D is withdrawn and the target without revenue is removed: neither qualifies any more.
    await run(sql`update review_participants set grade = 'B' where employee_id = ${P.gradeD}`);
    await run(sql`delete from targets where employee_id = ${P.missing}`);
    const rebuilt = await build(OCT);
    expect(rebuilt.removed).toBe(1);
    const pool = await poolOf(OCT);
    const ids = pool.items.map((e) => e.employee.id);
    expect(ids).not.toContain(P.missing);
    expect(pool.items.find((e) => e.employee.id === P.gradeD)).toMatchObject({
      decision: 'coaching',
      decisionNote: '每周一次辅导',
    });
    const now = pool.items.find((e) => e.employee.id === P.improved)!;
    expect(now).toMatchObject({ onOptimizationList: true, version: improved.version + 1 });
    // A decision typed against the old suggestion is refused; the failed-plan decision is still there.
    expect((await decide(improved, c.hr, 'coaching')).statusCode).toBe(409);
    expect(pool.items.find((e) => e.employee.id === P.failedPlan)).toMatchObject({ decision: 'exit_review' });
  });
});

describe('settings', () => {
  it('are for HR and admins; negative thresholds and unknown metrics are refused with field errors', async () => {
    const current = (await get('/api/v1/alert-settings', c.admin)).json();
    expect(current.policy).toMatchObject({ unsatisfactoryGrades: ['C', 'D'], attainmentBelowPct: 70, planPeriods: 2 });
    expect((await get('/api/v1/alert-settings', c.manager)).statusCode).toBe(403);
    const put = (policy: Record<string, unknown>, cookie = c.hr) =>
      t.request({
        method: 'PUT',
        url: '/api/v1/alert-settings',
        cookie,
        body: { poolPeriodType: 'month', policy: { ...current.policy, ...policy } },
        headers: { 'accept-language': 'en-US' },
      });
    expect((await put({}, c.manager)).statusCode).toBe(403);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ improvementPts: -5 }, 'policy.improvementPts', 'NOT_NEGATIVE'],
      [{ attainmentBelowPct: -10 }, 'policy.attainmentBelowPct', 'NOT_POSITIVE'],
      [{ attainmentMetric: 'no_such_metric' }, 'policy.attainmentMetric', 'UNKNOWN_METRIC'],
      [{ consecutivePeriods: 1 }, 'policy.consecutivePeriods', 'too_small'],
    ];
    for (const [policy, field, code] of cases) {
      const res = await put(policy);
      expect(res.statusCode, JSON.stringify(policy)).toBe(400);
      expect(res.json().errors).toContainEqual(expect.objectContaining({ field, code }));
    }
    expect((await get('/api/v1/alert-settings', c.hr)).json().policy).toEqual(current.policy);
    const [{ n }] = await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from audit_events where action = 'alert_settings.updated' and org_id = ${orgA}`,
    );
    expect(n).toBe(1);
  });

  it('quarterly pools are built for closed quarters', async () => {
    const current = (await get('/api/v1/alert-settings', c.hr)).json();
    const set = (poolPeriodType: string) =>
      t.request({
        method: 'PUT',
        url: '/api/v1/alert-settings',
        cookie: c.hr,
        body: { poolPeriodType, policy: current.policy },
      });
    expect((await set('quarter')).statusCode).toBe(200);
    const open = await post('/api/v1/low-performer-pools/build', c.hr, { periodStart: OCT });
    expect(open.json().code).toBe('POOL_PERIOD_NOT_CLOSED');
    const misaligned = await post('/api/v1/low-performer-pools/build', c.hr, { periodStart: SEP });
    expect(misaligned.statusCode).toBe(400);
    const q3 = await post('/api/v1/low-performer-pools/build', c.hr, { periodStart: '2026-07-01' });
    expect(q3.statusCode, q3.body).toBe(200);
    expect(q3.json()).toMatchObject({ periodType: 'quarter', periodEnd: '2026-09-30' });
    expect((await set('month')).statusCode).toBe(200);
  });
});

describe('the daily job', () => {
  it('builds each organization’s just-closed period once, creating default settings', async () => {
    let now = new Date('2026-11-27T02:00:00Z');
    const job = poolBuildJob(undefined, () => now);
    const ctx = { database: t.database, logger: pino({ level: 'silent' }), signal: new AbortController().signal };
    // October already has a pool in the first organization; the second gets its first one (and settings).
    expect(await job.run({}, ctx)).toEqual({ organizations: 2, built: 1 });
    expect(await job.run({}, ctx)).toEqual({ organizations: 2, built: 0 });
    const rows = await queryRows<{ org_id: string; period_start: string }>(
      t.deps.db,
      sql`select org_id::text, period_start::text from low_performer_pools where period_type = 'month'
          and org_id = ${t.template.companyB.orgId}`,
    );
    expect(rows.map((r) => r.period_start)).toEqual([OCT]);
    const [settings] = await queryRows<{ pool_period_type: string }>(
      t.deps.db,
      sql`select pool_period_type from alert_settings where org_id = ${t.template.companyB.orgId}`,
    );
    expect(settings.pool_period_type).toBe('month');
    // Into December: November is closed for both; the decisions of October stay where they are.
    now = new Date('2026-12-02T02:00:00Z');
    expect(await job.run({}, ctx)).toEqual({ organizations: 2, built: 2 });
    expect((await entryOf(OCT, P.failedPlan))!.decision).toBe('exit_review');
  });
});
