import {
  type CreateTalentReviewRequest,
  type Locale,
  type MoveTalentRequest,
  type PlacementChangeView,
  type RateTalentRequest,
  type TalentConfig,
  type TalentLevel,
  type TalentPlacementView,
  type TalentReviewDetail,
  type TalentReviewSummary,
  talentConfig,
} from '@stride/contracts';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { talentPlacementChanges, talentPlacements, talentReviews } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { unitSubtreeIds } from '../access/scope';
import { appendAudit } from '../audit/audit.service';
import { iso, type TalentCtx, talentVisibility } from './context';
import {
  boxOf,
  configErrors,
  defaultConfig,
  type FrozenScale,
  fixed,
  formulaText,
  gradesBestFirst,
  performanceOf,
  potentialOf,
  ratingErrors,
} from './talent.rules';

type D = Pick<Deps, 'db' | 'clock'>;

const PUBLISHED = ['published', 'closed'];

/** A review a caller may see: the whole org for admin/hr; for a manager, one that holds someone they lead. */
function reviewVisibility(ctx: TalentCtx): SQL {
  if (ctx.scope.kind === 'org') return sql`r.org_id = ${ctx.auth.orgId}`;
  return sql`r.org_id = ${ctx.auth.orgId} and exists (select 1 from talent_placements tp
    join employees on employees.id = tp.employee_id where tp.review_id = r.id and ${talentVisibility(ctx)})`;
}

interface SummaryRow {
  id: string;
  name: string;
  unit_id: string;
  unit_name: string;
  cycle_id: string;
  cycle_name: string;
  status: 'open' | 'finalized';
  people: number;
  placed: number;
  created_at: string | Date;
  finalized_at: string | Date | null;
  version: number;
  config: unknown;
}

async function summaries(db: DbOrTx, ctx: TalentCtx, where: SQL): Promise<SummaryRow[]> {
  return queryRows<SummaryRow>(
    db,
    sql`select r.id::text, r.name, u.id::text as unit_id, u.name as unit_name, c.id::text as cycle_id,
          c.name as cycle_name, r.status, r.created_at, r.finalized_at, r.version, r.config,
          count(employees.id)::int as people, (count(employees.id) filter (where tp.box is not null))::int as placed
        from talent_reviews r
        join org_units u on u.id = r.unit_id
        join review_cycles c on c.id = r.cycle_id
        left join talent_placements tp on tp.review_id = r.id
        left join employees on employees.id = tp.employee_id and ${talentVisibility(ctx)}
        where ${reviewVisibility(ctx)} and ${where}
        group by r.id, u.id, c.id
        order by r.created_at desc`,
  );
}

const presentSummary = (r: SummaryRow): TalentReviewSummary => ({
  id: r.id,
  name: r.name,
  unit: { id: r.unit_id, name: r.unit_name },
  cycle: { id: r.cycle_id, name: r.cycle_name },
  status: r.status,
  people: r.people,
  placed: r.placed,
  createdAt: iso(r.created_at)!,
  finalizedAt: iso(r.finalized_at),
  version: r.version,
});

export async function listReviews(db: DbOrTx, ctx: TalentCtx): Promise<TalentReviewSummary[]> {
  return (await summaries(db, ctx, sql`true`)).map(presentSummary);
}

async function getReviewRow(db: DbOrTx, ctx: TalentCtx, id: string) {
  const [row] = await summaries(db, ctx, sql`r.id = ${id}`);
  return row ?? fail('TALENT_REVIEW_NOT_FOUND');
}

interface PlacementRow {
  employee_id: string;
  name: string;
  employee_no: string;
  unit_id: string;
  unit_name: string;
  position_id: string | null;
  position_name: string | null;
  grade: string | null;
  performance: TalentLevel;
  ratings: Record<string, number>;
  learning_agility: number | null;
  potential: TalentLevel | null;
  computed_box: string | null;
  box: string | null;
  version: number;
  flight_risk: boolean;
}

