import { describe, expect, it } from 'vitest';
import { noActivity } from './no-activity';

describe('noActivity', () => {
  it('fires after `days` calendar days without activity', () => {
    const s = noActivity('2026-03-01', '2026-03-15', { days: 14 });
    expect(s).toMatchObject({
      status: 'fired',
      period: '2026-03-15',
      onsetPeriod: '2026-03-15',
      confidence: 0.5,
      evidence: { lastActivityDate: '2026-03-01', daysSince: 14, maskedDays: 0, netDays: 14, days: 14 },
    });
    expect(noActivity('2026-03-01', '2026-03-14', { days: 14 }).status).toBe('clear');
  });

  it('nets out leave days in the gap', () => {
    const s = noActivity('2026-03-01', '2026-03-15', { days: 14 }, 3);
    expect(s).toMatchObject({ status: 'clear', evidence: { daysSince: 14, maskedDays: 3, netDays: 11 } });
    expect(s.confidence).toBeCloseTo(0.5 * (11 / 14), 12);
    // onset is the latest date by which the net gap certainly reached 14 days: Mar 1 + 14 + 3
    expect(noActivity('2026-03-01', '2026-03-25', { days: 14 }, 3)).toMatchObject({
      status: 'fired',
      onsetPeriod: '2026-03-18',
    });
  });

  it('counts calendar days across month ends and leap days', () => {
    expect(noActivity('2024-02-28', '2024-03-01', { days: 2 }).evidence.daysSince).toBe(2);
    expect(noActivity('2025-12-31', '2026-01-14', { days: 14 }).evidence.daysSince).toBe(14);
    expect(noActivity('2026-03-01T23:30:00+08:00', '2026-03-15', { days: 14 }).status).toBe('fired');
  });

  it('grows in confidence with the gap: twice the threshold is certain', () => {
    expect(noActivity('2026-01-01', '2026-01-22', { days: 14 }).confidence).toBeCloseTo(0.75, 12);
    expect(noActivity('2026-01-01', '2026-03-01', { days: 14 }).confidence).toBe(1);
  });

  it('is insufficient without any activity or with an unreadable date', () => {
    expect(noActivity(null, '2026-03-15', { days: 14 })).toMatchObject({
      status: 'insufficient_data',
      confidence: 0,
      period: '2026-03-15',
      evidence: { reason: 'NO_ACTIVITY_EVER' },
    });
    expect(noActivity('2026-02-30', '2026-03-15', { days: 14 }).evidence.reason).toBe('INVALID_DATE');
    expect(noActivity('2026-03-01', 'soon', { days: 14 }).status).toBe('insufficient_data');
  });
});
