import type {
  createScorecardTemplateRequest,
  Locale,
  ScorecardDefinition,
  ScorecardTemplateSummary,
  ScorecardTemplateVersionView,
  ScorecardTemplateView,
  TenureStage,
  updateScorecardTemplateRequest,
} from '@stride/contracts';
import { type ScorecardTemplate, validateTemplate } from '@stride/domain';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { type DbOrTx, lockForOrg } from '../../db/client';
import { positions, scorecardTemplates, scorecardTemplateVersions, users } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { type FieldError, fail } from '../../lib/errors';
import { type AuditActor, appendAudit } from '../audit/audit.service';
import { loadCatalog } from '../metrics/catalog.service';
import { toFieldErrors } from './scoring-errors';

type CreateInput = z.output<typeof createScorecardTemplateRequest>;
type UpdateInput = z.output<typeof updateScorecardTemplateRequest>;
type TemplateRow = typeof scorecardTemplates.$inferSelect;

export const ALL_STAGES: readonly TenureStage[] = ['probation', 'early', 'tenured'];

/** The stored definition is the engine's ScorecardTemplate; metric indicators also carry metricKey. */
export const asEngineTemplate = (d: ScorecardDefinition) => d as unknown as ScorecardTemplate;

/**
 * Every problem of a definition as field errors: the engine's own checks (weights, rules, rubrics)
 * plus that each metric indicator names a metric of the organization's catalog.
 */
export async function checkDefinition(db: DbOrTx, orgId: string, definition: ScorecardDefinition) {
  const errors: FieldError[] = toFieldErrors('definition', validateTemplate(asEngineTemplate(definition)));
  const catalog = await loadCatalog(db, orgId);
  definition.dimensions.forEach((dimension, di) => {
    dimension.indicators.forEach((indicator, ii) => {
      if (indicator.kind !== 'metric') return;
      const field = `definition.dimensions.${di}.indicators.${ii}.metricKey`;
      if (!indicator.metricKey) errors.push({ field, code: 'METRIC_KEY_REQUIRED' });
      else if (!catalog.byKey.has(indicator.metricKey)) errors.push({ field, code: 'UNKNOWN_METRIC' });
    });
  });
  return errors;
}

const intersects = <T>(a: readonly T[], b: readonly T[]) =>
  a.length === 0 || b.length === 0 || a.some((x) => b.includes(x));

/**
 * Refuses a second active template for a position and stage (empty lists mean "all"): the template
 * that applies to a person must be unambiguous. The message names the other template.
 */
async function assertNoOverlap(
  tx: DbOrTx,
  orgId: string,
  self: { id?: string; positionIds: string[]; stages: TenureStage[] },
  locale: Locale,
) {
  const active = await tx
    .select()
    .from(scorecardTemplates)
    .where(and(eq(scorecardTemplates.orgId, orgId), eq(scorecardTemplates.isActive, true)));
  const other = active.find(
    (t) =>
      t.id !== self.id &&
      intersects(t.positionIds as string[], self.positionIds) &&
      intersects(t.stages as TenureStage[], self.stages),
  );
  if (!other) return;
  const message =
    locale === 'en-US'
      ? `Overlaps the active template “${other.name}” for the same position and stage`
      : `与启用中的方案“${other.name}”适用的岗位和阶段重叠`;
  fail('TEMPLATE_OVERLAP', [{ field: 'stages', code: 'OVERLAPS_TEMPLATE', message }]);
}

async function assertPositions(tx: DbOrTx, orgId: string, ids: string[]) {
  if (ids.length === 0) return;
  const found = await tx
    .select({ id: positions.id })
    .from(positions)
    .where(and(eq(positions.orgId, orgId), inArray(positions.id, ids)));
  const known = new Set(found.map((p) => p.id));
  const errors = ids.flatMap((id, i) =>
    known.has(id) ? [] : [{ field: `positionIds.${i}`, code: 'REFERENCE_OUTSIDE_ORG' }],
  );
  if (errors.length) fail('REFERENCE_OUTSIDE_ORG', errors);
}

const unique = <T>(xs: readonly T[]) => [...new Set(xs)];

async function validateInput(tx: DbOrTx, orgId: string, input: CreateInput) {
  const errors = await checkDefinition(tx, orgId, input.definition);
  if (errors.length) fail('VALIDATION_FAILED', errors);
  await assertPositions(tx, orgId, input.positionIds);
}

