import type { Locale } from '@stride/contracts';
import type { Signal } from '@stride/domain';
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import type { loadCatalog } from '../metrics/catalog.service';
import { periodStartOf } from '../metrics/periods';
import type { Person, RuleRow } from './data';
import type { EvalContext } from './evaluator';

type Text = Record<Locale, { title: string; body: string }>;

/** What Stride suggests focusing on when an activity drops and the catalog has nothing mapped to it. */
const defaultFocus: Record<string, Record<Locale, string>> = {
  calls: {
    'zh-CN': '每天固定时段集中拨打电话，优先联系近 30 天有意向的客户',
    'en-US': 'Block a fixed time each day for calls, starting with customers who showed interest in the last 30 days',
  },
  visits: {
    'zh-CN': '每周提前排好拜访计划，优先覆盖高价值客户',
    'en-US': 'Plan the week’s visits in advance and cover high-value customers first',
  },
  followups: {
    'zh-CN': '对已成交客户按计划回访，及时发现复购和转介绍机会',
    'en-US': 'Follow up with existing customers on a schedule to find repeat and referral business',
  },
};
const genericFocus: Record<Locale, string> = {
  'zh-CN': '与上级一起回顾客户清单和每周活动计划',
  'en-US': 'Review the customer list and the weekly activity plan with your manager',
};

const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const f1 = (v: number | null, locale: Locale) =>
  v === null ? '—' : v.toLocaleString(locale, { maximumFractionDigits: 1 });

/**
 * Behaviour feedback (行为反馈) for an activity that changed: what changed against what, progress against this
 * month's target, a suggested focus, and training from the catalog mapped to the metric. Specific figures, no
 * blame: the employee's text speaks to them, the manager's about them.
 */
export async function behaviourFeedback(
  db: DbOrTx,
  ctx: EvalContext,
  rule: RuleRow,
  person: Person,
  signal: Signal,
  catalog: Awaited<ReturnType<typeof loadCatalog>>,
): Promise<{ employee: Text; manager: Text; facts: Record<string, unknown> }> {
  const metricKey = rule.metricKey ?? '';
  const metric = catalog.byKey.get(metricKey);
  const e = signal.evidence;
  const dropPct = n(e.dropPct);
  const before = n(e.probationMean) ?? n(e.baselineMean);
  const after = n(e.postMean) ?? recentMean(e, signal.onsetPeriod);
  const sinceRegularization = rule.kind === 'post_regularization_slack' || Boolean(e.headStartAt);

  const month = periodStartOf('month', ctx.today);
  const [progress] = await queryRows<{ metric_key: string; actual: string | null; target: string }>(
    db,
    sql`select t.metric_key, mv.value::text as actual, t.value::text as target
        from targets t
        left join metric_values mv on mv.org_id = t.org_id and mv.metric_key = t.metric_key
          and mv.period_type = 'month' and mv.period_start = t.period_start and mv.employee_id = t.employee_id
        where t.org_id = ${ctx.orgId} and t.employee_id = ${person.id} and t.period_type = 'month'
          and t.period_start = ${month} and t.status = 'agreed' and t.value > 0
        order by case t.metric_key when 'revenue' then 0 when 'collections' then 1 else 2 end
        limit 1`,
  );
  const courses = await queryRows<{ title: string; url: string; focus: Record<string, string> }>(
    db,
    sql`select title, url, focus from training_courses
        where org_id = ${ctx.orgId} and active and metric_keys @> ${JSON.stringify([metricKey])}::jsonb
        order by created_at limit 3`,
  );
  const attainment = progress ? (Number(progress.actual ?? 0) / Number(progress.target)) * 100 : null;
  const progressMetric = progress ? catalog.byKey.get(progress.metric_key) : undefined;

  const text = (locale: Locale, forManager: boolean) => {
    const zh = locale === 'zh-CN';
    const name = metric?.names[locale] ?? metricKey;
    const subject = forManager ? person.name : zh ? '你' : 'Your';
    // Judged as a share of the team's median (the combined rule): the drop is against the person's own level,
    // with the season taken out, so there are no raw averages to quote.
    const relative = Boolean(e.relativeToTeam);
    const changed = zh
      ? `${forManager ? `${person.name}的` : '你的'}${name}${sinceRegularization ? '自转正以来' : '近期'}下降了 ${f1(dropPct, locale)}%${relative ? '（与本人此前水平相比，已按团队同期中位数剔除季节因素）' : `（此前平均 ${f1(before, locale)}，近期平均 ${f1(after, locale)}）`}。`
      : `${forManager ? `${person.name}’s` : 'Your'} ${name.toLowerCase()} ${sinceRegularization ? 'have dropped since regularization' : 'have dropped recently'} by ${f1(dropPct, locale)}%${relative ? ' against the earlier own level, with the season taken out (as a share of the team median)' : ` (from an average of ${f1(before, locale)} to ${f1(after, locale)})`}.`;
    const target =
      attainment === null
        ? zh
          ? '本月暂无已确认的目标。'
          : 'There is no agreed target for this month yet.'
        : zh
          ? `本月${progressMetric?.names[locale] ?? ''}目标已完成 ${f1(attainment, locale)}%。`
          : `This month's ${progressMetric?.names[locale] ?? ''} target is ${f1(attainment, locale)}% met.`;
    const focus =
      courses.find((c) => c.focus?.[locale])?.focus[locale] ??
      defaultFocus[metricKey]?.[locale] ??
      genericFocus[locale];
    const focusLine = zh ? `建议重点：${focus}。` : `Suggested focus: ${focus}.`;
    const training = courses.length
      ? (zh ? '推荐课程：' : 'Recommended training: ') +
        courses.map((c) => `${c.title} ${c.url}`).join(zh ? '；' : '; ')
      : '';
    return {
      title: zh
        ? forManager
          ? `行为反馈：${person.name}的${name}下降`
          : `关于你的${name}`
        : forManager
          ? `Behaviour feedback: ${person.name}’s ${name.toLowerCase()} dropped`
          : `About your ${name.toLowerCase()}`,
      body: [changed, target, focusLine, training]
        .filter(Boolean)
        .join(zh ? '' : ' ')
        .replace(/\s+$/, ''),
      subject,
    };
  };
  const pack = (forManager: boolean): Text => ({
    'zh-CN': (({ title, body }) => ({ title, body }))(text('zh-CN', forManager)),
    'en-US': (({ title, body }) => ({ title, body }))(text('en-US', forManager)),
  });
  return {
    employee: pack(false),
    manager: pack(true),
    facts: {
      metricKey,
      dropPct,
      before,
      after,
      sinceRegularization,
      attainmentPct: attainment,
      attainmentMetric: progress?.metric_key ?? null,
      courses: courses.map((c) => ({ title: c.title, url: c.url })),
    },
  };
}

