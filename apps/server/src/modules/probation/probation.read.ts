import type { Locale, ProbationReason, ProbationReviewStatus, ProbationReviewView } from '@stride/contracts';
import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { employees, orgUnits, positions, probationReviews, scorecardTemplates, users } from '../../db/schema';
import { fail } from '../../lib/errors';
import type { AuthContext } from '../../lib/http';
import { employeeVisibility, type Scope } from '../access/scope';
import type { AuditActor } from '../audit/audit.service';
import { loadCatalog } from '../metrics/catalog.service';
import { canFailOn, daysBetween, lastDayToFail } from './probation.rules';
import { localizedIndicators, type StoredScorecard } from './probation-score';

export type ProbationReviewRow = typeof probationReviews.$inferSelect;

/** Who is acting, in what scope, on which calendar day of the organization. */
export interface ProbationCtx {
  auth: AuthContext;
  actor: AuditActor;
  scope: Scope;
  today: string;
}

export const isHrOrAdmin = (auth: AuthContext) => auth.role === 'admin' || auth.role === 'hr';

/** Reviews of the people the scope sees (a manager: their units' people); other organizations never. */
const visible = (scope: Scope) => and(eq(probationReviews.orgId, scope.orgId), employeeVisibility(scope));

/** A review the caller may see; anything else answers like a missing one. */
export async function getVisibleReview(
  db: DbOrTx,
  ctx: ProbationCtx,
  id: string,
  forUpdate = false,
): Promise<ProbationReviewRow> {
  const query = db
    .select({ review: probationReviews })
    .from(probationReviews)
    .innerJoin(employees, eq(employees.id, probationReviews.employeeId))
    .where(and(eq(probationReviews.id, id), visible(ctx.scope)));
  const [row] = forUpdate ? await query.for('update', { of: probationReviews }) : await query;
  return row?.review ?? fail('PROBATION_REVIEW_NOT_FOUND');
}

async function selectReviews(db: DbOrTx, where: SQL | undefined) {
  return db
    .select({
      review: probationReviews,
      employeeName: employees.name,
      employeeNo: employees.employeeNo,
      employeeStatus: employees.status,
      employeeEnd: employees.probationEndDate,
      hireDate: employees.hireDate,
      unitId: orgUnits.id,
      unitName: orgUnits.name,
      positionId: positions.id,
      positionName: positions.name,
      templateName: scorecardTemplates.name,
      decidedBy: users.username,
    })
    .from(probationReviews)
    .innerJoin(employees, eq(employees.id, probationReviews.employeeId))
    .leftJoin(orgUnits, eq(orgUnits.id, employees.unitId))
    .leftJoin(positions, eq(positions.id, employees.positionId))
    .leftJoin(scorecardTemplates, eq(scorecardTemplates.id, probationReviews.templateId))
    .leftJoin(users, eq(users.id, probationReviews.decidedBy))
    .where(where)
    .orderBy(probationReviews.probationEndDate, desc(probationReviews.createdAt));
}

type Listed = Awaited<ReturnType<typeof selectReviews>>[number];

function present(r: Listed, ctx: ProbationCtx, catalog: Awaited<ReturnType<typeof loadCatalog>>, locale: Locale) {
  const v = r.review;
  const result = v.result as StoredScorecard | null;
  const canDecide = isHrOrAdmin(ctx.auth) && v.status === 'open';
  return {
    id: v.id,
    employee: { id: v.employeeId, name: r.employeeName, employeeNo: r.employeeNo, status: r.employeeStatus },
    unit: r.unitId ? { id: r.unitId, name: r.unitName ?? '' } : null,
    position: r.positionId ? { id: r.positionId, name: r.positionName ?? '' } : null,
    hireDate: r.hireDate,
    probationEndDate: v.probationEndDate,
    daysLeft: daysBetween(ctx.today, v.probationEndDate),
    status: v.status as ProbationReviewStatus,
    openedBy: v.openedBy as 'automatic' | 'manual',
    template:
      v.templateId && v.templateVersion !== null
        ? { id: v.templateId, name: r.templateName ?? '', version: v.templateVersion }
        : null,
    scoredPeriodStart: result?.periodStart ?? null,
    total: result?.total ?? null,
    maxTotal: result?.maxTotal ?? null,
    grade: result?.grade?.grade ?? null,
    dimensions: result?.dimensions ?? [],
    indicators: result ? localizedIndicators(result, catalog, locale) : [],
    hiringConditions: v.hiringConditions,
    reasons: (v.reasons as ProbationReason[] | null) ?? [],
    comment: v.comment,
    regularizationDate: v.regularizationDate,
    decidedBy: r.decidedBy ?? null,
    decidedAt: v.decidedAt?.toISOString() ?? null,
    canDecide,
    canFail: canDecide && canFailOn(lastDayToFail(v.probationEndDate, r.employeeEnd), ctx.today),
    noticeUrl: v.status === 'failed' ? `/api/v1/probation-reviews/${v.id}/notice.docx` : null,
    createdAt: v.createdAt.toISOString(),
  } satisfies ProbationReviewView;
}

/** Reviews in the caller's scope, soonest probation end first. */
export async function findReviews(
  db: DbOrTx,
  ctx: ProbationCtx,
  query: { status?: ProbationReviewStatus },
  locale: Locale,
): Promise<ProbationReviewView[]> {
  const rows = await selectReviews(
    db,
    and(visible(ctx.scope), query.status ? eq(probationReviews.status, query.status) : undefined),
  );
  const catalog = await loadCatalog(db, ctx.auth.orgId);
  return rows.map((r) => present(r, ctx, catalog, locale));
}

export async function presentReviews(
  db: DbOrTx,
  ctx: ProbationCtx,
  ids: string[],
  locale: Locale,
): Promise<ProbationReviewView[]> {
  if (ids.length === 0) return [];
  const rows = await selectReviews(db, and(visible(ctx.scope), inArray(probationReviews.id, ids)));
  const catalog = await loadCatalog(db, ctx.auth.orgId);
  return rows.map((r) => present(r, ctx, catalog, locale));
}

/** One review as the caller sees it (404 outside the scope). */
export async function getReview(db: DbOrTx, ctx: ProbationCtx, id: string, locale: Locale) {
  const [view] = await presentReviews(db, ctx, [id], locale);
  return view ?? fail('PROBATION_REVIEW_NOT_FOUND');
}
