import type { ScorecardDefinition, ScorecardTemplateView } from '@stride/contracts';
import type { TemplateRequest } from './queries';

export type RuleType = 'linear' | 'bands' | 'percentile' | 'growth' | 'rubric';
export const metricRuleTypes: RuleType[] = ['linear', 'bands', 'percentile', 'growth'];

export interface TemplateFormValues {
  name: string;
  positionIds: string[];
  stages: ('probation' | 'early' | 'tenured')[];
  note?: string;
  definition: ScorecardDefinition;
}

const DEFAULT_RUBRIC = [1, 2, 3, 4, 5].map((level) => ({
  level,
  label: String(level),
  description: '',
  points: String(level * 20),
}));

/** A fresh rule of a type, with the fields its editor shows. */
export function defaultRule(type: RuleType): ScorecardDefinition['dimensions'][0]['indicators'][0]['rule'] {
  switch (type) {
    case 'linear':
      return { type, target: '', floor: '0', cap: '120', direction: 'higher_is_better' };
    case 'bands':
      return { type, measure: 'actual', bands: [{ threshold: '', points: '' }], fallbackPoints: '0' };
    case 'percentile':
      return { type, floor: '0', cap: '100', direction: 'higher_is_better' };
    case 'growth':
      return { type, base: 'previous_period', growthAtZeroScore: '-10', growthAtFullScore: '20', cap: '120' };
    case 'rubric':
      return {
        type,
        rubric: DEFAULT_RUBRIC,
        raters: [
          { rater: 'manager', weight: '70' },
          { rater: 'self', weight: '30' },
        ],
      };
  }
}

export function initialTemplateValues(template: ScorecardTemplateView | null): TemplateFormValues {
  if (template) {
    return {
      name: template.name,
      positionIds: template.positions.map((p) => p.id),
      stages: template.stages,
      note: '',
      definition: template.definition,
    };
  }
  return {
    name: '',
    positionIds: [],
    stages: [],
    note: '',
    definition: {
      dimensions: [
        {
          key: 'results',
          name: '',
          weight: '100',
          indicators: [
            { key: 'indicator_1', kind: 'metric', metricKey: undefined, weight: '100', rule: defaultRule('linear') },
          ],
        },
      ],
    },
  };
}

/** Optional number inputs left empty are left out (the engine applies its defaults). */
function stripEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripEmpty);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === ''))
        .map(([k, v]) => [k, stripEmpty(v)]),
    );
  }
  return value;
}

export function toTemplateBody(values: TemplateFormValues): TemplateRequest {
  return {
    name: values.name,
    positionIds: values.positionIds ?? [],
    stages: values.stages ?? [],
    note: values.note || undefined,
    definition: stripEmpty(values.definition) as ScorecardDefinition,
  };
}

/** "definition.dimensions.0.weight" → ['definition', 'dimensions', 0, 'weight'] (a form name path). */
export function namePath(field: string): (string | number)[] {
  return field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** A sum of weights, as the server would see it (decimal strings), for the live totals. */
export function weightSum(weights: readonly unknown[]): number {
  const total = weights.reduce<number>((acc, w) => acc + (Number.parseFloat(String(w ?? '')) || 0), 0);
  return Math.round(total * 10000) / 10000;
}
