import type { ScorecardDefinition } from '@stride/contracts';
import { RULE_DEFAULTS } from '@stride/domain';
import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { recomputeSettings } from '../metrics/metrics.service';
import { shiftPeriod } from '../scorecards/preview.service';
import type { CycleRow } from './context';
import type { Cohorts, FrozenScale } from './scoring';

// Scoring a whole cycle at launch inside the database, in one statement: the population's employees with the
// stage and template of their group and their reviewing manager; the metric values pivoted to one
// row per person (a column per metric and period a rule reads, and the personal targets); each percentile
// cohort's values sorted once into an array, each member ranked by binary search in it; each indicator's rule compiled to a
// SQL expression of those columns (ruleSql), weights, dimension scores, totals and grades per template; the
// stored inputs and scores built as JSON text and parsed once; the participants inserted. No temporary
// tables, no per person × indicator rows. Through the domain engine one card at a time, 10,000 people × 20
// indicators took 5.8 s; in temporary tables per person × indicator, 2.4 s (npm run bench -- cycle).
//
// The domain engine (packages/domain/src/scoring) stays the definition of every rule: ruleSql mirrors it
// rule by rule, and reviews/bulk-score.test.ts scores random cycles both ways and requires the
// same totals, dimension and indicator scores. A person's card is always recomputed by the engine when
// shown or rescored (stored inputs + submitted forms), with its explanations.

/** People of one position, status and start date (regularization, else hire) in a cycle: their stage and template. */
export interface BulkGroup {
  positionId: string | null;
  status: string;
  since: string;
  stage: string;
  templateId: string;
  templateVersion: number;
}

/** A unit's nearest leader (of the unit or above) and the nearest other one, for that leader's own review. */
export interface UnitLeaders {
  unitId: string;
  first: string | null;
  second: string | null;
}

/** Who a cycle takes in: the employees (alias e) meeting the filter whose group has a template. */
export interface BulkPopulation {
  filter: SQL;
  groups: BulkGroup[];
  leaders: UnitLeaders[];
}

