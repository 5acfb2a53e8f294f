import {
  GRADE_SCALE_ERROR_CODES,
  GUIDELINE_ERROR_CODES,
  INPUT_ERROR_CODES,
  TEMPLATE_ERROR_CODES,
} from '@stride/domain';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TODAY } from '../../../test/fixtures';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';
import { localizeFieldError } from '../../lib/problem';
import { scoringFieldText } from './scoring-errors';

let t: TestContext;
let admin: string;
let hr: string;
let manager: string;
let employee: string;
let hrB: string;
let key: string;
let salesRep: string;
let otherPosition: string;
/** A 销售代表 in the manager's region, with activity sent below. */
let person: { id: string; employeeNo: string };
let outsider: string;

type Row = { id: string; status: string; regularization_date: string | null; hire_date: string };

const rubric = [1, 2, 3].map((level) => ({
  level,
  label: `L${level}`,
  description: `level ${level}`,
  points: String(level * 40),
}));
const rating = (key: string, weight = '100') => ({
  key,
  kind: 'rating',
  weight,
  rule: {
    type: 'rubric',
    rubric,
    raters: [
      { rater: 'manager', weight: '60' },
      { rater: 'self', weight: '40' },
    ],
  },
});
const simple = (overrides: Record<string, unknown> = {}) => ({
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
    { key: 'behaviour', name: '行为规范', weight: '30', indicators: [rating('conduct')] },
  ],
  ...overrides,
});
const create = (body: Record<string, unknown>, cookie = hr, locale = 'zh-CN') =>
  t.request({
    method: 'POST',
    url: '/api/v1/scorecard-templates',
    cookie,
    body: { name: '测试方案', positionIds: [otherPosition], stages: ['tenured'], definition: simple(), ...body },
    headers: { 'accept-language': locale },
  });
const errorsOf = (res: { json: () => { errors?: { field: string; code: string }[] } }) =>
  (res.json().errors ?? []).map((e) => `${e.field} ${e.code}`);
