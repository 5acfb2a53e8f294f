import type { Locale } from '@stride/contracts';
import {
  addDays,
  attainmentBelow,
  belowCohort,
  consecutiveDecline,
  ewmaCusum,
  median,
  noActivity,
  noiseCvFromPeers,
  type PooledIndicator,
  pooledDecline,
  postRegularizationSlack,
  rampFromPeers,
  type SeriesPoint,
  type Signal,
} from '@stride/domain';
import type { DbOrTx } from '../../db/client';
import type { Catalog } from '../metrics/catalog.service';
import { periodStartOf } from '../metrics/periods';
import {
  isMasked,
  type JudgedPeriod,
  loadValues,
  type MaskSpan,
  maskedDaysBetween,
  nextPeriod,
  type Person,
  periodEnd,
  type RuleRow,
  tenureBand,
  zeroWhenMissing,
} from './data';

/** Everything one rule needs to judge people, loaded once per evaluation. */
export interface RuleData {
  rule: RuleRow;
  /** Everyone the rule may judge or compare with (cohorts), by id. */
  people: Map<string, Person>;
  values: Map<string, Map<string, number>>;
  targets: Map<string, Map<string, number>>;
  masks: Map<string, MaskSpan[]>;
  /** Days with activity per person (no_activity), sorted ascending. */
  activityDays: Map<string, string[]>;
  zeroWhenMissing: boolean;
  /** First period loaded. */
  from: string;
  /** combined_decline: the values of its further metrics, by metric key. */
  also?: Map<string, { values: Map<string, Map<string, number>>; zeroWhenMissing: boolean }>;
  /** combined_decline: the names of its metrics (its own first), for the evidence and the message. */
  metricNames?: Record<string, Record<Locale, string>>;
}

/** One metric's values as a rule reads them (the rule's own metric, or one of a combined rule's further ones). */
interface MetricValues {
  metric: string;
  values: Map<string, Map<string, number>>;
  zeroWhenMissing: boolean;
}
const ownMetric = (d: RuleData): MetricValues => ({
  metric: d.rule.metricKey ?? '',
  values: d.values,
  zeroWhenMissing: d.zeroWhenMissing,
});

/** The further metrics of a combined_decline rule, loaded like its own metric (nothing for other kinds). */
export async function loadAlsoMetrics(
  db: DbOrTx,
  rule: RuleRow,
  type: JudgedPeriod,
  from: string,
  to: string,
  employeeIds: readonly string[] | null,
  catalog: Catalog,
): Promise<Pick<RuleData, 'also' | 'metricNames'>> {
  if (rule.kind !== 'combined_decline') return {};
  const keys = Array.isArray(rule.params.alsoMetrics) ? (rule.params.alsoMetrics as string[]) : [];
  const out: NonNullable<RuleData['also']> = new Map();
  const metricNames: Record<string, Record<Locale, string>> = {};
  for (const key of [rule.metricKey ?? '', ...keys]) {
    const names = catalog.byKey.get(key)?.names;
    if (names) metricNames[key] = names;
  }
  for (const key of keys) {
    if (key === rule.metricKey || out.has(key)) continue;
    // One after the other: inside a transaction they share one connection.
    const values = await loadValues(db, rule.orgId, key, type, from, to, employeeIds);
    out.set(key, { values, zeroWhenMissing: zeroWhenMissing(catalog, key) });
  }
  return { also: out, metricNames };
}

const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);

/** Periods of history a rule reads before the period it judges (no lookahead beyond it). */
export function lookback(rule: RuleRow): number {
  const p = rule.params;
  switch (rule.kind) {
    case 'consecutive_decline':
      return Math.max(rule.minPeriods, num(p.periods, 3) + 1) + 3;
    case 'attainment_below':
      return Math.max(rule.minPeriods, num(p.m, 3)) + 1;
    case 'below_cohort':
      return Math.max(rule.minPeriods, num(p.persistenceM, 3)) + 1;
    case 'activity_drop':
      return 52;
    case 'post_regularization_slack':
      return 24;
    case 'no_activity':
      return 0;
    case 'combined_decline':
      // The person's level since regularization plus a year in which a decline may run.
      return Math.max(rule.minPeriods, num(p.levelPeriods, 6)) + 12;
  }
}

/**
 * A person's series for a rule up to `asOf`: from the later of the window start and their hire; a period
 * without a value is zero for additive metrics (nothing done) and no data otherwise; the periods of hire and
 * exit are partial and therefore not judged; masked periods are marked.
 */
