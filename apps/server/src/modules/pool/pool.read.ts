import {
  type Locale,
  type OptimizationReason,
  type PoolDecision,
  type PoolEntryView,
  type PoolPeriodType,
  type PoolReason,
  type PoolSummary,
  type PoolTrendPoint,
  poolPolicy,
  type SuggestedStep,
  type SuggestionReason,
} from '@stride/contracts';
import { type SQL, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, queryRows } from '../../db/client';
import { employees } from '../../db/schema';
import { fail } from '../../lib/errors';
import type { AuthContext } from '../../lib/http';
import { employeeVisibility, type Scope } from '../access/scope';
import { type AuditActor, auditExport } from '../audit/audit.service';
import { workbookOf } from '../reviews/calibration.service';
import { describeReason, labels } from './pool.messages';
import { isExitReviewAllowed, periodEndOf } from './pool.rules';
import { DEFAULT_POOL_SETTINGS } from './settings.service';

export interface PoolCtx {
  auth: AuthContext;
  actor: AuditActor;
  scope: Scope;
  today: string;
  now: Date;
}

/**
 * The people of pool entries a caller may see, as a condition on `employees`: admin and hr the organization, a
 * manager the people of the units they lead — never their own entry. Employees are refused by the routes.
 */
export function entryVisibility(ctx: PoolCtx): SQL {
  const base = employeeVisibility(ctx.scope);
  if (ctx.scope.kind !== 'org' && ctx.auth.employeeId)
    return sql`(${base} and ${employees.id} <> ${ctx.auth.employeeId})`;
  return base;
}

interface SummaryRow {
  id: string;
  period_type: PoolPeriodType;
  period_start: string;
  policy: unknown;
  built_at: string | Date;
  entries: number;
  listed: number;
  decided: number;
}

const presentSummary = (r: SummaryRow): PoolSummary => {
  const policy = poolPolicy.safeParse(r.policy);
  return {
    id: r.id,
    periodType: r.period_type,
    periodStart: r.period_start,
    periodEnd: periodEndOf(r.period_start, r.period_type),
    builtAt: new Date(r.built_at).toISOString(),
    policy: policy.success ? policy.data : DEFAULT_POOL_SETTINGS.policy,
    entries: r.entries,
    optimizationList: r.listed,
    decided: r.decided,
  };
};

async function summaries(db: DbOrTx, ctx: PoolCtx, where: SQL): Promise<PoolSummary[]> {
  const rows = await queryRows<SummaryRow>(
    db,
    sql`select p.id::text, p.period_type, p.period_start::text, p.policy, p.built_at,
          count(employees.id)::int as entries,
          (count(employees.id) filter (where pe.on_optimization_list))::int as listed,
          (count(employees.id) filter (where pe.decision is not null))::int as decided
        from low_performer_pools p
        left join pool_entries pe on pe.pool_id = p.id
        left join employees on employees.id = pe.employee_id and ${entryVisibility(ctx)}
        where p.org_id = ${ctx.auth.orgId} and ${where}
        group by p.id
        order by p.period_start desc, p.period_type`,
  );
  return rows.map(presentSummary);
}

/** Pools of the organization, newest first, with counts within the caller's scope. */
export const listPools = (db: DbOrTx, ctx: PoolCtx) => summaries(db, ctx, sql`true`);

/** One pool of the caller's organization; another organization's answers like a missing one. */
export async function getPool(db: DbOrTx, ctx: PoolCtx, id: string): Promise<PoolSummary> {
  const [pool] = await summaries(db, ctx, sql`p.id = ${id}`);
  return pool ?? fail('POOL_NOT_FOUND');
}

interface EntryRow {
  id: string;
  pool_id: string;
  period_start: string;
  employee_id: string;
  employee_name: string;
  employee_no: string;
  unit_id: string;
  unit_name: string | null;
  reasons: PoolReason[];
  trend: PoolTrendPoint[];
  occurrence: number;
  suggested_step: SuggestedStep;
  suggestion_reason: SuggestionReason;
  on_optimization_list: boolean;
  optimization_reason: OptimizationReason | null;
  decision: PoolDecision | null;
  decision_note: string | null;
  decided_by: string | null;
  decided_at: string | Date | null;
  version: number;
}

const STEP_ORDER = sql`case pe.suggested_step when 'transfer_or_exit_review' then 3 when 'improvement_plan' then 2 else 1 end`;

