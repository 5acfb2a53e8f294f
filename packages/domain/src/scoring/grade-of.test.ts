import { describe, expect, it } from 'vitest';
import { DEFAULT_GRADE_SCALE } from './default-grade-scale';
import { gradeOf } from './grade-of';
import type { GradeScale } from './types';
import { validateGradeScale } from './validate-grade-scale';

const scale = DEFAULT_GRADE_SCALE.bands;

describe('gradeOf', () => {
  it('grades by the highest band whose minScore the score reaches; band edges are inclusive', () => {
    const grade = (s: string | number) => {
      const r = gradeOf(s, scale);
      return r.ok ? `${r.grade} ${r.bonusCoefficient}` : r.code;
    };
    expect(grade('90.00')).toBe('S 1.5');
    expect(grade('89.99')).toBe('A 1.2');
    expect(grade(80)).toBe('A 1.2');
    expect(grade('79.99')).toBe('B 1');
    expect(grade(70)).toBe('B 1');
    expect(grade(60)).toBe('C 0.8');
    expect(grade('59.99')).toBe('D 0');
    expect(grade(0)).toBe('D 0');
    expect(grade(120)).toBe('S 1.5');
    expect(grade(-1)).toBe('BELOW_SCALE');
    expect(grade('n/a')).toBe('NOT_A_NUMBER');
  });

  it('accepts bands in any order and returns the band’s minScore', () => {
    expect(gradeOf('75', [...scale].reverse())).toEqual({
      ok: true,
      grade: 'B',
      bonusCoefficient: '1',
      minScore: '70',
    });
  });

  it('refuses to grade against an invalid scale', () => {
    const result = gradeOf(75, [{ grade: 'A', minScore: 50, bonusCoefficient: 1 }]);
    expect(result).toEqual({
      ok: false,
      code: 'INVALID_SCALE',
      errors: [{ path: 'bands[0].minScore', code: 'GRADE_BANDS_GAP', value: '50' }],
    });
  });
});

describe('validateGradeScale', () => {
  it('accepts the default seed, which is marked unverified', () => {
    expect(validateGradeScale(scale)).toEqual([]);
    expect(DEFAULT_GRADE_SCALE.verified).toBe(false);
  });

  it('reports overlapping bands', () => {
    const overlap: GradeScale = [
      { grade: 'A', minScore: 80, bonusCoefficient: 1.2 },
      { grade: 'B', minScore: 80, bonusCoefficient: 1 },
      { grade: 'C', minScore: 0, maxScore: 85, bonusCoefficient: 0.8 },
    ];
    expect(validateGradeScale(overlap)).toEqual([
      { path: 'bands[2].maxScore', code: 'GRADE_BANDS_OVERLAP', value: '85' },
      { path: 'bands[1].minScore', code: 'GRADE_BANDS_OVERLAP', value: '80' },
    ]);
  });

  it('reports gaps: above 0 at the bottom, between explicit bounds, above a bounded top band', () => {
    expect(
      validateGradeScale([
        { grade: 'A', minScore: 80, maxScore: 100, bonusCoefficient: 1.2 },
        { grade: 'B', minScore: 10, maxScore: '79.99', bonusCoefficient: 1 },
      ]),
    ).toEqual([
      { path: 'bands[1].minScore', code: 'GRADE_BANDS_GAP', value: '10' },
      { path: 'bands[1].maxScore', code: 'GRADE_BANDS_GAP', value: '79.99' },
      { path: 'bands[0].maxScore', code: 'GRADE_BANDS_GAP', value: '100' },
    ]);
    expect(
      validateGradeScale([
        { grade: 'A', minScore: 80, bonusCoefficient: 1.2 },
        { grade: 'B', minScore: 0, maxScore: 80, bonusCoefficient: 1 },
      ]),
    ).toEqual([]);
  });

  it('reports empty scales, duplicate grades, negative numbers and unreadable values', () => {
    expect(validateGradeScale([])).toEqual([{ path: 'bands', code: 'GRADE_SCALE_EMPTY' }]);
    expect(
      validateGradeScale([
        { grade: 'A', minScore: 50, bonusCoefficient: -1 },
        { grade: 'A', minScore: -1, bonusCoefficient: 'x' },
        { grade: '', minScore: 0, maxScore: 0, bonusCoefficient: 0 },
      ]).map((e) => `${e.path} ${e.code}`),
    ).toEqual([
      'bands[0].bonusCoefficient COEFFICIENT_NEGATIVE',
      'bands[1].grade DUPLICATE_KEY',
      'bands[1].bonusCoefficient NOT_A_NUMBER',
      'bands[1].minScore MIN_SCORE_NEGATIVE',
      'bands[2].grade EMPTY_KEY',
      'bands[2].maxScore MAX_NOT_ABOVE_MIN',
    ]);
  });
});
