import { z } from 'zod';
import { isoDate, uuid } from './common';
import { periodTypeSchema } from './metrics';

// Scorecard templates and grade scales (DOMAIN.md §2). The shapes mirror the scoring engine's types
// (packages/domain/src/scoring/types.ts); the engine's validateTemplate / validateGradeScale judge the
// values (weights summing to 100, floor ≤ cap, …), so these schemas check structure only.

/** A decimal as a string ("12.50", preferred) or a finite number. */
export const numericValue = z.union([z.string().trim().max(40), z.number()]);
export const directionSchema = z.enum(['higher_is_better', 'lower_is_better']);

export const linearRuleSchema = z.object({
  type: z.literal('linear'),
  target: numericValue.optional(),
  floor: numericValue.optional(),
  cap: numericValue.optional(),
  direction: directionSchema.optional(),
});
export const bandsRuleSchema = z.object({
  type: z.literal('bands'),
  measure: z.enum(['actual', 'attainment']).optional(),
  target: numericValue.optional(),
  bands: z.array(z.object({ threshold: numericValue, points: numericValue })).max(20),
  fallbackPoints: numericValue.optional(),
  direction: directionSchema.optional(),
});
export const percentileRuleSchema = z.object({
  type: z.literal('percentile'),
  floor: numericValue.optional(),
  cap: numericValue.optional(),
  singleMemberScore: numericValue.optional(),
  direction: directionSchema.optional(),
});
export const growthRuleSchema = z.object({
  type: z.literal('growth'),
  base: z.enum(['previous_period', 'same_period_last_year']),
  growthAtZeroScore: numericValue,
  growthAtFullScore: numericValue,
  cap: numericValue.optional(),
});
export const raterKindSchema = z.enum(['self', 'manager', 'peer']);
export const rubricLevelSchema = z.object({
  level: z.number().int().min(0).max(100),
  label: z.string().trim().max(40),
  description: z.string().trim().max(500),
  points: numericValue,
});
export const ratingRuleSchema = z.object({
  type: z.literal('rubric'),
  rubric: z.array(rubricLevelSchema).max(10),
  raters: z.array(z.object({ rater: raterKindSchema, weight: numericValue })).max(3),
});
export const indicatorRuleSchema = z.discriminatedUnion('type', [
  linearRuleSchema,
  bandsRuleSchema,
  percentileRuleSchema,
  growthRuleSchema,
  ratingRuleSchema,
]);
export const ruleTypes = ['linear', 'bands', 'percentile', 'growth', 'rubric'] as const;

/**
 * One indicator. Metric indicators name a metric of the organization's catalog (metricKey) and score it
 * with a metric rule; rating indicators are rated on a rubric. `key` is unique in the template.
 */
export const indicatorSchema = z.object({
  key: z.string().trim().max(64),
  name: z.string().trim().max(100).optional(),
  weight: numericValue,
  kind: z.enum(['metric', 'rating']),
  metricKey: z.string().max(64).optional(),
  rule: indicatorRuleSchema,
});
export const dimensionSchema = z.object({
  key: z.string().trim().max(64),
  name: z.string().trim().max(100),
  weight: numericValue,
  indicators: z.array(indicatorSchema).max(30),
});
export const scorecardDefinition = z.object({ dimensions: z.array(dimensionSchema).max(20) });
export type ScorecardDefinition = z.infer<typeof scorecardDefinition>;
export type IndicatorDefinitionInput = z.infer<typeof indicatorSchema>;

/** Tenure stages: probation, the first months after regularization, tenured. */
export const tenureStages = ['probation', 'early', 'tenured'] as const;
export const tenureStage = z.enum(tenureStages);
export type TenureStage = z.infer<typeof tenureStage>;

export const createScorecardTemplateRequest = z.object({
  name: z.string().trim().min(1).max(100),
  /** Positions it applies to; empty: every position. */
  positionIds: z.array(uuid).max(100).default([]),
  /** Stages it applies to; empty: every stage. */
  stages: z.array(tenureStage).max(3).default([]),
  definition: scorecardDefinition,
  note: z.string().trim().max(500).optional(),
});
export const updateScorecardTemplateRequest = createScorecardTemplateRequest.extend({
  /** The version the edit started from; another edit in between answers 409 TEMPLATE_VERSION_CONFLICT. */
  expectedVersion: z.number().int().min(1),
});

