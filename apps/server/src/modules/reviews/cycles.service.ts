import type {
  CycleSummary,
  CycleView,
  createCycleRequest,
  Deadlines,
  Population,
  ReviewStage,
  updateCycleRequest,
} from '@stride/contracts';
import { addDays, addMonths } from '@stride/domain';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client';
import { orgUnits, positions, reviewCycleEvents, reviewCycles, users } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { appendAudit } from '../audit/audit.service';
import { periodStartOf } from '../metrics/periods';
import { type CycleRow, getCycleRow, isHrOrAdmin, nextStageOf, type ReviewCtx } from './context';
import { launchCycle, planPopulation } from './launch.service';

type CreateInput = z.output<typeof createCycleRequest>;
type UpdateInput = z.output<typeof updateCycleRequest>;

export function periodEndOf(periodType: 'month' | 'quarter' | 'year', start: string): string {
  return addDays(addMonths(start, periodType === 'month' ? 1 : periodType === 'quarter' ? 3 : 12), -1);
}

function checkPeriod(input: CreateInput) {
  if (periodStartOf(input.periodType, input.periodStart) !== input.periodStart)
    fail('VALIDATION_FAILED', [{ field: 'periodStart', code: 'PERIOD_START_NOT_ALIGNED' }]);
}

async function checkPopulationRefs(db: DbOrTx, orgId: string, population: Population) {
  const errors: { field: string; code: string }[] = [];
  if (population.unitIds.length) {
    const found = await db
      .select({ id: orgUnits.id })
      .from(orgUnits)
      .where(and(eq(orgUnits.orgId, orgId), inArray(orgUnits.id, population.unitIds)));
    const ids = new Set(found.map((r) => r.id));
    population.unitIds.forEach((id, i) => {
      if (!ids.has(id)) errors.push({ field: `population.unitIds[${i}]`, code: 'NOT_FOUND' });
    });
  }
  if (population.positionIds.length) {
    const found = await db
      .select({ id: positions.id })
      .from(positions)
      .where(and(eq(positions.orgId, orgId), inArray(positions.id, population.positionIds)));
    const ids = new Set(found.map((r) => r.id));
    population.positionIds.forEach((id, i) => {
      if (!ids.has(id)) errors.push({ field: `population.positionIds[${i}]`, code: 'NOT_FOUND' });
    });
  }
  if (errors.length) fail('VALIDATION_FAILED', errors);
}

const cycleAudit = (row: CycleRow) => ({
  name: row.name,
  kind: row.kind,
  periodType: row.periodType,
  periodStart: row.periodStart,
  population: row.population,
  peerReviews: row.peerReviews,
  deadlines: row.deadlines,
  stage: row.stage,
});

export async function createCycle(deps: Pick<Deps, 'db'>, ctx: ReviewCtx, input: CreateInput): Promise<CycleView> {
  checkPeriod(input);
  return deps.db.transaction(async (tx) => {
    await checkPopulationRefs(tx, ctx.auth.orgId, input.population);
    const [row] = await tx
      .insert(reviewCycles)
      .values({
        orgId: ctx.auth.orgId,
        name: input.name,
        kind: input.kind,
        periodType: input.periodType,
        periodStart: input.periodStart,
        periodEnd: periodEndOf(input.periodType, input.periodStart),
        population: input.population,
        peerReviews: input.peerReviews,
        deadlines: input.deadlines,
        createdBy: ctx.auth.userId,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await tx.insert(reviewCycleEvents).values({
      orgId: row.orgId,
      cycleId: row.id,
      fromStage: null,
      toStage: 'draft',
      actorUserId: ctx.auth.userId,
      at: ctx.now,
    });
    await appendAudit(
      tx,
      ctx.actor,
      { action: 'review_cycle.created', entityType: 'review_cycle', entityId: row.id, after: cycleAudit(row) },
      ctx.now,
    );
    return presentCycle(tx, ctx, row);
  });
}

export async function updateCycle(
  deps: Pick<Deps, 'db'>,
  ctx: ReviewCtx,
  id: string,
  input: UpdateInput,
): Promise<CycleView> {
  checkPeriod(input);
  return deps.db.transaction(async (tx) => {
    const before = await getCycleRow(tx, ctx.auth.orgId, id, true);
    if (before.version !== input.expectedVersion) fail('REVIEW_CYCLE_VERSION_CONFLICT');
    if (before.stage !== 'draft') fail('REVIEW_CYCLE_NOT_DRAFT');
    await checkPopulationRefs(tx, ctx.auth.orgId, input.population);
    const [row] = await tx
      .update(reviewCycles)
      .set({
        name: input.name,
        kind: input.kind,
        periodType: input.periodType,
        periodStart: input.periodStart,
        periodEnd: periodEndOf(input.periodType, input.periodStart),
        population: input.population,
        peerReviews: input.peerReviews,
        deadlines: input.deadlines,
        version: before.version + 1,
        updatedAt: ctx.now,
      })
      .where(eq(reviewCycles.id, id))
      .returning();
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'review_cycle.changed',
        entityType: 'review_cycle',
        entityId: id,
        before: cycleAudit(before),
        after: cycleAudit(row),
      },
      ctx.now,
    );
    return presentCycle(tx, ctx, row);
  });
}

