// Bonus per cycle (绩效奖金): base × coefficient(grade) × attainment factor (when configured).
import Decimal from 'decimal.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** Attainment bands → factor: the band whose [from, to) holds the attainment (in %) gives the factor. */
export interface AttainmentBand {
  from: string;
  to: string | null;
  factor: string;
}

export interface BonusInput {
  base: string;
  grade: string | null;
  coefficients: Record<string, string>;
  /** When the scheme has an attainment factor: the bands, the cap, and the person's attainment (%), or null. */
  attainment?: { bands: AttainmentBand[]; cap: string; value: string | null } | null;
}

export type BonusOutcome =
  | { ok: true; base: string; coefficient: string; factor: string | null; amount: string }
  | { ok: false; reason: 'NO_GRADE' | 'GRADE_NOT_IN_SCHEME' | 'NO_TARGET' };

/** The factor of an attainment (in %): the matching band's factor, capped; 0 below every band. */
export function attainmentFactor(bands: AttainmentBand[], cap: string, attainment: string): string {
  const a = new D(attainment);
  const band = bands.find((b) => a.gte(b.from) && (b.to === null || a.lt(b.to)));
  const factor = band ? new D(band.factor) : new D(0);
  return D.min(factor, new D(cap)).toString();
}

export function computeBonus(input: BonusInput): BonusOutcome {
  if (!input.grade) return { ok: false, reason: 'NO_GRADE' };
  const coefficient = input.coefficients[input.grade];
  if (coefficient === undefined) return { ok: false, reason: 'GRADE_NOT_IN_SCHEME' };
  let factor: string | null = null;
  if (input.attainment) {
    // No agreed target means no attainment: HR sees the reason instead of a guessed factor.
    if (input.attainment.value === null) return { ok: false, reason: 'NO_TARGET' };
    factor = attainmentFactor(input.attainment.bands, input.attainment.cap, input.attainment.value);
  }
  const amount = new D(input.base).times(coefficient).times(factor ?? 1);
  return {
    ok: true,
    base: new D(input.base).toFixed(2, Decimal.ROUND_HALF_UP),
    coefficient: new D(coefficient).toString(),
    factor,
    amount: amount.toFixed(2, Decimal.ROUND_HALF_UP),
  };
}
