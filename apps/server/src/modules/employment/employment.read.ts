import {
  type ApprovalRole,
  type DocumentKind,
  type EmploymentAction,
  type EmploymentActionKind,
  type EmploymentActionStatus,
  type JobSnapshot,
  jobChangeKinds,
  type Locale,
  recordKinds,
  type TerminationGround,
} from '@stride/contracts';
import { and, desc, eq, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import {
  employees,
  employmentActionApprovals,
  employmentActionFiles,
  employmentActions,
  orgUnits,
  positions,
  users,
} from '../../db/schema';
import { AppError, fail } from '../../lib/errors';
import type { AuthContext } from '../../lib/http';
import type { Scope } from '../access/scope';
import type { AuditActor } from '../audit/audit.service';
import { calculateSeveranceFor } from '../calculators/calculators.service';
import { loadTerminationChain } from './termination.chain';

export type ActionRow = typeof employmentActions.$inferSelect;

/** Who is acting, in what scope, on which calendar day of the organization. */
export interface ActionCtx {
  auth: AuthContext;
  actor: AuditActor;
  scope: Scope;
  today: string;
}

/** unit / position / manager ids of one assignment. */
export interface Job {
  unitId: string;
  positionId: string | null;
  managerId: string | null;
}
export interface JobChangeDetails {
  from: Job;
  to: Job;
}
export interface TerminationDetails {
  ground: TerminationGround;
  noticeMode: 'notice_30_days' | 'pay_in_lieu' | null;
  monthlyWage: string | null;
  /** The city for the severance cap (null: the organization's one city, if it keeps figures for exactly one). */
  city?: string | null;
  misconduct: { ruleReference: string; facts: string; occurredOn: string } | null;
  /** The calculator's figures as they stood when the termination was approved. */
  severance?: NonNullable<EmploymentAction['severance']>;
  art42?: unknown;
  unionNotice?: unknown;
}

export const OPEN_STATUSES: EmploymentActionStatus[] = ['draft', 'pending_approval', 'approved'];
export const isHrOrAdmin = (auth: AuthContext) => auth.role === 'admin' || auth.role === 'hr';
export const isJobChange = (kind: string) => (jobChangeKinds as readonly string[]).includes(kind);
export const isRecord = (kind: string) => (recordKinds as readonly string[]).includes(kind);

/**
 * Actions the scope sees: admin and hr the whole organization; a manager the actions about the people of the
 * units they lead (never about themselves as a manager); anyone their own approved or effective actions that
 * are not terminations (a termination is told to the person by its notice, not through Stride's pages).
 */
export function actionVisibility(scope: Scope): SQL {
  const inOrg = eq(employmentActions.orgId, scope.orgId);
  if (scope.kind === 'org') return inOrg;
  const self = scope.kind === 'self' ? scope.employeeId : scope.selfEmployeeId;
  const parts: SQL[] = [];
  if (self)
    parts.push(
      and(
        eq(employmentActions.employeeId, self),
        inArray(employmentActions.status, ['approved', 'effective']),
        ne(employmentActions.kind, 'termination'),
      )!,
    );
  if (scope.kind === 'units' && scope.unitIds.length) {
    const inUnits = inArray(employees.unitId, scope.unitIds);
    parts.push(self ? and(inUnits, ne(employmentActions.employeeId, self))! : inUnits);
  }
  return parts.length ? and(inOrg, or(...parts))! : sql`false`;
}

/** The caller may write the action: HR/admin; a manager for the people of their units (not themselves, no terminations). */
export function managesAction(ctx: ActionCtx, action: Pick<ActionRow, 'employeeId' | 'kind'>, unitId: string) {
  // Nobody writes an action about themselves, whatever their role.
  if (ctx.auth.employeeId && action.employeeId === ctx.auth.employeeId) return false;
  if (isHrOrAdmin(ctx.auth)) return true;
  if (ctx.scope.kind !== 'units' || !ctx.auth.employeeId || action.employeeId === ctx.auth.employeeId) return false;
  return action.kind !== 'termination' && ctx.scope.unitIds.includes(unitId);
}

/** An action the caller may see, with its person's current unit; anything else answers like a missing one. */
export async function getVisibleAction(
  db: DbOrTx,
  ctx: ActionCtx,
  id: string,
  forUpdate = false,
): Promise<{ action: ActionRow; unitId: string }> {
  const query = db
    .select({ action: employmentActions, unitId: employees.unitId })
    .from(employmentActions)
    .innerJoin(employees, eq(employees.id, employmentActions.employeeId))
    .where(and(eq(employmentActions.id, id), actionVisibility(ctx.scope)));
  const [row] = forUpdate ? await query.for('update', { of: employmentActions }) : await query;
  return row ?? fail('EMPLOYMENT_ACTION_NOT_FOUND');
}

/** The decisions taken on an action (step ≥ 0), with who took them. */
export async function decisionsOf(db: DbOrTx, actionId: string) {
  return db
    .select({ a: employmentActionApprovals, username: users.username })
    .from(employmentActionApprovals)
    .leftJoin(users, eq(users.id, employmentActionApprovals.decidedBy))
    .where(and(eq(employmentActionApprovals.actionId, actionId), sql`${employmentActionApprovals.step} >= 0`))
    .orderBy(employmentActionApprovals.step);
}

/** Why the caller may not decide the current step, or null when they may. */
export function decisionRefusal(
  ctx: ActionCtx,
  action: ActionRow,
  personUnitId: string,
  deciders: string[],
): 'EMPLOYMENT_ACTION_STATE_CONFLICT' | 'APPROVAL_WRONG_ROLE' | 'APPROVAL_OWN_ACTION' | 'APPROVAL_SAME_DECIDER' | null {
  if (action.status !== 'pending_approval') return 'EMPLOYMENT_ACTION_STATE_CONFLICT';
  const role = (action.chain as ApprovalRole[])[action.currentStep];
  if (!role) return 'EMPLOYMENT_ACTION_STATE_CONFLICT';
  if (ctx.auth.employeeId && ctx.auth.employeeId === action.employeeId) return 'APPROVAL_OWN_ACTION';
  if (ctx.auth.role !== role) return 'APPROVAL_WRONG_ROLE';
  if (role === 'manager' && (ctx.scope.kind !== 'units' || !ctx.scope.unitIds.includes(personUnitId)))
    return 'APPROVAL_WRONG_ROLE';
  if (deciders.includes(ctx.auth.userId)) return 'APPROVAL_SAME_DECIDER';
  return null;
}

/** Documents Stride can produce for the action in its current state. */
export function availableDocuments(action: Pick<ActionRow, 'kind' | 'status' | 'details'>): DocumentKind[] {
  const status = action.status as EmploymentActionStatus;
  if (isJobChange(action.kind)) return status === 'approved' || status === 'effective' ? ['transfer_notice'] : [];
  if (action.kind !== 'termination') return [];
  const ground = (action.details as TerminationDetails).ground;
  const out: DocumentKind[] = [];
  if (ground === 'art36_mutual' && status !== 'cancelled' && status !== 'rejected')
    out.push('mutual_termination_agreement');
  if (ground !== 'art36_mutual' && (status === 'approved' || status === 'effective')) out.push('termination_notice');
  if (status === 'effective') out.push('termination_certificate');
  return out;
}

/** The job someone held on a day: the job-history row covering it, else their current job. */
export async function jobOn(db: DbOrTx, orgId: string, employeeId: string, day: string): Promise<Job | null> {
  const [row] = await queryRows<{ unit_id: string; position_id: string | null; manager_id: string | null }>(
    db,
    sql`select unit_id::text, position_id::text, manager_id::text from job_history
        where org_id = ${orgId} and employee_id = ${employeeId} and effective_from <= ${day}::date
          and (effective_to is null or effective_to >= ${day}::date)
        order by effective_from desc limit 1`,
  );
  if (row) return { unitId: row.unit_id, positionId: row.position_id, managerId: row.manager_id };
  const [e] = await db
    .select({ unitId: employees.unitId, positionId: employees.positionId, managerId: employees.managerId })
    .from(employees)
    .where(and(eq(employees.id, employeeId), eq(employees.orgId, orgId)));
  return e ?? null;
}

/** Names of units, positions and people, for snapshots. */
export async function namesOf(db: DbOrTx, jobs: (Job | null | undefined)[]) {
  const unitIds = [...new Set(jobs.flatMap((j) => (j ? [j.unitId] : [])))];
  const positionIds = [...new Set(jobs.flatMap((j) => (j?.positionId ? [j.positionId] : [])))];
  const managerIds = [...new Set(jobs.flatMap((j) => (j?.managerId ? [j.managerId] : [])))];
  const [u, p, m] = await Promise.all([
    unitIds.length
      ? db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, unitIds))
      : [],
    positionIds.length
      ? db.select({ id: positions.id, name: positions.name }).from(positions).where(inArray(positions.id, positionIds))
      : [],
    managerIds.length
      ? db.select({ id: employees.id, name: employees.name }).from(employees).where(inArray(employees.id, managerIds))
      : [],
  ]);
  return {
    unit: new Map(u.map((r) => [r.id, r.name])),
    position: new Map(p.map((r) => [r.id, r.name])),
    manager: new Map(m.map((r) => [r.id, r.name])),
  };
}

