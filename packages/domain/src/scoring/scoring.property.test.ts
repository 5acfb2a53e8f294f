import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attribution } from './attribution';
import { scoreCard } from './score-card';
import type {
  AttributionSide,
  DimensionDefinition,
  IndicatorDefinition,
  IndicatorInput,
  MetricRule,
  RaterKind,
  RatingRule,
  ScorecardInputs,
  ScorecardTemplate,
  ScoredCard,
} from './types';
import { validateTemplate } from './validate-template';

/** Comparisons and sums in the tests must not round (the default precision is 20 digits). */
const Wide = Decimal.clone({ precision: 1000 });
const wide = (v: string | number) => new Wide(v);
const sumOf = (values: readonly string[]) => values.reduce((acc, v) => acc.plus(v), wide(0));

// ---------------------------------------------------------------------------------------------
// Generators

/** A non-negative whole number of hundredths as a decimal string: 1234 → "12.34". */
const cents = (c: number) => `${Math.trunc(c / 100)}.${String(c % 100).padStart(2, '0')}`;

/** n weights with 2 decimals summing to exactly 100 (zero weights allowed unless `positive`). */
const weightsArb = (n: number, positive = false): fc.Arbitrary<string[]> =>
  (positive
    ? fc.uniqueArray(fc.integer({ min: 1, max: 9_999 }), { minLength: n - 1, maxLength: n - 1 })
    : fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: n - 1, maxLength: n - 1 })
  ).map((cuts) => {
    const edges = [0, ...[...cuts].sort((a, b) => a - b), 10_000];
    return edges.slice(1).map((edge, i) => cents(edge - edges[i]));
  });

/** Strictly increasing thresholds and, aligned with them, non-decreasing points. */
const ladderArb = fc
  .integer({ min: 1, max: 4 })
  .chain((k) =>
    fc.tuple(
      fc.uniqueArray(fc.integer({ min: -50, max: 500 }), { minLength: k, maxLength: k }),
      fc.array(fc.integer({ min: 0, max: 150 }), { minLength: k, maxLength: k }),
    ),
  );

type Generated = { indicator: Omit<IndicatorDefinition, 'key' | 'weight'>; input: IndicatorInput | undefined };
type Options = { higherIsBetter?: boolean; alwaysInput?: boolean };

const metric = (rule: MetricRule, input: IndicatorInput | undefined): Generated => ({
  indicator: { kind: 'metric', rule },
  input,
});

const maybe = <T>(arb: fc.Arbitrary<T>, always: boolean | undefined) =>
  always ? arb : fc.option(arb, { nil: undefined, freq: 5 });

const linearArb = (o: Options) =>
  fc
    .record({
      floor: fc.integer({ min: 0, max: 80 }),
      span: fc.integer({ min: 0, max: 100 }),
      target: fc.integer({ min: 1, max: 100_000 }),
      lower: o.higherIsBetter ? fc.constant(false) : fc.boolean(),
      actual: maybe(fc.integer({ min: -1_000, max: 200_000 }), o.alwaysInput),
    })
    .map(({ floor, span, target, lower, actual }) =>
      metric(
        {
          type: 'linear',
          target: String(target),
          floor: String(floor),
          cap: String(floor + span),
          direction: lower ? 'lower_is_better' : 'higher_is_better',
        },
        actual === undefined ? undefined : { actual: String(actual) },
      ),
    );

const bandsArb = (o: Options) =>
  fc
    .record({
      ladder: ladderArb,
      lower: o.higherIsBetter ? fc.constant(false) : fc.boolean(),
      fallbackShare: fc.double({ min: 0, max: 1, noNaN: true }),
      actual: maybe(fc.integer({ min: -100, max: 600 }), o.alwaysInput),
    })
    .map(({ ladder: [thresholds, points], lower, fallbackShare, actual }) => {
      const sortedPoints = [...points].sort((a, b) => a - b);
      if (lower) sortedPoints.reverse(); // best (lowest) threshold gets the most points
      const worst = lower ? sortedPoints[sortedPoints.length - 1] : sortedPoints[0];
      const sortedThresholds = [...thresholds].sort((a, b) => a - b);
      return metric(
        {
          type: 'bands',
          direction: lower ? 'lower_is_better' : 'higher_is_better',
          bands: sortedThresholds.map((t, i) => ({ threshold: t, points: sortedPoints[i] })),
          fallbackPoints: Math.floor(worst * fallbackShare),
        },
        actual === undefined ? undefined : { actual },
      );
    });

