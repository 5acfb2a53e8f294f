import type { Locale, PersonResult, ReviewStage, TeamResult } from '@stride/contracts';
import { attribution, type ScoredCard } from '@stride/domain';
import Decimal from 'decimal.js';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, queryRows } from '../../db/client';
import { orgUnits, reviewAppeals, reviewParticipants, scorecardTemplates } from '../../db/schema';
import { auditExport } from '../audit/audit.service';
import { loadCatalog } from '../metrics/catalog.service';
import { distributionOf, ratingChangeList, workbookOf } from './calibration.service';
import { type CycleRow, getCycleRow, type ReviewCtx } from './context';
import { cardOf, getVisibleParticipant, participantRows, unitCondition } from './participants.service';
import type { CompactResult, FrozenScale, StoredInputs } from './scoring';

const mean = (xs: string[]) =>
  xs.length
    ? xs
        .reduce((a, x) => a.plus(x), new Decimal(0))
        .div(xs.length)
        .toFixed(2)
    : null;

/** Rank by total, best first (ties share the better rank), and percentile: share of the others scored lower. */
function rankIn(totals: string[], total: string) {
  const me = new Decimal(total);
  const higher = totals.filter((t) => new Decimal(t).gt(me)).length;
  const lower = totals.filter((t) => new Decimal(t).lt(me)).length;
  const n = totals.length;
  return { rank: higher + 1, of: n, percentile: n > 1 ? ((lower * 100) / (n - 1)).toFixed(1) : '100.0' };
}

