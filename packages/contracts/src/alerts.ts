import { z } from 'zod';
import { isoDate, ref, uuid } from './common';
import { tenureStage } from './scorecards';

/**
 * Early-warning rules (预警规则). Each kind is one method of ../shared/DOMAIN.md §3 with its defaults; every
 * parameter is editable per organization. Parameters that cannot work (a window shorter than the
 * persistence, a negative threshold) are refused with a field error naming the reason.
 */
export const alertRuleKinds = [
  'consecutive_decline',
  'attainment_below',
  'below_cohort',
  'activity_drop',
  'post_regularization_slack',
  'no_activity',
  'combined_decline',
] as const;
export const alertRuleKind = z.enum(alertRuleKinds);
export type AlertRuleKind = z.infer<typeof alertRuleKind>;

export const alertSeverity = z.enum(['low', 'medium', 'high']);
export type AlertSeverity = z.infer<typeof alertSeverity>;

/** The periods a rule judges: weeks for activity change detection, months or quarters otherwise; days for inactivity. */
export const alertPeriodType = z.enum(['week', 'month', 'quarter', 'day']);
export type AlertPeriodType = z.infer<typeof alertPeriodType>;

const pct = (max: number) => z.number().gt(0, { message: 'NOT_POSITIVE' }).max(max);
const count = (min: number, max: number) => z.number().int().min(min).max(max);

export const consecutiveDeclineParams = z.object({
  /** Number of consecutive decreases. */
  periods: count(2, 12).default(3),
  /** Total drop over the run, percent. */
  minDropPct: pct(100).default(20),
  /** Judge the share of the team's median (what falls for everyone, a season, is not a personal decline). */
  relativeToTeam: z.boolean().default(true),
});
export const attainmentBelowParams = z
  .object({
    thresholdPct: pct(200).default(80),
    /** Fires when at least n of the last m periods are below. */
    n: count(1, 24).default(2),
    m: count(1, 24).default(3),
  })
  .superRefine((p, ctx) => {
    if (p.n > p.m) ctx.addIssue({ code: 'custom', path: ['n'], message: 'WINDOW_SHORTER_THAN_PERSISTENCE' });
  });
export const belowCohortParams = z
  .object({
    method: z.enum(['robust_z', 'percentile']).default('robust_z'),
    /** Robust z-score at or below which a period counts as below the cohort. */
    zThreshold: z.number().lt(0, { message: 'Z_THRESHOLD_NOT_NEGATIVE' }).min(-6).default(-1.5),
    /** Percentile rank at or below which a period counts as below (percentile method). */
    percentile: pct(50).default(10),
    minCohortSize: count(3, 1000).default(5),
    persistenceN: count(1, 24).default(2),
    persistenceM: count(1, 24).default(3),
  })
  .superRefine((p, ctx) => {
    if (p.persistenceN > p.persistenceM)
      ctx.addIssue({ code: 'custom', path: ['persistenceN'], message: 'WINDOW_SHORTER_THAN_PERSISTENCE' });
  });
export const activityDropParams = z.object({
  lambda: z.number().gt(0, { message: 'NOT_POSITIVE' }).max(1).default(0.2),
  L: z.number().gt(0, { message: 'NOT_POSITIVE' }).max(6).default(3),
  k: z.number().min(0, { message: 'NOT_NEGATIVE' }).max(3).default(0.5),
  h: z.number().gt(0, { message: 'NOT_POSITIVE' }).max(20).default(4),
  /** Weeks of the person's own history the standard is taken from. */
  baselinePeriods: count(4, 52).default(8),
  /** Start the CUSUM half-way to the signal at regularization (the riskiest moment). */
  headStart: z.boolean().default(true),
  /**
   * Judge the person's share of their team's typical week (value / team median) instead of the raw count, so
   * what moves everyone (Spring Festival, a holiday week, a campaign) is not taken for a personal drop.
   */
  relativeToTeam: z.boolean().default(true),
});
export const postRegularizationSlackParams = z.object({
  windowPeriods: count(1, 12).default(3),
  dropPct: pct(100).default(30),
  minProbationPeriods: count(1, 12).default(2),
});
export const noActivityParams = z.object({
  days: count(1, 365).default(14),
});
/**
 * Combined slowdown: the rule's metric and these further indicators (activity and results), each as a share of
 * the team's median, pooled into one score per period and watched with a lower CUSUM against the person's own
 * level since regularization; fires only with a real shortfall too (DOMAIN.md §3).
 */
