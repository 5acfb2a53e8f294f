import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from './probation';
import {
  calculateSeverance,
  type SeveranceGround,
  type SeveranceInput,
  type SeveranceResult,
  serviceLength,
  severanceGrounds,
} from './severance';

const base: SeveranceInput = {
  monthlyWage: '10000.00',
  startDate: '2022-03-01',
  endDate: '2025-10-01',
  ground: 'art40_2',
  localAverageMonthlyWage: '12307.00',
};

function calc(overrides: Partial<SeveranceInput> = {}): SeveranceResult {
  const outcome = calculateSeverance({ ...base, ...overrides });
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.result;
}

const lineOf = (r: SeveranceResult, key: string) => r.lines.find((l) => l.key === key);

describe('worked vectors (DOMAIN.md §4)', () => {
  it('wage 10,000, 3 years 7 months → N = 4, severance 40,000 (the API contract example)', () => {
    const r = calc();
    expect(r).toMatchObject({
      monthsOfPay: '4',
      base: '10000.00',
      severance: '40000.00',
      noticePay: '10000.00',
      unlawfulDamages: '80000.00',
      isCapped: false,
    });
    expect(r.service).toEqual({ years: 3, months: 7, days: 1 });
    // Exactly 3 years 7 months (ending the day before) gives the same.
    expect(calc({ endDate: '2025-09-30' })).toMatchObject({ monthsOfPay: '4', severance: '40000.00' });
    expect(calc({ endDate: '2025-09-30' }).service).toEqual({ years: 3, months: 7, days: 0 });
  });

  it('wage 10,000, 0 years 3 months → half a month, 5,000', () => {
    const r = calc({ startDate: '2025-01-01', endDate: '2025-03-31' });
    expect(r.service).toEqual({ years: 0, months: 3, days: 0 });
    expect(r).toMatchObject({ monthsOfPay: '0.5', severance: '5000.00', unlawfulDamages: '10000.00' });
  });

  it('lists every step in order', () => {
    expect(calc().lines.map((l) => l.key)).toEqual([
      'service',
      'fullYears',
      'remainder',
      'localAverage',
      'wageCap',
      'base',
      'monthsOfPay',
      'severance',
      'noticePay',
      'lawfulTotal',
      'unlawfulDamages',
    ]);
    expect(lineOf(calc(), 'lawfulTotal')?.value).toBe('50000.00');
  });
});

describe('service length and the half-month rule (boundaries)', () => {
  const months = (endDate: string, startDate = '2024-01-01') => calc({ startDate, endDate }).monthsOfPay;

  it('exactly six months counts as a year; one day less is half a month', () => {
    expect(serviceLength('2024-01-01', '2024-06-30')).toEqual({ years: 0, months: 6, days: 0 });
    expect(months('2024-06-30')).toBe('1');
    expect(serviceLength('2024-01-01', '2024-06-29')).toEqual({ years: 0, months: 5, days: 29 });
    expect(months('2024-06-29')).toBe('0.5');
    // With full years before it, the same boundary.
    expect(months('2027-06-30')).toBe('4');
    expect(months('2027-06-29')).toBe('3.5');
  });

  it('an exact year is one month; a day more adds half a month', () => {
    expect(serviceLength('2024-01-01', '2024-12-31')).toEqual({ years: 1, months: 0, days: 0 });
    expect(months('2024-12-31')).toBe('1');
    expect(months('2025-01-01')).toBe('1.5');
  });

  it('one day of service is half a month; an end before the start is refused', () => {
    expect(serviceLength('2024-05-10', '2024-05-10')).toEqual({ years: 0, months: 0, days: 1 });
    expect(months('2024-05-10', '2024-05-10')).toBe('0.5');
    expect(calculateSeverance({ ...base, startDate: '2025-10-02', endDate: '2025-10-01' })).toEqual({
      ok: false,
      reason: 'END_BEFORE_START',
    });
    expect(serviceLength('2025-10-02', '2025-10-01')).toBeNull();
  });

  it('counts months by calendar anniversaries, the 31st falling on a shorter month’s last day', () => {
    expect(serviceLength('2024-01-31', '2024-02-28')).toEqual({ years: 0, months: 1, days: 0 });
    expect(serviceLength('2024-01-31', '2024-02-27')).toEqual({ years: 0, months: 0, days: 28 });
    expect(serviceLength('2024-08-31', '2025-02-27')).toEqual({ years: 0, months: 6, days: 0 });
    expect(serviceLength('2024-02-29', '2025-02-27')).toEqual({ years: 1, months: 0, days: 0 });
    expect(serviceLength('2024-03-01', '2025-02-28')).toEqual({ years: 1, months: 0, days: 0 });
  });

  it('notes service before 2008-01-01 (Art. 97) but counts it', () => {
    const r = calc({ startDate: '2005-07-01', endDate: '2025-06-30' });
    expect(lineOf(r, 'pre2008')).toBeDefined();
    expect(r.monthsOfPay).toBe('20');
    expect(lineOf(calc(), 'pre2008')).toBeUndefined();
  });
});

