import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { queryRows } from '../../db/client';

// Peer reviews end to end through HTTP: a cycle that asks for them opens peer forms (up to 3 colleagues
// of the same unit), one that does not opens none; a peer fills their form in the peer stage and nobody
// else may; the reviewee never learns who their peers are; and the peers' mean counts with its weight.

let t: TestContext;
let hr: string;
let admin: string;
let employee: string;
/** The `employee` sign-in's person and their unit. */
let me: { id: string; unitId: string };
/** The manager who reviews `me`. */
let bossEmployeeId: string;

const rubric = [1, 2, 3].map((level) => ({
  level,
  label: `L${level}`,
  description: `等级 ${level}`,
  points: String(level * 40),
}));
const pointsOf = (level: number) => Number(rubric.find((l) => l.level === level)!.points);
const weights = { manager: 50, self: 20, peer: 30 } as const;
const definition = {
  dimensions: [
    {
      key: 'behaviour',
      name: '行为规范',
      weight: '100',
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
              { rater: 'manager', weight: String(weights.manager) },
              { rater: 'self', weight: String(weights.self) },
              { rater: 'peer', weight: String(weights.peer) },
            ],
          },
        },
      ],
    },
  ],
};

/**
 * The domain's rule (packages/domain/src/scoring/score-rating.ts): peers count with the mean of their
 * points; the score is Σ w × points / Σ w over the raters who rated, as two decimals.
 */
function expectedScore(levels: { self?: number; manager?: number; peers: number[] }) {
  const rated: [number, number][] = [];
  if (levels.self !== undefined) rated.push([weights.self, pointsOf(levels.self)]);
  if (levels.manager !== undefined) rated.push([weights.manager, pointsOf(levels.manager)]);
  if (levels.peers.length)
    rated.push([weights.peer, levels.peers.map(pointsOf).reduce((a, b) => a + b, 0) / levels.peers.length]);
  const total = rated.reduce((n, [w]) => n + w, 0);
  return (rated.reduce((n, [w, p]) => n + w * p, 0) / total).toFixed(2);
}

const req = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, cookie: string, body?: unknown) =>
  t.request({ method, url: `/api/v1${url}`, cookie, body, headers: { 'accept-language': 'zh-CN' } });

const cookies = new Map<string, string>();
/** A sign-in for a person (created on first use). */
async function signInAs(employeeId: string, role: 'employee' | 'manager' = 'employee') {
  const known = cookies.get(employeeId);
  if (known) return known;
  const username = `p${cookies.size}-${employeeId.slice(0, 8)}`;
  const created = await req('POST', '/users', admin, { username, password: 'Peer-pass-2026!', role, employeeId });
  expect(created.statusCode, created.body).toBe(201);
  const cookie = await t.login(username, 'Peer-pass-2026!');
  cookies.set(employeeId, cookie);
  return cookie;
}

interface FormRow {
  id: string;
  rater_kind: 'self' | 'manager' | 'peer';
  rater_id: string;
  reviewee_id: string;
  unit_id: string;
}
const formsOf = (cycleId: string) =>
  queryRows<FormRow>(
    t.database.db,
    sql`select f.id::text as id, f.rater_kind, f.rater_employee_id::text as rater_id,
          p.employee_id::text as reviewee_id, p.unit_id::text as unit_id
        from review_forms f join review_participants p on p.id = f.participant_id
        where f.cycle_id = ${cycleId} order by f.id`,
  );

