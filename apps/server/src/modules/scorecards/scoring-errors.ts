import type { Locale } from '@stride/contracts';
import type { GradeScaleErrorCode, GuidelineErrorCode, InputErrorCode, Issue, TemplateErrorCode } from '@stride/domain';
import type { FieldError } from '../../lib/errors';

type Texts = Record<Locale, string>;
type EngineCode = TemplateErrorCode | InputErrorCode | GradeScaleErrorCode | GuidelineErrorCode;

/**
 * Field-error texts for every code the scoring engine reports (templates, inputs, grade scales,
 * distribution guidelines) plus this module's own. Codes shared by several validators (EMPTY_KEY,
 * NOT_A_NUMBER, …) have texts that read right for each. problem.ts looks codes up here.
 */
export const scoringFieldText = {
  NO_DIMENSIONS: { 'zh-CN': '至少需要一个考核维度', 'en-US': 'Add at least one dimension' },
  NO_INDICATORS: { 'zh-CN': '每个维度至少需要一个指标', 'en-US': 'Each dimension needs at least one indicator' },
  EMPTY_KEY: { 'zh-CN': '标识（或等级名）不能为空', 'en-US': 'The key (or grade) must not be empty' },
  DUPLICATE_KEY: {
    'zh-CN': '与前面的标识（或等级名）重复，须唯一',
    'en-US': 'Repeats an earlier key (or grade); it must be unique',
  },
  NOT_A_NUMBER: { 'zh-CN': '须为数字', 'en-US': 'Must be a number' },
  INVALID_OPTION: { 'zh-CN': '不是允许的选项', 'en-US': 'Not one of the allowed options' },
  UNKNOWN_KIND: { 'zh-CN': '指标类型须为“数据指标”或“评分指标”', 'en-US': 'The kind must be metric or rating' },
  UNKNOWN_RULE: { 'zh-CN': '未知的计分规则', 'en-US': 'Unknown scoring rule' },
  RULE_KIND_MISMATCH: {
    'zh-CN': '评分指标只能用评分量表，数据指标不能用评分量表',
    'en-US': 'Rating indicators use a rubric; metric indicators use a metric rule',
  },
  WEIGHT_NEGATIVE: { 'zh-CN': '权重不能为负数', 'en-US': 'A weight must not be negative' },
  WEIGHTS_NOT_100: { 'zh-CN': '权重合计须为 100', 'en-US': 'The weights must add up to 100' },
  TARGET_NOT_POSITIVE: { 'zh-CN': '目标值须大于 0', 'en-US': 'The target must be greater than 0' },
  SCORE_BOUND_NEGATIVE: { 'zh-CN': '保底分和封顶分不能为负数', 'en-US': 'Floor and cap must not be negative' },
  FLOOR_ABOVE_CAP: { 'zh-CN': '保底分高于封顶分', 'en-US': 'The floor is above the cap' },
  SCORE_OUT_OF_RANGE: { 'zh-CN': '须在 0 到 100 之间', 'en-US': 'Must be between 0 and 100' },
  BANDS_EMPTY: { 'zh-CN': '至少需要一个分档', 'en-US': 'Add at least one band' },
  BANDS_NOT_INCREASING: {
    'zh-CN': '分档门槛须从上到下严格递增',
    'en-US': 'Band thresholds must strictly increase from one band to the next',
  },
  BAND_POINTS_NOT_MONOTONIC: {
    'zh-CN': '分档得分不能奖励更差的结果（须随门槛单调变化）',
    'en-US': 'Band points must never reward a worse value (monotonic with the threshold)',
  },
  POINTS_NEGATIVE: { 'zh-CN': '得分不能为负数', 'en-US': 'Points must not be negative' },
  GROWTH_RANGE_EMPTY: {
    'zh-CN': '满分增长率须不同于零分增长率',
    'en-US': 'The growth for full score must differ from the growth for zero',
  },
  RUBRIC_EMPTY: { 'zh-CN': '评分量表至少需要一个等级', 'en-US': 'The rubric needs at least one level' },
  DUPLICATE_LEVEL: { 'zh-CN': '量表等级重复', 'en-US': 'Repeats a rubric level' },
  RATERS_EMPTY: { 'zh-CN': '至少需要一类评分人', 'en-US': 'Add at least one rater' },
  RATER_WEIGHT_NOT_POSITIVE: { 'zh-CN': '评分人权重须大于 0', 'en-US': 'A rater’s weight must be greater than 0' },
  RATER_WEIGHTS_NOT_100: { 'zh-CN': '评分人权重合计须为 100', 'en-US': 'The raters’ weights must add up to 100' },
  UNKNOWN_INDICATOR: { 'zh-CN': '方案中没有这个指标', 'en-US': 'The template has no such indicator' },
  INPUT_KIND_MISMATCH: {
    'zh-CN': '输入与指标类型不符（数据指标给实际值，评分指标给评分）',
    'en-US': 'The input does not fit the indicator (actuals for metrics, ratings for ratings)',
  },
  ACTUAL_NOT_IN_COHORT: {
    'zh-CN': '本人的实际值不在对比人群中',
    'en-US': 'The person’s actual is not in the peer cohort',
  },
  RATING_NOT_IN_RUBRIC: { 'zh-CN': '评分不是量表中的等级', 'en-US': 'The rating is not a level of the rubric' },
  UNEXPECTED_RATER: { 'zh-CN': '此指标没有这类评分人', 'en-US': 'This indicator has no such rater' },
  GRADE_SCALE_EMPTY: { 'zh-CN': '至少需要一个等级', 'en-US': 'Add at least one grade' },
  MIN_SCORE_NEGATIVE: { 'zh-CN': '最低分不能为负数', 'en-US': 'The minimum score must not be negative' },
  MAX_NOT_ABOVE_MIN: { 'zh-CN': '上限须高于下限', 'en-US': 'The upper bound must be above the lower bound' },
  COEFFICIENT_NEGATIVE: { 'zh-CN': '奖金系数不能为负数', 'en-US': 'The bonus coefficient must not be negative' },
  GRADE_BANDS_OVERLAP: { 'zh-CN': '与其他等级的分数区间重叠', 'en-US': 'Overlaps another grade’s score range' },
  GRADE_BANDS_GAP: {
    'zh-CN': '分数区间有空档：须从 0 分起连续覆盖，最高等级不设上限',
    'en-US': 'Leaves a gap: the grades must cover every score from 0 up, the top one without an upper bound',
  },
  NO_GRADES: { 'zh-CN': '至少选择一个等级', 'en-US': 'Choose at least one grade' },
  PERCENT_OUT_OF_RANGE: { 'zh-CN': '百分比须在 0 到 100 之间', 'en-US': 'The percentage must be between 0 and 100' },
  RANGE_REVERSED: { 'zh-CN': '区间下限高于上限', 'en-US': 'The lower end is above the upper end' },
  // This module's own checks.
  METRIC_KEY_REQUIRED: { 'zh-CN': '数据指标须选择指标库中的指标', 'en-US': 'A metric indicator needs a metric' },
  UNKNOWN_GRADE: { 'zh-CN': '等级标准中没有这个等级', 'en-US': 'The grade scale has no such grade' },
} as const satisfies Record<EngineCode | 'METRIC_KEY_REQUIRED' | 'UNKNOWN_GRADE', Texts>;

/** "dimensions[1].indicators[0].weight" → "definition.dimensions.1.indicators.0.weight". */
export function fieldPath(prefix: string, enginePath: string): string {
  const dotted = enginePath.replace(/\[(\d+)\]/g, '.$1');
  return prefix ? `${prefix}.${dotted}` : dotted;
}

/** The engine's issues as field errors under a prefix (definition, or nothing for a grade scale's bands). */
export function toFieldErrors(prefix: string, issues: readonly Issue<string>[]): FieldError[] {
  return issues.map((i) => ({ field: fieldPath(prefix, i.path), code: i.code }));
}
