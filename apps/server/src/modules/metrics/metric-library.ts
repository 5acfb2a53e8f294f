import type { ActivityType } from '@stride/contracts';

export const periodTypes = ['week', 'month', 'quarter', 'year'] as const;
export type PeriodType = (typeof periodTypes)[number];

export interface MetricDefinition {
  key: string;
  name: { 'zh-CN': string; 'en-US': string };
  /** What the value counts, in a sentence (the metric library and the drill-down show it). */
  description: { 'zh-CN': string; 'en-US': string };
  unit: 'CNY' | 'count' | 'ratio' | 'score';
  /** Activity types that produce the value: the drill-down lists exactly these. */
  types: readonly ActivityType[];
  /** SQL aggregate over `a` (activities of one person in one period); column names only, no input. */
  sql: string;
  /**
   * The facts the value counts, as a condition on the activities table under this alias, where the types alone say
   * more than the value counts (a tier, a customer, a score): the drill-down lists exactly these.
   */
  facts?: (alias: string) => string;
  /** The value of a team or of several periods is the sum of its parts (money and counts of facts, not distinct counts or ratios). */
  additive: boolean;
  /**
   * The value depends on the period it is computed for, not only on the period's facts (it compares them with the
   * period before): `sql` and `facts` hold PERIOD_START and PERIOD_TYPE, and `scan` says which facts can matter at
   * all (a partial index holds exactly those).
   */
  periodAware?: { scan: (alias: string) => string };
  /**
   * The same values computed over sets instead of fact by fact, where a correlated probe per fact would cost too
   * much: `all` for a full rebuild (every person-period of the organization), `keyed` for the person-periods of a
   * `keys` CTE (absent: the aggregate, inside the one-pass statement). Each selects employee_id, period_type,
   * period_start and n, the non-zero values only; ORG_ID stands for the organization. The rebuild test
   * (customer-metrics.test.ts) and the benchmark's reference query check that they give the aggregate's numbers.
   */
  sets?: { all: string; keyed?: string };
}

/** Stands for the organization in a metric's set-based SQL. */
export const ORG_ID = '$ORG_ID$';

/** Placeholders of a period-aware metric's SQL: the start (a date) and the type (text) of the period computed. */
export const PERIOD_START = '$PERIOD_START$';
export const PERIOD_TYPE = '$PERIOD_TYPE$';
/** The start of the period before the one starting at `start`. */
export const previousStart = (start: string, type: string) =>
  `(case ${type} when 'week' then (${start} - 7) when 'month' then (${start} - interval '1 month')::date
    when 'quarter' then (${start} - interval '3 months')::date else (${start} - interval '1 year')::date end)`;
/** The day after the period starting at `start`. */
export const periodEnd = (start: string, type: string) =>
  `(${start} + case ${type} when 'week' then interval '7 days' when 'month' then interval '1 month'
    when 'quarter' then interval '3 months' else interval '1 year' end)::date`;
const PERIOD_TYPES_SQL = `(values ('week'), ('month'), ('quarter'), ('year')) as p(period_type)`;
/** A period-aware metric's SQL for one period: its placeholders replaced by SQL expressions. */
export const forPeriod = (text: string, start: string, type: string) =>
  text.split(PERIOD_START).join(start).split(PERIOD_TYPE).join(type);

const count = (type: ActivityType) => `count(*) filter (where a.type = '${type}')`;
const sum = (type: ActivityType) => `coalesce(sum(a.amount) filter (where a.type = '${type}'), 0)`;

const ORDER_WITH_CUSTOMER = (t: string) => `${t}.type = 'order' and ${t}.customer_external_id is not null`;
/** Serving a customer: selling, collecting, visiting, calling, meeting or following up (not refunds, deals lost or surveys). */
const HIGH_VALUE_TYPES = [
  'order',
  'payment',
  'visit',
  'call',
  'meeting',
  'followup',
] as const satisfies readonly ActivityType[];
const HIGH_VALUE_SERVED = (t: string) =>
  `${t}.type in (${HIGH_VALUE_TYPES.map((x) => `'${x}'`).join(', ')}) and ${t}.customer_tier = 'high_value' and ${t}.customer_external_id is not null`;
