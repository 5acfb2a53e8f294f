// Commission (提成): marginal (progressive) tiers on an amount or on attainment, an accelerator above
// 100% attainment and a clawback of refunds in the period they occur. Money as strings, 2 places, half-up.
import Decimal from 'decimal.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type D = InstanceType<typeof D>;
const money = (d: D) => d.toFixed(2, Decimal.ROUND_HALF_UP);

/** One band: [from, to) in the plan's basis (an amount, or attainment in %), rate in % of the base in the band. */
export interface CommissionTier {
  from: string;
  /** null: open-ended (the last tier only). */
  to: string | null;
  rate: string;
}

export type CommissionBasis = 'amount' | 'attainment';

export interface CommissionRule {
  basis: CommissionBasis;
  tiers: CommissionTier[];
  /** Multiplies the rate of the base above 100% attainment; null or 1 means none. */
  accelerator: string | null;
  /** Whether refunds in the period reduce the base. */
  clawback: boolean;
}

export type TierIssue =
  | 'TIERS_EMPTY'
  | 'TIER_FIRST_NOT_ZERO'
  | 'TIER_GAP'
  | 'TIER_OVERLAP'
  | 'TIER_NOT_ASCENDING'
  | 'TIER_OPEN_END_NOT_LAST'
  | 'TIER_LAST_NOT_OPEN'
  | 'TIER_RATE_RANGE'
  | 'TIER_NOT_A_NUMBER';

/** Every problem of a tier table, each on the field it concerns (e.g. tiers.2.from TIER_GAP). */
export function validateCommissionTiers(tiers: CommissionTier[]): { field: string; code: TierIssue }[] {
  const issues: { field: string; code: TierIssue }[] = [];
  if (tiers.length === 0) return [{ field: 'tiers', code: 'TIERS_EMPTY' }];
  const num = (s: string | null, field: string): D | null => {
    if (s === null) return null;
    try {
      const d = new D(s);
      if (!d.isFinite()) throw new Error('not finite');
      return d;
    } catch {
      issues.push({ field, code: 'TIER_NOT_A_NUMBER' });
      return null;
    }
  };
  tiers.forEach((t, i) => {
    const at = `tiers.${i}`;
    const from = num(t.from, `${at}.from`);
    const to = num(t.to, `${at}.to`);
    const rate = num(t.rate, `${at}.rate`);
    const isLast = i === tiers.length - 1;
    if (rate && (rate.lt(0) || rate.gt(100))) issues.push({ field: `${at}.rate`, code: 'TIER_RATE_RANGE' });
    if (i === 0 && from && !from.isZero()) issues.push({ field: `${at}.from`, code: 'TIER_FIRST_NOT_ZERO' });
    if (t.to === null && !isLast) issues.push({ field: `${at}.to`, code: 'TIER_OPEN_END_NOT_LAST' });
    if (t.to !== null && isLast) issues.push({ field: `${at}.to`, code: 'TIER_LAST_NOT_OPEN' });
    if (from && to?.lte(from)) issues.push({ field: `${at}.to`, code: 'TIER_NOT_ASCENDING' });
    if (i > 0 && from) {
      const prevTo = tiers[i - 1].to === null ? null : safe(tiers[i - 1].to);
      if (prevTo) {
        if (from.gt(prevTo)) issues.push({ field: `${at}.from`, code: 'TIER_GAP' });
        else if (from.lt(prevTo)) issues.push({ field: `${at}.from`, code: 'TIER_OVERLAP' });
      }
    }
  });
  return issues;
}

function safe(s: string | null): D | null {
  if (s === null) return null;
  try {
    const d = new D(s);
    return d.isFinite() ? d : null;
  } catch {
    return null;
  }
}

/** One line of a statement: the part of the base inside one band, and what it earns. */
export interface CommissionLine {
  tierIndex: number;
  /** The band in the plan's basis, as configured. */
  bandFrom: string;
  bandTo: string | null;
  /** The band in money (for attainment tiers: band % × target). */
  amountFrom: string;
  amountTo: string | null;
  /** The part of the base that falls in this band (and, with an accelerator, on this side of 100%). */
  portion: string;
  rate: string;
  /** 1 below 100% attainment; the accelerator above. */
  multiplier: string;
  amount: string;
  isAccelerated: boolean;
}