export async function createTemplate(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: AuditActor,
  input: CreateInput,
  locale: Locale,
) {
  return deps.db.transaction(async (tx) => {
    const orgId = actor.orgId;
    await lockForOrg(tx, 'scorecard-templates', orgId);
    const positionIds = unique(input.positionIds);
    const stages = unique(input.stages);
    await validateInput(tx, orgId, input);
    await assertNoOverlap(tx, orgId, { positionIds, stages }, locale);
    const now = deps.clock();
    const [row] = await tx
      .insert(scorecardTemplates)
      .values({ orgId, name: input.name, positionIds, stages, currentVersion: 1, createdAt: now, updatedAt: now })
      .returning();
    await tx.insert(scorecardTemplateVersions).values({
      templateId: row.id,
      version: 1,
      orgId,
      definition: input.definition,
      note: input.note || null,
      createdBy: actor.userId ?? null,
      createdAt: now,
    });
    await appendAudit(
      tx,
      actor,
      {
        action: 'scorecard_template.created',
        entityType: 'scorecard_template',
        entityId: row.id,
        after: { name: input.name, positionIds, stages, version: 1, definition: input.definition },
      },
      now,
    );
    return row.id;
  });
}

/** A new version (the old ones stay readable: a cycle freezes the version it used). */
export async function updateTemplate(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: AuditActor,
  id: string,
  input: UpdateInput,
  locale: Locale,
) {
  return deps.db.transaction(async (tx) => {
    const orgId = actor.orgId;
    await lockForOrg(tx, 'scorecard-templates', orgId);
    const existing = await getTemplateRow(tx, orgId, id);
    if (existing.currentVersion !== input.expectedVersion)
      fail('TEMPLATE_VERSION_CONFLICT', [{ field: 'expectedVersion', code: 'TEMPLATE_VERSION_CONFLICT' }]);
    const positionIds = unique(input.positionIds);
    const stages = unique(input.stages);
    await validateInput(tx, orgId, input);
    if (existing.isActive) await assertNoOverlap(tx, orgId, { id, positionIds, stages }, locale);
    const now = deps.clock();
    const version = existing.currentVersion + 1;
    await tx.insert(scorecardTemplateVersions).values({
      templateId: id,
      version,
      orgId,
      definition: input.definition,
      note: input.note || null,
      createdBy: actor.userId ?? null,
      createdAt: now,
    });
    await tx
      .update(scorecardTemplates)
      .set({ name: input.name, positionIds, stages, currentVersion: version, updatedAt: now })
      .where(eq(scorecardTemplates.id, id));
    await appendAudit(
      tx,
      actor,
      {
        action: 'scorecard_template.changed',
        entityType: 'scorecard_template',
        entityId: id,
        before: {
          name: existing.name,
          positionIds: existing.positionIds,
          stages: existing.stages,
          version: existing.currentVersion,
        },
        after: {
          name: input.name,
          positionIds,
          stages,
          version,
          note: input.note ?? null,
          definition: input.definition,
        },
      },
      now,
    );
  });
}

/** Deactivates (its versions stay, for the cycles that used them). */
export async function deactivateTemplate(deps: Pick<Deps, 'db' | 'clock'>, actor: AuditActor, id: string) {
  await deps.db.transaction(async (tx) => {
    const existing = await getTemplateRow(tx, actor.orgId, id);
    if (!existing.isActive) return;
    const now = deps.clock();
    await tx.update(scorecardTemplates).set({ isActive: false, updatedAt: now }).where(eq(scorecardTemplates.id, id));
    await appendAudit(
      tx,
      actor,
      {
        action: 'scorecard_template.deactivated',
        entityType: 'scorecard_template',
        entityId: id,
        before: { isActive: true, version: existing.currentVersion },
        after: { isActive: false },
      },
      now,
    );
  });
}

/** Another organization's template answers like a missing one. */
export async function getTemplateRow(db: DbOrTx, orgId: string, id: string): Promise<TemplateRow> {
  const [row] = await db
    .select()
    .from(scorecardTemplates)
    .where(and(eq(scorecardTemplates.orgId, orgId), eq(scorecardTemplates.id, id)));
  return row ?? fail('SCORECARD_TEMPLATE_NOT_FOUND');
}

