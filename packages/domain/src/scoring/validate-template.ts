import type Decimal from 'decimal.js';
import { Exact, HUNDRED, isAbsent, sum, toDec, ZERO } from './decimal';
import {
  type BandsRule,
  type GrowthRule,
  type LinearRule,
  type PercentileRule,
  type RatingRule,
  RULE_DEFAULTS,
  type ScorecardTemplate,
  type TemplateErrorCode,
  type TemplateIssue,
} from './types';

type Report = (path: string, code: TemplateErrorCode, value?: unknown) => void;

/** Weight sums are checked exactly, whatever the number of decimals. */
const EXACT_ZERO = new Exact(0);
const METRIC_RULES = new Set(['linear', 'bands', 'percentile', 'growth']);
const DIRECTIONS = new Set(['higher_is_better', 'lower_is_better']);
const RATERS = new Set(['self', 'manager', 'peer']);

/**
 * Every problem of a scorecard template, each with its path, e.g.
 * { path: 'dimensions[1].indicators', code: 'WEIGHTS_NOT_100', value: '90' }. Empty list = valid.
 * Written defensively: templates come from stored JSON, so shapes the types forbid are reported too.
 */
export function validateTemplate(template: ScorecardTemplate): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const report: Report = (path, code, value) =>
    issues.push(value === undefined ? { path, code } : { path, code, value: String(value) });

  const dimensions = listOf(template?.dimensions);
  if (dimensions.length === 0) {
    report('dimensions', 'NO_DIMENSIONS');
    return issues;
  }
  checkWeights(
    dimensions.map((d) => d?.weight),
    'dimensions',
    (i) => `dimensions[${i}].weight`,
    report,
  );
  checkKeys(
    dimensions.map((d) => d?.key),
    (i) => `dimensions[${i}].key`,
    report,
  );

  const indicatorKeys: unknown[] = [];
  const indicatorPaths: string[] = [];
  dimensions.forEach((dimension, di) => {
    const base = `dimensions[${di}].indicators`;
    const indicators = listOf(dimension?.indicators);
    if (indicators.length === 0) {
      report(base, 'NO_INDICATORS');
      return;
    }
    checkWeights(
      indicators.map((ind) => ind?.weight),
      base,
      (i) => `${base}[${i}].weight`,
      report,
    );
    indicators.forEach((indicator, ii) => {
      const path = `${base}[${ii}]`;
      indicatorKeys.push(indicator?.key);
      indicatorPaths.push(`${path}.key`);
      const rule = indicator?.rule as { type?: unknown } | undefined;
      const type = rule?.type;
      const kind: unknown = indicator?.kind;
      if (kind !== 'metric' && kind !== 'rating') {
        report(`${path}.kind`, 'UNKNOWN_KIND', kind);
      } else if (type !== 'rubric' && !METRIC_RULES.has(type as string)) {
        report(`${path}.rule.type`, 'UNKNOWN_RULE', type);
      } else if ((indicator.kind === 'rating') !== (type === 'rubric')) {
        report(`${path}.rule.type`, 'RULE_KIND_MISMATCH', type);
      } else {
        checkRule(indicator.rule, `${path}.rule`, report);
      }
    });
  });
  // Indicator keys are unique across the template: inputs and attribution are keyed by them.
  checkKeys(indicatorKeys, (i) => indicatorPaths[i], report);
  return issues;
}