const percentileArb = (o: Options) =>
  fc
    .record({
      floor: fc.integer({ min: 0, max: 50 }),
      span: fc.integer({ min: 0, max: 50 }),
      single: fc.integer({ min: 0, max: 100 }),
      lower: o.higherIsBetter ? fc.constant(false) : fc.boolean(),
      others: fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 8 }),
      actual: maybe(fc.integer({ min: 0, max: 30 }), o.alwaysInput),
    })
    .map(({ floor, span, single, lower, others, actual }) =>
      metric(
        {
          type: 'percentile',
          floor,
          cap: floor + span,
          singleMemberScore: single,
          direction: lower ? 'lower_is_better' : 'higher_is_better',
        },
        actual === undefined ? undefined : { actual, cohort: [...others, actual] },
      ),
    );

const growthArb = fc
  .record({
    atZero: fc.integer({ min: -50, max: 0 }),
    range: fc.integer({ min: 1, max: 100 }),
    reversed: fc.boolean(),
    cap: fc.integer({ min: 0, max: 150 }),
    base: fc.integer({ min: -100, max: 1_000 }),
    actual: fc.option(fc.integer({ min: -200, max: 3_000 }), { nil: undefined, freq: 5 }),
  })
  .map(({ atZero, range, reversed, cap, base, actual }) =>
    metric(
      {
        type: 'growth',
        base: 'previous_period',
        growthAtZeroScore: reversed ? atZero + range : atZero,
        growthAtFullScore: reversed ? atZero : atZero + range,
        cap,
      },
      actual === undefined ? undefined : { actual, base },
    ),
  );

const RATERS: RaterKind[] = ['manager', 'self', 'peer'];

const ratingArb = fc
  .record({
    points: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 5 }),
    raters: fc.subarray(RATERS, { minLength: 1 }),
  })
  .chain(({ points, raters }) =>
    fc
      .record({
        weights: weightsArb(raters.length, true),
        manager: fc.option(fc.integer({ min: 1, max: points.length }), { nil: undefined }),
        self: fc.option(fc.integer({ min: 1, max: points.length }), { nil: undefined }),
        peers: fc.array(fc.integer({ min: 1, max: points.length }), { maxLength: 3 }),
      })
      .map(({ weights, manager, self, peers }): Generated => {
        const rule: RatingRule = {
          type: 'rubric',
          rubric: points.map((p, i) => ({ level: i + 1, label: `L${i + 1}`, description: '', points: p })),
          raters: raters.map((rater, i) => ({ rater, weight: weights[i] })),
        };
        const listed = (r: RaterKind) => raters.includes(r);
        return {
          indicator: { kind: 'rating', rule },
          input: {
            ratings: {
              manager: listed('manager') ? manager : undefined,
              self: listed('self') ? self : undefined,
              peers: listed('peer') ? peers : undefined,
            },
          },
        };
      }),
  );

const anyIndicatorArb = fc.oneof(linearArb({}), bandsArb({}), percentileArb({}), growthArb, ratingArb);
const monotoneIndicatorArb = fc.oneof(
  linearArb({ higherIsBetter: true, alwaysInput: true }),
  bandsArb({ higherIsBetter: true, alwaysInput: true }),
  percentileArb({ higherIsBetter: true, alwaysInput: true }),
);

interface Card {
  template: ScorecardTemplate;
  inputs: Record<string, IndicatorInput>;
}

/** A valid template (1-4 dimensions of 1-4 indicators) with one person's inputs. */
const cardArb = (indicatorArb: fc.Arbitrary<Generated>): fc.Arbitrary<Card> =>
  fc
    .array(fc.array(indicatorArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 })
    .chain((dims) =>
      fc.tuple(fc.constant(dims), weightsArb(dims.length), fc.tuple(...dims.map((d) => weightsArb(d.length)))),
    )
    .map(([dims, dimensionWeights, indicatorWeights]) => {
      const inputs: Record<string, IndicatorInput> = {};
      const dimensions: DimensionDefinition[] = dims.map((generated, d) => ({
        key: `d${d}`,
        name: `Dimension ${d}`,
        weight: dimensionWeights[d],
        indicators: generated.map(({ indicator, input }, i) => {
          const key = `d${d}i${i}`;
          if (input) inputs[key] = input;
          return { ...indicator, key, weight: indicatorWeights[d][i] } as IndicatorDefinition;
        }),
      }));
      return { template: { dimensions }, inputs };
    });

function scored(template: ScorecardTemplate, inputs: ScorecardInputs): ScoredCard {
  const result = scoreCard(template, inputs);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
}

