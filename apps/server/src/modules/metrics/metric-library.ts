import type { ActivityType } from '@stride/contracts';

export const periodTypes = ['week', 'month', 'quarter', 'year'] as const;
export type PeriodType = (typeof periodTypes)[number];

export interface MetricDefinition {
  key: string;
  name: { 'zh-CN': string; 'en-US': string };
  unit: 'CNY' | 'count' | 'ratio' | 'score';
  /** Activity types that produce the value: the drill-down lists exactly these. */
  types: readonly ActivityType[];
  /** SQL aggregate over `a` (activities of one person in one period); column names only, no input. */
  sql: string;
}

const count = (type: ActivityType) => `count(*) filter (where a.type = '${type}')`;
const sum = (type: ActivityType) => `coalesce(sum(a.amount) filter (where a.type = '${type}'), 0)`;

/** The built-in metric library. Voided facts never count. */
export const builtinMetrics: readonly MetricDefinition[] = [
  {
    key: 'revenue',
    name: { 'zh-CN': '订单金额', 'en-US': 'Revenue' },
    unit: 'CNY',
    types: ['order'],
    sql: sum('order'),
  },
  {
    key: 'collections',
    name: { 'zh-CN': '回款金额', 'en-US': 'Collections' },
    unit: 'CNY',
    types: ['payment', 'refund'],
    sql: `${sum('payment')} - ${sum('refund')}`,
  },
  {
    key: 'orders',
    name: { 'zh-CN': '订单数', 'en-US': 'Orders' },
    unit: 'count',
    types: ['order'],
    sql: count('order'),
  },
  { key: 'calls', name: { 'zh-CN': '电话数', 'en-US': 'Calls' }, unit: 'count', types: ['call'], sql: count('call') },
  {
    key: 'visits',
    name: { 'zh-CN': '拜访数', 'en-US': 'Visits' },
    unit: 'count',
    types: ['visit'],
    sql: count('visit'),
  },
  {
    key: 'meetings',
    name: { 'zh-CN': '会议数', 'en-US': 'Meetings' },
    unit: 'count',
    types: ['meeting'],
    sql: count('meeting'),
  },
  {
    key: 'followups',
    name: { 'zh-CN': '客户回访数', 'en-US': 'Follow-ups' },
    unit: 'count',
    types: ['followup'],
    sql: count('followup'),
  },
  {
    key: 'leads',
    name: { 'zh-CN': '新增线索', 'en-US': 'Leads' },
    unit: 'count',
    types: ['lead_created'],
    sql: count('lead_created'),
  },
  {
    key: 'opportunities',
    name: { 'zh-CN': '新增商机', 'en-US': 'Opportunities' },
    unit: 'count',
    types: ['opportunity_created'],
    sql: count('opportunity_created'),
  },
  {
    key: 'win_rate',
    name: { 'zh-CN': '赢单率', 'en-US': 'Win rate' },
    unit: 'ratio',
    types: ['opportunity_won', 'opportunity_lost'],
    sql: `${count('opportunity_won')}::numeric / nullif(${count('opportunity_won')} + ${count('opportunity_lost')}, 0)`,
  },
  {
    key: 'avg_deal_size',
    name: { 'zh-CN': '平均订单金额', 'en-US': 'Average deal size' },
    unit: 'CNY',
    types: ['order'],
    sql: `${sum('order')} / nullif(${count('order')}, 0)`,
  },
  {
    key: 'customers',
    name: { 'zh-CN': '成交客户数', 'en-US': 'Customers ordering' },
    unit: 'count',
    types: ['order'],
    sql: `count(distinct a.customer_external_id) filter (where a.type = 'order')`,
  },
  {
    key: 'high_value_customers',
    name: { 'zh-CN': '高价值客户覆盖', 'en-US': 'High-value customers served' },
    unit: 'count',
    types: ['order', 'payment', 'visit', 'call', 'meeting', 'followup'],
    sql: `count(distinct a.customer_external_id) filter (where a.customer_tier = 'high_value')`,
  },
  {
    key: 'csat',
    name: { 'zh-CN': '客户满意度', 'en-US': 'Customer satisfaction' },
    unit: 'score',
    types: ['csat'],
    sql: `avg(case when a.type = 'csat' and (a.attributes->>'score') ~ '^[0-9]+(\\.[0-9]+)?$' then (a.attributes->>'score')::numeric end)`,
  },
];

export const metricByKey = new Map(builtinMetrics.map((m) => [m.key, m]));
