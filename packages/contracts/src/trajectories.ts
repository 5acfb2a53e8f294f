// Trajectories (成长轨迹) and the manager / HR home dashboard.
import { z } from 'zod';
import { alertSeverity } from './alerts';
import { isoDate, ref, uuid } from './common';
import { employeeStatus } from './employees';
import { metricUnit, periodTypeSchema } from './metrics';
import { reviewStage } from './reviews';
import { tenureStage } from './scorecards';

const metricKeyParam = z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, { message: 'UNKNOWN_METRIC' });

/** "revenue,calls" → ['revenue', 'calls']; at most 8 metrics, no repeats. */
const metricList = z
  .string()
  .max(600)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(metricKeyParam).min(1).max(8));

export const trajectoryQuery = z.object({
  /** Comma-separated metric keys; default: the metrics of the person's scorecard template, else revenue, collections, calls, visits. */
  metrics: metricList.optional(),
  periodType: periodTypeSchema.default('month'),
  /** Months in each window of the slack index (default 3). */
  window: z.coerce.number().int().min(1).max(12).default(3),
});

/** Why an indicator has no value (the UI explains each). */
export const trajectoryStatReason = z.enum([
  'too_few_months',
  'mean_not_positive',
  'not_regularized',
  'no_probation',
  'probation_too_short',
  'post_window_incomplete',
  'probation_mean_not_positive',
]);
export type TrajectoryStatReason = z.infer<typeof trajectoryStatReason>;

export const trajectoryPoint = z.object({
  periodStart: z.string(),
  /** The metric's value (decimal string); null: no value (before the person's data starts, or a ratio with nothing to average). */
  value: z.string().nullable(),
  /** The agreed personal target for the period, if any. */
  target: z.string().nullable(),
  /** value ÷ target, four decimals. */
  attainment: z.string().nullable(),
});

export const trajectoryStats = z.object({
  /** Slope of the least-squares line over the last 12 closed months: the metric's unit per month. */
  growthSpeed: z.string().nullable(),
  /** growthSpeed ÷ the mean of those months (0.05 = +5% of a typical month each month). */
  growthRelative: z.string().nullable(),
  growthMonths: z.number().int(),
  growthReason: trajectoryStatReason.nullable(),
  /** Coefficient of variation around the trend over the same months (unitless; 0.25 = ±25%). */
  volatility: z.string().nullable(),
  volatilityReason: trajectoryStatReason.nullable(),
  /** 1 − mean(first `window` months after regularization) ÷ mean(last `window` probation months). */
  slackIndex: z.string().nullable(),
  slackReason: trajectoryStatReason.nullable(),
  probationMean: z.string().nullable(),
  postMean: z.string().nullable(),
  probationMonths: z.array(z.string()),
  postMonths: z.array(z.string()),
});
export type TrajectoryStats = z.infer<typeof trajectoryStats>;

export const trajectoryMetric = z.object({
  key: z.string(),
  name: z.string(),
  unit: metricUnit,
  points: z.array(trajectoryPoint),
  stats: trajectoryStats,
});
export type TrajectoryMetric = z.infer<typeof trajectoryMetric>;

export const trajectoryMarkerKind = z.enum(['hire', 'regularization', 'transfer', 'alert', 'plan', 'exit']);
export const trajectoryMarker = z.object({
  kind: trajectoryMarkerKind,
  date: z.string(),
  /** In the caller's language: unit and position moves, the alert rule's name, … */
  label: z.string(),
  /** The job-history row, alert or plan behind the marker; null for hire, regularization and exit. */
  ref: z.string().nullable(),
  severity: alertSeverity.nullable(),
});
export type TrajectoryMarker = z.infer<typeof trajectoryMarker>;

export const trajectoryReview = z.object({
  participantId: uuid,
  cycle: ref,
  stage: reviewStage,
  periodType: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  tenureStage,
  total: z.string(),
  grade: z.string().nullable(),
});

export const trajectory = z.object({
  employee: z.object({
    id: uuid,
    name: z.string(),
    employeeNo: z.string(),
    status: employeeStatus,
    unit: ref,
    position: ref.nullable(),
    hireDate: z.string(),
    probationEndDate: z.string().nullable(),
    regularizationDate: z.string().nullable(),
    exitDate: z.string().nullable(),
  }),
  periodType: periodTypeSchema,
  /** Every period of the timeline, oldest first; the last may be the open (current) period. */
  periods: z.array(z.string()),
  /** The period in progress (its values still grow), or null when the timeline ends earlier (exit). */
  openPeriod: z.string().nullable(),
  /** The probation, for shading: hire date to the day before regularization (or to the probation end). */
  probation: z.object({ from: z.string(), to: z.string() }).nullable(),
  window: z.number().int(),
  metrics: z.array(trajectoryMetric),
  reviews: z.array(trajectoryReview),
  markers: z.array(trajectoryMarker),
});
export type Trajectory = z.infer<typeof trajectory>;

// ---------------------------------------------------------------------------------------------------------
// Cohort curves and a team side by side

