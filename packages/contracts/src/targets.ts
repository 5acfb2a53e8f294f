import { z } from 'zod';
import { isoDate, uuid } from './common';

/** Targets are set per month, quarter or year (weeks are too short to agree a quota on). */
export const targetPeriodType = z.enum(['month', 'quarter', 'year']);
export type TargetPeriodType = z.infer<typeof targetPeriodType>;

/**
 * A target value: a positive number with at most four decimals (a string keeps it exact). Zero is refused:
 * attainment is actual / target, so a zero target could never be scored.
 */
export const targetValue = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
  .pipe(
    z
      .string()
      .regex(/^\d{1,15}(\.\d{1,4})?$/, { message: 'TARGET_VALUE_INVALID' })
      .refine((v) => /[1-9]/.test(v), { message: 'TARGET_VALUE_INVALID' }),
  );

/** Why a target changes after its period started (HR only). */
export const targetReason = z.string().trim().min(5).max(500);

export const targetStatus = z.enum(['proposed', 'agreed']);

export const targetQuery = z.object({
  employeeId: uuid.optional(),
  /** A unit: its own targets, those of its sub-units and of the people in them. */
  unitId: uuid.optional(),
  periodType: targetPeriodType.optional(),
  /** Period starts from / to (inclusive). */
  from: isoDate.optional(),
  to: isoDate.optional(),
  metric: z.string().max(64).optional(),
  /** Only the caller's own targets (the "my targets" page of any role). */
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/** Set a target for a person or a team (exactly one of employeeId, unitId). */
export const setTargetRequest = z
  .object({
    employeeId: uuid.optional(),
    unitId: uuid.optional(),
    metric: z.string().min(1).max(64),
    periodType: targetPeriodType,
    /** The first day of the month / quarter / year. */
    periodStart: isoDate,
    value: targetValue,
    /** Needed (HR, admin) when the period has already started. */
    reason: targetReason.optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.employeeId === !v.unitId)
      ctx.addIssue({ code: 'custom', path: ['employeeId'], message: 'TARGET_SUBJECT_ONE' });
  });

export const updateTargetRequest = z.object({
  value: targetValue,
  /** Required after the lock (HR, admin). */
  reason: targetReason.optional(),
});

/** A person proposes their own target; the manager agrees or counters. */
export const proposeTargetRequest = z.object({
  /** Optional: only the caller's own person is accepted. */
  employeeId: uuid.optional(),
  metric: z.string().min(1).max(64),
  periodType: targetPeriodType,
  periodStart: isoDate,
  value: targetValue,
});

/** Agree to the value on the table, or (with a different value) counter it. */
export const agreeTargetRequest = z.object({ value: targetValue.optional() });

export const splitTargetRequest = z.object({
  allocations: z
    .array(z.object({ employeeId: uuid, value: targetValue }))
    .min(1)
    .max(500),
  /** Accept allocations that do not add up to the team target. */
  allowMismatch: z.boolean().optional(),
  /** Required (HR, admin) when the period has already started. */
  reason: targetReason.optional(),
});

export const targetView = z.object({
  id: uuid,
  employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string() }).nullable(),
  unit: z.object({ id: uuid, name: z.string() }).nullable(),
  metric: z.string(),
  metricName: z.string(),
  metricUnit: z.enum(['CNY', 'count', 'ratio', 'score']),
  periodType: targetPeriodType,
  periodStart: z.string(),
  /** The agreed value; null while only proposed. */
  value: z.string().nullable(),
  status: targetStatus,
  /** The value on the table while proposed, and who put it there. */
  proposedValue: z.string().nullable(),
  proposedBy: z.string().nullable(),
  /** The team target this person's target was split from. */
  parentId: uuid.nullable(),
  /** The metric's value for the period (a team's: sum or mean over its people); null without one. */
  actual: z.string().nullable(),
  /** actual / target, four decimals; null without both (or with a zero target). */
  attainment: z.string().nullable(),
  locked: z.boolean(),
  historyCount: z.number().int(),
  version: z.number().int(),
  /** What the caller may do with it now. */
  canEdit: z.boolean(),
  canAgree: z.boolean(),
  updatedAt: z.string(),
});
export type TargetView = z.infer<typeof targetView>;
export const targetList = z.object({ items: z.array(targetView) });

export const targetEventView = z.object({
  action: z.enum(['set', 'proposed', 'countered', 'agreed', 'changed', 'split', 'changed_after_lock', 'imported']),
  value: z.string().nullable(),
  reason: z.string().nullable(),
  actor: z.string().nullable(),
  at: z.string(),
});
export const targetHistory = z.object({ targetId: uuid, items: z.array(targetEventView) });

export const splitTargetResponse = z.object({ parent: targetView, children: z.array(targetView) });

export const fairnessQuery = z.object({
  unitId: uuid,
  metric: z.string().min(1).max(64),
  periodType: targetPeriodType.default('month'),
  periods: z.coerce.number().int().min(1).max(24).default(6),
});
export const fairnessHint = z.enum(['too_high', 'too_low']);
export const fairnessTeam = z.object({
  unit: z.object({ id: uuid, name: z.string() }),
  periods: z.array(
    z.object({
      periodStart: z.string(),
      /** People with an agreed target for the period, and how many reached it. */
      withTarget: z.number().int(),
      reached: z.number().int(),
      share: z.string().nullable(),
    }),
  ),
  withTarget: z.number().int(),
  reached: z.number().int(),
  share: z.string().nullable(),
  /** Under 20% reached: targets may be set too high; over 90%: too low (only with 3+ targets). */
  hint: fairnessHint.nullable(),
  hintText: z.string().nullable(),
});
export const fairnessReport = z.object({
  metric: z.string(),
  periodType: targetPeriodType,
  periodStarts: z.array(z.string()),
  teams: z.array(fairnessTeam),
});
