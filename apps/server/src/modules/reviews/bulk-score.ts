import type { ScorecardDefinition } from '@stride/contracts';
import { RULE_DEFAULTS } from '@stride/domain';
import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { REBUILD_WORK_MEM } from '../metrics/metrics.service';
import { shiftPeriod } from '../scorecards/preview.service';
import type { CycleRow } from './context';
import type { Cohorts, FrozenScale } from './scoring';

// Scoring a whole cycle at launch inside the database, in a few statements on temporary tables: every
// person × indicator with its metric value, personal target and growth base; the percentile cohorts ranked
// with window functions; each indicator's rule compiled to SQL (ruleSql), weights, totals, grades, and the
// participants inserted. Through the domain engine one card at a time, 10,000 people × 20 indicators took
// 5.8 s (npm run bench -- cycle).
//
// The domain engine (packages/domain/src/scoring) stays the definition of every rule: ruleSql mirrors it
// rule by rule, and reviews/bulk-score.test.ts scores random cycles both ways and requires the
// same totals, dimension and indicator scores. A person's card is always recomputed by the engine when
// shown or rescored (stored inputs + submitted forms), with its explanations.

export interface BulkPerson {
  employeeId: string;
  unitId: string;
  positionId: string | null;
  managerId: string | null;
  stage: string;
  templateId: string;
  templateVersion: number;
}

/** One indicator of one template version, with the rule's defaults filled in, as the statement reads it. */
interface IndicatorRow {
  /** Position in the list: the statement picks each row's compiled rule by it. */
  ik: number;
  tk: string;
  d: string;
  dw: string;
  k: string;
  w: string;
  kind: 'metric' | 'rating';
  m: string | null;
  r: string;
  tg: string | null;
  fl: string | null;
  cp: string | null;
  dir: string;
  ms: string;
  bands: { threshold: string; points: string }[] | null;
  fb: string | null;
  sg: string | null;
  bs: string | null;
  g0: string | null;
  g1: string | null;
  /** The template's first percentile indicator of its metric: counts the person once in the cohort. */
  canon: boolean;
}

const str = (v: unknown) => (v === undefined || v === null ? null : String(v).trim());

function indicatorRows(
  definitions: Map<string, ScorecardDefinition>,
  periodType: 'month' | 'quarter' | 'year',
  periodStart: string,
): IndicatorRow[] {
  const rows: IndicatorRow[] = [];
  for (const [tk, def] of definitions)
    for (const dim of def.dimensions)
      for (const i of dim.indicators) {
        const rule = i.rule;
        const row: IndicatorRow = {
          ik: rows.length,
          tk,
          d: dim.key,
          dw: String(dim.weight).trim(),
          k: i.key,
          w: String(i.weight).trim(),
          kind: i.kind,
          m: i.kind === 'metric' ? (i.metricKey ?? null) : null,
          r: rule.type,
          tg: null,
          fl: null,
          cp: null,
          dir: RULE_DEFAULTS.direction,
          ms: 'actual',
          bands: null,
          fb: null,
          sg: null,
          bs: null,
          g0: null,
          g1: null,
          canon: false,
        };
        if (rule.type === 'linear') {
          row.tg = str(rule.target);
          row.fl = str(rule.floor ?? RULE_DEFAULTS.floor);
          row.cp = str(rule.cap ?? RULE_DEFAULTS.linearCap);
          row.dir = rule.direction ?? RULE_DEFAULTS.direction;
        } else if (rule.type === 'bands') {
          row.tg = str(rule.target);
          row.ms = rule.measure ?? 'actual';
          row.bands = rule.bands.map((b) => ({
            threshold: String(b.threshold).trim(),
            points: String(b.points).trim(),
          }));
          row.fb = str(rule.fallbackPoints ?? RULE_DEFAULTS.fallbackPoints);
          row.dir = rule.direction ?? RULE_DEFAULTS.direction;
        } else if (rule.type === 'percentile') {
          row.canon = !rows.some((r) => r.tk === tk && r.r === 'percentile' && r.m === row.m);
          row.fl = str(rule.floor ?? RULE_DEFAULTS.floor);
          row.cp = str(rule.cap ?? RULE_DEFAULTS.percentileCap);
          row.sg = str(rule.singleMemberScore ?? RULE_DEFAULTS.singleMemberScore);
          row.dir = rule.direction ?? RULE_DEFAULTS.direction;
        } else if (rule.type === 'growth') {
          row.bs = shiftPeriod(periodStart, periodType, rule.base);
          row.g0 = str(rule.growthAtZeroScore);
          row.g1 = str(rule.growthAtFullScore);
          row.cp = str(rule.cap ?? RULE_DEFAULTS.growthCap);
        }
        rows.push(row);
      }
  return rows;
}