export function snapshot(job: Job | null | undefined, names: Awaited<ReturnType<typeof namesOf>>): JobSnapshot | null {
  if (!job) return null;
  const ref = (id: string | null, map: Map<string, string>) => (id ? { id, name: map.get(id) ?? '' } : null);
  return {
    unit: ref(job.unitId, names.unit),
    position: ref(job.positionId, names.position),
    manager: ref(job.managerId, names.manager),
  };
}

/**
 * The organization's city for the severance cap: the one city the organization keeps its own average wages for
 * (Settings → calculators). Several cities or none: unknown, so no figure is shown rather than a wrong one.
 */
async function orgCity(db: DbOrTx, orgId: string): Promise<string | null> {
  const rows = await queryRows<{ city: string }>(
    db,
    sql`select distinct city from city_average_wages where org_id = ${orgId} limit 2`,
  );
  return rows.length === 1 ? rows[0].city : null;
}

/** The severance calculator's figures for a termination with a monthly wage, or null when they cannot be known. */
export async function severanceOf(
  db: DbOrTx,
  orgId: string,
  action: Pick<ActionRow, 'kind' | 'details' | 'effectiveDate'>,
  hireDate: string,
  locale: Locale,
): Promise<EmploymentAction['severance']> {
  if (action.kind !== 'termination') return null;
  const d = action.details as TerminationDetails;
  if (d.severance) return d.severance;
  if (!d.monthlyWage) return null;
  const city = d.city ?? (await orgCity(db, orgId));
  if (!city) return null;
  try {
    const r = await calculateSeveranceFor(
      { db: db as never },
      orgId,
      {
        monthlyWage: d.monthlyWage,
        startDate: hireDate,
        endDate: action.effectiveDate,
        ground: d.ground,
        city,
        noticeGiven: d.ground === 'art40_2' ? d.noticeMode === 'notice_30_days' : undefined,
      },
      locale,
    );
    return { severance: r.severance, noticePay: r.noticePay, monthsOfPay: r.monthsOfPay, base: r.base };
  } catch (err) {
    if (err instanceof AppError) return null;
    throw err;
  }
}