async function placementRows(db: DbOrTx, ctx: TalentCtx, reviewId: string, where: SQL = sql`true`) {
  return queryRows<PlacementRow>(
    db,
    sql`select employees.id::text as employee_id, employees.name, employees.employee_no, u.id::text as unit_id,
          u.name as unit_name, p.id::text as position_id, p.name as position_name, tp.grade, tp.performance,
          tp.ratings, tp.learning_agility, tp.potential, tp.computed_box, tp.box, tp.version,
          exists (select 1 from talent_flight_risks f where f.employee_id = employees.id and f.cleared_at is null)
            as flight_risk
        from talent_placements tp
        join employees on employees.id = tp.employee_id
        join org_units u on u.id = employees.unit_id
        left join positions p on p.id = employees.position_id
        where tp.review_id = ${reviewId} and ${talentVisibility(ctx)} and ${where}
        order by employees.employee_no`,
  );
}

const presentPlacement = (config: TalentConfig, r: PlacementRow): TalentPlacementView => ({
  employee: { id: r.employee_id, name: r.name, employeeNo: r.employee_no },
  unit: { id: r.unit_id, name: r.unit_name },
  position: r.position_id ? { id: r.position_id, name: r.position_name ?? '' } : null,
  grade: r.grade,
  performance: r.performance,
  ratings: r.ratings ?? {},
  learningAgility: r.learning_agility,
  potentialScore:
    r.learning_agility !== null && r.potential ? fixed(potentialOf(config, r.ratings, r.learning_agility).score) : null,
  potential: r.potential,
  computedBox: r.computed_box,
  box: r.box,
  moved: r.box !== null && r.box !== r.computed_box,
  flightRisk: r.flight_risk,
  version: r.version,
});

export async function getReviewDetail(
  db: DbOrTx,
  ctx: TalentCtx,
  id: string,
  locale: Locale,
): Promise<TalentReviewDetail> {
  const row = await getReviewRow(db, ctx, id);
  const config = talentConfig.parse(row.config);
  const placements = await placementRows(db, ctx, id);
  return {
    ...presentSummary(row),
    config,
    formula: formulaText(config, locale),
    canFinalize: ctx.scope.kind === 'org' && row.status === 'open',
    placements: placements.map((p) => presentPlacement(config, p)),
  };
}

/**
 * HR opens a talent review of a unit (subtree) on a published cycle: everyone of the cycle with a final grade who
 * is now in the unit and has not left is placed on the performance axis; potential waits for ratings.
 */
export async function createReview(deps: D, ctx: TalentCtx, body: CreateTalentReviewRequest): Promise<string> {
  return deps.db.transaction(async (tx) => {
    const [unit] = await queryRows<{ id: string }>(
      tx,
      sql`select id::text from org_units where id = ${body.unitId} and org_id = ${ctx.auth.orgId}`,
    );
    if (!unit) fail('ORG_UNIT_NOT_FOUND', [{ field: 'unitId', code: 'ORG_UNIT_NOT_FOUND' }]);
    const [cycle] = await queryRows<{ stage: string; grade_scale: FrozenScale | null }>(
      tx,
      sql`select stage, grade_scale from review_cycles where id = ${body.cycleId} and org_id = ${ctx.auth.orgId}`,
    );
    if (!cycle) return fail('REVIEW_CYCLE_NOT_FOUND', [{ field: 'cycleId', code: 'REVIEW_CYCLE_NOT_FOUND' }]);
    if (!PUBLISHED.includes(cycle.stage))
      fail('TALENT_CYCLE_NOT_PUBLISHED', [{ field: 'cycleId', code: 'TALENT_CYCLE_NOT_PUBLISHED' }]);
    const grades = gradesBestFirst(cycle.grade_scale);
    const config: TalentConfig = { ...defaultConfig(grades), ...(body.config ?? {}) };
    const errors = configErrors(config, grades);
    if (errors.length) fail('VALIDATION_FAILED', errors);
    const now = deps.clock();
    const [review] = await tx
      .insert(talentReviews)
      .values({
        orgId: ctx.auth.orgId,
        name: body.name,
        unitId: body.unitId,
        cycleId: body.cycleId,
        config,
        createdBy: ctx.auth.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: talentReviews.id });
    const people = await queryRows<{ employee_id: string; grade: string | null }>(
      tx,
      sql`select rp.employee_id::text, rp.grade from review_participants rp
          join employees e on e.id = rp.employee_id
          where rp.cycle_id = ${body.cycleId} and rp.grade is not null and e.status <> 'exited'
            and e.unit_id in ${unitSubtreeIds(ctx.auth.orgId, body.unitId)}`,
    );
    if (people.length)
      await tx.insert(talentPlacements).values(
        people.map((p) => ({
          orgId: ctx.auth.orgId,
          reviewId: review.id,
          employeeId: p.employee_id,
          grade: p.grade,
          performance: performanceOf(config, p.grade),
          updatedAt: now,
        })),
      );
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'talent_review.created',
        entityType: 'talent_review',
        entityId: review.id,
        after: { name: body.name, unitId: body.unitId, cycleId: body.cycleId, config, people: people.length },
      },
      now,
    );
    return review.id;
  });
}

