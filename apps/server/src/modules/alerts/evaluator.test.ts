import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { signalStats } from './evaluator';
import { alertEvaluationIdle } from './scheduler';

/**
 * The incremental evaluator reuses a unit's signals while nothing it reads there changed (evaluator.ts
 * judgeRule): a batch of today's calls does not re-judge the monthly revenue rules, an order in a closed
 * month does — for the person and, for rules relative to the team, the teammates judged with them.
 */
let t: TestContext;
let hr: string;
let key: string;
type Employee = { id: string; employeeNo: string; unit: { id: string } };
let person: Employee;
let mate: Employee;
let probeRule: string;
let combinedRule: string;

const at = (day: string) => new Date(`${day}T02:00:00Z`);
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
};
const order = (id: string, employeeNo: string, day: string, amount: string) => ({
  externalId: id,
  type: 'order',
  employeeNo,
  occurredAt: `${day}T10:00:00+08:00`,
  amount,
});
const call = (id: string, employeeNo: string) => ({
  externalId: id,
  type: 'call',
  employeeNo,
  occurredAt: '2026-11-27T09:00:00+08:00',
});
const liveProbe = async () =>
  (
    await t.request({
      url: `/api/v1/alerts?employeeId=${person.id}&ruleId=${probeRule}&status=live&limit=5`,
      cookie: hr,
    })
  ).json().items as { id: string; version: number }[];

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = at('2026-11-27');
  hr = await t.login('hr');
  const admin = await t.login('admin');
  key = await t.integrationKey(admin, 'crm');
  const sales = (
    await t.request({
      url: `/api/v1/employees?unitId=${t.template.companyA.managedRegionId}&status=regular&limit=50`,
      cookie: hr,
    })
  )
    .json()
    .items.filter(
      (e: { id: string; position: { name: string } | null }) =>
        e.position?.name === '销售代表' && e.id !== t.template.companyA.users.employee.employeeId,
    ) as Employee[];
  person = sales[0];
  mate = sales.find((s) => s.id !== person.id && s.unit.id === person.unit.id)!;
  expect(mate, 'a teammate in the same unit').toBeDefined();
  const rules = (await t.request({ url: '/api/v1/alert-rules', cookie: hr })).json().items as {
    id: string;
    kind: string;
    enabled: boolean;
  }[];
  combinedRule = rules.find((r) => r.kind === 'combined_decline' && r.enabled)!.id;
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/alert-rules',
    cookie: hr,
    body: {
      kind: 'consecutive_decline',
      name: '探针',
      metricKey: 'revenue',
      periodType: 'month',
      params: { relativeToTeam: false },
      cooldownDays: 0,
      recipients: { hr: { enabled: true }, manager: { enabled: false }, employee: { enabled: false } },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  probeRule = res.json().id;
});
afterAll(() => t.close());

describe('incremental evaluation judges again only what a change can affect', () => {
  it('today’s calls reuse the monthly signals; an order in a closed month judges afresh and raises the alert again', async () => {
    await send([
      order('E-07', person.employeeNo, '2026-07-10', '100000.00'),
      order('E-08', person.employeeNo, '2026-08-10', '80000.00'),
      order('E-09', person.employeeNo, '2026-09-10', '60000.00'),
      order('E-10', person.employeeNo, '2026-10-10', '40000.00'),
    ]);
    const [first] = await liveProbe();
    expect(first).toBeDefined();

    // A call today: November is still open, so no closed month the monthly rules judge changed.
    await send([call('C-1', person.employeeNo)]);
    expect(signalStats.lastRound.get(probeRule)).toEqual({ cached: [person.id], detected: [] });
    expect(signalStats.lastRound.get(combinedRule)).toEqual({ cached: [person.id], detected: [] });
    expect((await liveProbe())[0]?.id).toBe(first.id);

    // HR resolves; another call alone does not bring the alert back through new facts, but the cached
    // signal is applied exactly as a fresh one would be: with no cooldown the decline is raised again.
    const resolved = await t.request({
      method: 'POST',
      url: `/api/v1/alerts/${first.id}/resolve`,
      cookie: hr,
      body: { version: first.version, note: 'x' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    await send([call('C-2', person.employeeNo)]);
    expect(signalStats.lastRound.get(probeRule)?.cached).toEqual([person.id]);
    const [second] = await liveProbe();
    expect(second).toBeDefined();
    expect(second.id).not.toBe(first.id);

    // An order in a closed month (October, falling further) is judged afresh and is in the evidence.
    await send([order('E-10b', person.employeeNo, '2026-10-20', '1.00')]);
    expect(signalStats.lastRound.get(probeRule)).toEqual({ cached: [], detected: [person.id] });
  });

  it('an order of one person moves the team median: a teammate judged in the same round is judged afresh', async () => {
    // The teammate judged alone (a call): the combined rule reuses their signal from a previous round.
    await send([call('M-1', mate.employeeNo)]);
    await send([call('M-2', mate.employeeNo)]);
    expect(signalStats.lastRound.get(combinedRule)).toEqual({ cached: [mate.id], detected: [] });
    // The person's order in a closed month changes the unit's values: both are judged afresh.
    await send([order('E-09b', person.employeeNo, '2026-09-20', '5000.00'), call('M-3', mate.employeeNo)]);
    const round = signalStats.lastRound.get(combinedRule)!;
    expect(round.cached).toEqual([]);
    expect(new Set(round.detected)).toEqual(new Set([person.id, mate.id]));
  });
});
