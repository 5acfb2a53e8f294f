import { describe, expect, it } from 'vitest';
import { parseAmount, parseCount } from './parse-amount';

const ok = <T>(value: T) => ({ ok: true, value });
const err = (code: string) => ({ ok: false, code });

/** Deterministic PRNG (mulberry32) so property loops are reproducible. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const group = (digits: string, sep: string) => digits.replace(/\B(?=(\d{3})+$)/g, sep);

describe('parseAmount — accepted formats', () => {
  it.each([
    ['12,800.00', '12800.00'],
    ['12800', '12800.00'],
    ['12 800', '12800.00'],
    ['12\u00a0800', '12800.00'],
    ['¥12,800', '12800.00'],
    ['￥12800', '12800.00'],
    ['¥ 12,800.5', '12800.50'],
    ['RMB 12800', '12800.00'],
    ['rmb12800', '12800.00'],
    ['CNY12800', '12800.00'],
    ['12800 CNY', '12800.00'],
    ['人民币12800元', '12800.00'],
    ['12800元', '12800.00'],
    ['1.28万', '12800.00'],
    ['1.28万元', '12800.00'],
    ['1.28 万元', '12800.00'],
    ['1.5亿', '150000000.00'],
    ['1.5亿元', '150000000.00'],
    ['1.2345万', '12345.00'],
    ['1.23456万', '12345.60'],
    ['0.000001亿', '100.00'],
    ['１２，８００．５０', '12800.50'],
    ['￥１２８００', '12800.00'],
    ['  12800  ', '12800.00'],
    ['0', '0.00'],
    ['0.5', '0.50'],
    ['+12', '12.00'],
    ['007', '7.00'],
    ['1,234,567.89', '1234567.89'],
  ])('%j → %s', (input, expected) => {
    expect(parseAmount(input)).toEqual(ok(expected));
  });

  it.each([
    ['-1,200', '-1200.00'],
    ['(1,200)', '-1200.00'],
    ['（１，２００）', '-1200.00'],
    ['(¥1,200)', '-1200.00'],
    ['(¥1,200元)', '-1200.00'],
    ['(1.5万)', '-15000.00'],
    ['(1,200)元', '-1200.00'],
    ['¥(1,200)', '-1200.00'],
    ['-¥1,200', '-1200.00'],
    ['¥-1,200', '-1200.00'],
    ['－１２００', '-1200.00'],
    ['\u22121200', '-1200.00'],
    ['-1.5万', '-15000.00'],
    ['-0', '0.00'],
    ['(0)', '0.00'],
  ])('negative %j → %s', (input, expected) => {
    expect(parseAmount(input)).toEqual(ok(expected));
  });

  it('converts numbers through their shortest decimal string, never float arithmetic', () => {
    expect(parseAmount(12800)).toEqual(ok('12800.00'));
    expect(parseAmount(0.1)).toEqual(ok('0.10'));
    expect(parseAmount(-1200.5)).toEqual(ok('-1200.50'));
    expect(parseAmount(-0)).toEqual(ok('0.00'));
    expect(parseAmount(1e21)).toEqual(ok('1000000000000000000000.00'));
    expect(parseAmount(Number('9007199254740993'))).toEqual(ok('9007199254740992.00')); // the double it really is
    // A computed cell holding 0.1 + 0.2 really has 17 significant digits; refusing beats guessing.
    expect(parseAmount(0.1 + 0.2)).toEqual(err('TOO_MANY_DECIMALS'));
    expect(parseAmount(1.5e-7)).toEqual(err('TOO_MANY_DECIMALS'));
    expect(parseAmount(Number.NaN)).toEqual(err('UNRECOGNIZED_AMOUNT'));
    expect(parseAmount(Number.POSITIVE_INFINITY)).toEqual(err('UNRECOGNIZED_AMOUNT'));
  });

  it('keeps large amounts exact (beyond the 20-digit default precision of decimal.js)', () => {
    expect(parseAmount('123456789012345678901234.56')).toEqual(ok('123456789012345678901234.56'));
    expect(parseAmount('12345678901234567890.12345678亿')).toEqual(ok('1234567890123456789012345678.00'));
  });
});

describe('parseAmount — scale', () => {
  it('refuses more decimals than the scale after applying the unit', () => {
    expect(parseAmount('12.345')).toEqual(err('TOO_MANY_DECIMALS'));
    expect(parseAmount('1.2345678万')).toEqual(err('TOO_MANY_DECIMALS'));
    expect(parseAmount('1.234567万')).toEqual(ok('12345.67'));
    expect(parseAmount('0.0000000001亿')).toEqual(ok('0.01'));
    expect(parseAmount('0.00000000001亿')).toEqual(err('TOO_MANY_DECIMALS'));
    expect(parseAmount('12.340')).toEqual(ok('12.34')); // trailing zeros are not precision
  });

  it('honours a custom scale', () => {
    expect(parseAmount('12.345', { scale: 3 })).toEqual(ok('12.345'));
    expect(parseAmount('12', { scale: 0 })).toEqual(ok('12'));
    expect(parseAmount('12.5', { scale: 0 })).toEqual(err('TOO_MANY_DECIMALS'));
    expect(parseAmount('1.2345万', { scale: 0 })).toEqual(ok('12345'));
    expect(parseAmount('-0', { scale: 4 })).toEqual(ok('0.0000'));
  });

  it('throws for a nonsensical scale (caller bug)', () => {
    expect(() => parseAmount('1', { scale: -1 })).toThrow(RangeError);
    expect(() => parseAmount('1', { scale: 1.5 })).toThrow(RangeError);
  });
});

describe('parseAmount — refused input', () => {
  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['\u3000', 'EMPTY'],
    ['1,2,3', 'UNRECOGNIZED_AMOUNT'],
    ['12,80', 'UNRECOGNIZED_AMOUNT'],
    ['1,2800', 'UNRECOGNIZED_AMOUNT'],
    ['12,800 000', 'UNRECOGNIZED_AMOUNT'], // mixed grouping
    ['1,234.5,6', 'UNRECOGNIZED_AMOUNT'],
    ['abc', 'UNRECOGNIZED_AMOUNT'],
    ['12a', 'UNRECOGNIZED_AMOUNT'],
    ['USD 12', 'UNRECOGNIZED_AMOUNT'],
    ['--1', 'UNRECOGNIZED_AMOUNT'],
    ['+-1', 'UNRECOGNIZED_AMOUNT'],
    ['-(1)', 'UNRECOGNIZED_AMOUNT'],
    ['(-1)', 'UNRECOGNIZED_AMOUNT'],
    ['((1))', 'UNRECOGNIZED_AMOUNT'],
    ['(¥(1))', 'UNRECOGNIZED_AMOUNT'],
    ['(1', 'UNRECOGNIZED_AMOUNT'],
    ['-¥-1', 'UNRECOGNIZED_AMOUNT'],
    ['¥¥1', 'UNRECOGNIZED_AMOUNT'],
    ['1万亿', 'UNRECOGNIZED_AMOUNT'],
    ['万', 'UNRECOGNIZED_AMOUNT'],
    ['¥', 'UNRECOGNIZED_AMOUNT'],
    ['-', 'UNRECOGNIZED_AMOUNT'],
    ['12.', 'UNRECOGNIZED_AMOUNT'],
    ['.5', 'UNRECOGNIZED_AMOUNT'],
    ['1e5', 'UNRECOGNIZED_AMOUNT'],
    ['12-', 'UNRECOGNIZED_AMOUNT'],
    ['1.2.3', 'UNRECOGNIZED_AMOUNT'],
    ['1'.repeat(101), 'UNRECOGNIZED_AMOUNT'],
  ])('%j → %s', (input, code) => {
    expect(parseAmount(input)).toEqual(err(code));
  });

  it('refuses untyped cells without throwing', () => {
    expect(parseAmount(null as unknown as string)).toEqual(err('UNRECOGNIZED_AMOUNT'));
  });
});

describe('parseAmount — properties', () => {
  it('every decorated amount built from random integers parses to the same decimal', () => {
    const next = rng(20250105);
    const decorate = [
      (s: string) => s,
      (s: string) => `¥${group(s, ',')}`,
      (s: string) => `${group(s, ' ')}元`,
      (s: string) => `RMB ${group(s, ',')}`,
      (s: string) => `￥${group(s, '，')}`.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)),
    ];
    for (let i = 0; i < 2000; i++) {
      const yuan = String(Math.floor(next() * 10 ** Math.ceil(next() * 13)));
      const fen = String(Math.floor(next() * 100)).padStart(2, '0');
      const negative = next() < 0.3;
      const body = decorate[i % decorate.length](yuan);
      const text = `${body}.${fen}`.replace(/元\.(\d\d)$/, '.$1元');
      const input = negative ? (i % 2 ? `-${text}` : `(${text})`) : text;
      const expected = `${negative && (yuan !== '0' || fen !== '00') ? '-' : ''}${yuan}.${fen}`;
      expect(parseAmount(input), input).toEqual(ok(expected));
    }
  });

  it('万 and 亿 shift the decimal point exactly', () => {
    const next = rng(42);
    for (let i = 0; i < 1000; i++) {
      const whole = BigInt(Math.floor(next() * 1e9));
      const frac = BigInt(Math.floor(next() * 10_000));
      const wan = `${whole}.${String(frac).padStart(4, '0')}万`;
      expect(parseAmount(wan)).toEqual(ok(`${whole * 10_000n + frac}.00`));
      const yi = `${whole}.${String(frac).padStart(4, '0')}亿`;
      expect(parseAmount(yi)).toEqual(ok(`${whole * 100_000_000n + frac * 10_000n}.00`));
    }
  });

  it('numbers with at most two decimals match their string form', () => {
    const next = rng(7);
    for (let i = 0; i < 1000; i++) {
      const cents = Math.floor((next() - 0.5) * 2e12);
      const n = cents / 100; // nearest double to a 2-decimal value; String() recovers the decimal
      expect(parseAmount(n)).toEqual(parseAmount(String(n)));
      expect(parseAmount(n).ok).toBe(true);
    }
  });
});

describe('parseCount', () => {
  it.each([
    ['12', 12],
    ['１２', 12],
    [' 1,200 ', 1200],
    ['1 200', 1200],
    ['１，２００', 1200],
    ['12.00', 12],
    ['+3', 3],
    ['0', 0],
    ['-0', 0],
    [3, 3],
    [0, 0],
    [-0, 0],
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  ])('%j → %d', (input, expected) => {
    const r = parseCount(input);
    expect(r).toEqual(ok(expected));
    if (r.ok) expect(Object.is(r.value, -0)).toBe(false);
  });

  it.each([
    ['', 'EMPTY'],
    ['  ', 'EMPTY'],
    ['-3', 'NEGATIVE_COUNT'],
    ['－３', 'NEGATIVE_COUNT'],
    ['(3)', 'NEGATIVE_COUNT'],
    [-1, 'NEGATIVE_COUNT'],
    ['12.5', 'NOT_A_COUNT'],
    ['-12.5', 'NOT_A_COUNT'],
    ['1,2,3', 'NOT_A_COUNT'],
    ['3个', 'NOT_A_COUNT'],
    ['¥3', 'NOT_A_COUNT'],
    ['x', 'NOT_A_COUNT'],
    [2.5, 'NOT_A_COUNT'],
    [Number.NaN, 'NOT_A_COUNT'],
    [1e300, 'NOT_A_COUNT'],
    ['9007199254740993', 'NOT_A_COUNT'],
  ])('%j → %s', (input, code) => {
    expect(parseCount(input)).toEqual(err(code));
  });

  it('round-trips random grouped integers', () => {
    const next = rng(99);
    for (let i = 0; i < 1000; i++) {
      const n = Math.floor(next() * 1e12);
      expect(parseCount(group(String(n), ','))).toEqual(ok(n));
      expect(parseCount(String(n))).toEqual(ok(n));
    }
  });
});