/** Mean of the judged values since the onset (activity drop evidence carries the series). */
/**
 * Which alerts get behaviour feedback, about which activity: an activity drop or post-regularization slack about
 * its metric; the combined rule about the activity (calls, visits, follow-ups) that fell most below the person's
 * own level in the month judged — its drop as a share of the team's median, so the season does not count.
 */
export function feedbackFocus(rule: RuleRow, signal: Signal): { rule: RuleRow; signal: Signal } | null {
  if (rule.kind === 'activity_drop' || rule.kind === 'post_regularization_slack') return { rule, signal };
  if (rule.kind !== 'combined_decline') return null;
  const series = (signal.evidence.series as { indicators?: { key: string; ratio: number }[] }[] | undefined) ?? [];
  const lastPoint = series.at(-1);
  const worst = (lastPoint?.indicators ?? [])
    .filter((x) => x.key in defaultFocus && Number.isFinite(x.ratio) && x.ratio < 1)
    .sort((a, b) => a.ratio - b.ratio)[0];
  if (!worst) return null;
  return {
    rule: { ...rule, metricKey: worst.key },
    signal: {
      ...signal,
      evidence: {
        dropPct: (1 - worst.ratio) * 100,
        headStartAt: signal.evidence.baselineFrom ?? null,
        relativeToTeam: true,
      },
    },
  };
}

function recentMean(e: Record<string, unknown>, onset: string | null): number | null {
  const series = (e.series as { period: string; value: number | null }[] | undefined) ?? [];
  const recent = series.filter((p) => p.value !== null && (!onset || p.period >= onset)).slice(-4);
  if (recent.length === 0) return null;
  return recent.reduce((s, p) => s + (p.value ?? 0), 0) / recent.length;
}