export async function deleteCycle(deps: Pick<Deps, 'db'>, ctx: ReviewCtx, id: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const row = await getCycleRow(tx, ctx.auth.orgId, id, true);
    if (row.stage !== 'draft') fail('REVIEW_CYCLE_NOT_DRAFT');
    await tx.delete(reviewCycleEvents).where(eq(reviewCycleEvents.cycleId, id));
    await tx.delete(reviewCycles).where(eq(reviewCycles.id, id));
    await appendAudit(
      tx,
      ctx.actor,
      { action: 'review_cycle.deleted', entityType: 'review_cycle', entityId: id, before: cycleAudit(row) },
      ctx.now,
    );
  });
}

/**
 * Moves a cycle to its next stage (HR and admin). Launching is its own step (launchCycle). Publishing
 * stamps publishedAt; closing is refused while appeals are open.
 */
export async function advanceCycle(
  deps: Pick<Deps, 'db'>,
  ctx: ReviewCtx,
  id: string,
  expectedVersion: number,
  note?: string,
): Promise<CycleView> {
  return deps.db.transaction(async (tx) => {
    const before = await getCycleRow(tx, ctx.auth.orgId, id, true);
    if (before.version !== expectedVersion) fail('REVIEW_CYCLE_VERSION_CONFLICT');
    if (before.stage === 'draft') fail('REVIEW_STAGE_CLOSED');
    const next = nextStageOf(before);
    if (!next) return fail('REVIEW_CYCLE_CLOSED');
    if (next === 'closed') {
      const [open] = await queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from review_appeals where cycle_id = ${id} and status = 'open'`,
      );
      if (open.n > 0) fail('REVIEW_APPEALS_OPEN');
    }
    const [row] = await tx
      .update(reviewCycles)
      .set({
        stage: next,
        version: before.version + 1,
        updatedAt: ctx.now,
        ...(next === 'published' ? { publishedAt: ctx.now } : {}),
        ...(next === 'closed' ? { closedAt: ctx.now } : {}),
      })
      .where(eq(reviewCycles.id, id))
      .returning();
    await tx.insert(reviewCycleEvents).values({
      orgId: row.orgId,
      cycleId: id,
      fromStage: before.stage,
      toStage: next,
      note: note ?? null,
      actorUserId: ctx.auth.userId,
      at: ctx.now,
    });
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'review_cycle.advanced',
        entityType: 'review_cycle',
        entityId: id,
        before: { stage: before.stage },
        after: { stage: next, note: note ?? null },
      },
      ctx.now,
    );
    return presentCycle(tx, ctx, row);
  });
}

export async function launch(deps: Pick<Deps, 'db'>, ctx: ReviewCtx, id: string, expectedVersion: number) {
  return deps.db.transaction(async (tx) => {
    const before = await getCycleRow(tx, ctx.auth.orgId, id, true);
    if (before.version !== expectedVersion) fail('REVIEW_CYCLE_VERSION_CONFLICT');
    if (before.stage !== 'draft') fail('REVIEW_CYCLE_NOT_DRAFT');
    const launched = await launchCycle(tx, before, ctx.today, ctx.now);
    const [row] = await tx
      .update(reviewCycles)
      .set({
        stage: 'self_review',
        gradeScale: launched.gradeScale,
        cohorts: launched.cohorts,
        launchedAt: ctx.now,
        version: before.version + 1,
        updatedAt: ctx.now,
      })
      .where(eq(reviewCycles.id, id))
      .returning();
    await tx.insert(reviewCycleEvents).values({
      orgId: row.orgId,
      cycleId: id,
      fromStage: 'draft',
      toStage: 'self_review',
      note: null,
      actorUserId: ctx.auth.userId,
      at: ctx.now,
    });
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'review_cycle.launched',
        entityType: 'review_cycle',
        entityId: id,
        after: { participants: launched.participants, forms: launched.forms, skipped: launched.skipped },
      },
      ctx.now,
    );
    return presentCycle(tx, ctx, row);
  });
}

// ── Reading ─────────────────────────────────────────────────────────────────────────────────────────

interface CountRow {
  cycle_id: string;
  participants: number;
  pending: number;
  submitted: number;
  appeals: number;
}

/**
 * Cycles the caller may see: HR and admin all of them; anyone else the launched cycles they take part
 * in, rate someone in, or (managers) in which people of their units take part.
 */
function visibleCycleIds(ctx: ReviewCtx) {
  if (isHrOrAdmin(ctx.auth)) return null;
  const me = ctx.auth.employeeId;
  const units = ctx.scope.kind === 'units' ? ctx.scope.unitIds : [];
  const unitList = units.length
    ? sql`or p.unit_id in (${sql.join(
        units.map((u) => sql`${u}::uuid`),
        sql`, `,
      )})`
    : sql``;
  if (!me) return sql`select null::uuid as id where false`;
  return sql`select p.cycle_id as id from review_participants p where p.org_id = ${ctx.auth.orgId} and (p.employee_id = ${me} ${unitList})
             union select f.cycle_id from review_forms f where f.org_id = ${ctx.auth.orgId} and f.rater_employee_id = ${me}`;
}

async function counts(db: DbOrTx, ids: string[]): Promise<Map<string, CountRow>> {
  if (ids.length === 0) return new Map();
  const list = sql.join(
    ids.map((i) => sql`${i}::uuid`),
    sql`, `,
  );
  const rows = await queryRows<CountRow>(
    db,
    sql`select c.id as cycle_id,
          (select count(*)::int from review_participants p where p.cycle_id = c.id) as participants,
          (select count(*)::int from review_forms f where f.cycle_id = c.id and f.status = 'pending') as pending,
          (select count(*)::int from review_forms f where f.cycle_id = c.id and f.status = 'submitted') as submitted,
          (select count(*)::int from review_appeals a where a.cycle_id = c.id and a.status = 'open') as appeals
        from review_cycles c where c.id in (${list})`,
  );
  return new Map(rows.map((r) => [r.cycle_id, r]));
}

function summarize(row: CycleRow, c: CountRow | undefined): CycleSummary {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as CycleSummary['kind'],
    periodType: row.periodType as CycleSummary['periodType'],
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    stage: row.stage as ReviewStage,
    nextStage: nextStageOf(row),
    peerReviews: row.peerReviews,
    deadlines: row.deadlines as Deadlines,
    participants: c?.participants ?? 0,
    forms: { pending: c?.pending ?? 0, submitted: c?.submitted ?? 0 },
    openAppeals: c?.appeals ?? 0,
    launchedAt: row.launchedAt?.toISOString() ?? null,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    version: row.version,
  };
}

export async function listCycles(db: DbOrTx, ctx: ReviewCtx): Promise<CycleSummary[]> {
  const visible = visibleCycleIds(ctx);
  const rows = await db
    .select()
    .from(reviewCycles)
    .where(and(eq(reviewCycles.orgId, ctx.auth.orgId), visible ? sql`${reviewCycles.id} in (${visible})` : undefined))
    .orderBy(desc(reviewCycles.periodStart), desc(reviewCycles.createdAt));
  const c = await counts(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => summarize(r, c.get(r.id)));
}

/** A cycle the caller may see; anything else answers like a missing one. */
export async function getVisibleCycle(db: DbOrTx, ctx: ReviewCtx, id: string): Promise<CycleRow> {
  const row = await getCycleRow(db, ctx.auth.orgId, id);
  const visible = visibleCycleIds(ctx);
  if (visible) {
    const [hit] = await queryRows<{ id: string }>(db, sql`select id from (${visible}) v where id = ${id}`);
    if (!hit) fail('REVIEW_CYCLE_NOT_FOUND');
  }
  return row;
}

export async function presentCycle(db: DbOrTx, ctx: ReviewCtx, row: CycleRow): Promise<CycleView> {
  const c = await counts(db, [row.id]);
  const population = row.population as Population;
  const unitRows = population.unitIds.length
    ? await db
        .select({ id: orgUnits.id, name: orgUnits.name })
        .from(orgUnits)
        .where(inArray(orgUnits.id, population.unitIds))
    : [];
  const positionRows = population.positionIds.length
    ? await db
        .select({ id: positions.id, name: positions.name })
        .from(positions)
        .where(inArray(positions.id, population.positionIds))
    : [];
  const events = await db
    .select({
      fromStage: reviewCycleEvents.fromStage,
      toStage: reviewCycleEvents.toStage,
      note: reviewCycleEvents.note,
      actor: users.username,
      at: reviewCycleEvents.at,
    })
    .from(reviewCycleEvents)
    .leftJoin(users, eq(users.id, reviewCycleEvents.actorUserId))
    .where(eq(reviewCycleEvents.cycleId, row.id))
    .orderBy(reviewCycleEvents.at);
  const skipped =
    row.stage === 'draft' && isHrOrAdmin(ctx.auth) ? (await planPopulation(db, row, ctx.today)).skipped : [];
  const scale = row.gradeScale as { name: string; bands: { grade: string; minScore: unknown }[] } | null;
  return {
    ...summarize(row, c.get(row.id)),
    population,
    populationLabels: { units: unitRows, positions: positionRows },
    gradeScale: scale
      ? { name: scale.name, bands: scale.bands.map((b) => ({ grade: b.grade, minScore: String(b.minScore) })) }
      : null,
    events: events.map((e) => ({
      fromStage: (e.fromStage as ReviewStage | null) ?? null,
      toStage: e.toStage as ReviewStage,
      note: e.note,
      actor: e.actor ?? null,
      at: e.at.toISOString(),
    })),
    skipped: skipped.map((s) => ({ employee: { id: s.id, name: s.name }, reason: s.reason })),
  };
}
