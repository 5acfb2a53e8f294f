import { z } from 'zod';
import { isoDate, ref, uuid } from './common';

// ── Improvement plans (绩效改进计划, PIP) ───────────────────────────────────────────────────────────────

export const planStatuses = [
  'draft',
  'active',
  'midpoint_evaluated',
  'final_evaluated',
  'passed',
  'failed',
  'cancelled',
] as const;
export const planStatus = z.enum(planStatuses);
export type PlanStatus = z.infer<typeof planStatus>;
export const planSource = z.enum(['alert', 'pool_entry', 'manual']);
export type PlanSource = z.infer<typeof planSource>;
export const planOutcome = z.enum(['passed', 'extended', 'failed']);
export type PlanOutcome = z.infer<typeof planOutcome>;
export const behaviourJudgement = z.enum(['met', 'partly', 'not_met']);
export type BehaviourJudgement = z.infer<typeof behaviourJudgement>;

const decimalString = z
  .string()
  .trim()
  .regex(/^-?\d{1,14}(\.\d{1,4})?$/, { message: 'invalid_format' });

export const metricGoal = z.object({
  kind: z.literal('metric'),
  metricKey: z.string().trim().min(1).max(100),
  /** The monthly target over the plan's months. */
  target: decimalString,
  /** higher: at least the target; lower: at most the target. */
  direction: z.enum(['higher', 'lower']).default('higher'),
});
export const behaviourGoal = z.object({
  kind: z.literal('behaviour'),
  text: z.string().trim().min(1).max(1000),
  /** How it is measured (衡量方式). */
  measure: z.string().trim().min(1).max(1000),
});
export const planGoal = z.discriminatedUnion('kind', [metricGoal, behaviourGoal]);
export type PlanGoal = z.infer<typeof planGoal>;

export const createPlanRequest = z.object({
  employeeId: uuid,
  source: planSource.default('manual'),
  alertId: uuid.optional(),
  poolEntryId: uuid.optional(),
  /** The owner; default: the caller when a manager, else the person's manager. */
  managerEmployeeId: uuid.optional(),
  coachEmployeeId: uuid.nullable().optional(),
  startDate: isoDate,
  endDate: isoDate,
  goals: z.array(planGoal).min(1).max(20),
  courseIds: z.array(uuid).max(20).default([]),
  checkInDates: z.array(isoDate).max(30).default([]),
});
export type CreatePlanRequest = z.input<typeof createPlanRequest>;

/** PUT /plans/{id}: edit a draft (before the person acknowledges it) with the version read. */
export const updatePlanRequest = createPlanRequest
  .pick({
    managerEmployeeId: true,
    coachEmployeeId: true,
    startDate: true,
    endDate: true,
    goals: true,
    courseIds: true,
    checkInDates: true,
  })
  .extend({ version: z.number().int().min(1) });
export type UpdatePlanRequest = z.input<typeof updatePlanRequest>;

const versioned = z.object({ version: z.number().int().positive() });
export const acknowledgePlanRequest = versioned;
export const recordRefusalRequest = versioned.extend({ witnessNote: z.string().trim().min(1).max(2000) });
export const evidenceItem = z.object({
  text: z.string().trim().min(1).max(1000),
  url: z.url().max(2000).optional(),
});
export const addCheckInRequest = z.object({
  heldOn: isoDate,
  notes: z.string().trim().min(1).max(5000),
  evidence: z.array(evidenceItem).max(20).default([]),
});
export const evaluatePlanRequest = versioned.extend({
  stage: z.enum(['midpoint', 'final']),
  behaviours: z
    .array(
      z.object({
        goalIndex: z.number().int().min(0),
        judgement: behaviourJudgement,
        comment: z.string().trim().max(2000).default(''),
      }),
    )
    .default([]),
  recommendation: z.string().trim().min(1).max(2000),
});
export const recordOutcomeRequest = versioned.extend({
  outcome: planOutcome,
  /** Required for extended: the new end date, after the current one. */
  newEndDate: isoDate.optional(),
  note: z.string().trim().max(2000).default(''),
});
export const cancelPlanRequest = versioned.extend({ reason: z.string().trim().min(1).max(2000) });
export const planListQuery = z.object({ status: planStatus.optional(), employeeId: uuid.optional() });

export const metricProgress = z.object({
  goalIndex: z.number().int(),
  metricKey: z.string(),
  metricName: z.string(),
  target: z.string(),
  direction: z.enum(['higher', 'lower']),
  /** Average monthly value over the plan's months with a value up to the date, or null without data. */
  actual: z.string().nullable(),
  months: z.number().int(),
  met: z.boolean().nullable(),
});
export type MetricProgress = z.infer<typeof metricProgress>;

export const planEvaluationView = z.object({
  stage: z.enum(['midpoint', 'final']),
  asOf: z.string(),
  metrics: z.array(metricProgress),
  behaviours: z.array(z.object({ goalIndex: z.number().int(), judgement: behaviourJudgement, comment: z.string() })),
  recommendation: z.string(),
  by: z.string(),
  at: z.string(),
});
export const planCheckInView = z.object({
  id: uuid,
  heldOn: z.string(),
  notes: z.string(),
  evidence: z.array(z.object({ text: z.string(), url: z.string().optional() })),
  progress: z.array(metricProgress),
  author: z.string().nullable(),
  createdAt: z.string(),
});
export const planOutcomeView = z.object({
  outcome: planOutcome,
  note: z.string(),
  previousEndDate: z.string().nullable(),
  newEndDate: z.string().nullable(),
  by: z.string(),
  at: z.string(),
});

export const planView = z.object({
  id: uuid,
  employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string(), status: z.string() }),
  unit: ref.nullable(),
  source: planSource,
  alertId: uuid.nullable(),
  poolEntryId: uuid.nullable(),
  manager: ref,
  coach: ref.nullable(),
  startDate: z.string(),
  endDate: z.string(),
  originalEndDate: z.string().nullable(),
  goals: z.array(planGoal),
  courses: z.array(z.object({ id: uuid, title: z.string(), url: z.string() })),
  checkInDates: z.array(z.string()),
  status: planStatus,
  acknowledgement: z.enum(['signed', 'refused']).nullable(),
  acknowledgedAt: z.string().nullable(),
  witnessNote: z.string().nullable(),
  /** The metric goals measured today (or at the end, once over). */
  progress: z.array(metricProgress),
  evaluations: z.array(planEvaluationView),
  checkIns: z.array(planCheckInView),
  outcome: planOutcome.nullable(),
  outcomes: z.array(planOutcomeView),
  /** Stride's suggestion once the final evaluation is in: every metric goal met → passed; never set by itself. */
  suggestedOutcome: planOutcome.nullable(),
  cancelReason: z.string().nullable(),
  /** What the caller may do now. */
  can: z.object({
    acknowledge: z.boolean(),
    recordRefusal: z.boolean(),
    /** Edit the draft (PUT /plans/{id}). */
    edit: z.boolean(),
    checkIn: z.boolean(),
    evaluate: z.boolean(),
    recordOutcome: z.boolean(),
    extend: z.boolean(),
    cancel: z.boolean(),
  }),
  documentUrl: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type PlanView = z.infer<typeof planView>;
export const planSummary = planView.omit({ checkIns: true, evaluations: true, outcomes: true, courses: true });
export type PlanSummary = z.infer<typeof planSummary>;
export const planList = z.object({ items: z.array(planSummary) });
