import { describe, expect, it } from 'vitest';
import { scoreCard } from './score-card';
import type { IndicatorInput, MetricRule, RatingRule, ScoreCardResult, ScorecardTemplate, ScoredCard } from './types';

const RUBRIC: RatingRule['rubric'] = [1, 2, 3, 4, 5].map((level) => ({
  level,
  label: `L${level}`,
  description: `level ${level}`,
  points: String(level * 20),
}));

/** One dimension, one indicator: the total is the indicator's score. */
function single(rule: MetricRule | RatingRule): ScorecardTemplate {
  const indicator =
    rule.type === 'rubric'
      ? { key: 'x', weight: 100, kind: 'rating' as const, rule }
      : { key: 'x', weight: 100, kind: 'metric' as const, rule };
  return { dimensions: [{ key: 'd', name: 'D', weight: 100, indicators: [indicator] }] };
}

function scored(result: ScoreCardResult): ScoredCard {
  if (!result.ok) throw new Error(`expected a score, got ${JSON.stringify(result.errors)}`);
  return result;
}

const scoreOf = (rule: MetricRule | RatingRule, input?: IndicatorInput) =>
  scored(scoreCard(single(rule), input ? { x: input } : {}));

const errorsOf = (rule: MetricRule | RatingRule, input: IndicatorInput) => {
  const result = scoreCard(single(rule), { x: input });
  if (result.ok) throw new Error('expected errors');
  return result.errors;
};

describe('linear attainment', () => {
  const rule: MetricRule = { type: 'linear', target: 100, floor: 60, cap: 120 };

  it('scores actual / target × 100 between floor and cap, inclusive at both ends', () => {
    expect(scoreOf(rule, { actual: 85 }).total).toBe('85.00');
    expect(scoreOf(rule, { actual: 60 }).indicators[0].explanation).toMatchObject({
      code: 'LINEAR_ATTAINMENT',
      params: { attainment: '60.00', clamped: null },
    });
    expect(scoreOf(rule, { actual: 120 }).indicators[0].explanation).toMatchObject({ params: { clamped: null } });
    expect(scoreOf(rule, { actual: '59.99' }).total).toBe('60.00');
    expect(scoreOf(rule, { actual: '59.99' }).indicators[0].explanation).toMatchObject({
      params: { clamped: 'floor' },
    });
    expect(scoreOf(rule, { actual: '120.01' }).total).toBe('120.00');
    expect(scoreOf(rule, { actual: '120.01' }).indicators[0]).toMatchObject({
      attainment: '120.01',
      explanation: { params: { clamped: 'cap' } },
    });
    expect(scoreOf(rule, { actual: -50 }).total).toBe('60.00');
  });

  it('defaults to floor 0 and cap 120', () => {
    const plain: MetricRule = { type: 'linear', target: 100 };
    expect(scoreOf(plain, { actual: 0 }).total).toBe('0.00');
    expect(scoreOf(plain, { actual: -10 }).total).toBe('0.00');
    expect(scoreOf(plain, { actual: 500 }).total).toBe('120.00');
    expect(scoreOf(plain, { actual: 500 }).maxTotal).toBe('120.00');
  });

  it('prefers the personal target of the input and refuses a target of 0 or less', () => {
    expect(scoreOf(rule, { actual: 90, target: 75 }).indicators[0]).toMatchObject({
      target: '75',
      attainment: '120.00',
      score: '120.00',
    });
    expect(errorsOf(rule, { actual: 90, target: 0 })).toEqual([
      { path: 'inputs.x.target', code: 'TARGET_NOT_POSITIVE', value: '0' },
    ]);
    expect(errorsOf(rule, { actual: 90, target: '-5' })[0].code).toBe('TARGET_NOT_POSITIVE');
    const refused = scoreCard(single({ type: 'linear', target: 0 }), { x: { actual: 1 } });
    expect(refused).toEqual({
      ok: false,
      errors: [{ path: 'dimensions[0].indicators[0].rule.target', code: 'TARGET_NOT_POSITIVE', value: '0' }],
    });
  });

  it('mirrors attainment around 100 when lower is better', () => {
    const refunds: MetricRule = { type: 'linear', target: '2', direction: 'lower_is_better' };
    expect(scoreOf(refunds, { actual: '2' }).total).toBe('100.00');
    expect(scoreOf(refunds, { actual: '2.5' }).total).toBe('75.00');
    expect(scoreOf(refunds, { actual: '1.5' }).total).toBe('120.00'); // 125 capped
    expect(scoreOf(refunds, { actual: '0' }).total).toBe('120.00');
    expect(scoreOf(refunds, { actual: '4' }).total).toBe('0.00');
    expect(scoreOf(refunds, { actual: '5' }).total).toBe('0.00'); // -50 floored
    expect(scoreOf(refunds, { actual: '2.5' }).indicators[0].attainment).toBe('125.00'); // actual / target
  });

  it('rounds only at the output, half up', () => {
    const card = scoreOf({ type: 'linear', target: 100 }, { actual: '100.125' });
    expect(card.total).toBe('100.13'); // half-even would give 100.12
    expect(card.exact.total).toBe('100.125');
    const third = scoreOf({ type: 'linear', target: 3 }, { actual: 1 });
    expect(third.total).toBe('33.33');
    expect(third.exact.total.startsWith('33.3333333333')).toBe(true);
  });
});