/**
 * A customer's first order with the organization: no order of the same customer (from anyone, matched to a person
 * or not) happened before it; orders at the same instant are ordered by source and id. Voided orders never count,
 * before or after. The partial index activities_org_customer_order_idx answers the probe.
 */
const FIRST_ORDER = (t: string) => `${ORDER_WITH_CUSTOMER(t)} and not exists (select 1 from activities f
    where f.org_id = ${t}.org_id and f.customer_external_id = ${t}.customer_external_id and f.type = 'order'
      and not f.is_voided and (f.occurred_at, f.source, f.external_id) < (${t}.occurred_at, ${t}.source, ${t}.external_id))`;
/**
 * A high-value customer served in the period whom the same person also served in the period before (a kept
 * relationship). The partial indexes activities_org_hv_served_idx (the period's facts) and
 * activities_org_hv_customer_idx (the probe of the period before) hold exactly the high-value serving facts.
 */
const HV_RETAINED = (t: string) => `${HIGH_VALUE_SERVED(t)} and exists (select 1 from activities r
    where r.org_id = ${t}.org_id and r.employee_id = ${t}.employee_id and r.customer_external_id = ${t}.customer_external_id
      and ${HIGH_VALUE_SERVED('r')} and not r.is_voided
      and r.local_date >= ${previousStart(PERIOD_START, PERIOD_TYPE)} and r.local_date < ${PERIOD_START})`;
/** A survey answer with a numeric score (anything else in the score is not a rating). */
const SCORED_CSAT = (t: string) => `${t}.type = 'csat' and (${t}.attributes->>'score') ~ '^[0-9]+(\\.[0-9]+)?$'`;