export const combinedDeclineParams = z
  .object({
    /** Further metrics judged together with the rule's metric. */
    alsoMetrics: z
      .array(z.string().min(1).max(64))
      .max(5)
      .default(['calls', 'visits'])
      .superRefine((keys, ctx) => {
        if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', message: 'DUPLICATE_METRIC' });
      }),
    /** Periods of the person's own history (since regularization) that form their level. */
    levelPeriods: count(1, 24).default(6),
    /** Fewer baseline periods than this: an indicator is not judged yet. */
    minLevelPeriods: count(1, 24).default(1),
    k: z.number().min(0, { message: 'NOT_NEGATIVE' }).max(3).default(0.5),
    h: z.number().gt(0, { message: 'NOT_POSITIVE' }).max(20).default(1.5),
    /** Periods the decision looks back (0: the whole decline). */
    window: count(0, 24).default(3),
    /** The shortfall since the onset against the person's own level, percent, that must come with the signal. */
    minDropPct: pct(100).default(20),
    relativeToTeam: z.boolean().default(true),
    /**
     * The onset as a change point: each of the last `window` periods is tried as the first of the decline,
     * judged against the own level before it (a chance dip before the real drop does not dilute it).
     */
    changePoint: z.boolean().default(true),
  })
  .superRefine((p, ctx) => {
    if (p.minLevelPeriods > p.levelPeriods)
      ctx.addIssue({ code: 'custom', path: ['minLevelPeriods'], message: 'MIN_BASELINE_ABOVE_BASELINE' });
  });

export const alertRuleParams = {
  consecutive_decline: consecutiveDeclineParams,
  attainment_below: attainmentBelowParams,
  below_cohort: belowCohortParams,
  activity_drop: activityDropParams,
  post_regularization_slack: postRegularizationSlackParams,
  no_activity: noActivityParams,
  combined_decline: combinedDeclineParams,
} as const;
export type AlertRuleParams = {
  [K in AlertRuleKind]: z.infer<(typeof alertRuleParams)[K]>;
};

export const alertScope = z.object({
  unitIds: z.array(uuid).max(200).default([]),
  positionIds: z.array(uuid).max(200).default([]),
  stages: z.array(tenureStage).max(3).default([]),
});
export type AlertScope = z.infer<typeof alertScope>;

const messageText = z.string().trim().min(1).max(500);
export const recipientSetting = z.object({
  enabled: z.boolean(),
  /**
   * The message this recipient gets, per language; placeholders {name}, {metric}, {summary}, {period},
   * {rule}. null: Stride's default text for the rule kind.
   */
  message: z.object({ 'zh-CN': messageText, 'en-US': messageText }).nullable().default(null),
});
export const alertRecipients = z.object({
  hr: recipientSetting,
  manager: recipientSetting,
  employee: recipientSetting,
});
export type AlertRecipients = z.infer<typeof alertRecipients>;

/** A rule as written by HR; params are checked against the kind (defaults filled in). */
export const alertRuleInput = z
  .object({
    kind: alertRuleKind,
    name: z.string().trim().min(1).max(100),
    enabled: z.boolean().default(true),
    metricKey: z.string().min(1).max(64).nullable().default(null),
    periodType: alertPeriodType,
    params: z.record(z.string(), z.unknown()).default({}),
    scope: alertScope.default({ unitIds: [], positionIds: [], stages: [] }),
    severity: alertSeverity.default('medium'),
    /** Periods of data a person needs before the rule may fire for them. */
    minPeriods: count(1, 60).default(3),
    /** Days after an alert ends before the same rule may raise another for the same person. */
    cooldownDays: count(0, 365).default(30),
    /** Evaluations in a row without the signal after which an alert resolves itself. */
    recoverAfter: count(1, 12).default(2),
    recipients: alertRecipients.default({
      hr: { enabled: true, message: null },
      manager: { enabled: true, message: null },
      employee: { enabled: false, message: null },
    }),
  })
  .superRefine((r, ctx) => {
    const parsed = alertRuleParams[r.kind].safeParse(r.params);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', path: ['params', ...issue.path.map(String)], message: issue.message });
    }
    if (r.kind === 'no_activity') {
      if (r.periodType !== 'day')
        ctx.addIssue({ code: 'custom', path: ['periodType'], message: 'PERIOD_TYPE_FOR_KIND' });
    } else {
      if (!r.metricKey) ctx.addIssue({ code: 'custom', path: ['metricKey'], message: 'REQUIRED' });
      const weekly = r.kind === 'activity_drop';
      if (weekly !== (r.periodType === 'week') || r.periodType === 'day')
        ctx.addIssue({ code: 'custom', path: ['periodType'], message: 'PERIOD_TYPE_FOR_KIND' });
    }
    if (r.kind === 'activity_drop' && parsed.success) {
      const p = parsed.data as z.infer<typeof activityDropParams>;
      if (r.minPeriods < p.baselinePeriods)
        ctx.addIssue({ code: 'custom', path: ['minPeriods'], message: 'MIN_PERIODS_BELOW_BASELINE' });
    }
    if (r.kind === 'combined_decline' && parsed.success && r.metricKey) {
      const p = parsed.data as z.infer<typeof combinedDeclineParams>;
      if (p.alsoMetrics.includes(r.metricKey))
        ctx.addIssue({ code: 'custom', path: ['params', 'alsoMetrics'], message: 'DUPLICATE_METRIC' });
    }
    if (r.kind === 'attainment_below' && parsed.success) {
      const p = parsed.data as z.infer<typeof attainmentBelowParams>;
      if (r.minPeriods > 60 || p.m > 60) ctx.addIssue({ code: 'custom', path: ['params', 'm'], message: 'too_big' });
    }
  })
  .transform((r) => ({ ...r, params: alertRuleParams[r.kind].parse(r.params) as Record<string, unknown> }));
