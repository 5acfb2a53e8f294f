import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../probation';
import { attainmentBelow } from './attainment-below';
import { belowCohort } from './below-cohort';
import { percentileRank, robustZ } from './cohort-stats';
import { consecutiveDecline } from './consecutive-decline';
import { evaluateAsOf } from './evaluate-as-of';
import { type EwmaCusumParams, ewmaCusum } from './ewma-cusum';
import { postRegularizationSlack } from './post-regularization-slack';
import type { SeriesPoint, Signal } from './types';

// ---------------------------------------------------------------------------------------------
// Generators

/** Weekly periods from Monday 2025-01-06, so periods sort as strings. */
const week = (i: number) => addDays('2025-01-06', 7 * i);

type Raw = { value: number | null; target: number | null; masked: boolean };
const withPeriods = (raw: readonly Raw[]): SeriesPoint[] =>
  raw.map((r, i) => ({ period: week(i), value: r.value, target: r.target, masked: r.masked }));

/** Plausible data: non-negative whole values, some empty, some masked, targets mostly positive. */
const rawPoint = fc.record({
  value: fc.option(fc.integer({ min: 0, max: 1000 }), { freq: 8 }),
  target: fc.option(fc.integer({ min: 0, max: 1000 }), { freq: 8 }),
  masked: fc.integer({ min: 0, max: 99 }).map((n) => n < 15),
});
const seriesArb = fc.array(rawPoint, { maxLength: 30 }).map(withPeriods);