/** Entries in the caller's scope: the optimization list first, then the strongest suggestion, then repeats. */
export async function findEntries(db: DbOrTx, ctx: PoolCtx, where: SQL): Promise<PoolEntryView[]> {
  const rows = await queryRows<EntryRow>(
    db,
    sql`select pe.id::text, pe.pool_id::text, p.period_start::text, pe.employee_id::text,
          employees.name as employee_name, employees.employee_no, pe.unit_id::text, u.name as unit_name,
          pe.reasons, pe.trend, pe.occurrence, pe.suggested_step, pe.suggestion_reason, pe.on_optimization_list,
          pe.optimization_reason, pe.decision, pe.decision_note, coalesce(de.name, us.username) as decided_by,
          pe.decided_at, pe.version
        from pool_entries pe
        join low_performer_pools p on p.id = pe.pool_id
        join employees on employees.id = pe.employee_id
        left join org_units u on u.id = pe.unit_id
        left join users us on us.id = pe.decided_by
        left join employees de on de.id = us.employee_id
        where p.org_id = ${ctx.auth.orgId} and ${entryVisibility(ctx)} and ${where}
        order by pe.on_optimization_list desc, ${STEP_ORDER} desc, pe.occurrence desc, employees.employee_no`,
  );
  return rows.map((r) => ({
    id: r.id,
    poolId: r.pool_id,
    periodStart: r.period_start,
    employee: { id: r.employee_id, name: r.employee_name, employeeNo: r.employee_no },
    unit: { id: r.unit_id, name: r.unit_name ?? '' },
    reasons: r.reasons,
    trend: r.trend,
    occurrence: r.occurrence,
    suggestedStep: r.suggested_step,
    suggestionReason: r.suggestion_reason,
    onOptimizationList: r.on_optimization_list,
    optimizationReason: r.optimization_reason,
    decision: r.decision,
    decisionNote: r.decision_note,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
    version: r.version,
    canDecide: r.employee_id !== ctx.auth.employeeId,
    exitReviewAllowed: isExitReviewAllowed({
      suggestedStep: r.suggested_step,
      onOptimizationList: r.on_optimization_list,
    }),
  }));
}

export async function getPoolDetail(db: DbOrTx, ctx: PoolCtx, id: string) {
  const pool = await getPool(db, ctx, id);
  return { ...pool, items: await findEntries(db, ctx, sql`pe.pool_id = ${id}`) };
}

/** The optimization list of a pool (the latest when none is named), within the caller's scope. */
export async function getOptimizationList(db: DbOrTx, ctx: PoolCtx, poolId: string | undefined) {
  const pool = poolId ? await getPool(db, ctx, poolId) : ((await listPools(db, ctx))[0] ?? null);
  if (!pool) return { pool: null, items: [] };
  return { pool, items: await findEntries(db, ctx, sql`pe.pool_id = ${pool.id} and pe.on_optimization_list`) };
}

/** The pool as a spreadsheet in the caller's language: the people in scope with reasons, suggestion and decision. */
export async function poolWorkbook(db: Db, ctx: PoolCtx, id: string, locale: Locale) {
  const pool = await getPool(db, ctx, id);
  const items = await findEntries(db, ctx, sql`pe.pool_id = ${id}`);
  const l = labels(locale);
  const rows = items.map((e) => [
    e.employee.employeeNo,
    e.employee.name,
    e.unit.name,
    e.reasons.map((r) => describeReason(r, locale)).join('；'),
    e.trend
      .map((p) => `${p.periodStart.slice(0, 7)} ${p.attainmentPct ?? '—'}%${p.grade ? ` ${p.grade}` : ''}`)
      .join(' → '),
    e.occurrence,
    l.steps[e.suggestedStep],
    l.rules[e.suggestionReason.rule],
    e.onOptimizationList ? l.yes : l.no,
    e.decision ? l.decisions[e.decision] : '',
    e.decisionNote ?? '',
    e.decidedBy ?? '',
    e.decidedAt ?? '',
  ]);
  const buffer = await workbookOf(l.sheet, l.headers, rows);
  await auditExport(
    db,
    ctx.actor,
    {
      action: 'low_performer_pool.exported',
      entityType: 'low_performer_pool',
      entityId: pool.id,
      after: { rows: rows.length, periodStart: pool.periodStart },
    },
    ctx.now,
  );
  return { buffer, filename: `${l.sheet}-${pool.periodStart.slice(0, 7)}.xlsx` };
}
