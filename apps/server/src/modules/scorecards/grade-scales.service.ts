import type { GradeScaleList, GradeScaleView, gradeScaleRequest } from '@stride/contracts';
import {
  DEFAULT_GRADE_SCALE,
  type DistributionGuideline,
  distributionCheck,
  type GradeScale,
  validateGradeScale,
} from '@stride/domain';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { type DbOrTx, lockForOrg } from '../../db/client';
import { gradeScales } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { type FieldError, fail } from '../../lib/errors';
import { type AuditActor, appendAudit } from '../audit/audit.service';
import { toFieldErrors } from './scoring-errors';

type Input = z.output<typeof gradeScaleRequest>;
type Row = typeof gradeScales.$inferSelect;

/** A "2-7-1" guideline over S/A/B/C/D (DOMAIN.md §2), offered with the market default bands. */
export const SUGGESTED_GUIDELINE = {
  entries: [
    { grades: ['S', 'A'], operator: '<=', percent: '20' },
    { grades: ['B'], operator: '<=', percent: '70' },
    { grades: ['C', 'D'], operator: '>=', percent: '10' },
  ],
  minHeadcount: 10,
} as const;

const NOMINAL_TEAM: readonly string[] = Array.from({ length: 100 }, () => '');

/** Bands by the engine; the guideline by the engine too (checked against no grades), and its grades must exist. */
function checkScale(input: Input): FieldError[] {
  const errors = toFieldErrors('', validateGradeScale(input.bands as GradeScale));
  if (input.guideline) {
    // Checked against a nominal team of 100: with no people the engine compares counts of 0 and
    // misses a reversed "between" range.
    const check = distributionCheck(NOMINAL_TEAM, input.guideline as DistributionGuideline);
    if (!check.ok) errors.push(...toFieldErrors('guideline', check.errors));
    const grades = new Set(input.bands.map((b) => b.grade));
    input.guideline.entries.forEach((entry, i) => {
      const listed = typeof entry.grades === 'string' ? [entry.grades] : entry.grades;
      listed.forEach((g, j) => {
        if (g && !grades.has(g))
          errors.push({
            field:
              typeof entry.grades === 'string' ? `guideline.entries.${i}.grades` : `guideline.entries.${i}.grades.${j}`,
            code: 'UNKNOWN_GRADE',
          });
      });
    });
  }
  return errors;
}

function present(r: Row): GradeScaleView {
  return {
    id: r.id,
    name: r.name,
    bands: r.bands as GradeScaleView['bands'],
    guideline: (r.guideline as GradeScaleView['guideline']) ?? null,
    isDefault: r.isDefault,
    updatedAt: r.updatedAt.toISOString(),
  };
}

async function getRow(db: DbOrTx, orgId: string, id: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(gradeScales)
    .where(and(eq(gradeScales.orgId, orgId), eq(gradeScales.id, id)));
  return row ?? fail('GRADE_SCALE_NOT_FOUND');
}

export async function listGradeScales(db: DbOrTx, orgId: string): Promise<GradeScaleList> {
  const rows = await db
    .select()
    .from(gradeScales)
    .where(eq(gradeScales.orgId, orgId))
    .orderBy(desc(gradeScales.isDefault), asc(gradeScales.name));
  return {
    items: rows.map(present),
    // Offered, never stored silently: the organization decides its own scale.
    suggestion:
      rows.length === 0
        ? {
            name: 'S/A/B/C/D',
            source: DEFAULT_GRADE_SCALE.source,
            bands: DEFAULT_GRADE_SCALE.bands.map((b) => ({ ...b })) as GradeScaleView['bands'],
            guideline: {
              entries: SUGGESTED_GUIDELINE.entries.map((e) => ({ ...e, grades: [...e.grades] })),
              minHeadcount: SUGGESTED_GUIDELINE.minHeadcount,
            },
          }
        : null,
  };
}

export async function getGradeScale(db: DbOrTx, orgId: string, id: string) {
  return present(await getRow(db, orgId, id));
}

