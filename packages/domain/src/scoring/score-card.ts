import type Decimal from 'decimal.js';
import { Dec, Exact, fixed2, plain, toDec } from './decimal';
import { attainmentOf, type RuleOutcome } from './rule-outcome';
import { scoreBands } from './score-bands';
import { scoreGrowth } from './score-growth';
import { scoreLinear } from './score-linear';
import { scorePercentile } from './score-percentile';
import { scoreRating } from './score-rating';
import {
  type DimensionScore,
  type IndicatorDefinition,
  type IndicatorInput,
  type IndicatorScore,
  type MissingInput,
  RULE_DEFAULTS,
  type ScoreCardResult,
  type ScorecardInputs,
  type ScorecardTemplate,
  type ScoringIssue,
} from './types';
import { validateTemplate } from './validate-template';

/**
 * Scores one person's scorecard for one period.
 *
 * - The template is validated first; an invalid template or input returns { ok: false, errors }.
 * - Each indicator's score (0..its cap) is weighted by its effective weight
 *   (dimension weight × indicator weight / 100); total = Σ score × effective weight / 100.
 * - An indicator without its data (no actual, target, base, cohort or rating) scores 0 and is listed
 *   in `missing`; it is never skipped, so the other weights are not inflated.
 * - Inputs for keys the template does not have are an error (they would otherwise be ignored).
 * - All arithmetic is decimal; values are rounded only in the output (2 places, ROUND_HALF_UP), and
 *   the total is the rounded exact sum, not the sum of rounded contributions.
 */
interface IndicatorPlan {
  indicator: IndicatorDefinition;
  /** Weight within the dimension, and effective weight in the card (dimension × indicator / 100). */
  indicatorWeight: Decimal;
  weight: Decimal;
  weightFixed: string;
  weightPlain: string;
}
interface Plan {
  issues: ReturnType<typeof validateTemplate>;
  known: Set<string>;
  dimensions: { key: string; weightFixed: string; indicators: IndicatorPlan[] }[];
  maxTotal: string;
}

/**
 * What depends on the template alone (validation, weights, the maximum total), by template object:
 * scoring a cycle passes one template for thousands of people. Templates are treated as immutable
 * values (as the server stores them); a caller that edits a template object in place must pass a new
 * object to have it read again.
 */
const plans = new WeakMap<ScorecardTemplate, Plan>();

function planOf(template: ScorecardTemplate): Plan {
  const cached = template !== null && typeof template === 'object' ? plans.get(template) : undefined;
  if (cached) return cached;
  const issues = validateTemplate(template);
  const plan: Plan = { issues, known: new Set(), dimensions: [], maxTotal: '0.00' };
  if (issues.length === 0) {
    let maxTotal = new Exact(0);
    for (const dimension of template.dimensions) {
      const dimensionWeight = new Exact(toDec(dimension.weight)!);
      const indicators = dimension.indicators.map((indicator) => {
        plan.known.add(indicator.key);
        const indicatorWeight = new Exact(toDec(indicator.weight)!);
        const weight = dimensionWeight.times(indicatorWeight).times(HUNDREDTH);
        maxTotal = maxTotal.plus(weight.times(maxScoreOf(indicator)).times(HUNDREDTH));
        return { indicator, indicatorWeight, weight, weightFixed: fixed2(weight), weightPlain: plain(weight) };
      });
      plan.dimensions.push({ key: dimension.key, weightFixed: fixed2(dimensionWeight), indicators });
    }
    plan.maxTotal = fixed2(maxTotal);
  }
  if (template !== null && typeof template === 'object') plans.set(template, plan);
  return plan;
}

/** × 0.01 is exact and cheaper than ÷ 100 in decimal.js. */
const HUNDREDTH = new Exact('0.01');

