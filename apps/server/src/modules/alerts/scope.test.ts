import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { alertEvaluationIdle } from './scheduler';

/**
 * A rule's scope (alerts/data.ts inScope): units (a unit and its sub-units), positions and tenure stages, each
 * narrowing whom the rule judges. The same decline is sent for four people; each scoped rule fires for exactly
 * those in its scope, when evaluated after ingestion and in the rule preview.
 */
let t: TestContext;
let hr: string;
let key: string;
type P = { id: string; employee_no: string; unit_id: string; position_id: string };
/** Managed region: a tenured salesperson, an early-stage one of the same team, a tenured senior one elsewhere. */
let tenured: P;
let early: P;
let senior: P;
/** The other region: a tenured salesperson. */
let outside: P;

const at = (day: string) => new Date(`${day}T02:00:00Z`);
/** Revenue falling 100k → 80k → 60k → 40k over July–October: three falls, 60% in all. */
const decline = (p: P) =>
  ['07', '08', '09', '10'].map((m, i) => ({
    externalId: `SCOPE-${p.employee_no}-${m}`,
    type: 'order',
    employeeNo: p.employee_no,
    occurredAt: `2026-${m}-10T10:00:00+08:00`,
    amount: String(100_000 - i * 20_000),
  }));
const rule = (name: string, scope: Record<string, string[]>) => ({
  kind: 'consecutive_decline',
  name,
  metricKey: 'revenue',
  periodType: 'month',
  params: { relativeToTeam: false },
  scope,
  cooldownDays: 0,
  recipients: { hr: { enabled: true }, manager: { enabled: false }, employee: { enabled: false } },
});
const one = async <T>(q: ReturnType<typeof sql>) => (await queryRows<T>(t.database.db, q))[0];

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = at('2026-11-27');
  hr = await t.login('hr');
  key = await t.integrationKey(await t.login('admin'), 'crm');
  const { companyA } = t.template;
  const region = (id: string) =>
    sql`with recursive sub as (select id from org_units where id = ${id}
          union select u.id from org_units u join sub on u.parent_id = sub.id) select id from sub`;
  const pick = (where: ReturnType<typeof sql>) =>
    one<P>(sql`select e.id::text as id, e.employee_no, e.unit_id::text as unit_id, e.position_id::text as position_id
        from employees e join positions p on p.id = e.position_id
        where e.org_id = ${companyA.orgId} and e.status = 'regular' and e.hire_date < '2026-06-01'
          and e.id not in (${companyA.users.employee.employeeId}, ${companyA.users.manager.employeeId}) and ${where}
        order by e.employee_no limit 1`);
  // Early stage: regularized within the last six months (the default), today 2026-11-27.
  early = await pick(
    sql`p.name = '销售代表' and e.regularization_date > '2026-05-27' and e.unit_id in (${region(companyA.managedRegionId)})`,
  );
  tenured = await pick(
    sql`p.name = '销售代表' and e.regularization_date < '2025-06-01' and e.unit_id = ${early.unit_id}`,
  );
  senior = await pick(
    sql`p.name = '高级销售代表' and e.regularization_date < '2025-06-01' and e.unit_id <> ${early.unit_id}
      and e.unit_id in (${region(companyA.managedRegionId)})`,
  );
  outside = await pick(
    sql`p.name = '销售代表' and e.regularization_date < '2025-06-01' and e.unit_id in (${region(companyA.otherRegionId)})`,
  );
  expect([early, tenured, senior, outside].every(Boolean), 'the demo company has the four people').toBe(true);
});
afterAll(() => t.close());

describe('rule scope', () => {
  it('a rule scoped to a unit (with its sub-units), a team, a position or a tenure stage judges only the people in scope', async () => {
    const { companyA } = t.template;
    const scopes: [string, Record<string, string[]>, P[]][] = [
      ['全员', {}, [tenured, early, senior, outside]],
      ['本大区', { unitIds: [companyA.managedRegionId] }, [tenured, early, senior]],
      ['本团队', { unitIds: [tenured.unit_id] }, [tenured, early]],
      ['两个大区', { unitIds: [companyA.managedRegionId, companyA.otherRegionId] }, [tenured, early, senior, outside]],
      ['高级销售代表', { positionIds: [senior.position_id] }, [senior]],
      ['转正不久', { stages: ['early'] }, [early]],
      ['试用期', { stages: ['probation'] }, []],
      ['资深', { stages: ['tenured'] }, [tenured, senior, outside]],
      [
        '本大区资深销售代表',
        { unitIds: [companyA.managedRegionId], positionIds: [tenured.position_id], stages: ['tenured'] },
        [tenured],
      ],
    ];
    const ruleIds = new Map<string, string>();
    for (const [name, scope] of scopes) {
      const res = await t.request({ method: 'POST', url: '/api/v1/alert-rules', cookie: hr, body: rule(name, scope) });
      expect(res.statusCode, res.body).toBe(201);
      ruleIds.set(name, res.json().id);
    }

    const res = await t.request({
      method: 'POST',
      url: '/api/v1/activities',
      body: { activities: [tenured, early, senior, outside].flatMap(decline) },
      headers: { authorization: `Bearer ${key}` },
      origin: null,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 16, rejectedCount: 0 });
    await alertEvaluationIdle(t.database.db);

    for (const [name, scope, expected] of scopes) {
      const alerts = (
        await t.request({ url: `/api/v1/alerts?ruleId=${ruleIds.get(name)}&limit=100`, cookie: hr })
      ).json().items as { employee: { employeeNo: string } }[];
      const want = expected.map((p) => p.employee_no).sort();
      expect(alerts.map((a) => a.employee.employeeNo).sort(), name).toEqual(want);
      // The back-test of the same rule judges the same people.
      const preview = (
        await t.request({ method: 'POST', url: '/api/v1/alert-rules/preview', cookie: hr, body: rule(name, scope) })
      ).json() as { people: { employee: { employeeNo: string } }[] };
      expect(preview.people.map((p) => p.employee.employeeNo).sort(), `${name} (preview)`).toEqual(want);
    }

    // A full evaluation (period close, HR's evaluate) keeps to the scopes as well.
    await t.request({ method: 'POST', url: '/api/v1/alerts/evaluate', cookie: hr, body: {} });
    const [{ n }] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from alerts
          where rule_id in (select (jsonb_array_elements_text(${JSON.stringify([...ruleIds.values()])}::jsonb))::uuid)`,
    );
    expect(n).toBe(scopes.reduce((s, [, , expected]) => s + expected.length, 0));
  });
});
