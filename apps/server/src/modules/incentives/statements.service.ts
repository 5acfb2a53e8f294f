import type { CommissionPlanView, CommissionStatement, Locale } from '@stride/contracts';
import { type CommissionTier, computeCommission } from '@stride/domain';
import Decimal from 'decimal.js';
import { sql } from 'drizzle-orm';
import { type Db, type DbOrTx, queryRows } from '../../db/client';
import { fail } from '../../lib/errors';
import { employeeVisibility } from '../access/scope';
import { auditExport } from '../audit/audit.service';
import { periodStartOf } from '../metrics/periods';
import { workbookOf } from '../reviews/calibration.service';
import { periodEndOf } from '../reviews/cycles.service';
import type { IncentiveCtx } from './context';
import { getPlanRow, presentPlan } from './plans.service';

interface PersonFigures {
  id: string;
  name: string;
  employee_no: string;
  unit_name: string;
  value: string | null;
  refunds: string;
  target: string | null;
}

/**
 * The people a plan covers in a period (in the caller's scope): employed at some point of the period, in the
 * plan's positions, with their metric value, refunds recorded in the period and agreed target.
 */
async function figures(
  db: DbOrTx,
  ctx: IncentiveCtx,
  plan: CommissionPlanView,
  start: string,
  end: string,
  who?: string,
) {
  const positionIds = plan.positionIds;
  return queryRows<PersonFigures>(
    db,
    sql`select employees.id::text, employees.name, employees.employee_no, u.name as unit_name,
          mv.value::text as value,
          coalesce(r.refunds, 0)::text as refunds,
          t.value::text as target
        from employees
        join org_units u on u.id = employees.unit_id
        -- Refunds of the period in one pass (not a lookup per person).
        left join (
          select a.employee_id, sum(a.amount) as refunds from activities a
          where a.org_id = ${ctx.auth.orgId} and a.type = 'refund' and not a.is_voided
            and a.local_date between ${start}::date and ${end}::date
          group by a.employee_id
        ) r on r.employee_id = employees.id
        left join metric_values mv on mv.org_id = employees.org_id and mv.employee_id = employees.id and mv.metric_key = ${plan.metricKey}
          and mv.period_type = ${plan.periodType} and mv.period_start = ${start}::date
        left join targets t on t.org_id = employees.org_id and t.employee_id = employees.id and t.metric_key = ${plan.metricKey}
          and t.period_type = ${plan.periodType} and t.period_start = ${start}::date and t.status = 'agreed'
        where ${employeeVisibility(ctx.scope)} and employees.hire_date <= ${end}::date
          and (employees.exit_date is null or employees.exit_date >= ${start}::date)
          ${
            positionIds.length
              ? sql`and employees.position_id in (${sql.join(
                  positionIds.map((p) => sql`${p}::uuid`),
                  sql`, `,
                )})`
              : sql``
          }
          ${who ? sql`and employees.id = ${who}::uuid` : sql``}
        order by u.name, employees.employee_no`,
  );
}

function statementOf(plan: CommissionPlanView, start: string, end: string, p: PersonFigures): CommissionStatement {
  const value = new Decimal(p.value ?? '0');
  const refunds = new Decimal(p.refunds);
  // Collections are stored net of refunds; the statement starts from the gross and shows the clawback.
  const gross = plan.metricKey === 'collections' ? value.plus(refunds) : value;
  const out = computeCommission({
    rule: {
      basis: plan.basis,
      tiers: plan.tiers as CommissionTier[],
      accelerator: plan.accelerator,
      clawback: plan.clawback,
    },
    gross: gross.toString(),
    refunds: refunds.toString(),
    target: p.target,
  });
  const head = {
    planId: plan.id,
    planName: plan.name,
    metricKey: plan.metricKey,
    basis: plan.basis,
    periodType: plan.periodType,
    periodStart: start,
    periodEnd: end,
    employee: { id: p.id, name: p.name, employeeNo: p.employee_no },
    unitName: p.unit_name,
    accelerator: plan.accelerator,
  };
  if (!out.ok)
    return {
      ...head,
      status: 'NO_TARGET',
      gross: gross.toFixed(2),
      refunds: plan.clawback ? refunds.toFixed(2) : '0.00',
      base: '0.00',
      target: null,
      attainment: null,
      lines: [],
      acceleratorExtra: '0.00',
      clawback: '0.00',
      total: '0.00',
    };
  return {
    ...head,
    status: 'ok',
    gross: out.gross,
    refunds: out.refunds,
    base: out.base,
    target: out.target,
    attainment: out.attainment,
    lines: out.lines,
    acceleratorExtra: out.acceleratorExtra,
    clawback: out.clawback,
    total: out.total,
  };
}

