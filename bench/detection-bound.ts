/**
 * Information bound for the early-warning detection benchmark (bench/detection.ts), computed offline: the same
 * seeded population and the same monthly activity counts the benchmark sends to the server, judged by two
 * detectors that are not the server's rules but tell how much any rule could achieve on these data.
 *
 * - Oracle: knows each person's true expected level in every month (productivity, season, probation ramp,
 *   improvers' growth, working days without weekends and recorded leave) — everything but the planted slowdown —
 *   and applies a one-sided Poisson likelihood-ratio test to the month's calls + visits + orders (the decline
 *   fitted as a rate ratio f = min(observed / expected, 0.85) against f = 1; only the month itself is tried
 *   as the onset).
 * - Realistic: knows only what the server knows — the monthly counts, hire and regularization dates, recorded
 *   leave, the team. The month's exposure is the median total of the team's established people (season and
 *   team-wide swings); the own level comes from at most 6 usable regularized months before the tried onset
 *   (while fewer exist, the last 2 probation months, divided by the teammates' median probation ramp). Each of
 *   the last 3 months is tried as the onset: a conditional binomial likelihood-ratio test of the counts since
 *   the onset against the own level (rate ratio capped at 0.85 as above); the largest statistic and its onset.
 *
 * Each detector's threshold is set, per seed, so that the healthy person-periods it flags are 5.0% (at most),
 * counted as the benchmark counts them. Two ways of counting recall within two periods of the onset:
 * "fires" (the statistic is over the threshold in the onset period or one of the two after it, alerts ignored)
 * and "raised" (the signals go through the evaluator's alert lifecycle — raised only when no alert is live,
 * resolved after 2 clear periods, a new onset after the last firing period raises anew, 30-day cooldown after
 * a resolution — and the first alert raised from the onset on must come within two periods, as the benchmark
 * scores it). For "raised", healthy person-periods flagged are those in which a live alert had not started
 * to clear (the benchmark's `clear_count = 0`).
 */
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../apps/server/src/db/seed/random';
import {
  addDays,
  addMonths,
  DAILY_RATE,
  DEFAULT_SEED,
  FIRST_MONTH,
  level,
  MONTHS,
  monthActivities,
  monthIndex,
  type Person,
  planPeople,
  worksOn,
} from './detection';

/** Months of history before anyone is judged (as bench/detection.ts scores). */
const FIRST_JUDGED = 3;
/** Healthy person-periods a detector may flag. */
const FALSE_FLAG_TARGET = 0.05;
/** The largest rate ratio the alternative may take: a decline worth an alert is a drop of at least 15%. */
const F_MAX = 0.85;
/** Realistic detector: onsets tried, own-level months, probation months, teams (as the benchmark assigns them). */
const WINDOW = 3;
const LEVEL_MONTHS = 6;
const PROBATION_MONTHS = 2;
const TEAMS = 10;
/** Evaluator lifecycle (the built-in rules' defaults). */
const RECOVER_AFTER = 2;
const COOLDOWN_DAYS = 30;

interface Data {
  people: Person[];
  months: string[];
  /** totals[i][m]: calls + visits + orders of person i in month m. */
  totals: number[][];
  /** expected[i][m]: the oracle's expected total without a slowdown. */
  expected: number[][];
}

/** A detector's statistic per person and month (null: not judged), with the onset it was taken at. */
type Stat = { v: number; onset: number } | null;
type Stats = Stat[][];

