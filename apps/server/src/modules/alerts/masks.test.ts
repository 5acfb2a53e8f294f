import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { alertEvaluationIdle, drainOrg } from './scheduler';

/**
 * Masks derived from what HR records elsewhere (alerts/data.ts loadMasks), judged through the real evaluation
 * path: a transfer (a job-history row that changes unit or position) masks the period it falls in, a quota
 * reset (a target changed after its period started) masks that target's period for its metric. A masked
 * month is not judged, so a decline that needs it does not fire.
 */
let t: TestContext;
let hr: string;
let key: string;
let probeRule: string;
type P = { id: string; employee_no: string; unit_id: string; position_id: string; manager_id: string | null };
/** Tenured salespeople of the managed region with one assignment since their hire date. */
let ctrl: P;
let moved: P;
let promoted: P;
let newManager: P;
let quota: P;
let otherQuota: P;
let yearQuota: P;
let later: P;
let teams: string[];
let senior: string;

const at = (day: string) => new Date(`${day}T02:00:00Z`);
const req = (method: 'POST' | 'PATCH', url: string, body: unknown) => t.request({ method, url, cookie: hr, body });
const send = async (activities: unknown[]) => {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/activities',
    body: { activities },
    headers: { authorization: `Bearer ${key}` },
    origin: null,
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().rejectedCount).toBe(0);
  await alertEvaluationIdle(t.database.db);
};
/** Revenue falling 100k → 80k → 60k → 40k over July–October: three falls, 60% in all. */
const decline = (p: P) =>
  ['07', '08', '09', '10'].map((m, i) => ({
    externalId: `MASK-${p.employee_no}-${m}`,
    type: 'order',
    employeeNo: p.employee_no,
    occurredAt: `2026-${m}-10T10:00:00+08:00`,
    amount: String(100_000 - i * 20_000),
  }));
const probeAlerts = async (p: P) =>
  (await t.request({ url: `/api/v1/alerts?employeeId=${p.id}&ruleId=${probeRule}&limit=20`, cookie: hr })).json()
    .items as { id: string; status: string; resolutionNote: string | null; period: string }[];
const masksOf = async (p: P) =>
  (await t.request({ url: `/api/v1/alert-masks?employeeId=${p.id}`, cookie: hr })).json().items as {
    kind: string;
    startDate: string;
    endDate: string;
    source: string;
    note: string | null;
  }[];
const setTarget = async (p: P, metric: string, periodType: string, periodStart: string, value: number) => {
  const res = await req('POST', '/api/v1/targets', {
    employeeId: p.id,
    metric,
    periodType,
    periodStart,
    value,
    reason: '年中调整区域，目标随之重置',
  });
  expect(res.statusCode, res.body).toBe(201);
};

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = at('2026-11-27');
  hr = await t.login('hr');
  key = await t.integrationKey(await t.login('admin'), 'crm');
  const { companyA } = t.template;
  const people = await queryRows<P>(
    t.database.db,
    sql`with recursive sub as (select id from org_units where id = ${companyA.managedRegionId}
          union select u.id from org_units u join sub on u.parent_id = sub.id)
        select e.id::text as id, e.employee_no, e.unit_id::text as unit_id, e.position_id::text as position_id,
          e.manager_id::text as manager_id
        from employees e join positions p on p.id = e.position_id
        where e.org_id = ${companyA.orgId} and e.status = 'regular' and e.regularization_date < '2025-06-01'
          and p.name = '销售代表' and e.unit_id in (select id from sub)
          and e.id not in (${companyA.users.employee.employeeId}, ${companyA.users.manager.employeeId})
          and (select count(*) from job_history h where h.employee_id = e.id) = 1
        order by e.employee_no`,
  );
  expect(people.length, 'enough tenured salespeople in the managed region').toBeGreaterThanOrEqual(8);
  [ctrl, moved, promoted, newManager, quota, otherQuota, yearQuota, later] = people;
  const units = (await t.request({ url: '/api/v1/org-units', cookie: hr })).json().items as {
    id: string;
    parentId: string | null;
  }[];
  teams = units.filter((u) => u.parentId === companyA.managedRegionId).map((u) => u.id);
  const positions = (await t.request({ url: '/api/v1/positions', cookie: hr })).json().items as {
    id: string;
    name: string;
  }[];
  senior = positions.find((p) => p.name === '高级销售代表')!.id;
  const res = await req('POST', '/api/v1/alert-rules', {
    kind: 'consecutive_decline',
    name: '订单金额连续下滑（本人）',
    metricKey: 'revenue',
    periodType: 'month',
    params: { relativeToTeam: false },
    cooldownDays: 0,
    recipients: { hr: { enabled: true }, manager: { enabled: false }, employee: { enabled: false } },
  });
  expect(res.statusCode, res.body).toBe(201);
  probeRule = res.json().id;
});
afterAll(() => t.close());