describe('bands', () => {
  const visits: MetricRule = {
    type: 'bands',
    bands: [
      { threshold: 20, points: 60 },
      { threshold: 30, points: 80 },
      { threshold: 40, points: 100 },
    ],
  };

  it('takes the first band from the top whose threshold the value reaches; edges belong to the band', () => {
    expect(scoreOf(visits, { actual: 40 }).total).toBe('100.00');
    expect(scoreOf(visits, { actual: '39.99' }).total).toBe('80.00');
    expect(scoreOf(visits, { actual: 30 }).total).toBe('80.00');
    expect(scoreOf(visits, { actual: 20 }).indicators[0].explanation).toEqual({
      code: 'BAND_MATCHED',
      params: { value: '20.00', threshold: '20.00', points: '60.00', direction: 'higher_is_better' },
    });
    expect(scoreOf(visits, { actual: 19 }).indicators[0].explanation).toEqual({
      code: 'NO_BAND_MATCHED',
      params: { value: '19.00', points: '0.00', direction: 'higher_is_better' },
    });
    expect(scoreOf({ ...visits, fallbackPoints: 30 }, { actual: 0 }).total).toBe('30.00');
  });

  it('can band attainment instead of the actual', () => {
    const onAttainment: MetricRule = {
      type: 'bands',
      measure: 'attainment',
      target: 50,
      bands: [80, 100, 120].map((t) => ({ threshold: t, points: t })),
    };
    expect(scoreOf(onAttainment, { actual: 45 }).total).toBe('80.00'); // 90%
    expect(scoreOf(onAttainment, { actual: 45, target: 40 }).total).toBe('100.00'); // 112.5%
    expect(scoreOf(onAttainment, { actual: 60 }).total).toBe('120.00'); // exactly 120%
    expect(scoreOf({ ...onAttainment, target: undefined }, { actual: 45 }).missing[0].reason).toBe('NO_TARGET');
  });

  it('takes the lowest threshold the value stays within when lower is better', () => {
    const overdue: MetricRule = {
      type: 'bands',
      direction: 'lower_is_better',
      bands: [
        { threshold: 0, points: 100 },
        { threshold: 3, points: 80 },
        { threshold: 7, points: 50 },
      ],
    };
    expect(scoreOf(overdue, { actual: 0 }).total).toBe('100.00');
    expect(scoreOf(overdue, { actual: 3 }).total).toBe('80.00');
    expect(scoreOf(overdue, { actual: '3.5' }).total).toBe('50.00');
    expect(scoreOf(overdue, { actual: 8 }).total).toBe('0.00');
  });
});