/** The benchmark's data for a seed: the same random stream as bench/detection.ts, counted per person-month. */
function generate(seed: number, n: number): Data {
  const rand = seededRandom(seed);
  const people = planPeople(n, rand);
  const index = new Map(people.map((p, i) => [p.no, i]));
  const months = Array.from({ length: MONTHS }, (_, m) => addMonths(FIRST_MONTH, m));
  const totals = people.map(() => new Array<number>(MONTHS).fill(0));
  for (let m = 0; m < MONTHS; m++) {
    for (const line of monthActivities(people, months[m], rand)) {
      const a = JSON.parse(line) as { employeeNo: string };
      totals[index.get(a.employeeNo)!][m]++;
    }
  }
  const perDay = DAILY_RATE.call + DAILY_RATE.visit + DAILY_RATE.order;
  const expected = people.map((p) => {
    // Everything but the planted slowdown (an improver's growth is part of the level).
    const h0: Person = p.kind === 'slacker' ? { ...p, onset: null } : p;
    return months.map((month) => {
      let sum = 0;
      for (let day = month; day < addMonths(month, 1); day = addDays(day, 1)) {
        if (worksOn(p, day)) sum += level(h0, day);
      }
      return perDay * sum;
    });
  });
  return { people, months, totals, expected };
}

/** The slowdowns and healthy person-periods the benchmark scores. */
function scoring(d: Data) {
  const slackers: { i: number; onset: number }[] = [];
  const healthy: { i: number; m: number }[] = [];
  d.people.forEach((p, i) => {
    if (p.kind === 'slacker' && p.onset !== null && p.onset >= FIRST_JUDGED && p.onset <= MONTHS - 3)
      slackers.push({ i, onset: p.onset });
    for (let m = FIRST_JUDGED; m < MONTHS; m++) {
      if (d.months[m] < p.hire) continue;
      if (p.kind === 'slacker' && p.onset !== null && m >= p.onset) continue;
      healthy.push({ i, m });
    }
  });
  return { slackers, healthy };
}

/** Poisson log-likelihood ratio of n counts at expected mu: rate ratio min(n/mu, F_MAX) against 1. */
function poissonLlr(n: number, mu: number): number {
  const f = Math.min(n / mu, F_MAX);
  if (f >= 1) return 0;
  return (n > 0 ? n * Math.log(Math.max(f, 1e-9)) : 0) + mu * (1 - f);
}

/**
 * Conditional binomial log-likelihood ratio: k of n counts fell in the judged months, p0 = their share of the
 * exposure; alternative: the judged months' rate times f = min(fitted, F_MAX) against f = 1.
 */
function binomialLlr(k: number, n: number, p0: number): number {
  if (n === 0) return 0;
  const phat = k / n;
  const r = p0 / (1 - p0);
  const fhat = phat >= 1 ? Number.POSITIVE_INFINITY : phat / (1 - phat) / r;
  const f = Math.min(fhat, F_MAX);
  if (f >= 1) return 0;
  const p = (f * r) / (f * r + 1);
  const t1 = k > 0 ? k * Math.log(Math.max(p, 1e-12) / p0) : 0;
  const t2 = n - k > 0 ? (n - k) * Math.log((1 - p) / (1 - p0)) : 0;
  return t1 + t2;
}

function oracleStats(d: Data): Stats {
  return d.people.map((_, i) =>
    d.months.map((_m, t) => {
      const mu = d.expected[i][t];
      return mu > 0 ? { v: poissonLlr(d.totals[i][t], mu), onset: t } : null;
    }),
  );
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
};

