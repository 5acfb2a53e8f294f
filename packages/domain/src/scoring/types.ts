// Scorecard scoring engine: shared types (DOMAIN.md §2). Pure data, no behaviour.
//
// Numbers enter as strings ("12.50") or JS numbers and are read into decimal.js; results leave as
// decimal strings. Scores are on a 0..cap scale where 100 means "target met"; weights are percentages.

/** A decimal given as a string ("12.50", preferred: no binary rounding) or a finite JS number. */
export type Numeric = string | number;

/** Whether more of the indicator is better (orders, visits) or worse (refund rate, overdue days). */
export type Direction = 'higher_is_better' | 'lower_is_better';

/**
 * Linear attainment: attainment = actual / target × 100, score = clamp(attainment, floor, cap).
 * Lower is better mirrors attainment around 100 so the rule stays linear and defined at actual 0:
 * score = clamp(200 − actual / target × 100, floor, cap) (refund rate 1% vs target 2% → 150, capped).
 */
export interface LinearRule {
  type: 'linear';
  /** Default target, must be > 0; an input's own target (a personal quota) takes precedence. */
  target?: Numeric;
  /** Default 0. */
  floor?: Numeric;
  /** Default 120. */
  cap?: Numeric;
  /** Default 'higher_is_better'. */
  direction?: Direction;
}

export interface Band {
  threshold: Numeric;
  points: Numeric;
}

/**
 * Bands: thresholds strictly increasing. Higher is better: the band with the highest threshold
 * ≤ value wins (first match from the top, a value exactly at a threshold is in that band). Lower is
 * better: the band with the lowest threshold ≥ value wins. No match → fallbackPoints.
 * Points must never reward a worse value (non-decreasing with the threshold when higher is better,
 * non-increasing when lower is better; fallbackPoints counts as the worst band).
 */
export interface BandsRule {
  type: 'bands';
  /** What thresholds are compared with: the actual (default) or attainment % = actual / target × 100. */
  measure?: 'actual' | 'attainment';
  /** Default target for measure 'attainment' (> 0); an input target takes precedence. */
  target?: Numeric;
  bands: readonly Band[];
  /** Points when no band matches. Default 0. */
  fallbackPoints?: Numeric;
  /** Default 'higher_is_better'. */
  direction?: Direction;
}

/**
 * Percentile within the peer cohort. The cohort input holds every member's actual including this
 * person's. percentile = (midrank − 1) / (n − 1) × 100, where midrank is the 1-based ascending rank
 * and tied values share the mean of their ranks: the lowest scores 0, the highest 100, an all-tied
 * cohort 50. Lower is better uses 100 − percentile. A cohort of one scores singleMemberScore.
 * The result is then clamped to [floor, cap].
 */
export interface PercentileRule {
  type: 'percentile';
  /** Default 0. */
  floor?: Numeric;
  /** Default 100. */
  cap?: Numeric;
  /** Score of a person who is alone in the cohort, 0..100. Default 100. */
  singleMemberScore?: Numeric;
  /** Default 'higher_is_better'. */
  direction?: Direction;
}

/**
 * Growth vs a base: growth % = (actual − base) / |base| × 100, then the linear map
 * score = (growth − growthAtZeroScore) / (growthAtFullScore − growthAtZeroScore) × 100 clamped to
 * [0, cap]. growthAtFullScore < growthAtZeroScore expresses "lower growth is better".
 */
export interface GrowthRule {
  type: 'growth';
  /** Which period the caller must supply as the input's base (informational for the server). */
  base: 'previous_period' | 'same_period_last_year';
  /** Growth % that scores 0, e.g. -10. */
  growthAtZeroScore: Numeric;
  /** Growth % that scores 100, e.g. 20. */
  growthAtFullScore: Numeric;
  /** Default 120. */
  cap?: Numeric;
}

export type MetricRule = LinearRule | BandsRule | PercentileRule | GrowthRule;

export interface RubricLevel {
  level: number;
  label: string;
  description: string;
  points: Numeric;
}

export type RaterKind = 'self' | 'manager' | 'peer';

export interface RaterWeight {
  rater: RaterKind;
  /** > 0; the raters' weights sum to 100. */
  weight: Numeric;
}

/**
 * Rating against a rubric. Each rater's score is the points of the level they chose (peers: the
 * mean of the peers' points). The indicator score is the weighted mean over the raters who rated:
 * a rater who did not rate has their weight redistributed proportionally among those who did,
 * i.e. score = Σ w_r × s_r / Σ w_r over raters with a rating. (Manager 60 / self 20 / peers 20
 * with no peer rating → manager 75, self 25.) Nobody rated → the indicator is missing.
 */