describe('masks derived from job history and target changes', () => {
  it('a transfer or a promotion in October, and a quota reset of October’s (or the year’s) revenue target, keep the decline from firing; a manager change or another metric’s reset do not', async () => {
    const otherTeam = teams.find((u) => u !== moved.unit_id)!;
    const transfer = await req('PATCH', `/api/v1/employees/${moved.id}`, {
      unitId: otherTeam,
      effectiveDate: '2026-10-15',
      changeReason: '调往另一团队',
    });
    expect(transfer.statusCode, transfer.body).toBe(200);
    const promotion = await req('PATCH', `/api/v1/employees/${promoted.id}`, {
      positionId: senior,
      effectiveDate: '2026-10-01',
      changeReason: '晋升',
    });
    expect(promotion.statusCode, promotion.body).toBe(200);
    // Only the line manager changes: the territory is the same, nothing to mask.
    const manager = await req('PATCH', `/api/v1/employees/${newManager.id}`, {
      managerId: ctrl.id,
      effectiveDate: '2026-10-15',
      changeReason: '调整汇报关系',
    });
    expect(manager.statusCode, manager.body).toBe(200);
    // Targets changed after their period started (the lock): a reset of that period's quota.
    await setTarget(quota, 'revenue', 'month', '2026-10-01', 50_000);
    await setTarget(otherQuota, 'calls', 'month', '2026-10-01', 300);
    await setTarget(yearQuota, 'revenue', 'year', '2026-01-01', 600_000);

    await send([ctrl, moved, promoted, newManager, quota, otherQuota, yearQuota].flatMap(decline));

    // The same decline fires where nothing is masked…
    for (const p of [ctrl, newManager, otherQuota]) {
      const [alert] = await probeAlerts(p);
      expect(alert, p.employee_no).toMatchObject({ status: 'open', period: '2026-10-01' });
    }
    // …and not where October is masked: the run July–September is one fall short.
    for (const p of [moved, promoted, quota, yearQuota]) expect(await probeAlerts(p), p.employee_no).toEqual([]);

    // The masks are listed with where they come from.
    expect(await masksOf(moved)).toContainEqual(
      expect.objectContaining({
        kind: 'territory_change',
        source: 'job_history',
        startDate: '2026-10-15',
        endDate: '2026-10-15',
      }),
    );
    expect(await masksOf(promoted)).toContainEqual(
      expect.objectContaining({ kind: 'territory_change', source: 'job_history', startDate: '2026-10-01' }),
    );
    expect(await masksOf(newManager)).toEqual([]);
    expect(await masksOf(quota)).toContainEqual(
      expect.objectContaining({
        kind: 'quota_reset',
        source: 'targets',
        startDate: '2026-10-01',
        endDate: '2026-10-31',
        note: 'revenue',
      }),
    );
    expect(await masksOf(yearQuota)).toContainEqual(
      expect.objectContaining({ kind: 'quota_reset', startDate: '2026-01-01', endDate: '2026-12-31', note: 'revenue' }),
    );
    expect(await masksOf(otherQuota)).toContainEqual(
      expect.objectContaining({ kind: 'quota_reset', startDate: '2026-10-01', note: 'calls' }),
    );
  });

  it('a transfer or a quota reset recorded after the alert takes the month out of judgement: the alert resolves itself', async () => {
    await send(decline(later));
    const [raised] = await probeAlerts(later);
    expect(raised?.status).toBe('open');
    const transfer = await req('PATCH', `/api/v1/employees/${later.id}`, {
      unitId: teams.find((u) => u !== later.unit_id)!,
      effectiveDate: '2026-10-20',
      changeReason: '调往另一团队',
    });
    expect(transfer.statusCode, transfer.body).toBe(200);
    // The transfer queued the person for evaluation: the every-minute drain judges them again, no manual run.
    await drainOrg(t.deps, t.template.companyA.orgId);
    expect((await probeAlerts(later)).find((a) => a.id === raised.id)).toMatchObject({
      status: 'auto_resolved',
      resolutionNote: 'data_corrected',
    });

    // The control's alert, the same way, by a reset of its October revenue target.
    const [open] = (await probeAlerts(ctrl)).filter((a) => a.status === 'open');
    await setTarget(ctrl, 'revenue', 'month', '2026-10-01', 40_000);
    await drainOrg(t.deps, t.template.companyA.orgId);
    expect((await probeAlerts(ctrl)).find((a) => a.id === open.id)).toMatchObject({
      status: 'auto_resolved',
      resolutionNote: 'data_corrected',
    });
  });
});