const positionRef = z.object({ id: uuid, name: z.string() });
export const scorecardTemplateSummary = z.object({
  id: uuid,
  name: z.string(),
  positions: z.array(positionRef),
  stages: z.array(tenureStage),
  currentVersion: z.number().int(),
  isActive: z.boolean(),
  dimensions: z.array(z.object({ key: z.string(), name: z.string(), weight: numericValue, indicators: z.number() })),
  updatedAt: z.string(),
});
export const scorecardTemplateView = scorecardTemplateSummary.extend({
  definition: scorecardDefinition,
  note: z.string().nullable(),
  createdAt: z.string(),
});
export const scorecardTemplateList = z.object({ items: z.array(scorecardTemplateSummary) });
export const scorecardTemplateVersionView = z.object({
  version: z.number().int(),
  definition: scorecardDefinition,
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
export const scorecardTemplateVersions = z.object({
  templateId: uuid,
  items: z.array(scorecardTemplateVersionView),
});
export type ScorecardTemplateSummary = z.infer<typeof scorecardTemplateSummary>;
export type ScorecardTemplateView = z.infer<typeof scorecardTemplateView>;
export type ScorecardTemplateVersionView = z.infer<typeof scorecardTemplateVersionView>;

// ── Applicability ───────────────────────────────────────────────────────────────────────────────────

export const applicableTemplateQuery = z.object({ employeeId: uuid });
export const stageReason = z.object({
  /** PROBATION: status probation; EARLY / TENURED: months since regularization (or hire) vs the setting. */
  code: z.enum(['PROBATION', 'EARLY', 'TENURED']),
  /** Regularization date, or the hire date for people who never had a probation. */
  since: z.string().nullable(),
  /** Whole months from `since` to today. */
  monthsSince: z.number().int().nullable(),
  earlyStageMonths: z.number().int(),
});
export const applicableTemplate = z.object({
  employee: z.object({ id: uuid, name: z.string(), position: positionRef.nullable() }),
  stage: tenureStage,
  reason: stageReason,
  /** null: no active template for this position and stage. */
  template: scorecardTemplateView.nullable(),
});
export type ApplicableTemplate = z.infer<typeof applicableTemplate>;

export const performanceSettings = z.object({
  earlyStageMonths: z.number().int().min(1).max(36),
  /** Days before a person's probation end at which their probation review opens automatically. */
  probationReviewLeadDays: z.number().int().min(0).max(180),
  updatedAt: z.string().nullable(),
});
export const updatePerformanceSettingsRequest = z.object({
  earlyStageMonths: z.number().int().min(1).max(36),
  /** Left out: unchanged. */
  probationReviewLeadDays: z.number().int().min(0).max(180).optional(),
});
export type PerformanceSettings = z.infer<typeof performanceSettings>;

// ── Preview ─────────────────────────────────────────────────────────────────────────────────────────

export const scorecardPreviewRequest = z.object({
  employeeId: uuid,
  periodType: periodTypeSchema.default('month'),
  periodStart: isoDate,
  /** A frozen version to preview; the current one when left out. */
  version: z.number().int().min(1).optional(),
});
const explanation = z.object({ code: z.string(), params: z.record(z.string(), z.unknown()) });
export const previewIndicator = z.object({
  key: z.string(),
  name: z.string().nullable(),
  dimension: z.string(),
  kind: z.enum(['metric', 'rating']),
  rule: z.string(),
  metricKey: z.string().nullable(),
  actual: z.string().nullable(),
  target: z.string().nullable(),
  /** personal: an agreed target of the person; template: the rule's default target. */
  targetSource: z.enum(['personal', 'template']).nullable(),
  attainment: z.string().nullable(),
  score: z.string(),
  weight: z.string(),
  contribution: z.string(),
  explanation,
  /** Why it scored 0 without data (NO_ACTUAL, NO_RATINGS, …), null when scored. */
  missing: z.string().nullable(),
});
export const scorecardPreview = z.object({
  template: z.object({ id: uuid, name: z.string(), version: z.number().int() }),
  employee: z.object({ id: uuid, name: z.string() }),
  periodType: periodTypeSchema,
  periodStart: z.string(),
  total: z.string(),
  maxTotal: z.string(),
  /** Graded by the organization's default scale; null without one. */
  grade: z.object({ grade: z.string(), bonusCoefficient: z.string(), scaleName: z.string() }).nullable(),
  dimensions: z.array(
    z.object({ key: z.string(), name: z.string(), score: z.string(), weight: z.string(), contribution: z.string() }),
  ),
  indicators: z.array(previewIndicator),
  missing: z.array(z.object({ indicator: z.string(), dimension: z.string(), reason: z.string() })),
});
export type ScorecardPreview = z.infer<typeof scorecardPreview>;

// ── Grade scales ────────────────────────────────────────────────────────────────────────────────────

export const gradeBandSchema = z.object({
  grade: z.string().trim().max(10),
  minScore: numericValue,
  maxScore: numericValue.nullable().optional(),
  bonusCoefficient: numericValue,
});
const guidelineGrades = z.union([z.string().max(10), z.array(z.string().max(10)).max(20)]);
export const guidelineEntrySchema = z.union([
  z.object({
    grades: guidelineGrades,
    operator: z.literal('between'),
    percents: z.tuple([numericValue, numericValue]),
  }),
  z.object({ grades: guidelineGrades, operator: z.enum(['=', '<', '<=', '>', '>=']), percent: numericValue }),
]);
export const distributionGuidelineSchema = z.object({
  entries: z.array(guidelineEntrySchema).max(20),
  minHeadcount: z.number().int().min(0).max(10000).optional(),
});
export const gradeScaleRequest = z.object({
  name: z.string().trim().min(1).max(100),
  bands: z.array(gradeBandSchema).max(20),
  guideline: distributionGuidelineSchema.nullable().default(null),
  isDefault: z.boolean().optional(),
});
export const gradeScaleView = z.object({
  id: uuid,
  name: z.string(),
  bands: z.array(gradeBandSchema),
  guideline: distributionGuidelineSchema.nullable(),
  isDefault: z.boolean(),
  updatedAt: z.string(),
});
export const gradeScaleList = z.object({
  items: z.array(gradeScaleView),
  /** When the organization has no scale yet: the common market defaults, to copy (not stored). */
  suggestion: z
    .object({
      name: z.string(),
      source: z.string(),
      bands: z.array(gradeBandSchema),
      guideline: distributionGuidelineSchema,
    })
    .nullable(),
});
export type GradeScaleView = z.infer<typeof gradeScaleView>;
export type GradeScaleRequest = z.input<typeof gradeScaleRequest>;
export type GradeScaleList = z.infer<typeof gradeScaleList>;