function checkRule(
  rule: LinearRule | BandsRule | PercentileRule | GrowthRule | RatingRule,
  path: string,
  report: Report,
): void {
  switch (rule.type) {
    case 'linear':
      checkTarget(rule.target, path, report);
      checkDirection(rule.direction, path, report);
      checkFloorCap(rule, RULE_DEFAULTS.linearCap, path, report);
      return;
    case 'bands':
      checkBands(rule, path, report);
      return;
    case 'percentile': {
      checkDirection(rule.direction, path, report);
      checkFloorCap(rule, RULE_DEFAULTS.percentileCap, path, report);
      const single = optionalNumber(rule.singleMemberScore, `${path}.singleMemberScore`, report);
      if (single && (single.isNegative() || single.gt(HUNDRED))) {
        report(`${path}.singleMemberScore`, 'SCORE_OUT_OF_RANGE', single);
      }
      return;
    }
    case 'growth': {
      if (rule.base !== 'previous_period' && rule.base !== 'same_period_last_year') {
        report(`${path}.base`, 'INVALID_OPTION', rule.base);
      }
      const atZero = requiredNumber(rule.growthAtZeroScore, `${path}.growthAtZeroScore`, report);
      const atFull = requiredNumber(rule.growthAtFullScore, `${path}.growthAtFullScore`, report);
      if (atZero && atFull && atZero.eq(atFull)) report(`${path}.growthAtFullScore`, 'GROWTH_RANGE_EMPTY', atFull);
      const cap = optionalNumber(rule.cap, `${path}.cap`, report);
      if (cap?.isNegative()) report(`${path}.cap`, 'SCORE_BOUND_NEGATIVE', cap);
      return;
    }
    case 'rubric':
      checkRubric(rule, path, report);
      return;
  }
}

function checkBands(rule: BandsRule, path: string, report: Report): void {
  if (rule.measure !== undefined && rule.measure !== 'actual' && rule.measure !== 'attainment') {
    report(`${path}.measure`, 'INVALID_OPTION', rule.measure);
  }
  checkTarget(rule.target, path, report);
  checkDirection(rule.direction, path, report);
  const bands = listOf(rule.bands);
  if (bands.length === 0) {
    report(`${path}.bands`, 'BANDS_EMPTY');
    return;
  }
  const fallback = optionalNumber(rule.fallbackPoints, `${path}.fallbackPoints`, report);
  if (fallback?.isNegative()) report(`${path}.fallbackPoints`, 'POINTS_NEGATIVE', fallback);
  let previousThreshold: Decimal | null = null;
  bands.forEach((band, i) => {
    const threshold = requiredNumber(band?.threshold, `${path}.bands[${i}].threshold`, report);
    const points = requiredNumber(band?.points, `${path}.bands[${i}].points`, report);
    if (points?.isNegative()) report(`${path}.bands[${i}].points`, 'POINTS_NEGATIVE', points);
    if (threshold && previousThreshold && !threshold.gt(previousThreshold)) {
      report(`${path}.bands[${i}].threshold`, 'BANDS_NOT_INCREASING', threshold);
    }
    if (threshold) previousThreshold = threshold;
  });
  // From the worst value to the best (fallback first), points must never drop as the value improves.
  const order = bands.map((_, i) => i);
  if (rule.direction === 'lower_is_better') order.reverse();
  let worsePoints = fallback ?? ZERO;
  for (const i of order) {
    const points = toDec(bands[i]?.points);
    if (!points || points.isNegative()) continue; // reported above
    if (points.lt(worsePoints)) report(`${path}.bands[${i}].points`, 'BAND_POINTS_NOT_MONOTONIC', points);
    else worsePoints = points;
  }
}

