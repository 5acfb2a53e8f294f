import type { Locale } from '@stride/contracts';

/** Field texts of the incentive codes (commission tiers, bonus coefficients and bands). */
export const incentiveFieldText: Record<string, Record<Locale, string>> = {
  TIERS_EMPTY: { 'zh-CN': '至少需要一个档位', 'en-US': 'At least one tier is needed' },
  TIER_FIRST_NOT_ZERO: { 'zh-CN': '第一档必须从 0 开始', 'en-US': 'The first tier must start at 0' },
  TIER_GAP: {
    'zh-CN': '与上一档之间有断档：起点必须等于上一档的终点',
    'en-US': 'Gap after the previous tier: the start must equal the previous tier’s end',
  },
  TIER_OVERLAP: {
    'zh-CN': '与上一档重叠：起点必须等于上一档的终点',
    'en-US': 'Overlaps the previous tier: the start must equal the previous tier’s end',
  },
  TIER_NOT_ASCENDING: { 'zh-CN': '终点必须大于起点', 'en-US': 'The end must be above the start' },
  TIER_OPEN_END_NOT_LAST: { 'zh-CN': '只有最后一档可以不设上限', 'en-US': 'Only the last tier may be open-ended' },
  TIER_LAST_NOT_OPEN: { 'zh-CN': '最后一档不能设上限（留空）', 'en-US': 'The last tier must be open-ended (no end)' },
  TIER_RATE_RANGE: { 'zh-CN': '提成比例必须在 0% 到 100% 之间', 'en-US': 'The rate must be between 0% and 100%' },
  TIER_NOT_A_NUMBER: { 'zh-CN': '不是有效的数字', 'en-US': 'Not a valid number' },
  ACCELERATOR_RANGE: {
    'zh-CN': '加速系数必须在 1 到 5 之间（或留空）',
    'en-US': 'The accelerator must be between 1 and 5 (or empty)',
  },
  COEFFICIENT_RANGE: {
    'zh-CN': '绩效系数必须在 0 到 10 之间',
    'en-US': 'A bonus coefficient must be between 0 and 10',
  },
  FACTOR_RANGE: { 'zh-CN': '系数必须在 0 到 10 之间', 'en-US': 'A factor must be between 0 and 10' },
  GRADE_WITHOUT_COEFFICIENT: {
    'zh-CN': '考核周期等级标准中的这个等级没有绩效系数',
    'en-US': 'This grade of the cycle’s scale has no bonus coefficient',
  },
  POSITION_UNKNOWN: { 'zh-CN': '岗位不存在', 'en-US': 'No such position' },
  EMPLOYEE_UNKNOWN: { 'zh-CN': '员工不存在', 'en-US': 'No such person' },
  NOT_A_DECIMAL: { 'zh-CN': '不是有效的数字', 'en-US': 'Not a valid number' },
  NOT_AN_AMOUNT: {
    'zh-CN': '金额必须是非负数，最多两位小数',
    'en-US': 'An amount must be non-negative with at most 2 decimals',
  },
};
