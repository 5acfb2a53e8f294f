import { describe, expect, it } from 'vitest';
import type { Person, RuleRow } from './data';
import { detect, type RuleData } from './detect';
import { newOnset } from './evaluator';

describe('newOnset (a firing that is another decline than the live alert)', () => {
  const monthly = { periodType: 'month' } as const;
  it('is a decline that began after the last period the alert fired for', () => {
    // Fired for 2025-06 (clear_count 0): a decline from 2025-07 is another one; one from 2025-06 or before is it.
    expect(newOnset(monthly, { period: '2025-06-01', clear_count: 0 }, { onsetPeriod: '2025-07-01' })).toBe(true);
    expect(newOnset(monthly, { period: '2025-06-01', clear_count: 0 }, { onsetPeriod: '2025-06-01' })).toBe(false);
    expect(newOnset(monthly, { period: '2025-06-01', clear_count: 0 }, { onsetPeriod: '2025-04-01' })).toBe(false);
    // Clear for 2025-06 (clear_count 1): it last fired for 2025-05, so a decline from 2025-06 is another one.
    expect(newOnset(monthly, { period: '2025-06-01', clear_count: 1 }, { onsetPeriod: '2025-06-01' })).toBe(true);
    expect(newOnset(monthly, { period: '2025-06-01', clear_count: 1 }, { onsetPeriod: '2025-05-01' })).toBe(false);
  });
  it('never for inactivity rules, nor without an onset or a period', () => {
    expect(
      newOnset({ periodType: 'day' }, { period: '2025-06-01', clear_count: 0 }, { onsetPeriod: '2025-07-01' }),
    ).toBe(false);
    expect(newOnset(monthly, { period: null, clear_count: 0 }, { onsetPeriod: '2025-07-01' })).toBe(false);
    expect(newOnset(monthly, { period: '2025-06-01', clear_count: 0 }, { onsetPeriod: null })).toBe(false);
  });
});

describe('combined rule: the team median it divides by', () => {
  const months = Array.from({ length: 10 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}-01`);
  const person = (id: string, hireDate: string, regularizationDate: string): Person => ({
    id,
    name: id,
    employeeNo: id,
    unitId: 'u',
    positionId: 'p',
    managerId: null,
    status: 'regular',
    hireDate,
    regularizationDate,
    exitDate: null,
    stage: 'tenured',
    unitPath: ['u'],
  });
  const rule: RuleRow = {
    id: 'r',
    orgId: 'o',
    kind: 'combined_decline',
    name: 'x',
    enabled: true,
    metricKey: 'calls',
    periodType: 'month',
    params: { alsoMetrics: [], levelPeriods: 6, h: 1.5, k: 0.5, window: 3, minDropPct: 20 },
    scope: { unitIds: [], positionIds: [], stages: [] },
    severity: 'high',
    minPeriods: 3,
    cooldownDays: 30,
    recoverAfter: 2,
    recipients: {
      hr: { enabled: true, message: null },
      manager: { enabled: true, message: null },
      employee: { enabled: false, message: null },
    },
    version: 1,
  };
  // Seven established people at 40 calls a month; from 2025-07 three newcomers join each month (a partial first
  // month of 5 calls, then a probation ramp of 20): with them, the team's median would fall to 20 and the
  // judged person's 40 would look like twice the usual. Nobody changes, so nothing may fire.
  const people = [0, 1, 2, 3, 4, 5, 6].map((i) => person(`e${i}`, '2023-01-01', '2023-04-01'));
  const newcomers = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) =>
    person(`n${i}`, `2025-${String(7 + Math.floor(i / 3)).padStart(2, '0')}-15`, '2026-01-15'),
  );
  const values = new Map<string, Map<string, number>>();
  for (const p of people) values.set(p.id, new Map(months.map((m) => [m, 40])));
  for (const p of newcomers)
    values.set(
      p.id,
      new Map(months.filter((m) => m >= `${p.hireDate.slice(0, 8)}01`).map((m) => [m, m < p.hireDate ? 5 : 20])),
    );
  const data = (masks: RuleData['masks'] = new Map()): RuleData => ({
    rule,
    people: new Map([...people, ...newcomers].map((p) => [p.id, p])),
    values,
    targets: new Map(),
    masks,
    activityDays: new Map(),
    zeroWhenMissing: true,
    from: '2024-06-01',
    also: new Map(),
    metricNames: {},
  });
  type Pt = { period: string; indicators: { share: number }[] };
  it('is the median of the established people: newcomers in their first months do not move it', () => {
    const s = detect(data(), people[0], '2025-10-01');
    expect(s.status).toBe('clear');
    const shares = (s.evidence.series as Pt[]).map((x) => x.indicators[0].share);
    expect(new Set(shares)).toEqual(new Set([1]));
  });
  it('leaves out a colleague on leave in the month', () => {
    // Four of the seven established are on leave in 2025-09 with nothing done: counted, they would make the
    // median 0; left out, it stays 40.
    const zero = new Map(values);
    for (const id of ['e1', 'e2', 'e3', 'e4'])
      zero.set(
        id,
        new Map([...(values.get(id) as Map<string, number>)].map(([m, v]) => [m, m === '2025-09-01' ? 0 : v])),
      );
    const leave = new Map(
      ['e1', 'e2', 'e3', 'e4'].map((id) => [
        id,
        [{ kind: 'leave' as const, start: '2025-09-01', end: '2025-09-30', source: 'manual' as const }],
      ]),
    );
    const d = { ...data(leave), values: zero };
    const s = detect(d, people[0], '2025-10-01');
    const sep = (s.evidence.series as Pt[]).find((x) => x.period === '2025-09-01');
    expect(sep?.indicators[0].share).toBe(1);
  });
});