async function selectActions(db: DbOrTx, where: SQL | undefined) {
  return db
    .select({
      action: employmentActions,
      employeeName: employees.name,
      employeeNo: employees.employeeNo,
      hireDate: employees.hireDate,
      unitId: employees.unitId,
      createdByName: users.username,
    })
    .from(employmentActions)
    .innerJoin(employees, eq(employees.id, employmentActions.employeeId))
    .leftJoin(users, eq(users.id, employmentActions.createdBy))
    .where(where)
    .orderBy(desc(employmentActions.createdAt), desc(employmentActions.id));
}
type Listed = Awaited<ReturnType<typeof selectActions>>[number];

async function present(db: DbOrTx, ctx: ActionCtx, r: Listed, locale: Locale): Promise<EmploymentAction> {
  const a = r.action;
  const status = a.status as EmploymentActionStatus;
  const chain = a.chain as ApprovalRole[];
  const decided = await decisionsOf(db, a.id);
  const byStep = new Map(decided.map((d) => [d.a.step, d]));
  const approvals = chain.map((role, step) => {
    const d = byStep.get(step);
    const state: EmploymentAction['approvals'][number]['state'] = d
      ? (d.a.decision as 'approved' | 'rejected')
      : status === 'pending_approval'
        ? step === a.currentStep
          ? 'pending'
          : 'waiting'
        : status === 'draft'
          ? 'waiting'
          : 'skipped';
    return {
      step,
      role,
      state,
      decidedBy: d?.username ?? null,
      decidedAt: d?.a.decidedAt.toISOString() ?? null,
      comment: d?.a.comment ?? null,
    };
  });
  let from: JobSnapshot | null = null;
  let to: JobSnapshot | null = null;
  if (isJobChange(a.kind)) {
    const d = a.details as JobChangeDetails;
    const names = await namesOf(db, [d.from, d.to]);
    from = snapshot(d.from, names);
    to = snapshot(d.to, names);
  }
  const seesFiles = ctx.scope.kind !== 'self' && !(ctx.auth.employeeId && ctx.auth.employeeId === a.employeeId);
  const files = seesFiles
    ? await db
        .select({ f: employmentActionFiles, username: users.username })
        .from(employmentActionFiles)
        .leftJoin(users, eq(users.id, employmentActionFiles.uploadedBy))
        .where(eq(employmentActionFiles.actionId, a.id))
        .orderBy(employmentActionFiles.uploadedAt)
    : [];
  const refusal = decisionRefusal(
    ctx,
    a,
    r.unitId,
    decided.map((d) => d.a.decidedBy),
  );
  return {
    id: a.id,
    kind: a.kind as EmploymentActionKind,
    status,
    employee: { id: a.employeeId, name: r.employeeName, employeeNo: r.employeeNo, hireDate: r.hireDate },
    effectiveDate: a.effectiveDate,
    reason: a.reason,
    details: a.details as Record<string, unknown>,
    from,
    to,
    planId: a.planId,
    alertId: a.alertId,
    poolEntryId: a.poolEntryId,
    approvals,
    canDecide: refusal === null,
    documents: availableDocuments(a),
    files: files.map(({ f, username }) => ({
      id: f.id,
      purpose: f.purpose,
      fileName: f.fileName,
      size: f.size,
      uploadedAt: f.uploadedAt.toISOString(),
      uploadedBy: username ?? null,
    })),
    chain: a.kind === 'termination' ? await loadTerminationChain(db, a.orgId, a, locale, ctx.today) : null,
    severance: await severanceOf(db, a.orgId, a, r.hireDate, locale),
    createdBy: r.createdByName ?? null,
    createdAt: a.createdAt.toISOString(),
    submittedAt: a.submittedAt?.toISOString() ?? null,
    appliedAt: a.appliedAt?.toISOString() ?? null,
    cancelReason: a.cancelReason,
    version: a.version,
  };
}