const newCycle = (overrides: Record<string, unknown>) =>
  req('POST', '/review-cycles', hr, {
    name: '同事互评',
    kind: 'monthly',
    periodType: 'month',
    periodStart: '2026-10-01',
    population: { unitIds: [me.unitId] },
    deadlines: { self: '2026-12-01', manager: '2026-12-05', peer: '2026-12-10' },
    ...overrides,
  });

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = new Date('2026-11-27T04:00:00Z');
  const { companyA } = t.template;
  admin = await t.login(companyA.users.admin.username);
  hr = await t.login(companyA.users.hr.username);
  employee = await t.login(companyA.users.employee.username);
  for (const role of ['admin', 'hr', 'employee'] as const)
    cookies.set(companyA.users[role].employeeId, role === 'admin' ? admin : role === 'hr' ? hr : employee);
  const person = (await req('GET', `/employees/${companyA.users.employee.employeeId}`, hr)).json();
  me = { id: person.id, unitId: person.unit.id };
  const [row] = await queryRows<{ manager_id: string | null; leader: string | null }>(
    t.database.db,
    sql`select e.manager_id::text as manager_id, u.leader_employee_id::text as leader
        from employees e join org_units u on u.id = e.unit_id where e.id = ${me.id}`,
  );
  bossEmployeeId = (row.manager_id ?? row.leader)!;
  const template = await req('POST', '/scorecard-templates', hr, {
    name: '行为互评',
    positionIds: [],
    stages: [],
    definition,
  });
  expect(template.statusCode, template.body).toBe(201);
});
afterAll(() => t.close());