/** Anything a caller might pass: NaN, infinities, negatives, fractions. */
const wildNumber = fc.oneof(
  fc.double({ noDefaultInfinity: false }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.constantFrom(0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
);
const wildSeriesArb = fc
  .array(
    fc.record({
      value: fc.option(wildNumber),
      target: fc.option(wildNumber),
      masked: fc.boolean(),
    }),
    { maxLength: 25 },
  )
  .map(withPeriods);

/** A series, plus the same series with masked points (of any value) inserted between its points. */
const maskedInsertionArb = fc
  .array(
    fc.record({
      value: fc.integer({ min: 0, max: 1000 }),
      target: fc.integer({ min: 1, max: 1000 }),
      maskedBefore: fc.array(fc.option(fc.integer({ min: 0, max: 100_000 })), { maxLength: 2 }),
    }),
    { maxLength: 25 },
  )
  .map((rows) => {
    const full: SeriesPoint[] = [];
    for (const row of rows) {
      for (const v of row.maskedBefore) full.push({ period: week(full.length), value: v, target: 1000, masked: true });
      full.push({ period: week(full.length), value: row.value, target: row.target });
    }
    return { full, unmasked: full.filter((p) => !p.masked) };
  });

const positiveScale = fc.double({ min: 1e-3, max: 1e3, noNaN: true });

const DOMAIN_EWMA: EwmaCusumParams = {
  lambda: 0.2,
  L: 3,
  k: 0.5,
  h: 4,
  baselinePeriods: 8,
  headStart: false,
  minPeriods: 10,
};
const ewmaParamsArb: fc.Arbitrary<EwmaCusumParams> = fc.record({
  lambda: fc.double({ min: 0.05, max: 1, noNaN: true }),
  L: fc.double({ min: 2, max: 4, noNaN: true }),
  k: fc.double({ min: 0.25, max: 1, noNaN: true }),
  h: fc.double({ min: 4, max: 5, noNaN: true }),
  baselinePeriods: fc.integer({ min: 2, max: 12 }),
  headStart: fc.boolean(),
  headStartAt: fc.option(fc.integer({ min: 0, max: 20 }).map(week)),
  minPeriods: fc.integer({ min: 0, max: 12 }),
});

/** Every series detector with fixed, realistic parameters; cohorts are derived from the period. */
const cohortOf = (period: string) => {
  const seed = Number(period.slice(8, 10)) + Number(period.slice(5, 7));
  return Array.from({ length: 6 }, (_, i) => ((seed * (i + 3)) % 37) * 10);
};
const cohortsFor = (points: readonly SeriesPoint[]) =>
  Object.fromEntries(points.map((p) => [p.period, cohortOf(p.period)]));
const detectors: Record<string, (pts: SeriesPoint[]) => Signal> = {
  consecutiveDecline: (pts) => consecutiveDecline(pts, { periods: 2, minDropPct: 10, minPeriods: 3 }),
  attainmentBelow: (pts) => attainmentBelow(pts, { thresholdPct: 80, n: 2, m: 3, minPeriods: 3 }),
  belowCohortZ: (pts) =>
    belowCohort(pts, cohortsFor(pts), {
      method: 'robust_z',
      zThreshold: -1,
      percentile: 10,
      minCohortSize: 5,
      persistenceN: 2,
      persistenceM: 3,
      minPeriods: 3,
    }),
  belowCohortPct: (pts) =>
    belowCohort(pts, cohortsFor(pts), {
      method: 'percentile',
      zThreshold: -1.5,
      percentile: 25,
      minCohortSize: 5,
      persistenceN: 2,
      persistenceM: 3,
      minPeriods: 3,
    }),
  ewmaCusum: (pts) => ewmaCusum(pts, { ...DOMAIN_EWMA, baselinePeriods: 4, minPeriods: 5 }),
  ewmaCusumHeadStart: (pts) =>
    ewmaCusum(pts, { ...DOMAIN_EWMA, baselinePeriods: 4, minPeriods: 5, headStart: true, headStartAt: week(6) }),
  postRegularizationSlack: (pts) =>
    postRegularizationSlack(pts, { regularizedAt: week(6), windowPeriods: 4, dropPct: 15, minProbationPeriods: 2 }),
};
const detectorNames = Object.keys(detectors);
/** Detectors whose onset is "the first period from which it would have fired as of every later period". */
const asOfOnsetDetectors = [
  'consecutiveDecline',
  'attainmentBelow',
  'belowCohortZ',
  'belowCohortPct',
  'postRegularizationSlack',
];

const statusOnly = (s: Signal) => ({ status: s.status, onsetPeriod: s.onsetPeriod, period: s.period });

// ---------------------------------------------------------------------------------------------

describe('every detector', () => {
  it('never throws, and keeps confidence within its band, on any series', () => {
    fc.assert(
      fc.property(wildSeriesArb, fc.constantFrom(...detectorNames), (points, name) => {
        const s = detectors[name](points);
        expect(['fired', 'clear', 'insufficient_data']).toContain(s.status);
        expect(s.confidence).toBeGreaterThanOrEqual(0);
        expect(s.confidence).toBeLessThanOrEqual(1);
        if (s.status === 'fired') expect(s.confidence).toBeGreaterThanOrEqual(0.5);
        if (s.status === 'clear') expect(s.confidence).toBeLessThanOrEqual(0.5);
        if (s.status === 'insufficient_data') expect(s.confidence).toBe(0);
        if (s.status !== 'fired') expect(s.onsetPeriod).toBeNull();
        expect(Array.isArray(s.evidence.series)).toBe(true);
        expect(() => JSON.stringify(s)).not.toThrow();
      }),
    );
  });

  it('never throws on degenerate parameters either', () => {
    fc.assert(
      fc.property(
        wildSeriesArb,
        fc.array(wildNumber, { minLength: 8, maxLength: 8 }),
        (points, [a, b, c, d, e, f, g, h]) => {
          consecutiveDecline(points, { periods: a, minDropPct: b, minPeriods: c });
          attainmentBelow(points, { thresholdPct: a, n: b, m: c, minPeriods: d });
          belowCohort(points, cohortsFor(points), {
            method: 'robust_z',
            zThreshold: a,
            percentile: b,
            minCohortSize: c,
            persistenceN: d,
            persistenceM: e,
            minPeriods: f,
          });
          ewmaCusum(points, { lambda: a, L: b, k: c, h: d, baselinePeriods: e, headStart: g > 0, minPeriods: f });
          postRegularizationSlack(points, {
            regularizedAt: week(3),
            windowPeriods: a,
            dropPct: b,
            minProbationPeriods: h,
          });
        },
      ),
    );
  });

  it('ignores masked points whatever their value: inserting them changes nothing', () => {
    fc.assert(
      fc.property(maskedInsertionArb, fc.constantFrom(...detectorNames), ({ full, unmasked }, name) => {
        const withMasked = detectors[name](full);
        const without = detectors[name](unmasked);
        expect(statusOnly(withMasked)).toEqual(statusOnly(without));
        expect(withMasked.confidence).toBe(without.confidence);
        expect(withMasked.evidence.series).toEqual(without.evidence.series);
      }),
    );
  });

  it('masked points alone never cause a fire: a steady series with masked zeros stays unfired', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }),
        fc.constantFrom(...detectorNames.filter((n) => !n.startsWith('belowCohort'))),
        (level, maskPattern, name) => {
          const points = maskPattern.map((masked, i) => ({
            period: week(i),
            value: masked ? 0 : level,
            target: level,
            masked,
          }));
          expect(detectors[name](points).status).not.toBe('fired');
        },
      ),
    );
  });

  it('has no lookahead: evaluateAsOf equals running on the prefix, whatever comes later', () => {
    fc.assert(
      fc.property(seriesArb, seriesArb, fc.nat(30), fc.constantFrom(...detectorNames), (points, future, cut, name) => {
        const asOf = week(cut);
        // the same history up to asOf, anything afterwards
        const rewritten = [
          ...points.filter((p) => p.period <= asOf),
          ...future.map((p, i) => ({ ...p, period: week(cut + 1 + i) })),
        ];
        const a = evaluateAsOf(points, asOf, detectors[name]);
        const b = evaluateAsOf(rewritten, asOf, detectors[name]);
        const prefix = detectors[name](points.filter((p) => p.period <= asOf));
        expect(a).toEqual(prefix);
        expect(b).toEqual(prefix);
      }),
    );
  });

  it('dates the onset to the first period from which it fired as of every later period', () => {
    fc.assert(
      fc.property(seriesArb, fc.constantFrom(...asOfOnsetDetectors), (points, name) => {
        const fn = detectors[name];
        const s = fn(points);
        if (s.status !== 'fired') return;
        const at = points.findIndex((p) => p.period === s.onsetPeriod);
        expect(at).toBeGreaterThanOrEqual(0);
        for (const p of points.slice(at)) expect(evaluateAsOf(points, p.period, fn).status).toBe('fired');
        if (at > 0) expect(evaluateAsOf(points, points[at - 1].period, fn).status).not.toBe('fired');
      }),
      { numRuns: 300 },
    );
  });

  it('is insufficient_data below minPeriods judged points', () => {
    fc.assert(
      fc.property(seriesArb, fc.integer({ min: 1, max: 12 }), (points, minPeriods) => {
        const judged = points.filter((p) => !p.masked && p.value !== null).length;
        fc.pre(judged < minPeriods);
        const withTarget = points.filter((p) => !p.masked && p.value !== null && (p.target ?? 0) > 0).length;
        expect(consecutiveDecline(points, { periods: 1, minDropPct: 0, minPeriods }).status).toBe('insufficient_data');
        expect(ewmaCusum(points, { ...DOMAIN_EWMA, baselinePeriods: 1, minPeriods }).status).toBe('insufficient_data');
        expect(withTarget).toBeLessThan(minPeriods);
        expect(attainmentBelow(points, { thresholdPct: 200, n: 1, m: 1, minPeriods }).status).toBe('insufficient_data');
      }),
    );
  });
});