export function seriesOf(d: RuleData, person: Person, asOf: string, of: MetricValues = ownMetric(d)): SeriesPoint[] {
  const type = d.rule.periodType as JudgedPeriod;
  const metric = of.metric;
  const values = of.values.get(person.id);
  const targets = d.targets.get(person.id);
  const hirePeriod = periodStartOf(type, person.hireDate);
  const exitPeriod = person.exitDate ? periodStartOf(type, person.exitDate) : null;
  const points: SeriesPoint[] = [];
  let period = d.from > hirePeriod ? d.from : hirePeriod; // ISO dates compare as strings
  for (let i = 0; period <= asOf && i < 400; i++, period = nextPeriod(type, period)) {
    if (exitPeriod && period > exitPeriod) break;
    const partial = (period === hirePeriod && person.hireDate !== period) || period === exitPeriod;
    const raw = values?.get(period);
    points.push({
      period,
      value: partial ? null : (raw ?? (of.zeroWhenMissing ? 0 : null)),
      target: targets?.get(period) ?? null,
      masked: isMasked(d.masks.get(person.id), type, period, metric),
    });
  }
  return points;
}

/** Peers of the same team, position and tenure band in each period (DOMAIN.md §3 cohort), the person excluded. */
function cohortsOf(d: RuleData, person: Person, periods: readonly string[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const period of periods) {
    const band = tenureBand(person.hireDate, period);
    const values: number[] = [];
    for (const peer of d.people.values()) {
      if (peer.id === person.id || peer.unitId !== person.unitId || peer.positionId !== person.positionId) continue;
      if (peer.hireDate > period || tenureBand(peer.hireDate, period) !== band) continue;
      if (isMasked(d.masks.get(peer.id), d.rule.periodType as JudgedPeriod, period, d.rule.metricKey ?? '')) continue;
      const v = d.values.get(peer.id)?.get(period) ?? (d.zeroWhenMissing ? 0 : undefined);
      if (v !== undefined) values.push(v);
    }
    out[period] = values;
  }
  return out;
}

/**
 * The person's value as a share of the median of their team (same unit) in the same period, so a week that
 * is low for everyone (a holiday) is not a personal drop. Periods where the team median is 0 are no data.
 */
function relativeToTeam(
  d: RuleData,
  person: Person,
  points: SeriesPoint[],
  of: MetricValues = ownMetric(d),
): SeriesPoint[] {
  const type = d.rule.periodType as JudgedPeriod;
  const relative: SeriesPoint[] = [];
  let shared = 0;
  for (const pt of points) {
    if (pt.value === null || pt.value === undefined) {
      relative.push(pt);
      continue;
    }
    const m = teamMedian(d, person.unitId, pt.period, of, type);
    // A period in which the team has nothing typical (too few people, nobody active) is not judged.
    relative.push({ ...pt, value: m > 0 ? pt.value / m : null });
    if (m > 0) shared++;
  }
  // A team too small to have a typical value at all: the person's own values are judged as they are.
  return shared > 0 ? relative : points;
}

const teamMedians = new WeakMap<RuleData, Map<string, number>>();
/**
 * Median of a team's values of a metric in a period, memoized per evaluation: of its established people (hired
 * before the period, regularized by its start, not masked in it), so that newcomers' partial first months and
 * probation ramp and colleagues on leave do not pull the yardstick down; of everyone in the team while fewer
 * than three are established; 0 with fewer than three people.
 */
