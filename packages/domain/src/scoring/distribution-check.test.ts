import { describe, expect, it } from 'vitest';
import { distributionCheck } from './distribution-check';
import type { DistributionCheck, GuidelineEntry } from './types';

const team = (counts: Record<string, number>) => Object.entries(counts).flatMap(([g, n]) => Array(n).fill(g));

function checked(result: DistributionCheck) {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
}

const entry = (e: GuidelineEntry, grades: string[]) => checked(distributionCheck(grades, { entries: [e] })).entries[0];

describe('distributionCheck', () => {
  it('rounds allowed counts up for < and <=', () => {
    const fifteen = team({ S: 1, A: 2, B: 12 });
    // 10% × 15 = 1.5 → 2
    expect(entry({ grades: 'S', operator: '<', percent: 10 }, fifteen)).toMatchObject({
      actual: 1,
      allowed: 2,
      ok: true,
    });
    expect(entry({ grades: 'A', operator: '<', percent: 10 }, fifteen)).toMatchObject({
      actual: 2,
      allowed: 2,
      ok: false,
    });
    expect(entry({ grades: 'A', operator: '<=', percent: 10 }, fifteen)).toMatchObject({ actual: 2, ok: true });
    // an exact product is not rounded: 10% × 10 = 1, so "< 10%" allows no one
    const ten = team({ S: 1, B: 9 });
    expect(entry({ grades: 'S', operator: '<', percent: 10 }, ten)).toMatchObject({ allowed: 1, ok: false });
    expect(entry({ grades: 'S', operator: '<=', percent: 10 }, ten)).toMatchObject({ allowed: 1, ok: true });
  });

  it('rounds allowed counts down for > and >=', () => {
    const fifteen = team({ A: 3, B: 7, C: 5 });
    // 50% × 15 = 7.5 → 7
    expect(entry({ grades: 'B', operator: '>=', percent: 50 }, fifteen)).toMatchObject({
      actual: 7,
      allowed: 7,
      ok: true,
    });
    expect(entry({ grades: 'B', operator: '>', percent: 50 }, fifteen)).toMatchObject({ allowed: 7, ok: false });
    expect(entry({ grades: ['A', 'B'], operator: '>', percent: 50 }, fifteen)).toMatchObject({ actual: 10, ok: true });
  });

  it("accepts either neighbour for '=' and rounds 'between' outward, inclusive", () => {
    const fifteen = team({ S: 2, A: 3, B: 10 });
    // 10% × 15 = 1.5 → [1, 2]
    expect(entry({ grades: 'S', operator: '=', percent: 10 }, fifteen)).toMatchObject({ allowed: [1, 2], ok: true });
    expect(entry({ grades: 'A', operator: '=', percent: 10 }, fifteen)).toMatchObject({ allowed: [1, 2], ok: false });
    expect(entry({ grades: 'A', operator: '=', percent: 20 }, fifteen)).toMatchObject({ allowed: [3, 3], ok: true });
    // 15% × 15 = 2.25 → 2, 25% × 15 = 3.75 → 4
    const between: GuidelineEntry = { grades: ['A'], operator: 'between', percents: [15, 25] };
    expect(entry(between, fifteen)).toMatchObject({ actual: 3, allowed: [2, 4], actualPercent: '20.00', ok: true });
    expect(entry(between, team({ A: 5, B: 10 }))).toMatchObject({ ok: false });
    expect(entry(between, team({ A: 2, B: 13 }))).toMatchObject({ ok: true });
    expect(entry(between, team({ A: 1, B: 14 }))).toMatchObject({ ok: false });
  });

  it('does not apply to teams under 10 (configurable) but still shows the counts', () => {
    const nine = team({ S: 5, B: 4 });
    const guideline = { entries: [{ grades: 'S', operator: '<=', percent: 20 }] as const };
    const small = checked(distributionCheck(nine, guideline));
    expect(small).toMatchObject({ applies: false, headcount: 9, withinGuideline: false, warn: false });
    expect(small.entries[0]).toMatchObject({ actual: 5, allowed: 2, ok: false });
    expect(checked(distributionCheck(nine, { ...guideline, minHeadcount: 5 }))).toMatchObject({
      applies: true,
      warn: true,
    });
    expect(checked(distributionCheck(team({ S: 2, B: 8 }), guideline))).toMatchObject({
      applies: true,
      withinGuideline: true,
      warn: false,
    });
    expect(checked(distributionCheck([], guideline))).toMatchObject({ applies: false, headcount: 0 });
  });

  it('never changes the grades it is given', () => {
    const grades = Object.freeze(team({ S: 5, B: 10 }));
    const result = checked(distributionCheck(grades, { entries: [{ grades: 'S', operator: '<', percent: 10 }] }));
    expect(result.warn).toBe(true);
    expect(grades).toEqual(team({ S: 5, B: 10 }));
  });

  it('reports malformed guidelines', () => {
    const result = distributionCheck(['A'], {
      entries: [
        { grades: [], operator: '<', percent: 10 },
        { grades: 'A', operator: '<', percent: 110 },
        { grades: 'A', operator: 'between', percents: [30, 20] },
        { grades: 'A', operator: '≈' as '=', percent: 10 },
        { grades: 'A', operator: '>=', percent: 'ten' },
      ],
      minHeadcount: -1,
    });
    expect(result.ok ? [] : result.errors.map((e) => `${e.path} ${e.code}`)).toEqual([
      'minHeadcount INVALID_OPTION',
      'entries[0].grades NO_GRADES',
      'entries[1].percent PERCENT_OUT_OF_RANGE',
      'entries[2].percents RANGE_REVERSED',
      'entries[3].operator INVALID_OPTION',
      'entries[4].percent NOT_A_NUMBER',
    ]);
  });
});