export interface RatingRule {
  type: 'rubric';
  rubric: readonly RubricLevel[];
  raters: readonly RaterWeight[];
}

interface IndicatorBase {
  /** Unique across the whole template: inputs are keyed by it. */
  key: string;
  name?: string;
  /** Weight within the dimension; a dimension's indicator weights sum to 100. */
  weight: Numeric;
}

export interface MetricIndicator extends IndicatorBase {
  kind: 'metric';
  rule: MetricRule;
}

export interface RatingIndicator extends IndicatorBase {
  kind: 'rating';
  rule: RatingRule;
}

export type IndicatorDefinition = MetricIndicator | RatingIndicator;

export interface DimensionDefinition {
  key: string;
  name: string;
  /** The template's dimension weights sum to 100. */
  weight: Numeric;
  indicators: readonly IndicatorDefinition[];
}

export interface ScorecardTemplate {
  dimensions: readonly DimensionDefinition[];
}

/** Defaults applied when a rule leaves an option out. */
export const RULE_DEFAULTS = {
  floor: '0',
  linearCap: '120',
  percentileCap: '100',
  singleMemberScore: '100',
  growthCap: '120',
  fallbackPoints: '0',
  direction: 'higher_is_better',
} as const satisfies Record<string, string>;

// ---------------------------------------------------------------------------------------------
// Inputs

export interface RatingsInput {
  self?: number | null;
  manager?: number | null;
  /** One level per peer who rated. */
  peers?: readonly number[] | null;
}

/** One person's data for one indicator. Absent (null/undefined) values mean "not available". */
export interface IndicatorInput {
  actual?: Numeric | null;
  /** Personal target (quota); overrides the rule's default target. */
  target?: Numeric | null;
  /** Growth rules: the base period's actual. */
  base?: Numeric | null;
  /** Percentile rules: the actuals of the whole cohort, this person's included. */
  cohort?: readonly Numeric[] | null;
  /**
   * Percentile rules, instead of `cohort`: where the actual stands in it, as `cohortRanker` computes it.
   * Scoring a whole cohort with `cohort` is quadratic; a caller scoring everyone ranks once and passes this.
   */
  cohortRank?: CohortRank | null;
  /** Rating indicators only. */
  ratings?: RatingsInput | null;
}

/** How many cohort members are below and equal to an actual (the actual's own entry included), of how many. */
export interface CohortRank {
  below: number;
  equal: number;
  size: number;
}

/** Inputs keyed by indicator key. */
export type ScorecardInputs = Readonly<Record<string, IndicatorInput | undefined>>;

// ---------------------------------------------------------------------------------------------
// Errors

export const TEMPLATE_ERROR_CODES = [
  'NO_DIMENSIONS',
  'NO_INDICATORS',
  'EMPTY_KEY',
  'DUPLICATE_KEY',
  'NOT_A_NUMBER',
  'INVALID_OPTION',
  'UNKNOWN_KIND',
  'UNKNOWN_RULE',
  'RULE_KIND_MISMATCH',
  'WEIGHT_NEGATIVE',
  'WEIGHTS_NOT_100',
  'TARGET_NOT_POSITIVE',
  'SCORE_BOUND_NEGATIVE',
  'FLOOR_ABOVE_CAP',
  'SCORE_OUT_OF_RANGE',
  'BANDS_EMPTY',
  'BANDS_NOT_INCREASING',
  'BAND_POINTS_NOT_MONOTONIC',
  'POINTS_NEGATIVE',
  'GROWTH_RANGE_EMPTY',
  'RUBRIC_EMPTY',
  'DUPLICATE_LEVEL',
  'RATERS_EMPTY',
  'RATER_WEIGHT_NOT_POSITIVE',
  'RATER_WEIGHTS_NOT_100',
] as const;
export type TemplateErrorCode = (typeof TEMPLATE_ERROR_CODES)[number];

export const INPUT_ERROR_CODES = [
  'UNKNOWN_INDICATOR',
  'INPUT_KIND_MISMATCH',
  'NOT_A_NUMBER',
  'TARGET_NOT_POSITIVE',
  'ACTUAL_NOT_IN_COHORT',
  'RATING_NOT_IN_RUBRIC',
  'UNEXPECTED_RATER',
] as const;
export type InputErrorCode = (typeof INPUT_ERROR_CODES)[number];

