import type {
  AlertSeverity,
  OptimizationReason,
  PoolPeriodType,
  PoolPolicy,
  SuggestedStep,
  SuggestionReason,
} from '@stride/contracts';
import { addDays, addMonths } from '@stride/domain';
import Decimal from 'decimal.js';
import { periodStartOf } from '../metrics/periods';

// The pure rules of the low-performer pool: what is unsatisfactory, which step is suggested, who is on the
// optimization list. No rank or percentile is an input to any of them (DOMAIN.md §4, 末位淘汰).

const MONTHS: Record<PoolPeriodType, number> = { month: 1, quarter: 3 };

export const addPeriods = (start: string, type: PoolPeriodType, n: number) => addMonths(start, n * MONTHS[type]);
export const periodEndOf = (start: string, type: PoolPeriodType) => addDays(addPeriods(start, type, 1), -1);
export const isPeriodStart = (day: string, type: PoolPeriodType) => periodStartOf(type, day) === day;
/** The period that ended most recently as of `today` (the one before the period containing today). */
export const lastClosedPeriod = (today: string, type: PoolPeriodType) =>
  addPeriods(periodStartOf(type, today), type, -1);
/** A period is closed once its last day is over in the organization's zone. */
export const isClosed = (start: string, type: PoolPeriodType, today: string) => addPeriods(start, type, 1) <= today;

const SEVERITY_RANK: Record<AlertSeverity, number> = { low: 1, medium: 2, high: 3 };
export const severityAtLeast = (severity: string, min: AlertSeverity) =>
  (SEVERITY_RANK[severity as AlertSeverity] ?? 0) >= SEVERITY_RANK[min];
export const severitiesAtLeast = (min: AlertSeverity) =>
  (Object.keys(SEVERITY_RANK) as AlertSeverity[]).filter((s) => severityAtLeast(s, min));

/** Attainment in percent of the target, one decimal; null without a positive target. */
export function attainmentPct(actual: string | null, target: string | null): string | null {
  if (actual === null || target === null) return null;
  const t = new Decimal(target);
  if (t.lte(0)) return null;
  return new Decimal(actual).div(t).times(100).toDecimalPlaces(1).toFixed(1);
}

/** What is known about a person in one period. */
export interface PeriodFacts {
  periodStart: string;
  attainmentPct: string | null;
  grade: string | null;
  /** The grade's place on its cycle's scale (the band's minimum score): higher is better; null if unknown. */
  gradeRank: number | null;
}

export type UnsatisfactoryBasis = 'grade' | 'attainment';

/**
 * Unsatisfactory: a grade in the policy's set, or attainment below the threshold. Nothing else counts — not
 * an alert and never a rank. A period without a grade and without attainment is not unsatisfactory.
 */
export function unsatisfactoryBecause(f: PeriodFacts, policy: PoolPolicy): UnsatisfactoryBasis[] {
  const because: UnsatisfactoryBasis[] = [];
  if (f.grade !== null && policy.unsatisfactoryGrades.includes(f.grade)) because.push('grade');
  if (f.attainmentPct !== null && new Decimal(f.attainmentPct).lt(policy.attainmentBelowPct))
    because.push('attainment');
  return because;
}

export interface SuggestionInput {
  periodStart: string;
  periodType: PoolPeriodType;
  occurrence: number;
  /** Earlier pools (period starts) of the last six periods that had the person. */
  earlierPools: string[];
  /** The latest improvement plan decided on an earlier entry of the person. */
  plan: { entryId: string; periodStart: string } | null;
  /** Whether the person was unsatisfactory in a period (for periods since the plan). */
  unsatisfactoryIn: (periodStart: string) => boolean;
  policy: PoolPolicy;
}

/**
 * Stride's suggested next step, with the rule that gave it:
 * - failed_plan → transfer_or_exit_review: an earlier entry was decided improvement_plan at period P, at least
 *   policy.planPeriods periods have passed (this period ≥ P + planPeriods), and the person has been
 *   unsatisfactory (grade or attainment) in every period from P + planPeriods up to and including this one.
 *   Until improvement plans record their own outcome, this is what "after a failed plan" means.
 * - plan_in_progress → improvement_plan: the plan decided at P has not run its course yet.
 * - repeated → improvement_plan: the person was in another pool of the last six periods.
 * - first_time → coaching_training.
 * An alert alone (a peer ranking included) can at most lead to an improvement plan: the exit review needs
 * unsatisfactory grades or attainment after a plan.
 */
