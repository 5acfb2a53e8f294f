import { describe, expect, it } from 'vitest';
import {
  canFailOn,
  daysBetween,
  defaultRegularizationDate,
  isDue,
  lastDayToFail,
  scoredMonthStart,
} from './probation.rules';

describe('probation rules', () => {
  it('opens a review from lead days before the end on, and any day after', () => {
    expect(isDue('2026-12-27', 30, '2026-11-26')).toBe(false);
    expect(isDue('2026-12-27', 30, '2026-11-27')).toBe(true);
    expect(isDue('2026-12-27', 0, '2026-12-27')).toBe(true);
    expect(isDue('2026-10-01', 30, '2026-11-27')).toBe(true);
  });

  it('scores the last full month before opening, or the opening month when that month precedes the hire', () => {
    expect(scoredMonthStart('2026-11-27', '2026-06-15')).toBe('2026-10-01');
    expect(scoredMonthStart('2026-11-27', '2026-10-31')).toBe('2026-10-01');
    expect(scoredMonthStart('2026-11-27', '2026-11-01')).toBe('2026-11-01');
    expect(scoredMonthStart('2026-01-05', '2025-08-01')).toBe('2025-12-01');
  });

  it('lets not passing happen up to and including the last day of probation (Art. 21, 39(1))', () => {
    expect(canFailOn('2026-11-30', '2026-11-30')).toBe(true);
    expect(canFailOn('2026-11-30', '2026-12-01')).toBe(false);
    // A probation end moved earlier after opening counts; a later one does not extend it.
    expect(lastDayToFail('2026-11-30', '2026-11-20')).toBe('2026-11-20');
    expect(lastDayToFail('2026-11-30', '2026-12-31')).toBe('2026-11-30');
    expect(lastDayToFail('2026-11-30', null)).toBe('2026-11-30');
  });

  it('regularizes from the day after the end by default and counts days across months', () => {
    expect(defaultRegularizationDate('2026-02-28')).toBe('2026-03-01');
    expect(daysBetween('2026-11-27', '2026-12-04')).toBe(7);
    expect(daysBetween('2026-12-05', '2026-12-04')).toBe(-1);
  });
});