export type AlertRuleInput = z.input<typeof alertRuleInput>;
export type AlertRuleDraft = z.output<typeof alertRuleInput>;

export const updateAlertRuleRequest = z.object({ rule: alertRuleInput, version: z.number().int().min(1) });

export const alertRule = z.object({
  id: uuid,
  kind: alertRuleKind,
  name: z.string(),
  enabled: z.boolean(),
  metricKey: z.string().nullable(),
  periodType: alertPeriodType,
  params: z.record(z.string(), z.unknown()),
  scope: alertScope,
  severity: alertSeverity,
  minPeriods: z.number().int(),
  cooldownDays: z.number().int(),
  recoverAfter: z.number().int(),
  recipients: alertRecipients,
  version: z.number().int(),
  openAlerts: z.number().int(),
  updatedAt: z.string(),
});
export type AlertRule = z.infer<typeof alertRule>;
export const alertRuleList = z.object({ items: z.array(alertRule) });

/** Back-test of a (possibly unsaved) rule over the last 12 months, judged period by period without lookahead. */
export const alertRulePreview = z.object({
  from: isoDate,
  to: isoDate,
  periodsJudged: z.number().int(),
  alerts: z.number().int(),
  people: z.array(
    z.object({
      employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string() }),
      unit: ref,
      firstPeriod: z.string(),
      periods: z.number().int(),
    }),
  ),
  byPeriod: z.array(z.object({ period: z.string(), count: z.number().int() })),
});
export type AlertRulePreview = z.infer<typeof alertRulePreview>;

export const alertStatuses = ['open', 'acknowledged', 'action_linked', 'resolved', 'auto_resolved'] as const;
export const alertStatus = z.enum(alertStatuses);
export type AlertStatus = z.infer<typeof alertStatus>;

export const alertEvent = z.object({
  id: uuid,
  kind: z.string(),
  actor: ref.nullable(),
  note: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  at: z.string(),
});

export const alertItem = z.object({
  id: uuid,
  rule: z.object({ id: uuid, name: z.string(), kind: alertRuleKind, metricKey: z.string().nullable() }),
  ruleVersion: z.number().int(),
  employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string() }),
  unit: ref,
  status: alertStatus,
  severity: alertSeverity,
  onsetPeriod: z.string().nullable(),
  period: z.string().nullable(),
  confidence: z.number(),
  /** The values, the baseline or cohort compared with, per period (for the chart), detector figures. */
  evidence: z.record(z.string(), z.unknown()),
  /** One sentence in the reader's language: what was seen against what. */
  summary: z.string(),
  raisedAt: z.string(),
  evaluatedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolutionNote: z.string().nullable(),
  version: z.number().int(),
});
export type AlertItem = z.infer<typeof alertItem>;
export const alertDetail = alertItem.extend({ events: z.array(alertEvent) });
export type AlertDetail = z.infer<typeof alertDetail>;

