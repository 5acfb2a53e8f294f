import type { BonusLineView, BonusRunView, Locale } from '@stride/contracts';
import { computeBonus } from '@stride/domain';
import Decimal from 'decimal.js';
import { and, eq, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, queryRows } from '../../db/client';
import { bonusLines, bonusRuns, reviewCycles } from '../../db/schema';
import { fail } from '../../lib/errors';
import { employeeVisibility } from '../access/scope';
import { appendAudit, auditExport } from '../audit/audit.service';
import { workbookOf } from '../reviews/calibration.service';
import { type IncentiveCtx, isHr } from './context';
import { getSchemeRow, presentScheme } from './schemes.service';

interface ParticipantRow {
  employee_id: string;
  unit_id: string;
  grade: string | null;
  value: string | null;
  target: string | null;
}

/**
 * Runs a scheme on a published or closed review cycle: one line per participant (in the scheme's positions)
 * with base × coefficient(grade) [× attainment factor]. Re-running a draft replaces its lines; an approved run
 * is never touched again.
 */
export async function runBonus(db: Db, ctx: IncentiveCtx, schemeId: string, cycleId: string) {
  const orgId = ctx.auth.orgId;
  return db.transaction(async (tx) => {
    const scheme = presentScheme(await getSchemeRow(tx, orgId, schemeId));
    const [cycle] = await tx
      .select()
      .from(reviewCycles)
      .where(and(eq(reviewCycles.id, cycleId), eq(reviewCycles.orgId, orgId)));
    if (!cycle) fail('REVIEW_CYCLE_NOT_FOUND');
    if (cycle.stage !== 'published' && cycle.stage !== 'closed') fail('BONUS_CYCLE_NOT_PUBLISHED');
    const grades = ((cycle.gradeScale as { bands?: { grade: string }[] } | null)?.bands ?? []).map((b) => b.grade);
    const missing = grades.filter((g) => scheme.coefficients[g] === undefined);
    if (missing.length)
      fail(
        'BONUS_SCHEME_GRADES_MISMATCH',
        missing.map((g) => ({ field: `coefficients.${g}`, code: 'GRADE_WITHOUT_COEFFICIENT' })),
      );
    // Two runs of the same scheme and cycle at once (a double click, two HR tabs) are serialized here, so the
    // second finds the first's run and replaces it instead of colliding on the unique index with a 500.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`bonus-run:${schemeId}:${cycleId}`}, 0))`);
    const [existing] = await tx
      .select()
      .from(bonusRuns)
      .where(and(eq(bonusRuns.schemeId, schemeId), eq(bonusRuns.cycleId, cycleId)))
      .for('update');
    if (existing?.status === 'approved') fail('BONUS_RUN_APPROVED');

    const metric = scheme.attainment?.metricKey ?? null;
    const people = await queryRows<ParticipantRow>(
      tx,
      sql`select p.employee_id::text, p.unit_id::text, p.grade,
            mv.value::text as value, t.value::text as target
          from review_participants p
          left join metric_values mv on ${metric !== null} and mv.org_id = p.org_id and mv.employee_id = p.employee_id
            and mv.metric_key = ${metric} and mv.period_type = ${cycle.periodType} and mv.period_start = ${cycle.periodStart}::date
          left join targets t on ${metric !== null} and t.org_id = p.org_id and t.employee_id = p.employee_id
            and t.metric_key = ${metric} and t.period_type = ${cycle.periodType}
            and t.period_start = ${cycle.periodStart}::date and t.status = 'agreed'
          where p.cycle_id = ${cycleId}
            ${
              scheme.positionIds.length
                ? sql`and p.position_id in (${sql.join(
                    scheme.positionIds.map((p) => sql`${p}::uuid`),
                    sql`, `,
                  )})`
                : sql``
            }`,
    );
    const overrides = new Map(scheme.baseOverrides.map((o) => [o.employeeId, o.base]));
    const snapshot = { ...scheme };
    let runId: string;
    let version: number;
    if (existing) {
      await tx.delete(bonusLines).where(eq(bonusLines.runId, existing.id));
      const [row] = await tx
        .update(bonusRuns)
        .set({
          schemeSnapshot: snapshot,
          version: existing.version + 1,
          createdBy: ctx.auth.userId,
          updatedAt: ctx.now,
        })
        .where(eq(bonusRuns.id, existing.id))
        .returning();
      runId = row.id;
      version = row.version;
    } else {
      const [row] = await tx
        .insert(bonusRuns)
        .values({
          orgId,
          schemeId,
          cycleId,
          schemeSnapshot: snapshot,
          createdBy: ctx.auth.userId,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .returning();
      runId = row.id;
      version = row.version;
    }
    const lines = people.map((p) => {
      const base = overrides.get(p.employee_id) ?? scheme.defaultBase;
      const attainment =
        scheme.attainment && p.target !== null && new Decimal(p.target).gt(0)
          ? new Decimal(p.value ?? 0).div(p.target).times(100).toFixed(2, Decimal.ROUND_HALF_UP)
          : null;
      const out = computeBonus({
        base,
        grade: p.grade,
        coefficients: scheme.coefficients,
        attainment: scheme.attainment
          ? { bands: scheme.attainment.bands, cap: scheme.attainment.cap, value: attainment }
          : null,
      });
      return {
        orgId,
        runId,
        employeeId: p.employee_id,
        unitId: p.unit_id,
        grade: p.grade,
        base: new Decimal(base).toFixed(2),
        coefficient: p.grade ? (scheme.coefficients[p.grade] ?? null) : null,
        attainment,
        factor: out.ok ? out.factor : null,
        amount: out.ok ? out.amount : null,
        status: out.ok ? 'ok' : out.reason,
      };
    });
    if (lines.length) await tx.insert(bonusLines).values(lines);
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: existing ? 'bonus_run.rerun' : 'bonus_run.created',
        entityType: 'bonus_run',
        entityId: runId,
        after: { schemeId, cycleId, lines: lines.length, version },
      },
      ctx.now,
    );
    return runId;
  });
}