/** The highest score an indicator can reach, computed independently of the engine. */
function capOf(rule: IndicatorDefinition['rule']): Decimal {
  switch (rule.type) {
    case 'linear':
      return wide(rule.cap ?? 120);
    case 'growth':
      return wide(rule.cap ?? 120);
    case 'percentile':
      return wide(rule.cap ?? 100);
    case 'bands':
      return Wide.max(...rule.bands.map((b) => b.points), rule.fallbackPoints ?? 0);
    case 'rubric':
      return Wide.max(...rule.rubric.map((l) => l.points));
  }
}

const maxCap = (template: ScorecardTemplate) =>
  Wide.max(...template.dimensions.flatMap((d) => d.indicators.map((i) => capOf(i.rule))));

// ---------------------------------------------------------------------------------------------
// Properties

describe('scoreCard properties', () => {
  it('accepts every generated template and keeps the total within [0, max cap]', () => {
    fc.assert(
      fc.property(cardArb(anyIndicatorArb), ({ template, inputs }) => {
        expect(validateTemplate(template)).toEqual([]);
        const card = scored(template, inputs);
        const total = wide(card.exact.total);
        expect(total.gte(0)).toBe(true);
        expect(total.lte(maxCap(template))).toBe(true);
        expect(wide(card.total).lte(card.maxTotal)).toBe(true);
        expect(wide(card.maxTotal).lte(maxCap(template))).toBe(true);
        // exact contributions add up to the exact total, which is rounded once
        expect(sumOf(card.indicators.map((i) => i.exact.contribution)).eq(total)).toBe(true);
        expect(card.total).toBe(total.toFixed(2, Decimal.ROUND_HALF_UP));
        // every indicator is reported; the missing ones score 0
        expect(card.indicators).toHaveLength(template.dimensions.flatMap((d) => d.indicators).length);
        for (const m of card.missing) expect(card.indicators.find((i) => i.key === m.indicator)?.score).toBe('0.00');
      }),
    );
  });

  it('never lowers the total when one actual rises (higher is better: linear, bands, percentile)', () => {
    const raised = cardArb(monotoneIndicatorArb).chain((card) => {
      const keys = Object.keys(card.inputs);
      return fc.tuple(fc.constant(card), fc.constantFrom(...keys), fc.integer({ min: 1, max: 1_000 }));
    });
    fc.assert(
      fc.property(raised, ([{ template, inputs }, key, delta]) => {
        const before = inputs[key];
        const actual = Number(before.actual);
        const after: IndicatorInput = { ...before, actual: String(actual + delta) };
        if (before.cohort) {
          // the person's own entry in the cohort moves with their actual
          const cohort = [...before.cohort];
          cohort.splice(cohort.map(Number).indexOf(actual), 1, actual + delta);
          after.cohort = cohort;
        }
        const low = scored(template, inputs);
        const high = scored(template, { ...inputs, [key]: after });
        expect(wide(high.exact.total).gte(low.exact.total)).toBe(true);
      }),
    );
  });

  it('gives the common score whatever the weights when every indicator scores the same', () => {
    const sameAttainment = fc.record({
      attainment: fc.integer({ min: 0, max: 120 }),
      card: cardArb(linearArb({ higherIsBetter: true, alwaysInput: true })),
    });
    fc.assert(
      fc.property(sameAttainment, ({ attainment, card }) => {
        const template: ScorecardTemplate = {
          dimensions: card.template.dimensions.map((d) => ({
            ...d,
            indicators: d.indicators.map((i) => ({
              key: i.key,
              weight: i.weight,
              kind: 'metric' as const,
              rule: { type: 'linear' as const, floor: 0, cap: 120 },
            })),
          })),
        };
        // actual / target = attainment / 100 exactly, with a different target per indicator
        const inputs = Object.fromEntries(
          template.dimensions
            .flatMap((d) => d.indicators)
            .map((i, n) => [i.key, { actual: String(attainment * (n + 3)), target: String(100 * (n + 3)) }]),
        );
        expect(wide(scored(template, inputs).exact.total).eq(attainment)).toBe(true);
      }),
    );
  });

  it('depends on the weights only through the effective weights (flattening the dimensions)', () => {
    fc.assert(
      fc.property(cardArb(anyIndicatorArb), ({ template, inputs }) => {
        const card = scored(template, inputs);
        const flat: ScorecardTemplate = {
          dimensions: [
            {
              key: 'all',
              name: 'All',
              weight: 100,
              indicators: template.dimensions.flatMap((d) =>
                d.indicators.map((i) => ({
                  ...i,
                  weight: wide(d.weight).times(i.weight).div(100).toFixed(),
                })),
              ),
            },
          ],
        };
        expect(validateTemplate(flat)).toEqual([]);
        expect(scored(flat, inputs).exact.total).toBe(card.exact.total);
      }),
    );
  });
});

