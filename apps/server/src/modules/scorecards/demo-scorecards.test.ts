import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TODAY } from '../../../test/fixtures';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { DEMO_TEMPLATES, seedDemoScorecards } from '../../db/seed/demo-scorecards';
import { checkDefinition } from './templates.service';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = new Date(`${TEST_TODAY}T04:00:00Z`);
});
afterAll(() => t.close());

describe('demo scorecards', () => {
  it('seeds three valid 销售代表 templates and a default scale, once', async () => {
    const orgId = t.template.companyA.orgId;
    for (const d of DEMO_TEMPLATES) expect(await checkDefinition(t.database.db, orgId, d.definition)).toEqual([]);
    await seedDemoScorecards(t.database.db, orgId);
    await seedDemoScorecards(t.database.db, orgId);
    const hr = await t.login(t.template.companyA.users.hr.username);
    const list = (await t.request({ url: '/api/v1/scorecard-templates', cookie: hr })).json().items;
    expect(list.map((x: { stages: string[] }) => x.stages[0]).sort()).toEqual(['early', 'probation', 'tenured']);
    const scales = (await t.request({ url: '/api/v1/grade-scales', cookie: hr })).json();
    expect(scales.items).toHaveLength(1);
    expect(scales.items[0].isDefault).toBe(true);

    const [rep] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select e.id from employees e join positions p on p.id = e.position_id
          where e.org_id = ${orgId} and p.name = '销售代表' and e.status = 'regular' order by e.hire_date limit 1`,
    );
    const applicable = (
      await t.request({ url: `/api/v1/scorecard-templates/applicable?employeeId=${rep.id}`, cookie: hr })
    ).json();
    expect(applicable.template.name).toBe('销售代表 · 成熟期');
    const preview = await t.request({
      method: 'POST',
      url: `/api/v1/scorecard-templates/${applicable.template.id}/preview`,
      cookie: hr,
      body: { employeeId: rep.id, periodType: 'month', periodStart: '2026-10-01' },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().grade.grade).toBe('D'); // no activity in the test data: every indicator missing
  });
});
