import { DEFAULT_GRADE_SCALE } from '@stride/domain';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { defaultGradeMap, potentialOf } from './talent.rules';

// Talent review through HTTP on a real database: placement computation, calibration moves with reasons and their
// history, the finalize lock, promotion reserve, flight risk, succession scope, the talent card, the exit analysis
// on hand-built figures, and who may see what.

let t: TestContext;
const c = {} as Record<'admin' | 'hr' | 'manager' | 'employee' | 'hrB', string>;
let orgA: string;
let managerSelf: string;
let P1: string;
let P2: string;
let P3: string;
let outsider: string;
let cycle2: string;
let reviewId: string;
let otherReviewId: string;

const run = (q: ReturnType<typeof sql>) => t.deps.db.execute(q);
const get = (url: string, cookie: string) => t.request({ url, cookie });
/** Every write happens a second after the one before, as it would in a meeting (history is ordered by time). */
const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, cookie: string, body?: unknown, lang = 'zh-CN') => {
  t.clock.now = new Date(t.clock.now.getTime() + 1000);
  return t.request({ method, url, cookie, body, headers: { 'accept-language': lang } });
};
const all4 = { customer_insight: 4, negotiation: 4, collaboration: 4, leadership: 4 };
const all3 = { customer_insight: 3, negotiation: 3, collaboration: 3, leadership: 3 };
const all5 = { customer_insight: 5, negotiation: 5, collaboration: 5, leadership: 5 };

async function cycle(periodStart: string, stage: string, grades: [string, string, number][]) {
  const [{ id }] = await queryRows<{ id: string }>(
    t.deps.db,
    sql`insert into review_cycles (org_id, name, kind, period_type, period_start, period_end, population, stage,
          grade_scale, published_at)
        values (${orgA}, ${`盘点测试 ${periodStart}`}, 'monthly', 'month', ${periodStart},
          (${periodStart}::date + interval '1 month' - interval '1 day')::date, '{}'::jsonb, ${stage},
          ${JSON.stringify({ name: '默认', bands: DEFAULT_GRADE_SCALE.bands, guideline: null })}::jsonb,
          ${stage === 'draft' ? null : `${periodStart}T02:00:00Z`})
        returning id::text`,
  );
  const [tpl] = await queryRows<{ id: string }>(
    t.deps.db,
    sql`insert into scorecard_templates (org_id, name, current_version) values (${orgA}, ${`盘点模板 ${periodStart}`}, 1)
        returning id::text`,
  );
  for (const [employeeId, grade, total] of grades)
    await run(sql`insert into review_participants (org_id, cycle_id, employee_id, unit_id, tenure_stage, template_id,
            template_version, inputs, result, total, computed_grade, grade)
          select ${orgA}, ${id}, e.id, e.unit_id, 'tenured', ${tpl.id}, 1, '{}'::jsonb, '{}'::jsonb, ${total},
            ${grade}, ${grade} from employees e where e.id = ${employeeId}`);
  return id;
}

const placementOf = async (cookie: string, employeeId: string, id = reviewId) => {
  const detail = (await get(`/api/v1/talent-reviews/${id}`, cookie)).json();
  return detail.placements.find((p: { employee: { id: string } }) => p.employee.id === employeeId);
};