function realisticStats(d: Data): Stats {
  const team = d.people.map((_, i) => i % TEAMS);
  const regM = d.people.map((p) => monthIndex(p.regularization));
  const hireM = d.people.map((p) => monthIndex(p.hire));
  const leaveM = d.people.map((p) => (p.leave ? monthIndex(p.leave.start) : null));
  // Exposure per team and month: the median total of the team's established people (hired before the month,
  // regularized by its start, not on recorded leave in it); fewer than 3 of them: no exposure.
  const expo = Array.from({ length: TEAMS }, (_, g) =>
    d.months.map((start, m) => {
      const vals: number[] = [];
      d.people.forEach((p, i) => {
        if (team[i] !== g || !(p.hire < start) || !(p.regularization <= start) || leaveM[i] === m) return;
        vals.push(d.totals[i][m]);
      });
      return vals.length >= 3 ? median(vals) : 0;
    }),
  );
  const ex = (i: number, m: number) => expo[team[i]][m] ?? 0;
  // Probation ramp from peers: a probation month's share of the exposure over the mean share of the first
  // (at most 6) regularized months; ramp[k] for the k-th month before regularization, median over people.
  const ramp: (number | null)[] = [];
  for (let k = 0; k < PROBATION_MONTHS; k++) {
    const rs: number[] = [];
    d.people.forEach((_, i) => {
      const pm = regM[i] - 1 - k;
      if (pm <= hireM[i] || pm < 0) return;
      const lvl: number[] = [];
      for (let m = regM[i]; m < MONTHS && lvl.length < LEVEL_MONTHS; m++) {
        if (leaveM[i] === m || !(ex(i, m) > 0)) continue;
        lvl.push(d.totals[i][m] / ex(i, m));
      }
      if (lvl.length < 3 || leaveM[i] === pm || !(ex(i, pm) > 0)) return;
      const own = lvl.reduce((a, x) => a + x, 0) / lvl.length;
      rs.push(d.totals[i][pm] / ex(i, pm) / own);
    });
    ramp.push(rs.length ? median(rs) : null);
  }
  return d.people.map((_, i) => {
    const r = Math.max(0, regM[i]);
    const usable = (m: number) => m > hireM[i] && leaveM[i] !== m && ex(i, m) > 0;
    return d.months.map((_m, t): Stat => {
      if (t < r || !usable(t)) return null;
      let best: Stat = null;
      for (let tau = t; tau > t - WINDOW && tau >= r; tau--) {
        const own: { n: number; e: number }[] = [];
        for (let m = r; m < tau; m++) if (usable(m)) own.push({ n: d.totals[i][m], e: ex(i, m) });
        let base = own.slice(-LEVEL_MONTHS);
        if (base.length < LEVEL_MONTHS) {
          for (let k = 0; k < PROBATION_MONTHS; k++) {
            const pm = r - 1 - k;
            const rk = ramp[k];
            if (pm < 0 || pm <= hireM[i] || !usable(pm) || rk === null) continue;
            base = [{ n: d.totals[i][pm], e: ex(i, pm) * rk }, ...base];
          }
        }
        if (base.length === 0) continue;
        let na = 0;
        let ea = 0;
        for (let m = tau; m <= t; m++) {
          if (!usable(m)) continue;
          na += d.totals[i][m];
          ea += ex(i, m);
        }
        const nb = base.reduce((s, x) => s + x.n, 0);
        const eb = base.reduce((s, x) => s + x.e, 0);
        const v = binomialLlr(na, na + nb, ea / (ea + eb));
        if (!best || v > best.v) best = { v, onset: tau };
      }
      return best;
    });
  });
}

/** The evaluator's alert lifecycle over the signals of a threshold: the raises and the flags per month. */
function lifecycle(d: Data, stats: Stats, c: number) {
  const raised: { i: number; m: number }[] = [];
  const fired: Set<number>[] = d.months.map(() => new Set());
  stats.forEach((series, i) => {
    let cur: { period: number; clear: number } | null = null;
    let lastEnd: number | null = null;
    for (let m = 0; m < MONTHS; m++) {
      const now = Date.parse(`${addMonths(FIRST_MONTH, m + 1)}T02:00:00Z`);
      const s = series[m];
      if (s !== null && s.v > c) {
        // Still the same decline (its onset not after the alert's last firing period): the alert goes on.
        if (cur && !(s.onset > cur.period - cur.clear)) cur = { period: m, clear: 0 };
        else if (cur) {
          // A new onset: the live alert ends and a new one is raised.
          lastEnd = now;
          cur = { period: m, clear: 0 };
          raised.push({ i, m });
        } else if (lastEnd === null || now >= lastEnd + COOLDOWN_DAYS * 86_400_000) {
          cur = { period: m, clear: 0 };
          raised.push({ i, m });
        }
      } else if (s !== null && cur) {
        const clears: number = cur.clear + 1;
        if (clears >= RECOVER_AFTER) {
          cur = null;
          lastEnd = now;
        } else cur = { period: m, clear: clears };
      }
      if (cur && cur.clear === 0) fired[m].add(i);
    }
  });
  return { raised, fired };
}