/** Actions in the caller's scope, newest first, optionally filtered; awaitingMe keeps those the caller can decide. */
export async function findActions(
  db: DbOrTx,
  ctx: ActionCtx,
  query: {
    employeeId?: string;
    kind?: EmploymentActionKind;
    status?: EmploymentActionStatus;
    awaitingMe?: boolean;
  },
  locale: Locale,
): Promise<EmploymentAction[]> {
  const rows = await selectActions(
    db,
    and(
      actionVisibility(ctx.scope),
      query.employeeId ? eq(employmentActions.employeeId, query.employeeId) : undefined,
      query.kind ? eq(employmentActions.kind, query.kind) : undefined,
      query.awaitingMe ? eq(employmentActions.status, 'pending_approval') : undefined,
      query.status ? eq(employmentActions.status, query.status) : undefined,
    ),
  );
  const out: EmploymentAction[] = [];
  for (const r of rows) {
    if (query.awaitingMe) {
      const deciders = (await decisionsOf(db, r.action.id)).map((d) => d.a.decidedBy);
      if (decisionRefusal(ctx, r.action, r.unitId, deciders) !== null) continue;
    }
    out.push(await present(db, ctx, r, locale));
  }
  return out;
}

/** One action (404 outside the scope). */
export async function getAction(db: DbOrTx, ctx: ActionCtx, id: string, locale: Locale): Promise<EmploymentAction> {
  const [row] = await selectActions(db, and(actionVisibility(ctx.scope), eq(employmentActions.id, id)));
  if (!row) return fail('EMPLOYMENT_ACTION_NOT_FOUND');
  return present(db, ctx, row, locale);
}
