import { type ReviewStage, reviewStages } from '@stride/contracts';

/** The stages a cycle goes through: peer review only when the cycle has peer reviews. */
export function cycleStages(peerReviews: boolean): ReviewStage[] {
  return reviewStages.filter((s) => peerReviews || s !== 'peer_review');
}

export const stageColors: Record<ReviewStage, string> = {
  draft: 'default',
  self_review: 'blue',
  manager_review: 'geekblue',
  peer_review: 'purple',
  calibration: 'orange',
  approval: 'gold',
  published: 'green',
  closed: 'default',
};

/** The deadline key that belongs to a stage (the acknowledgement one to "published"). */
export const stageDeadline: Partial<
  Record<ReviewStage, 'self' | 'manager' | 'peer' | 'calibration' | 'approval' | 'acknowledgement'>
> = {
  self_review: 'self',
  manager_review: 'manager',
  peer_review: 'peer',
  calibration: 'calibration',
  approval: 'approval',
  published: 'acknowledgement',
};

export const appealColors = { open: 'orange', upheld: 'green', rejected: 'red' } as const;
export const raterColors = { self: 'blue', manager: 'purple', peer: 'cyan' } as const;

const num = (v: string | number | null | undefined): number | null => {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

/** A score with two decimals, or a dash. */
export function formatScore(v: string | number | null | undefined, digits = 2): string {
  const n = num(v);
  return n === null ? '—' : n.toFixed(digits);
}

/** A signed change: +1.25 / −0.40 / 0.00 (a real minus sign, easier to read). */
export function formatSigned(v: string | number | null | undefined, digits = 2): string {
  const n = num(v);
  if (n === null) return '—';
  const abs = Math.abs(n).toFixed(digits);
  if (Number(abs) === 0) return abs;
  return n > 0 ? `+${abs}` : `−${abs}`;
}

/** -1, 0 or 1 by the sign of a decimal string (0 for anything that rounds to zero). */
export function signOf(v: string | number | null | undefined, digits = 2): -1 | 0 | 1 {
  const n = num(v);
  if (n === null || Number(Math.abs(n).toFixed(digits)) === 0) return 0;
  return n > 0 ? 1 : -1;
}

/** A ratio (0.85) as a percentage (85.0%). */
export function formatRatio(v: string | number | null | undefined): string {
  const n = num(v);
  return n === null ? '—' : `${(n * 100).toFixed(1)}%`;
}

/** A value already in percent ("25.00") with a % sign. */
export function formatPercentValue(v: string | number | null | undefined): string {
  const n = num(v);
  return n === null ? '—' : `${Number(n.toFixed(1))}%`;
}

/** Orders grades best first by the scale's minimum scores; unknown grades go last, in text order. */
export function gradeRank(grades: readonly string[]): (grade: string | null) => number {
  const index = new Map(grades.map((g, i) => [g, i]));
  return (grade) => (grade === null ? Number.MAX_SAFE_INTEGER : (index.get(grade) ?? grades.length + 1));
}

/** Grades of a scale, best first. */
export function gradesOfScale(scale: { bands: { grade: string; minScore: string }[] } | null | undefined): string[] {
  return [...(scale?.bands ?? [])].sort((a, b) => Number(b.minScore) - Number(a.minScore)).map((b) => b.grade);
}