/**
 * A problem located by a path such as "dimensions[0].indicators[1].rule.cap" or "inputs.revenue.actual".
 * value carries the offending value or sum when that helps ("99.99" for WEIGHTS_NOT_100).
 */
export interface Issue<Code extends string> {
  path: string;
  code: Code;
  value?: string;
}

export type TemplateIssue = Issue<TemplateErrorCode>;
export type ScoringIssue = Issue<TemplateErrorCode | InputErrorCode>;

// ---------------------------------------------------------------------------------------------
// Results

export type MissingReason = 'NO_ACTUAL' | 'NO_TARGET' | 'NO_BASE' | 'BASE_ZERO' | 'NO_COHORT' | 'NO_RATINGS';

export interface MissingInput {
  indicator: string;
  dimension: string;
  reason: MissingReason;
}

export type Clamped = 'floor' | 'cap' | null;

export interface RaterScore {
  rater: RaterKind;
  levels: readonly number[];
  points: string;
  /** Weight after redistribution among the raters who rated (sums to 100). */
  weight: string;
}

/** Why an indicator scored what it did, for display (an i18n key plus parameters). */
export type Explanation =
  | {
      code: 'LINEAR_ATTAINMENT';
      params: { attainment: string; raw: string; floor: string; cap: string; direction: Direction; clamped: Clamped };
    }
  | { code: 'BAND_MATCHED'; params: { value: string; threshold: string; points: string; direction: Direction } }
  | { code: 'NO_BAND_MATCHED'; params: { value: string; points: string; direction: Direction } }
  | {
      code: 'PERCENTILE_RANK';
      params: {
        percentile: string;
        midrank: string;
        cohortSize: number;
        floor: string;
        cap: string;
        direction: Direction;
        clamped: Clamped;
      };
    }
  | { code: 'SINGLE_MEMBER_COHORT'; params: { score: string; floor: string; cap: string; clamped: Clamped } }
  | {
      code: 'GROWTH';
      params: {
        base: string;
        growth: string;
        growthAtZeroScore: string;
        growthAtFullScore: string;
        raw: string;
        cap: string;
        clamped: Clamped;
      };
    }
  | { code: 'RATING'; params: { raters: readonly RaterScore[]; notRated: readonly RaterKind[] } }
  | { code: 'MISSING_INPUT'; params: { reason: MissingReason } };

export interface IndicatorScore {
  key: string;
  dimension: string;
  kind: 'metric' | 'rating';
  rule: MetricRule['type'] | RatingRule['type'];
  /** As given (normalised), null when absent or for ratings. */
  actual: string | null;
  /** The target used (input or template), null when none. */
  target: string | null;
  /** actual / target × 100, 2 places; null without both. */
  attainment: string | null;
  score: string;
  /** Effective weight in the whole card: dimension weight × indicator weight / 100. */
  weight: string;
  /** score × effective weight / 100. */
  contribution: string;
  explanation: Explanation;
  /** Unrounded values (decimal strings) for audit and attribution. */
  exact: { score: string; weight: string; contribution: string };
}

export interface DimensionScore {
  key: string;
  /** Σ indicator score × indicator weight / 100, on the indicators' 0..cap scale. */
  score: string;
  weight: string;
  /** Σ of its indicators' contributions (= score × weight / 100 before rounding). */
  contribution: string;
}

export interface ScoredCard {
  ok: true;
  /** Σ contributions, rounded once, 2 places ROUND_HALF_UP. */
  total: string;
  /** Highest total the template allows (every indicator at its maximum score). */
  maxTotal: string;
  dimensions: DimensionScore[];
  indicators: IndicatorScore[];
  /** Indicators without the data to score them: each scored 0, never silently skipped. */
  missing: MissingInput[];
  exact: { total: string };
}

export type ScoreCardResult = ScoredCard | { ok: false; errors: ScoringIssue[] };

// ---------------------------------------------------------------------------------------------
// Grades

export interface GradeBand {
  grade: string;
  /** Inclusive lower bound of the band. */
  minScore: Numeric;
  /**
   * Optional exclusive upper bound, as stored by UIs that keep both ends; when given it must equal
   * the next band's minScore, and the top band must leave it out (scores above would have no grade).
   */
  maxScore?: Numeric | null;
  bonusCoefficient: Numeric;
}

/** Bands in any order; each band runs from its minScore up to the next band's minScore. */
export type GradeScale = readonly GradeBand[];