describe('percentile within the cohort', () => {
  const rule: MetricRule = { type: 'percentile' };

  it('ranks from 0 (lowest) to 100 (highest) with tied values sharing their mean rank', () => {
    const cohort = [3, 7, 7, 10, 12];
    expect(scoreOf(rule, { actual: 3, cohort }).total).toBe('0.00');
    expect(scoreOf(rule, { actual: 12, cohort }).total).toBe('100.00');
    expect(scoreOf(rule, { actual: 10, cohort }).total).toBe('75.00');
    // ranks 2 and 3 → midrank 2.5 → (2.5 − 1) / 4
    expect(scoreOf(rule, { actual: 7, cohort }).indicators[0].explanation).toMatchObject({
      code: 'PERCENTILE_RANK',
      params: { percentile: '37.50', midrank: '2.5', cohortSize: 5 },
    });
    expect(scoreOf(rule, { actual: 5, cohort: [5, 5, 5] }).total).toBe('50.00');
  });

  it('scores a cohort of one 100, or as configured', () => {
    expect(scoreOf(rule, { actual: 5, cohort: [5] }).total).toBe('100.00');
    expect(scoreOf(rule, { actual: 5, cohort: [5] }).indicators[0].explanation.code).toBe('SINGLE_MEMBER_COHORT');
    expect(scoreOf({ type: 'percentile', singleMemberScore: 50 }, { actual: 5, cohort: [5] }).total).toBe('50.00');
  });

  it('lists an empty or absent cohort as missing and refuses a cohort without the actual', () => {
    const empty = scoreOf(rule, { actual: 5, cohort: [] });
    expect(empty.total).toBe('0.00');
    expect(empty.missing).toEqual([{ indicator: 'x', dimension: 'd', reason: 'NO_COHORT' }]);
    expect(scoreOf(rule, { actual: 5 }).missing[0].reason).toBe('NO_COHORT');
    expect(errorsOf(rule, { actual: 6, cohort: [5, 7] })).toEqual([
      { path: 'inputs.x.cohort', code: 'ACTUAL_NOT_IN_COHORT', value: '6' },
    ]);
    expect(errorsOf(rule, { actual: 5, cohort: [5, 'abc'] })).toEqual([
      { path: 'inputs.x.cohort[1]', code: 'NOT_A_NUMBER', value: 'abc' },
    ]);
  });

  it('applies floor and cap, and reverses the rank when lower is better', () => {
    const cohort = ['1', '2.0', '3', '4', '5'];
    expect(scoreOf({ type: 'percentile', floor: 20, cap: 90 }, { actual: 1, cohort }).total).toBe('20.00');
    expect(scoreOf({ type: 'percentile', floor: 20, cap: 90 }, { actual: 5, cohort }).total).toBe('90.00');
    expect(scoreOf({ type: 'percentile', direction: 'lower_is_better' }, { actual: 2, cohort }).total).toBe('75.00');
  });
});

describe('growth', () => {
  const rule: MetricRule = {
    type: 'growth',
    base: 'same_period_last_year',
    growthAtZeroScore: -10,
    growthAtFullScore: 20,
    cap: 120,
  };

  it('maps growth linearly between the zero-score and full-score growth, clamped to [0, cap]', () => {
    expect(scoreOf(rule, { actual: 120, base: 100 }).total).toBe('100.00');
    expect(scoreOf(rule, { actual: 90, base: 100 }).total).toBe('0.00');
    expect(scoreOf(rule, { actual: 110, base: 100 }).total).toBe('66.67');
    expect(scoreOf(rule, { actual: 50, base: 100 }).total).toBe('0.00');
    expect(scoreOf(rule, { actual: 200, base: 100 }).total).toBe('120.00');
    expect(scoreOf(rule, { actual: 110, base: 100 }).indicators[0].explanation).toMatchObject({
      code: 'GROWTH',
      params: { base: '100', growth: '10.00' },
    });
  });

  it('uses |base| for a negative base and lists a missing or zero base', () => {
    expect(scoreOf(rule, { actual: -80, base: -100 }).indicators[0].explanation).toMatchObject({
      params: { growth: '20.00' },
    });
    expect(scoreOf(rule, { actual: 10 }).missing[0].reason).toBe('NO_BASE');
    expect(scoreOf(rule, { actual: 10, base: 0 }).missing[0].reason).toBe('BASE_ZERO');
  });
});