function teamMedian(d: RuleData, unitId: string, period: string, of: MetricValues, type: JudgedPeriod): number {
  let cache = teamMedians.get(d);
  if (!cache) {
    cache = new Map();
    teamMedians.set(d, cache);
  }
  const key = `${of.metric}|${unitId}|${period}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const values: number[] = [];
  const established: number[] = [];
  for (const peer of d.people.values()) {
    if (peer.unitId !== unitId || peer.hireDate > periodEnd(type, period)) continue;
    const v = of.values.get(peer.id)?.get(period) ?? (of.zeroWhenMissing ? 0 : undefined);
    if (v === undefined) continue;
    values.push(v);
    const regularized = peer.regularizationDate ? peer.regularizationDate <= period : peer.status !== 'probation';
    if (peer.hireDate < period && regularized && !isMasked(d.masks.get(peer.id), type, period, of.metric))
      established.push(v);
  }
  const m = established.length >= 3 ? median(established) : values.length >= 3 ? median(values) : 0;
  cache.set(key, m);
  return m;
}

const teamNoise = new WeakMap<RuleData, Map<string, number | null>>();
/**
 * How noisy a period of a metric is in a team as of a period: the typical period-to-period CV of the team's
 * series as judged (shares of the team's median), from everyone in the unit, memoized per evaluation.
 */
function teamNoiseCv(d: RuleData, unitId: string, asOf: string, of: MetricValues, relative: boolean): number | null {
  let cache = teamNoise.get(d);
  if (!cache) {
    cache = new Map();
    teamNoise.set(d, cache);
  }
  const key = `${of.metric}|${unitId}|${asOf}|${relative}`;
  if (cache.has(key)) return cache.get(key) ?? null;
  const series: SeriesPoint[][] = [];
  for (const peer of d.people.values()) {
    if (peer.unitId !== unitId || peer.hireDate > asOf) continue;
    const points = seriesOf(d, peer, asOf, of);
    series.push(relative ? relativeToTeam(d, peer, points, of) : points);
  }
  const cv = noiseCvFromPeers(series);
  cache.set(key, cv);
  return cv;
}

const teamRamps = new WeakMap<RuleData, Map<string, (number | null)[]>>();
/**
 * The typical probation ramp of a metric in a team as of a period: per probation period before
 * regularization, the median over the team's people regularized in the loaded history of their value there
 * against their own regularized level (as judged: shares of the team's median), seeing nothing after `asOf`;
 * memoized per evaluation.
 */
function teamRamp(
  d: RuleData,
  unitId: string,
  asOf: string,
  of: MetricValues,
  relative: boolean,
  periods: number,
): (number | null)[] {
  let cache = teamRamps.get(d);
  if (!cache) {
    cache = new Map();
    teamRamps.set(d, cache);
  }
  const key = `${of.metric}|${unitId}|${asOf}|${relative}|${periods}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const type = d.rule.periodType as JudgedPeriod;
  const peers: { points: SeriesPoint[]; regularizedAt: string }[] = [];
  for (const peer of d.people.values()) {
    if (peer.unitId !== unitId || !peer.regularizationDate || peer.regularizationDate > asOf) continue;
    const regularizedAt = periodStartOf(type, peer.regularizationDate);
    if (regularizedAt <= d.from) continue;
    const points = seriesOf(d, peer, asOf, of);
    peers.push({ points: relative ? relativeToTeam(d, peer, points, of) : points, regularizedAt });
  }
  const ramp = rampFromPeers(peers, periods);
  cache.set(key, ramp);
  return ramp;
}

/** The chart shows the values themselves beside the share of the team's median that was judged. */
function withRawValues(signal: Signal, points: SeriesPoint[]): Signal {
  const raw = new Map(points.map((x) => [x.period, x.value]));
  const series = (signal.evidence.series as { period: string; value?: number }[] | undefined)?.map((x) => ({
    ...x,
    share: x.value,
    value: raw.get(x.period) ?? null,
  }));
  return { ...signal, evidence: { ...signal.evidence, series, relativeTo: 'team_median' } };
}

