import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreCard } from './score-card';
import { cohortRanker } from './score-percentile';
import type { ScorecardTemplate } from './types';

const template = (direction: 'higher_is_better' | 'lower_is_better'): ScorecardTemplate => ({
  dimensions: [
    {
      key: 'd',
      name: 'd',
      weight: '100',
      indicators: [
        { key: 'p', kind: 'metric', weight: '100', rule: { type: 'percentile', floor: '10', cap: '90', direction } },
      ],
    },
  ],
});

describe('cohortRanker', () => {
  it('scores every member exactly as passing the whole cohort does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom('higher_is_better' as const, 'lower_is_better' as const),
        (ints, direction) => {
          const cohort = ints.map((i) => (i / 4).toFixed(2));
          const rank = cohortRanker(cohort);
          for (const actual of cohort) {
            const slow = scoreCard(template(direction), { p: { actual, cohort } });
            const fast = scoreCard(template(direction), { p: { actual, cohortRank: rank(actual) } });
            expect(fast).toEqual(slow);
          }
        },
      ),
    );
  });

  it('counts ties and refuses a rank that does not hold the actual', () => {
    const rank = cohortRanker(['1', '2', '2', '3.5', 'x']);
    expect(rank('2')).toEqual({ below: 1, equal: 2, size: 4 });
    expect(rank('2.00')).toEqual({ below: 1, equal: 2, size: 4 });
    expect(rank('9')).toEqual({ below: 4, equal: 0, size: 4 });
    const result = scoreCard(template('higher_is_better'), { p: { actual: '9', cohortRank: rank('9') } });
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'ACTUAL_NOT_IN_COHORT' }] });
  });
});