interface Counted {
  detected: number;
  delays: number[];
  flagged: number;
}

function countFires(d: Data, stats: Stats, c: number): Counted {
  const { slackers, healthy } = scoring(d);
  const over = (i: number, m: number) => (stats[i][m]?.v ?? Number.NEGATIVE_INFINITY) > c;
  const delays: number[] = [];
  for (const s of slackers) {
    const first = [0, 1, 2].find((k) => over(s.i, s.onset + k));
    if (first !== undefined) delays.push(first);
  }
  return { detected: delays.length, delays, flagged: healthy.filter((h) => over(h.i, h.m)).length };
}

function countRaised(d: Data, stats: Stats, c: number): Counted {
  const { slackers, healthy } = scoring(d);
  const lc = lifecycle(d, stats, c);
  const delays: number[] = [];
  for (const s of slackers) {
    const first = lc.raised
      .filter((r) => r.i === s.i && r.m >= s.onset)
      .reduce<number | null>((a, r) => (a === null || r.m < a ? r.m : a), null);
    if (first !== null && first - s.onset <= 2) delays.push(first - s.onset);
  }
  return { detected: delays.length, delays, flagged: healthy.filter((h) => lc.fired[h.m].has(h.i)).length };
}

/** The smallest threshold (to 1e-6 or so) at which at most FALSE_FLAG_TARGET of healthy person-periods are flagged. */
function calibrate(flaggedShare: (c: number) => number): number {
  let lo = -10;
  let hi = 60;
  for (let k = 0; k < 50; k++) {
    const mid = (lo + hi) / 2;
    if (flaggedShare(mid) <= FALSE_FLAG_TARGET) hi = mid;
    else lo = mid;
  }
  return hi;
}

export interface BoundCount {
  detected: number;
  recall: number;
  meanDelay: number | null;
  threshold: number;
  /** Share of healthy person-periods flagged at that threshold. */
  flagged: number;
}

export interface BoundRow {
  detector: 'oracle' | 'realistic';
  seed: number;
  slackers: number;
  healthyPeriods: number;
  fires: BoundCount;
  raised: BoundCount;
}

export interface BoundResult {
  seeds: number[];
  people: number;
  rows: BoundRow[];
  seconds: number;
}

export function runDetectionBound(opts: { seeds?: number[]; people?: number; log: (s: string) => void }): BoundResult {
  const t0 = performance.now();
  const people = opts.people ?? 200;
  const seeds = opts.seeds?.length ? opts.seeds : [Number(process.env.BENCH_SEED) || DEFAULT_SEED];
  const rows: BoundRow[] = [];
  for (const seed of seeds) {
    const d = generate(seed, people);
    const { slackers, healthy } = scoring(d);
    for (const [detector, stats] of [
      ['oracle', oracleStats(d)],
      ['realistic', realisticStats(d)],
    ] as const) {
      const result = (count: (c: number) => Counted): BoundCount => {
        const threshold = calibrate((c) => count(c).flagged / healthy.length);
        const x = count(threshold);
        return {
          detected: x.detected,
          recall: slackers.length ? x.detected / slackers.length : 0,
          meanDelay: x.delays.length ? x.delays.reduce((a, b) => a + b, 0) / x.delays.length : null,
          threshold,
          flagged: x.flagged / healthy.length,
        };
      };
      const row: BoundRow = {
        detector,
        seed,
        slackers: slackers.length,
        healthyPeriods: healthy.length,
        fires: result((c) => countFires(d, stats, c)),
        raised: result((c) => countRaised(d, stats, c)),
      };
      rows.push(row);
      opts.log(
        `[detection-bound] seed ${seed} ${detector}: fires ${row.fires.detected}/${row.slackers}, raised ${row.raised.detected}/${row.slackers}`,
      );
    }
  }
  return { seeds, people, rows, seconds: (performance.now() - t0) / 1000 };
}