describe('peer reviews', () => {
  let cycleId: string;
  let version: number;
  let participantId: string;
  /** The peer forms about `me`. */
  let peerForms: FormRow[];
  const advance = async (stage: string) => {
    const res = await req('POST', `/review-cycles/${cycleId}/advance`, hr, { expectedVersion: version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().stage).toBe(stage);
    version = res.json().version;
  };
  const myTotal = async () =>
    (await req('GET', `/review-cycles/${cycleId}/participants`, hr))
      .json()
      .items.find((p: { id: string }) => p.id === participantId).total as string;

  it('a cycle without peer reviews opens only self and manager forms, and has no peer stage', async () => {
    const created = await newCycle({ name: '无互评', periodStart: '2026-09-01', peerReviews: false });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().peerReviews).toBe(false);
    const launched = await req('POST', `/review-cycles/${created.json().id}/launch`, hr, { expectedVersion: 1 });
    expect(launched.statusCode, launched.body).toBe(200);
    expect(launched.json().stage).toBe('self_review');
    const forms = await formsOf(created.json().id);
    const participants = launched.json().participants as number;
    expect(participants).toBeGreaterThan(2);
    expect(forms.filter((f) => f.rater_kind === 'peer')).toEqual([]);
    expect(forms.filter((f) => f.rater_kind === 'self')).toHaveLength(participants);
    expect(forms.some((f) => f.rater_kind === 'manager')).toBe(true);
    expect(launched.json().forms.pending).toBe(forms.length);
    // Its stages: manager review goes straight to calibration.
    const next = await req('POST', `/review-cycles/${created.json().id}/advance`, hr, {
      expectedVersion: launched.json().version,
    });
    expect(next.json()).toMatchObject({ stage: 'manager_review', nextStage: 'calibration' });
  });

  it('a cycle with peer reviews also opens peer forms: up to 3 colleagues of the same unit each', async () => {
    const created = await newCycle({ peerReviews: true });
    expect(created.statusCode, created.body).toBe(201);
    cycleId = created.json().id;
    const launched = await req('POST', `/review-cycles/${cycleId}/launch`, hr, { expectedVersion: 1 });
    expect(launched.statusCode, launched.body).toBe(200);
    version = launched.json().version;
    expect(launched.json()).toMatchObject({ stage: 'self_review', peerReviews: true });

    const list = (await req('GET', `/review-cycles/${cycleId}/participants`, hr)).json().items as {
      id: string;
      employee: { id: string };
      unit: { id: string };
    }[];
    participantId = list.find((p) => p.employee.id === me.id)!.id;
    const unitOf = new Map(list.map((p) => [p.employee.id, p.unit.id]));
    const sizeOf = (unitId: string) => list.filter((p) => p.unit.id === unitId).length;

    const forms = await formsOf(cycleId);
    expect(launched.json().forms.pending).toBe(forms.length);
    expect(forms.filter((f) => f.rater_kind === 'self')).toHaveLength(list.length);
    expect(forms.some((f) => f.rater_kind === 'manager')).toBe(true);
    for (const p of list) {
      const peers = forms.filter((f) => f.rater_kind === 'peer' && f.reviewee_id === p.employee.id);
      const raters = peers.map((f) => f.rater_id);
      expect(raters, p.employee.id).toHaveLength(Math.min(3, sizeOf(p.unit.id) - 1));
      expect(new Set(raters).size).toBe(raters.length);
      expect(raters).not.toContain(p.employee.id);
      for (const r of raters) expect(unitOf.get(r), `peer ${r} of ${p.employee.id}`).toBe(p.unit.id);
    }
    peerForms = forms.filter((f) => f.rater_kind === 'peer' && f.reviewee_id === me.id);
    expect(peerForms.length).toBeGreaterThanOrEqual(2);
  });

  it('a peer sees their form in their inbox and fills it only in the peer stage; no one else may', async () => {
    const [form, other] = peerForms;
    const peer = await signInAs(form.rater_id);
    const inbox = (await req('GET', '/my-reviews', peer)).json();
    const item = inbox.items.find((i: { formId: string }) => i.formId === form.id);
    expect(item).toMatchObject({
      raterKind: 'peer',
      reviewee: { id: me.id },
      cycle: { id: cycleId, stage: 'self_review' },
      status: 'pending',
      dueDate: '2026-12-10',
      open: false,
    });
    const view = await req('GET', `/review-forms/${form.id}`, peer);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({
      raterKind: 'peer',
      rater: { id: form.rater_id },
      reviewee: { id: me.id },
      editable: false,
    });
    expect(view.json().indicators.map((i: { key: string }) => i.key)).toEqual(['conduct']);
    const early = await req('PUT', `/review-forms/${form.id}`, peer, { ratings: { conduct: 2 }, submit: true });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('REVIEW_STAGE_CLOSED');

    // Another peer of the same person, and a colleague who rates nobody here: as if the form did not exist.
    const otherPeer = await signInAs(other.rater_id);
    expect((await req('GET', `/review-forms/${form.id}`, otherPeer)).statusCode).toBe(404);
    expect((await req('PUT', `/review-forms/${form.id}`, otherPeer, { ratings: { conduct: 1 } })).statusCode).toBe(404);
    const ratersOfMe = new Set(peerForms.map((f) => f.rater_id));
    const [leader] = await queryRows<{ id: string | null }>(
      t.database.db,
      sql`select leader_employee_id::text as id from org_units where id = ${me.unitId}`,
    );
    const bystanderId = (await formsOf(cycleId)).find(
      (f) =>
        f.rater_kind === 'self' &&
        f.unit_id === me.unitId &&
        ![me.id, bossEmployeeId, leader.id].includes(f.rater_id) &&
        !ratersOfMe.has(f.rater_id),
    )?.rater_id;
    expect(bystanderId, 'a colleague who is not a peer of the reviewee').toBeDefined();
    const bystander = await signInAs(bystanderId!);
    expect((await req('GET', `/review-forms/${form.id}`, bystander)).statusCode).toBe(404);
    expect(
      (await req('PUT', `/review-forms/${form.id}`, bystander, { ratings: { conduct: 1 }, submit: true })).statusCode,
    ).toBe(404);
  });

  it('the peers are anonymous to the reviewee, and count with their weight', async () => {
    const peerIds = peerForms.map((f) => f.rater_id);
    const names = await queryRows<{ name: string }>(
      t.database.db,
      sql`select name from employees where id in (${sql.join(
        peerIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
    const revealsPeer = (body: string) =>
      peerIds.find((id) => body.includes(id)) ?? names.find((n) => body.includes(n.name))?.name;

    // Nothing rated yet: the indicator is missing.
    expect(await myTotal()).toBe('0.00');
    // Self stage: the reviewee rates themself; they see no peer form about them, in their inbox or by id.
    const levels: { self?: number; manager?: number; peers: number[] } = { peers: [] };
    const own = (await req('GET', '/my-reviews', employee)).json();
    type Item = { formId: string; raterKind: string; reviewee: { id: string }; cycle: { id: string } };
    const aboutMeIn = (items: Item[]) => items.filter((i) => i.reviewee.id === me.id && i.cycle.id === cycleId);
    const aboutMe = aboutMeIn(own.items);
    expect(aboutMe.map((i) => i.raterKind)).toEqual(['self']);
    expect(revealsPeer(JSON.stringify(aboutMe))).toBeUndefined();
    const self = await req('PUT', `/review-forms/${aboutMe[0].formId}`, employee, {
      ratings: { conduct: 3 },
      submit: true,
    });
    expect(self.statusCode, self.body).toBe(200);
    levels.self = 3;
    expect(await myTotal()).toBe(expectedScore(levels));

    await advance('manager_review');
    const boss = await signInAs(bossEmployeeId, 'manager');
    const managerForm = (await formsOf(cycleId)).find((f) => f.rater_kind === 'manager' && f.reviewee_id === me.id)!;
    expect(managerForm.rater_id).toBe(bossEmployeeId);
    const byBoss = await req('PUT', `/review-forms/${managerForm.id}`, boss, { ratings: { conduct: 1 }, submit: true });
    expect(byBoss.statusCode, byBoss.body).toBe(200);
    levels.manager = 1;
    // (120 × 20 + 40 × 50) / 70: the peers' weight is shared out while they have not rated.
    expect(await myTotal()).toBe(expectedScore(levels));

    await advance('peer_review');
    const peerLevels = [2, 3, 1];
    for (const [i, form] of peerForms.entries()) {
      const peer = await signInAs(form.rater_id);
      expect((await req('GET', `/review-forms/${form.id}`, peer)).json().editable).toBe(true);
      const res = await req('PUT', `/review-forms/${form.id}`, peer, {
        ratings: { conduct: peerLevels[i] },
        comment: '合作顺畅',
        submit: true,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'submitted', rater: { id: form.rater_id } });
      levels.peers.push(peerLevels[i]);
      expect(await myTotal(), `after ${levels.peers.length} peer(s)`).toBe(expectedScore(levels));

      // The reviewee cannot open it, and their inbox still shows no peer of theirs.
      const seen = await req('GET', `/review-forms/${form.id}`, employee);
      expect(seen.statusCode).toBe(404);
      expect(revealsPeer(seen.body)).toBeUndefined();
    }
    const inbox = (await req('GET', '/my-reviews', employee)).json();
    expect(aboutMeIn(inbox.items).map((i) => i.raterKind)).toEqual(['self']);
    // HR sees who rated.
    const asHr = await req('GET', `/review-forms/${peerForms[0].id}`, hr);
    expect(asHr.json().rater).toMatchObject({ id: peerForms[0].rater_id });
    // (Which also shows the check for a peer's id or name finds one where there is one.)
    expect(revealsPeer(asHr.body)).toBeDefined();

    // All five raters: (self 120 × 20 + manager 40 × 50 + mean of the peers' points × 30) / 100.
    const expected = expectedScore(levels);
    expect(levels.peers).toHaveLength(peerForms.length);
    expect(await myTotal()).toBe(expected);
    const detail = (await req('GET', `/review-participants/${participantId}`, hr)).json();
    expect(detail.indicators.find((i: { key: string }) => i.key === 'conduct')).toMatchObject({ score: expected });

    // Published: the reviewee reads their result, with the peers' mean and weight but not who they are.
    await advance('calibration');
    await advance('approval');
    await advance('published');
    const result = await req('GET', `/review-participants/${participantId}`, employee);
    expect(result.statusCode, result.body).toBe(200);
    expect(result.json().total).toBe(expected);
    const conduct = result.json().indicators.find((i: { key: string }) => i.key === 'conduct');
    expect(conduct.score).toBe(expected);
    const peerMean = levels.peers.map(pointsOf).reduce((a, b) => a + b, 0) / levels.peers.length;
    expect(conduct.explanation.params.raters).toContainEqual(
      expect.objectContaining({ rater: 'peer', points: peerMean.toFixed(2), weight: `${weights.peer}.00` }),
    );
    // The peers' levels in order of level, not of the forms (submitted 2, 3, 1): the order tells nobody apart.
    const peerRow = conduct.explanation.params.raters.find((r: { rater: string }) => r.rater === 'peer');
    expect(peerRow.levels).toEqual([...levels.peers].sort((a, b) => a - b));
    expect(revealsPeer(result.body)).toBeUndefined();
    const xlsx = await req('GET', `/review-participants/${participantId}/result.xlsx`, employee);
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells = book.worksheets.flatMap((ws) => ws.getSheetValues().flat());
    expect(cells.length).toBeGreaterThan(0);
    expect(revealsPeer(JSON.stringify(cells))).toBeUndefined();
  });
});