export function scoreCard(template: ScorecardTemplate, inputs: ScorecardInputs): ScoreCardResult {
  const plan = planOf(template);
  if (plan.issues.length > 0) return { ok: false, errors: plan.issues };

  const errors: ScoringIssue[] = [];
  // Weighting runs in the exact constructor: Σ contributions is exactly Σ score × weight / 100.
  const zero = new Exact(0);
  for (const key of Object.keys(inputs ?? {})) {
    if (!plan.known.has(key)) errors.push({ path: `inputs.${key}`, code: 'UNKNOWN_INDICATOR' });
  }

  const dimensions: DimensionScore[] = [];
  const indicators: IndicatorScore[] = [];
  const missing: MissingInput[] = [];
  let total = zero;
  for (const dimension of plan.dimensions) {
    let dimensionScore = zero;
    let dimensionContribution = zero;
    for (const { indicator, indicatorWeight, weight, weightFixed, weightPlain } of dimension.indicators) {
      const input = inputs && Object.hasOwn(inputs, indicator.key) ? inputs[indicator.key] : undefined;
      const outcome = scoreIndicator(indicator, input, `inputs.${indicator.key}`);
      if (outcome.status === 'invalid') {
        errors.push(...outcome.issues);
        continue;
      }
      const score = outcome.status === 'scored' ? new Exact(outcome.score) : zero;
      const contribution = score.times(weight).times(HUNDREDTH);
      dimensionScore = dimensionScore.plus(score.times(indicatorWeight).times(HUNDREDTH));
      dimensionContribution = dimensionContribution.plus(contribution);
      if (outcome.status === 'missing') {
        missing.push({ indicator: indicator.key, dimension: dimension.key, reason: outcome.reason });
      }
      const attainment = attainmentOf(outcome.actual, outcome.target);
      indicators.push({
        key: indicator.key,
        dimension: dimension.key,
        kind: indicator.kind,
        rule: indicator.rule.type,
        actual: outcome.actual === null ? null : plain(outcome.actual),
        target: outcome.target === null ? null : plain(outcome.target),
        attainment: attainment === null ? null : fixed2(attainment),
        score: fixed2(score),
        weight: weightFixed,
        contribution: fixed2(contribution),
        explanation:
          outcome.status === 'scored'
            ? outcome.explanation
            : { code: 'MISSING_INPUT', params: { reason: outcome.reason } },
        exact: { score: plain(score), weight: weightPlain, contribution: plain(contribution) },
      });
    }
    total = total.plus(dimensionContribution);
    dimensions.push({
      key: dimension.key,
      score: fixed2(dimensionScore),
      weight: dimension.weightFixed,
      contribution: fixed2(dimensionContribution),
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    total: fixed2(total),
    maxTotal: plan.maxTotal,
    dimensions,
    indicators,
    missing,
    exact: { total: plain(total) },
  };
}

function scoreIndicator(indicator: IndicatorDefinition, input: IndicatorInput | undefined, path: string): RuleOutcome {
  if (indicator.kind === 'rating') return scoreRating(indicator.rule, input, path);
  const rule = indicator.rule;
  switch (rule.type) {
    case 'linear':
      return scoreLinear(rule, input, path);
    case 'bands':
      return scoreBands(rule, input, path);
    case 'percentile':
      return scorePercentile(rule, input, path);
    case 'growth':
      return scoreGrowth(rule, input, path);
  }
}

/** The highest score an indicator can reach under its (valid) rule. */
function maxScoreOf(indicator: IndicatorDefinition): Decimal {
  const rule = indicator.rule;
  const max = (values: readonly unknown[]) => Dec.max(...values.map((v) => toDec(v)!));
  switch (rule.type) {
    case 'linear':
      return toDec(rule.cap ?? RULE_DEFAULTS.linearCap)!;
    case 'growth':
      return toDec(rule.cap ?? RULE_DEFAULTS.growthCap)!;
    case 'bands':
      return max([...rule.bands.map((b) => b.points), rule.fallbackPoints ?? RULE_DEFAULTS.fallbackPoints]);
    case 'percentile': {
      // clamp(x, floor, cap) with x ≤ max(100, singleMemberScore)
      const highest = max([100, rule.singleMemberScore ?? RULE_DEFAULTS.singleMemberScore, rule.floor ?? 0]);
      return Dec.min(highest, toDec(rule.cap ?? RULE_DEFAULTS.percentileCap)!);
    }
    case 'rubric':
      return max(rule.rubric.map((l) => l.points));
  }
}
