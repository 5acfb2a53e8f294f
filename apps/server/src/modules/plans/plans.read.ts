import type {
  Locale,
  MetricProgress,
  PlanGoal,
  PlanOutcome,
  PlanStatus,
  PlanSummary,
  PlanView,
} from '@stride/contracts';
import Decimal from 'decimal.js';
import { and, desc, eq, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type DbOrTx, queryRows } from '../../db/client';
import { employees, improvementPlans, orgUnits, planCheckIns, trainingCourses, users } from '../../db/schema';
import { fail } from '../../lib/errors';
import type { AuthContext } from '../../lib/http';
import type { Scope } from '../access/scope';
import type { AuditActor } from '../audit/audit.service';
import { loadCatalog } from '../metrics/catalog.service';

export type PlanRow = typeof improvementPlans.$inferSelect;

/** Who is acting, in what scope, on which calendar day of the organization. */
export interface PlanCtx {
  auth: AuthContext;
  actor: AuditActor;
  scope: Scope;
  today: string;
}

export const OPEN_STATUSES: PlanStatus[] = ['draft', 'active', 'midpoint_evaluated', 'final_evaluated'];
export const RUNNING_STATUSES: PlanStatus[] = ['active', 'midpoint_evaluated'];

export const isHrOrAdmin = (auth: AuthContext) => auth.role === 'admin' || auth.role === 'hr';

export interface StoredEvaluation {
  stage: 'midpoint' | 'final';
  asOf: string;
  metrics: MetricProgress[];
  behaviours: { goalIndex: number; judgement: 'met' | 'partly' | 'not_met'; comment: string }[];
  recommendation: string;
  by: string;
  at: string;
}
export interface StoredOutcome {
  outcome: PlanOutcome;
  note: string;
  previousEndDate: string | null;
  newEndDate: string | null;
  by: string;
  at: string;
}

/**
 * Plans the scope sees: HR and admins the whole organization; a manager the plans of people in the units
 * they lead (never their own as a manager), plus plans they own or coach and their own plan as the person;
 * an employee their own plans and those they coach. Other organizations never.
 */
export function planVisibility(scope: Scope): SQL {
  const inOrg = eq(improvementPlans.orgId, scope.orgId);
  if (scope.kind === 'org') return inOrg;
  const self = scope.kind === 'self' ? scope.employeeId : scope.selfEmployeeId;
  const parts: SQL[] = [];
  if (self) {
    parts.push(eq(improvementPlans.employeeId, self), eq(improvementPlans.coachEmployeeId, self));
    if (scope.kind === 'units') parts.push(eq(improvementPlans.managerEmployeeId, self));
  }
  if (scope.kind === 'units' && scope.unitIds.length) {
    const inUnits = inArray(employees.unitId, scope.unitIds);
    parts.push(self ? and(inUnits, ne(improvementPlans.employeeId, self))! : inUnits);
  }
  return parts.length ? and(inOrg, or(...parts))! : sql`false`;
}

/** The caller manages the plan: HR/admin, or a manager over the person (their units or the plan's owner), not about themselves. */
export function managesPlan(ctx: PlanCtx, plan: PlanRow, personUnitId: string): boolean {
  if (isHrOrAdmin(ctx.auth)) return true;
  if (ctx.scope.kind !== 'units' || !ctx.auth.employeeId || plan.employeeId === ctx.auth.employeeId) return false;
  return ctx.scope.unitIds.includes(personUnitId) || plan.managerEmployeeId === ctx.auth.employeeId;
}

/** A plan the caller may see, with its person's unit; anything else answers like a missing one. */
export async function getVisiblePlan(
  db: DbOrTx,
  ctx: PlanCtx,
  id: string,
  forUpdate = false,
): Promise<{ plan: PlanRow; unitId: string }> {
  const query = db
    .select({ plan: improvementPlans, unitId: employees.unitId })
    .from(improvementPlans)
    .innerJoin(employees, eq(employees.id, improvementPlans.employeeId))
    .where(and(eq(improvementPlans.id, id), planVisibility(ctx.scope)));
  const [row] = forUpdate ? await query.for('update', { of: improvementPlans }) : await query;
  return row ?? fail('PLAN_NOT_FOUND');
}

