import type { ScorecardDefinition } from '@stride/contracts';
import {
  type CohortRank,
  cohortRanker,
  type GradeScale,
  gradeOf,
  type IndicatorInput,
  type RatingsInput,
  type ScoredCard,
  scoreCard,
} from '@stride/domain';
import { asEngineTemplate } from '../scorecards/templates.service';

// Scoring a participant of a cycle: metric inputs were read once at launch (stored per participant),
// percentile cohorts once per cycle, ratings come from the submitted forms. Pure functions: the same
// stored data always gives the same card, so the full card is recomputed on read instead of stored.

/**
 * A metric indicator's data as read at launch: [actual, personal target, growth base], each a decimal
 * string or null (compact: a cycle stores one per person and indicator). The personal target counts for
 * linear and bands rules, the base for growth rules, as the engine's IndicatorInput. Trailing nulls may be
 * left out ([actual] when there is no personal target or base): a missing element is null.
 */
export type StoredInput = [string | null, (string | null)?, (string | null)?];
export type StoredInputs = Record<string, StoredInput>;
/** "<positionId or ->:<metricKey>" → the actuals of every participant of that position. */
export type Cohorts = Record<string, string[]>;

export const cohortKey = (positionId: string | null, metricKey: string) => `${positionId ?? '-'}:${metricKey}`;

/** Each cohort ranked once (on first use), so scoring a whole cycle is O(n log n), not O(n²). */
export type Rankers = (key: string) => (actual: string) => CohortRank;
export function rankersOf(cohorts: Cohorts): Rankers {
  const cache = new Map<string, (actual: string) => CohortRank>();
  return (key) => {
    let ranker = cache.get(key);
    if (!ranker) {
      ranker = cohortRanker(cohorts[key] ?? []);
      cache.set(key, ranker);
    }
    return ranker;
  };
}

export interface SubmittedForm {
  raterKind: string;
  ratings: Record<string, number>;
}

type Indicator = ScorecardDefinition['dimensions'][number]['indicators'][number];

export function indicatorsOf(definition: ScorecardDefinition): Indicator[] {
  return definition.dimensions.flatMap((d) => d.indicators);
}

/** Rater kinds some rating indicator of the template asks for. */
export function raterKindsOf(definition: ScorecardDefinition): Set<string> {
  const kinds = new Set<string>();
  for (const i of indicatorsOf(definition))
    if (i.rule.type === 'rubric') for (const r of i.rule.raters) kinds.add(r.rater);
  return kinds;
}

/** Rating indicators a rater kind rates. */
export function ratedBy(definition: ScorecardDefinition, raterKind: string) {
  return definition.dimensions.flatMap((d) =>
    d.indicators
      .filter((i) => i.rule.type === 'rubric' && i.rule.raters.some((r) => r.rater === raterKind))
      .map((i) => ({ indicator: i, dimension: d })),
  );
}

export function engineInputs(
  definition: ScorecardDefinition,
  stored: StoredInputs,
  rankers: Rankers,
  positionId: string | null,
  forms: readonly SubmittedForm[],
): Record<string, IndicatorInput> {
  const inputs: Record<string, IndicatorInput> = {};
  for (const indicator of indicatorsOf(definition)) {
    if (indicator.kind === 'metric') {
      const [actual, target = null, base = null] = stored[indicator.key] ?? [null];
      const entry: IndicatorInput = { actual };
      const type = indicator.rule.type;
      if ((type === 'linear' || type === 'bands') && target !== null) entry.target = target;
      if (type === 'growth') entry.base = base;
      if (type === 'percentile' && actual !== null)
        entry.cohortRank = rankers(cohortKey(positionId, indicator.metricKey ?? ''))(actual);
      inputs[indicator.key] = entry;
      continue;
    }
    if (indicator.rule.type !== 'rubric') continue;
    const raters = new Set(indicator.rule.raters.map((r) => r.rater));
    const ratings: RatingsInput = {};
    const peers: number[] = [];
    for (const form of forms) {
      const level = form.ratings[indicator.key];
      if (level === undefined || !raters.has(form.raterKind as never)) continue;
      if (form.raterKind === 'self') ratings.self = level;
      else if (form.raterKind === 'manager') ratings.manager = level;
      else if (form.raterKind === 'peer') peers.push(level);
    }
    if (peers.length) ratings.peers = peers;
    inputs[indicator.key] = { ratings };
  }
  return inputs;
}

export function scoreParticipant(
  definition: ScorecardDefinition,
  stored: StoredInputs,
  rankers: Rankers,
  positionId: string | null,
  forms: readonly SubmittedForm[],
): ScoredCard {
  const result = scoreCard(asEngineTemplate(definition), engineInputs(definition, stored, rankers, positionId, forms));
  // Templates are validated when saved and inputs come from our own tables, so a refusal here is a bug.
  if (!result.ok) throw new Error(`scoring failed: ${JSON.stringify(result.errors.slice(0, 3))}`);
  return result;
}

/** What lists, averages and the radar need of a card, kept with the participant. */
export interface CompactResult {
  d: Record<string, string>;
  i: Record<string, string>;
}
export function compact(card: ScoredCard): CompactResult {
  const d: Record<string, string> = {};
  const i: Record<string, string> = {};
  for (const x of card.dimensions) d[x.key] = x.score;
  for (const x of card.indicators) i[x.key] = x.score;
  return { d, i };
}

export interface FrozenScale {
  name: string;
  bands: GradeScale;
  guideline: unknown;
}

export function gradeFor(scale: FrozenScale | null, total: string) {
  if (!scale) return { grade: null, bonusCoefficient: null };
  const g = gradeOf(total, scale.bands);
  return g.ok ? { grade: g.grade, bonusCoefficient: g.bonusCoefficient } : { grade: null, bonusCoefficient: null };
}

export function coefficientOf(scale: FrozenScale | null, grade: string): string | null {
  const band = scale?.bands.find((b) => b.grade === grade);
  return band ? String(band.bonusCoefficient) : null;
}
