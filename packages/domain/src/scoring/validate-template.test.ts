import { describe, expect, it } from 'vitest';
import type { IndicatorDefinition, MetricRule, Numeric, RatingRule, ScorecardTemplate } from './types';
import { validateTemplate } from './validate-template';

const RUBRIC: RatingRule['rubric'] = [
  { level: 1, label: '不达标', description: 'below', points: 40 },
  { level: 2, label: '达标', description: 'meets', points: 80 },
  { level: 3, label: '优秀', description: 'exceeds', points: 100 },
];

const valid: ScorecardTemplate = {
  dimensions: [
    {
      key: 'results',
      name: '业绩',
      weight: '60',
      indicators: [
        { key: 'revenue', kind: 'metric', weight: '33.33', rule: { type: 'linear', target: 100 } },
        {
          key: 'visits',
          kind: 'metric',
          weight: '33.33',
          rule: { type: 'bands', bands: [{ threshold: 10, points: 100 }] },
        },
        { key: 'rank', kind: 'metric', weight: '33.34', rule: { type: 'percentile', floor: 10, cap: 90 } },
      ],
    },
    {
      key: 'behaviour',
      name: '行为',
      weight: 40,
      indicators: [
        {
          key: 'conduct',
          kind: 'rating',
          weight: 100,
          rule: {
            type: 'rubric',
            rubric: RUBRIC,
            raters: [
              { rater: 'manager', weight: 70 },
              { rater: 'self', weight: 30 },
            ],
          },
        },
      ],
    },
  ],
};

/** A valid two-dimension template whose first indicator is replaced. */
function withIndicator(indicator: {
  key?: string;
  weight?: Numeric;
  kind?: string;
  rule: MetricRule | RatingRule;
}): ScorecardTemplate {
  const [first, ...others] = valid.dimensions[0].indicators;
  const replaced = { ...first, ...indicator } as IndicatorDefinition;
  return { dimensions: [{ ...valid.dimensions[0], indicators: [replaced, ...others] }, valid.dimensions[1]] };
}

const codesOf = (template: ScorecardTemplate) => validateTemplate(template).map((e) => `${e.path} ${e.code}`);
const RULE = 'dimensions[0].indicators[0].rule';

