import type { ScorecardDefinition } from '@stride/contracts';
import { RULE_DEFAULTS } from '@stride/domain';
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { REBUILD_WORK_MEM } from '../metrics/metrics.service';
import { shiftPeriod } from '../scorecards/preview.service';
import type { CycleRow } from './context';
import type { Cohorts, FrozenScale } from './scoring';

// Scoring a whole cycle at launch inside the database: one statement reads the metric values, personal
// targets and growth bases of everyone, ranks the percentile cohorts with window functions, applies each
// indicator's rule, weights, totals, grades, and inserts the participants. 10,000 people × 20 indicators
// would cost seconds through the domain engine one card at a time (npm run bench -- cycle).
//
// The domain engine (packages/domain/src/scoring) stays the definition of every rule: this statement
// mirrors it rule by rule, and reviews/bulk-score.test.ts scores random cycles both ways and requires the
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
  const [row] = await queryRows<{ ids: [string, string][] | null; cohorts: Cohorts | null }>(
    tx,
    sql`with people as (
          select * from jsonb_to_recordset(${peopleJson}::jsonb)
            as x(e uuid, u uuid, pos uuid, mgr uuid, st text, tid uuid, tv int, tk text)
        ),
        ind as (
          select * from jsonb_to_recordset(${JSON.stringify(indicators)}::jsonb)
            as x(tk text, d text, dw numeric, k text, w numeric, kind text, m text, r text, tg numeric, fl numeric,
                 cp numeric, dir text, ms text, bands jsonb, fb numeric, sg numeric, bs date, g0 numeric, g1 numeric)
        ),
        wanted as (select distinct m from ind where m is not null),
        starts as (select ${cycle.periodStart}::date as s union select distinct bs from ind where bs is not null),
        vals as (
          select v.employee_id, v.metric_key, v.period_start, v.value from metric_values v
          where v.org_id = ${cycle.orgId} and v.period_type = ${periodType}
            and v.metric_key in (select m from wanted) and v.period_start in (select s from starts)
          union all
          select i.employee_id, i.metric_key, i.period_start, i.value from imported_metric_values i
          where i.org_id = ${cycle.orgId} and i.period_type = ${periodType}
            and i.metric_key in (select m from wanted) and i.period_start in (select s from starts)
            and not exists (select 1 from metric_values v where v.org_id = i.org_id and v.employee_id = i.employee_id
              and v.metric_key = i.metric_key and v.period_type = i.period_type and v.period_start = i.period_start)
        ),
        tgts as (
          select employee_id, metric_key, value from targets
          where org_id = ${cycle.orgId} and period_type = ${periodType} and period_start = ${cycle.periodStart}
            and status = 'agreed' and value is not null and employee_id is not null
        ),
        x as (
          select p.e, p.pos, i.*, a.value as actual, b.value as base, t.value as ptarget,
            case when i.r in ('linear', 'bands') then coalesce(t.value, i.tg) end as target
          from people p join ind i on i.tk = p.tk
          left join vals a on i.m is not null and a.employee_id = p.e and a.metric_key = i.m
            and a.period_start = ${cycle.periodStart}::date
          left join vals b on i.r = 'growth' and b.employee_id = p.e and b.metric_key = i.m and b.period_start = i.bs
          left join tgts t on i.r in ('linear', 'bands') and t.employee_id = p.e and t.metric_key = i.m
        ),
        members as (select distinct e, pos, m, actual from x where r = 'percentile' and actual is not null),
        ranked as (
          select e, m, count(*) over (partition by pos, m) as n,
            rank() over (partition by pos, m order by actual) - 1 as below,
            count(*) over (partition by pos, m, actual) as equal
          from members
        ),
        s as (
          select x.e, x.d, x.dw, x.k, x.w, x.kind, x.r, x.actual, x.ptarget, x.base,
            case
              when x.kind <> 'metric' or x.actual is null then null
              when x.r = 'linear' then case when x.target is null then null else
                least(greatest(round(
                  case when x.dir = 'lower_is_better' then 200 - x.actual::numeric(60, 30) / x.target * 100
                       else x.actual::numeric(60, 30) / x.target * 100 end, 10), x.fl), x.cp) end
              when x.r = 'bands' then case when x.ms = 'attainment' and x.target is null then null else
                coalesce((
                  select (b->>'points')::numeric from jsonb_array_elements(x.bands) b
                  where case when x.dir = 'lower_is_better'
                    then (case when x.ms = 'attainment' then x.actual::numeric(60, 30) / x.target * 100 else x.actual end) <= (b->>'threshold')::numeric
                    else (case when x.ms = 'attainment' then x.actual::numeric(60, 30) / x.target * 100 else x.actual end) >= (b->>'threshold')::numeric end
                  order by case when x.dir = 'lower_is_better' then (b->>'threshold')::numeric end asc,
                           case when x.dir <> 'lower_is_better' then (b->>'threshold')::numeric end desc
                  limit 1), x.fb) end
              when x.r = 'percentile' then case when rk.n = 1 then least(greatest(x.sg, x.fl), x.cp) else
                least(greatest(round(
                  case when x.dir = 'lower_is_better'
                    then 100 - (rk.below + (rk.equal + 1) * 0.5 - 1)::numeric(60, 30) / (rk.n - 1) * 100
                    else (rk.below + (rk.equal + 1) * 0.5 - 1)::numeric(60, 30) / (rk.n - 1) * 100 end, 10), x.fl), x.cp) end
              when x.r = 'growth' then case when x.base is null or x.base = 0 then null else
                least(greatest(round(
                  ((x.actual - x.base)::numeric(60, 30) / abs(x.base) * 100 - x.g0)::numeric(60, 30) / (x.g1 - x.g0) * 100,
                  10), 0), x.cp) end
            end as score
          from x left join ranked rk on x.r = 'percentile' and rk.e = x.e and rk.m = x.m
        ),
        dims as (
          select e, d, sum(coalesce(score, 0) * w) / 100 as dscore, sum(coalesce(score, 0) * dw * w) / 10000 as contribution
          from s group by e, d
        ),
        cards as (
          select e, round(sum(contribution), 2) as total, jsonb_object_agg(d, round(dscore, 2)::text) as dscores
          from dims group by e
        ),
        details as (
          select e, jsonb_object_agg(k, round(coalesce(score, 0), 2)::text) as iscores,
            coalesce(jsonb_object_agg(k, jsonb_build_array(actual::text, ptarget::text, base::text)) filter (where kind = 'metric'), '{}'::jsonb)
              as inputs
          from s group by e
        ),
        graded as (
          select c.e, c.total, jsonb_build_object('d', c.dscores, 'i', dt.iscores) as result, dt.inputs, g.grade, g.coef
          from cards c join details dt on dt.e = c.e
          left join lateral (
            select b->>'grade' as grade, (b->>'coef')::numeric as coef from jsonb_array_elements(${bands}::jsonb) b
            where (b->>'min')::numeric <= c.total order by (b->>'min')::numeric desc limit 1) g on true
        ),
        ins as (
          insert into review_participants (org_id, cycle_id, employee_id, unit_id, position_id, manager_employee_id,
            tenure_stage, template_id, template_version, inputs, result, total, computed_grade, grade, bonus_coefficient, updated_at)
          select ${cycle.orgId}::uuid, ${cycle.id}::uuid, p.e, p.u, p.pos, p.mgr, p.st, p.tid, p.tv, g.inputs, g.result,
            g.total, g.grade, g.grade, g.coef, ${now.toISOString()}::timestamptz
          from people p join graded g on g.e = p.e
          returning id, employee_id
        )
        select (select jsonb_agg(jsonb_build_array(id::text, employee_id::text)) from ins) as ids,
          (select jsonb_object_agg(key, vals) from (
            select coalesce(pos::text, '-') || ':' || m as key, jsonb_agg(actual::text) as vals from members group by pos, m) c) as cohorts`,
  );
  return {
    participantOf: new Map((row.ids ?? []).map(([id, employeeId]) => [employeeId, id])),
    cohorts: row.cohorts ?? {},
  };
}
