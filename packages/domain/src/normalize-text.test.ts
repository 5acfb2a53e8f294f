import { describe, expect, it } from 'vitest';
import { normalizeHeader, toHalfWidth } from './normalize-text';

describe('toHalfWidth', () => {
  it('maps the whole full-width ASCII block and the ideographic space', () => {
    expect(toHalfWidth('２０２５年１月５日')).toBe('2025年1月5日');
    expect(toHalfWidth('１２，８００．５０')).toBe('12,800.50');
    expect(toHalfWidth('ＡＢＣ　ｘｙｚ')).toBe('ABC xyz');
    expect(toHalfWidth('（－１）＊：')).toBe('(-1)*:');
  });

  it('covers U+FF01..U+FF5E exactly', () => {
    for (let code = 0xff01; code <= 0xff5e; code++) {
      expect(toHalfWidth(String.fromCharCode(code))).toBe(String.fromCharCode(code - 0xfee0));
    }
    // Neighbours outside the block stay untouched: ￥ (U+FFE5), ｟ (U+FF5F), 。 (U+3002).
    expect(toHalfWidth('\uff00\uff5f￥。')).toBe('\uff00\uff5f￥。');
  });

  it('leaves ASCII, CJK and astral characters alone', () => {
    const s = 'Stride 工号 😀 abc-123';
    expect(toHalfWidth(s)).toBe(s);
    expect(toHalfWidth('')).toBe('');
  });
});

describe('normalizeHeader', () => {
  it.each([
    ['*工号：', '工号'],
    ['工号*', '工号'],
    ['  Employee   No  ', 'employee no'],
    ['【Email】', 'email'],
    ['[客户名称]', '客户名称'],
    ['（姓名）', '姓名'],
    ['*[工号]:', '工号'],
    ['＊ 入职日期 ：', '入职日期'],
    ['姓名\u3000', '姓名'],
    ['EMAIL', 'email'],
    ['a\tb\nc', 'a b c'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeHeader(input)).toBe(expected);
  });

  it('keeps a trailing unit note that is not a surrounding pair', () => {
    expect(normalizeHeader('金额(元)')).toBe('金额(元)');
    expect(normalizeHeader('（元）金额')).toBe('(元)金额');
  });

  it('returns empty for marker-only headers', () => {
    expect(normalizeHeader('')).toBe('');
    expect(normalizeHeader(' * : ')).toBe('');
    expect(normalizeHeader('()')).toBe('');
  });
});