describe('validateTemplate properties', () => {
  it('flags a perturbed dimension or indicator weight at the level it breaks', () => {
    const perturbed = cardArb(anyIndicatorArb).chain((card) =>
      fc.tuple(
        fc.constant(card),
        fc.integer({ min: 0, max: card.template.dimensions.length - 1 }),
        fc.nat(),
        fc.boolean(),
        fc.integer({ min: 1, max: 500 }).map((c) => cents(c)),
      ),
    );
    fc.assert(
      fc.property(perturbed, ([{ template }, d, pick, atDimension, delta]) => {
        const dimension = template.dimensions[d];
        const i = pick % dimension.indicators.length;
        const bump = (w: string | number) => wide(w).plus(delta).toFixed();
        const dimensions = template.dimensions.map((dim, n) => {
          if (n !== d) return dim;
          if (atDimension) return { ...dim, weight: bump(dim.weight) };
          return {
            ...dim,
            indicators: dim.indicators.map((ind, m) => (m === i ? { ...ind, weight: bump(ind.weight) } : ind)),
          };
        });
        expect(validateTemplate({ dimensions })).toEqual([
          {
            path: atDimension ? 'dimensions' : `dimensions[${d}].indicators`,
            code: 'WEIGHTS_NOT_100',
            value: wide(100).plus(delta).toString(),
          },
        ]);
      }),
    );
  });

  it('flags perturbed rater weights', () => {
    const perturbed = fc.tuple(ratingArb, fc.nat(), fc.integer({ min: 1, max: 500 }));
    fc.assert(
      fc.property(perturbed, ([{ indicator }, pick, delta]) => {
        const rule = indicator.rule as RatingRule;
        const r = pick % rule.raters.length;
        const raters = rule.raters.map((rater, n) =>
          n === r ? { ...rater, weight: wide(rater.weight).plus(cents(delta)).toFixed() } : rater,
        );
        const template: ScorecardTemplate = {
          dimensions: [
            {
              key: 'd',
              name: 'D',
              weight: 100,
              indicators: [{ key: 'x', weight: 100, kind: 'rating', rule: { ...rule, raters } }],
            },
          ],
        };
        expect(validateTemplate(template).map((e) => `${e.path} ${e.code}`)).toEqual([
          'dimensions[0].indicators[0].rule.raters RATER_WEIGHTS_NOT_100',
        ]);
      }),
    );
  });
});

describe('attribution properties', () => {
  const sideArb: fc.Arbitrary<AttributionSide> = fc
    .uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 6 })
    .chain((keys) =>
      fc.tuple(
        fc.constant(keys),
        keys.length === 0 ? fc.constant([] as string[]) : weightsArb(keys.length),
        fc.array(
          fc.integer({ min: 0, max: 1_200_000 }).map((n) => wide(n).div(10_000).toFixed()),
          { minLength: keys.length, maxLength: keys.length },
        ),
      ),
    )
    .map(([keys, weights, scores]) => ({
      indicators: keys.map((key, i) => ({ key, weight: weights[i], score: scores[i] })),
    }));

  function checkSplit(previous: AttributionSide, current: AttributionSide) {
    const result = attribution(previous, current);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { exact } = result;
    expect(wide(exact.totalChange).eq(wide(exact.currentTotal).minus(exact.previousTotal))).toBe(true);
    expect(sumOf(result.indicators.map((i) => i.exact.contribution)).eq(exact.totalChange)).toBe(true);
    expect(sumOf(result.indicators.map((i) => i.contribution)).eq(result.totalChange)).toBe(true);
    expect(wide(result.totalChange).eq(wide(result.currentTotal).minus(result.previousTotal))).toBe(true);
    for (const i of result.indicators) {
      expect(sumOf([i.exact.scoreEffect, i.exact.weightEffect]).eq(i.exact.contribution)).toBe(true);
      expect(sumOf([i.scoreEffect, i.weightEffect]).eq(i.contribution)).toBe(true);
    }
    return result;
  }

  it('splits the total change exactly, per indicator, for any two periods', () => {
    fc.assert(fc.property(sideArb, sideArb, (previous, current) => void checkSplit(previous, current)));
  });

  it('splits the change between two score cards exactly, with totals matching the cards', () => {
    fc.assert(
      fc.property(cardArb(anyIndicatorArb), cardArb(anyIndicatorArb), (a, b) => {
        const before = scored(a.template, a.inputs);
        const after = scored(b.template, b.inputs);
        const result = checkSplit(before, after);
        expect(result.exact.previousTotal).toBe(before.exact.total);
        expect(result.exact.currentTotal).toBe(after.exact.total);
        expect(result.previousTotal).toBe(before.total);
        expect(result.currentTotal).toBe(after.total);
      }),
    );
  });
});
