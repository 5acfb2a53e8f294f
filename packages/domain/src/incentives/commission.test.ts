import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CommissionRule, computeCommission, validateCommissionTiers } from './commission';

const tiers = [
  { from: '0', to: '100000', rate: '2' },
  { from: '100000', to: '200000', rate: '3' },
  { from: '200000', to: null, rate: '5' },
];
const rule = (over: Partial<CommissionRule> = {}): CommissionRule => ({
  basis: 'amount',
  tiers,
  accelerator: null,
  clawback: true,
  ...over,
});
const run = (gross: string, over: Partial<CommissionRule> = {}, refunds = '0', target: string | null = null) => {
  const out = computeCommission({ rule: rule(over), gross, refunds, target });
  if (!out.ok) throw new Error(out.reason);
  return out;
};

describe('validateCommissionTiers', () => {
  it('accepts a contiguous ascending table with an open last tier', () => {
    expect(validateCommissionTiers(tiers)).toEqual([]);
  });
  it('names the gap, the overlap and the rate out of range on their fields', () => {
    expect(
      validateCommissionTiers([
        { from: '0', to: '100', rate: '1' },
        { from: '120', to: '200', rate: '2' },
        { from: '150', to: null, rate: '101' },
      ]),
    ).toEqual([
      { field: 'tiers.1.from', code: 'TIER_GAP' },
      { field: 'tiers.2.rate', code: 'TIER_RATE_RANGE' },
      { field: 'tiers.2.from', code: 'TIER_OVERLAP' },
    ]);
  });
  it('requires a start at 0, ascending bands and only the last one open', () => {
    const codes = validateCommissionTiers([
      { from: '5', to: null, rate: '1' },
      { from: '10', to: '8', rate: '-1' },
    ]).map((i) => `${i.field}:${i.code}`);
    expect(codes).toEqual([
      'tiers.0.from:TIER_FIRST_NOT_ZERO',
      'tiers.0.to:TIER_OPEN_END_NOT_LAST',
      'tiers.1.rate:TIER_RATE_RANGE',
      'tiers.1.to:TIER_LAST_NOT_OPEN',
      'tiers.1.to:TIER_NOT_ASCENDING',
    ]);
    expect(validateCommissionTiers([])).toEqual([{ field: 'tiers', code: 'TIERS_EMPTY' }]);
  });
});

describe('computeCommission', () => {
  it('applies each rate only to the part of the base inside its band (marginal)', () => {
    const out = run('250000');
    expect(out.lines.map((l) => [l.portion, l.amount])).toEqual([
      ['100000.00', '2000.00'],
      ['100000.00', '3000.00'],
      ['50000.00', '2500.00'],
    ]);
    expect(out.total).toBe('7500.00');
  });
  it('puts a base exactly at a tier edge wholly in the lower band', () => {
    const out = run('100000');
    expect(out.lines.map((l) => l.portion)).toEqual(['100000.00', '0.00', '0.00']);
    expect(out.total).toBe('2000.00');
    expect(run('100000.01').lines[1].portion).toBe('0.01');
  });
  it('rounds half up to 2 places', () => {
    // 0.25 × 2% = 0.005 → 0.01
    expect(run('0.25').total).toBe('0.01');
  });
  it('turns attainment tiers into money bands through the target', () => {
    const out = run(
      '120000',
      {
        basis: 'attainment',
        tiers: [
          { from: '0', to: '80', rate: '1' },
          { from: '80', to: '100', rate: '2' },
          { from: '100', to: null, rate: '4' },
        ],
      },
      '0',
      '100000',
    );
    expect(out.attainment).toBe('120.00');
    expect(out.lines.map((l) => [l.amountFrom, l.amountTo, l.amount])).toEqual([
      ['0.00', '80000.00', '800.00'],
      ['80000.00', '100000.00', '400.00'],
      ['100000.00', null, '800.00'],
    ]);
    expect(out.total).toBe('2000.00');
    expect(computeCommission({ rule: rule({ basis: 'attainment' }), gross: '1', refunds: '0', target: null })).toEqual({
      ok: false,
      reason: 'NO_TARGET',
    });
  });
  it('multiplies the rate above 100% attainment by the accelerator, splitting the band at the target', () => {
    const out = run('150000', { accelerator: '1.5' }, '0', '120000');
    // 100k × 2% = 2000; 100k–120k × 3% = 600; 120k–150k × 3% × 1.5 = 1350
    expect(out.lines.filter((l) => l.portion !== '0.00').map((l) => [l.portion, l.multiplier, l.amount])).toEqual([
      ['100000.00', '1', '2000.00'],
      ['20000.00', '1', '600.00'],
      ['30000.00', '1.5', '1350.00'],
    ]);
    expect(out.total).toBe('3950.00');
    expect(out.acceleratorExtra).toBe('450.00');
    // Exactly at 100%: nothing accelerated.
    expect(run('120000', { accelerator: '1.5' }, '0', '120000').acceleratorExtra).toBe('0.00');
  });
  it('claws refunds back by reducing the base, and says what they took', () => {
    const out = run('250000', {}, '60000');
    expect(out.base).toBe('190000.00');
    expect(out.total).toBe('4700.00');
    expect(out.clawback).toBe('2800.00');
    const none = run('250000', { clawback: false }, '60000');
    expect(none.total).toBe('7500.00');
    expect(none.clawback).toBe('0.00');
    expect(run('1000', {}, '5000').base).toBe('0.00');
  });
  it('is monotone non-decreasing in the base when rates do not decrease', () => {
    const tierTable = fc
      .array(fc.tuple(fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 0, max: 20 })), {
        minLength: 1,
        maxLength: 5,
      })
      .map((steps) => {
        let from = 0;
        let rate = 0;
        return steps.map(([width, bump], i) => {
          rate = Math.min(100, rate + bump);
          const t = {
            from: String(from),
            to: i === steps.length - 1 ? null : String(from + width),
            rate: String(rate),
          };
          from += width;
          return t;
        });
      });
    fc.assert(
      fc.property(
        tierTable,
        fc.integer({ min: 0, max: 300_000 }),
        fc.integer({ min: 0, max: 50_000 }),
        fc.option(fc.integer({ min: 1, max: 200_000 })),
        fc.constantFrom(null, '1', '1.5', '2'),
        (t, a, d, target, accelerator) => {
          expect(validateCommissionTiers(t)).toEqual([]);
          const tgt = target === null ? null : String(target);
          const lo = run(String(a), { tiers: t, accelerator }, '0', tgt);
          const hi = run(String(a + d), { tiers: t, accelerator }, '0', tgt);
          expect(Number(hi.total)).toBeGreaterThanOrEqual(Number(lo.total));
        },
      ),
    );
  });
});