async function lockPlacement(tx: DbOrTx, ctx: TalentCtx, reviewId: string, employeeId: string) {
  const [review] = await tx
    .select()
    .from(talentReviews)
    .where(and(eq(talentReviews.id, reviewId), eq(talentReviews.orgId, ctx.auth.orgId)))
    .for('update');
  if (!review) return fail('TALENT_REVIEW_NOT_FOUND');
  if (ctx.scope.kind !== 'org' && employeeId === ctx.auth.employeeId) fail('TALENT_PLACEMENT_NOT_FOUND');
  const [visible] = await queryRows<{ id: string }>(
    tx,
    sql`select tp.id::text from talent_placements tp join employees on employees.id = tp.employee_id
        where tp.review_id = ${reviewId} and tp.employee_id = ${employeeId} and ${talentVisibility(ctx)}`,
  );
  if (!visible) return fail('TALENT_PLACEMENT_NOT_FOUND');
  const [placement] = await tx.select().from(talentPlacements).where(eq(talentPlacements.id, visible.id)).for('update');
  if (placement.employeeId === ctx.auth.employeeId) fail('TALENT_SELF_RATING');
  if (review.status !== 'open') fail('TALENT_REVIEW_FINALIZED');
  return { review, placement, config: talentConfig.parse(review.config) };
}

/**
 * A manager (for their people) or HR rates potential; the computed box follows. A box not moved in calibration
 * follows the computed one; a calibrated box stays where the meeting put it.
 */
export async function ratePotential(
  deps: D,
  ctx: TalentCtx,
  reviewId: string,
  employeeId: string,
  body: RateTalentRequest,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const { placement, config } = await lockPlacement(tx, ctx, reviewId, employeeId);
    if (placement.version !== body.version) fail('TALENT_PLACEMENT_VERSION_CONFLICT');
    const errors = ratingErrors(config, body.ratings);
    if (errors.length) fail('VALIDATION_FAILED', errors);
    const { level, score } = potentialOf(config, body.ratings, body.learningAgility);
    const computedBox = boxOf(placement.performance as TalentLevel, level)!;
    const calibrated = placement.box !== null && placement.box !== placement.computedBox;
    const box = calibrated ? placement.box : computedBox;
    const now = deps.clock();
    await tx
      .update(talentPlacements)
      .set({
        ratings: body.ratings,
        learningAgility: body.learningAgility,
        potential: level,
        computedBox,
        box,
        ratedBy: ctx.auth.userId,
        ratedAt: now,
        version: placement.version + 1,
        updatedAt: now,
      })
      .where(eq(talentPlacements.id, placement.id));
    if (box !== placement.box || computedBox !== placement.computedBox)
      await tx.insert(talentPlacementChanges).values({
        orgId: ctx.auth.orgId,
        reviewId,
        employeeId,
        source: 'computed',
        fromBox: placement.box,
        toBox: box!,
        computedBox,
        actorUserId: ctx.auth.userId,
        at: now,
      });
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'talent_placement.rated',
        entityType: 'talent_placement',
        entityId: placement.id,
        before: { ratings: placement.ratings, learningAgility: placement.learningAgility, box: placement.box },
        after: { employeeId, ratings: body.ratings, learningAgility: body.learningAgility, score, computedBox, box },
      },
      now,
    );
  });
}