export const GRADE_SCALE_ERROR_CODES = [
  'GRADE_SCALE_EMPTY',
  'EMPTY_KEY',
  'DUPLICATE_KEY',
  'NOT_A_NUMBER',
  'MIN_SCORE_NEGATIVE',
  'MAX_NOT_ABOVE_MIN',
  'COEFFICIENT_NEGATIVE',
  'GRADE_BANDS_OVERLAP',
  'GRADE_BANDS_GAP',
] as const;
export type GradeScaleErrorCode = (typeof GRADE_SCALE_ERROR_CODES)[number];
export type GradeScaleIssue = Issue<GradeScaleErrorCode>;

export type GradeResult =
  | { ok: true; grade: string; bonusCoefficient: string; minScore: string }
  | { ok: false; code: 'INVALID_SCALE'; errors: GradeScaleIssue[] }
  | { ok: false; code: 'NOT_A_NUMBER' | 'BELOW_SCALE' };

// ---------------------------------------------------------------------------------------------
// Distribution guidelines

export type BoundOperator = '=' | '<' | '<=' | '>' | '>=';
export type GuidelineOperator = BoundOperator | 'between';

/** "S < 10%", "C, D between 5% and 20%": grades counted together, percentages of the headcount. */
export type GuidelineEntry =
  | { grades: string | readonly string[]; operator: BoundOperator; percent: Numeric }
  | { grades: string | readonly string[]; operator: 'between'; percents: readonly [Numeric, Numeric] };

export interface DistributionGuideline {
  entries: readonly GuidelineEntry[];
  /** Teams with fewer people are not held to the guideline (DOMAIN.md §2: "~10"). Default 10. */
  minHeadcount?: number;
}

export interface DistributionEntryResult {
  index: number;
  grades: readonly string[];
  operator: GuidelineOperator;
  /** People whose grade is one of `grades`. */
  actual: number;
  /** actual / headcount × 100, 2 places. */
  actualPercent: string;
  /**
   * The guideline % × headcount as a count, compared with `actual` using `operator`:
   * < and <= round up, > and >= round down; '=' and 'between' give [low, high] (inclusive).
   */
  allowed: number | readonly [number, number];
  ok: boolean;
}

export const GUIDELINE_ERROR_CODES = [
  'NO_GRADES',
  'INVALID_OPTION',
  'NOT_A_NUMBER',
  'PERCENT_OUT_OF_RANGE',
  'RANGE_REVERSED',
] as const;
export type GuidelineErrorCode = (typeof GUIDELINE_ERROR_CODES)[number];

export type DistributionCheck =
  | {
      ok: true;
      /** false for teams under minHeadcount: entries are still computed, for information only. */
      applies: boolean;
      headcount: number;
      minHeadcount: number;
      /** Every entry satisfied. */
      withinGuideline: boolean;
      /** applies && !withinGuideline: what calibration should show as a warning. */
      warn: boolean;
      entries: DistributionEntryResult[];
    }
  | { ok: false; errors: Issue<GuidelineErrorCode>[] };

// ---------------------------------------------------------------------------------------------
// Attribution

export interface AttributionItem {
  key: string;
  /** Effective weight in the card (percent); the card total is Σ weight × score / 100. */
  weight: Numeric;
  score: Numeric;
  /** Unrounded values; used instead of weight/score when present (IndicatorScore carries them). */
  exact?: { weight: Numeric; score: Numeric };
}

/** One period's linear scorecard; a ScoredCard can be passed as it is. */
export interface AttributionSide {
  indicators: readonly AttributionItem[];
}

export interface IndicatorAttribution {
  key: string;
  /** Where the indicator exists; on the other side it counts with weight 0 and score 0. */
  presentIn: 'both' | 'previous' | 'current';
  previousWeight: string;
  currentWeight: string;
  previousScore: string;
  currentScore: string;
  /** w_old × (s_new − s_old) / 100 */
  scoreEffect: string;
  /** (w_new − w_old) × s_new / 100 */
  weightEffect: string;
  /** scoreEffect + weightEffect */
  contribution: string;
  exact: { scoreEffect: string; weightEffect: string; contribution: string };
}

export type AttributionResult =
  | {
      ok: true;
      previousTotal: string;
      currentTotal: string;
      /** currentTotal − previousTotal as displayed; the rounded contributions add up to it exactly. */
      totalChange: string;
      indicators: IndicatorAttribution[];
      /** Unrounded; Σ exact contributions = exact totalChange exactly. */
      exact: { previousTotal: string; currentTotal: string; totalChange: string };
    }
  | { ok: false; errors: Issue<'NOT_A_NUMBER' | 'EMPTY_KEY' | 'DUPLICATE_KEY'>[] };