const templateCount = async () =>
  (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from scorecard_templates`))[0].n;

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = new Date(`${TEST_TODAY}T04:00:00Z`);
  const { companyA, companyB } = t.template;
  admin = await t.login(companyA.users.admin.username);
  hr = await t.login(companyA.users.hr.username);
  manager = await t.login(companyA.users.manager.username);
  employee = await t.login(companyA.users.employee.username);
  hrB = await t.login(companyB.users.hr.username);
  const positions = (await t.request({ url: '/api/v1/positions', cookie: hr })).json().items as {
    id: string;
    name: string;
  }[];
  salesRep = positions.find((p) => p.name === '销售代表')!.id;
  otherPosition = positions.find((p) => p.name === '高级销售代表')!.id;

  key = await t.integrationKey(admin, 'crm');
  const inRegion = (
    await t.request({
      url: `/api/v1/employees?unitId=${companyA.managedRegionId}&status=regular&limit=50`,
      cookie: hr,
    })
  ).json().items as { id: string; employeeNo: string; position: { name: string } | null }[];
  const p = inRegion.find((e) => e.position?.name === '销售代表' && e.id !== companyA.users.employee.employeeId)!;
  person = { id: p.id, employeeNo: p.employeeNo };
  const regionIds = new Set(inRegion.map((e) => e.id));
  const all = (await t.request({ url: '/api/v1/employees?status=regular&limit=100', cookie: hr })).json().items as {
    id: string;
  }[];
  const managedAll = (
    await t.request({ url: `/api/v1/employees?unitId=${companyA.managedRegionId}&limit=100`, cookie: hr })
  ).json().items as { id: string }[];
  for (const e of managedAll) regionIds.add(e.id);
  outsider = all.find((e) => !regionIds.has(e.id))!.id;

  // February: revenue 1000. March: revenue 1500, 4 visits, 3 calls.
  const base = { employeeNo: person.employeeNo };
  const at = (d: string) => `2026-${d}T10:00:00+08:00`;
  const activities = [
    { ...base, externalId: 'o-1', type: 'order', occurredAt: at('02-10'), amount: '1000.00' },
    { ...base, externalId: 'o-2', type: 'order', occurredAt: at('03-05'), amount: '1500.00' },
    ...[1, 2, 3, 4].map((i) => ({ ...base, externalId: `v-${i}`, type: 'visit', occurredAt: at(`03-1${i}`) })),
    ...[1, 2, 3].map((i) => ({ ...base, externalId: `c-${i}`, type: 'call', occurredAt: at(`03-2${i}`) })),
  ];
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/activities',
    body: { activities },
    headers: { authorization: `Bearer ${key}` },
    origin: null,
  });
  expect(res.json()).toMatchObject({ accepted: 9 });
});
afterAll(() => t.close());

describe('scorecard templates', () => {
  let id: string;

  it('creates a template (version 1) and reads it back with what it applies to', async () => {
    const res = await create({ name: '高级销售 · 成熟期', note: '首版' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    id = body.id;
    expect(body).toMatchObject({
      name: '高级销售 · 成熟期',
      currentVersion: 1,
      isActive: true,
      stages: ['tenured'],
      positions: [{ id: otherPosition, name: '高级销售代表' }],
      note: '首版',
    });
    expect(body.definition.dimensions[0].indicators[0].metricKey).toBe('revenue');
    const list = (await t.request({ url: '/api/v1/scorecard-templates', cookie: hr })).json().items;
    expect(list.find((x: { id: string }) => x.id === id).dimensions).toEqual([
      { key: 'results', name: '业绩', weight: '70', indicators: 1 },
      { key: 'behaviour', name: '行为规范', weight: '30', indicators: 1 },
    ]);
  });

  it('saves a new version, keeps the frozen ones readable and refuses an edit of a stale version', async () => {
    const changed = simple();
    changed.dimensions[0].weight = '60';
    changed.dimensions[1].weight = '40';
    const put = (expectedVersion: number, cookie = hr) =>
      t.request({
        method: 'PUT',
        url: `/api/v1/scorecard-templates/${id}`,
        cookie,
        body: {
          name: '高级销售 · 成熟期',
          positionIds: [otherPosition],
          stages: ['tenured'],
          definition: changed,
          note: '提高行为权重',
          expectedVersion,
        },
      });
    const res = await put(1);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ currentVersion: 2, note: '提高行为权重' });
    const stale = await put(1, admin);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('TEMPLATE_VERSION_CONFLICT');

    const versions = (await t.request({ url: `/api/v1/scorecard-templates/${id}/versions`, cookie: hr })).json();
    expect(versions.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions.items[0]).toMatchObject({ createdBy: 'hr', note: '提高行为权重' });
    const v1 = await t.request({ url: `/api/v1/scorecard-templates/${id}/versions/1`, cookie: manager });
    expect(v1.statusCode).toBe(200);
    expect(v1.json().definition.dimensions[0].weight).toBe('70');
    expect((await t.request({ url: `/api/v1/scorecard-templates/${id}/versions/9`, cookie: hr })).statusCode).toBe(404);
  });

  it('refuses each kind of bad definition with the engine’s code on the right field, and stores nothing', async () => {
    const before = await templateCount();
    const metricInd = (rule: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      simple({
        dimensions: [
          {
            key: 'results',
            name: '业绩',
            weight: '100',
            indicators: [{ key: 'x', kind: 'metric', metricKey: 'revenue', weight: '100', rule, ...extra }],
          },
        ],
      });
    const cases: [string, unknown, string[]][] = [
      [
        'dimension weights',
        simple({
          dimensions: [
            { ...simple().dimensions[0], weight: '60' },
            { ...simple().dimensions[1], weight: '30' },
          ],
        }),
        ['definition.dimensions WEIGHTS_NOT_100'],
      ],
      [
        'indicator weights',
        simple({
          dimensions: [
            {
              key: 'results',
              name: '业绩',
              weight: '100',
              indicators: [
                { key: 'a', kind: 'metric', metricKey: 'revenue', weight: '50', rule: { type: 'linear', target: '1' } },
                { key: 'b', kind: 'metric', metricKey: 'visits', weight: '40', rule: { type: 'linear', target: '1' } },
              ],
            },
          ],
        }),
        ['definition.dimensions.0.indicators WEIGHTS_NOT_100'],
      ],
      [
        'floor above cap',
        metricInd({ type: 'linear', target: '10', floor: '90', cap: '80' }),
        ['definition.dimensions.0.indicators.0.rule.floor FLOOR_ABOVE_CAP'],
      ],
      [
        'bands not increasing',
        metricInd({
          type: 'bands',
          bands: [
            { threshold: '5', points: '50' },
            { threshold: '5', points: '80' },
          ],
        }),
        ['definition.dimensions.0.indicators.0.rule.bands.1.threshold BANDS_NOT_INCREASING'],
      ],
      [
        'unknown metric',
        metricInd({ type: 'linear', target: '10' }, { metricKey: 'no_such_metric' }),
        ['definition.dimensions.0.indicators.0.metricKey UNKNOWN_METRIC'],
      ],
      [
        'rubric empty, rater weights',
        simple({
          dimensions: [
            {
              key: 'behaviour',
              name: '行为',
              weight: '100',
              indicators: [
                {
                  key: 'conduct',
                  kind: 'rating',
                  weight: '100',
                  rule: {
                    type: 'rubric',
                    rubric: [],
                    raters: [
                      { rater: 'manager', weight: '70' },
                      { rater: 'self', weight: '0' },
                    ],
                  },
                },
              ],
            },
          ],
        }),
        [
          'definition.dimensions.0.indicators.0.rule.rubric RUBRIC_EMPTY',
          'definition.dimensions.0.indicators.0.rule.raters.1.weight RATER_WEIGHT_NOT_POSITIVE',
          'definition.dimensions.0.indicators.0.rule.raters RATER_WEIGHTS_NOT_100',
        ],
      ],
      [
        'a rubric on a metric indicator',
        simple({
          dimensions: [
            {
              key: 'd',
              name: 'D',
              weight: '100',
              indicators: [{ ...rating('r'), kind: 'metric', metricKey: 'revenue' }],
            },
          ],
        }),
        ['definition.dimensions.0.indicators.0.rule.type RULE_KIND_MISMATCH'],
      ],
    ];
    for (const [what, definition, expected] of cases) {
      const res = await create({ name: `坏方案 ${what}`, definition }, hr, 'en-US');
      expect(res.statusCode, `${what}: ${res.body}`).toBe(400);
      expect(errorsOf(res), what).toEqual(expected);
      expect(res.json().errors[0].message, what).not.toBe('Invalid value');
    }
    const zh = await create({ definition: cases[2][1] });
    expect(zh.json().errors[0].message).toBe('保底分高于封顶分');
    expect(await templateCount()).toBe(before);
  });

  it('has a text in both languages for every code the engine reports', () => {
    const codes = [...TEMPLATE_ERROR_CODES, ...INPUT_ERROR_CODES, ...GRADE_SCALE_ERROR_CODES, ...GUIDELINE_ERROR_CODES];
    for (const code of codes) {
      const texts = (scoringFieldText as Record<string, Record<string, string>>)[code];
      expect(texts?.['zh-CN'], code).toMatch(/[\u4e00-\u9fa5]/);
      expect(texts?.['en-US'], code).toMatch(/^[A-Z]/);
      expect(localizeFieldError({ field: 'x', code }, 'en-US').message).toBe(texts['en-US']);
      expect(localizeFieldError({ field: 'x', code }, 'zh-CN').message).toBe(texts['zh-CN']);
    }
  });

  it('refuses a second active template for the same position and stage, naming the other', async () => {
    const overlap = await create({ name: '重叠方案', stages: ['early', 'tenured'] });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().code).toBe('TEMPLATE_OVERLAP');
    expect(overlap.json().errors[0]).toMatchObject({
      field: 'stages',
      message: expect.stringContaining('高级销售 · 成熟期'),
    });
    const everyPosition = await create({ name: '全岗位', positionIds: [], stages: ['tenured'] }, hr, 'en-US');
    expect(everyPosition.statusCode).toBe(409);
    expect(everyPosition.json().errors[0].message).toContain('Overlaps the active template');
    // Another stage of the same position is fine.
    const early = await create({ name: '高级销售 · 转正初期', stages: ['early'] });
    expect(early.statusCode).toBe(201);
  });

  it('deactivates a template; its versions stay readable and it no longer blocks others', async () => {
    const del = await t.request({ method: 'DELETE', url: `/api/v1/scorecard-templates/${id}`, cookie: hr });
    expect(del.statusCode).toBe(204);
    const got = (await t.request({ url: `/api/v1/scorecard-templates/${id}`, cookie: hr })).json();
    expect(got.isActive).toBe(false);
    expect((await t.request({ url: `/api/v1/scorecard-templates/${id}/versions/1`, cookie: hr })).statusCode).toBe(200);
    const replacement = await create({ name: '高级销售 · 成熟期 v2' });
    expect(replacement.statusCode, replacement.body).toBe(201);
  });
});

describe('applicability by tenure stage', () => {
  const reps = async () =>
    queryRows<Row>(
      t.database.db,
      sql`select id, status, regularization_date::text as regularization_date, hire_date::text as hire_date
          from employees where org_id = ${t.template.companyA.orgId} and position_id = ${salesRep} and status <> 'exited'
          order by coalesce(regularization_date, hire_date) desc`,
    );
  const applicable = (employeeId: string, cookie = hr) =>
    t.request({ url: `/api/v1/scorecard-templates/applicable?employeeId=${employeeId}`, cookie });
  const ids = {} as Record<'probation' | 'early' | 'tenured', string>;

  beforeAll(async () => {
    for (const stage of ['probation', 'early', 'tenured'] as const) {
      const res = await create({ name: `销售代表 · ${stage}`, positionIds: [salesRep], stages: [stage] });
      expect(res.statusCode, res.body).toBe(201);
      ids[stage] = res.json().id;
    }
  });

  it('gives a person on probation the probation template', async () => {
    const onProbation = (await reps()).find((r) => r.status === 'probation')!;
    const res = await applicable(onProbation.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      stage: 'probation',
      reason: { code: 'PROBATION', earlyStageMonths: 6 },
      template: { id: ids.probation },
      employee: { position: { id: salesRep, name: '销售代表' } },
    });
  });

  it('uses the months since regularization against the configurable early stage', async () => {
    const regular = (await reps()).filter((r) => r.status === 'regular' && r.regularization_date);
    const recent = regular[0];
    const oldest = regular[regular.length - 1];
    const first = (await applicable(recent.id)).json();
    expect(first.reason.since).toBe(recent.regularization_date);
    const months = first.reason.monthsSince as number;
    const setMonths = (earlyStageMonths: number, cookie = hr) =>
      t.request({ method: 'PUT', url: '/api/v1/performance-settings', cookie, body: { earlyStageMonths } });
    expect((await setMonths(Math.min(36, months + 1))).statusCode).toBe(200);
    expect((await applicable(recent.id)).json()).toMatchObject({ stage: 'early', template: { id: ids.early } });
    expect((await setMonths(6)).statusCode).toBe(200);
    const old = (await applicable(oldest.id)).json();
    expect(old.reason.monthsSince).toBeGreaterThanOrEqual(6);
    expect(old).toMatchObject({ stage: 'tenured', reason: { code: 'TENURED' }, template: { id: ids.tenured } });

    expect((await setMonths(0)).statusCode).toBe(400);
    expect((await setMonths(37)).statusCode).toBe(400);
    expect((await setMonths(12, manager)).statusCode).toBe(403);
    expect((await t.request({ url: '/api/v1/performance-settings', cookie: employee })).json().earlyStageMonths).toBe(
      6,
    );
  });

  it('answers "no template" for a person whose position has none', async () => {
    const [hrPerson] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select e.id from employees e join positions p on p.id = e.position_id
          where e.org_id = ${t.template.companyA.orgId} and p.name = 'HRBP' limit 1`,
    );
    const res = await applicable(hrPerson.id);
    expect(res.statusCode).toBe(200);
    expect(res.json().template).toBeNull();
  });

  it('lets an employee ask about themselves only; a manager about their people', async () => {
    const self = t.template.companyA.users.employee.employeeId;
    expect((await applicable(self, employee)).statusCode).toBe(200);
    expect((await applicable(person.id, employee)).statusCode).toBe(404);
    expect((await applicable(person.id, manager)).statusCode).toBe(200);
    expect((await applicable(outsider, manager)).statusCode).toBe(404);
  });
});