/** The built-in metric library. Voided facts never count. */
export const builtinMetrics: readonly MetricDefinition[] = [
  {
    key: 'revenue',
    name: { 'zh-CN': '订单金额', 'en-US': 'Revenue' },
    description: {
      'zh-CN': '订单金额合计（作废的订单不计）',
      'en-US': 'Sum of order amounts (voided orders excluded)',
    },
    unit: 'CNY',
    types: ['order'],
    sql: sum('order'),
    additive: true,
  },
  {
    key: 'collections',
    name: { 'zh-CN': '回款金额', 'en-US': 'Collections' },
    description: {
      'zh-CN': '回款金额减去退款金额',
      'en-US': 'Payments collected minus refunds',
    },
    unit: 'CNY',
    types: ['payment', 'refund'],
    sql: `${sum('payment')} - ${sum('refund')}`,
    additive: true,
  },
  {
    key: 'orders',
    name: { 'zh-CN': '订单数', 'en-US': 'Orders' },
    description: {
      'zh-CN': '订单笔数',
      'en-US': 'Number of orders',
    },
    unit: 'count',
    types: ['order'],
    sql: count('order'),
    additive: true,
  },
  {
    key: 'calls',
    name: { 'zh-CN': '电话数', 'en-US': 'Calls' },
    description: {
      'zh-CN': '电话次数',
      'en-US': 'Number of calls',
    },
    unit: 'count',
    types: ['call'],
    sql: count('call'),
    additive: true,
  },
  {
    key: 'visits',
    name: { 'zh-CN': '拜访数', 'en-US': 'Visits' },
    description: {
      'zh-CN': '拜访次数',
      'en-US': 'Number of visits',
    },
    unit: 'count',
    types: ['visit'],
    sql: count('visit'),
    additive: true,
  },
  {
    key: 'meetings',
    name: { 'zh-CN': '会议数', 'en-US': 'Meetings' },
    description: {
      'zh-CN': '会议次数',
      'en-US': 'Number of meetings',
    },
    unit: 'count',
    types: ['meeting'],
    sql: count('meeting'),
    additive: true,
  },
  {
    key: 'followups',
    name: { 'zh-CN': '客户回访数', 'en-US': 'Follow-ups' },
    description: {
      'zh-CN': '客户回访次数',
      'en-US': 'Number of customer follow-ups',
    },
    unit: 'count',
    types: ['followup'],
    sql: count('followup'),
    additive: true,
  },
  {
    key: 'leads',
    name: { 'zh-CN': '新增线索', 'en-US': 'Leads' },
    description: {
      'zh-CN': '新增线索数',
      'en-US': 'Leads created',
    },
    unit: 'count',
    types: ['lead_created'],
    sql: count('lead_created'),
    additive: true,
  },
  {
    key: 'opportunities',
    name: { 'zh-CN': '新增商机', 'en-US': 'Opportunities' },
    description: {
      'zh-CN': '新增商机数',
      'en-US': 'Opportunities created',
    },
    unit: 'count',
    types: ['opportunity_created'],
    sql: count('opportunity_created'),
    additive: true,
  },
  {
    key: 'win_rate',
    name: { 'zh-CN': '赢单率', 'en-US': 'Win rate' },
    description: {
      'zh-CN': '赢单数 ÷（赢单数 + 输单数）',
      'en-US': 'Deals won ÷ (deals won + deals lost)',
    },
    unit: 'ratio',
    types: ['opportunity_won', 'opportunity_lost'],
    sql: `${count('opportunity_won')}::numeric / nullif(${count('opportunity_won')} + ${count('opportunity_lost')}, 0)`,

    additive: false,
  },
  {
    key: 'avg_deal_size',
    name: { 'zh-CN': '平均订单金额', 'en-US': 'Average deal size' },
    description: {
      'zh-CN': '订单金额 ÷ 订单笔数',
      'en-US': 'Order amount ÷ number of orders',
    },
    unit: 'CNY',
    types: ['order'],
    sql: `${sum('order')} / nullif(${count('order')}, 0)`,

    additive: false,
  },
  {
    key: 'customers',
    name: { 'zh-CN': '成交客户数', 'en-US': 'Customers ordering' },
    description: {
      'zh-CN': '下过订单的不同客户数',
      'en-US': 'Distinct customers who placed an order',
    },
    unit: 'count',
    types: ['order'],
    sql: `count(distinct a.customer_external_id) filter (where ${ORDER_WITH_CUSTOMER('a')})`,
    facts: ORDER_WITH_CUSTOMER,
    additive: false,
  },
  {
    // Credited to whoever took the customer's first order, in the period of that order. A late fact (an earlier
    // order arriving now, a voided first order) moves it: ingestion queues the person-days of the first order
    // before and after each change of a customer's orders (ingest.service.ts, markFirstOrders).
    key: 'new_customers',
    name: { 'zh-CN': '新客户数', 'en-US': 'New customers' },
    description: {
      'zh-CN': '在公司记录中第一次下单的客户数，计入接这第一单的人和它所在的周期（补录更早的订单或作废首单会随之改变）',
      'en-US':
        'Customers whose first order on record with the organization falls in the period, credited to whoever took it (a back-dated earlier order or a voided first order moves it)',
    },
    unit: 'count',
    types: ['order'],
    sql: `count(*) filter (where ${FIRST_ORDER('a')})`,
    facts: FIRST_ORDER,
    // A full rebuild finds each customer's first order once instead of probing every order in each period type.
    sets: {
      all: `select f.employee_id, p.period_type, date_trunc(p.period_type, f.local_date::timestamp)::date as period_start,
          count(*) as n
        from (select distinct on (a.customer_external_id) a.employee_id, a.local_date from activities a
          where a.org_id = ${ORG_ID} and a.type = 'order' and not a.is_voided and a.customer_external_id is not null
          order by a.customer_external_id, a.occurred_at, a.source, a.external_id) f
        cross join ${PERIOD_TYPES_SQL}
        where f.employee_id is not null
        group by 1, 2, 3`,
    },
    // Each customer has exactly one first order, so people's and periods' counts add up.
    additive: true,
  },
  {
    key: 'high_value_customers',
    name: { 'zh-CN': '高价值客户覆盖', 'en-US': 'High-value customers served' },
    description: {
      'zh-CN': '服务过的不同高价值客户数（下单、回款、拜访、电话、会议、回访；退款、输单、调研不计）',
      'en-US':
        'Distinct high-value customers served (orders, payments, visits, calls, meetings, follow-ups; not refunds, lost deals or surveys)',
    },
    unit: 'count',
    types: HIGH_VALUE_TYPES,
    sql: `count(distinct a.customer_external_id) filter (where ${HIGH_VALUE_SERVED('a')})`,
    facts: HIGH_VALUE_SERVED,
    additive: false,
  },
  {
    // Of the high-value customers the person served in the period before, those served again in this one. A fact in
    // one period also changes the next period's value: recomputes include the following periods.
    key: 'high_value_customers_retained',
    name: { 'zh-CN': '高价值客户留存', 'en-US': 'High-value customers retained' },
    description: {
      'zh-CN': '本周期服务过、且上一周期也由本人服务过的高价值客户数',
      'en-US': 'High-value customers served in the period whom the same person also served in the period before',
    },
    unit: 'count',
    types: HIGH_VALUE_TYPES,
    sql: `count(distinct a.customer_external_id) filter (where ${HV_RETAINED('a')})`,
    facts: HV_RETAINED,
    additive: false,
    periodAware: { scan: HIGH_VALUE_SERVED },
    // Each customer a person served in a period is probed once (not each visit and call); a full rebuild sorts the
    // customers served per person and period once.
    sets: {
      keyed: `select c.employee_id, c.period_type, c.period_start, count(*) as n
        from (select distinct k.employee_id, k.period_type, k.period_start, a.customer_external_id as customer
          from keys k join activities a on a.org_id = ${ORG_ID} and a.employee_id = k.employee_id and not a.is_voided
            and a.local_date >= k.period_start and a.local_date < ${periodEnd('k.period_start', 'k.period_type')}
            and ${HIGH_VALUE_SERVED('a')}) c
        where exists (select 1 from activities r where r.org_id = ${ORG_ID} and r.employee_id = c.employee_id
          and r.customer_external_id = c.customer and ${HIGH_VALUE_SERVED('r')} and not r.is_voided
          and r.local_date >= ${previousStart('c.period_start', 'c.period_type')} and r.local_date < c.period_start)
        group by 1, 2, 3`,
      // One sort of the customers served per person and period type: a customer is retained in a period when
      // its previous row is the period before (a self-join on the computed previous start, planned without fresh
      // statistics, turned into a merge join re-reading millions of rows).
      all: `select employee_id, period_type, period_start, count(*) filter (where kept) as n
        from (select employee_id, period_type, period_start,
            lag(period_start) over (partition by employee_id, period_type, customer order by period_start)
              = ${previousStart('period_start', 'period_type')} as kept
          from (select a.employee_id, p.period_type,
              date_trunc(p.period_type, a.local_date::timestamp)::date as period_start, a.customer_external_id as customer
            from activities a cross join ${PERIOD_TYPES_SQL}
            where a.org_id = ${ORG_ID} and a.employee_id is not null and not a.is_voided and ${HIGH_VALUE_SERVED('a')}
            group by 1, 2, 3, 4) served) marked
        group by 1, 2, 3`,
    },
  },
  {
    key: 'csat',
    name: { 'zh-CN': '客户满意度', 'en-US': 'Customer satisfaction' },
    description: {
      'zh-CN': '满意度调研中带分数的回答的平均分',
      'en-US': 'Average score of customer satisfaction answers that carry a score',
    },
    unit: 'score',
    types: ['csat'],
    sql: `avg(case when ${SCORED_CSAT('a')} then (a.attributes->>'score')::numeric end)`,
    facts: SCORED_CSAT,
    additive: false,
  },
];

export const metricByKey = new Map(builtinMetrics.map((m) => [m.key, m]));