describe('consecutiveDecline properties', () => {
  it('gives the same result when the series is scaled by a positive constant', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 20 }),
        positiveScale,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 60 }),
        (values, c, periods, minDropPct) => {
          const p = { periods, minDropPct, minPeriods: 2 };
          const a = consecutiveDecline(
            values.map((value, i) => ({ period: week(i), value })),
            p,
          );
          const b = consecutiveDecline(
            values.map((value, i) => ({ period: week(i), value: value * c })),
            p,
          );
          expect(statusOnly(b)).toEqual(statusOnly(a));
          expect(b.evidence.transitions).toBe(a.evidence.transitions);
          if (a.evidence.dropPct !== null)
            expect(b.evidence.dropPct as number).toBeCloseTo(a.evidence.dropPct as number, 9);
        },
      ),
    );
  });

  it('never fires on a constant series', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.nat(30),
        fc.integer({ min: 1, max: 5 }),
        (level, length, periods) => {
          const points = Array.from({ length }, (_, i) => ({ period: week(i), value: level }));
          expect(consecutiveDecline(points, { periods, minDropPct: 0, minPeriods: 0 }).status).not.toBe('fired');
        },
      ),
    );
  });

  it('always fires on a strictly falling series that loses at least minDropPct', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 3, maxLength: 12 }), (steps) => {
        // start at 1000 and subtract each step: strictly decreasing, still positive
        const values = [1000];
        for (const s of steps) values.push(values[values.length - 1] - s);
        const drop = ((1000 - values[values.length - 1]) / 1000) * 100;
        const points = values.map((value, i) => ({ period: week(i), value }));
        const s = consecutiveDecline(points, { periods: steps.length, minDropPct: drop, minPeriods: 0 });
        expect(s.status).toBe('fired');
        expect(s.evidence.transitions).toBe(steps.length);
      }),
    );
  });
});