export async function personResult(db: DbOrTx, ctx: ReviewCtx, id: string, locale: Locale): Promise<PersonResult> {
  const { participant, cycle } = await getVisibleParticipant(db, ctx, id);
  const { definition, card } = await cardOf(db, cycle, participant);
  // The team's results (for averages) and only the totals of the position's cohort (for the rank): a page
  // view of one person never reads the whole cycle.
  const team = await db
    .select({ total: reviewParticipants.total, result: reviewParticipants.result })
    .from(reviewParticipants)
    .where(and(eq(reviewParticipants.cycleId, cycle.id), eq(reviewParticipants.unitId, participant.unitId)));
  const cohort = await db
    .select({ total: reviewParticipants.total })
    .from(reviewParticipants)
    .where(
      and(
        eq(reviewParticipants.cycleId, cycle.id),
        participant.positionId
          ? eq(reviewParticipants.positionId, participant.positionId)
          : isNull(reviewParticipants.positionId),
      ),
    );
  const teamResults = team.map((p) => p.result as CompactResult);
  const catalog = await loadCatalog(db, cycle.orgId);
  const byKey = new Map(definition.dimensions.flatMap((d) => d.indicators.map((i) => [i.key, i] as const)));
  const nameOf = (key: string) => {
    const def = byKey.get(key);
    if (def?.name) return def.name;
    const metric = def?.kind === 'metric' && def.metricKey ? catalog.byKey.get(def.metricKey) : undefined;
    return metric?.names[locale] ?? null;
  };
  const missing = new Map(card.missing.map((m) => [m.indicator, m.reason]));
  const inputs = participant.inputs as StoredInputs;

  // The person's previous published result, for the change split into indicators.
  const [previous] = await queryRows<{ id: string; cycle_id: string }>(
    db,
    sql`select p.id::text as id, c.id::text as cycle_id from review_participants p join review_cycles c on c.id = p.cycle_id
        where p.employee_id = ${participant.employeeId} and c.id <> ${cycle.id} and c.period_start < ${cycle.periodStart}
          and c.stage in ('published', 'closed')
        order by c.period_start desc limit 1`,
  );
  let change: PersonResult['change'] = null;
  if (previous) {
    const [prevParticipant] = await db.select().from(reviewParticipants).where(eq(reviewParticipants.id, previous.id));
    const prevCycleRow = await getCycleRow(db, cycle.orgId, previous.cycle_id);
    const prev = await cardOf(db, prevCycleRow, prevParticipant);
    const split = attribution(prev.card as ScoredCard, card);
    if (split.ok)
      change = {
        previousCycle: { id: prevCycleRow.id, name: prevCycleRow.name },
        previousTotal: split.previousTotal,
        totalChange: split.totalChange,
        indicators: split.indicators.map((i) => ({
          key: i.key,
          name:
            nameOf(i.key) ??
            prev.definition.dimensions.flatMap((d) => d.indicators).find((x) => x.key === i.key)?.name ??
            null,
          presentIn: i.presentIn,
          scoreEffect: i.scoreEffect,
          weightEffect: i.weightEffect,
          contribution: i.contribution,
        })),
      };
  }
  const [template] = await db
    .select({ id: scorecardTemplates.id, name: scorecardTemplates.name })
    .from(scorecardTemplates)
    .where(eq(scorecardTemplates.id, participant.templateId));
  const [names] = await queryRows<{
    name: string;
    employee_no: string;
    unit_name: string;
    position_name: string | null;
  }>(
    db,
    sql`select e.name, e.employee_no, u.name as unit_name, pos.name as position_name
        from employees e join org_units u on u.id = ${participant.unitId}
        left join positions pos on pos.id = ${participant.positionId}
        where e.id = ${participant.employeeId}`,
  );
  const [appeal] = await db.select().from(reviewAppeals).where(eq(reviewAppeals.participantId, participant.id));
  const own = participant.employeeId === ctx.auth.employeeId;
  const awaiting = own && cycle.stage === 'published' && !participant.acknowledgedAt && !appeal;
  return {
    participantId: participant.id,
    cycle: {
      id: cycle.id,
      name: cycle.name,
      stage: cycle.stage as ReviewStage,
      periodType: cycle.periodType as PersonResult['cycle']['periodType'],
      periodStart: cycle.periodStart,
      periodEnd: cycle.periodEnd,
    },
    employee: { id: participant.employeeId, name: names.name, employeeNo: names.employee_no },
    unit: { id: participant.unitId, name: names.unit_name },
    position: participant.positionId ? { id: participant.positionId, name: names.position_name ?? '' } : null,
    tenureStage: participant.tenureStage as PersonResult['tenureStage'],
    template: { id: template.id, name: template.name, version: participant.templateVersion },
    total: card.total,
    maxTotal: card.maxTotal,
    computedGrade: participant.computedGrade,
    grade: participant.grade,
    bonusCoefficient: participant.bonusCoefficient,
    dimensions: card.dimensions.map((d) => ({
      ...d,
      name: definition.dimensions.find((x) => x.key === d.key)?.name ?? d.key,
      teamAverage: mean(teamResults.map((r) => r.d[d.key]).filter((x): x is string => x !== undefined)),
    })),
    indicators: card.indicators.map((s) => {
      const def = byKey.get(s.key);
      const metricKey = def?.kind === 'metric' ? (def.metricKey ?? null) : null;
      const personal = metricKey !== null && (inputs[s.key]?.[1] ?? null) !== null;
      return {
        key: s.key,
        name: nameOf(s.key),
        dimension: s.dimension,
        kind: s.kind,
        rule: s.rule,
        metricKey,
        actual: s.actual,
        target: s.target,
        targetSource: s.target === null ? null : personal ? 'personal' : 'template',
        attainment: s.attainment,
        score: s.score,
        weight: s.weight,
        contribution: s.contribution,
        explanation: s.explanation as { code: string; params: Record<string, unknown> },
        missing: missing.get(s.key) ?? null,
        teamAverage: mean(teamResults.map((r) => r.i[s.key]).filter((x): x is string => x !== undefined)),
      };
    }),
    rank: {
      team: rankIn(
        team.map((p) => p.total),
        participant.total,
      ),
      cohort: rankIn(
        cohort.map((p) => p.total),
        participant.total,
      ),
    },
    change,
    ratingChanges: await ratingChangeList(db, ctx, cycle, participant.id),
    acknowledgedAt: participant.acknowledgedAt?.toISOString() ?? null,
    appeal: appeal
      ? {
          id: appeal.id,
          reason: appeal.reason,
          status: appeal.status as 'open' | 'upheld' | 'rejected',
          decision: appeal.decision,
          newGrade: appeal.newGrade,
          createdAt: appeal.createdAt.toISOString(),
          decidedAt: appeal.decidedAt?.toISOString() ?? null,
        }
      : null,
    can: { acknowledge: awaiting, appeal: awaiting },
  };
}

