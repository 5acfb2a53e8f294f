import { z } from 'zod';
import { isoDate, uuid } from './common';

/**
 * Incentives (持续激励): bonus schemes run on a review cycle's grades, commission plans with marginal tiers,
 * statements that explain every line, and recommendations HR reviews. Stride computes and explains; it pays
 * nothing and decides nothing: bonus runs are approved by HR and handed to payroll as a file.
 */
const decimal = z.string().regex(/^-?\d{1,13}(\.\d{1,4})?$/, { message: 'NOT_A_DECIMAL' });
const money = z.string().regex(/^\d{1,13}(\.\d{1,2})?$/, { message: 'NOT_AN_AMOUNT' });
const employeeRef = z.object({ id: uuid, name: z.string(), employeeNo: z.string() });

export const commissionMetrics = ['revenue', 'collections'] as const;
export const commissionMetric = z.enum(commissionMetrics);
export const commissionPeriodType = z.enum(['month', 'quarter']);
export const commissionBasis = z.enum(['amount', 'attainment']);

export const commissionTier = z.object({ from: decimal, to: decimal.nullable(), rate: decimal });

export const commissionPlanBody = z.object({
  name: z.string().trim().min(1).max(100),
  metricKey: commissionMetric,
  periodType: commissionPeriodType,
  basis: commissionBasis,
  /** Marginal (progressive): each rate applies only to the part of the base inside its band. */
  tiers: z.array(commissionTier).max(20),
  /** Multiplies the rate of the base above 100% attainment (1–5), or null. */
  accelerator: decimal.nullable(),
  /** Refunds in a period reduce that period's base. */
  clawback: z.boolean(),
  /** Positions the plan applies to; empty: everyone. */
  positionIds: z.array(uuid).max(100),
  isActive: z.boolean(),
});
export type CommissionPlanBody = z.infer<typeof commissionPlanBody>;
export const commissionPlanUpdate = commissionPlanBody.extend({ version: z.number().int().min(1) });

export const commissionPlanView = commissionPlanBody.extend({
  id: uuid,
  version: z.number().int(),
  updatedAt: z.string(),
});
export type CommissionPlanView = z.infer<typeof commissionPlanView>;
export const commissionPlanList = z.object({ items: z.array(commissionPlanView) });

export const statementQuery = z.object({ periodStart: isoDate });

export const commissionLine = z.object({
  tierIndex: z.number().int(),
  bandFrom: z.string(),
  bandTo: z.string().nullable(),
  amountFrom: z.string(),
  amountTo: z.string().nullable(),
  portion: z.string(),
  rate: z.string(),
  multiplier: z.string(),
  amount: z.string(),
  isAccelerated: z.boolean(),
});

export const commissionStatement = z.object({
  planId: uuid,
  planName: z.string(),
  metricKey: commissionMetric,
  basis: commissionBasis,
  periodType: commissionPeriodType,
  periodStart: z.string(),
  periodEnd: z.string(),
  employee: employeeRef,
  unitName: z.string(),
  /** NO_TARGET: attainment tiers need an agreed target for the period. */
  status: z.enum(['ok', 'NO_TARGET']),
  /** Metric value before refunds, refunds in the period, the base after the clawback. */
  gross: z.string(),
  refunds: z.string(),
  base: z.string(),
  target: z.string().nullable(),
  attainment: z.string().nullable(),
  lines: z.array(commissionLine),
  accelerator: z.string().nullable(),
  acceleratorExtra: z.string(),
  clawback: z.string(),
  total: z.string(),
});
export type CommissionStatement = z.infer<typeof commissionStatement>;
export const commissionStatementList = z.object({
  plan: commissionPlanView,
  periodStart: z.string(),
  periodEnd: z.string(),
  items: z.array(commissionStatement),
  total: z.string(),
});

export const attainmentBand = z.object({ from: decimal, to: decimal.nullable(), factor: decimal });
export const bonusSchemeBody = z.object({
  name: z.string().trim().min(1).max(100),
  positionIds: z.array(uuid).max(100),
  /** Base amount per person, and per-person overrides (employee id → amount). */
  defaultBase: money,
  baseOverrides: z.array(z.object({ employeeId: uuid, base: money })).max(5000),
  /** Grade → coefficient; must cover the cycle's frozen grade scale when run. */
  coefficients: z.record(z.string().min(1).max(10), decimal),
  /** Optional attainment factor: a metric's attainment (actual / agreed target) in bands → factor, capped. */
  attainment: z
    .object({ metricKey: commissionMetric, bands: z.array(attainmentBand).min(1).max(20), cap: decimal })
    .nullable(),
});
export type BonusSchemeBody = z.infer<typeof bonusSchemeBody>;
export const bonusSchemeUpdate = bonusSchemeBody.extend({ version: z.number().int().min(1) });
export const bonusSchemeView = bonusSchemeBody.extend({ id: uuid, version: z.number().int(), updatedAt: z.string() });
export type BonusSchemeView = z.infer<typeof bonusSchemeView>;
export const bonusSchemeList = z.object({ items: z.array(bonusSchemeView) });

export const bonusRunRequest = z.object({ cycleId: uuid });
export const bonusLineView = z.object({
  employee: employeeRef,
  unitName: z.string(),
  grade: z.string().nullable(),
  base: z.string(),
  coefficient: z.string().nullable(),
  attainment: z.string().nullable(),
  factor: z.string().nullable(),
  /** null when no amount could be computed; status says why. */
  amount: z.string().nullable(),
  status: z.enum(['ok', 'NO_GRADE', 'GRADE_NOT_IN_SCHEME', 'NO_TARGET']),
  /** base × coefficient(grade) [× attainment factor] = amount. */
  explanation: z.string(),
});
export type BonusLineView = z.infer<typeof bonusLineView>;
export const bonusRunView = z.object({
  id: uuid,
  scheme: z.object({ id: uuid, name: z.string() }),
  cycle: z.object({ id: uuid, name: z.string(), periodStart: z.string(), periodEnd: z.string() }),
  status: z.enum(['draft', 'approved']),
  approvedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  lineCount: z.number().int(),
  total: z.string(),
});
export type BonusRunView = z.infer<typeof bonusRunView>;
export const bonusRunList = z.object({ items: z.array(bonusRunView) });
export const bonusRunDetail = bonusRunView.extend({ lines: z.array(bonusLineView) });
export const bonusRunApprove = z.object({ version: z.number().int().min(1) });
export const payrollExportQuery = z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') });

/** Why a person is listed: consistently strong, or fast-improving, with the figures. */
export const recommendationKind = z.enum(['strongest', 'fastest_improving']);
export const recommendationView = z.object({
  employee: employeeRef,
  unitName: z.string(),
  kind: recommendationKind,
  /** promotion: top grade in both cycles; incentive: otherwise. HR decides; Stride never acts on it. */
  suggestion: z.enum(['promotion', 'incentive']),
  previous: z.object({ cycleName: z.string(), grade: z.string().nullable(), total: z.string() }),
  latest: z.object({ cycleName: z.string(), grade: z.string().nullable(), total: z.string() }),
  /** latest − previous total score, in points. */
  gain: z.string(),
  /** Set when the person is left out: on the latest low-performer pool, or with a live high alert. */
  excluded: z.enum(['in_low_performer_pool', 'live_high_alert']).nullable(),
});
export type RecommendationView = z.infer<typeof recommendationView>;
export const recommendationList = z.object({
  cycles: z.array(z.object({ id: uuid, name: z.string(), periodStart: z.string() })),
  items: z.array(recommendationView),
});
