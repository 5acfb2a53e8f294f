import { describe, expect, it } from 'vitest';
import { computeIdNumberCheckChar, isValidIdNumber, normalizeIdNumber } from './id-number';

describe('resident ID number', () => {
  it('accepts the GB 11643 example and numbers with an X check character', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('440524188001010014')).toBe(false); // year before 1900
    const first17 = '31010119900307123';
    expect(isValidIdNumber(first17 + computeIdNumberCheckChar(first17))).toBe(true);
  });

  it('refuses a wrong check character, an impossible date and wrong lengths', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('110105194902300028')).toBe(false); // 30 February
    expect(isValidIdNumber('11010519491231002')).toBe(false);
    expect(isValidIdNumber('11010519491231002XX')).toBe(false);
  });

  it('every single-digit change of a valid number is caught', () => {
    const valid = '11010519491231002X';
    for (let i = 0; i < 17; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === valid[i]) continue;
        const changed = valid.slice(0, i) + d + valid.slice(i + 1);
        expect(isValidIdNumber(changed), changed).toBe(false);
      }
    }
  });

  it('normalizes full-width digits and a lower-case x', () => {
    expect(normalizeIdNumber(' １１０１０５１９４９１２３１００２x ')).toBe('11010519491231002X');
  });
});