describe('rubric ratings', () => {
  const rule: RatingRule = {
    type: 'rubric',
    rubric: RUBRIC,
    raters: [
      { rater: 'manager', weight: 60 },
      { rater: 'self', weight: 20 },
      { rater: 'peer', weight: 20 },
    ],
  };

  it('weights the raters, averaging the peers', () => {
    // 80 × 0.6 + 100 × 0.2 + mean(60, 80) × 0.2 = 48 + 20 + 14
    expect(scoreOf(rule, { ratings: { manager: 4, self: 5, peers: [3, 4] } }).total).toBe('82.00');
  });

  it('redistributes a missing rater’s weight proportionally among those who rated', () => {
    const card = scoreOf(rule, { ratings: { manager: 4, self: 5 } });
    expect(card.total).toBe('85.00'); // (80 × 60 + 100 × 20) / 80
    expect(card.indicators[0].explanation).toEqual({
      code: 'RATING',
      params: {
        raters: [
          { rater: 'manager', levels: [4], points: '80.00', weight: '75.00' },
          { rater: 'self', levels: [5], points: '100.00', weight: '25.00' },
        ],
        notRated: ['peer'],
      },
    });
    expect(scoreOf(rule, { ratings: { self: 2, peers: [] } }).total).toBe('40.00');
  });

  it('lists an unrated indicator as missing', () => {
    expect(scoreOf(rule, { ratings: {} }).missing).toEqual([{ indicator: 'x', dimension: 'd', reason: 'NO_RATINGS' }]);
    expect(scoreOf(rule).missing[0].reason).toBe('NO_RATINGS');
  });

  it('refuses a level outside the rubric, a rater the rule does not list, and metric fields', () => {
    expect(errorsOf(rule, { ratings: { manager: 6, peers: [3, 0] } })).toEqual([
      { path: 'inputs.x.ratings.manager', code: 'RATING_NOT_IN_RUBRIC', value: '6' },
      { path: 'inputs.x.ratings.peers[1]', code: 'RATING_NOT_IN_RUBRIC', value: '0' },
    ]);
    expect(errorsOf(rule, { ratings: { manager: 3.5 } })[0].code).toBe('RATING_NOT_IN_RUBRIC');
    const managerOnly: RatingRule = { ...rule, raters: [{ rater: 'manager', weight: 100 }] };
    expect(errorsOf(managerOnly, { ratings: { manager: 3, self: 5 } })).toEqual([
      { path: 'inputs.x.ratings.self', code: 'UNEXPECTED_RATER' },
    ]);
    expect(errorsOf(rule, { actual: 3, ratings: { manager: 3 } })).toEqual([
      { path: 'inputs.x.actual', code: 'INPUT_KIND_MISMATCH' },
    ]);
    expect(errorsOf({ type: 'linear', target: 1 }, { actual: 3, ratings: { manager: 3 } })).toEqual([
      { path: 'inputs.x.ratings', code: 'INPUT_KIND_MISMATCH' },
    ]);
  });
});