/** A unit's results in a cycle (HR: the whole cycle by default), and its trend over the organization's cycles. */
export async function teamResult(
  db: DbOrTx,
  ctx: ReviewCtx,
  cycle: CycleRow,
  unitId: string | undefined,
): Promise<TeamResult> {
  const units = await unitCondition(db, ctx, unitId);
  const people = await participantRows(db, sql`p.cycle_id = ${cycle.id} and ${units}`);
  const scale = cycle.gradeScale as FrozenScale | null;
  const { distribution } = distributionOf(
    people.map((p) => p.grade),
    scale,
  );
  const trendRows = await queryRows<{
    cycle_id: string;
    name: string;
    period_start: string;
    headcount: number;
    average: string | null;
    grades: Record<string, number> | null;
  }>(
    db,
    sql`select c.id::text as cycle_id, c.name, c.period_start::text as period_start,
          (select count(*)::int from review_participants p where p.cycle_id = c.id and ${units}) as headcount,
          (select round(avg(p.total), 2)::text from review_participants p where p.cycle_id = c.id and ${units}) as average,
          (select jsonb_object_agg(g.grade, g.n) from (select p.grade, count(*)::int as n from review_participants p
             where p.cycle_id = c.id and ${units} and p.grade is not null group by p.grade) g) as grades
        from review_cycles c where c.org_id = ${cycle.orgId} and c.stage <> 'draft' and c.period_start <= ${cycle.periodStart}
        order by c.period_start, c.created_at`,
  );
  const [unit] = unitId
    ? await db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, unitId))
    : [];
  return {
    cycle: { id: cycle.id, name: cycle.name, stage: cycle.stage as ReviewStage },
    unit: unit ?? null,
    headcount: people.length,
    average: mean(people.map((p) => p.total)),
    distribution,
    people,
    trend: trendRows
      .filter((r) => r.headcount > 0)
      .map((r) => ({
        cycleId: r.cycle_id,
        name: r.name,
        periodStart: r.period_start,
        headcount: r.headcount,
        average: r.average,
        distribution: Object.entries(r.grades ?? {}).map(([grade, count]) => ({ grade, count })),
      })),
  };
}

/**
 * The cycle's results in the caller's scope as a spreadsheet: one row per person, dimension scores as columns.
 * The download is audited.
 */
export async function resultsWorkbook(db: Db, ctx: ReviewCtx, cycle: CycleRow, locale: Locale, unitId?: string) {
  const units = await unitCondition(db, ctx, unitId);
  const people = await participantRows(db, sql`p.cycle_id = ${cycle.id} and ${units}`);
  const compacts = await queryRows<{ id: string; result: CompactResult }>(
    db,
    sql`select p.id::text as id, p.result from review_participants p where p.cycle_id = ${cycle.id} and ${units}`,
  );
  const resultOf = new Map(compacts.map((c) => [c.id, c.result]));
  const dimensions = [...new Set(compacts.flatMap((c) => Object.keys(c.result.d)))];
  const zh = locale === 'zh-CN';
  const headers = [
    ...(zh
      ? ['工号', '姓名', '部门', '岗位', '阶段', '总分', '计算等级', '最终等级', '奖金系数', '已确认', '申诉']
      : [
          'Employee no.',
          'Name',
          'Unit',
          'Position',
          'Stage',
          'Total',
          'Computed grade',
          'Grade',
          'Bonus coefficient',
          'Acknowledged',
          'Appeal',
        ]),
    ...dimensions,
  ];
  const buffer = await workbookOf(
    zh ? '考核结果' : 'Results',
    headers,
    people.map((p) => [
      p.employee.employeeNo,
      p.employee.name,
      p.unit.name,
      p.position?.name ?? '',
      p.tenureStage,
      Number(p.total),
      p.computedGrade ?? '',
      p.grade ?? '',
      p.bonusCoefficient === null ? '' : Number(p.bonusCoefficient),
      p.acknowledgedAt ?? '',
      p.appeal ?? '',
      ...dimensions.map((d) => {
        const v = resultOf.get(p.id)?.d[d];
        return v === undefined ? '' : Number(v);
      }),
    ]),
  );
  await auditExport(
    db,
    ctx.actor,
    {
      action: 'review_cycle.results_exported',
      entityType: 'review_cycle',
      entityId: cycle.id,
      after: { rows: people.length, unitId: unitId ?? null },
    },
    ctx.now,
  );
  return buffer;
}