describe('validateTemplate', () => {
  it('accepts a valid template (weights with decimals summing to exactly 100)', () => {
    expect(validateTemplate(valid)).toEqual([]);
  });

  it('reports weights that do not sum to 100 at the dimension and the indicator level, with the sum', () => {
    const template: ScorecardTemplate = {
      dimensions: [
        { ...valid.dimensions[0], weight: '60.01' },
        {
          ...valid.dimensions[1],
          indicators: [{ ...valid.dimensions[1].indicators[0], weight: 99 }],
        },
      ],
    };
    expect(validateTemplate(template)).toEqual([
      { path: 'dimensions', code: 'WEIGHTS_NOT_100', value: '100.01' },
      { path: 'dimensions[1].indicators', code: 'WEIGHTS_NOT_100', value: '99' },
    ]);
  });

  it('reports negative and unreadable weights, empty templates and dimensions', () => {
    expect(codesOf({ dimensions: [] })).toEqual(['dimensions NO_DIMENSIONS']);
    expect(
      codesOf({
        dimensions: [
          { key: 'a', name: 'A', weight: 110, indicators: [] },
          { key: 'b', name: 'B', weight: -10, indicators: valid.dimensions[1].indicators },
        ],
      }),
    ).toEqual(['dimensions[1].weight WEIGHT_NEGATIVE', 'dimensions[0].indicators NO_INDICATORS']);
    expect(codesOf(withIndicator({ weight: '3x', rule: { type: 'linear', target: 1 } }))).toEqual([
      'dimensions[0].indicators[0].weight NOT_A_NUMBER',
    ]);
  });

  it('reports duplicate and empty keys; indicator keys are unique across dimensions', () => {
    const template: ScorecardTemplate = {
      dimensions: [
        valid.dimensions[0],
        {
          ...valid.dimensions[1],
          key: 'results',
          indicators: [{ ...valid.dimensions[1].indicators[0], key: 'revenue' }],
        },
      ],
    };
    expect(codesOf(template)).toEqual([
      'dimensions[1].key DUPLICATE_KEY',
      'dimensions[1].indicators[0].key DUPLICATE_KEY',
    ]);
    expect(codesOf(withIndicator({ key: ' ', rule: { type: 'linear', target: 1 } }))).toEqual([
      'dimensions[0].indicators[0].key EMPTY_KEY',
    ]);
  });

  it('checks linear rules: target > 0, floor ≤ cap (defaults included), bounds not negative', () => {
    expect(codesOf(withIndicator({ rule: { type: 'linear', target: 0 } }))).toEqual([
      `${RULE}.target TARGET_NOT_POSITIVE`,
    ]);
    expect(codesOf(withIndicator({ rule: { type: 'linear', target: '-1' } }))).toEqual([
      `${RULE}.target TARGET_NOT_POSITIVE`,
    ]);
    expect(codesOf(withIndicator({ rule: { type: 'linear', floor: 90, cap: 80 } }))).toEqual([
      `${RULE}.floor FLOOR_ABOVE_CAP`,
    ]);
    expect(codesOf(withIndicator({ rule: { type: 'linear', floor: 121 } }))).toEqual([`${RULE}.floor FLOOR_ABOVE_CAP`]);
    expect(codesOf(withIndicator({ rule: { type: 'linear', floor: 120 } }))).toEqual([]); // floor = cap is allowed
    expect(codesOf(withIndicator({ rule: { type: 'linear', floor: -1 } }))).toEqual([
      `${RULE}.floor SCORE_BOUND_NEGATIVE`,
    ]);
    expect(
      codesOf(withIndicator({ rule: { type: 'linear', direction: 'up' as 'higher_is_better', cap: 'x' } })),
    ).toEqual([`${RULE}.direction INVALID_OPTION`, `${RULE}.cap NOT_A_NUMBER`]);
  });

  it('checks bands: present, strictly increasing, points never rewarding a worse value', () => {
    const bands = (b: [number, number][], extra: Partial<Extract<MetricRule, { type: 'bands' }>> = {}) =>
      codesOf(
        withIndicator({
          rule: { type: 'bands', bands: b.map(([threshold, points]) => ({ threshold, points })), ...extra },
        }),
      );
    expect(bands([])).toEqual([`${RULE}.bands BANDS_EMPTY`]);
    expect(
      bands([
        [10, 50],
        [10, 60],
        [5, 70],
      ]),
    ).toEqual([`${RULE}.bands[1].threshold BANDS_NOT_INCREASING`, `${RULE}.bands[2].threshold BANDS_NOT_INCREASING`]);
    expect(
      bands([
        [10, 80],
        [20, 60],
      ]),
    ).toEqual([`${RULE}.bands[1].points BAND_POINTS_NOT_MONOTONIC`]);
    expect(bands([[10, 50]], { fallbackPoints: 60 })).toEqual([`${RULE}.bands[0].points BAND_POINTS_NOT_MONOTONIC`]);
    expect(
      bands(
        [
          [0, 100],
          [5, 60],
        ],
        { direction: 'lower_is_better' },
      ),
    ).toEqual([]);
    expect(
      bands(
        [
          [0, 60],
          [5, 100],
        ],
        { direction: 'lower_is_better' },
      ),
    ).toEqual([`${RULE}.bands[0].points BAND_POINTS_NOT_MONOTONIC`]);
    expect(bands([[10, -1]])).toEqual([`${RULE}.bands[0].points POINTS_NEGATIVE`]);
    expect(bands([[10, 50]], { measure: 'attainment', target: 0 })).toEqual([`${RULE}.target TARGET_NOT_POSITIVE`]);
  });

  it('checks percentile and growth options', () => {
    expect(codesOf(withIndicator({ rule: { type: 'percentile', floor: 50, cap: 40 } }))).toEqual([
      `${RULE}.floor FLOOR_ABOVE_CAP`,
    ]);
    expect(codesOf(withIndicator({ rule: { type: 'percentile', floor: 101 } }))).toEqual([
      `${RULE}.floor FLOOR_ABOVE_CAP`,
    ]);
    expect(codesOf(withIndicator({ rule: { type: 'percentile', singleMemberScore: 101 } }))).toEqual([
      `${RULE}.singleMemberScore SCORE_OUT_OF_RANGE`,
    ]);
    const growth = { type: 'growth', base: 'previous_period', growthAtZeroScore: 5, growthAtFullScore: 5 } as const;
    expect(codesOf(withIndicator({ rule: growth }))).toEqual([`${RULE}.growthAtFullScore GROWTH_RANGE_EMPTY`]);
    expect(
      codesOf(withIndicator({ rule: { ...growth, growthAtFullScore: -5, base: 'yesterday' as 'previous_period' } })),
    ).toEqual([`${RULE}.base INVALID_OPTION`]);
  });

  it('checks rubrics and raters', () => {
    const rating = (rule: Partial<RatingRule>) =>
      codesOf(
        withIndicator({
          kind: 'rating',
          rule: { type: 'rubric', rubric: RUBRIC, raters: [{ rater: 'manager', weight: 100 }], ...rule },
        }),
      );
    expect(rating({})).toEqual([]);
    expect(rating({ rubric: [] })).toEqual([`${RULE}.rubric RUBRIC_EMPTY`]);
    expect(rating({ rubric: [RUBRIC[0], { ...RUBRIC[1], level: 1, points: -5 }] })).toEqual([
      `${RULE}.rubric[1].level DUPLICATE_LEVEL`,
      `${RULE}.rubric[1].points POINTS_NEGATIVE`,
    ]);
    expect(rating({ raters: [] })).toEqual([`${RULE}.raters RATERS_EMPTY`]);
    expect(
      rating({
        raters: [
          { rater: 'manager', weight: 60 },
          { rater: 'self', weight: 30 },
        ],
      }),
    ).toEqual([`${RULE}.raters RATER_WEIGHTS_NOT_100`]);
    expect(
      rating({
        raters: [
          { rater: 'manager', weight: 100 },
          { rater: 'self', weight: 0 },
        ],
      }),
    ).toEqual([`${RULE}.raters[1].weight RATER_WEIGHT_NOT_POSITIVE`]);
    expect(
      rating({
        raters: [
          { rater: 'manager', weight: 50 },
          { rater: 'manager', weight: 50 },
        ],
      }),
    ).toEqual([`${RULE}.raters[1].rater DUPLICATE_KEY`]);
  });

  it('reports kinds and rules that do not belong together (templates come from stored JSON)', () => {
    expect(codesOf(withIndicator({ kind: 'rating', rule: { type: 'linear', target: 1 } }))).toEqual([
      `${RULE}.type RULE_KIND_MISMATCH`,
    ]);
    expect(codesOf(withIndicator({ rule: { type: 'magic' } as unknown as MetricRule }))).toEqual([
      `${RULE}.type UNKNOWN_RULE`,
    ]);
    expect(codesOf(withIndicator({ kind: 'kpi', rule: { type: 'linear', target: 1 } }))).toEqual([
      'dimensions[0].indicators[0].kind UNKNOWN_KIND',
    ]);
  });
});