const hiredRange = {
  hiredFrom: isoDate.optional(),
  hiredTo: isoDate.optional(),
};

export const cohortCurvesQuery = z.object({
  metric: metricKeyParam.default('revenue'),
  positionId: uuid.optional(),
  /** A unit and its sub-units (default: the caller's whole scope). */
  unitId: uuid.optional(),
  ...hiredRange,
  /** Add this person's own line (must be in the caller's scope). */
  employeeId: uuid.optional(),
  /** Months since hire shown: 0 … months (at most 36). */
  months: z.coerce.number().int().min(1).max(36).default(24),
});

export const cohortPoint = z.object({
  /** Months since hire: the month of the hire date is 0. */
  month: z.number().int(),
  /** People with a value in that month. */
  n: z.number().int(),
  p25: z.string().nullable(),
  median: z.string().nullable(),
  p75: z.string().nullable(),
});

export const cohortCurves = z.object({
  metric: z.string(),
  metricName: z.string(),
  metricUnit: metricUnit,
  /** People in the cohort (in scope, matching the filters). */
  people: z.number().int(),
  points: z.array(cohortPoint),
  person: z
    .object({
      employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string() }),
      hireDate: z.string(),
      points: z.array(z.object({ month: z.number().int(), value: z.string().nullable() })),
    })
    .nullable(),
});
export type CohortCurves = z.infer<typeof cohortCurves>;

export const teamTrajectoriesQuery = z.object({
  unitId: uuid,
  metric: metricKeyParam.default('revenue'),
  /** Calendar view: the last `months` closed months; months-since-hire view: each person's first `months` months. */
  months: z.coerce.number().int().min(1).max(36).default(12),
});

export const teamTrajectoryPerson = z.object({
  employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string() }),
  unitName: z.string(),
  status: employeeStatus,
  hireDate: z.string(),
  regularizationDate: z.string().nullable(),
  /** Aligned with `periods` (calendar months). */
  calendar: z.array(z.string().nullable()),
  /** Index = months since hire, 0 … months − 1 (null: not reached yet, or no value). */
  sinceHire: z.array(z.string().nullable()),
});

export const teamTrajectories = z.object({
  unit: ref,
  metric: z.string(),
  metricName: z.string(),
  metricUnit: metricUnit,
  months: z.number().int(),
  periods: z.array(z.string()),
  people: z.array(teamTrajectoryPerson),
});
export type TeamTrajectories = z.infer<typeof teamTrajectories>;

// ---------------------------------------------------------------------------------------------------------
// Home dashboard (admin, hr: the organization; manager: the units they lead)

export const dashboardQuery = z.object({
  /** The metric of team attainment and of the movers (default revenue). */
  metric: metricKeyParam.default('revenue'),
  /** attainment (default when targets exist for both months) or the metric's value. */
  movers: z.enum(['attainment', 'value']).optional(),
});

const amount = z.string().nullable();

export const dashboardMover = z.object({
  employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string() }),
  unitName: z.string(),
  previous: amount,
  current: amount,
  previousAttainment: amount,
  currentAttainment: amount,
  /** current − previous in the basis chosen (attainment points as a ratio, or the metric's unit). */
  change: z.string(),
});
export type DashboardMover = z.infer<typeof dashboardMover>;

export const dashboardUnitAttainment = z.object({
  unit: ref,
  /** People who belonged to the unit (directly) during the month, by job history, with an agreed target for it. */
  people: z.number().int(),
  actual: z.string(),
  target: z.string(),
  attainment: amount,
});

export const dashboard = z.object({
  scope: z.object({ kind: z.enum(['org', 'units']), units: z.array(ref) }),
  metric: z.string(),
  metricName: z.string(),
  metricUnit: metricUnit,
  /** The last closed month and the one before it. */
  month: z.string(),
  previousMonth: z.string(),
  alerts: z.object({
    /** Live alerts (open, acknowledged, action linked) of people in scope. */
    total: z.number().int(),
    bySeverity: z.object({ high: z.number().int(), medium: z.number().int(), low: z.number().int() }),
  }),
  pool: z
    .object({
      id: uuid,
      periodType: z.string(),
      periodStart: z.string(),
      builtAt: z.string(),
      entries: z.number().int(),
      onOptimizationList: z.number().int(),
      undecided: z.number().int(),
    })
    .nullable(),
  attainment: z.object({
    units: z.array(dashboardUnitAttainment),
    total: z.object({ people: z.number().int(), actual: z.string(), target: z.string(), attainment: amount }),
  }),
  scores: z.object({
    cycle: z.object({ id: uuid, name: z.string(), periodStart: z.string(), stage: reviewStage }).nullable(),
    n: z.number().int(),
    distribution: z.array(z.object({ grade: z.string(), count: z.number().int() })),
  }),
  movers: z.object({
    basis: z.enum(['attainment', 'value']),
    up: z.array(dashboardMover),
    down: z.array(dashboardMover),
  }),
});
export type Dashboard = z.infer<typeof dashboard>;