/**
 * One indicator's rule as a SQL expression of the row's actual (x.actual), personal target (x.ptarget),
 * growth base (x.base) and cohort rank (r.le, r.eq, r.n), with the rule's figures as bound parameters:
 * the statement evaluates it only for that indicator's rows, with no per-row lookups of rule parameters.
 * Mirrors packages/domain/src/scoring (score-linear, score-bands, score-percentile, score-growth).
 */
function ruleSql(row: IndicatorRow): SQL {
  const n = (v: string | null) => (v === null ? sql`null::numeric` : sql`${v}::numeric`);
  const lower = row.dir === 'lower_is_better';
  const target = sql`coalesce(x.ptarget, ${n(row.tg)})`;
  const attainment = sql`(x.actual::numeric(60, 30) / ${target} * 100)`;
  const clamp = (v: SQL, lo: SQL, hi: SQL) => sql`least(greatest(${v}, ${lo}), ${hi})`;
  switch (row.r) {
    case 'linear': {
      const raw = lower ? sql`200 - ${attainment}` : attainment;
      return sql`case when x.actual is null or ${target} is null then null
        else ${clamp(sql`round(${raw}, 10)`, n(row.fl), n(row.cp))} end`;
    }
    case 'bands': {
      const onAttainment = row.ms === 'attainment';
      const value = onAttainment ? attainment : sql`x.actual`;
      const bands = row.bands ?? [];
      // Higher is better: the highest threshold ≤ value; lower is better: the lowest threshold ≥ value.
      const ordered = lower ? bands : [...bands].reverse();
      const arms = ordered.map((b) =>
        lower
          ? sql`when ${value} <= ${n(b.threshold)} then ${n(b.points)}`
          : sql`when ${value} >= ${n(b.threshold)} then ${n(b.points)}`,
      );
      const missing = onAttainment ? sql`x.actual is null or ${target} is null` : sql`x.actual is null`;
      return sql`case when ${missing} then null else case ${sql.join(arms, sql` `)} else ${n(row.fb)} end end`;
    }
    case 'percentile': {
      const rank = sql`(r.le - r.eq + (r.eq + 1) * 0.5 - 1)::numeric(60, 30) / (r.n - 1) * 100`;
      const raw = lower ? sql`100 - ${rank}` : rank;
      return sql`case when x.actual is null then null
        when r.n = 1 then ${clamp(n(row.sg), n(row.fl), n(row.cp))}
        else ${clamp(sql`round(${raw}, 10)`, n(row.fl), n(row.cp))} end`;
    }
    case 'growth': {
      const growth = sql`(x.actual - x.base)::numeric(60, 30) / abs(x.base) * 100`;
      const raw = sql`(${growth} - ${n(row.g0)})::numeric(60, 30) / (${n(row.g1)} - ${n(row.g0)}) * 100`;
      return sql`case when x.actual is null or x.base is null or x.base = 0 then null
        else ${clamp(sql`round(${raw}, 10)`, sql`0`, n(row.cp))} end`;
    }
    default:
      // Ratings are never known at launch: missing, scored 0.
      return sql`null::numeric`;
  }
}

/**
 * Scores and inserts the participants of a cycle; returns their ids by employee and the percentile
 * cohorts (to freeze on the cycle, for later rescoring by the engine).
 */
