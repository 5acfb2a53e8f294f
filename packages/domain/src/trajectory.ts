// A person's trajectory (成长轨迹): how fast a metric grows, how steady it is, and whether effort fell after
// regularization (DOMAIN.md §1, §3 "post-regularization slack"). Pure functions over monthly series.
//
// Values are JS numbers: these are descriptive indicators, not money that is booked anywhere; callers
// round them for display. Months are written as dates (YYYY-MM-DD); only the year and month are read.

/** One month of a metric: null means "no value" (no data, or a ratio/score with nothing to average). */
export interface MonthValue {
  month: string;
  value: number | null;
}

const ymd = (date: string) => date.split('-').map(Number) as [number, number, number];

/** A month as a running number (year × 12 + month − 1), so differences are whole months. */
export function monthIndex(date: string): number {
  const [y, m] = ymd(date);
  return y * 12 + (m - 1);
}

/** Whole calendar months from the month of `from` to the month of `to` (negative when `to` is earlier). */
export function monthsBetween(from: string, to: string): number {
  return monthIndex(to) - monthIndex(from);
}

/** The first day of the month of a date. */
export function monthStartOf(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/**
 * Months since hire, as a cohort curve counts them: the month of the hire date is month 0, the next
 * calendar month is month 1, and so on.
 */
export function monthsSinceHire(hireDate: string, month: string): number {
  return monthsBetween(hireDate, month);
}

const isValue = (v: number | null): v is number => typeof v === 'number' && Number.isFinite(v);

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Ordinary least squares y = intercept + slope × x; null with fewer than two distinct x. */
export function leastSquares(points: readonly { x: number; y: number }[]): { slope: number; intercept: number } | null {
  if (points.length < 2) return null;
  const mx = mean(points.map((p) => p.x));
  const my = mean(points.map((p) => p.y));
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** The valued months of a series as (months from the first valued month, value). */
function fitPoints(series: readonly MonthValue[]): { x: number; y: number }[] {
  const valued = series.filter((p) => isValue(p.value));
  if (valued.length === 0) return [];
  const first = valued[0].month;
  return valued.map((p) => ({ x: monthsBetween(first, p.month), y: p.value as number }));
}

/** Fewer valued months than this and a trend or a spread says nothing. */
export const MIN_TREND_MONTHS = 3;

export type GrowthSpeedResult =
  | {
      ok: true;
      /** Slope of the least-squares line: the metric's own unit per month (yuan per month, visits per month). */
      perMonth: number;
      /** perMonth ÷ the mean of the months used: the share of a typical month gained (or lost) each month; null when the mean is not positive. */
      relativePerMonth: number | null;
      /** Valued months the line was fitted on. */
      months: number;
    }
  | { ok: false; reason: 'too_few_months'; months: number };

/**
 * Growth speed: the slope of the least-squares line through the valued months of a monthly series, x
 * being calendar months (a gap of a month without a value keeps its place on the axis). Unit: the
 * metric's unit per month. Needs `minMonths` valued months (default 3).
 */
export function growthSpeed(series: readonly MonthValue[], minMonths = MIN_TREND_MONTHS): GrowthSpeedResult {
  const points = fitPoints(series);
  const fit = points.length >= Math.max(2, minMonths) ? leastSquares(points) : null;
  if (!fit) return { ok: false, reason: 'too_few_months', months: points.length };
  const m = mean(points.map((p) => p.y));
  return { ok: true, perMonth: fit.slope, relativePerMonth: m > 0 ? fit.slope / m : null, months: points.length };
}

export type VolatilityResult =
  | {
      ok: true;
      /** Coefficient of variation around the trend: residual standard deviation ÷ mean (0.25 = ±25% of a typical month). */
      value: number;
      months: number;
    }
  | { ok: false; reason: 'too_few_months' | 'mean_not_positive'; months: number };

/**
 * Volatility: the coefficient of variation of the values around their least-squares trend, i.e. the
 * standard deviation of the residuals (√(Σ residual² / (n − 2)), the regression's standard error) divided
 * by the mean of the values. Measured around the trend rather than around the mean, so a person who
 * grows steadily is not called volatile for growing; and as a ratio to the mean, so it compares across
 * metrics and sizes of territory (unitless). Needs `minMonths` valued months (default 3) and a positive
 * mean.
 */
export function volatility(series: readonly MonthValue[], minMonths = MIN_TREND_MONTHS): VolatilityResult {
  const points = fitPoints(series);
  const n = points.length;
  const fit = n >= Math.max(3, minMonths) ? leastSquares(points) : null;
  if (!fit) return { ok: false, reason: 'too_few_months', months: n };
  const m = mean(points.map((p) => p.y));
  if (!(m > 0)) return { ok: false, reason: 'mean_not_positive', months: n };
  let ss = 0;
  for (const p of points) ss += (p.y - (fit.intercept + fit.slope * p.x)) ** 2;
  return { ok: true, value: Math.sqrt(ss / (n - 2)) / m, months: n };
}

export interface SlackIndexInput {
  series: readonly MonthValue[];
  hireDate: string;
  regularizationDate: string | null;
  /** The latest month that is over (its values final); later months never enter a window. */
  lastClosedMonth: string;
  /** Months in each window (default 3). */
  window?: number;
  /** Valued probation months needed (default 2, as the post-regularization slack alert rule). */
  minProbationMonths?: number;
}

export type SlackIndexReason =
  | 'not_regularized'
  | 'no_probation'
  | 'probation_too_short'
  | 'post_window_incomplete'
  | 'probation_mean_not_positive';

export type SlackIndexResult =
  | {
      ok: true;
      /** 1 − post mean ÷ probation mean: 0.3 = 30% less after regularization; negative = more. */
      value: number;
      probationMean: number;
      postMean: number;
      probationMonths: string[];
      postMonths: string[];
    }
  | { ok: false; reason: SlackIndexReason; probationMonths: string[]; postMonths: string[] };

/** The 15th of a month: a month belongs to the side of regularization its middle falls on. */
const middleOf = (month: string) => `${month.slice(0, 7)}-15`;

/**
 * Slack index (过关即松懈): 1 − mean(post-regularization window) ÷ mean(probation window).
 *
 * A month belongs to probation when its 15th falls in [hire date, regularization date), and to the time
 * after regularization when its 15th is on or after the regularization date (so the month of
 * regularization goes to the side it mostly belongs to, and a hire late in a month does not count that
 * month). The probation window is the last `window` probation months, the post window the first `window`
 * months after regularization; the post window must be complete (all its months closed), the probation
 * window must hold `minProbationMonths` valued months, and the probation mean must be positive. Months
 * without a value are left out of the means.
 */
export function slackIndex(input: SlackIndexInput): SlackIndexResult {
  const window = Math.max(1, Math.floor(input.window ?? 3));
  const minProbation = Math.max(1, Math.floor(input.minProbationMonths ?? 2));
  const none = (
    reason: SlackIndexReason,
    probationMonths: string[] = [],
    postMonths: string[] = [],
  ): SlackIndexResult => ({
    ok: false,
    reason,
    probationMonths,
    postMonths,
  });
  const reg = input.regularizationDate;
  if (!reg) return none('not_regularized');
  if (reg <= input.hireDate) return none('no_probation');
  const byMonth = new Map(input.series.map((p) => [monthStartOf(p.month), p.value]));
  // Probation months, from the month of the hire date up to the month of regularization.
  const probation: string[] = [];
  for (let i = monthIndex(input.hireDate); i <= monthIndex(reg); i++) {
    const month = monthOfIndex(i);
    const mid = middleOf(month);
    if (mid >= input.hireDate && mid < reg) probation.push(month);
  }
  const probationWindow = probation.slice(-window);
  const firstPost = middleOf(reg) >= reg ? monthStartOf(reg) : monthOfIndex(monthIndex(reg) + 1);
  const postWindow = Array.from({ length: window }, (_, i) => monthOfIndex(monthIndex(firstPost) + i));
  if (probationWindow.length === 0) return none('no_probation', [], postWindow);
  const probationValues = probationWindow.map((m) => byMonth.get(m) ?? null).filter(isValue);
  if (probationValues.length < Math.min(minProbation, window))
    return none('probation_too_short', probationWindow, postWindow);
  if (monthIndex(postWindow[postWindow.length - 1]) > monthIndex(input.lastClosedMonth))
    return none('post_window_incomplete', probationWindow, postWindow);
  const postValues = postWindow.map((m) => byMonth.get(m) ?? null).filter(isValue);
  if (postValues.length === 0) return none('post_window_incomplete', probationWindow, postWindow);
  const probationMean = mean(probationValues);
  if (!(probationMean > 0)) return none('probation_mean_not_positive', probationWindow, postWindow);
  const postMean = mean(postValues);
  return {
    ok: true,
    value: 1 - postMean / probationMean,
    probationMean,
    postMean,
    probationMonths: probationWindow,
    postMonths: postWindow,
  };
}

/** The first day of the month with the given running number (the inverse of monthIndex). */
export function monthOfIndex(index: number): string {
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
}

/**
 * The p-quantile (0..1) by linear interpolation between the closest ranks (Hyndman & Fan type 7, the
 * default of R and of spreadsheet PERCENTILE): the median of 1, 2, 3, 10 is 2.5. NaN for no values;
 * non-finite values are ignored.
 */
export function quantile(values: readonly number[], p: number): number {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return Number.NaN;
  const h = (xs.length - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return xs[lo] + (h - lo) * (xs[hi] - xs[lo]);
}

/** The middle of a distribution: how many values, their quartiles and median; null for none. */
export function quartiles(values: readonly number[]): { n: number; p25: number; median: number; p75: number } | null {
  const xs = values.filter((v) => Number.isFinite(v));
  if (xs.length === 0) return null;
  return { n: xs.length, p25: quantile(xs, 0.25), median: quantile(xs, 0.5), p75: quantile(xs, 0.75) };
}