interface RunRow {
  id: string;
  scheme_id: string;
  scheme_name: string;
  cycle_id: string;
  cycle_name: string;
  period_start: string;
  period_end: string;
  status: 'draft' | 'approved';
  approved_at: string | null;
  version: number;
  created_at: string;
  line_count: number;
  total: string;
}

/** Runs with the lines the caller may see; employees see approved runs holding their own line only. */
async function findRuns(db: DbOrTx, ctx: IncentiveCtx, where: ReturnType<typeof sql>) {
  const isEmployee = ctx.scope.kind === 'self';
  return queryRows<RunRow>(
    db,
    sql`select r.id::text, r.scheme_id::text, r.scheme_snapshot->>'name' as scheme_name, r.cycle_id::text,
          c.name as cycle_name, c.period_start::text, c.period_end::text, r.status,
          to_char(r.approved_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as approved_at, r.version,
          to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at,
          count(employees.id)::int as line_count, coalesce(sum(l.amount), 0)::numeric(18,2)::text as total
        from bonus_runs r
        join review_cycles c on c.id = r.cycle_id
        left join bonus_lines l on l.run_id = r.id
        left join employees on employees.id = l.employee_id and ${employeeVisibility(ctx.scope)}
        where r.org_id = ${ctx.auth.orgId} and ${where}
          and (employees.id is not null or l.id is null)
          ${isEmployee ? sql`and r.status = 'approved'` : sql``}
        group by r.id, c.id
        ${isEmployee ? sql`having count(employees.id) > 0` : sql``}
        order by c.period_start desc, r.created_at desc`,
  );
}

const presentRun = (r: RunRow): BonusRunView => ({
  id: r.id,
  scheme: { id: r.scheme_id, name: r.scheme_name },
  cycle: { id: r.cycle_id, name: r.cycle_name, periodStart: r.period_start, periodEnd: r.period_end },
  status: r.status,
  approvedAt: r.approved_at,
  version: r.version,
  createdAt: r.created_at,
  lineCount: r.line_count,
  total: r.total,
});

export async function listRuns(db: DbOrTx, ctx: IncentiveCtx) {
  return (await findRuns(db, ctx, sql`true`)).map(presentRun);
}

export async function getRun(db: DbOrTx, ctx: IncentiveCtx, id: string) {
  const [row] = await findRuns(db, ctx, sql`r.id = ${id}::uuid`);
  if (!row) fail('BONUS_RUN_NOT_FOUND');
  return presentRun(row);
}

export function explainLine(l: Omit<BonusLineView, 'explanation'>, locale: Locale): string {
  const zh = locale === 'zh-CN';
  if (l.status === 'NO_GRADE') return zh ? '无绩效等级，未计算' : 'No grade: not computed';
  if (l.status === 'GRADE_NOT_IN_SCHEME')
    return zh ? `等级 ${l.grade} 无系数，未计算` : `No coefficient for ${l.grade}`;
  if (l.status === 'NO_TARGET')
    return zh ? '无已确认的目标，达成率系数无法确定' : 'No agreed target: no attainment factor';
  const factor =
    l.factor === null
      ? ''
      : zh
        ? ` × 达成率系数 ${l.factor}（达成率 ${l.attainment}%）`
        : ` × attainment factor ${l.factor} (attainment ${l.attainment}%)`;
  return zh
    ? `基数 ${l.base} × 绩效系数 ${l.coefficient}（${l.grade}）${factor} = ${l.amount}`
    : `base ${l.base} × coefficient ${l.coefficient} (${l.grade})${factor} = ${l.amount}`;
}