export function suggestStep(input: SuggestionInput): { step: SuggestedStep; reason: SuggestionReason } {
  const { periodStart, periodType, policy } = input;
  const unsatisfactory = input.unsatisfactoryIn(periodStart);
  const plan = input.plan
    ? {
        entryId: input.plan.entryId,
        periodStart: input.plan.periodStart,
        planPeriods: policy.planPeriods,
        judgedFrom: addPeriods(input.plan.periodStart, periodType, policy.planPeriods),
      }
    : null;
  const reason = (rule: SuggestionReason['rule']): SuggestionReason => ({
    rule,
    occurrence: input.occurrence,
    earlierPools: input.earlierPools,
    plan,
    unsatisfactory,
  });
  if (plan) {
    if (periodStart < plan.judgedFrom) return { step: 'improvement_plan', reason: reason('plan_in_progress') };
    let stillUnsatisfactory = true;
    for (let p = plan.judgedFrom; p <= periodStart; p = addPeriods(p, periodType, 1))
      if (!input.unsatisfactoryIn(p)) stillUnsatisfactory = false;
    if (stillUnsatisfactory) return { step: 'transfer_or_exit_review', reason: reason('failed_plan') };
  }
  if (input.earlierPools.length > 0) return { step: 'improvement_plan', reason: reason('repeated') };
  return { step: 'coaching_training', reason: reason('first_time') };
}

/**
 * The optimization list (优化清单): policy.consecutivePeriods unsatisfactory periods in a row, ending with this
 * one, and no real improvement between the first and the last of them — an attainment gain below
 * policy.improvementPts percentage points, or, where attainment is missing at either end, a grade no better
 * than before. Without either measure there is no evidence, and the person is not listed.
 * `points` run oldest to newest and end with this period.
 */
export function optimizationCheck(
  points: (PeriodFacts & { unsatisfactory: boolean })[],
  policy: PoolPolicy,
): { listed: boolean; reason: OptimizationReason } {
  const n = policy.consecutivePeriods;
  let run = 0;
  for (let i = points.length - 1; i >= 0 && points[i].unsatisfactory; i--) run++;
  const base = { consecutivePeriods: n, unsatisfactoryRun: run };
  if (run < n) return { listed: false, reason: { outcome: 'too_few_unsatisfactory', ...base, improvement: null } };
  const from = points[points.length - n];
  const to = points[points.length - 1];
  const improvement = {
    fromPeriod: from.periodStart,
    toPeriod: to.periodStart,
    fromPct: from.attainmentPct,
    toPct: to.attainmentPct,
    fromGrade: from.grade,
    toGrade: to.grade,
    requiredPts: policy.improvementPts,
  };
  if (from.attainmentPct !== null && to.attainmentPct !== null) {
    const gain = new Decimal(to.attainmentPct).minus(from.attainmentPct);
    const improved = gain.gte(policy.improvementPts);
    return {
      listed: !improved,
      reason: {
        outcome: improved ? 'improved' : 'listed',
        ...base,
        improvement: { basis: 'attainment', gainPts: gain.toFixed(1), ...improvement },
      },
    };
  }
  if (from.grade !== null && to.grade !== null) {
    const improved =
      from.grade === to.grade
        ? false
        : from.gradeRank !== null && to.gradeRank !== null
          ? to.gradeRank > from.gradeRank
          : null;
    if (improved !== null)
      return {
        listed: !improved,
        reason: {
          outcome: improved ? 'improved' : 'listed',
          ...base,
          improvement: { basis: 'grade', gainPts: null, ...improvement },
        },
      };
  }
  return {
    listed: false,
    reason: { outcome: 'improvement_unknown', ...base, improvement: { basis: 'none', gainPts: null, ...improvement } },
  };
}

/** Decisions that may be recorded on an entry: an exit review only after a failed plan or on the list. */
export const isExitReviewAllowed = (entry: { suggestedStep: string; onOptimizationList: boolean }) =>
  entry.suggestedStep === 'transfer_or_exit_review' || entry.onOptimizationList;
