import type { GradeScale } from './types';

/**
 * Seed data only: common market defaults from DOMAIN.md §2, marked *unverified* there. A company's
 * grade scale is configurable data; copy this into it (keeping the source) rather than grading
 * against it directly. C is 0.6-0.8 in the market; 0.8 here.
 */
export const DEFAULT_GRADE_SCALE: { readonly source: string; readonly verified: false; readonly bands: GradeScale } =
  Object.freeze({
    source: 'DOMAIN.md §2 grade bands, common market defaults (unverified)',
    verified: false,
    bands: Object.freeze([
      { grade: 'S', minScore: '90', bonusCoefficient: '1.5' },
      { grade: 'A', minScore: '80', bonusCoefficient: '1.2' },
      { grade: 'B', minScore: '70', bonusCoefficient: '1.0' },
      { grade: 'C', minScore: '60', bonusCoefficient: '0.8' },
      { grade: 'D', minScore: '0', bonusCoefficient: '0' },
    ]),
  });
