import { z } from 'zod';
import { alertSettingsBody, alertSeverity, poolPolicy } from './alerts';
import { isoDate, ref, uuid } from './common';

/**
 * The low-performer pool (低绩效人员池) and the optimization list (优化清单). Stride suggests a next step and
 * explains it; the decision on each entry is a person's (a manager's or HR's), never Stride's. A low rank
 * alone never puts anyone on the optimization list or suggests an exit (DOMAIN.md §4, 末位淘汰).
 */
export const poolPeriodType = z.enum(['month', 'quarter']);
export type PoolPeriodType = z.infer<typeof poolPeriodType>;

/** Stride's suggestion: first time → coaching and training; repeated → improvement plan; after a failed plan → transfer or exit review. */
export const suggestedSteps = ['coaching_training', 'improvement_plan', 'transfer_or_exit_review'] as const;
export const suggestedStep = z.enum(suggestedSteps);
export type SuggestedStep = z.infer<typeof suggestedStep>;

/** What the manager or HR decided. */
export const poolDecisions = [
  'coaching',
  'training',
  'improvement_plan',
  'transfer',
  'exit_review',
  'no_action',
] as const;
export const poolDecision = z.enum(poolDecisions);
export type PoolDecision = z.infer<typeof poolDecision>;

const employeeRef = z.object({ id: uuid, name: z.string(), employeeNo: z.string() });

/** Why a person is in the pool, with the figures. */
export const poolReason = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('alert'),
    alertId: uuid,
    ruleId: uuid,
    ruleName: z.string(),
    ruleKind: z.string(),
    severity: alertSeverity,
    status: z.string(),
    /** The last period the alert judged. */
    period: z.string().nullable(),
    /** A peer-relative signal (below the cohort): it may bring a person into the pool, never onto the list. */
    rankBased: z.boolean(),
  }),
  z.object({
    kind: z.literal('grade'),
    cycleId: uuid,
    cycleName: z.string(),
    grade: z.string(),
    total: z.string().nullable(),
    periodStart: z.string(),
    periodEnd: z.string(),
  }),
  z.object({
    kind: z.literal('attainment'),
    metricKey: z.string(),
    actual: z.string(),
    target: z.string(),
    /** Percent of the agreed personal target, one decimal. */
    attainmentPct: z.string(),
    thresholdPct: z.number(),
  }),
]);
export type PoolReason = z.infer<typeof poolReason>;

/** One period of a person's trend: attainment, grade and whether the period was unsatisfactory. */
export const poolTrendPoint = z.object({
  periodStart: z.string(),
  attainmentPct: z.string().nullable(),
  grade: z.string().nullable(),
  /** Grade in the unsatisfactory set or attainment below the threshold; a rank never counts. */
  unsatisfactory: z.boolean(),
});
export type PoolTrendPoint = z.infer<typeof poolTrendPoint>;

export const suggestionRules = ['first_time', 'repeated', 'plan_in_progress', 'failed_plan'] as const;
export const suggestionRule = z.enum(suggestionRules);
export type SuggestionRule = z.infer<typeof suggestionRule>;

/** Which rule of the policy gave the suggestion, with what it looked at. */
export const suggestionReason = z.object({
  rule: suggestionRule,
  occurrence: z.number().int(),
  /** Earlier pools (period starts) of the last six periods the person was in. */
  earlierPools: z.array(z.string()),
  /** The last improvement plan decided in an earlier pool, if any. */
  plan: z
    .object({
      entryId: uuid,
      periodStart: z.string(),
      planPeriods: z.number().int(),
      /** The first period judged after the plan: its pool period plus planPeriods. */
      judgedFrom: z.string(),
    })
    .nullable(),
  /** This period is unsatisfactory (grade or attainment), not only alerted. */
  unsatisfactory: z.boolean(),
});
export type SuggestionReason = z.infer<typeof suggestionReason>;

/** The optimization-list check of an entry, whatever its outcome (so "why not" is visible too). */
export const optimizationReason = z.object({
  outcome: z.enum(['listed', 'too_few_unsatisfactory', 'improved', 'improvement_unknown']),
  consecutivePeriods: z.number().int(),
  /** Unsatisfactory periods in a row, ending with this one. */
  unsatisfactoryRun: z.number().int(),
  improvement: z
    .object({
      basis: z.enum(['attainment', 'grade', 'none']),
      fromPeriod: z.string(),
      toPeriod: z.string(),
      fromPct: z.string().nullable(),
      toPct: z.string().nullable(),
      gainPts: z.string().nullable(),
      fromGrade: z.string().nullable(),
      toGrade: z.string().nullable(),
      requiredPts: z.number(),
    })
    .nullable(),
});
export type OptimizationReason = z.infer<typeof optimizationReason>;

export const poolEntryView = z.object({
  id: uuid,
  poolId: uuid,
  periodStart: z.string(),
  employee: employeeRef,
  unit: ref,
  reasons: z.array(poolReason),
  trend: z.array(poolTrendPoint),
  occurrence: z.number().int(),
  suggestedStep,
  suggestionReason,
  onOptimizationList: z.boolean(),
  optimizationReason: optimizationReason.nullable(),
  decision: poolDecision.nullable(),
  decisionNote: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  version: z.number().int(),
  /** The caller may record a decision (not about themselves). */
  canDecide: z.boolean(),
  /** exit_review may be chosen: suggested after a failed plan, or on the optimization list. */
  exitReviewAllowed: z.boolean(),
});
export type PoolEntryView = z.infer<typeof poolEntryView>;

export const poolSummary = z.object({
  id: uuid,
  periodType: poolPeriodType,
  periodStart: z.string(),
  periodEnd: z.string(),
  builtAt: z.string(),
  policy: poolPolicy,
  /** Counted within the caller's scope. */
  entries: z.number().int(),
  optimizationList: z.number().int(),
  decided: z.number().int(),
});
export type PoolSummary = z.infer<typeof poolSummary>;
export const poolList = z.object({ items: z.array(poolSummary) });
export const poolDetail = poolSummary.extend({ items: z.array(poolEntryView) });
export type PoolDetail = z.infer<typeof poolDetail>;

export const buildPoolRequest = z.object({ periodStart: isoDate });
export type BuildPoolRequest = z.infer<typeof buildPoolRequest>;
/** The pool as built, with what the build changed (decided entries are kept whatever happens). */
export const poolBuildResult = poolSummary.extend({
  added: z.number().int(),
  updated: z.number().int(),
  removed: z.number().int(),
});

export const poolDecisionRequest = z.object({
  decision: poolDecision,
  note: z.string().trim().min(1, { message: 'REQUIRED' }).max(2000),
  version: z.number().int().min(1),
});
export type PoolDecisionRequest = z.infer<typeof poolDecisionRequest>;

export const optimizationListQuery = z.object({ poolId: uuid.optional() });
export const optimizationList = z.object({ pool: poolSummary.nullable(), items: z.array(poolEntryView) });
export type OptimizationList = z.infer<typeof optimizationList>;

export const alertSettingsView = alertSettingsBody.extend({ updatedAt: z.string().nullable() });
export type AlertSettingsView = z.infer<typeof alertSettingsView>;
