import { describe, expect, it } from 'vitest';
import { assertTimeZone, localDateIn, wallClockToInstant, zoneOffsetMs } from './zone-offset';

const HOUR = 3_600_000;
const wall = (iso: string) => Date.parse(`${iso}Z`); // wall-clock fields encoded as if UTC
const instant = (wallIso: string, zone: string) => new Date(wallClockToInstant(wall(wallIso), zone)).toISOString();

describe('zoneOffsetMs', () => {
  it('reports fixed and seasonal offsets', () => {
    expect(zoneOffsetMs(Date.UTC(2025, 0, 1), 'Asia/Shanghai')).toBe(8 * HOUR);
    expect(zoneOffsetMs(Date.UTC(2025, 6, 1), 'Asia/Shanghai')).toBe(8 * HOUR);
    expect(zoneOffsetMs(Date.UTC(2025, 0, 1), 'America/New_York')).toBe(-5 * HOUR);
    expect(zoneOffsetMs(Date.UTC(2025, 6, 1), 'America/New_York')).toBe(-4 * HOUR);
    expect(zoneOffsetMs(Date.UTC(2025, 0, 1), 'Asia/Kolkata')).toBe(5.5 * HOUR);
    expect(zoneOffsetMs(Date.UTC(2025, 0, 1, 0, 0, 0, 999), 'UTC')).toBe(0); // sub-second instants
  });

  it('throws RangeError for unknown zones', () => {
    expect(() => assertTimeZone('Not/AZone')).toThrow(RangeError);
    expect(() => assertTimeZone('Asia/Shanghai')).not.toThrow();
  });
});

describe('wallClockToInstant', () => {
  it('converts ordinary times', () => {
    expect(instant('2025-01-05T14:30:00', 'Asia/Shanghai')).toBe('2025-01-05T06:30:00.000Z');
    expect(instant('2025-07-01T12:00:00', 'America/New_York')).toBe('2025-07-01T16:00:00.000Z');
    expect(instant('2025-01-01T12:00:00', 'America/New_York')).toBe('2025-01-01T17:00:00.000Z');
    expect(instant('2025-01-05T00:00:00.250', 'Asia/Kolkata')).toBe('2025-01-04T18:30:00.250Z');
  });

  it('shifts times inside a spring-forward gap forward by the gap', () => {
    expect(instant('2025-03-09T02:30:00', 'America/New_York')).toBe('2025-03-09T07:30:00.000Z'); // = 03:30 EDT
    expect(instant('2025-03-30T01:30:00', 'Europe/London')).toBe('2025-03-30T01:30:00.000Z'); // = 02:30 BST
  });

  it('takes the earlier instant for a repeated fall-back hour', () => {
    expect(instant('2025-11-02T01:30:00', 'America/New_York')).toBe('2025-11-02T05:30:00.000Z'); // EDT
    expect(instant('2025-04-06T02:00:00', 'Australia/Sydney')).toBe('2025-04-05T15:00:00.000Z'); // AEDT
  });

  it('round-trips every 5 hours of 2025 in zones with and without DST (property)', () => {
    for (const zone of ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Sydney']) {
      for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2026, 0, 1); t += 5 * HOUR) {
        const local = t + zoneOffsetMs(t, zone);
        const back = wallClockToInstant(local, zone);
        // Unique wall times map back exactly; ambiguous ones resolve to the earlier instant.
        expect(back === t || (back < t && back + zoneOffsetMs(back, zone) === local)).toBe(true);
      }
    }
  });

  it('Shanghai is exactly UTC+8 for every hour of 2025', () => {
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2026, 0, 1); t += HOUR) {
      expect(wallClockToInstant(t, 'Asia/Shanghai')).toBe(t - 8 * HOUR);
    }
  });
});

describe('localDateIn', () => {
  const exact = (t: number, zone: string) => new Date(t + zoneOffsetMs(t, zone)).toISOString().slice(0, 10);

  it('matches the exact conversion every 23 minutes of 2025, DST changes and odd offsets included (property)', () => {
    for (const zone of ['Asia/Shanghai', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC']) {
      for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2026, 0, 1); t += 23 * 60_000 + 13_000) {
        expect(localDateIn(t, zone)).toBe(exact(t, zone));
      }
    }
  });

  it('puts the last second before local midnight on the day before', () => {
    const midnightShanghai = Date.UTC(2026, 2, 4, 16); // 2026-03-05 00:00 +08:00
    expect(localDateIn(midnightShanghai - 1000, 'Asia/Shanghai')).toBe('2026-03-04');
    expect(localDateIn(midnightShanghai, 'Asia/Shanghai')).toBe('2026-03-05');
  });
});