export async function runLines(db: DbOrTx, ctx: IncentiveCtx, runId: string, locale: Locale): Promise<BonusLineView[]> {
  const rows = await queryRows<{
    id: string;
    name: string;
    employee_no: string;
    unit_name: string;
    grade: string | null;
    base: string;
    coefficient: string | null;
    attainment: string | null;
    factor: string | null;
    amount: string | null;
    status: BonusLineView['status'];
  }>(
    db,
    sql`select employees.id::text, employees.name, employees.employee_no, u.name as unit_name, l.grade, l.base::text,
          l.coefficient::float8::text as coefficient, l.attainment::text, l.factor::float8::text as factor,
          l.amount::text, l.status
        from bonus_lines l
        join employees on employees.id = l.employee_id
        join org_units u on u.id = l.unit_id
        where l.run_id = ${runId}::uuid and ${employeeVisibility(ctx.scope)}
        order by u.name, employees.employee_no`,
  );
  return rows.map((r) => {
    const line = {
      employee: { id: r.id, name: r.name, employeeNo: r.employee_no },
      unitName: r.unit_name,
      grade: r.grade,
      base: r.base,
      coefficient: r.coefficient,
      attainment: r.attainment,
      factor: r.factor,
      amount: r.amount,
      status: r.status,
    };
    return { ...line, explanation: explainLine(line, locale) };
  });
}

export async function approveRun(db: Db, ctx: IncentiveCtx, id: string, version: number) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(bonusRuns)
      .where(and(eq(bonusRuns.id, id), eq(bonusRuns.orgId, ctx.auth.orgId)))
      .for('update');
    if (!row) fail('BONUS_RUN_NOT_FOUND');
    if (row.status === 'approved') fail('BONUS_RUN_APPROVED');
    if (row.version !== version) fail('BONUS_RUN_VERSION_CONFLICT');
    await tx
      .update(bonusRuns)
      .set({
        status: 'approved',
        approvedBy: ctx.auth.userId,
        approvedAt: ctx.now,
        version: row.version + 1,
        updatedAt: ctx.now,
      })
      .where(eq(bonusRuns.id, id));
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'bonus_run.approved',
        entityType: 'bonus_run',
        entityId: id,
        before: { status: 'draft' },
        after: { status: 'approved' },
      },
      ctx.now,
    );
  });
}

/** The approved run for payroll: one row per person with an amount (employee number, amount, period, scheme). */
export async function payrollFile(db: Db, ctx: IncentiveCtx, id: string, locale: Locale, format: 'xlsx' | 'csv') {
  if (!isHr(ctx)) fail('BONUS_RUN_NOT_FOUND');
  const run = await getRun(db, ctx, id);
  if (run.status !== 'approved') fail('BONUS_RUN_NOT_APPROVED');
  const lines = (await runLines(db, ctx, id, locale)).filter((l) => l.amount !== null);
  const zh = locale === 'zh-CN';
  const headers = zh
    ? ['工号', '姓名', '奖金金额', '期间', '奖金方案']
    : ['Employee no.', 'Name', 'Amount', 'Period', 'Scheme'];
  const period = `${run.cycle.periodStart}~${run.cycle.periodEnd}`;
  const rows = lines.map((l) => [l.employee.employeeNo, l.employee.name, l.amount, period, run.scheme.name]);
  const stem = `${zh ? '绩效奖金' : 'bonus'}-${run.scheme.name}-${run.cycle.periodStart.slice(0, 7)}`;
  // People's bonus amounts leave Stride as a file: recorded before it is sent.
  await auditExport(
    db,
    ctx.actor,
    {
      action: 'bonus_run.payroll_exported',
      entityType: 'bonus_run',
      entityId: id,
      after: { rows: rows.length, format, periodStart: run.cycle.periodStart },
    },
    ctx.now,
  );
  if (format === 'csv') {
    const esc = (v: unknown) => {
      const s = String(v ?? '');
      // A leading =, +, - or @ would run as a formula in a spreadsheet; amounts are plain digits.
      const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
      return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
    };
    const text = [headers, ...rows].map((r) => r.map(esc).join(',')).join('\r\n');
    return {
      buffer: Buffer.from(`\uFEFF${text}\r\n`, 'utf8'),
      filename: `${stem}.csv`,
      type: 'text/csv; charset=utf-8',
    };
  }
  const buffer = await workbookOf(
    zh ? '绩效奖金' : 'Bonus',
    headers,
    rows.map((r) => [r[0], r[1], Number(r[2]), r[3], r[4]]),
  );
  return { buffer, filename: `${stem}.xlsx`, type: 'xlsx' as const };
}
