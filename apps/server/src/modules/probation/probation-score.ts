import type { Locale, ScorecardPreview } from '@stride/contracts';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../lib/errors';
import type { Catalog } from '../metrics/catalog.service';
import { previewTemplate } from '../scorecards/preview.service';
import { findTemplateFor, templateVersions } from '../scorecards/templates.service';
import { scoredMonthStart } from './probation.rules';

/**
 * What a review keeps of the scorecard at opening: the preview without the template and person (kept in
 * their own columns), with each indicator's name as the template wrote it (null when the template
 * leaves it to the metric's catalog name, which is looked up in the reader's language).
 */
export type StoredScorecard = Omit<ScorecardPreview, 'template' | 'employee'>;

export interface ProbationScore {
  templateId: string | null;
  templateVersion: number | null;
  result: StoredScorecard | null;
}

interface Person {
  id: string;
  name: string;
  positionId: string | null;
  hireDate: string;
}

/**
 * Scores a person with the probation template of their position (the same scoring as the template
 * preview: metric values, agreed personal targets for the month, rating indicators left missing), for
 * the month `scoredMonthStart` picks. No template: nothing to score, the review still opens.
 */
export async function scoreProbation(
  db: DbOrTx,
  orgId: string,
  person: Person,
  openedOn: string,
): Promise<ProbationScore> {
  const template = await findTemplateFor(db, orgId, person.positionId, 'probation');
  if (!template) return { templateId: null, templateVersion: null, result: null };
  const version = template.currentVersion;
  const periodStart = scoredMonthStart(openedOn, person.hireDate);
  let preview: ScorecardPreview;
  try {
    preview = await previewTemplate(
      db,
      orgId,
      template.id,
      person,
      { employeeId: person.id, periodType: 'month', periodStart, version },
      'zh-CN',
    );
  } catch (err) {
    // A template the engine refuses (it was valid when saved) leaves the review without a score, never unopened.
    if (err instanceof AppError) return { templateId: template.id, templateVersion: version, result: null };
    throw err;
  }
  const [definition] = await templateVersions(db, orgId, template.id, version);
  const ownNames = new Map(
    definition.definition.dimensions.flatMap((d) => d.indicators.map((i) => [i.key, i.name || null] as const)),
  );
  const { template: _t, employee: _e, ...card } = preview;
  return {
    templateId: template.id,
    templateVersion: version,
    result: { ...card, indicators: card.indicators.map((i) => ({ ...i, name: ownNames.get(i.key) ?? null })) },
  };
}

/** The stored indicators with names in the reader's language. */
export function localizedIndicators(result: StoredScorecard, catalog: Catalog, locale: Locale) {
  return result.indicators.map((i) => ({
    ...i,
    name: i.name ?? (i.metricKey ? (catalog.byKey.get(i.metricKey)?.names[locale] ?? null) : null),
  }));
}