export const alertQuery = z.object({
  status: z.enum([...alertStatuses, 'live']).optional(),
  severity: alertSeverity.optional(),
  employeeId: uuid.optional(),
  unitId: uuid.optional(),
  ruleId: uuid.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const alertList = z.object({ items: z.array(alertItem), nextCursor: z.string().nullable(), total: z.number() });

export const alertSummary = z.object({
  live: z.object({ high: z.number().int(), medium: z.number().int(), low: z.number().int() }),
  byStatus: z.record(z.string(), z.number().int()),
  raisedLast30Days: z.number().int(),
});
export type AlertSummary = z.infer<typeof alertSummary>;

const note = z.string().trim().min(1).max(2000);
export const alertAcknowledgeRequest = z.object({ version: z.number().int(), note: note.optional() });
export const alertActionRequest = z.object({
  version: z.number().int(),
  actionKind: z.enum(['coaching_note', 'improvement_plan', 'training']),
  note,
  /** Training courses assigned (actionKind training). */
  courseIds: z.array(uuid).max(20).default([]),
  /** The improvement plan or other record this action points at. */
  refId: uuid.optional(),
});
export const alertResolveRequest = z.object({ version: z.number().int(), note });

export const alertMaskKind = z.enum(['leave', 'territory_change', 'quota_reset']);
export const alertMaskInput = z
  .object({
    employeeId: uuid,
    kind: alertMaskKind,
    startDate: isoDate,
    endDate: isoDate,
    note: z.string().trim().max(500).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.endDate < m.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'BEFORE_START' });
  });
export const alertMask = z.object({
  id: uuid,
  employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string() }),
  kind: alertMaskKind,
  startDate: z.string(),
  endDate: z.string(),
  note: z.string().nullable(),
  /** manual, or derived from job history (territory) and target changes (quota reset). */
  source: z.enum(['manual', 'job_history', 'targets']),
});
export const alertMaskList = z.object({ items: z.array(alertMask) });
export const alertMaskQuery = z.object({ employeeId: uuid.optional() });

export const trainingCourseInput = z.object({
  title: z.string().trim().min(1).max(200),
  url: z.url({ protocol: /^https?$/ }).max(1000),
  description: z.string().trim().max(1000).nullable().default(null),
  metricKeys: z.array(z.string().min(1).max(64)).max(50).default([]),
  competencies: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  focus: z
    .object({ 'zh-CN': z.string().trim().max(300), 'en-US': z.string().trim().max(300) })
    .partial()
    .default({}),
  active: z.boolean().default(true),
});
export const trainingCourse = z.object({
  id: uuid,
  title: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  metricKeys: z.array(z.string()),
  competencies: z.array(z.string()),
  focus: z.record(z.string(), z.string()),
  active: z.boolean(),
});
export type TrainingCourse = z.infer<typeof trainingCourse>;
export const trainingCourseList = z.object({ items: z.array(trainingCourse) });

/**
 * What decides a pool entry's suggested next step and the optimization list. A rank alone never suggests
 * an exit (DOMAIN.md §4, 末位淘汰): the exit review is suggested only after a failed improvement plan.
 */
export const poolPolicy = z.object({
  /** Grades of a published cycle that count as unsatisfactory. */
  unsatisfactoryGrades: z.array(z.string().min(1).max(20)).max(20).default(['C', 'D']),
  /** Attainment (percent of target) below which a period is unsatisfactory. */
  attainmentBelowPct: pct(200).default(70),
  /** The metric whose attainment is judged. */
  attainmentMetric: z.string().min(1).max(64).default('revenue'),
  /** Least severity of a live alert that brings a person into the pool. */
  minAlertSeverity: alertSeverity.default('medium'),
  /** Attainment gain in percentage points that counts as real improvement between two periods. */
  improvementPts: z.number().min(0, { message: 'NOT_NEGATIVE' }).max(200).default(10),
  /** Consecutive unsatisfactory periods that put a person on the optimization list. */
  consecutivePeriods: count(2, 6).default(2),
  /**
   * Pool periods an improvement plan runs: a person whose pool entry was decided improvement_plan and who is
   * still unsatisfactory this many periods later (and every period since) counts as after a failed plan.
   */
  planPeriods: count(1, 12).default(2),
});
export type PoolPolicy = z.infer<typeof poolPolicy>;
export const alertSettingsBody = z.object({
  poolPeriodType: z.enum(['month', 'quarter']).default('month'),
  policy: poolPolicy,
});
export type AlertSettings = z.infer<typeof alertSettingsBody>;