beforeAll(async () => {
  t = await createTestContext();
  const { companyA, companyB } = t.template;
  for (const r of ['admin', 'hr', 'manager', 'employee'] as const) c[r] = await t.login(companyA.users[r].username);
  c.hrB = await t.login(companyB.users.hr.username);
  managerSelf = companyA.users.manager.employeeId!;
  const [org] = await queryRows<{ org_id: string }>(
    t.deps.db,
    sql`select org_id::text from employees where id = ${managerSelf}`,
  );
  orgA = org.org_id;
  const inRegion = await queryRows<{ id: string }>(
    t.deps.db,
    sql`select id::text from employees where unit_id in (with recursive s as (
          select id from org_units where id = ${companyA.managedRegionId}
          union select u.id from org_units u join s on u.parent_id = s.id) select id from s)
        and status <> 'exited' and id <> ${managerSelf} and id <> ${companyA.users.employee.employeeId}
        order by employee_no limit 3`,
  );
  [P1, P2, P3] = inRegion.map((r) => r.id);
  const [out] = await queryRows<{ id: string }>(
    t.deps.db,
    sql`select id::text from employees where unit_id = ${companyA.otherRegionId} or unit_id in (
          select id from org_units where parent_id = ${companyA.otherRegionId}) order by employee_no limit 1`,
  );
  outsider = out.id;
  // Far in the future, so these two are the organization's latest published cycles.
  await cycle('2030-01-01', 'closed', [
    [P1, 'A', 80],
    [P2, 'S', 92],
    [P3, 'B', 70],
    [outsider, 'A', 80],
  ]);
  cycle2 = await cycle('2030-02-01', 'published', [
    [P1, 'S', 90],
    [P2, 'A', 84],
    [P3, 'A', 88],
    [outsider, 'A', 81],
  ]);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('potential and placement rules', () => {
  it('maps grades to performance and ratings to potential with the formula', () => {
    expect(defaultGradeMap(['S', 'A', 'B', 'C', 'D'])).toEqual({
      S: 'high',
      A: 'high',
      B: 'medium',
      C: 'low',
      D: 'low',
    });
    const config = {
      gradeMap: {},
      competencies: [{ key: 'a', name: 'A' }],
      learningWeight: 0.4,
      thresholds: { medium: 3, high: 4 },
    };
    expect(potentialOf(config, { a: 4 }, 5)).toEqual({ score: 4.4, level: 'high' });
    expect(potentialOf(config, { a: 3 }, 2)).toEqual({ score: 2.6, level: 'low' });
    expect(potentialOf(config, { a: 3 }, 3)).toEqual({ score: 3, level: 'medium' });
  });
});

describe('talent reviews', () => {
  it('is opened by hr on a published cycle only, with performance from final grades', async () => {
    const draft = await cycle('2030-03-01', 'draft', []);
    const refused = await send('POST', '/api/v1/talent-reviews', c.hr, {
      name: '草稿',
      unitId: t.template.companyA.managedRegionId,
      cycleId: draft,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('TALENT_CYCLE_NOT_PUBLISHED');
    expect(
      (
        await send('POST', '/api/v1/talent-reviews', c.manager, {
          name: 'x',
          unitId: t.template.companyA.managedRegionId,
          cycleId: cycle2,
        })
      ).statusCode,
    ).toBe(403);

    const res = await send('POST', '/api/v1/talent-reviews', c.hr, {
      name: '2030 华东盘点',
      unitId: t.template.companyA.managedRegionId,
      cycleId: cycle2,
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    reviewId = body.id;
    expect(body.people).toBe(3);
    expect(body.placed).toBe(0);
    expect(body.formula).toContain('0.6');
    const p3 = body.placements.find((p: { employee: { id: string } }) => p.employee.id === P3);
    expect(p3).toMatchObject({ grade: 'A', performance: 'high', potential: null, box: null });

    const other = await send('POST', '/api/v1/talent-reviews', c.hr, {
      name: '另一大区',
      unitId: t.template.companyA.otherRegionId,
      cycleId: cycle2,
    });
    otherReviewId = other.json().id;
    expect(other.json().people).toBe(1);
  });

  it('takes a configured grade map, competency list and weight, and refuses unknown grades', async () => {
    const bad = await send('POST', '/api/v1/talent-reviews', c.hr, {
      name: '配置错误',
      unitId: t.template.companyA.otherRegionId,
      cycleId: cycle2,
      config: { gradeMap: { Z: 'high' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'config.gradeMap.Z', code: 'GRADE_MAP_UNKNOWN_GRADE' });
    const res = await send('POST', '/api/v1/talent-reviews', c.hr, {
      name: '自定义配置',
      unitId: t.template.companyA.otherRegionId,
      cycleId: cycle2,
      config: { gradeMap: { A: 'medium' }, competencies: [{ key: 'c1', name: '学习力' }], learningWeight: 0 },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.placements[0]).toMatchObject({ grade: 'A', performance: 'medium' });
    const rated = await send(
      'PUT',
      `/api/v1/talent-reviews/${body.id}/placements/${body.placements[0].employee.id}/ratings`,
      c.hr,
      { ratings: { c1: 4 }, learningAgility: 1, version: 1 },
    );
    expect(rated.json()).toMatchObject({ potentialScore: '4.00', box: 'medium-high' });
  });

  it('computes the box from ratings entered by the manager', async () => {
    const p1 = await placementOf(c.manager, P1);
    const rated = await send('PUT', `/api/v1/talent-reviews/${reviewId}/placements/${P1}/ratings`, c.manager, {
      ratings: all4,
      learningAgility: 5,
      version: p1.version,
    });
    expect(rated.statusCode).toBe(200);
    expect(rated.json()).toMatchObject({
      potential: 'high',
      potentialScore: '4.40',
      computedBox: 'high-high',
      box: 'high-high',
    });

    const missing = await send('PUT', `/api/v1/talent-reviews/${reviewId}/placements/${P3}/ratings`, c.manager, {
      ratings: { customer_insight: 3 },
      learningAgility: 2,
      version: 1,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toContain('ratings.negotiation');

    const p3 = await send('PUT', `/api/v1/talent-reviews/${reviewId}/placements/${P3}/ratings`, c.manager, {
      ratings: all3,
      learningAgility: 2,
      version: 1,
    });
    expect(p3.json()).toMatchObject({ potential: 'low', computedBox: 'high-low', box: 'high-low', moved: false });
    const p2 = await send('PUT', `/api/v1/talent-reviews/${reviewId}/placements/${P2}/ratings`, c.hr, {
      ratings: all5,
      learningAgility: 4,
      version: 1,
    });
    expect(p2.json().box).toBe('high-high');
    const stale = await send('PUT', `/api/v1/talent-reviews/${reviewId}/placements/${P2}/ratings`, c.hr, {
      ratings: all5,
      learningAgility: 4,
      version: 1,
    });
    expect(stale.json().code).toBe('TALENT_PLACEMENT_VERSION_CONFLICT');
  });

  it('moves a person in calibration only with a reason, and keeps every change', async () => {
    const before = await placementOf(c.manager, P3);
    const noReason = await send(
      'POST',
      `/api/v1/talent-reviews/${reviewId}/placements/${P3}/move`,
      c.manager,
      { box: 'medium-medium', reason: '  ', version: before.version },
      'en-US',
    );
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('TALENT_REASON_REQUIRED');
    expect(noReason.json().detail).toMatch(/reason/);
    const unchanged = await placementOf(c.manager, P3);
    expect(unchanged).toMatchObject({ box: 'high-low', version: before.version });
    const h0 = (await get(`/api/v1/talent-reviews/${reviewId}/placements/${P3}/history`, c.hr)).json().items;
    expect(h0).toHaveLength(1);

    const moved = await send('POST', `/api/v1/talent-reviews/${reviewId}/placements/${P3}/move`, c.manager, {
      box: 'medium-medium',
      reason: '本季大单靠团队支援，个人业绩偏高',
      version: before.version,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ box: 'medium-medium', computedBox: 'high-low', moved: true });

    // A later rating changes the computed box, never the calibrated one.
    const rerated = await send('PUT', `/api/v1/talent-reviews/${reviewId}/placements/${P3}/ratings`, c.hr, {
      ratings: all3,
      learningAgility: 3,
      version: moved.json().version,
    });
    expect(rerated.json()).toMatchObject({ computedBox: 'high-medium', box: 'medium-medium' });

    const history = (await get(`/api/v1/talent-reviews/${reviewId}/placements/${P3}/history`, c.manager)).json().items;
    expect(history.map((h: { source: string }) => h.source)).toEqual(['computed', 'calibration', 'computed']);
    expect(history[1]).toMatchObject({
      fromBox: 'high-low',
      toBox: 'medium-medium',
      computedBox: 'high-low',
      reason: '本季大单靠团队支援，个人业绩偏高',
      actor: t.template.companyA.users.manager.username,
    });
    const [audit] = await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from audit_events where action = 'talent_placement.moved' and org_id = ${orgA}`,
    );
    expect(audit.n).toBe(1);
  });

  it('keeps reviews to their scope', async () => {
    expect((await get('/api/v1/talent-reviews', c.employee)).statusCode).toBe(403);
    expect((await get(`/api/v1/talent-reviews/${reviewId}`, c.employee)).statusCode).toBe(403);
    const list = (await get('/api/v1/talent-reviews', c.manager)).json().items.map((r: { id: string }) => r.id);
    expect(list).toContain(reviewId);
    expect(list).not.toContain(otherReviewId);
    const other = await get(`/api/v1/talent-reviews/${otherReviewId}`, c.manager);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('TALENT_REVIEW_NOT_FOUND');
    const rateOther = await send(
      'PUT',
      `/api/v1/talent-reviews/${otherReviewId}/placements/${outsider}/ratings`,
      c.manager,
      { ratings: all4, learningAgility: 4, version: 1 },
    );
    expect(rateOther.statusCode).toBe(404);
    const otherOrg = await get(`/api/v1/talent-reviews/${reviewId}`, c.hrB);
    expect(otherOrg.statusCode).toBe(404);
    expect((await get(`/api/v1/talent-reviews/${reviewId}/placements/${P1}/history`, c.hrB)).statusCode).toBe(404);
  });

  it('is finalized by hr only and then locked', async () => {
    const detail = (await get(`/api/v1/talent-reviews/${reviewId}`, c.hr)).json();
    expect(detail.canFinalize).toBe(true);
    expect(
      (await send('POST', `/api/v1/talent-reviews/${reviewId}/finalize`, c.manager, { version: detail.version }))
        .statusCode,
    ).toBe(403);
    const stale = await send('POST', `/api/v1/talent-reviews/${reviewId}/finalize`, c.hr, { version: 99 });
    expect(stale.json().code).toBe('TALENT_REVIEW_VERSION_CONFLICT');
    const done = await send('POST', `/api/v1/talent-reviews/${reviewId}/finalize`, c.hr, { version: detail.version });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'finalized', canFinalize: false });
    const p1 = await placementOf(c.hr, P1);
    const locked = await send('POST', `/api/v1/talent-reviews/${reviewId}/placements/${P1}/move`, c.hr, {
      box: 'medium-high',
      reason: '试图在定稿后调整',
      version: p1.version,
    });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().code).toBe('TALENT_REVIEW_FINALIZED');
    expect((await placementOf(c.hr, P1)).box).toBe('high-high');
  });
});

describe('promotion reserve and flight risk', () => {
  it('lists sustained high grades with a rising score, in scope', async () => {
    const hr = (await get('/api/v1/talent/reserve', c.hr)).json();
    expect(hr.criteria).toMatchObject({ cycles: 2, minGrade: 'A', grades: ['S', 'A'] });
    const ids = hr.items.map((i: { employee: { id: string } }) => i.employee.id);
    // P1 A→S 80→90 and the outsider A→A 80→81 qualify; P2's score fell, P3 was B before.
    expect(ids).toEqual(expect.arrayContaining([P1, outsider]));
    expect(ids).not.toContain(P2);
    expect(ids).not.toContain(P3);
    const p1 = hr.items.find((i: { employee: { id: string } }) => i.employee.id === P1);
    expect(p1.scoreDelta).toBe('10.00');
    expect(p1.grades.map((g: { grade: string }) => g.grade)).toEqual(['A', 'S']);
    const mgr = (await get('/api/v1/talent/reserve', c.manager))
      .json()
      .items.map((i: { employee: { id: string } }) => i.employee.id);
    expect(mgr).toContain(P1);
    expect(mgr).not.toContain(outsider);
    const strict = (await get('/api/v1/talent/reserve?minGrade=S', c.hr)).json();
    expect(strict.items).toHaveLength(0);
    expect((await get('/api/v1/talent/reserve', c.employee)).statusCode).toBe(403);
  });

  it('flags by hand with a reason and suggests a top-box person with a live activity drop', async () => {
    const noReason = await send('PUT', `/api/v1/talent/flight-risks/${P1}`, c.manager, { flagged: true });
    expect(noReason.json().code).toBe('TALENT_REASON_REQUIRED');
    const flagged = await send('PUT', `/api/v1/talent/flight-risks/${P1}`, c.manager, {
      flagged: true,
      reason: '猎头接触，本人提到考虑机会',
    });
    expect(flagged.json()).toMatchObject({ flagged: true, reason: '猎头接触，本人提到考虑机会' });
    expect(
      (await send('PUT', `/api/v1/talent/flight-risks/${outsider}`, c.manager, { flagged: true, reason: 'x' }))
        .statusCode,
    ).toBe(404);

    const [rule] = await queryRows<{ id: string }>(
      t.deps.db,
      sql`insert into alert_rules (org_id, kind, name, metric_key, period_type, params, scope, severity, min_periods,
            cooldown_days, recipients)
          values (${orgA}, 'activity_drop', '活动量下降', 'visits', 'week', '{}'::jsonb, '{}'::jsonb, 'warning', 3, 30,
            '{}'::jsonb) returning id::text`,
    );
    await run(sql`insert into alerts (org_id, rule_id, rule_version, employee_id, status, severity, confidence, evidence)
          values (${orgA}, ${rule.id}, 1, ${P2}, 'open', 'warning', 0.8, '{}'::jsonb)`);
    const list = (await get('/api/v1/talent/flight-risks', c.manager)).json().items;
    expect(list.find((i: { employeeId: string }) => i.employeeId === P1)).toMatchObject({ flagged: true });
    expect(list.find((i: { employeeId: string }) => i.employeeId === P2)).toMatchObject({
      flagged: false,
      suggested: true,
      liveActivityDropAlerts: 1,
    });
  });
});

describe('succession', () => {
  let keyId: string;
  it('lets hr mark a key position and managers add people of their scope only', async () => {
    const positions = (await get('/api/v1/positions', c.hr)).json().items;
    const body = { positionId: positions[0].id, unitId: t.template.companyA.managedRegionId, note: '大区经理' };
    expect((await send('POST', '/api/v1/talent/key-positions', c.manager, body)).statusCode).toBe(403);
    const created = await send('POST', '/api/v1/talent/key-positions', c.hr, body);
    expect(created.statusCode).toBe(201);
    keyId = created.json().id;
    expect((await send('POST', '/api/v1/talent/key-positions', c.hr, body)).json().code).toBe('KEY_POSITION_EXISTS');

    const added = await send('POST', `/api/v1/talent/key-positions/${keyId}/candidates`, c.manager, {
      employeeId: P1,
      readiness: 'ready_now',
      notes: '已带新人两名',
    });
    expect(added.statusCode).toBe(200);
    expect(added.json().candidates[0]).toMatchObject({ readiness: 'ready_now', inReserve: true });

    const outside = await send('POST', `/api/v1/talent/key-positions/${keyId}/candidates`, c.manager, {
      employeeId: outsider,
      readiness: 'later',
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0]).toMatchObject({ field: 'employeeId', code: 'EMPLOYEE_OUT_OF_SCOPE' });
    const otherOrg = await send('POST', `/api/v1/talent/key-positions/${keyId}/candidates`, c.hrB, {
      employeeId: P1,
      readiness: 'later',
    });
    expect(otherOrg.statusCode).toBe(404);

    const cand = added.json().candidates[0];
    const changed = await send('PUT', `/api/v1/talent/succession-candidates/${cand.id}`, c.manager, {
      readiness: '1_2_years',
      version: cand.version,
    });
    expect(changed.json().candidates[0].readiness).toBe('1_2_years');
    const stale = await send('PUT', `/api/v1/talent/succession-candidates/${cand.id}`, c.manager, {
      readiness: 'later',
      version: cand.version,
    });
    expect(stale.json().code).toBe('SUCCESSION_CANDIDATE_VERSION_CONFLICT');
    expect((await get('/api/v1/talent/key-positions', c.employee)).statusCode).toBe(403);
  });

  it('shows the talent card to people in scope', async () => {
    const card = await get(`/api/v1/talent/cards/${P1}`, c.manager);
    expect(card.statusCode).toBe(200);
    const body = card.json();
    expect(body.competencies.items).toHaveLength(4);
    expect(body.competencies.learningAgility).toBe(5);
    expect(body.grades.slice(-2).map((g: { grade: string }) => g.grade)).toEqual(['A', 'S']);
    expect(body.currentBox).toBe('high-high');
    expect(body.boxes).toHaveLength(1);
    expect(body.flightRisk.flagged).toBe(true);
    expect(body.succession).toHaveLength(1);
    expect((await get(`/api/v1/talent/cards/${outsider}`, c.manager)).statusCode).toBe(404);
    expect((await get(`/api/v1/talent/cards/${managerSelf}`, c.manager)).statusCode).toBe(404);
    expect((await get(`/api/v1/talent/cards/${P1}`, c.employee)).statusCode).toBe(403);
    expect((await get(`/api/v1/talent/cards/${P1}`, c.hrB)).statusCode).toBe(404);
  });
});

describe('exit analysis', () => {
  it('compares leavers with their cohort and with stayers', async () => {
    // P3 and P2 leave; P1 and two others of the same position stay. Metric values for 2030-03 by hand.
    const [pos] = await queryRows<{ id: string }>(
      t.deps.db,
      sql`insert into positions (org_id, name, job_family, level) values (${orgA}, '盘点测试岗', 'sales', 'P3')
          returning id::text`,
    );
    const [s2, s3] = (
      await queryRows<{ id: string }>(
        t.deps.db,
        sql`select id::text from employees where org_id = ${orgA} and id not in (${P1}, ${P2}, ${P3})
            and status <> 'exited' order by employee_no desc limit 2`,
      )
    ).map((r) => r.id);
    const values: [string, number][] = [
      [P3, 50],
      [P2, 70],
      [P1, 100],
      [s2, 120],
      [s3, 80],
    ];
    for (const [id, v] of values) {
      await run(sql`update employees set position_id = ${pos.id} where id = ${id}`);
      await run(sql`insert into metric_values (org_id, metric_key, period_type, period_start, employee_id, value)
            values (${orgA}, 'talent_test', 'month', '2030-03-01', ${id}, ${v})`);
    }
    await run(sql`update employees set status = 'exited', exit_date = '2030-03-20' where id in (${P2}, ${P3})`);

    const res = await get('/api/v1/talent/exit-analysis?from=2030-03-01&to=2030-03-31', c.hr);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.people.map((p: { employee: { id: string } }) => p.employee.id).sort()).toEqual([P2, P3].sort());
    const p3 = body.people.find((p: { employee: { id: string } }) => p.employee.id === P3);
    // Cohort of P3: 70, 100, 120, 80 → median 90.
    expect(p3.metrics.find((m: { key: string }) => m.key === 'talent_test')).toMatchObject({
      value: '50.00',
      reference: '90.00',
      gap: '-40.00',
    });
    expect(p3.lastGrade).toBe('A');
    // Stayers rated: P1 only (4 each) → P3's 3s are 1 below.
    expect(p3.competencies[0]).toMatchObject({ value: '3.00', reference: '4.00', gap: '-1.00' });
    const group = body.byPosition.find((g: { position: { id: string } | null }) => g.position?.id === pos.id);
    expect(group.leavers).toBe(2);
    // (−40/90 + −20/90) / 2 = −33.3 %
    expect(group.metrics.find((m: { key: string }) => m.key === 'talent_test').averageGapPercent).toBe('-33.3');

    const mgr = (await get('/api/v1/talent/exit-analysis?from=2030-03-01&to=2030-03-31', c.manager)).json();
    expect(mgr.people).toHaveLength(2);
    expect((await get('/api/v1/talent/exit-analysis?from=2030-03-01&to=2030-03-31', c.hrB)).json().people).toHaveLength(
      0,
    );
    expect((await get('/api/v1/talent/exit-analysis?from=2030-03-31&to=2030-03-01', c.hr)).statusCode).toBe(400);
    expect((await get('/api/v1/talent/exit-analysis?from=2030-03-01&to=2030-03-31', c.employee)).statusCode).toBe(403);
  });
});
