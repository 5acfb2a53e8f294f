import {
  addDays,
  attainmentBelow,
  belowCohort,
  consecutiveDecline,
  ewmaCusum,
  median,
  noActivity,
  postRegularizationSlack,
  type SeriesPoint,
  type Signal,
} from '@stride/domain';
import { periodStartOf } from '../metrics/periods';
import {
  isMasked,
  type JudgedPeriod,
  type MaskSpan,
  maskedDaysBetween,
  nextPeriod,
  type Person,
  periodEnd,
  type RuleRow,
  tenureBand,
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
  }
}

/**
 * A person's series for a rule up to `asOf`: from the later of the window start and their hire; a period
 * without a value is zero for additive metrics (nothing done) and no data otherwise; the periods of hire and
 * exit are partial and therefore not judged; masked periods are marked.
 */
export function seriesOf(d: RuleData, person: Person, asOf: string): SeriesPoint[] {
  const type = d.rule.periodType as JudgedPeriod;
  const metric = d.rule.metricKey ?? '';
  const values = d.values.get(person.id);
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
      value: partial ? null : (raw ?? (d.zeroWhenMissing ? 0 : null)),
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
function relativeToTeam(d: RuleData, person: Person, points: SeriesPoint[]): SeriesPoint[] {
  const type = d.rule.periodType as JudgedPeriod;
  const peers = [...d.people.values()].filter((p) => p.unitId === person.unitId);
  const relative: SeriesPoint[] = [];
  let shared = 0;
  for (const pt of points) {
    if (pt.value === null || pt.value === undefined) {
      relative.push(pt);
      continue;
    }
    const values: number[] = [];
    for (const peer of peers) {
      if (peer.hireDate > periodEnd(type, pt.period)) continue;
      const v = d.values.get(peer.id)?.get(pt.period) ?? (d.zeroWhenMissing ? 0 : undefined);
      if (v !== undefined) values.push(v);
    }
    const m = values.length >= 3 ? median(values) : 0;
    // A period in which the team has nothing typical (too few people, nobody active) is not judged.
    relative.push({ ...pt, value: m > 0 ? pt.value / m : null });
    if (m > 0) shared++;
  }
  // A team too small to have a typical value at all: the person's own values are judged as they are.
  return shared > 0 ? relative : points;
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
