import type { Locale, PoolDecision, PoolReason, SuggestedStep, SuggestionRule } from '@stride/contracts';

// Texts of the pool export, in the reader's language (the web app has its own in i18n).

interface Labels {
  sheet: string;
  headers: string[];
  yes: string;
  no: string;
  steps: Record<SuggestedStep, string>;
  rules: Record<SuggestionRule, string>;
  decisions: Record<PoolDecision, string>;
  severities: Record<string, string>;
}

const zh: Labels = {
  sheet: '低绩效人员池',
  headers: [
    '工号',
    '姓名',
    '部门',
    '原因',
    '趋势（达成率 / 等级）',
    '连续次数',
    '建议',
    '建议依据',
    '优化清单',
    '决定',
    '决定说明',
    '决定人',
    '决定时间',
  ],
  yes: '是',
  no: '否',
  steps: {
    coaching_training: '辅导与培训',
    improvement_plan: '绩效改进计划',
    transfer_or_exit_review: '调岗或解除审查',
  },
  rules: {
    first_time: '首次进入人员池',
    repeated: '近期再次进入人员池',
    plan_in_progress: '改进计划进行中',
    failed_plan: '改进计划期满后仍不达标',
  },
  decisions: {
    coaching: '辅导',
    training: '培训',
    improvement_plan: '绩效改进计划',
    transfer: '调岗',
    exit_review: '解除审查',
    no_action: '暂不处理',
  },
  severities: { low: '低', medium: '中', high: '高' },
};

const en: Labels = {
  sheet: 'Low-performer pool',
  headers: [
    'Employee no.',
    'Name',
    'Unit',
    'Reasons',
    'Trend (attainment / grade)',
    'Occurrence',
    'Suggestion',
    'Why',
    'Optimization list',
    'Decision',
    'Decision note',
    'Decided by',
    'Decided at',
  ],
  yes: 'Yes',
  no: 'No',
  steps: {
    coaching_training: 'Coaching and training',
    improvement_plan: 'Improvement plan',
    transfer_or_exit_review: 'Transfer or exit review',
  },
  rules: {
    first_time: 'First time in the pool',
    repeated: 'In the pool again recently',
    plan_in_progress: 'Improvement plan in progress',
    failed_plan: 'Still unsatisfactory after the improvement plan',
  },
  decisions: {
    coaching: 'Coaching',
    training: 'Training',
    improvement_plan: 'Improvement plan',
    transfer: 'Transfer',
    exit_review: 'Exit review',
    no_action: 'No action',
  },
  severities: { low: 'low', medium: 'medium', high: 'high' },
};

export const labels = (locale: Locale): Labels => (locale === 'zh-CN' ? zh : en);

/** One reason as a short sentence with its figures. */
export function describeReason(r: PoolReason, locale: Locale): string {
  const l = labels(locale);
  const zhCN = locale === 'zh-CN';
  switch (r.kind) {
    case 'alert':
      return zhCN
        ? `预警：${r.ruleName}（${l.severities[r.severity]}）`
        : `Alert: ${r.ruleName} (${l.severities[r.severity]})`;
    case 'grade':
      return zhCN ? `绩效等级 ${r.grade}（${r.cycleName}）` : `Grade ${r.grade} (${r.cycleName})`;
    case 'attainment':
      return zhCN
        ? `达成率 ${r.attainmentPct}%（低于 ${r.thresholdPct}%）`
        : `Attainment ${r.attainmentPct}% (below ${r.thresholdPct}%)`;
  }
}
