import { describe, expect, it } from 'vitest';
import { attainmentFactor, computeBonus } from './bonus';

const coefficients = { S: '1.5', A: '1.2', B: '1.0', C: '0.5', D: '0' };
const bands = [
  { from: '0', to: '80', factor: '0.8' },
  { from: '80', to: '100', factor: '1' },
  { from: '100', to: null, factor: '1.5' },
];

describe('computeBonus', () => {
  it('is base × coefficient of the grade', () => {
    expect(computeBonus({ base: '10000', grade: 'A', coefficients })).toEqual({
      ok: true,
      base: '10000.00',
      coefficient: '1.2',
      factor: null,
      amount: '12000.00',
    });
    expect(computeBonus({ base: '10000', grade: 'D', coefficients })).toMatchObject({ amount: '0.00' });
  });
  it('multiplies by the attainment factor of the band, capped', () => {
    const out = computeBonus({
      base: '8000',
      grade: 'S',
      coefficients,
      attainment: { bands, cap: '1.3', value: '120' },
    });
    expect(out).toMatchObject({ factor: '1.3', amount: '15600.00' });
    expect(attainmentFactor(bands, '2', '80')).toBe('1');
    expect(attainmentFactor(bands, '2', '79.99')).toBe('0.8');
  });
  it('refuses to guess without a grade, a coefficient or a target', () => {
    expect(computeBonus({ base: '1', grade: null, coefficients })).toEqual({ ok: false, reason: 'NO_GRADE' });
    expect(computeBonus({ base: '1', grade: 'E', coefficients })).toEqual({ ok: false, reason: 'GRADE_NOT_IN_SCHEME' });
    expect(computeBonus({ base: '1', grade: 'A', coefficients, attainment: { bands, cap: '2', value: null } })).toEqual(
      {
        ok: false,
        reason: 'NO_TARGET',
      },
    );
  });
});
