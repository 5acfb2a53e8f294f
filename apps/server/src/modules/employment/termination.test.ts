import { computeIdNumberCheckChar, DEFAULT_GRADE_SCALE } from '@stride/domain';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, HOST, ORIGIN, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';

// The termination evidence chain end to end through HTTP on a real database: an Art. 40(2) history built through
// the real APIs (targets, an improvement plan that failed, published results), the chain at every stage, the
// Art. 42 checklist, the union notice, the 30 days' notice, Art. 42(5) from the ID number (audited), submission
// refused in both languages and accepted once complete; then the other grounds (Art. 21, 39, 36) and scope.

let t: TestContext;
const c = {} as Record<'admin' | 'hr' | 'manager' | 'employee' | 'hrB', string>;
let orgA: string;
let regionId: string;
let managerEmp: string;

const run = (q: ReturnType<typeof sql>) => t.deps.db.execute(q);
const at = (iso: string) => {
  t.clock.now = new Date(iso);
};
const TODAY = '2026-11-27T02:00:00Z';
const req = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, cookie: string, body?: unknown, lang = 'zh-CN') =>
  t.request({ method, url: `/api/v1${url}`, cookie, body, headers: { 'accept-language': lang } });

interface Item {
  key: string;
  status: string;
  label: string;
  detail: string;
  evidence: { kind: string; id: string | null; date: string | null; label: string; href: string | null }[];
}
interface Chain {
  ground: string;
  complete: boolean;
  items: Item[];
}
const chainOf = async (id: string, cookie = c.hr, lang = 'zh-CN') => {
  const res = await req('GET', `/employment-actions/${id}/chain`, cookie, undefined, lang);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Chain;
};
const missingOf = (ch: Chain) => ch.items.filter((i) => i.status === 'missing').map((i) => i.key);
const itemOf = (ch: Chain, key: string) => ch.items.find((i) => i.key === key)!;
const versionOf = async (id: string) =>
  (await queryRows<{ version: number }>(t.deps.db, sql`select version from employment_actions where id = ${id}`))[0]
    .version;
const auditCount = async (action: string, entityId?: string) =>
  (
    await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from audit_events where action = ${action}
            and (${entityId ?? ''} = '' or entity_id = ${entityId ?? ''})`,
    )
  )[0].n;

const idNumber = (birth: string, male: boolean) => {
  const first17 = `110105${birth.replaceAll('-', '')}00${male ? '1' : '2'}`;
  return first17 + computeIdNumberCheckChar(first17);
};

let seq = 0;
async function person(over: Record<string, unknown> = {}) {
  seq += 1;
  const res = await req('POST', '/employees', c.hr, {
    employeeNo: `TERM-${seq}-${Math.floor(Math.random() * 1e6)}`,
    name: `解除测试${seq}`,
    unitId: regionId,
    managerId: managerEmp,
    status: 'regular',
    hireDate: '2020-03-02',
    contractType: 'open_ended',
    contractStartDate: '2020-03-02',
    idNumber: idNumber('1990-05-05', true),
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** A published (or other stage) quarterly cycle with one person's grade, as the review module leaves it. */
async function cycle(
  employeeId: string,
  name: string,
  periodStart: string,
  periodEnd: string,
  grade: string,
  opts: { stage?: string; publishedAt?: string; acknowledged?: boolean } = {},
) {
  // The person acknowledges a published result at the end of its period, unless a test says otherwise.
  const ackAt =
    opts.acknowledged === false || (opts.stage && opts.stage !== 'published' && opts.stage !== 'closed')
      ? null
      : `${periodEnd}T12:00:00+08:00`;
  const [{ id }] = await queryRows<{ id: string }>(
    t.deps.db,
    sql`insert into review_cycles (org_id, name, kind, period_type, period_start, period_end, population, stage,
          grade_scale, published_at)
        values (${orgA}, ${name}, 'quarterly', 'quarter', ${periodStart}, ${periodEnd}, '{}'::jsonb,
          ${opts.stage ?? 'published'},
          ${JSON.stringify({ name: '默认', bands: DEFAULT_GRADE_SCALE.bands, guideline: null })}::jsonb,
          ${opts.publishedAt ?? null})
        returning id::text`,
  );
  const [tpl] = await queryRows<{ id: string }>(
    t.deps.db,
    sql`insert into scorecard_templates (org_id, name, current_version) values (${orgA}, ${`模板 ${name}`}, 1)
        returning id::text`,
  );
  const [p] = await queryRows<{ id: string }>(
    t.deps.db,
    sql`insert into review_participants (org_id, cycle_id, employee_id, unit_id, tenure_stage, template_id,
          template_version, inputs, result, total, computed_grade, grade, acknowledged_at)
        select ${orgA}, ${id}, e.id, e.unit_id, 'tenured', ${tpl.id}, 1, '{}'::jsonb, '{}'::jsonb, 42, ${grade},
          ${grade}, ${ackAt}::timestamptz from employees e where e.id = ${employeeId}
        returning id::text`,
  );
  return { cycleId: id, participantId: p.id };
}

async function termination(body: Record<string, unknown>) {
  const res = await req('POST', '/employment-actions', c.hr, {
    kind: 'termination',
    reason: '经培训仍不能胜任工作',
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; chain: Chain };
}

async function upload(actionId: string, purpose: string, fileName: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/employment-actions/${actionId}/files?purpose=${purpose}`,
    headers: {
      host: HOST,
      origin: ORIGIN,
      cookie: c.hr,
      'content-type': 'application/pdf',
      'x-file-name': encodeURIComponent(fileName),
    },
    payload: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  });
  expect(res.statusCode, res.body).toBe(201);
  const files = res.json().files as { id: string; purpose: string; fileName: string }[];
  return files.find((f) => f.fileName === fileName)!.id;
}