/** The first scale of an organization becomes its default. */
export async function createGradeScale(deps: Pick<Deps, 'db' | 'clock'>, actor: AuditActor, input: Input) {
  const errors = checkScale(input);
  if (errors.length) fail('VALIDATION_FAILED', errors);
  return deps.db.transaction(async (tx) => {
    await lockForOrg(tx, 'grade-scales', actor.orgId);
    const now = deps.clock();
    const [any] = await tx.select({ id: gradeScales.id }).from(gradeScales).where(eq(gradeScales.orgId, actor.orgId));
    const isDefault = input.isDefault ?? !any;
    if (isDefault) await clearDefault(tx, actor.orgId, now);
    const [row] = await tx
      .insert(gradeScales)
      .values({
        orgId: actor.orgId,
        name: input.name,
        bands: input.bands,
        guideline: input.guideline,
        isDefault,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await appendAudit(
      tx,
      actor,
      {
        action: 'grade_scale.created',
        entityType: 'grade_scale',
        entityId: row.id,
        after: { name: input.name, bands: input.bands, guideline: input.guideline, isDefault },
      },
      now,
    );
    return present(row);
  });
}

export async function updateGradeScale(deps: Pick<Deps, 'db' | 'clock'>, actor: AuditActor, id: string, input: Input) {
  return deps.db.transaction(async (tx) => {
    await lockForOrg(tx, 'grade-scales', actor.orgId);
    const existing = await getRow(tx, actor.orgId, id);
    const errors = checkScale(input);
    if (errors.length) fail('VALIDATION_FAILED', errors);
    const now = deps.clock();
    const isDefault = input.isDefault ?? existing.isDefault;
    if (isDefault && !existing.isDefault) await clearDefault(tx, actor.orgId, now);
    const [row] = await tx
      .update(gradeScales)
      .set({ name: input.name, bands: input.bands, guideline: input.guideline, isDefault, updatedAt: now })
      .where(eq(gradeScales.id, id))
      .returning();
    await appendAudit(
      tx,
      actor,
      {
        action: 'grade_scale.changed',
        entityType: 'grade_scale',
        entityId: id,
        before: {
          name: existing.name,
          bands: existing.bands,
          guideline: existing.guideline,
          isDefault: existing.isDefault,
        },
        after: { name: input.name, bands: input.bands, guideline: input.guideline, isDefault },
      },
      now,
    );
    return present(row);
  });
}

export async function setDefaultGradeScale(deps: Pick<Deps, 'db' | 'clock'>, actor: AuditActor, id: string) {
  return deps.db.transaction(async (tx) => {
    await lockForOrg(tx, 'grade-scales', actor.orgId);
    const existing = await getRow(tx, actor.orgId, id);
    if (existing.isDefault) return present(existing);
    const now = deps.clock();
    await clearDefault(tx, actor.orgId, now);
    const [row] = await tx
      .update(gradeScales)
      .set({ isDefault: true, updatedAt: now })
      .where(eq(gradeScales.id, id))
      .returning();
    await appendAudit(
      tx,
      actor,
      { action: 'grade_scale.set_default', entityType: 'grade_scale', entityId: id, after: { isDefault: true } },
      now,
    );
    return present(row);
  });
}

export async function deleteGradeScale(deps: Pick<Deps, 'db' | 'clock'>, actor: AuditActor, id: string) {
  await deps.db.transaction(async (tx) => {
    await lockForOrg(tx, 'grade-scales', actor.orgId);
    const existing = await getRow(tx, actor.orgId, id);
    await tx.delete(gradeScales).where(eq(gradeScales.id, id));
    await appendAudit(
      tx,
      actor,
      {
        action: 'grade_scale.deleted',
        entityType: 'grade_scale',
        entityId: id,
        before: {
          name: existing.name,
          bands: existing.bands,
          guideline: existing.guideline,
          isDefault: existing.isDefault,
        },
      },
      deps.clock(),
    );
  });
}

async function clearDefault(tx: DbOrTx, orgId: string, now: Date) {
  await tx
    .update(gradeScales)
    .set({ isDefault: false, updatedAt: now })
    .where(and(eq(gradeScales.orgId, orgId), eq(gradeScales.isDefault, true)));
}
