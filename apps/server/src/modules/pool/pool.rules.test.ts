import { poolPolicy } from '@stride/contracts';
import { describe, expect, it } from 'vitest';
import {
  addPeriods,
  attainmentPct,
  isClosed,
  isPeriodStart,
  lastClosedPeriod,
  optimizationCheck,
  type PeriodFacts,
  periodEndOf,
  severitiesAtLeast,
  suggestStep,
  unsatisfactoryBecause,
} from './pool.rules';

const policy = poolPolicy.parse({});
const facts = (
  periodStart: string,
  attainment: string | null,
  grade: string | null = null,
  rank: number | null = null,
) => {
  const f: PeriodFacts = { periodStart, attainmentPct: attainment, grade, gradeRank: rank };
  return { ...f, unsatisfactory: unsatisfactoryBecause(f, policy).length > 0 };
};

describe('periods', () => {
  it('months and quarters: starts, ends, the last closed one', () => {
    expect(addPeriods('2026-11-01', 'month', -1)).toBe('2026-10-01');
    expect(addPeriods('2026-10-01', 'quarter', 1)).toBe('2027-01-01');
    expect(periodEndOf('2026-02-01', 'month')).toBe('2026-02-28');
    expect(periodEndOf('2026-07-01', 'quarter')).toBe('2026-09-30');
    expect(isPeriodStart('2026-08-01', 'quarter')).toBe(false);
    expect(isPeriodStart('2026-10-01', 'quarter')).toBe(true);
    expect(lastClosedPeriod('2026-11-27', 'month')).toBe('2026-10-01');
    expect(lastClosedPeriod('2026-11-27', 'quarter')).toBe('2026-07-01');
    // The last day of October is not over yet on October 31st.
    expect(isClosed('2026-10-01', 'month', '2026-10-31')).toBe(false);
    expect(isClosed('2026-10-01', 'month', '2026-11-01')).toBe(true);
  });

  it('severities at or above the least one', () => {
    expect(severitiesAtLeast('medium')).toEqual(['medium', 'high']);
    expect(severitiesAtLeast('low')).toEqual(['low', 'medium', 'high']);
  });
});

describe('unsatisfactory', () => {
  it('is a grade in the set or attainment below the threshold, boundary excluded', () => {
    expect(attainmentPct('69950', '100000')).toBe('70.0');
    expect(unsatisfactoryBecause(facts('2026-10-01', '70.0'), policy)).toEqual([]);
    expect(unsatisfactoryBecause(facts('2026-10-01', '69.9'), policy)).toEqual(['attainment']);
    expect(unsatisfactoryBecause(facts('2026-10-01', null, 'C'), policy)).toEqual(['grade']);
    expect(unsatisfactoryBecause(facts('2026-10-01', '10.0', 'D'), policy)).toEqual(['grade', 'attainment']);
    expect(unsatisfactoryBecause(facts('2026-10-01', null, null), policy)).toEqual([]);
    expect(attainmentPct('5', '0')).toBeNull();
  });
});

describe('the optimization list', () => {
  it('needs the consecutive unsatisfactory periods and no real improvement', () => {
    const listed = optimizationCheck([facts('2026-09-01', '50.0'), facts('2026-10-01', '59.9')], policy);
    expect(listed).toMatchObject({ listed: true, reason: { outcome: 'listed', improvement: { gainPts: '9.9' } } });
    const improved = optimizationCheck([facts('2026-09-01', '50.0'), facts('2026-10-01', '60.0')], policy);
    expect(improved).toMatchObject({ listed: false, reason: { outcome: 'improved' } });
    const once = optimizationCheck([facts('2026-09-01', '80.0'), facts('2026-10-01', '10.0')], policy);
    expect(once).toMatchObject({ listed: false, reason: { outcome: 'too_few_unsatisfactory', unsatisfactoryRun: 1 } });
    const three = poolPolicy.parse({ consecutivePeriods: 3 });
    expect(
      optimizationCheck([facts('2026-08-01', '80.0'), facts('2026-09-01', '50.0'), facts('2026-10-01', '50.0')], three)
        .listed,
    ).toBe(false);
  });

  it('falls back to grades where attainment is missing, and lists nobody without evidence', () => {
    const same = optimizationCheck([facts('2026-09-01', null, 'D', 0), facts('2026-10-01', '40.0', 'D', 0)], policy);
    expect(same).toMatchObject({ listed: true, reason: { improvement: { basis: 'grade' } } });
    const better = optimizationCheck([facts('2026-09-01', null, 'D', 0), facts('2026-10-01', null, 'C', 60)], policy);
    expect(better).toMatchObject({ listed: false, reason: { outcome: 'improved' } });
    const unknown = optimizationCheck([facts('2026-09-01', null, 'D'), facts('2026-10-01', '40.0')], policy);
    expect(unknown).toMatchObject({ listed: false, reason: { outcome: 'improvement_unknown' } });
  });

  it('never lists anyone whose periods are all satisfactory, whatever else is true', () => {
    for (const a of [null, '70.0', '95.5', '150.0'])
      for (const g of [null, 'S', 'A', 'B'])
        expect(optimizationCheck([facts('2026-09-01', a, g), facts('2026-10-01', a, g)], policy).listed).toBe(false);
  });
});

describe('the suggested step', () => {
  const base = {
    periodStart: '2026-10-01',
    periodType: 'month' as const,
    occurrence: 1,
    earlierPools: [] as string[],
    plan: null,
    unsatisfactoryIn: () => true,
    policy,
  };

  it('first time, repeated, plan in progress, failed plan', () => {
    expect(suggestStep(base)).toMatchObject({ step: 'coaching_training', reason: { rule: 'first_time' } });
    expect(suggestStep({ ...base, earlierPools: ['2026-09-01'], occurrence: 2 })).toMatchObject({
      step: 'improvement_plan',
      reason: { rule: 'repeated' },
    });
    const plan = { entryId: '00000000-0000-4000-8000-000000000001', periodStart: '2026-09-01' };
    expect(suggestStep({ ...base, plan })).toMatchObject({
      step: 'improvement_plan',
      reason: { rule: 'plan_in_progress', plan: { judgedFrom: '2026-11-01' } },
    });
    const august = { ...plan, periodStart: '2026-08-01' };
    expect(suggestStep({ ...base, plan: august })).toMatchObject({
      step: 'transfer_or_exit_review',
      reason: { rule: 'failed_plan', plan: { judgedFrom: '2026-10-01', planPeriods: 2 } },
    });
    // Recovered in between: the plan did not fail; the person is simply back.
    const july = { ...plan, periodStart: '2026-07-01' };
    const back = suggestStep({ ...base, plan: july, unsatisfactoryIn: (p) => p !== '2026-09-01' });
    expect(back).toMatchObject({ step: 'coaching_training', reason: { rule: 'first_time' } });
  });

  it('an alert alone (a rank included) never reaches an exit review, even after a plan', () => {
    const plan = { entryId: '00000000-0000-4000-8000-000000000001', periodStart: '2026-01-01' };
    for (let occurrence = 1; occurrence <= 12; occurrence++) {
      const s = suggestStep({
        ...base,
        occurrence,
        earlierPools: occurrence > 1 ? ['2026-09-01'] : [],
        plan,
        unsatisfactoryIn: () => false,
      });
      expect(s.step).not.toBe('transfer_or_exit_review');
    }
  });
});