async function positionNames(db: DbOrTx, orgId: string) {
  const rows = await db
    .select({ id: positions.id, name: positions.name })
    .from(positions)
    .where(eq(positions.orgId, orgId));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function versionRows(db: DbOrTx, orgId: string, templateIds: string[], version?: number) {
  if (templateIds.length === 0) return [];
  return db
    .select({
      templateId: scorecardTemplateVersions.templateId,
      version: scorecardTemplateVersions.version,
      definition: scorecardTemplateVersions.definition,
      note: scorecardTemplateVersions.note,
      createdAt: scorecardTemplateVersions.createdAt,
      createdBy: users.username,
    })
    .from(scorecardTemplateVersions)
    .leftJoin(users, eq(users.id, scorecardTemplateVersions.createdBy))
    .where(
      and(
        eq(scorecardTemplateVersions.orgId, orgId),
        inArray(scorecardTemplateVersions.templateId, templateIds),
        version === undefined ? undefined : eq(scorecardTemplateVersions.version, version),
      ),
    )
    .orderBy(desc(scorecardTemplateVersions.version));
}

function summarize(row: TemplateRow, definition: ScorecardDefinition, names: Map<string, string>) {
  return {
    id: row.id,
    name: row.name,
    positions: (row.positionIds as string[]).map((id) => ({ id, name: names.get(id) ?? '' })),
    stages: row.stages as TenureStage[],
    currentVersion: row.currentVersion,
    isActive: row.isActive,
    dimensions: definition.dimensions.map((d) => ({
      key: d.key,
      name: d.name,
      weight: d.weight,
      indicators: d.indicators.length,
    })),
    updatedAt: row.updatedAt.toISOString(),
  } satisfies ScorecardTemplateSummary;
}

export async function listTemplates(db: DbOrTx, orgId: string): Promise<ScorecardTemplateSummary[]> {
  const rows = await db
    .select()
    .from(scorecardTemplates)
    .where(eq(scorecardTemplates.orgId, orgId))
    .orderBy(desc(scorecardTemplates.isActive), scorecardTemplates.name);
  const versions = await versionRows(
    db,
    orgId,
    rows.map((r) => r.id),
  );
  const current = new Map(versions.map((v) => [`${v.templateId}:${v.version}`, v.definition as ScorecardDefinition]));
  const names = await positionNames(db, orgId);
  return rows.map((r) => summarize(r, current.get(`${r.id}:${r.currentVersion}`) ?? { dimensions: [] }, names));
}

export async function presentTemplate(db: DbOrTx, row: TemplateRow): Promise<ScorecardTemplateView> {
  const [version] = await versionRows(db, row.orgId, [row.id], row.currentVersion);
  const definition = version.definition as ScorecardDefinition;
  return {
    ...summarize(row, definition, await positionNames(db, row.orgId)),
    definition,
    note: version.note,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function getTemplate(db: DbOrTx, orgId: string, id: string) {
  return presentTemplate(db, await getTemplateRow(db, orgId, id));
}

export async function templateVersions(
  db: DbOrTx,
  orgId: string,
  id: string,
  version?: number,
): Promise<ScorecardTemplateVersionView[]> {
  await getTemplateRow(db, orgId, id);
  const rows = await versionRows(db, orgId, [id], version);
  if (version !== undefined && rows.length === 0) fail('NOT_FOUND');
  return rows.map((v) => ({
    version: v.version,
    definition: v.definition as ScorecardDefinition,
    note: v.note,
    createdAt: v.createdAt.toISOString(),
    createdBy: v.createdBy ?? null,
  }));
}

/** The active template for a position and stage, if any (save-time overlap checks keep it unique). */
/** The template for a position and stage among active ones: one for this very position wins over one for all. */
export function pickTemplate<T extends Pick<TemplateRow, 'positionIds' | 'stages'>>(
  active: readonly T[],
  positionId: string | null,
  stage: TenureStage,
): T | null {
  const fits = (t: T) => {
    const ps = t.positionIds as string[];
    const ss = t.stages as TenureStage[];
    return (
      (ps.length === 0 || (positionId !== null && ps.includes(positionId))) && (ss.length === 0 || ss.includes(stage))
    );
  };
  return active.find((t) => fits(t) && (t.positionIds as string[]).length > 0) ?? active.find(fits) ?? null;
}

/** Active templates of an organization, oldest first (the order pickTemplate breaks ties by). */
export function activeTemplates(db: DbOrTx, orgId: string) {
  return db
    .select()
    .from(scorecardTemplates)
    .where(and(eq(scorecardTemplates.orgId, orgId), eq(scorecardTemplates.isActive, true)))
    .orderBy(scorecardTemplates.createdAt);
}

export async function findTemplateFor(db: DbOrTx, orgId: string, positionId: string | null, stage: TenureStage) {
  return pickTemplate(await activeTemplates(db, orgId), positionId, stage);
}
