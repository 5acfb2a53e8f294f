import { type AlertRuleDraft, type AlertRuleKind, alertRuleInput, type Locale } from '@stride/contracts';
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { alertRules } from '../../db/schema';

/**
 * The built-in rules every organization starts with: one per method of DOMAIN.md §3, with its defaults
 * (filled in by the contract's parameter schemas). HR edits, disables or deletes them like any rule;
 * "restore built-in rules" adds back the ones missing by name.
 *
 * On by default: the combined slowdown rule and no activity. The single-indicator rules are installed switched
 * off: each adds 1-3% false flags of its own and, together, they find fewer slowdowns than the combined rule
 * (bench/RESULTS.md, "Early-warning detection"); HR switches one on where a single indicator matters.
 */
const builtins: { name: Record<Locale, string>; rule: Omit<Parameters<typeof alertRuleInput.parse>[0], 'name'> }[] = [
  {
    name: { 'zh-CN': '活动与业绩综合下滑', 'en-US': 'Activity and results slowing down' },
    // The one rule on by default for slowdowns: calls, visits and revenue pooled, each against the person's own
    // level since regularization as a share of the team's median (while it is short, the last two probation
    // months complete it, scaled by the team's typical ramp), a change signal plus a real shortfall
    // (DOMAIN.md §3). On the benchmark it finds more slowdowns than the seven single-indicator rules together at
    // a third of their false flags (bench/RESULTS.md, "Early-warning detection").
    rule: {
      kind: 'combined_decline',
      metricKey: 'revenue',
      periodType: 'month',
      severity: 'high',
      minPeriods: 3,
      params: { alsoMetrics: ['calls', 'visits'], levelPeriods: 6, h: 1.5, k: 0.5, window: 3, minDropPct: 20 },
      recipients: {
        hr: { enabled: true, message: null },
        manager: { enabled: true, message: null },
        employee: { enabled: false, message: null },
      },
    },
  },
  {
    name: { 'zh-CN': '订单金额连续下滑', 'en-US': 'Revenue declining' },
    rule: {
      kind: 'consecutive_decline',
      enabled: false,
      metricKey: 'revenue',
      periodType: 'month',
      severity: 'medium',
      minPeriods: 4,
      params: { periods: 3, minDropPct: 30 },
    },
  },
  {
    name: { 'zh-CN': '目标达成率不足', 'en-US': 'Attainment below target' },
    // Monthly revenue of a salesperson with a few orders a month is noisy: three months in a row under 70%
    // of target, not two of three under 80% (bench/RESULTS.md, "Early-warning detection").
    rule: {
      kind: 'attainment_below',
      enabled: false,
      metricKey: 'revenue',
      periodType: 'month',
      severity: 'high',
      minPeriods: 3,
      params: { thresholdPct: 70, n: 3, m: 3 },
    },
  },
  {
    name: { 'zh-CN': '订单金额低于同组同岗', 'en-US': 'Revenue below the cohort' },
    rule: {
      kind: 'below_cohort',
      enabled: false,
      metricKey: 'revenue',
      periodType: 'month',
      severity: 'medium',
      minPeriods: 3,
    },
  },
  {
    name: { 'zh-CN': '电话量较本人基线下降', 'en-US': 'Calls down against own baseline' },
    rule: {
      kind: 'activity_drop',
      enabled: false,
      metricKey: 'calls',
      periodType: 'week',
      severity: 'medium',
      minPeriods: 16,
      // A standard from 16 weeks, not 8: a short baseline underestimates the spread and alarms too often.
      params: { h: 5, baselinePeriods: 16 },
      recipients: {
        hr: { enabled: false, message: null },
        manager: { enabled: true, message: null },
        employee: { enabled: true, message: null },
      },
    },
  },
  {
    name: { 'zh-CN': '拜访量较本人基线下降', 'en-US': 'Visits down against own baseline' },
    rule: {
      kind: 'activity_drop',
      enabled: false,
      metricKey: 'visits',
      periodType: 'week',
      severity: 'medium',
      minPeriods: 16,
      // A standard from 16 weeks, not 8: a short baseline underestimates the spread and alarms too often.
      params: { h: 5, baselinePeriods: 16 },
      recipients: {
        hr: { enabled: false, message: null },
        manager: { enabled: true, message: null },
        employee: { enabled: true, message: null },
      },
    },
  },
  {
    name: { 'zh-CN': '转正后拜访量懈怠', 'en-US': 'Visits slack after regularization' },
    rule: {
      kind: 'post_regularization_slack',
      enabled: false,
      metricKey: 'visits',
      periodType: 'month',
      severity: 'high',
      minPeriods: 3,
      scope: { unitIds: [], positionIds: [], stages: ['early'] },
      recipients: {
        hr: { enabled: true, message: null },
        manager: { enabled: true, message: null },
        employee: { enabled: true, message: null },
      },
    },
  },
  {
    name: { 'zh-CN': '连续无销售活动', 'en-US': 'No sales activity' },
    rule: { kind: 'no_activity', metricKey: null, periodType: 'day', severity: 'high', minPeriods: 1, cooldownDays: 7 },
  },
];

export function builtinRules(locale: Locale = 'zh-CN'): AlertRuleDraft[] {
  return builtins.map((b) => alertRuleInput.parse({ ...b.rule, name: b.name[locale] }));
}

/** Adds the built-in rules whose name the organization does not have; returns how many were added. */
export async function installBuiltinRules(tx: DbOrTx, orgId: string, createdBy: string | null = null): Promise<number> {
  const existing = new Set(
    (await queryRows<{ name: string }>(tx, sql`select name from alert_rules where org_id = ${orgId}`)).map(
      (r) => r.name,
    ),
  );
  const missing = builtinRules().filter((r) => !existing.has(r.name));
  if (missing.length === 0) return 0;
  await tx.insert(alertRules).values(missing.map((r) => ruleRow(orgId, r, createdBy)));
  return missing.length;
}

export function ruleRow(orgId: string, r: AlertRuleDraft, createdBy: string | null) {
  return {
    orgId,
    kind: r.kind,
    name: r.name,
    enabled: r.enabled,
    metricKey: r.kind === 'no_activity' ? null : r.metricKey,
    periodType: r.periodType,
    params: r.params,
    scope: r.scope,
    severity: r.severity,
    minPeriods: r.minPeriods,
    cooldownDays: r.cooldownDays,
    recoverAfter: r.recoverAfter,
    recipients: r.recipients,
    createdBy,
  };
}

export const kindNames: Record<AlertRuleKind, Record<Locale, string>> = {
  consecutive_decline: { 'zh-CN': '连续下滑', 'en-US': 'Consecutive decline' },
  attainment_below: { 'zh-CN': '达成率不足', 'en-US': 'Attainment below threshold' },
  below_cohort: { 'zh-CN': '低于同组', 'en-US': 'Below the cohort' },
  activity_drop: { 'zh-CN': '活动量下降', 'en-US': 'Activity drop' },
  post_regularization_slack: { 'zh-CN': '转正后懈怠', 'en-US': 'Post-regularization slack' },
  no_activity: { 'zh-CN': '无活动', 'en-US': 'No activity' },
  combined_decline: { 'zh-CN': '综合下滑', 'en-US': 'Combined slowdown' },
};