describe('the 3x cap and the 12-year limit (Art. 47 para. 2)', () => {
  const long = { startDate: '2010-01-01', endDate: '2025-06-30' }; // 15 years 6 months → 16

  it('a wage above 3x the average: base = 3x average and at most 12 months', () => {
    const r = calc({ ...long, monthlyWage: '50000.00' });
    expect(r).toMatchObject({ isCapped: true, base: '36921.00', monthsOfPay: '12', severance: '443052.00' });
    expect(lineOf(r, 'monthsOfPay')?.facts).toMatchObject({ uncapped: '16', yearsCapped: true });
    expect(r.unlawfulDamages).toBe('886104.00');
  });

  it('a capped wage with short service keeps its years', () => {
    const r = calc({ monthlyWage: '50000.00' });
    expect(r).toMatchObject({ isCapped: true, base: '36921.00', monthsOfPay: '4', severance: '147684.00' });
  });

  it('12.5 months of pay are cut to 12 only when capped', () => {
    const span = { startDate: '2013-01-01', endDate: '2025-03-31' }; // 12 years 3 months
    expect(calc({ ...span, monthlyWage: '40000' }).monthsOfPay).toBe('12');
    expect(calc({ ...span, monthlyWage: '10000' }).monthsOfPay).toBe('12.5');
  });

  it('exactly 3x is not above it (高于): no cap; a cent more is capped', () => {
    expect(calc({ ...long, monthlyWage: '36921.00' })).toMatchObject({ isCapped: false, monthsOfPay: '16' });
    expect(calc({ ...long, monthlyWage: '36921.01' })).toMatchObject({
      isCapped: true,
      base: '36921.00',
      monthsOfPay: '12',
    });
  });

  it('a low wage is not limited to 12 years', () => {
    expect(calc({ ...long, monthlyWage: '8000' })).toMatchObject({ monthsOfPay: '16', severance: '128000.00' });
  });

  it('rounds half a cent up', () => {
    const r = calc({ monthlyWage: '10000.01', startDate: '2025-01-01', endDate: '2025-03-31' });
    expect(r.severance).toBe('5000.01'); // 5000.005
    expect(r.unlawfulDamages).toBe('10000.02');
  });
});

describe('grounds', () => {
  const expected: Record<SeveranceGround, { severance: string; noticePay: string }> = {
    art36_mutual: { severance: '40000.00', noticePay: '0.00' },
    art38: { severance: '40000.00', noticePay: '0.00' },
    art40_1: { severance: '40000.00', noticePay: '10000.00' },
    art40_2: { severance: '40000.00', noticePay: '10000.00' },
    art40_3: { severance: '40000.00', noticePay: '10000.00' },
    art41: { severance: '40000.00', noticePay: '0.00' },
    contract_expiry: { severance: '40000.00', noticePay: '0.00' },
    art39: { severance: '0.00', noticePay: '0.00' },
    art21_probation: { severance: '0.00', noticePay: '0.00' },
    employee_resignation: { severance: '0.00', noticePay: '0.00' },
  };
  for (const ground of severanceGrounds) {
    it(`${ground}: severance ${expected[ground].severance}, notice pay ${expected[ground].noticePay}; damages shown`, () => {
      const r = calc({ ground });
      expect(r).toMatchObject(expected[ground]);
      expect(r.unlawfulDamages).toBe('80000.00');
      expect(lineOf(r, 'lawfulTotal')?.value).toBe(
        new Decimal(expected[ground].severance).plus(expected[ground].noticePay).toFixed(2),
      );
    });
  }

  it('contract expiry: none when the employee refused a same-or-better renewal', () => {
    expect(calc({ ground: 'contract_expiry', renewalOfferedAndRefused: true })).toMatchObject({
      severance: '0.00',
      isEntitled: false,
      unlawfulDamages: '80000.00',
    });
    // The flag means nothing for other grounds.
    expect(calc({ ground: 'art41', renewalOfferedAndRefused: true }).severance).toBe('40000.00');
  });

  it('pay in lieu of notice: the previous month’s wage, none when notice was given', () => {
    expect(calc({ lastMonthWage: '12000.50' }).noticePay).toBe('12000.50');
    expect(calc({ noticeGiven: true }).noticePay).toBe('0.00');
    expect(calc({ ground: 'art40_1', noticeGiven: true, lastMonthWage: '9000' }).noticePay).toBe('0.00');
    // Not capped: a high earner's notice pay is their wage.
    expect(calc({ monthlyWage: '50000', ground: 'art40_3' }).noticePay).toBe('50000.00');
  });
});