describe('preview', () => {
  let id: string;
  const previewOf = (body: Record<string, unknown>, cookie = hr) =>
    t.request({ method: 'POST', url: `/api/v1/scorecard-templates/${id}/preview`, cookie, body });

  beforeAll(async () => {
    const scale = await t.request({
      method: 'POST',
      url: '/api/v1/grade-scales',
      cookie: hr,
      body: {
        name: '标准',
        bands: [
          { grade: 'S', minScore: '90', bonusCoefficient: '1.5' },
          { grade: 'A', minScore: '80', bonusCoefficient: '1.2' },
          { grade: 'B', minScore: '70', bonusCoefficient: '1.0' },
          { grade: 'C', minScore: '55', bonusCoefficient: '0.8' },
          { grade: 'D', minScore: '0', bonusCoefficient: '0' },
        ],
      },
    });
    expect(scale.statusCode, scale.body).toBe(201);
    const res = await create({
      name: '预览方案',
      positionIds: [otherPosition],
      stages: ['probation'],
      definition: {
        dimensions: [
          {
            key: 'results',
            name: '业绩',
            weight: '60',
            indicators: [
              {
                key: 'rev_growth',
                kind: 'metric',
                metricKey: 'revenue',
                weight: '50',
                rule: { type: 'growth', base: 'previous_period', growthAtZeroScore: '-10', growthAtFullScore: '100' },
              },
              {
                key: 'rev_attain',
                kind: 'metric',
                metricKey: 'revenue',
                weight: '50',
                rule: { type: 'linear', target: '2000' },
              },
            ],
          },
          {
            key: 'activity',
            name: '活动',
            weight: '30',
            indicators: [
              {
                key: 'visits',
                kind: 'metric',
                metricKey: 'visits',
                weight: '60',
                rule: { type: 'linear', target: '5' },
              },
              {
                key: 'calls',
                kind: 'metric',
                metricKey: 'calls',
                weight: '40',
                rule: {
                  type: 'bands',
                  bands: [
                    { threshold: '2', points: '50' },
                    { threshold: '5', points: '100' },
                  ],
                },
              },
            ],
          },
          { key: 'behaviour', name: '行为规范', weight: '10', indicators: [rating('conduct')] },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
  });

  it('scores a person from their metric values, with ratings listed as missing', async () => {
    const res = await previewOf({ employeeId: person.id, periodType: 'month', periodStart: '2026-03-01' });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    const ind = (k: string) => p.indicators.find((i: { key: string }) => i.key === k);
    // growth (1500 − 1000) / 1000 = 50 % → (50 + 10) / 110 × 100 = 54.5454…, weight 30
    expect(ind('rev_growth')).toMatchObject({ actual: '1500', score: '54.55', weight: '30.00', contribution: '16.36' });
    // 1500 / 2000 = 75 %, weight 30
    expect(ind('rev_attain')).toMatchObject({
      target: '2000',
      targetSource: 'template',
      score: '75.00',
      contribution: '22.50',
    });
    expect(ind('visits')).toMatchObject({ actual: '4', score: '80.00', weight: '18.00', contribution: '14.40' });
    expect(ind('calls')).toMatchObject({ actual: '3', score: '50.00', weight: '12.00', contribution: '6.00' });
    expect(ind('conduct')).toMatchObject({ score: '0.00', missing: 'NO_RATINGS' });
    // 16.3636… + 22.5 + 14.4 + 6 + 0
    expect(p.total).toBe('59.26');
    expect(p.grade).toEqual({ grade: 'C', bonusCoefficient: '0.8', scaleName: '标准' });
    expect(p.missing).toEqual([{ indicator: 'conduct', dimension: 'behaviour', reason: 'NO_RATINGS' }]);
    expect(ind('visits').name).toBe('拜访数');
  });

  it('uses an agreed personal target over the template’s', async () => {
    await t.database.db.execute(
      sql`insert into targets (org_id, employee_id, metric_key, period_type, period_start, value, status)
          values (${t.template.companyA.orgId}, ${person.id}, 'revenue', 'month', '2026-03-01', 3000, 'agreed')`,
    );
    const p = (await previewOf({ employeeId: person.id, periodType: 'month', periodStart: '2026-03-01' })).json();
    expect(p.indicators.find((i: { key: string }) => i.key === 'rev_attain')).toMatchObject({
      target: '3000',
      targetSource: 'personal',
      score: '50.00',
    });
    expect(p.total).toBe('51.76'); // 59.2636… − 7.5
    expect(p.grade.grade).toBe('D');
  });

  it('lists missing data rather than skipping it, and checks the period start', async () => {
    const p = (await previewOf({ employeeId: person.id, periodType: 'month', periodStart: '2026-01-01' })).json();
    expect(p.total).toBe('0.00');
    expect(p.missing.map((m: { indicator: string; reason: string }) => `${m.indicator}:${m.reason}`)).toEqual([
      'rev_growth:NO_ACTUAL',
      'rev_attain:NO_ACTUAL',
      'visits:NO_ACTUAL',
      'calls:NO_ACTUAL',
      'conduct:NO_RATINGS',
    ]);
    const bad = await previewOf({ employeeId: person.id, periodType: 'month', periodStart: '2026-03-02' });
    expect(bad.statusCode).toBe(400);
    expect(errorsOf(bad)).toEqual(['periodStart PERIOD_START_INVALID']);
  });

  it('previews for managers within their people only, never for employees', async () => {
    const body = { employeeId: person.id, periodType: 'month', periodStart: '2026-03-01' };
    expect((await previewOf(body, manager)).statusCode).toBe(200);
    expect((await previewOf({ ...body, employeeId: outsider }, manager)).statusCode).toBe(404);
    expect((await previewOf(body, employee)).statusCode).toBe(403);
  });
});

describe('grade scales', () => {
  const post = (body: Record<string, unknown>, cookie = hr) =>
    t.request({ method: 'POST', url: '/api/v1/grade-scales', cookie, body });
  const bands = [
    { grade: 'A', minScore: '80', bonusCoefficient: '1.2' },
    { grade: 'B', minScore: '60', bonusCoefficient: '1' },
    { grade: 'C', minScore: '0', bonusCoefficient: '0.5' },
  ];

  it('offers the market default while another organization has no scale, without storing it', async () => {
    const res = await t.request({ url: '/api/v1/grade-scales', cookie: hrB });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
    expect(res.json().suggestion.bands.map((b: { grade: string }) => b.grade)).toEqual(['S', 'A', 'B', 'C', 'D']);
    expect((await t.request({ url: '/api/v1/grade-scales', cookie: hrB })).json().items).toEqual([]);
    expect((await t.request({ url: '/api/v1/grade-scales', cookie: hr })).json().suggestion).toBeNull();
  });

  it('refuses overlapping bands, gaps and a bad guideline, naming the field', async () => {
    const before = (await t.request({ url: '/api/v1/grade-scales', cookie: hr })).json().items.length;
    const overlap = await post({
      name: 'x',
      bands: [{ ...bands[0], maxScore: '100' }, { ...bands[1], maxScore: '85' }, bands[2]],
    });
    expect(overlap.statusCode).toBe(400);
    expect(errorsOf(overlap)).toEqual(['bands.1.maxScore GRADE_BANDS_OVERLAP', 'bands.0.maxScore GRADE_BANDS_GAP']);
    const gap = await post({ name: 'x', bands: [bands[0], bands[1], { ...bands[2], minScore: '10' }] });
    expect(errorsOf(gap)).toEqual(['bands.2.minScore GRADE_BANDS_GAP']);
    const same = await post({ name: 'x', bands: [bands[0], { ...bands[1], minScore: '80' }, bands[2]] });
    expect(errorsOf(same)).toEqual(['bands.1.minScore GRADE_BANDS_OVERLAP']);
    const guideline = await post({
      name: 'x',
      bands,
      guideline: {
        entries: [
          { grades: ['A'], operator: '<=', percent: '120' },
          { grades: ['Z'], operator: 'between', percents: ['30', '10'] },
        ],
      },
    });
    expect(errorsOf(guideline)).toEqual([
      'guideline.entries.0.percent PERCENT_OUT_OF_RANGE',
      'guideline.entries.1.percents RANGE_REVERSED',
      'guideline.entries.1.grades.0 UNKNOWN_GRADE',
    ]);
    expect((await t.request({ url: '/api/v1/grade-scales', cookie: hr })).json().items.length).toBe(before);
  });

  it('keeps one default per organization, changes and deletes scales', async () => {
    const made = await post({
      name: '三档',
      bands,
      guideline: { entries: [{ grades: 'A', operator: '<=', percent: '20' }] },
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().isDefault).toBe(false); // the preview's scale came first
    const id = made.json().id;
    const def = await t.request({ method: 'POST', url: `/api/v1/grade-scales/${id}/default`, cookie: hr });
    expect(def.json().isDefault).toBe(true);
    const list = (await t.request({ url: '/api/v1/grade-scales', cookie: manager })).json().items;
    expect(list.filter((s: { isDefault: boolean }) => s.isDefault).map((s: { id: string }) => s.id)).toEqual([id]);
    const put = await t.request({
      method: 'PUT',
      url: `/api/v1/grade-scales/${id}`,
      cookie: admin,
      body: { name: '三档（改）', bands, guideline: null },
    });
    expect(put.json()).toMatchObject({ name: '三档（改）', guideline: null, isDefault: true });
    expect((await post({ name: 'm', bands }, manager)).statusCode).toBe(403);
    expect((await t.request({ url: '/api/v1/grade-scales', cookie: employee })).statusCode).toBe(403);
    const del = await t.request({ method: 'DELETE', url: `/api/v1/grade-scales/${id}`, cookie: hr });
    expect(del.statusCode).toBe(204);
    expect((await t.request({ url: `/api/v1/grade-scales/${id}`, cookie: hr })).statusCode).toBe(404);
  });
});

describe('scope and audit', () => {
  it('lets managers read, not write; refuses employees; hides other organizations', async () => {
    const list = (await t.request({ url: '/api/v1/scorecard-templates', cookie: manager })).json().items;
    const id = list[0].id as string;
    expect((await t.request({ url: `/api/v1/scorecard-templates/${id}`, cookie: manager })).statusCode).toBe(200);
    expect((await create({ name: '经理建的' }, manager)).statusCode).toBe(403);
    expect(
      (await t.request({ method: 'DELETE', url: `/api/v1/scorecard-templates/${id}`, cookie: manager })).statusCode,
    ).toBe(403);
    expect((await t.request({ url: '/api/v1/scorecard-templates', cookie: employee })).statusCode).toBe(403);
    expect((await t.request({ url: `/api/v1/scorecard-templates/${id}`, cookie: employee })).statusCode).toBe(403);

    for (const [method, url, body] of [
      ['GET', `/api/v1/scorecard-templates/${id}`, undefined],
      ['GET', `/api/v1/scorecard-templates/${id}/versions`, undefined],
      ['PUT', `/api/v1/scorecard-templates/${id}`, { name: 'x', definition: simple(), expectedVersion: 1 }],
      ['DELETE', `/api/v1/scorecard-templates/${id}`, undefined],
    ] as const) {
      const res = await t.request({ method, url, cookie: hrB, body });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('SCORECARD_TEMPLATE_NOT_FOUND');
    }
    // Another organization's positions cannot be named either.
    const bPositions = (await t.request({ url: '/api/v1/positions', cookie: hrB })).json().items;
    const cross = await create({ name: '跨组织', positionIds: [bPositions[0].id], stages: ['early'] });
    expect(cross.statusCode).toBe(422);
    expect(errorsOf(cross)).toEqual(['positionIds.0 REFERENCE_OUTSIDE_ORG']);
    expect((await t.request({ url: '/api/v1/scorecard-templates', cookie: hrB })).json().items).toEqual([]);
  });

  it('writes an audit record for every change', async () => {
    const rows = await queryRows<{ action: string; n: number }>(
      t.database.db,
      sql`select action, count(*)::int as n from audit_events
          where entity_type in ('scorecard_template', 'grade_scale', 'performance_settings') group by action order by action`,
    );
    const actions = Object.fromEntries(rows.map((r) => [r.action, r.n]));
    expect(actions).toMatchObject({
      'scorecard_template.created': expect.any(Number),
      'scorecard_template.changed': 1,
      'scorecard_template.deactivated': 1,
      'grade_scale.created': 2,
      'grade_scale.changed': 1,
      'grade_scale.set_default': 1,
      'grade_scale.deleted': 1,
      'performance_settings.changed': 2,
    });
    const created = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from scorecard_templates where org_id = ${t.template.companyA.orgId}`,
    );
    expect(actions['scorecard_template.created']).toBe(created[0].n);
  });
});
