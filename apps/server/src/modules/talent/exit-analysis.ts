import { type ExitAnalysis, type ExitAnalysisQuery, type Locale, talentConfig } from '@stride/contracts';
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { fail } from '../../lib/errors';
import { type TalentCtx, talentVisibility } from './context';
import { fixed, median } from './talent.rules';

const idList = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/**
 * What the people who left lacked: per leaver (status exited, exit date in the period, in scope), their last metric
 * values against the median of their cohort (same position, same metric and period, everyone else) and their latest
 * competency ratings against the average of people who stayed; then per position the average gaps. For hiring
 * profiles — a description of the past, not a judgement of anyone.
 */
export async function getExitAnalysis(
  db: DbOrTx,
  ctx: TalentCtx,
  q: ExitAnalysisQuery,
  locale: Locale,
): Promise<ExitAnalysis> {
  if (q.to < q.from) fail('VALIDATION_FAILED', [{ field: 'to', code: 'BEFORE_START' }]);
  const orgId = ctx.auth.orgId;
  const leavers = await queryRows<{
    id: string;
    name: string;
    employee_no: string;
    position_id: string | null;
    position_name: string | null;
    exit_date: string;
    last_grade: string | null;
  }>(
    db,
    sql`select employees.id::text, employees.name, employees.employee_no, p.id::text as position_id,
          p.name as position_name, employees.exit_date::text,
          (select rp.grade from review_participants rp join review_cycles c on c.id = rp.cycle_id
            where rp.employee_id = employees.id and c.stage in ('published', 'closed')
            order by c.period_start desc limit 1) as last_grade
        from employees left join positions p on p.id = employees.position_id
        where ${talentVisibility(ctx)} and employees.status = 'exited' and employees.exit_date is not null
          and employees.exit_date between ${q.from} and ${q.to}
        order by employees.exit_date, employees.employee_no`,
  );
  if (!leavers.length) return { from: q.from, to: q.to, people: [], byPosition: [] };
  const ids = leavers.map((l) => l.id);

  // Each leaver's last monthly value per metric, and the cohort at that metric and period.
  const metricRows = await queryRows<{
    employee_id: string;
    metric_key: string;
    period_start: string;
    value: string;
    cohort: string[] | null;
    name_zh: string | null;
    name_en: string | null;
  }>(
    db,
    sql`with last as (
          select distinct on (mv.employee_id, mv.metric_key) mv.employee_id, mv.metric_key, mv.period_start, mv.value
          from metric_values mv
          where mv.org_id = ${orgId} and mv.period_type = 'month' and mv.employee_id in (${idList(ids)})
          order by mv.employee_id, mv.metric_key, mv.period_start desc
        )
        select last.employee_id::text, last.metric_key, last.period_start::text, last.value::text,
          (select array_agg(o.value::text) from metric_values o join employees oe on oe.id = o.employee_id
            where o.org_id = ${orgId} and o.metric_key = last.metric_key and o.period_type = 'month'
              and o.period_start = last.period_start and o.employee_id <> last.employee_id
              and oe.position_id is not distinct from me.position_id) as cohort,
          (select d.name_zh from metric_definitions d where d.org_id = ${orgId} and d.key = last.metric_key
            order by d.version desc limit 1) as name_zh,
          (select d.name_en from metric_definitions d where d.org_id = ${orgId} and d.key = last.metric_key
            order by d.version desc limit 1) as name_en
        from last join employees me on me.id = last.employee_id
        order by last.metric_key`,
  );

  // Latest rated placement per person: leavers' own, and stayers' for the averages.
  const ratingRows = await queryRows<{
    employee_id: string;
    status: string;
    ratings: Record<string, number>;
    config: unknown;
  }>(
    db,
    sql`select distinct on (tp.employee_id) tp.employee_id::text, e.status, tp.ratings, r.config
        from talent_placements tp join talent_reviews r on r.id = tp.review_id join employees e on e.id = tp.employee_id
        where tp.org_id = ${orgId} and tp.learning_agility is not null
        order by tp.employee_id, tp.rated_at desc`,
  );
  const sums = new Map<string, { sum: number; n: number }>();
  for (const r of ratingRows.filter((x) => x.status !== 'exited'))
    for (const [k, v] of Object.entries(r.ratings ?? {})) {
      const s = sums.get(k) ?? { sum: 0, n: 0 };
      sums.set(k, { sum: s.sum + v, n: s.n + 1 });
    }

  const people = leavers.map((l) => {
    const metrics = metricRows
      .filter((m) => m.employee_id === l.id)
      .flatMap((m) => {
        const ref = median((m.cohort ?? []).map(Number));
        if (ref === null) return [];
        const value = Number(m.value);
        return [
          {
            key: m.metric_key,
            name: (locale === 'en-US' ? m.name_en : m.name_zh) ?? m.metric_key,
            periodStart: m.period_start,
            value: fixed(value),
            reference: fixed(ref),
            gap: fixed(value - ref),
          },
        ];
      });
    const own = ratingRows.find((r) => r.employee_id === l.id);
    const config = own ? talentConfig.safeParse(own.config) : null;
    const competencies =
      own && config?.success
        ? config.data.competencies.flatMap((c) => {
            const s = sums.get(c.key);
            const value = own.ratings[c.key];
            if (!s || value === undefined) return [];
            const avg = s.sum / s.n;
            return [{ key: c.key, name: c.name, value: fixed(value), reference: fixed(avg), gap: fixed(value - avg) }];
          })
        : [];
    return {
      employee: { id: l.id, name: l.name, employeeNo: l.employee_no },
      position: l.position_id ? { id: l.position_id, name: l.position_name ?? '' } : null,
      exitDate: l.exit_date,
      lastGrade: l.last_grade,
      metrics,
      competencies,
    };
  });

  const groups = new Map<string, typeof people>();
  for (const p of people) {
    const k = p.position?.id ?? '-';
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  const byPosition = [...groups.values()].map((list) => {
    const metricGaps = new Map<string, { name: string; pcts: number[] }>();
    const compGaps = new Map<string, { name: string; gaps: number[] }>();
    for (const p of list) {
      for (const m of p.metrics) {
        if (Number(m.reference) === 0) continue;
        const e = metricGaps.get(m.key) ?? { name: m.name, pcts: [] };
        e.pcts.push(((Number(m.value) - Number(m.reference)) / Math.abs(Number(m.reference))) * 100);
        metricGaps.set(m.key, e);
      }
      for (const c of p.competencies) {
        const e = compGaps.get(c.key) ?? { name: c.name, gaps: [] };
        e.gaps.push(Number(c.gap));
        compGaps.set(c.key, e);
      }
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    return {
      position: list[0].position,
      leavers: list.length,
      metrics: [...metricGaps].map(([key, e]) => ({ key, name: e.name, averageGapPercent: fixed(mean(e.pcts), 1) })),
      competencies: [...compGaps].map(([key, e]) => ({ key, name: e.name, averageGap: fixed(mean(e.gaps)) })),
    };
  });
  return { from: q.from, to: q.to, people, byPosition };
}
