import { describe, expect, it } from 'vitest';
import { parseLooseDate, parseLooseDateTime } from './parse-date';

const ok = (value: string) => ({ ok: true, value });
const err = (code: string) => ({ ok: false, code });
const SH = { timeZone: 'Asia/Shanghai' };
const pad = (n: number) => String(n).padStart(2, '0');

describe('parseLooseDate — text formats', () => {
  it.each([
    '2025/1/5',
    '2025-01-05',
    '2025.1.5',
    '2025年1月5日',
    '2025年01月05日',
    '2025 年 1 月 5 日',
    '2025年1月5号',
    '2025年1月5',
    '20250105',
    '２０２５年１月５日',
    '２０２５－０１－０５',
    '  2025/01/05\t',
    '\u30002025-1-5\u3000',
    '2025/1/5 14:30',
    '2025/1/5 14:30:59',
    '2025-01-05T10:20:00+08:00',
    '2025-01-05T23:59:59.999-05:00',
    '2025-01-05T10:20:00Z',
    '2025-01-05 10:20:00 +0800',
    '2025年1月5日 14:30',
    '2025年1月5日14:30',
    '20250105 08:00',
    '20250105T08:00:00Z',
  ])('%j → 2025-01-05', (input) => {
    expect(parseLooseDate(input)).toEqual(ok('2025-01-05'));
  });

  it('takes the date as written even when the offset would move it to another UTC day', () => {
    expect(parseLooseDate('2025-01-05T01:00:00+08:00')).toEqual(ok('2025-01-05'));
    expect(parseLooseDate('2025-01-05T23:00:00-08:00')).toEqual(ok('2025-01-05'));
  });

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['\u3000', 'EMPTY'],
    ['abc', 'UNRECOGNIZED_DATE'],
    ['2025/1-5', 'UNRECOGNIZED_DATE'], // mixed separators
    ['25/1/5', 'UNRECOGNIZED_DATE'], // two-digit years are ambiguous
    ['1/5/2025', 'UNRECOGNIZED_DATE'], // M/D/Y vs D/M/Y is ambiguous
    ['2025-01', 'UNRECOGNIZED_DATE'],
    ['2025010', 'UNRECOGNIZED_DATE'],
    ['202501051', 'UNRECOGNIZED_DATE'],
    ['2025-01-05 later', 'UNRECOGNIZED_DATE'],
    ['2025-01-05 14', 'UNRECOGNIZED_DATE'],
    ['-45662', 'UNRECOGNIZED_DATE'],
    ['2025-02-30', 'INVALID_DATE'],
    ['2025-13-01', 'INVALID_DATE'],
    ['2025-00-10', 'INVALID_DATE'],
    ['2025-01-00', 'INVALID_DATE'],
    ['2025-04-31', 'INVALID_DATE'],
    ['20250230', 'INVALID_DATE'],
    ['2025年2月29日', 'INVALID_DATE'],
    ['2025-01-05 24:00', 'INVALID_DATE'],
    ['2025-01-05 12:60', 'INVALID_DATE'],
    ['2025-01-05 12:00:60', 'INVALID_DATE'],
    ['2025-01-05T12:00+24:00', 'INVALID_DATE'],
    ['1899-12-31', 'DATE_OUT_OF_RANGE'],
    ['3000-01-01', 'DATE_OUT_OF_RANGE'],
    ['0001-01-01', 'DATE_OUT_OF_RANGE'],
  ])('%j → %s', (input, code) => {
    expect(parseLooseDate(input)).toEqual(err(code));
  });

  it('accepts the range boundaries', () => {
    expect(parseLooseDate('1900-01-01')).toEqual(ok('1900-01-01'));
    expect(parseLooseDate('2999-12-31')).toEqual(ok('2999-12-31'));
  });

  it('applies the Gregorian leap-year rules', () => {
    expect(parseLooseDate('2024-02-29')).toEqual(ok('2024-02-29')); // divisible by 4
    expect(parseLooseDate('2000-02-29')).toEqual(ok('2000-02-29')); // divisible by 400
    expect(parseLooseDate('2023-02-29')).toEqual(err('INVALID_DATE'));
    expect(parseLooseDate('1900-02-29')).toEqual(err('INVALID_DATE')); // century, not leap
    expect(parseLooseDate('2100-02-29')).toEqual(err('INVALID_DATE'));
    expect(parseLooseDate('1900-02-28')).toEqual(ok('1900-02-28'));
    expect(parseLooseDate('1900-03-01')).toEqual(ok('1900-03-01'));
  });
});