describe('ewmaCusum properties', () => {
  it('gives the same result when the series is scaled by a positive constant', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 1000 }), { freq: 10 }), { maxLength: 30 }),
        positiveScale,
        ewmaParamsArb,
        (values, c, p) => {
          const a = ewmaCusum(
            values.map((value, i) => ({ period: week(i), value })),
            p,
          );
          const b = ewmaCusum(
            values.map((value, i) => ({ period: week(i), value: value === null ? null : value * c })),
            p,
          );
          expect(statusOnly(b)).toEqual(statusOnly(a));
          expect(b.evidence.trigger).toBe(a.evidence.trigger);
        },
      ),
    );
  });

  it('never fires on a constant series', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 500 })),
        fc.nat(60),
        ewmaParamsArb,
        (level, length, p) => {
          const points = Array.from({ length }, (_, i) => ({ period: week(i), value: level }));
          expect(ewmaCusum(points, p).status).not.toBe('fired');
        },
      ),
    );
  });

  it('fires within 4 weeks of a sustained 40% drop after a stable 12-week baseline, and keeps firing', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 5, max: 500, noNaN: true }),
        fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: 8, maxLength: 8 }),
        fc.constantFrom(4, 5),
        fc.boolean(),
        (level, baselineNoise, dropNoise, h, regularized) => {
          const values = [...baselineNoise.map((e) => level * (1 + e)), ...dropNoise.map((e) => 0.6 * level * (1 + e))];
          const points = values.map((value, i) => ({ period: week(i), value }));
          const p: EwmaCusumParams = regularized
            ? { ...DOMAIN_EWMA, h, baselinePeriods: 12, minPeriods: 13, headStart: true, headStartAt: week(11) }
            : { ...DOMAIN_EWMA, h, baselinePeriods: 12, minPeriods: 13 };
          const weekly = [12, 13, 14, 15, 16, 17, 18, 19].map((i) =>
            evaluateAsOf(points, week(i), (pts) => ewmaCusum(pts, p)),
          );
          // fired by the 4th week of the drop and every week after it, with the onset inside the drop
          for (const s of weekly.slice(3)) {
            expect(s.status).toBe('fired');
            expect(s.onsetPeriod! >= week(12)).toBe(true);
            expect(s.evidence.dropPct as number).toBeGreaterThan(25);
          }
        },
      ),
    );
  });

  it('does not fire on a stable series with the same noise and no drop', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 5, max: 500, noNaN: true }),
        fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: 20, maxLength: 20 }),
        (level, noise) => {
          const points = noise.map((e, i) => ({ period: week(i), value: level * (1 + e) }));
          // 10% of the mean is the sd floor, so ±10% noise stays within about ±1.1 standard units: the
          // CUSUM needs sustained x < −0.5 and h = 5 to signal; the EWMA limit is ≥ 0.6 units away
          const s = ewmaCusum(points, { ...DOMAIN_EWMA, h: 5, baselinePeriods: 12, minPeriods: 13 });
          expect(s.status === 'fired' && s.evidence.trigger !== 'cusum').toBe(false);
        },
      ),
    );
  });
});

describe('cohort statistics properties', () => {
  const cohortArb = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 30 });

  it('robustZ is unchanged when person and cohort are scaled by a positive constant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), cohortArb, positiveScale, (x, cohort, c) => {
        const a = robustZ(x, cohort);
        const b = robustZ(
          x * c,
          cohort.map((v) => v * c),
        );
        expect(b.n).toBe(a.n);
        if (a.z === null) expect(b.z).toBeNull();
        else expect(Math.abs((b.z as number) - a.z)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a.z)));
        expect(b.median).toBeCloseTo(a.median * c, 6);
      }),
    );
  });

  it('robustZ has the sign of x − median, and is null only when the cohort has no spread', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), cohortArb, (x, cohort) => {
        const r = robustZ(x, cohort);
        if (r.z === null) expect(new Set(cohort).size).toBe(1);
        else expect(Math.sign(r.z)).toBe(Math.sign(x - r.median));
      }),
    );
  });

  it('adding a higher-valued peer never raises the percentile rank; a lower one never lowers it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), cohortArb, fc.integer({ min: 1, max: 1000 }), (x, cohort, gap) => {
        const before = percentileRank(x, cohort);
        expect(percentileRank(x, [...cohort, x + gap])).toBeLessThanOrEqual(before);
        expect(percentileRank(x, [...cohort, x - gap])).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it('percentile rank stays within 0..100 and rises with x', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), cohortArb, (x, y, cohort) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        const a = percentileRank(lo, cohort);
        const b = percentileRank(hi, cohort);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(100);
        expect(a).toBeLessThanOrEqual(b);
      }),
    );
  });
});