const firstOfMonth = (d: string) => `${d.slice(0, 7)}-01`;
/** The earlier of two YYYY-MM-DD days. */
export const earlierDay = (a: string, b: string) => (a < b ? a : b);

/**
 * Each metric goal measured over the plan's months from the start up to `asOf` (not after the end): the
 * average of the monthly values there are, against the monthly target. No data → not judged (met null).
 */
export async function measureGoals(
  db: DbOrTx,
  plan: Pick<PlanRow, 'orgId' | 'employeeId' | 'startDate' | 'endDate' | 'goals'>,
  asOf: string,
  names: (key: string) => string,
): Promise<MetricProgress[]> {
  const goals = (plan.goals as PlanGoal[])
    .map((g, goalIndex) => ({ g, goalIndex }))
    .filter((x): x is { g: Extract<PlanGoal, { kind: 'metric' }>; goalIndex: number } => x.g.kind === 'metric');
  if (goals.length === 0) return [];
  const until = earlierDay(asOf, plan.endDate);
  const keys = [...new Set(goals.map((x) => x.g.metricKey))];
  const rows = await queryRows<{ metric_key: string; months: number; actual: string }>(
    db,
    sql`select metric_key, count(*)::int as months, round(avg(value), 4)::text as actual
        from metric_values
        where org_id = ${plan.orgId} and employee_id = ${plan.employeeId} and period_type = 'month'
          and metric_key in (${sql.join(
            keys.map((k) => sql`${k}`),
            sql`, `,
          )})
          and period_start >= ${firstOfMonth(plan.startDate)}::date and period_start <= ${until}::date
        group by metric_key`,
  );
  const byKey = new Map(rows.map((r) => [r.metric_key, r]));
  return goals.map(({ g, goalIndex }) => {
    const r = byKey.get(g.metricKey);
    const actual = r && r.months > 0 ? new Decimal(r.actual) : null;
    const target = new Decimal(g.target);
    const direction = g.direction ?? 'higher';
    return {
      goalIndex,
      metricKey: g.metricKey,
      metricName: names(g.metricKey),
      target: g.target,
      direction,
      actual: actual ? actual.toFixed(2) : null,
      months: r?.months ?? 0,
      met: actual ? (direction === 'higher' ? actual.gte(target) : actual.lte(target)) : null,
    };
  });
}

/** Stride's suggestion after the final evaluation: passed when every metric goal is met, else none. */
export function suggestOutcome(status: PlanStatus, evaluations: StoredEvaluation[]): PlanOutcome | null {
  if (status !== 'final_evaluated') return null;
  const final = [...evaluations].reverse().find((e) => e.stage === 'final');
  if (!final || final.metrics.length === 0) return null;
  return final.metrics.every((m) => m.met === true) ? 'passed' : null;
}

const managerEmp = alias(employees, 'manager_emp');
const coachEmp = alias(employees, 'coach_emp');

async function selectPlans(db: DbOrTx, where: SQL | undefined) {
  return db
    .select({
      plan: improvementPlans,
      employeeName: employees.name,
      employeeNo: employees.employeeNo,
      employeeStatus: employees.status,
      unitId: employees.unitId,
      unitName: orgUnits.name,
      managerName: managerEmp.name,
      coachName: coachEmp.name,
    })
    .from(improvementPlans)
    .innerJoin(employees, eq(employees.id, improvementPlans.employeeId))
    .innerJoin(managerEmp, eq(managerEmp.id, improvementPlans.managerEmployeeId))
    .leftJoin(coachEmp, eq(coachEmp.id, improvementPlans.coachEmployeeId))
    .leftJoin(orgUnits, eq(orgUnits.id, employees.unitId))
    .where(where)
    .orderBy(desc(improvementPlans.createdAt));
}
type Listed = Awaited<ReturnType<typeof selectPlans>>[number];