describe('scoreCard', () => {
  const rubric = (raters: RatingRule['raters']): RatingRule => ({ type: 'rubric', rubric: RUBRIC, raters });
  const template: ScorecardTemplate = {
    dimensions: [
      {
        key: 'results',
        name: '业绩',
        weight: 60,
        indicators: [
          { key: 'revenue', kind: 'metric', weight: 50, rule: { type: 'linear', target: 100000 } },
          {
            key: 'collections',
            kind: 'metric',
            weight: 30,
            rule: {
              type: 'bands',
              measure: 'attainment',
              bands: [60, 80, 100, 120].map((t) => ({ threshold: t, points: t })),
            },
          },
          { key: 'newCustomers', kind: 'metric', weight: 20, rule: { type: 'percentile' } },
        ],
      },
      {
        key: 'behaviour',
        name: '行为规范',
        weight: 15,
        indicators: [
          {
            key: 'conduct',
            kind: 'rating',
            weight: 100,
            rule: rubric([
              { rater: 'manager', weight: 60 },
              { rater: 'self', weight: 20 },
              { rater: 'peer', weight: 20 },
            ]),
          },
        ],
      },
      {
        key: 'capability',
        name: '能力',
        weight: 15,
        indicators: [{ key: 'skills', kind: 'rating', weight: 100, rule: rubric([{ rater: 'manager', weight: 100 }]) }],
      },
      {
        key: 'customer',
        name: '客户',
        weight: 10,
        indicators: [
          {
            key: 'refundRate',
            kind: 'metric',
            weight: 60,
            rule: { type: 'linear', target: '2', direction: 'lower_is_better' },
          },
          {
            key: 'satisfaction',
            kind: 'metric',
            weight: 40,
            rule: { type: 'growth', base: 'previous_period', growthAtZeroScore: -10, growthAtFullScore: 20 },
          },
        ],
      },
    ],
  };
  const inputs = {
    revenue: { actual: '112000' },
    collections: { actual: '850000', target: '1000000' },
    newCustomers: { actual: 7, cohort: [3, 7, 7, 10, 12] },
    conduct: { ratings: { manager: 4, self: 5 } },
    refundRate: { actual: '1.5' },
    satisfaction: { actual: 88, base: 80 },
  };

  it('computes a worked example by hand', () => {
    const card = scored(scoreCard(template, inputs));
    // 112 × 30% + 80 × 18% + 37.5 × 12% + 85 × 15% + 0 × 15% + 120 × 6% + 66.67 × 4%
    // = 33.6 + 14.4 + 4.5 + 12.75 + 0 + 7.2 + 2.6667 = 75.1167
    expect(card.total).toBe('75.12');
    expect(card.maxTotal).toBe('111.60');
    expect(card.dimensions).toEqual([
      { key: 'results', score: '87.50', weight: '60.00', contribution: '52.50' },
      { key: 'behaviour', score: '85.00', weight: '15.00', contribution: '12.75' },
      { key: 'capability', score: '0.00', weight: '15.00', contribution: '0.00' },
      { key: 'customer', score: '98.67', weight: '10.00', contribution: '9.87' },
    ]);
    expect(card.indicators.map((i) => [i.key, i.score, i.weight, i.contribution])).toEqual([
      ['revenue', '112.00', '30.00', '33.60'],
      ['collections', '80.00', '18.00', '14.40'],
      ['newCustomers', '37.50', '12.00', '4.50'],
      ['conduct', '85.00', '15.00', '12.75'],
      ['skills', '0.00', '15.00', '0.00'],
      ['refundRate', '120.00', '6.00', '7.20'],
      ['satisfaction', '66.67', '4.00', '2.67'],
    ]);
    expect(card.indicators[0]).toMatchObject({
      dimension: 'results',
      kind: 'metric',
      rule: 'linear',
      actual: '112000',
      target: '100000',
      attainment: '112.00',
    });
    expect(card.indicators[4]).toMatchObject({
      actual: null,
      explanation: { code: 'MISSING_INPUT', params: { reason: 'NO_RATINGS' } },
    });
    expect(card.missing).toEqual([{ indicator: 'skills', dimension: 'capability', reason: 'NO_RATINGS' }]);
  });

  it('scores a missing actual 0 and lists it rather than skipping it', () => {
    const { revenue: _omitted, ...rest } = inputs;
    const card = scored(scoreCard(template, rest));
    expect(card.indicators.find((i) => i.key === 'revenue')).toMatchObject({ score: '0.00', weight: '30.00' });
    expect(card.missing.map((m) => [m.indicator, m.reason])).toEqual([
      ['revenue', 'NO_ACTUAL'],
      ['skills', 'NO_RATINGS'],
    ]);
    expect(card.total).toBe('41.52'); // 75.1167 − 33.6
    const nothing = scored(scoreCard(template, {}));
    expect(nothing.total).toBe('0.00');
    expect(nothing.missing).toHaveLength(7);
  });

  it('refuses inputs for indicators the template does not have, and unreadable numbers', () => {
    expect(scoreCard(template, { ...inputs, revenu: { actual: 1 } })).toEqual({
      ok: false,
      errors: [{ path: 'inputs.revenu', code: 'UNKNOWN_INDICATOR' }],
    });
    expect(scoreCard(template, { ...inputs, revenue: { actual: '1,000' } })).toEqual({
      ok: false,
      errors: [{ path: 'inputs.revenue.actual', code: 'NOT_A_NUMBER', value: '1,000' }],
    });
    expect(scoreCard(template, { ...inputs, revenue: { actual: Number.NaN } })).toMatchObject({ ok: false });
  });

  it('refuses an invalid template with its validation errors', () => {
    const broken = { dimensions: [{ ...template.dimensions[0], weight: 50 }, ...template.dimensions.slice(1)] };
    expect(scoreCard(broken, inputs)).toEqual({
      ok: false,
      errors: [{ path: 'dimensions', code: 'WEIGHTS_NOT_100', value: '90' }],
    });
  });
});
