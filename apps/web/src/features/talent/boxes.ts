import type { TalentLevel } from '@stride/contracts';

/** Grid rows top to bottom (potential high → low), columns left to right (performance low → high). */
export const potentialRows: TalentLevel[] = ['high', 'medium', 'low'];
export const performanceCols: TalentLevel[] = ['low', 'medium', 'high'];

export const boxKey = (performance: TalentLevel, potential: TalentLevel) => `${performance}-${potential}`;

export function splitBox(box: string): { performance: TalentLevel; potential: TalentLevel } {
  const [performance, potential] = box.split('-') as [TalentLevel, TalentLevel];
  return { performance, potential };
}

/** Background per box: greener towards high performance and potential. */
export function boxColor(box: string): string {
  const { performance, potential } = splitBox(box);
  const rank = { low: 0, medium: 1, high: 2 } as const;
  const sum = rank[performance] + rank[potential];
  return ['#fff1f0', '#fff7e6', '#fefce8', '#f0f9eb', '#e6f4ff'][sum];
}