describe('parseLooseDate — Excel serials (1900 system)', () => {
  it.each([
    [1, '1900-01-01'],
    [2, '1900-01-02'],
    [31, '1900-01-31'],
    [32, '1900-02-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [25569, '1970-01-01'], // Unix epoch, a widely documented anchor
    [36526, '2000-01-01'],
    [45658, '2025-01-01'],
    [45662, '2025-01-05'],
    [45716, '2025-02-28'],
    [45717, '2025-03-01'],
    [401768, '2999-12-31'], // last supported day
  ])('%d → %s', (serial, expected) => {
    expect(parseLooseDate(serial)).toEqual(ok(expected));
    expect(parseLooseDate(String(serial))).toEqual(ok(expected));
  });

  it('refuses serial 60, the phantom 1900-02-29 of the Lotus bug, instead of guessing a neighbour', () => {
    expect(parseLooseDate(60)).toEqual(err('INVALID_DATE'));
    expect(parseLooseDate(60.5)).toEqual(err('INVALID_DATE'));
    expect(parseLooseDate('60')).toEqual(err('INVALID_DATE'));
  });

  it('drops the time fraction and carries a rounding-up fraction into the next day', () => {
    expect(parseLooseDate(45662.604166666664)).toEqual(ok('2025-01-05'));
    expect(parseLooseDate('45662.99')).toEqual(ok('2025-01-05'));
    expect(parseLooseDate(45662.9999999999)).toEqual(ok('2025-01-06'));
  });

  it('accepts full-width serial strings', () => {
    expect(parseLooseDate('４５６６２')).toEqual(ok('2025-01-05'));
  });

  it.each([
    [0, 'DATE_OUT_OF_RANGE'],
    [0.5, 'DATE_OUT_OF_RANGE'],
    [-1, 'DATE_OUT_OF_RANGE'],
    [401769, 'DATE_OUT_OF_RANGE'],
    [2958465, 'DATE_OUT_OF_RANGE'], // 9999-12-31, Excel's documented maximum
    [1e12, 'DATE_OUT_OF_RANGE'],
    [Number.NaN, 'UNRECOGNIZED_DATE'],
    [Number.POSITIVE_INFINITY, 'UNRECOGNIZED_DATE'],
  ])('%d → %s', (serial, code) => {
    expect(parseLooseDate(serial)).toEqual(err(code));
  });

  it('reads 8-digit integers as YYYYMMDD (as serials they would be far beyond year 2999)', () => {
    expect(parseLooseDate(20250105)).toEqual(ok('2025-01-05'));
    expect(parseLooseDate(19000101)).toEqual(ok('1900-01-01'));
    expect(parseLooseDate(20250230)).toEqual(err('INVALID_DATE'));
  });
});

describe('parseLooseDate — 1904 system and Date objects', () => {
  it('counts from 1904-01-01 = 0 with no phantom leap day', () => {
    const opts = { dateSystem1904: true };
    expect(parseLooseDate(0, opts)).toEqual(ok('1904-01-01'));
    expect(parseLooseDate(59, opts)).toEqual(ok('1904-02-29')); // 1904 is a real leap year
    expect(parseLooseDate(60, opts)).toEqual(ok('1904-03-01'));
    expect(parseLooseDate(44196, opts)).toEqual(ok('2025-01-01')); // 45658 − 1462
    expect(parseLooseDate('44200', opts)).toEqual(ok('2025-01-05'));
    expect(parseLooseDate(-1, opts)).toEqual(err('DATE_OUT_OF_RANGE'));
  });

  it('agrees with the 1900 system offset of 1462 days for every serial from 61 on', () => {
    for (let serial = 61; serial < 50_000; serial += 97) {
      expect(parseLooseDate(serial + 1462)).toEqual(parseLooseDate(serial, { dateSystem1904: true }));
    }
  });

  it('uses the UTC calendar date of Date objects', () => {
    expect(parseLooseDate(new Date(Date.UTC(2025, 0, 5)))).toEqual(ok('2025-01-05'));
    expect(parseLooseDate(new Date('2025-01-05T23:59:59.999Z'))).toEqual(ok('2025-01-05'));
    expect(parseLooseDate(new Date('2025-01-05T01:00:00+08:00'))).toEqual(ok('2025-01-04'));
    expect(parseLooseDate(new Date(Number.NaN))).toEqual(err('INVALID_DATE'));
    expect(parseLooseDate(new Date(Date.UTC(1899, 11, 31)))).toEqual(err('DATE_OUT_OF_RANGE'));
  });

  it('refuses untyped cells without throwing', () => {
    expect(parseLooseDate(null as unknown as string)).toEqual(err('UNRECOGNIZED_DATE'));
    expect(parseLooseDate({} as unknown as string)).toEqual(err('UNRECOGNIZED_DATE'));
  });
});

describe('parseLooseDate — properties', () => {
  it('every day from 1990 to 2030 round-trips through slash, Chinese, compact and serial forms', () => {
    const serialEpoch = Date.UTC(1899, 11, 30);
    for (let t = Date.UTC(1990, 0, 1); t <= Date.UTC(2030, 11, 31); t += 86_400_000) {
      const d = new Date(t);
      const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
      const iso = `${y}-${pad(m)}-${pad(day)}`;
      expect(parseLooseDate(`${y}/${m}/${day}`)).toEqual(ok(iso));
      expect(parseLooseDate(`${y}年${m}月${day}日`)).toEqual(ok(iso));
      expect(parseLooseDate(iso.replaceAll('-', ''))).toEqual(ok(iso));
      expect(parseLooseDate((t - serialEpoch) / 86_400_000)).toEqual(ok(iso));
    }
  });

  it('day 29..31 is valid exactly when the month has that many days', () => {
    for (let y = 1900; y <= 2100; y++) {
      for (let m = 1; m <= 12; m++) {
        const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
        for (let d = 28; d <= 31; d++) {
          const r = parseLooseDate(`${y}-${pad(m)}-${pad(d)}`);
          expect(r.ok).toBe(d <= last);
        }
      }
    }
  });
});

describe('parseLooseDateTime', () => {
  it('reads wall-clock values in the given zone', () => {
    expect(parseLooseDateTime('2025-01-05 14:30', SH)).toEqual(ok('2025-01-05T06:30:00.000Z'));
    expect(parseLooseDateTime('2025/1/5 14:30:15.25', SH)).toEqual(ok('2025-01-05T06:30:15.250Z'));
    expect(parseLooseDateTime('２０２５年１月５日 ０８：００', SH)).toEqual(ok('2025-01-05T00:00:00.000Z'));
  });

  it('treats a date-only value as local midnight', () => {
    expect(parseLooseDateTime('2025-01-05', SH)).toEqual(ok('2025-01-04T16:00:00.000Z'));
    expect(parseLooseDateTime('2025-01-05', { timeZone: 'UTC' })).toEqual(ok('2025-01-05T00:00:00.000Z'));
  });

  it('keeps explicit offsets and Z regardless of the zone', () => {
    expect(parseLooseDateTime('2025-01-05T10:20:00+08:00', SH)).toEqual(ok('2025-01-05T02:20:00.000Z'));
    expect(parseLooseDateTime('2025-01-05T10:20:00Z', SH)).toEqual(ok('2025-01-05T10:20:00.000Z'));
    expect(parseLooseDateTime('2025-01-05 10:20 -0530', SH)).toEqual(ok('2025-01-05T15:50:00.000Z'));
    expect(parseLooseDateTime('2025-01-05T10:20+09', SH)).toEqual(ok('2025-01-05T01:20:00.000Z'));
  });

  it('reads Excel serial fractions as local time of day', () => {
    expect(parseLooseDateTime(45662.604166666664, SH)).toEqual(ok('2025-01-05T06:30:00.000Z')); // 14:30
    expect(parseLooseDateTime(45662.5, SH)).toEqual(ok('2025-01-05T04:00:00.000Z'));
    expect(parseLooseDateTime(44200.5, { ...SH, dateSystem1904: true })).toEqual(ok('2025-01-05T04:00:00.000Z'));
  });

  it('passes Date objects through as the instant they are', () => {
    const d = new Date('2025-01-05T06:30:00.123Z');
    expect(parseLooseDateTime(d, SH)).toEqual(ok('2025-01-05T06:30:00.123Z'));
  });

  it('resolves DST gaps forward and overlaps to the earlier instant (details in zone-offset.test.ts)', () => {
    const ny = { timeZone: 'America/New_York' };
    expect(parseLooseDateTime('2025-03-09 02:30', ny)).toEqual(ok('2025-03-09T07:30:00.000Z'));
    expect(parseLooseDateTime('2025-11-02 01:30', ny)).toEqual(ok('2025-11-02T05:30:00.000Z'));
  });

  it('returns the same errors as parseLooseDate', () => {
    expect(parseLooseDateTime('', SH)).toEqual(err('EMPTY'));
    expect(parseLooseDateTime('2025-02-30 10:00', SH)).toEqual(err('INVALID_DATE'));
    expect(parseLooseDateTime('2025-01-05 25:00', SH)).toEqual(err('INVALID_DATE'));
    expect(parseLooseDateTime('tomorrow', SH)).toEqual(err('UNRECOGNIZED_DATE'));
    expect(parseLooseDateTime('3000-01-01', SH)).toEqual(err('DATE_OUT_OF_RANGE'));
    expect(parseLooseDateTime(60, SH)).toEqual(err('INVALID_DATE'));
  });

  it('throws for an unknown time zone, which is a caller bug rather than bad data', () => {
    expect(() => parseLooseDateTime('2025-01-05', { timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});