export interface CommissionInput {
  rule: CommissionRule;
  /** The metric value of the period (for collections already net of refunds: pass the gross and refunds). */
  gross: string;
  /** Refunds recorded in the period (positive amounts). */
  refunds: string;
  /** The agreed target of the period, if any. */
  target: string | null;
}

export type CommissionOutcome =
  | {
      ok: true;
      gross: string;
      refunds: string;
      /** The base commission is computed on: gross − refunds (with clawback), never below 0. */
      base: string;
      target: string | null;
      /** base / target × 100, 2 places, or null without a target. */
      attainment: string | null;
      lines: CommissionLine[];
      /** What the refunds took back: commission on the gross minus commission on the base. */
      clawback: string;
      acceleratorExtra: string;
      total: string;
    }
  | { ok: false; reason: 'NO_TARGET' };

interface Band {
  index: number;
  from: D;
  to: D | null;
  rate: D;
}

function earn(bands: Band[], base: D, pivot: D | null, accelerator: D): { lines: CommissionLine[]; total: D } {
  const lines: CommissionLine[] = [];
  let total = new D(0);
  for (const b of bands) {
    // Split a band at 100% attainment so each line has one multiplier.
    const pieces: { from: D; to: D | null; accelerated: boolean }[] = [];
    if (pivot && accelerator.gt(1) && b.from.lt(pivot) && (b.to === null || b.to.gt(pivot))) {
      pieces.push({ from: b.from, to: pivot, accelerated: false }, { from: pivot, to: b.to, accelerated: true });
    } else {
      pieces.push({ from: b.from, to: b.to, accelerated: !!pivot && accelerator.gt(1) && b.from.gte(pivot) });
    }
    for (const p of pieces) {
      const upper = p.to === null ? base : D.min(base, p.to);
      const portion = D.max(0, upper.minus(p.from));
      const multiplier = p.accelerated ? accelerator : new D(1);
      const amount = portion.times(b.rate).div(100).times(multiplier);
      total = total.plus(amount);
      lines.push({
        tierIndex: b.index,
        bandFrom: '',
        bandTo: null,
        amountFrom: money(p.from),
        amountTo: p.to === null ? null : money(p.to),
        portion: money(portion),
        rate: b.rate.toString(),
        multiplier: multiplier.toString(),
        amount: money(amount),
        isAccelerated: p.accelerated,
      });
    }
  }
  return { lines, total };
}

/**
 * Commission of one person for one period. Marginal tiers: each band's rate applies only to the part of
 * the base inside the band. Attainment tiers turn into money bands through the target (band % × target).
 * With an accelerator the rate of the base above the target is multiplied. Refunds reduce the base
 * (clawback); the statement shows what they took back.
 */
export function computeCommission(input: CommissionInput): CommissionOutcome {
  const { rule } = input;
  const given = input.target === null ? null : new D(input.target);
  // A target of 0 is no target: attainment is undefined.
  const target = given?.gt(0) ? given : null;
  if (rule.basis === 'attainment' && !target) return { ok: false, reason: 'NO_TARGET' };
  const gross = D.max(0, new D(input.gross));
  const refunds = rule.clawback ? D.max(0, new D(input.refunds)) : new D(0);
  const base = D.max(0, gross.minus(refunds));
  const toMoney = (v: D) => (rule.basis === 'attainment' && target ? v.times(target).div(100) : v);
  const bands: Band[] = rule.tiers.map((t, index) => ({
    index,
    from: toMoney(new D(t.from)),
    to: t.to === null ? null : toMoney(new D(t.to)),
    rate: new D(t.rate),
  }));
  const accelerator = rule.accelerator ? new D(rule.accelerator) : new D(1);
  const pivot = target;
  const onBase = earn(bands, base, pivot, accelerator);
  const onGross = earn(bands, gross, pivot, accelerator);
  const plain = earn(bands, base, null, new D(1));
  onBase.lines.forEach((l) => {
    const t = rule.tiers[l.tierIndex];
    l.bandFrom = t.from;
    l.bandTo = t.to;
  });
  const total = new D(money(onBase.total));
  return {
    ok: true,
    gross: money(gross),
    refunds: money(refunds),
    base: money(base),
    target: target ? money(target) : null,
    attainment: target ? base.div(target).times(100).toFixed(2, Decimal.ROUND_HALF_UP) : null,
    lines: onBase.lines,
    clawback: money(new D(money(onGross.total)).minus(total)),
    acceleratorExtra: money(total.minus(new D(money(plain.total)))),
    total: money(total),
  };
}