/** The last activity day on or before `day`. */
function lastActivityOn(days: readonly string[] | undefined, day: string): string | null {
  if (!days?.length) return null;
  let lo = 0;
  let hi = days.length - 1;
  let found: string | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid] <= day) {
      found = days[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Judges one person with one rule as of one period (a day for no_activity), seeing nothing after it —
 * the same function serves live evaluation and the 12-month back-test of the rule editor.
 */
export function detect(d: RuleData, person: Person, asOf: string): Signal {
  const { rule } = d;
  const p = rule.params;
  const minPeriods = rule.minPeriods;
  if (rule.kind === 'no_activity') {
    // Nobody is judged before their first activity has reached Stride (an integration not connected yet
    // is not idleness): no activity ever is insufficient data.
    const last = lastActivityOn(d.activityDays.get(person.id), asOf);
    const masked = last ? maskedDaysBetween(d.masks.get(person.id), addDays(last, 1), asOf) : 0;
    return noActivity(last, asOf, { days: num(p.days, 14) }, masked);
  }
  const points = seriesOf(d, person, asOf);
  switch (rule.kind) {
    case 'consecutive_decline': {
      const judged = p.relativeToTeam === false ? points : relativeToTeam(d, person, points);
      const signal = consecutiveDecline(judged, {
        periods: num(p.periods, 3),
        minDropPct: num(p.minDropPct, 20),
        minPeriods,
      });
      return judged === points ? signal : withRawValues(signal, points);
    }
    case 'attainment_below':
      return attainmentBelow(points, {
        thresholdPct: num(p.thresholdPct, 80),
        n: num(p.n, 2),
        m: num(p.m, 3),
        minPeriods,
      });
    case 'below_cohort':
      return belowCohort(
        points,
        cohortsOf(
          d,
          person,
          points.map((x) => x.period),
        ),
        {
          method: p.method === 'percentile' ? 'percentile' : 'robust_z',
          zThreshold: num(p.zThreshold, -1.5),
          percentile: num(p.percentile, 10),
          minCohortSize: num(p.minCohortSize, 5),
          persistenceN: num(p.persistenceN, 2),
          persistenceM: num(p.persistenceM, 3),
          minPeriods,
        },
      );
    case 'activity_drop': {
      const reg = person.regularizationDate ? periodStartOf('week', person.regularizationDate) : null;
      const headStartAt = p.headStart !== false && reg && reg >= (points[0]?.period ?? reg) && reg <= asOf ? reg : null;
      const params = {
        lambda: num(p.lambda, 0.2),
        L: num(p.L, 3),
        k: num(p.k, 0.5),
        h: num(p.h, 4),
        baselinePeriods: num(p.baselinePeriods, 8),
        headStart: p.headStart !== false,
        headStartAt,
        minPeriods,
      };
      const judged = p.relativeToTeam === false ? points : relativeToTeam(d, person, points);
      const signal = ewmaCusum(judged, params);
      // Too little history before regularization for a baseline there: judge against the person's own
      // earliest weeks instead (no head start) rather than not at all.
      const result =
        headStartAt && signal.status === 'insufficient_data' && signal.evidence.reason === 'SHORT_BASELINE'
          ? ewmaCusum(judged, { ...params, headStartAt: null })
          : signal;
      return judged === points ? result : withRawValues(result, points);
    }
    case 'combined_decline': {
      const type = rule.periodType as JudgedPeriod;
      const relative = p.relativeToTeam !== false;
      const metrics: MetricValues[] = [ownMetric(d)];
      for (const [metric, v] of d.also ?? []) metrics.push({ metric, ...v });
      const raw = new Map<string, SeriesPoint[]>();
      // The person's level is what they did once regularized: probation is a ramp-up. While they have few
      // periods of it, their last probation periods complete it, scaled by the team's typical ramp.
      const reg = person.regularizationDate ? periodStartOf(type, person.regularizationDate) : null;
      const baselineFrom = reg && reg <= asOf ? reg : null;
      // Two: the full months of a three-month probation (the hire month is partial). Not among the contract's
      // parameters of the rule (combinedDeclineParams), so every rule uses two for now.
      const probationPeriods = num(p.probationPeriods, 2);
      const indicators: PooledIndicator[] = metrics.map((of) => {
        const own = of === metrics[0] ? points : seriesOf(d, person, asOf, of);
        raw.set(of.metric, own);
        return {
          key: of.metric,
          points: relative ? relativeToTeam(d, person, own, of) : own,
          noiseCv: teamNoiseCv(d, person.unitId, asOf, of, relative),
          ramp:
            baselineFrom && probationPeriods > 0
              ? teamRamp(d, person.unitId, asOf, of, relative, probationPeriods)
              : null,
        };
      });
      const signal = pooledDecline(indicators, {
        baselinePeriods: num(p.levelPeriods, 6),
        minBaselinePeriods: num(p.minLevelPeriods, 1),
        baselineFrom,
        probationPeriods,
        k: num(p.k, 0.5),
        h: num(p.h, 1.5),
        window: num(p.window, 3),
        minDropPct: num(p.minDropPct, 20),
        minPeriods,
        // The onset as a change point among the periods judged (not the start of a running excursion).
        changePoint: p.changePoint !== false,
      });
      // The chart shows the values themselves beside the shares judged.
      const series = (signal.evidence.series as { period: string; indicators: { key: string; value: number }[] }[]).map(
        (x) => ({
          ...x,
          indicators: x.indicators.map((i) => ({
            ...i,
            share: relative ? i.value : undefined,
            value: raw.get(i.key)?.find((r) => r.period === x.period)?.value ?? i.value,
          })),
        }),
      );
      return {
        ...signal,
        evidence: {
          ...signal.evidence,
          series,
          relativeTo: relative ? 'team_median' : null,
          indicatorNames: d.metricNames ?? {},
        },
      };
    }
    case 'post_regularization_slack': {
      if (!person.regularizationDate || person.regularizationDate > asOf) {
        return {
          status: 'insufficient_data',
          onsetPeriod: null,
          period: points.at(-1)?.period ?? null,
          confidence: 0,
          evidence: { series: [], reason: 'not_regularized' },
        };
      }
      return postRegularizationSlack(points, {
        regularizedAt: periodStartOf(rule.periodType as JudgedPeriod, person.regularizationDate),
        windowPeriods: num(p.windowPeriods, 3),
        dropPct: num(p.dropPct, 30),
        minProbationPeriods: num(p.minProbationPeriods, 2),
      });
    }
  }
}
