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
export function scoreCard(template: ScorecardTemplate, inputs: ScorecardInputs): ScoreCardResult {
  const templateIssues = validateTemplate(template);
  if (templateIssues.length > 0) return { ok: false, errors: templateIssues };

  const errors: ScoringIssue[] = [];
  // Weighting runs in the exact constructor: Σ contributions is exactly Σ score × weight / 100.
  const zero = new Exact(0);
  const hundred = new Exact(100);
  const known = new Set(template.dimensions.flatMap((d) => d.indicators.map((i) => i.key)));
  for (const key of Object.keys(inputs ?? {})) {
    if (!known.has(key)) errors.push({ path: `inputs.${key}`, code: 'UNKNOWN_INDICATOR' });
  }

  const dimensions: DimensionScore[] = [];
  const indicators: IndicatorScore[] = [];
  const missing: MissingInput[] = [];
  let total = zero;
  let maxTotal = zero;
  for (const dimension of template.dimensions) {
    const dimensionWeight = new Exact(toDec(dimension.weight)!);
    let dimensionScore = zero;
    let dimensionContribution = zero;
    for (const indicator of dimension.indicators) {
      const indicatorWeight = new Exact(toDec(indicator.weight)!);
      const weight = dimensionWeight.times(indicatorWeight).div(hundred);
      const input = inputs && Object.hasOwn(inputs, indicator.key) ? inputs[indicator.key] : undefined;
      const outcome = scoreIndicator(indicator, input, `inputs.${indicator.key}`);
      maxTotal = maxTotal.plus(weight.times(maxScoreOf(indicator)).div(hundred));
      if (outcome.status === 'invalid') {
        errors.push(...outcome.issues);
        continue;
      }
      const score = outcome.status === 'scored' ? new Exact(outcome.score) : zero;
      const contribution = score.times(weight).div(hundred);
      dimensionScore = dimensionScore.plus(score.times(indicatorWeight).div(hundred));
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
        weight: fixed2(weight),
        contribution: fixed2(contribution),
        explanation:
          outcome.status === 'scored'
            ? outcome.explanation
            : { code: 'MISSING_INPUT', params: { reason: outcome.reason } },
        exact: { score: plain(score), weight: plain(weight), contribution: plain(contribution) },
      });
    }
    total = total.plus(dimensionContribution);
    dimensions.push({
      key: dimension.key,
      score: fixed2(dimensionScore),
      weight: fixed2(dimensionWeight),
      contribution: fixed2(dimensionContribution),
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    total: fixed2(total),
    maxTotal: fixed2(maxTotal),
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