/** A calibration move: a person to another box, with a reason, kept beside the computed box. */
export async function movePlacement(
  deps: D,
  ctx: TalentCtx,
  reviewId: string,
  employeeId: string,
  body: MoveTalentRequest,
): Promise<void> {
  const reason = body.reason?.trim() ?? '';
  await deps.db.transaction(async (tx) => {
    const { placement } = await lockPlacement(tx, ctx, reviewId, employeeId);
    if (!reason) fail('TALENT_REASON_REQUIRED', [{ field: 'reason', code: 'REQUIRED' }]);
    if (placement.version !== body.version) fail('TALENT_PLACEMENT_VERSION_CONFLICT');
    if (placement.box === body.box) fail('VALIDATION_FAILED', [{ field: 'box', code: 'invalid_value' }]);
    const now = deps.clock();
    await tx
      .update(talentPlacements)
      .set({ box: body.box, version: placement.version + 1, updatedAt: now })
      .where(eq(talentPlacements.id, placement.id));
    await tx.insert(talentPlacementChanges).values({
      orgId: ctx.auth.orgId,
      reviewId,
      employeeId,
      source: 'calibration',
      fromBox: placement.box,
      toBox: body.box,
      computedBox: placement.computedBox,
      reason,
      actorUserId: ctx.auth.userId,
      at: now,
    });
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'talent_placement.moved',
        entityType: 'talent_placement',
        entityId: placement.id,
        before: { box: placement.box },
        after: { employeeId, box: body.box, computedBox: placement.computedBox, reason },
      },
      now,
    );
  });
}

export async function finalizeReview(deps: D, ctx: TalentCtx, reviewId: string, version: number): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [review] = await tx
      .select()
      .from(talentReviews)
      .where(and(eq(talentReviews.id, reviewId), eq(talentReviews.orgId, ctx.auth.orgId)))
      .for('update');
    if (!review) return fail('TALENT_REVIEW_NOT_FOUND');
    if (review.status !== 'open') fail('TALENT_REVIEW_FINALIZED');
    if (review.version !== version) fail('TALENT_REVIEW_VERSION_CONFLICT');
    const now = deps.clock();
    await tx
      .update(talentReviews)
      .set({
        status: 'finalized',
        finalizedAt: now,
        finalizedBy: ctx.auth.userId,
        version: review.version + 1,
        updatedAt: now,
      })
      .where(eq(talentReviews.id, reviewId));
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'talent_review.finalized',
        entityType: 'talent_review',
        entityId: reviewId,
        before: { status: 'open' },
        after: { status: 'finalized' },
      },
      now,
    );
  });
}

interface ChangeRow {
  id: string;
  review_id: string;
  review_name: string;
  source: 'computed' | 'calibration';
  from_box: string | null;
  to_box: string;
  computed_box: string | null;
  reason: string | null;
  actor: string | null;
  at: string | Date;
}

/** Placement changes of one person (optionally in one review), oldest first, for people the caller may see. */
export async function placementChanges(
  db: DbOrTx,
  ctx: TalentCtx,
  employeeId: string,
  reviewId?: string,
): Promise<PlacementChangeView[]> {
  const rows = await queryRows<ChangeRow>(
    db,
    sql`select ch.id::text, r.id::text as review_id, r.name as review_name, ch.source, ch.from_box, ch.to_box,
          ch.computed_box, ch.reason, us.username as actor, ch.at
        from talent_placement_changes ch
        join talent_reviews r on r.id = ch.review_id
        join employees on employees.id = ch.employee_id
        left join users us on us.id = ch.actor_user_id
        where ch.org_id = ${ctx.auth.orgId} and ch.employee_id = ${employeeId} and ${talentVisibility(ctx)}
          ${reviewId ? sql`and ch.review_id = ${reviewId}` : sql``}
        order by ch.at, ch.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    review: { id: r.review_id, name: r.review_name },
    source: r.source,
    fromBox: r.from_box,
    toBox: r.to_box,
    computedBox: r.computed_box,
    reason: r.reason,
    actor: r.actor,
    at: iso(r.at)!,
  }));
}

export async function getPlacementHistory(db: DbOrTx, ctx: TalentCtx, reviewId: string, employeeId: string) {
  await getReviewRow(db, ctx, reviewId);
  const [visible] = await placementRows(db, ctx, reviewId, sql`employees.id = ${employeeId}`);
  if (!visible) fail('TALENT_PLACEMENT_NOT_FOUND');
  return { items: await placementChanges(db, ctx, employeeId, reviewId) };
}

export async function getPlacement(db: DbOrTx, ctx: TalentCtx, reviewId: string, employeeId: string) {
  const row = await getReviewRow(db, ctx, reviewId);
  const [p] = await placementRows(db, ctx, reviewId, sql`employees.id = ${employeeId}`);
  return p ? presentPlacement(talentConfig.parse(row.config), p) : fail('TALENT_PLACEMENT_NOT_FOUND');
}