function checkRubric(rule: RatingRule, path: string, report: Report): void {
  const rubric = listOf(rule.rubric);
  if (rubric.length === 0) report(`${path}.rubric`, 'RUBRIC_EMPTY');
  const levels = new Set<number>();
  rubric.forEach((level, i) => {
    const at = `${path}.rubric[${i}]`;
    if (typeof level?.level !== 'number' || !Number.isFinite(level.level)) {
      report(`${at}.level`, 'NOT_A_NUMBER', level?.level);
    } else if (levels.has(level.level)) {
      report(`${at}.level`, 'DUPLICATE_LEVEL', level.level);
    } else {
      levels.add(level.level);
    }
    const points = requiredNumber(level?.points, `${at}.points`, report);
    if (points?.isNegative()) report(`${at}.points`, 'POINTS_NEGATIVE', points);
  });

  const raters = listOf(rule.raters);
  if (raters.length === 0) {
    report(`${path}.raters`, 'RATERS_EMPTY');
    return;
  }
  const seen = new Set<unknown>();
  const weights: Decimal[] = [];
  raters.forEach((rater, i) => {
    const at = `${path}.raters[${i}]`;
    if (!RATERS.has(rater?.rater)) report(`${at}.rater`, 'INVALID_OPTION', rater?.rater);
    else if (seen.has(rater.rater)) report(`${at}.rater`, 'DUPLICATE_KEY', rater.rater);
    seen.add(rater?.rater);
    const weight = requiredNumber(rater?.weight, `${at}.weight`, report);
    if (weight?.lte(0)) report(`${at}.weight`, 'RATER_WEIGHT_NOT_POSITIVE', weight);
    if (weight) weights.push(weight);
  });
  const total = sum(weights, EXACT_ZERO);
  if (weights.length === raters.length && !total.eq(HUNDRED)) {
    report(`${path}.raters`, 'RATER_WEIGHTS_NOT_100', total);
  }
}

function checkWeights(weights: unknown[], path: string, itemPath: (i: number) => string, report: Report): void {
  const parsed: Decimal[] = [];
  weights.forEach((w, i) => {
    const d = requiredNumber(w, itemPath(i), report);
    if (d?.isNegative()) report(itemPath(i), 'WEIGHT_NEGATIVE', d);
    if (d) parsed.push(d);
  });
  const total = sum(parsed, EXACT_ZERO);
  if (parsed.length === weights.length && !total.eq(HUNDRED)) report(path, 'WEIGHTS_NOT_100', total);
}

function checkKeys(keys: unknown[], itemPath: (i: number) => string, report: Report): void {
  const seen = new Set<string>();
  keys.forEach((key, i) => {
    if (typeof key !== 'string' || key.trim() === '') report(itemPath(i), 'EMPTY_KEY');
    else if (seen.has(key)) report(itemPath(i), 'DUPLICATE_KEY', key);
    else seen.add(key);
  });
}

function checkTarget(target: unknown, path: string, report: Report): void {
  const d = optionalNumber(target, `${path}.target`, report);
  if (d?.lte(0)) report(`${path}.target`, 'TARGET_NOT_POSITIVE', d);
}

function checkDirection(direction: unknown, path: string, report: Report): void {
  if (direction !== undefined && !DIRECTIONS.has(direction as string)) {
    report(`${path}.direction`, 'INVALID_OPTION', direction);
  }
}

/** Defaults take part: a floor of 130 with the default linear cap (120) is above the cap. */
function checkFloorCap(
  rule: { floor?: unknown; cap?: unknown },
  defaultCap: string,
  path: string,
  report: Report,
): void {
  const floor = optionalNumber(rule.floor, `${path}.floor`, report);
  const cap = optionalNumber(rule.cap, `${path}.cap`, report);
  if (floor?.isNegative()) report(`${path}.floor`, 'SCORE_BOUND_NEGATIVE', floor);
  if (cap?.isNegative()) report(`${path}.cap`, 'SCORE_BOUND_NEGATIVE', cap);
  const effectiveFloor = isAbsent(rule.floor) ? ZERO : floor;
  const effectiveCap = isAbsent(rule.cap) ? toDec(defaultCap) : cap;
  if (effectiveFloor && effectiveCap && effectiveFloor.gt(effectiveCap)) {
    report(`${path}.floor`, 'FLOOR_ABOVE_CAP', effectiveFloor);
  }
}

function requiredNumber(value: unknown, path: string, report: Report): Decimal | null {
  const d = toDec(value);
  if (d === null) report(path, 'NOT_A_NUMBER', value);
  return d;
}

function optionalNumber(value: unknown, path: string, report: Report): Decimal | null {
  return isAbsent(value) ? null : requiredNumber(value, path, report);
}

/** Stored JSON may hold anything where the types promise a list. */
function listOf<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}