async function planPeriod(db: DbOrTx, ctx: IncentiveCtx, planId: string, periodStart: string) {
  const plan = presentPlan(await getPlanRow(db, ctx.auth.orgId, planId));
  if (periodStartOf(plan.periodType, periodStart) !== periodStart)
    fail('VALIDATION_FAILED', [{ field: 'periodStart', code: 'PERIOD_START_NOT_ALIGNED' }]);
  return { plan, end: periodEndOf(plan.periodType, periodStart) };
}

/** Statements of every person the plan covers in the caller's scope (an employee: their own). */
export async function listStatements(db: DbOrTx, ctx: IncentiveCtx, planId: string, periodStart: string) {
  const { plan, end } = await planPeriod(db, ctx, planId, periodStart);
  const items = (await figures(db, ctx, plan, periodStart, end)).map((p) => statementOf(plan, periodStart, end, p));
  const total = items.reduce((s, i) => s.plus(i.total), new Decimal(0)).toFixed(2);
  return { plan, periodStart, periodEnd: end, items, total };
}

/** One person's statement; someone outside the caller's scope or the plan is answered like a missing one. */
export async function getStatement(
  db: DbOrTx,
  ctx: IncentiveCtx,
  planId: string,
  periodStart: string,
  employeeId: string,
) {
  const { plan, end } = await planPeriod(db, ctx, planId, periodStart);
  const [p] = await figures(db, ctx, plan, periodStart, end, employeeId);
  if (!p) fail('EMPLOYEE_NOT_FOUND');
  return statementOf(plan, periodStart, end, p);
}

/** A line in words: "band 100,000–200,000 × 3% = 600.00" (marginal: only the part inside the band). */
export function explainStatement(s: CommissionStatement, locale: Locale): string {
  const zh = locale === 'zh-CN';
  if (s.status === 'NO_TARGET')
    return zh ? '无已确认的目标，按达成率计提无法计算' : 'No agreed target: attainment tiers cannot apply';
  const parts = s.lines
    .filter((l) => l.portion !== '0.00')
    .map(
      (l) =>
        `${l.amountFrom}–${l.amountTo ?? '∞'}: ${l.portion} × ${l.rate}%${l.multiplier !== '1' ? ` × ${l.multiplier}` : ''} = ${l.amount}`,
    );
  if (s.clawback !== '0.00') parts.push(zh ? `退款冲回 −${s.clawback}` : `clawback −${s.clawback}`);
  return parts.join('; ');
}

/** The statements of a period in the caller's scope as a spreadsheet for payroll; the download is audited. */
export async function statementsWorkbook(
  db: Db,
  ctx: IncentiveCtx,
  planId: string,
  periodStart: string,
  locale: Locale,
) {
  const list = await listStatements(db, ctx, planId, periodStart);
  const zh = locale === 'zh-CN';
  const headers = zh
    ? ['工号', '姓名', '部门', '方案', '期间', '业绩额', '退款', '计提基数', '目标', '达成率%', '提成金额', '计算说明']
    : [
        'Employee no.',
        'Name',
        'Unit',
        'Plan',
        'Period',
        'Gross',
        'Refunds',
        'Base',
        'Target',
        'Attainment %',
        'Commission',
        'Explanation',
      ];
  const period = `${list.periodStart}~${list.periodEnd}`;
  const buffer = await workbookOf(
    zh ? '提成明细' : 'Commission',
    headers,
    list.items.map((s) => [
      s.employee.employeeNo,
      s.employee.name,
      s.unitName,
      s.planName,
      period,
      Number(s.gross),
      Number(s.refunds),
      Number(s.base),
      s.target === null ? '' : Number(s.target),
      s.attainment === null ? '' : Number(s.attainment),
      Number(s.total),
      explainStatement(s, locale),
    ]),
  );
  await auditExport(
    db,
    ctx.actor,
    {
      action: 'commission_plan.statements_exported',
      entityType: 'commission_plan',
      entityId: list.plan.id,
      after: { rows: list.items.length, periodStart: list.periodStart },
    },
    ctx.now,
  );
  return { buffer, filename: `${zh ? '提成明细' : 'commission'}-${list.plan.name}-${periodStart.slice(0, 7)}.xlsx` };
}