describe('minimum wage floor (Reg. Art. 27)', () => {
  it('raises an average below the local minimum wage', () => {
    const r = calc({ monthlyWage: '2000', localMinimumWage: '2690' });
    expect(r).toMatchObject({ base: '2690.00', severance: '10760.00' });
    expect(lineOf(r, 'minimumWage')?.facts).toMatchObject({ raised: true });
    expect(calc({ localMinimumWage: '2690' })).toMatchObject({ base: '10000.00' });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const EPOCH = '1995-01-01';
const dateArb = fc.integer({ min: 0, max: 365 * 45 }).map((n) => addDays(EPOCH, n));
const centsArb = (min: number, max: number) =>
  fc.integer({ min, max }).map((c) => `${Math.trunc(c / 100)}.${String(c % 100).padStart(2, '0')}`);
const spanArb = fc
  .tuple(dateArb, fc.integer({ min: 0, max: 365 * 30 }), fc.integer({ min: 0, max: 365 * 5 }))
  .map(([start, a, b]) => ({ start, end1: addDays(start, a), end2: addDays(start, a + b) }));

describe('properties', () => {
  it('service length adds back up to the day after the end', () => {
    fc.assert(
      fc.property(spanArb, ({ start, end1 }) => {
        const s = serviceLength(start, end1)!;
        expect(s.months).toBeGreaterThanOrEqual(0);
        expect(s.months).toBeLessThan(12);
        expect(s.days).toBeGreaterThanOrEqual(0);
        const anniversary = addMonths(start, s.years * 12 + s.months);
        expect(addDays(anniversary, s.days)).toBe(addDays(end1, 1));
        expect(addMonths(start, s.years * 12 + s.months + 1) > addDays(end1, 1)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('severance and months of pay never fall as service grows', () => {
    fc.assert(
      fc.property(
        spanArb,
        centsArb(0, 10_000_000),
        centsArb(100_000, 3_000_000),
        fc.constantFrom(...severanceGrounds),
        ({ start, end1, end2 }, wage, average, ground) => {
          const a = calc({
            startDate: start,
            endDate: end1,
            monthlyWage: wage,
            localAverageMonthlyWage: average,
            ground,
          });
          const b = calc({
            startDate: start,
            endDate: end2,
            monthlyWage: wage,
            localAverageMonthlyWage: average,
            ground,
          });
          expect(new Decimal(a.monthsOfPay).lte(b.monthsOfPay)).toBe(true);
          expect(new Decimal(a.severance).lte(b.severance)).toBe(true);
          expect(new Decimal(a.unlawfulDamages).lte(b.unlawfulDamages)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('damages are 2x the lawful figure; N is a multiple of ½; the cap holds', () => {
    fc.assert(
      fc.property(
        spanArb,
        centsArb(0, 20_000_000),
        centsArb(100_000, 3_000_000),
        fc.constantFrom(...severanceGrounds),
        ({ start, end1 }, wage, average, ground) => {
          const r = calc({
            startDate: start,
            endDate: end1,
            monthlyWage: wage,
            localAverageMonthlyWage: average,
            ground,
          });
          const standard = new Decimal(r.base).times(r.monthsOfPay).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
          expect(r.unlawfulDamages).toBe(standard.times(2).toFixed(2));
          if (r.isEntitled) expect(new Decimal(r.unlawfulDamages).eq(new Decimal(r.severance).times(2))).toBe(true);
          else expect(r.severance).toBe('0.00');
          expect(new Decimal(r.monthsOfPay).times(2).isInteger()).toBe(true);
          expect(new Decimal(r.base).lte(new Decimal(average).times(3))).toBe(true);
          expect(new Decimal(r.base).lte(wage)).toBe(true);
          if (r.isCapped) expect(new Decimal(r.monthsOfPay).lte(12)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('severance does not fall as the wage rises', () => {
    fc.assert(
      fc.property(
        spanArb,
        centsArb(0, 10_000_000),
        centsArb(0, 10_000_000),
        centsArb(100_000, 3_000_000),
        ({ start, end1 }, w1, w2, average) => {
          const [lo, hi] = new Decimal(w1).lte(w2) ? [w1, w2] : [w2, w1];
          const at = (monthlyWage: string) =>
            calc({ startDate: start, endDate: end1, monthlyWage, localAverageMonthlyWage: average, ground: 'art41' });
          // Within one side of the cap, more wage never means less; crossing it may (12-year limit).
          const [a, b] = [at(lo), at(hi)];
          if (a.isCapped === b.isCapped) expect(new Decimal(a.severance).lte(b.severance)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
