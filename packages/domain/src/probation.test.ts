import { describe, expect, it } from 'vitest';
import { addMonths, checkProbation, maxProbationMonths } from './probation';

const fixed = (start: string, end: string) => ({
  contractType: 'fixed_term' as const,
  contractStartDate: start,
  contractEndDate: end,
});

describe('Art. 19 probation limits', () => {
  it('follows the statutory bands at their boundaries', () => {
    expect(maxProbationMonths(fixed('2025-03-01', '2025-05-30'))).toBe(0); // < 3 months
    expect(maxProbationMonths(fixed('2025-03-01', '2025-05-31'))).toBe(1); // exactly 3 months (以上 includes)
    expect(maxProbationMonths(fixed('2025-03-01', '2026-02-27'))).toBe(1); // < 1 year
    expect(maxProbationMonths(fixed('2025-03-01', '2026-02-28'))).toBe(2); // exactly 1 year
    expect(maxProbationMonths(fixed('2025-03-01', '2028-02-28'))).toBe(2); // < 3 years
    expect(maxProbationMonths(fixed('2025-03-01', '2028-02-29'))).toBe(6); // exactly 3 years
    expect(maxProbationMonths({ contractType: 'open_ended', contractStartDate: '2025-03-01' })).toBe(6);
    expect(maxProbationMonths({ contractType: 'task_based', contractStartDate: '2025-03-01' })).toBe(0);
  });

  it('accepts the longest lawful probation and refuses one day more', () => {
    const c = fixed('2025-03-01', '2026-02-28');
    expect(checkProbation({ ...c, probationEndDate: '2025-04-30' }).ok).toBe(true);
    expect(checkProbation({ ...c, probationEndDate: '2025-05-01' })).toMatchObject({
      ok: false,
      reason: 'PROBATION_TOO_LONG',
      maxMonths: 2,
    });
  });

  it('refuses probation on short and task-based contracts and before the start', () => {
    expect(checkProbation({ ...fixed('2025-03-01', '2025-04-30'), probationEndDate: '2025-03-10' })).toMatchObject({
      ok: false,
      reason: 'PROBATION_NOT_ALLOWED',
    });
    expect(
      checkProbation({ contractType: 'task_based', contractStartDate: '2025-03-01', probationEndDate: '2025-03-10' }),
    ).toMatchObject({ ok: false, reason: 'PROBATION_NOT_ALLOWED' });
    expect(checkProbation({ ...fixed('2025-03-01', '2028-02-29'), probationEndDate: '2025-02-28' })).toMatchObject({
      ok: false,
      reason: 'PROBATION_BEFORE_START',
    });
  });

  it('adds months with end-of-month clamping', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonths('2025-12-15', 1)).toBe('2026-01-15');
  });
});