const allNo = (over: Record<string, { applies: boolean; note?: string }> = {}) =>
  [
    'occupational_disease',
    'work_injury',
    'medical_treatment_period',
    'pregnancy_maternity_nursing',
    'long_service_near_retirement',
    'other_statutory',
  ].map((item) => ({ item, ...(over[item] ?? { applies: false }) }));

beforeAll(async () => {
  t = await createTestContext();
  at(TODAY);
  const { companyA, companyB } = t.template;
  orgA = companyA.orgId;
  regionId = companyA.managedRegionId;
  managerEmp = companyA.users.manager.employeeId;
  for (const r of ['admin', 'hr', 'manager', 'employee'] as const) c[r] = await t.login(companyA.users[r].username);
  c.hrB = await t.login(companyB.users.hr.username);
});
afterAll(() => t.close());

describe('Art. 40(2): the chain built step by step through the real APIs', () => {
  let P: string;
  let actionId: string;
  let q1: { cycleId: string; participantId: string };
  let planId: string;

  it('a new termination lists every missing link in the caller’s language', async () => {
    P = await person();
    const created = await termination({
      employeeId: P,
      ground: 'art40_2',
      effectiveDate: '2027-01-04',
      noticeMode: 'notice_30_days',
      monthlyWage: '15000.00',
    });
    actionId = created.id;
    const ch = await chainOf(actionId);
    expect(ch).toMatchObject({ ground: 'art40_2', complete: false });
    expect(ch.items.map((i) => [i.key, i.status])).toEqual([
      ['standards_communicated', 'missing'],
      ['first_failed_appraisal', 'missing'],
      ['training_or_transfer', 'missing'],
      ['second_failed_appraisal', 'missing'],
      ['art42_checked', 'missing'],
      ['union_notified', 'missing'],
      ['notice', 'met'],
    ]);
    expect(itemOf(ch, 'first_failed_appraisal').detail).toContain('没有已发布的考核结果');
    expect(itemOf(ch, 'notice').detail).toContain('2026-12-27');
    const en = await chainOf(actionId, c.hr, 'en-US');
    expect(itemOf(en, 'first_failed_appraisal').label).toBe('First failed appraisal');
    expect(itemOf(en, 'union_notified').detail).toMatch(/^Missing: no record that the union was told/);
    // The detail view of the action carries the same chain.
    const view = (await req('GET', `/employment-actions/${actionId}`, c.hr)).json();
    expect(view.chain.items.map((i: Item) => i.status)).toEqual(ch.items.map((i) => i.status));
  });

  it('targets agreed in advance (set by the manager before the quarter) are the communicated standards', async () => {
    at('2025-12-20T02:00:00Z');
    const res = await req('POST', '/targets', c.manager, {
      employeeId: P,
      metric: 'revenue',
      periodType: 'quarter',
      periodStart: '2026-01-01',
      value: '300000',
    });
    expect(res.statusCode, res.body).toBe(201);
    at(TODAY);
    const item = itemOf(await chainOf(actionId), 'standards_communicated');
    expect(item.status).toBe('met');
    expect(item.evidence).toEqual([expect.objectContaining({ kind: 'target', date: '2025-12-20', href: '/targets' })]);
  });

  it('a pool entry alone is not a failed appraisal (末位淘汰 is not incompetence)', async () => {
    const [pool] = await queryRows<{ id: string }>(
      t.deps.db,
      sql`insert into low_performer_pools (org_id, period_type, period_start, policy)
          values (${orgA}, 'month', '2026-02-01', '{}'::jsonb) returning id::text`,
    );
    await run(sql`insert into pool_entries (org_id, pool_id, employee_id, unit_id, reasons, trend, occurrence,
            suggested_step, suggestion_reason, on_optimization_list)
          values (${orgA}, ${pool.id}, ${P}, ${regionId}, '[]'::jsonb, '[]'::jsonb, 1, 'coaching_training',
            '{}'::jsonb, false)`);
    // A B in a published cycle and a failing grade still in calibration do not count either.
    await cycle(P, '2025年第四季度考核', '2025-10-01', '2025-12-31', 'B', { publishedAt: '2026-01-15T02:00:00Z' });
    await cycle(P, '2026年第二季度考核', '2026-04-01', '2026-06-30', 'D', { stage: 'calibration' });
    const ch = await chainOf(actionId);
    const first = itemOf(ch, 'first_failed_appraisal');
    expect(first.status).toBe('missing');
    expect(first.detail).toContain('末位淘汰');
    expect(first.evidence.map((e) => e.kind)).toEqual(['pool_entry']);
    const en = itemOf(await chainOf(actionId, c.hr, 'en-US'), 'first_failed_appraisal');
    expect(en.detail).toContain('A low rank or a pool entry alone is not incompetence');
  });

  it('the first failed appraisal (grade D, published) is found; training or transfer is then needed', async () => {
    q1 = await cycle(P, '2026年第一季度考核', '2026-01-01', '2026-03-31', 'D', {
      publishedAt: '2026-04-10T02:00:00Z',
    });
    const ch = await chainOf(actionId);
    expect(missingOf(ch)).toEqual([
      'training_or_transfer',
      'second_failed_appraisal',
      'art42_checked',
      'union_notified',
    ]);
    const first = itemOf(ch, 'first_failed_appraisal');
    expect(first.detail).toContain('2026年第一季度考核（2026-01-01 至 2026-03-31）已发布的考核等级为 D');
    expect(first.evidence[0]).toMatchObject({ kind: 'appraisal', href: `/review-participants/${q1.participantId}` });
    expect(itemOf(ch, 'training_or_transfer').detail).toContain('2026-03-31');
    // The standards now are judged against that period: the target was agreed before it ended.
    expect(itemOf(ch, 'standards_communicated').detail).toContain('2026-03-31');
  });

  it('an improvement plan after it: running, then failed (the outcome HR recorded)', async () => {
    at('2026-04-14T02:00:00Z');
    const created = await req('POST', '/plans', c.hr, {
      employeeId: P,
      startDate: '2026-04-15',
      endDate: '2026-06-30',
      goals: [
        { kind: 'metric', metricKey: 'revenue', target: '100000', direction: 'higher' },
        { kind: 'behaviour', text: '每周拜访客户不少于 5 次', measure: 'CRM 拜访记录' },
      ],
      checkInDates: ['2026-05-15'],
    });
    expect(created.statusCode, created.body).toBe(201);
    planId = created.json().id;
    const refused = await req('POST', `/plans/${planId}/refusal`, c.hr, {
      version: created.json().version,
      witnessNote: '员工拒绝签字，人力资源部与部门经理在场见证',
    });
    expect(refused.statusCode, refused.body).toBe(200);
    at('2026-05-20T02:00:00Z');
    let ch = await chainOf(actionId);
    expect(itemOf(ch, 'training_or_transfer')).toMatchObject({ status: 'missing' });
    expect(itemOf(ch, 'training_or_transfer').detail).toContain('尚未结束（计划结束日 2026-06-30）');
    expect(itemOf(ch, 'training_or_transfer').evidence[0].href).toBe(`/plans/${planId}`);

    at('2026-07-02T02:00:00Z');
    const fin = await req('POST', `/plans/${planId}/evaluations`, c.manager, {
      version: refused.json().version,
      stage: 'final',
      behaviours: [{ goalIndex: 1, judgement: 'not_met', comment: '拜访不足' }],
      recommendation: '未达成目标',
    });
    expect(fin.statusCode, fin.body).toBe(200);
    const failed = await req('POST', `/plans/${planId}/outcome`, c.hr, {
      version: fin.json().version,
      outcome: 'failed',
      note: '未达成业绩目标',
    });
    expect(failed.statusCode, failed.body).toBe(200);
    at(TODAY);
    ch = await chainOf(actionId);
    expect(itemOf(ch, 'training_or_transfer').status).toBe('met');
    expect(itemOf(ch, 'second_failed_appraisal')).toMatchObject({ status: 'met' });
    expect(itemOf(ch, 'second_failed_appraisal').detail).toContain('结论为未通过');
    // A second failed result after the plan began is preferred as the evidence.
    const q3 = await cycle(P, '2026年第三季度考核', '2026-07-01', '2026-09-30', 'C', {
      publishedAt: '2026-10-12T02:00:00Z',
    });
    ch = await chainOf(actionId);
    expect(itemOf(ch, 'second_failed_appraisal').evidence[0]).toMatchObject({
      kind: 'appraisal',
      id: q3.participantId,
    });
    expect(missingOf(ch)).toEqual(['art42_checked', 'union_notified']);
  });

  it('an open appeal of the first result takes it out of the chain until decided', async () => {
    await run(sql`insert into review_appeals (org_id, cycle_id, participant_id, reason, status)
                  values (${orgA}, ${q1.cycleId}, ${q1.participantId}, '评分有误', 'open')`);
    const ch = await chainOf(actionId);
    // Q3 is then the only failed result: the person had acknowledged earlier results (standards known), but
    // nothing came after it.
    expect(itemOf(ch, 'first_failed_appraisal').detail).toContain('2026年第三季度考核');
    expect(missingOf(ch)).toEqual([
      'training_or_transfer',
      'second_failed_appraisal',
      'art42_checked',
      'union_notified',
    ]);
    expect(itemOf(ch, 'training_or_transfer').detail).toContain('2026-09-30（第一次不合格考核期末）之后没有改进计划');
    await run(sql`update review_appeals set status = 'rejected', decided_at = now()
                  where participant_id = ${q1.participantId}`);
    const after = await chainOf(actionId);
    expect(itemOf(after, 'first_failed_appraisal').status).toBe('met');
    expect(itemOf(after, 'first_failed_appraisal').detail).toContain('申诉未获支持');
  });

  it('submission is refused while links are missing, naming each in zh-CN and en-US', async () => {
    const version = await versionOf(actionId);
    const zh = await req('POST', `/employment-actions/${actionId}/submit`, c.hr, { version });
    expect(zh.statusCode).toBe(422);
    expect(zh.json()).toMatchObject({ code: 'TERMINATION_CHAIN_INCOMPLETE' });
    expect(zh.json().detail).toContain('终止劳动合同的证据链不完整，尚缺');
    expect(zh.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'chain.art42_checked',
      'chain.union_notified',
    ]);
    expect(zh.json().errors[0]).toMatchObject({ code: 'CHAIN_ITEM_MISSING' });
    expect(zh.json().errors[0].message).toContain('HR 尚未填写第四十二条确认清单');
    expect(zh.json().errors[1].message).toContain('事先通知工会');
    const en = await req('POST', `/employment-actions/${actionId}/submit`, c.hr, { version }, 'en-US');
    expect(en.json().errors[0].message).toContain('HR has not completed the Art. 42 checklist');
    expect(en.json().errors[1].message).toContain('Union notified in advance (Art. 43)');
    expect(await versionOf(actionId)).toBe(version);
    expect((await req('GET', `/employment-actions/${actionId}`, c.hr)).json().status).toBe('draft');
  });

  it('the Art. 42 checklist: every item exactly once, admin and hr only, versioned, audited', async () => {
    let version = await versionOf(actionId);
    const missingItem = await req('PUT', `/employment-actions/${actionId}/art42`, c.hr, {
      version,
      items: allNo().slice(0, 5),
    });
    expect(missingItem.statusCode).toBe(422);
    expect(missingItem.json()).toMatchObject({
      code: 'TERMINATION_ART42_INVALID',
      errors: [{ field: 'items.other_statutory', code: 'ART42_ITEM_MISSING', message: '此项未回答，每项都须确认' }],
    });
    const dup = await req('PUT', `/employment-actions/${actionId}/art42`, c.hr, {
      version,
      items: [...allNo(), { item: 'work_injury', applies: true }],
    });
    expect(dup.json().errors).toEqual([
      expect.objectContaining({ field: 'items.6.item', code: 'ART42_ITEM_DUPLICATE' }),
    ]);
    const unknown = await req('PUT', `/employment-actions/${actionId}/art42`, c.hr, {
      version,
      items: [{ item: 'bad_item', applies: false }],
    });
    expect(unknown.statusCode).toBe(400);
    const stale = await req('PUT', `/employment-actions/${actionId}/art42`, c.hr, {
      version: version + 3,
      items: allNo(),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('EMPLOYMENT_ACTION_VERSION_CONFLICT');
    const byManager = await req('PUT', `/employment-actions/${actionId}/art42`, c.manager, { version, items: allNo() });
    expect(byManager.statusCode).toBe(403);
    expect(await versionOf(actionId)).toBe(version);

    // An item that applies blocks, with HR's note.
    const applies = await req('PUT', `/employment-actions/${actionId}/art42`, c.hr, {
      version,
      items: allNo({ medical_treatment_period: { applies: true, note: '病假，医疗期至 2027-02-28' } }),
    });
    expect(applies.statusCode, applies.body).toBe(200);
    expect(applies.json().version).toBe(version + 1);
    const art42 = itemOf(applies.json().chain, 'art42_checked');
    expect(art42.status).toBe('missing');
    expect(art42.detail).toBe(
      '缺少：第四十二条禁止在下列情形下依第四十条解除：患病或非因工负伤，在规定的医疗期内（病假，医疗期至 2027-02-28）。',
    );
    const en = itemOf(await chainOf(actionId, c.hr, 'en-US'), 'art42_checked');
    expect(en.detail).toContain('Art. 42 forbids an Art. 40 termination while: ill or injured off duty');

    version = applies.json().version;
    const ok = await req('PUT', `/employment-actions/${actionId}/art42`, c.hr, { version, items: allNo() });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(itemOf(ok.json().chain, 'art42_checked')).toMatchObject({ status: 'met' });
    expect(itemOf(ok.json().chain, 'art42_checked').detail).toContain('HR 已于 2026-11-27 逐项确认');
    expect(await auditCount('employment_action.art42_confirmed', actionId)).toBe(2);
    const [stored] = await queryRows<{ details: { art42: { confirmedBy: string; items: unknown[] } } }>(
      t.deps.db,
      sql`select details from employment_actions where id = ${actionId}`,
    );
    expect(stored.details.art42.confirmedBy).toBe(t.template.companyA.users.hr.username);
    expect(stored.details.art42.items).toHaveLength(6);
  });

  it('a leave with a note overlapping today is shown as a warning on the Art. 42 item', async () => {
    await run(sql`insert into alert_masks (org_id, employee_id, kind, start_date, end_date, note)
                  values (${orgA}, ${P}, 'leave', '2026-11-20', '2026-12-10', '病假（医院证明）')`);
    const art42 = itemOf(await chainOf(actionId), 'art42_checked');
    expect(art42.status).toBe('met');
    expect(art42.evidence.find((e) => e.kind === 'leave')?.label).toContain('病假（医院证明）');
  });

  it('the union notice: not in the future, a file of this action with the right purpose, audited', async () => {
    let version = await versionOf(actionId);
    const future = await req('PUT', `/employment-actions/${actionId}/union-notice`, c.hr, {
      version,
      notifiedOn: '2026-11-28',
      documentTitle: '关于解除劳动合同的通知',
    });
    expect(future.statusCode).toBe(422);
    expect(future.json()).toMatchObject({
      code: 'TERMINATION_UNION_NOTICE_INVALID',
      errors: [{ field: 'notifiedOn', code: 'UNION_NOTICE_IN_FUTURE' }],
    });
    const wrongFile = await upload(actionId, 'other', '其他材料.pdf');
    const wrong = await req('PUT', `/employment-actions/${actionId}/union-notice`, c.hr, {
      version,
      notifiedOn: '2026-11-25',
      documentTitle: '关于解除劳动合同的通知',
      fileId: wrongFile,
    });
    expect(wrong.json().errors).toEqual([
      expect.objectContaining({ field: 'fileId', code: 'UNION_FILE_WRONG_PURPOSE' }),
    ]);
    const foreign = await req('PUT', `/employment-actions/${actionId}/union-notice`, c.hr, {
      version,
      notifiedOn: '2026-11-25',
      documentTitle: '关于解除劳动合同的通知',
      fileId: '00000000-0000-4000-8000-000000000000',
    });
    expect(foreign.json().errors).toEqual([
      expect.objectContaining({ field: 'fileId', code: 'UNION_FILE_NOT_OF_ACTION' }),
    ]);
    expect(await auditCount('employment_action.union_notified', actionId)).toBe(0);

    version = await versionOf(actionId);
    const fileId = await upload(actionId, 'union_notice', '工会通知书.pdf');
    version = await versionOf(actionId);
    const ok = await req('PUT', `/employment-actions/${actionId}/union-notice`, c.hr, {
      version,
      notifiedOn: '2026-11-25',
      documentTitle: '关于解除劳动合同的通知',
      reply: '工会无异议',
      fileId,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const union = itemOf(ok.json().chain, 'union_notified');
    expect(union).toMatchObject({ status: 'met' });
    expect(union.detail).toBe('已于 2026-11-25 以《关于解除劳动合同的通知》通知工会，并记录了工会的回复。');
    expect(ok.json().chain.complete).toBe(true);
    expect(await auditCount('employment_action.union_notified', actionId)).toBe(1);
  });

  it('30 days’ notice: a last day too early is missing with the earliest date; pay in lieu needs the wage', async () => {
    let version = await versionOf(actionId);
    const patched = await req('PATCH', `/employment-actions/${actionId}`, c.hr, {
      version,
      effectiveDate: '2026-12-20',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    let ch = await chainOf(actionId);
    expect(missingOf(ch)).toEqual(['notice']);
    expect(itemOf(ch, 'notice').detail).toContain('解除日（最后工作日）最早为 2026-12-27');
    expect(itemOf(await chainOf(actionId, c.hr, 'en-US'), 'notice').detail).toContain(
      'notice must be given 30 days before the last day, earliest 2026-12-27',
    );
    version = patched.json().version;
    const inLieu = await req('PATCH', `/employment-actions/${actionId}`, c.hr, {
      version,
      noticeMode: 'pay_in_lieu',
      monthlyWage: null,
    });
    expect(inLieu.statusCode, inLieu.body).toBe(200);
    ch = await chainOf(actionId);
    expect(itemOf(ch, 'notice').detail).toContain('请填写月工资');
    const wage = await req('PATCH', `/employment-actions/${actionId}`, c.hr, {
      version: inLieu.json().version,
      monthlyWage: '15000.00',
    });
    expect(wage.statusCode, wage.body).toBe(200);
    ch = await chainOf(actionId);
    expect(itemOf(ch, 'notice')).toMatchObject({ status: 'met' });
    expect(itemOf(ch, 'notice').detail).toBe('额外支付一个月工资（代通知金）：月工资 15000.00。');
    expect(ch.complete).toBe(true);
    // Back to 30 days' notice with a last day far enough away.
    const back = await req('PATCH', `/employment-actions/${actionId}`, c.hr, {
      version: wage.json().version,
      noticeMode: 'notice_30_days',
      effectiveDate: '2027-01-04',
    });
    expect(back.statusCode, back.body).toBe(200);
    expect((await chainOf(actionId)).complete).toBe(true);
  });

  it('once complete, the submission is accepted', async () => {
    const res = await req('POST', `/employment-actions/${actionId}/submit`, c.hr, {
      version: await versionOf(actionId),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('pending_approval');
    expect(res.json().chain.complete).toBe(true);
  });

  it('an Art. 42 case arising during approval blocks the final approval; once approved the chain is frozen', async () => {
    const decide = (cookie: string, version: number) =>
      req('POST', `/employment-actions/${actionId}/decision`, cookie, { version, decision: 'approve' });
    const m = await decide(c.manager, await versionOf(actionId));
    expect(m.statusCode, m.body).toBe(200);
    const h = await decide(c.hr, m.json().version);
    expect(h.statusCode, h.body).toBe(200);
    // While pending, HR learns of a pregnancy: the checklist may still change, and the last step is refused.
    const pregnant = await req('PUT', `/employment-actions/${actionId}/art42`, c.hr, {
      version: h.json().version,
      items: allNo({ pregnancy_maternity_nursing: { applies: true, note: '孕期（医院证明 2026-11-26）' } }),
    });
    expect(pregnant.statusCode, pregnant.body).toBe(200);
    const refused = await decide(c.admin, pregnant.json().version);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('TERMINATION_CHAIN_INCOMPLETE');
    expect(refused.json().errors).toEqual([
      expect.objectContaining({
        field: 'chain.art42_checked',
        message: expect.stringContaining('女职工在孕期、产期、哺乳期'),
      }),
    ]);
    expect((await req('GET', `/employment-actions/${actionId}`, c.hr)).json().status).toBe('pending_approval');
    // The answer corrected (it was a colleague's certificate), the admin approves.
    const corrected = await req('PUT', `/employment-actions/${actionId}/art42`, c.hr, {
      version: pregnant.json().version,
      items: allNo(),
    });
    const approved = await decide(c.admin, corrected.json().version);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('approved');
    const late = await req('PUT', `/employment-actions/${actionId}/art42`, c.hr, {
      version: approved.json().version,
      items: allNo(),
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('EMPLOYMENT_ACTION_STATE_CONFLICT');
    // An approved termination is judged as of its approval (when notice was given), not as of a later day.
    // (A fresh sign-in that day: the sessions of the other tests would have lapsed by then.)
    at('2026-12-20T02:00:00Z');
    try {
      const later = await chainOf(actionId, await t.login(t.template.companyA.users.hr.username));
      expect(itemOf(later, 'notice')).toMatchObject({ status: 'met' });
      expect(itemOf(later, 'notice').detail).toContain('不早于 2026-12-27');
      expect(later.complete).toBe(true);
    } finally {
      at(TODAY);
    }
  });

  it('scope: managers of the person read the chain only; another region, organization or non-termination refused', async () => {
    const asManager = await req('GET', `/employment-actions/${actionId}/chain`, c.manager);
    expect(asManager.statusCode, asManager.body).toBe(200);
    expect((await req('GET', `/employment-actions/${actionId}/chain`, c.employee)).statusCode).toBe(403);
    const otherOrg = await req('GET', `/employment-actions/${actionId}/chain`, c.hrB);
    expect(otherOrg.statusCode).toBe(404);
    expect(otherOrg.json().code).toBe('EMPLOYMENT_ACTION_NOT_FOUND');
    const none = await req('GET', '/employment-actions/00000000-0000-4000-8000-000000000000/chain', c.hr);
    expect(none.json().code).toBe(otherOrg.json().code);
    // Another region: the manager does not see it.
    const outsider = await person({ unitId: t.template.companyA.otherRegionId, managerId: null });
    const out = await termination({
      employeeId: outsider,
      ground: 'art39',
      effectiveDate: '2026-11-27',
      misconduct: { ruleReference: '员工手册第 5.2 条', facts: '伪造报销单据', occurredOn: '2026-11-02' },
    });
    expect((await req('GET', `/employment-actions/${out.id}/chain`, c.manager)).statusCode).toBe(404);
    const put = await req('PUT', `/employment-actions/${out.id}/art42`, c.hrB, { version: 1, items: allNo() });
    expect(put.statusCode).toBe(404);
    // A coaching record has no chain.
    const coaching = await req('POST', '/employment-actions', c.hr, {
      kind: 'coaching',
      employeeId: P,
      effectiveDate: '2026-11-20',
      reason: '业绩辅导',
      topic: '客户拜访',
      notes: '讨论了拜访计划',
    });
    expect(coaching.statusCode, coaching.body).toBe(201);
    const notTermination = await req('GET', `/employment-actions/${coaching.json().id}/chain`, c.hr);
    expect(notTermination.statusCode).toBe(422);
    expect(notTermination.json().code).toBe('TERMINATION_NOT_A_TERMINATION');
    // Art. 42 is only for Art. 40(2); the checklist cannot be written once submitted… for other grounds at all.
    const art42OnArt39 = await req('PUT', `/employment-actions/${out.id}/art42`, c.hr, { version: 1, items: allNo() });
    expect(art42OnArt39.json().code).toBe('TERMINATION_ART42_NOT_APPLICABLE');
  });
});

describe('Art. 42(5) from the ID number', () => {
  it('15 years of service within 5 years of retirement blocks, whatever HR answered; the read is audited', async () => {
    const P = await person({
      hireDate: '2008-03-03',
      contractStartDate: '2008-03-03',
      idNumber: idNumber('1968-06-01', true),
    });
    const a = await termination({
      employeeId: P,
      ground: 'art40_2',
      effectiveDate: '2027-01-04',
      noticeMode: 'notice_30_days',
    });
    const before = await auditCount('employee.personal_read', P);
    const put = await req('PUT', `/employment-actions/${a.id}/art42`, c.hr, { version: a.version, items: allNo() });
    expect(put.statusCode, put.body).toBe(200);
    const item = itemOf(put.json().chain, 'art42_checked');
    expect(item.status).toBe('missing');
    expect(item.detail).toContain('第四十二条第（五）项保护此人：在本单位连续工作 18 年，58 岁');
    expect(item.detail).toContain('男 60 岁、女 55 岁');
    const en = itemOf(await chainOf(a.id, c.hr, 'en-US'), 'art42_checked');
    expect(en.detail).toContain('Art. 42(5) protects this person: 18 years of continuous service, aged 58');
    expect(await auditCount('employee.personal_read', P)).toBeGreaterThan(before);
    // The ID number itself is never in the answer.
    expect(JSON.stringify(put.json())).not.toContain(idNumber('1968-06-01', true));

    // A younger colleague with the same service is not protected, and nothing is read for short service.
    const young = await person({
      hireDate: '2008-03-03',
      contractStartDate: '2008-03-03',
      idNumber: idNumber('1980-06-01', true),
    });
    const b = await termination({
      employeeId: young,
      ground: 'art40_2',
      effectiveDate: '2027-01-04',
      noticeMode: 'notice_30_days',
    });
    const ok = await req('PUT', `/employment-actions/${b.id}/art42`, c.hr, { version: b.version, items: allNo() });
    expect(itemOf(ok.json().chain, 'art42_checked').status).toBe('met');
    const shortService = await person({ idNumber: idNumber('1966-01-01', false) });
    const s = await termination({
      employeeId: shortService,
      ground: 'art40_2',
      effectiveDate: '2027-01-04',
      noticeMode: 'notice_30_days',
    });
    await chainOf(s.id);
    expect(await auditCount('employee.personal_read', shortService)).toBe(0);
  });
});

describe('the other grounds', () => {
  it('Art. 21/39(1): only within probation, with a failed probation review and the union notified', async () => {
    const P = await person({
      status: 'probation',
      hireDate: '2026-09-01',
      contractType: 'fixed_term',
      contractStartDate: '2026-09-01',
      contractEndDate: '2029-08-31',
      probationEndDate: '2026-12-31',
    });
    const a = await termination({ employeeId: P, ground: 'art21_probation', effectiveDate: '2027-01-08' });
    let ch = await chainOf(a.id);
    expect(ch.items.map((i) => [i.key, i.status])).toEqual([
      ['in_probation', 'missing'],
      ['probation_review_failed', 'missing'],
      ['union_notified', 'missing'],
      ['art42_checked', 'not_applicable'],
      ['notice', 'not_applicable'],
    ]);
    expect(itemOf(ch, 'in_probation').detail).toContain('晚于试用期结束日 2026-12-31');
    expect(itemOf(await chainOf(a.id, c.hr, 'en-US'), 'in_probation').detail).toContain(
      'an Art. 21/39(1) termination must happen before probation ends',
    );
    const patched = await req('PATCH', `/employment-actions/${a.id}`, c.hr, {
      version: a.version,
      effectiveDate: '2026-12-15',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    await run(sql`insert into probation_reviews (org_id, employee_id, probation_end_date, status, opened_by,
                    hiring_conditions, reasons, decided_at)
                  values (${orgA}, ${P}, '2026-12-31', 'failed', 'manual', '试用期内月销售额不低于 5 万元',
                    ${JSON.stringify([{ condition: '月销售额不低于 5 万元', evidence: '9–11 月分别为 1.2、0.8、1.5 万元' }])}::jsonb,
                    '2026-11-20T02:00:00Z')`);
    const union = await req('PUT', `/employment-actions/${a.id}/union-notice`, c.hr, {
      version: patched.json().version,
      notifiedOn: '2026-11-26',
      documentTitle: '试用期解除通知（工会）',
    });
    expect(union.statusCode, union.body).toBe(200);
    ch = union.json().chain;
    expect(ch.complete).toBe(true);
    expect(itemOf(ch, 'probation_review_failed').detail).toContain('月销售额不低于 5 万元');
    // Art. 42 does not restrict this ground.
    const art42 = await req('PUT', `/employment-actions/${a.id}/art42`, c.hr, {
      version: union.json().version,
      items: allNo(),
    });
    expect(art42.json().code).toBe('TERMINATION_ART42_NOT_APPLICABLE');
  });

  it('Art. 39: the misconduct recorded and at least one evidence file', async () => {
    const P = await person();
    const a = await termination({
      employeeId: P,
      ground: 'art39',
      effectiveDate: '2026-11-30',
      misconduct: { ruleReference: '员工手册第 5.2 条', facts: '伪造报销单据三张', occurredOn: '2026-11-02' },
    });
    let ch = await chainOf(a.id);
    expect(missingOf(ch)).toEqual(['misconduct_evidence', 'union_notified']);
    expect(itemOf(ch, 'misconduct_recorded').detail).toBe('违反《员工手册第 5.2 条》，发生于 2026-11-02，事实已记录。');
    await upload(a.id, 'misconduct_evidence', '报销单据复印件.pdf');
    const union = await req('PUT', `/employment-actions/${a.id}/union-notice`, c.hr, {
      version: await versionOf(a.id),
      notifiedOn: '2026-11-27',
      documentTitle: '违纪解除通知（工会）',
    });
    expect(union.statusCode, union.body).toBe(200);
    ch = union.json().chain;
    expect(ch.complete).toBe(true);
    expect(itemOf(ch, 'misconduct_evidence').evidence[0]).toMatchObject({ kind: 'file', label: '报销单据复印件.pdf' });
    // A union notice on or after the last day is refused.
    const late = await req('PUT', `/employment-actions/${a.id}/union-notice`, c.hr, {
      version: union.json().version,
      notifiedOn: '2026-11-30',
      documentTitle: 'x',
    });
    expect(late.statusCode).toBe(422);
  });

  it('Art. 36: missing until the signed agreement is uploaded; no union notice', async () => {
    const P = await person();
    const a = await termination({
      employeeId: P,
      ground: 'art36_mutual',
      effectiveDate: '2026-12-31',
      reason: '协商一致',
    });
    let ch = await chainOf(a.id);
    expect(ch.items.map((i) => [i.key, i.status])).toEqual([
      ['signed_agreement', 'missing'],
      ['severance', 'missing'],
      ['art42_checked', 'not_applicable'],
      ['union_notified', 'not_applicable'],
      ['notice', 'not_applicable'],
    ]);
    expect(itemOf(await chainOf(a.id, c.hr, 'en-US'), 'severance').detail).toBe(
      'Missing: enter the monthly wage to compute severance.',
    );
    const submit = await req('POST', `/employment-actions/${a.id}/submit`, c.hr, { version: a.version }, 'en-US');
    expect(submit.statusCode).toBe(422);
    expect(submit.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'chain.signed_agreement',
      'chain.severance',
    ]);
    const union = await req('PUT', `/employment-actions/${a.id}/union-notice`, c.hr, {
      version: a.version,
      notifiedOn: '2026-11-27',
      documentTitle: 'x',
    });
    expect(union.json().code).toBe('TERMINATION_UNION_NOT_APPLICABLE');
    await upload(a.id, 'signed_agreement', '解除协议（双方签字）.pdf');
    const wage = await req('PATCH', `/employment-actions/${a.id}`, c.hr, {
      version: await versionOf(a.id),
      monthlyWage: '12000.00',
    });
    expect(wage.statusCode, wage.body).toBe(200);
    ch = await chainOf(a.id);
    expect(ch.complete).toBe(true);
    expect(itemOf(ch, 'signed_agreement').detail).toContain('解除协议（双方签字）.pdf');
  });
});