/** A participant as inserted, for planning the forms. */
export interface PlacedParticipant {
  id: string;
  employeeId: string;
  unitId: string;
  managerId: string | null;
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

/** The columns one indicator's rule reads, as SQL expressions of the person's row. */
interface RuleColumns {
  /** The metric's value this period. */
  a: SQL;
  /** The personal target (linear and bands rules). */
  t: SQL;
  /** The growth base (growth rules). */
  b: SQL;
  /** Cohort rank: members at or below, at or above, and in the cohort (percentile rules). */
  le: SQL;
  ge: SQL;
  n: SQL;
}

/**
 * One indicator's rule as a SQL expression of the person's actual, personal target, growth base and
 * cohort rank, with the rule's figures as bound parameters.
 * Mirrors packages/domain/src/scoring (score-linear, score-bands, score-percentile, score-growth).
 */
function ruleSql(row: IndicatorRow, x: RuleColumns): SQL {
  const n = (v: string | null) => (v === null ? sql`null::numeric` : sql`${v}::numeric`);
  const lower = row.dir === 'lower_is_better';
  const target = sql`coalesce(${x.t}, ${n(row.tg)})`;
  const attainment = sql`(${x.a}::numeric(60, 30) / ${target} * 100)`;
  const clamp = (v: SQL, lo: SQL, hi: SQL) => sql`least(greatest(${v}, ${lo}), ${hi})`;
  switch (row.r) {
    case 'linear': {
      const raw = lower ? sql`200 - ${attainment}` : attainment;
      return sql`case when ${x.a} is null or ${target} is null then null
        else ${clamp(sql`round(${raw}, 10)`, n(row.fl), n(row.cp))} end`;
    }
    case 'bands': {
      const onAttainment = row.ms === 'attainment';
      const value = onAttainment ? attainment : x.a;
      const bands = row.bands ?? [];
      // Higher is better: the highest threshold ≤ value; lower is better: the lowest threshold ≥ value.
      const ordered = lower ? bands : [...bands].reverse();
      const arms = ordered.map((b) =>
        lower
          ? sql`when ${value} <= ${n(b.threshold)} then ${n(b.points)}`
          : sql`when ${value} >= ${n(b.threshold)} then ${n(b.points)}`,
      );
      const missing = onAttainment ? sql`${x.a} is null or ${target} is null` : sql`${x.a} is null`;
      return sql`case when ${missing} then null else case ${sql.join(arms, sql` `)} else ${n(row.fb)} end end`;
    }
    case 'percentile': {
      // (le − eq + (eq + 1) / 2 − 1) / (n − 1) with eq = le + ge − n, numerator and denominator doubled to stay
      // integers: the same quotient at the same 30 places, in fewer numeric operations.
      const rank = sql`(${x.le} - ${x.ge} + ${x.n} - 1)::numeric(60, 30) / (2 * ${x.n} - 2) * 100`;
      const raw = lower ? sql`100 - ${rank}` : rank;
      return sql`case when ${x.a} is null then null
        when ${x.n} = 1 then ${clamp(n(row.sg), n(row.fl), n(row.cp))}
        else ${clamp(sql`round(${raw}, 10)`, n(row.fl), n(row.cp))} end`;
    }
    case 'growth': {
      const growth = sql`(${x.a} - ${x.b})::numeric(60, 30) / abs(${x.b}) * 100`;
      const raw = sql`(${growth} - ${n(row.g0)})::numeric(60, 30) / (${n(row.g1)} - ${n(row.g0)}) * 100`;
      return sql`case when ${x.a} is null or ${x.b} is null or ${x.b} = 0 then null
        else ${clamp(sql`round(${raw}, 10)`, sql`0`, n(row.cp))} end`;
    }
    default:
      // Ratings are never known at launch: missing, scored 0.
      return sql`null::numeric`;
  }
}

const col = (name: string) => sql.raw(name);
/** Stands for no position where a uuid must be compared or grouped. */
const NIL = '00000000-0000-0000-0000-000000000000';
const NULL = sql`null::numeric`;

/** A PostgreSQL array literal of these values (null as NULL); the values are uuids, numbers and fixed words. */
const arrayLiteral = (values: readonly (string | number | null)[]) =>
  `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;

/**
 * A json value built as JSON text in one pass and validated once: much cheaper per row than json(b)_build_object
 * of many small values (the columns are json: kept as text, not parsed into a jsonb tree). Pieces are constant JSON
 * text (keys already escaped) or SQL expressions whose text goes in as it is (null as nothing), all in one format()
 * call: the constant text is its format string (bound as a parameter), each expression one %s. One format() call
 * measured about half the cost of concat() of the same pieces. A call takes at most 100 arguments, so longer lists
 * are split and the parts concatenated.
 */
function jsonText(pieces: (string | SQL)[]): SQL {
  const calls: SQL[] = [];
  let text = '';
  let args: SQL[] = [];
  const flush = () => {
    // Without an argument the text is used as it is; in a format string a % is written %%.
    calls.push(
      args.length
        ? sql`format(${text.replaceAll('%', '%%').replaceAll('\u0000', '%s')}::text, ${sql.join(args, sql`, `)})`
        : sql`${text}::text`,
    );
    text = '';
    args = [];
  };
  for (const p of pieces) {
    if (typeof p === 'string') text += p;
    else {
      if (args.length === 99) flush();
      // Marks where the argument goes: a character that JSON text here never holds (keys are JSON.stringify'd).
      text += '\u0000';
      args.push(p);
    }
  }
  flush();
  const concat = (parts: SQL[]): SQL => {
    if (parts.length === 1) return parts[0];
    if (parts.length <= 90) return sql`concat(${sql.join(parts, sql`, `)})`;
    const chunks: SQL[] = [];
    for (let i = 0; i < parts.length; i += 90) chunks.push(concat(parts.slice(i, i + 90)));
    return concat(chunks);
  };
  return sql`${concat(calls)}::json`;
}

/** A JSON object of these keys and pieces of JSON text for their values. */
function jsonObjectText(entries: [string, (string | SQL)[]][]): (string | SQL)[] {
  const pieces: (string | SQL)[] = ['{'];
  for (const [n, [k, v]] of entries.entries()) pieces.push(`${n ? ',' : ''}${JSON.stringify(k)}:`, ...v);
  pieces.push('}');
  return pieces;
}

/** A decimal (or null) as a JSON string (or null). */
const jsonDecimal = (x: SQL): string | SQL => (x === NULL ? 'null' : sql`coalesce('"' || ${x}::text || '"', 'null')`);

/**
 * Scores and inserts the participants of a cycle; returns how many, the participants in unit and employee
 * number order when asked for (the forms need them; without forms sending 10,000 back is wasted), and the percentile cohorts (to
 * freeze on the cycle, for later rescoring by the engine).
 */
export async function scoreAndInsert(
  tx: DbOrTx,
  cycle: CycleRow,
  population: BulkPopulation,
  definitions: Map<string, ScorecardDefinition>,
  scale: FrozenScale,
  now: Date,
  returnPlaced: boolean,
): Promise<{ participants: number; placed: PlacedParticipant[]; cohorts: Cohorts }> {
  const periodType = cycle.periodType as 'month' | 'quarter' | 'year';
  const indicators = indicatorRows(definitions, periodType, cycle.periodStart);
  const prevStart = shiftPeriod(cycle.periodStart, periodType, 'previous_period');
  const yoyStart = shiftPeriod(cycle.periodStart, periodType, 'same_period_last_year');
  const templateKeys = [...definitions.keys()];
  const templateOf = new Map(templateKeys.map((k, i) => [k, i]));

  // Each metric the templates read gets a column per period (this one, the previous one, the same one a
  // year ago, as needed), one for the personal target and, for percentile rules, three for its rank.
  const metricOf = new Map<string, number>();
  const needs = { prev: new Set<number>(), yoy: new Set<number>(), target: new Set<number>(), rank: new Set<number>() };
  for (const i of indicators) {
    if (i.m === null) continue;
    if (!metricOf.has(i.m)) metricOf.set(i.m, metricOf.size);
    const mi = metricOf.get(i.m)!;
    if (i.r === 'growth') (i.bs === prevStart ? needs.prev : needs.yoy).add(mi);
    if (i.r === 'linear' || i.r === 'bands') needs.target.add(mi);
    if (i.r === 'percentile') needs.rank.add(mi);
  }
  const metrics = [...metricOf.keys()];
  const cur = sql`${cycle.periodStart}::date`;
  const prev = sql`${prevStart}::date`;
  const yoy = sql`${yoyStart}::date`;
  const metricList = metrics.length
    ? sql.join(
        metrics.map((m) => sql`${m}`),
        sql`, `,
      )
    : sql`null`;
  // Each value a rule reads is one slot: a metric in one period (this one, the previous one, the same one a
  // year ago). Each slot is read by its own range of the (org, metric, period type, period start, person) keys
  // and tagged with its number: the pivot then tests an integer per value instead of comparing keys and dates.
  const slots = metrics.flatMap((m, mi) => [
    { m, period: cur, name: `c${mi}` },
    ...(needs.prev.has(mi) ? [{ m, period: prev, name: `p${mi}` }] : []),
    ...(needs.yoy.has(mi) ? [{ m, period: yoy, name: `y${mi}` }] : []),
  ]);
  const valueColumns = slots.map((x, k) => sql`max(value) filter (where s = ${k}::int) as ${col(x.name)}`);
  /** One slot's values: computed ones, and imported ones where nothing was computed. */
  const slotRows = (m: string, period: SQL, tag: SQL) =>
    sql`select v.employee_id, ${tag} v.value from metric_values v
      where v.org_id = ${cycle.orgId} and v.metric_key = ${m} and v.period_type = ${periodType} and v.period_start = ${period}
      union all
      select i.employee_id, ${tag} i.value from imported_metric_values i
      where i.org_id = ${cycle.orgId} and i.metric_key = ${m} and i.period_type = ${periodType} and i.period_start = ${period}
        and not exists (select 1 from metric_values v where v.org_id = i.org_id and v.employee_id = i.employee_id
          and v.metric_key = i.metric_key and v.period_type = i.period_type and v.period_start = i.period_start)`;
  const targetColumns = [...needs.target].map(
    (mi) => sql`max(value) filter (where metric_key = ${metrics[mi]}) as ${col(`t${mi}`)}`,
  );
  // The percentile cohorts: within a position, everyone whose template has a percentile indicator of the metric
  // and who has a value counts once.
  const ranked = [...needs.rank];
  const member = (mi: number, alias: string) =>
    sql`(${col(`${alias}tt`)} in (${sql.join(
      [
        ...new Set(
          indicators.filter((i) => i.r === 'percentile' && i.m === metrics[mi]).map((i) => templateOf.get(i.tk)!),
        ),
      ].map((tt) => sql`${tt}::int`),
      sql`, `,
    )}) and ${col(`${alias}c${mi}`)} is not null)`;
  // A value as a whole number of ten-thousandths: metric values are numeric(20, 4), so while smaller than 9 × 10¹⁴
  // in size each is an int8 of its own, in the same order, equal where they are equal (d<m>, one per person, in w).
  const inRange = (c: SQL) => sql`${c} > -9e14 and ${c} < 9e14`;
  const asInt = (c: SQL) => sql`(${c} * 10000)::int8`;
  // Each cohort's values sorted once into an array (a<m>): a member's count at or below is a binary search of it
  // (width_bucket: the number of elements ≤ its operand), and the count below is that of one ten-thousandth less.
  // Much cheaper than ranking windows, which sorted every person's whole row once per metric. A cohort holding a
  // value too large for the int8 form (f<m> false) is ranked by window functions instead (ex<m>, empty otherwise).
  // The frozen cohort's values (j<m>) come from the same pass.
  const cohortColumns = ranked.map((mi) => {
    const [c, d, k] = [col(`c${mi}`), col(`d${mi}`), col(`k${mi}`)];
    return sql`array_agg(${d} order by ${d}) filter (where ${k}) as ${col(`a${mi}`)},
      count(*) filter (where ${k}) as ${col(`n${mi}`)},
      coalesce(bool_and(${d} is not null) filter (where ${k}), true) as ${col(`f${mi}`)},
      json_agg(${c}::text) filter (where ${k}) as ${col(`j${mi}`)}`;
  });
  const cohortInputs = ranked.map((mi) => {
    const c = col(`c${mi}`);
    return sql`${c}, ${member(mi, '')} as ${col(`k${mi}`)}, ${col(`d${mi}`)}`;
  });
  /** A member's count at or below (le) and at or above (ge) their value, and the cohort's size. */
  const rankOf = (mi: number): Pick<RuleColumns, 'le' | 'ge' | 'n'> => {
    const [d, f, a, n] = [col(`w.d${mi}`), col(`co.f${mi}`), col(`co.a${mi}`), col(`co.n${mi}`)];
    return {
      le: sql`case when ${f} then width_bucket(${d}, ${a}) else ${col(`ex${mi}.le`)} end`,
      ge: sql`case when ${f} then ${n} - width_bucket(${d} - 1, ${a}) else ${col(`ex${mi}.ge`)} end`,
      n,
    };
  };
  /** The members of the cohorts of this metric that the int8 form cannot hold, ranked by window functions. */
  const exactRanks = ranked.map(
    (mi) => sql`${col(`ex${mi}`)} as (
      select y.e, count(*) over (partition by y.pos order by y.c) as le,
        count(*) over (partition by y.pos order by y.c desc) as ge
      from (select w.e, co.pos, ${col(`w.c${mi}`)} as c from w join co on co.pos = w.cpos
        where not ${col(`co.f${mi}`)} and ${member(mi, 'w.')}) y
    )`,
  );
  const frozenCohorts = ranked.map(
    (mi) =>
      sql`select pos, ${metrics[mi]}::text as mk, ${col(`j${mi}`)} as vals from co where ${col(`j${mi}`)} is not null`,
  );

  // Per template: each indicator scored by its rule, then weights, dimension scores, the total, the grade.
  const bands = scale.bands
    .map((b) => ({ grade: b.grade, min: String(b.minScore).trim(), coef: String(b.bonusCoefficient).trim() }))
    .sort((a, b) => Number(b.min) - Number(a.min));
  const gradeCase = (pick: (b: (typeof bands)[number]) => SQL) =>
    bands.length
      ? sql`case ${sql.join(
          bands.map((b) => sql`when total >= ${b.min}::numeric then ${pick(b)}`),
          sql` `,
        )} end`
      : sql`null`;
  const scored = templateKeys.map((tk, tt) => {
    const own = indicators.filter((i) => i.tk === tk);
    const columns = (i: IndicatorRow): RuleColumns => {
      const mi = i.m === null ? -1 : metricOf.get(i.m)!;
      if (mi < 0) return { a: NULL, t: NULL, b: NULL, le: NULL, ge: NULL, n: NULL };
      return {
        a: col(`w.c${mi}`),
        t: i.r === 'linear' || i.r === 'bands' ? col(`w.t${mi}`) : NULL,
        b: i.r === 'growth' ? col(i.bs === prevStart ? `w.p${mi}` : `w.y${mi}`) : NULL,
        ...(i.r === 'percentile' ? rankOf(mi) : { le: NULL, ge: NULL, n: NULL }),
      };
    };
    const score = (j: number) => sql`coalesce(${col(`s${j}`)}, 0)`;
    const dims = [...new Set(own.map((i) => i.d))];
    // A dimension's exact score, Σ score × indicator weight / 100, is summed once per person; the total is
    // Σ dimension score × dimension weight / 100 — exactly the engine's Σ score × effective weight / 100. The
    // weights are multiplied by their hundredths as constants: no division, no product computed per person.
    const dimSum = (d: string) =>
      sql.join(
        own.flatMap((i, j) => (i.d === d ? [sql`${score(j)} * (${i.w}::numeric * 0.01)`] : [])),
        sql` + `,
      );
    const dimWeight = (k: number) => own.find((i) => i.d === dims[k])!.dw;
    // Each metric indicator's data as read: [actual, personal target, growth base] without trailing nulls
    // (StoredInput): most indicators have neither a personal target nor a base, so mostly [actual].
    const inputs = jsonText(
      jsonObjectText(
        own.flatMap((i) => {
          if (i.kind !== 'metric') return [];
          const x = columns(i);
          const rest: (string | SQL)[] = [];
          if (x.t !== NULL) rest.push(sql`coalesce(',"' || ${x.t}::text || '"', '')`);
          if (x.b !== NULL) rest.push(sql`coalesce(',null,"' || ${x.b}::text || '"', '')`);
          return [[i.k, ['[', jsonDecimal(x.a), ...rest, ']']]];
        }),
      ),
    );
    const result = jsonText([
      '{"d":',
      ...jsonObjectText(dims.map((d, k) => [d, ['"', sql`round(${col(`d${k}`)}, 2)::text`, '"']])),
      ',"i":',
      ...jsonObjectText(own.map((i, j) => [i.k, ['"', sql`round(${score(j)}, 2)::text`, '"']])),
      '}',
    ]);
    // offset 0: each rule is evaluated once per person, not again wherever its score is used.
    return sql`select e, u, pos, mgr, st, tid, tv, total, result, inputs,
        ${gradeCase((b) => sql`${b.grade}::text`)} as grade, ${gradeCase((b) => sql`${b.coef}::numeric`)} as coef
      from (
        select e, u, pos, mgr, st, tid, tv, inputs,
          round(${
            dims.length
              ? sql.join(
                  dims.map((_, k) => sql`${col(`d${k}`)} * (${dimWeight(k)}::numeric * 0.01)`),
                  sql` + `,
                )
              : sql`0`
          }, 2) as total,
          ${result} as result
        from (
        select e, u, pos, mgr, st, tid, tv, inputs, ${sql.join(
          own.map((_, j) => col(`s${j}`)),
          sql`, `,
        )}${
          dims.length
            ? sql`, ${sql.join(
                dims.map((d, k) => sql`${dimSum(d)} as ${col(`d${k}`)}`),
                sql`, `,
              )}`
            : sql``
        }
        from (
          select w.e, w.u, w.pos, w.mgr, w.st, w.tid, w.tv, ${inputs} as inputs,
            ${sql.join(
              own.map((i, j) => sql`${ruleSql(i, columns(i))} as ${col(`s${j}`)}`),
              sql`, `,
            )}
          from w ${needs.rank.size ? sql`left join co on co.pos = w.cpos` : sql``}
            ${sql.join(
              [...new Set(own.filter((i) => i.r === 'percentile').map((i) => metricOf.get(i.m!)!))].map(
                (mi) => sql`left join ${col(`ex${mi}`)} on ${col(`ex${mi}`)}.e = w.e`,
              ),
              sql` `,
            )}
          where w.tt = ${tt}::int
          offset 0
        ) s
        offset 0
        ) ds
        offset 0
      ) c`;
  });

  const pick = (values: (string | number | null)[]) => arrayLiteral(values);
  // Divisions at 30 decimals, each computed score then kept at 10 places half up (SCORE_PLACES, as the
  // engine does after its 40-digit divisions); weighting and totals are exact, the total rounded once.
  // The aggregation of a large cycle's values fits in memory with this (as the metrics rebuild does).
  // The statement carries every indicator's rule as one large expression: JIT-compiling those costs far more
  // than it could save (forced on, compiling this statement alone took over a minute): off for this transaction.
  await recomputeSettings(tx);
  // The people: the population's employees with their group (position, status, start date; a position-less
  // group under the nil uuid) and their unit's leaders; the reviewing manager is their own manager, else the
  // first of their unit's leaders who is not them. Those of no group (no template) have no template number
  // (tt), so no template's scoring takes them in; an outer join keeps the planner's estimate at the population
  // (an inner join on three columns was estimated at one row, and the plan then joined by nested loops).
  const { groups, leaders } = population;
  const statement = sql`with people as (
          select e.id as e, e.unit_id as u, e.position_id as pos, coalesce(e.position_id, ${NIL}::uuid) as cpos,
            coalesce(case when e.manager_id <> e.id then e.manager_id end,
              case when l.first <> e.id then l.first else l.second end) as mgr,
            g.st, g.tid, g.tv, g.tt
          from employees e
          left join unnest(${pick(groups.map((g) => g.positionId ?? NIL))}::uuid[], ${pick(groups.map((g) => g.status))}::text[],
            ${pick(groups.map((g) => g.since))}::date[], ${pick(groups.map((g) => g.stage))}::text[],
            ${pick(groups.map((g) => g.templateId))}::uuid[], ${pick(groups.map((g) => g.templateVersion))}::int[],
            ${pick(groups.map((g) => templateOf.get(`${g.templateId}:${g.templateVersion}`)!))}::int[])
            as g(pos, status, since, st, tid, tv, tt)
            on g.pos = coalesce(e.position_id, ${NIL}::uuid) and g.status = e.status
              and g.since = coalesce(e.regularization_date, e.hire_date)
          left join unnest(${pick(leaders.map((l) => l.unitId))}::uuid[], ${pick(leaders.map((l) => l.first))}::uuid[],
            ${pick(leaders.map((l) => l.second))}::uuid[]) as l(unit, first, second) on l.unit = e.unit_id
          where ${population.filter}
        ),
        vals as (${
          slots.length
            ? sql.join(
                slots.map((x, k) => slotRows(x.m, x.period, sql`${k}::int as s,`)),
                sql` union all `,
              )
            : sql`select null::uuid as employee_id, null::int as s, null::numeric as value where false`
        }),
        -- One row per person: each metric this period, the previous one, the same one a year ago.
        pv as (
          select employee_id as e${valueColumns.length ? sql`, ${sql.join(valueColumns, sql`, `)}` : sql``}
          from vals group by employee_id
        ),
        tg as (
          select employee_id as e${targetColumns.length ? sql`, ${sql.join(targetColumns, sql`, `)}` : sql``}
          from targets
          where org_id = ${cycle.orgId} and period_type = ${periodType} and period_start = ${cur}
            and status = 'agreed' and value > 0 and employee_id is not null and metric_key in (${metricList})
          group by employee_id
        ),
        w as (
          select p.*${
            valueColumns.length
              ? sql`, ${sql.join(
                  metrics.flatMap((_, mi) => [
                    col(`pv.c${mi}`),
                    ...(needs.prev.has(mi) ? [col(`pv.p${mi}`)] : []),
                    ...(needs.yoy.has(mi) ? [col(`pv.y${mi}`)] : []),
                  ]),
                  sql`, `,
                )}`
              : sql``
          }
            ${
              targetColumns.length
                ? sql`, ${sql.join(
                    [...needs.target].map((mi) => col(`tg.t${mi}`)),
                    sql`, `,
                  )}`
                : sql``
            }
            ${
              ranked.length
                ? sql`, ${sql.join(
                    ranked.map((mi) => {
                      const c = col(`pv.c${mi}`);
                      return sql`case when ${inRange(c)} then ${asInt(c)} end as ${col(`d${mi}`)}`;
                    }),
                    sql`, `,
                  )}`
                : sql``
            }
          from people p left join pv on pv.e = p.e left join tg on tg.e = p.e
        ),
        -- Within a position and metric: the members' values, sorted.
        co as (
          select pos${cohortColumns.length ? sql`, ${sql.join(cohortColumns, sql`, `)}` : sql``}
          from (select cpos as pos${cohortInputs.length ? sql`, ${sql.join(cohortInputs, sql`, `)}` : sql``}
            from w offset 0) m
          group by pos
        ),
        ${exactRanks.length ? sql`${sql.join(exactRanks, sql`, `)},` : sql``}
        scored as (${sql.join(scored, sql` union all `)}),
        ins as (
          insert into review_participants (org_id, cycle_id, employee_id, unit_id, position_id, manager_employee_id,
            tenure_stage, template_id, template_version, inputs, result, total, computed_grade, grade, bonus_coefficient, updated_at)
          select ${cycle.orgId}::uuid, ${cycle.id}::uuid, e, u, pos, mgr, st, tid, tv, inputs, result, total, grade, grade, coef,
            ${now.toISOString()}::timestamptz
          -- In employee order: the indexes on (cycle, employee) and (org, employee) then take their entries in turn.
          from scored order by e
          returning id, employee_id, unit_id, manager_employee_id, template_id, template_version
        )
        select (select count(*)::int from ins) as participants,
          ${
            returnPlaced
              ? sql`(select json_agg(json_build_array(i.id, i.employee_id, i.unit_id, i.manager_employee_id, i.template_id,
                  i.template_version) order by i.unit_id, x.employee_no) from ins i join employees x on x.id = i.employee_id)`
              : sql`null::json`
          } as placed,
          ${
            frozenCohorts.length
              ? sql`(select json_object_agg(case when pos = ${NIL}::uuid then '-' else pos::text end || ':' || mk, vals) from (${sql.join(frozenCohorts, sql` union all `)}) c)`
              : sql`null::json`
          } as cohorts`;
  const [row] = await queryRows<{
    participants: number;
    placed: [string, string, string, string | null, string, number][] | null;
    cohorts: Cohorts | null;
  }>(tx, statement);
  return {
    participants: row.participants,
    placed: (row.placed ?? []).map(([id, employeeId, unitId, managerId, templateId, templateVersion]) => ({
      id,
      employeeId,
      unitId,
      managerId,
      templateId,
      templateVersion,
    })),
    cohorts: row.cohorts ?? {},
  };
}
