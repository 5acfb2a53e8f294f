// Labor Contract Law Art. 19: the longest probation a contract term allows.
export type ContractType = 'fixed_term' | 'open_ended' | 'task_based';

export interface ProbationCheckInput {
  contractType: ContractType;
  /** ISO dates, YYYY-MM-DD */
  contractStartDate: string;
  contractEndDate?: string | null;
  probationEndDate?: string | null;
}

export type ProbationCheck =
  | { ok: true; maxMonths: number }
  | { ok: false; maxMonths: number; reason: 'PROBATION_NOT_ALLOWED' | 'PROBATION_TOO_LONG' | 'PROBATION_BEFORE_START' };

function parse(d: string): { y: number; m: number; d: number } {
  const [y, m, day] = d.split('-').map(Number);
  return { y, m, d: day };
}

/** Adds whole calendar months, clamping to the last day of the target month (2024-01-31 + 1 = 2024-02-29). */
export function addMonths(date: string, months: number): string {
  const { y, m, d } = parse(date);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  const td = Math.min(d, lastDay);
  return `${String(ty).padStart(4, '0')}-${String(tm).padStart(2, '0')}-${String(td).padStart(2, '0')}`;
}

/** Day before a date, so "3 months from 03-01" ends on 05-31 (届满 counts the boundary). */
export function addDays(date: string, days: number): string {
  const { y, m, d } = parse(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return t.toISOString().slice(0, 10);
}

/** Whole months of the contract term; the term ends on contractEndDate inclusive. */
function termMonths(start: string, end: string): number {
  const dayAfterEnd = addDays(end, 1);
  let months = 0;
  while (addMonths(start, months + 1) <= dayAfterEnd) months++;
  return months;
}

/** Longest lawful probation in months for a contract (Art. 19). */
export function maxProbationMonths(input: Omit<ProbationCheckInput, 'probationEndDate'>): number {
  if (input.contractType === 'task_based') return 0;
  if (input.contractType === 'open_ended' || !input.contractEndDate) return 6;
  const months = termMonths(input.contractStartDate, input.contractEndDate);
  if (months < 3) return 0;
  if (months < 12) return 1;
  if (months < 36) return 2;
  return 6;
}

/** Checks a probation end date against Art. 19; the probation period is inclusive of its end date. */
export function checkProbation(input: ProbationCheckInput): ProbationCheck {
  const maxMonths = maxProbationMonths(input);
  if (!input.probationEndDate) return { ok: true, maxMonths };
  if (input.probationEndDate < input.contractStartDate) {
    return { ok: false, maxMonths, reason: 'PROBATION_BEFORE_START' };
  }
  if (maxMonths === 0) return { ok: false, maxMonths, reason: 'PROBATION_NOT_ALLOWED' };
  const latestEnd = addDays(addMonths(input.contractStartDate, maxMonths), -1);
  if (input.probationEndDate > latestEnd) return { ok: false, maxMonths, reason: 'PROBATION_TOO_LONG' };
  return { ok: true, maxMonths };
}