export async function scoreAndInsert(
  tx: DbOrTx,
  cycle: CycleRow,
  people: BulkPerson[],
  definitions: Map<string, ScorecardDefinition>,
  scale: FrozenScale,
  now: Date,
): Promise<{ participantOf: Map<string, string>; cohorts: Cohorts }> {
  const periodType = cycle.periodType as 'month' | 'quarter' | 'year';
  const indicators = indicatorRows(definitions, periodType, cycle.periodStart);
  const peopleJson = JSON.stringify(
    people.map((p) => ({
      e: p.employeeId,
      u: p.unitId,
      pos: p.positionId,
      mgr: p.managerId,
      st: p.stage,
      tid: p.templateId,
      tv: p.templateVersion,
      tk: `${p.templateId}:${p.templateVersion}`,
    })),
  );
  const bands = JSON.stringify(
    scale.bands.map((b) => ({
      grade: b.grade,
      min: String(b.minScore).trim(),
      coef: String(b.bonusCoefficient).trim(),
    })),
  );
  // Divisions at 30 decimals, each computed score then kept at 10 places half up (SCORE_PLACES, as the
  // engine does after its 40-digit divisions); weighting and totals are exact, the total rounded once.
  // The joins and window sorts of a large cycle fit in memory with this (as the metrics rebuild does).
  await tx.execute(sql.raw(`set local work_mem = '${REBUILD_WORK_MEM}'`));
  // People and indicators as analyzed temporary tables (dropped at commit): with their real sizes known the
  // planner builds its hash tables on the small sides, which a chain of CTEs could not.
  // Dropped at commit, and here too: several launches may share one transaction (the demo seed does).
  await dropTemporaryTables(tx);
  await tx.execute(
    sql`create temporary table review_launch_people on commit drop as
          select * from jsonb_to_recordset(${peopleJson}::jsonb)
            as x(e uuid, u uuid, pos uuid, mgr uuid, st text, tid uuid, tv int, tk text)`,
  );
  await tx.execute(
    sql`create temporary table review_launch_indicators on commit drop as
          select * from jsonb_to_recordset(${JSON.stringify(indicators)}::jsonb)
            as x(ik int, tk text, d text, dw numeric, k text, w numeric, kind text, m text, r text, bs date, canon boolean)`,
  );
  await tx.execute(sql`analyze pg_temp.review_launch_people, pg_temp.review_launch_indicators`);
  const prevStart = shiftPeriod(cycle.periodStart, periodType, 'previous_period');
  const yoyStart = shiftPeriod(cycle.periodStart, periodType, 'same_period_last_year');
  // 1. Every person × indicator with its value, target and base: the large intermediate result (200,000
  // narrow rows for 10,000 people × 20 indicators), in a temporary table. Each step is its own statement on
  // analyzed tables: estimates across a chain of CTEs are too far off to plan by.
  await tx.execute(
    sql`create temporary table review_launch_x on commit drop as
        with people as (select * from pg_temp.review_launch_people),
        ind as (select * from pg_temp.review_launch_indicators),
        wanted as (select distinct m from ind where m is not null),
        vals as (
          select v.employee_id, v.metric_key, v.period_start, v.value from metric_values v
          where v.org_id = ${cycle.orgId} and v.period_type = ${periodType}
            and v.metric_key in (select m from wanted)
            and v.period_start in (${cycle.periodStart}::date, ${prevStart}::date, ${yoyStart}::date)
          union all
          select i.employee_id, i.metric_key, i.period_start, i.value from imported_metric_values i
          where i.org_id = ${cycle.orgId} and i.period_type = ${periodType}
            and i.metric_key in (select m from wanted)
            and i.period_start in (${cycle.periodStart}::date, ${prevStart}::date, ${yoyStart}::date)
            and not exists (select 1 from metric_values v where v.org_id = i.org_id and v.employee_id = i.employee_id
              and v.metric_key = i.metric_key and v.period_type = i.period_type and v.period_start = i.period_start)
        ),
        -- One row per person and metric: this period, the previous one, the same one a year ago.
        vp as (
          select employee_id as e, metric_key as m,
            max(value) filter (where period_start = ${cycle.periodStart}::date) as cur,
            max(value) filter (where period_start = ${prevStart}::date) as prev,
            max(value) filter (where period_start = ${yoyStart}::date) as yoy
          from vals group by employee_id, metric_key
        ),
        tgts as (
          select employee_id, metric_key, value from targets
          where org_id = ${cycle.orgId} and period_type = ${periodType} and period_start = ${cycle.periodStart}
            and status = 'agreed' and value is not null and employee_id is not null
        ),
        x as (
          select p.e, p.pos, i.ik, i.tk, i.k, i.m, i.r, i.canon, v.cur as actual,
            case when i.r = 'growth' then case when i.bs = ${prevStart}::date then v.prev else v.yoy end end as base,
            t.value as ptarget
          from people p join ind i on i.tk = p.tk
          left join vp v on v.e = p.e and v.m = i.m
          left join tgts t on i.r in ('linear', 'bands') and t.employee_id = p.e and t.metric_key = i.m
        )
        select * from x`,
  );
  await tx.execute(sql`analyze pg_temp.review_launch_x`);
  // 2. Percentile cohorts: within a position and metric, how many members are at or below and equal to each
  // actual, of how many (a person counts once, on their template's first percentile indicator of the metric).
  await tx.execute(
    sql`create temporary table review_launch_ranks on commit drop as
        select e, k,
          sum(canon::int) over (partition by pos, m order by actual range between unbounded preceding and current row) as le,
          sum(canon::int) over (partition by pos, m, actual) as eq,
          sum(canon::int) over (partition by pos, m) as n
        from pg_temp.review_launch_x where r = 'percentile' and actual is not null`,
  );
  await tx.execute(sql`analyze pg_temp.review_launch_ranks`);
  // 3. Each indicator scored by its rule, totals, dimension and indicator scores, grades; the participants written.
  const ids = await queryRows<{ id: string; employee_id: string }>(
    tx,
    sql`with s as (
          select x.e, i.d, i.dw, x.k, i.w, i.kind, x.actual, x.ptarget, x.base,
            case x.ik ${sql.join(
              indicators.map((row) => sql`when ${row.ik}::int then ${ruleSql(row)}`),
              sql` `,
            )} end as score
          from pg_temp.review_launch_x x
          join pg_temp.review_launch_indicators i on i.ik = x.ik
          left join pg_temp.review_launch_ranks r on r.e = x.e and r.k = x.k
        ),
        dims as (
          select e, d, sum(coalesce(score, 0) * w) / 100 as dscore, sum(coalesce(score, 0) * dw * w) / 10000 as contribution
          from s group by e, d
        ),
        cards as (
          select e, round(sum(contribution), 2) as total, json_object_agg(d, round(dscore, 2)::text) as dscores
          from dims group by e
        ),
        details as (
          select e, json_object_agg(k, round(coalesce(score, 0), 2)::text) as iscores,
            coalesce(json_object_agg(k, json_build_array(actual::text, ptarget::text, base::text))
              filter (where kind = 'metric'), '{}'::json) as inputs
          from s group by e
        ),
        graded as (
          select c.e, c.total, json_build_object('d', c.dscores, 'i', dt.iscores)::jsonb as result, dt.inputs::jsonb as inputs,
            g.grade, g.coef
          from cards c join details dt on dt.e = c.e
          left join lateral (
            select b->>'grade' as grade, (b->>'coef')::numeric as coef from jsonb_array_elements(${bands}::jsonb) b
            where (b->>'min')::numeric <= c.total order by (b->>'min')::numeric desc limit 1) g on true
        )
        insert into review_participants (org_id, cycle_id, employee_id, unit_id, position_id, manager_employee_id,
          tenure_stage, template_id, template_version, inputs, result, total, computed_grade, grade, bonus_coefficient, updated_at)
        select ${cycle.orgId}::uuid, ${cycle.id}::uuid, p.e, p.u, p.pos, p.mgr, p.st, p.tid, p.tv, g.inputs, g.result,
          g.total, g.grade, g.grade, g.coef, ${now.toISOString()}::timestamptz
        from pg_temp.review_launch_people p join graded g on g.e = p.e
        returning id::text as id, employee_id::text as employee_id`,
  );
  // 4. The percentile cohorts, frozen on the cycle for rescoring people later.
  const [cohortRow] = await queryRows<{ cohorts: Cohorts | null }>(
    tx,
    sql`select jsonb_object_agg(key, vals) as cohorts from (
          select coalesce(pos::text, '-') || ':' || m as key, jsonb_agg(actual::text) as vals
          from pg_temp.review_launch_x where r = 'percentile' and actual is not null and canon group by pos, m) c`,
  );
  const row = { ids: ids.map((r) => [r.id, r.employee_id] as [string, string]), cohorts: cohortRow.cohorts };
  await dropTemporaryTables(tx);
  return {
    participantOf: new Map((row.ids ?? []).map(([id, employeeId]) => [employeeId, id])),
    cohorts: row.cohorts ?? {},
  };
}

async function dropTemporaryTables(tx: DbOrTx) {
  await tx.execute(
    sql`drop table if exists pg_temp.review_launch_people, pg_temp.review_launch_indicators, pg_temp.review_launch_x,
          pg_temp.review_launch_ranks`,
  );
}