async function summarize(db: DbOrTx, ctx: PlanCtx, r: Listed, locale: Locale): Promise<PlanSummary> {
  const p = r.plan;
  const status = p.status as PlanStatus;
  const catalog = await loadCatalog(db, ctx.auth.orgId);
  const names = (key: string) => catalog.byKey.get(key)?.names[locale] ?? key;
  const evaluations = p.evaluations as StoredEvaluation[];
  const manages = managesPlan(ctx, p, r.unitId);
  const hr = isHrOrAdmin(ctx.auth);
  const self = ctx.auth.employeeId;
  const running = RUNNING_STATUSES.includes(status);
  return {
    id: p.id,
    employee: { id: p.employeeId, name: r.employeeName, employeeNo: r.employeeNo, status: r.employeeStatus },
    unit: r.unitName ? { id: r.unitId, name: r.unitName } : null,
    source: p.source as PlanView['source'],
    alertId: p.alertId,
    poolEntryId: p.poolEntryId,
    manager: { id: p.managerEmployeeId, name: r.managerName },
    coach: p.coachEmployeeId ? { id: p.coachEmployeeId, name: r.coachName ?? '' } : null,
    startDate: p.startDate,
    endDate: p.endDate,
    originalEndDate: p.originalEndDate,
    goals: p.goals as PlanGoal[],
    checkInDates: p.checkInDates as string[],
    status,
    acknowledgement: p.acknowledgement as PlanView['acknowledgement'],
    acknowledgedAt: p.acknowledgedAt?.toISOString() ?? null,
    witnessNote: p.witnessNote,
    progress: status === 'draft' || status === 'cancelled' ? [] : await measureGoals(db, p, ctx.today, names),
    outcome: p.outcome as PlanOutcome | null,
    suggestedOutcome: suggestOutcome(status, evaluations),
    cancelReason: p.cancelReason,
    can: {
      acknowledge: status === 'draft' && !!self && p.employeeId === self,
      recordRefusal: status === 'draft' && hr,
      edit: status === 'draft' && manages,
      checkIn: running && (manages || (!!self && p.coachEmployeeId === self)),
      evaluate: running && manages,
      recordOutcome: status === 'final_evaluated' && hr,
      extend: status === 'final_evaluated' && hr && !p.originalEndDate,
      cancel: OPEN_STATUSES.includes(status) && manages,
    },
    documentUrl: `/api/v1/plans/${p.id}/document.docx`,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    version: p.version,
  };
}

/** Plans in the caller's scope, newest first; optionally one person's or one status. */
export async function findPlans(
  db: DbOrTx,
  ctx: PlanCtx,
  query: { status?: PlanStatus; employeeId?: string },
  locale: Locale,
): Promise<PlanSummary[]> {
  const rows = await selectPlans(
    db,
    and(
      planVisibility(ctx.scope),
      query.status ? eq(improvementPlans.status, query.status) : undefined,
      query.employeeId ? eq(improvementPlans.employeeId, query.employeeId) : undefined,
    ),
  );
  return Promise.all(rows.map((r) => summarize(db, ctx, r, locale)));
}

/** One plan with its check-ins, evaluations, outcomes and courses (404 outside the scope). */
export async function getPlan(db: DbOrTx, ctx: PlanCtx, id: string, locale: Locale): Promise<PlanView> {
  const [row] = await selectPlans(db, and(planVisibility(ctx.scope), eq(improvementPlans.id, id)));
  if (!row) return fail('PLAN_NOT_FOUND');
  const summary = await summarize(db, ctx, row, locale);
  const courseIds = row.plan.courseIds as string[];
  const courses = courseIds.length
    ? await db
        .select({ id: trainingCourses.id, title: trainingCourses.title, url: trainingCourses.url })
        .from(trainingCourses)
        .where(and(eq(trainingCourses.orgId, ctx.auth.orgId), inArray(trainingCourses.id, courseIds)))
    : [];
  const checkIns = await db
    .select({ c: planCheckIns, author: users.username })
    .from(planCheckIns)
    .leftJoin(users, eq(users.id, planCheckIns.authorId))
    .where(eq(planCheckIns.planId, id))
    .orderBy(planCheckIns.heldOn, planCheckIns.createdAt);
  return {
    ...summary,
    courses,
    evaluations: row.plan.evaluations as StoredEvaluation[],
    outcomes: row.plan.outcomes as StoredOutcome[],
    checkIns: checkIns.map(({ c, author }) => ({
      id: c.id,
      heldOn: c.heldOn,
      notes: c.notes,
      evidence: c.evidence as { text: string; url?: string }[],
      progress: c.progress as MetricProgress[],
      author: author ?? null,
      createdAt: c.createdAt.toISOString(),
    })),
  };
}
