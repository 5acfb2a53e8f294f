import {
  type FlightRiskList,
  type FlightRiskRequest,
  type FlightRiskView,
  type ReserveEntry,
  type ReserveList,
  type ReserveQuery,
  type TalentCard,
  talentConfig,
} from '@stride/contracts';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { talentFlightRisks } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { unitSubtreeIds } from '../access/scope';
import { appendAudit } from '../audit/audit.service';
import { iso, type TalentCtx, talentVisibility } from './context';
import { placementChanges } from './reviews.service';
import { type FrozenScale, fixed, gradesAtLeast, gradesBestFirst } from './talent.rules';

type D = Pick<Deps, 'db' | 'clock'>;

const LIVE_ALERT = sql`('open', 'acknowledged', 'action_linked')`;

interface CycleRow {
  id: string;
  name: string;
  period_start: string;
  grade_scale: FrozenScale | null;
}

const publishedCycles = (db: DbOrTx, orgId: string, limit: number) =>
  queryRows<CycleRow>(
    db,
    sql`select id::text, name, period_start::text, grade_scale from review_cycles
        where org_id = ${orgId} and stage in ('published', 'closed')
        order by period_start desc, published_at desc nulls last limit ${limit}`,
  );

/** Live activity-drop alerts per person (the raw material of a suggested flight-risk flag). */
async function activityDropCounts(db: DbOrTx, orgId: string, employeeIds: string[]): Promise<Map<string, number>> {
  if (!employeeIds.length) return new Map();
  const rows = await queryRows<{ employee_id: string; n: number }>(
    db,
    sql`select a.employee_id::text, count(*)::int as n from alerts a join alert_rules r on r.id = a.rule_id
        where a.org_id = ${orgId} and r.kind = 'activity_drop' and a.status in ${LIVE_ALERT}
          and a.employee_id in (${sql.join(
            employeeIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})
        group by a.employee_id`,
  );
  return new Map(rows.map((r) => [r.employee_id, r.n]));
}

/** People whose latest placement is in a high-performance box. */
async function topBoxPeople(db: DbOrTx, orgId: string): Promise<Set<string>> {
  const rows = await queryRows<{ employee_id: string; box: string }>(
    db,
    sql`select distinct on (tp.employee_id) tp.employee_id::text, tp.box from talent_placements tp
        join talent_reviews r on r.id = tp.review_id
        where tp.org_id = ${orgId} and tp.box is not null
        order by tp.employee_id, r.created_at desc`,
  );
  return new Set(rows.filter((r) => r.box.startsWith('high-')).map((r) => r.employee_id));
}

const flaggedSet = async (db: DbOrTx, orgId: string) =>
  new Set(
    (
      await queryRows<{ employee_id: string }>(
        db,
        sql`select employee_id::text from talent_flight_risks where org_id = ${orgId} and cleared_at is null`,
      )
    ).map((r) => r.employee_id),
  );

/**
 * Promotion reserve (晋升储备): people graded at least minGrade in each of the last `cycles` published cycles whose
 * total score rose from the previous cycle to the latest. A list for people to discuss, never a promotion.
 */
export async function getReserve(db: DbOrTx, ctx: TalentCtx, q: ReserveQuery): Promise<ReserveList> {
  const cycles = await publishedCycles(db, ctx.auth.orgId, Math.max(q.cycles, 2));
  const grades = gradesAtLeast(gradesBestFirst(cycles[0]?.grade_scale), q.minGrade);
  const criteria = { cycles: q.cycles, minGrade: q.minGrade, grades };
  if (cycles.length < Math.max(q.cycles, 2)) return { criteria, items: [] };
  const considered = cycles.slice(0, q.cycles);
  const rows = await queryRows<{
    employee_id: string;
    name: string;
    employee_no: string;
    unit_id: string;
    unit_name: string;
    position_id: string | null;
    position_name: string | null;
    cycle_id: string;
    grade: string | null;
    total: string;
  }>(
    db,
    sql`select employees.id::text as employee_id, employees.name, employees.employee_no, u.id::text as unit_id,
          u.name as unit_name, p.id::text as position_id, p.name as position_name, rp.cycle_id::text, rp.grade,
          rp.total::text
        from review_participants rp
        join employees on employees.id = rp.employee_id
        join org_units u on u.id = employees.unit_id
        left join positions p on p.id = employees.position_id
        where rp.cycle_id in (${sql.join(
          cycles.map((c) => sql`${c.id}::uuid`),
          sql`, `,
        )}) and employees.status <> 'exited' and ${talentVisibility(ctx)}
          ${q.unitId ? sql`and employees.unit_id in ${unitSubtreeIds(ctx.auth.orgId, q.unitId)}` : sql``}`,
  );
  const byPerson = new Map<string, typeof rows>();
  for (const r of rows) byPerson.set(r.employee_id, [...(byPerson.get(r.employee_id) ?? []), r]);
  const candidates: ReserveEntry[] = [];
  for (const [employeeId, list] of byPerson) {
    const of = (cycleId: string) => list.find((r) => r.cycle_id === cycleId);
    const inAll = considered.every((c) => {
      const g = of(c.id)?.grade;
      return g !== undefined && g !== null && grades.includes(g);
    });
    const latest = of(cycles[0].id);
    const previous = of(cycles[1].id);
    if (!inAll || !latest || !previous) continue;
    const delta = Number(latest.total) - Number(previous.total);
    if (!(delta > 0)) continue;
    const first = list[0];
    candidates.push({
      employee: { id: employeeId, name: first.name, employeeNo: first.employee_no },
      unit: { id: first.unit_id, name: first.unit_name },
      position: first.position_id ? { id: first.position_id, name: first.position_name ?? '' } : null,
      grades: [...cycles]
        .reverse()
        .filter((c) => of(c.id))
        .map((c) => ({
          cycle: { id: c.id, name: c.name },
          periodStart: c.period_start,
          grade: of(c.id)!.grade,
          total: of(c.id)!.total,
        })),
      scoreDelta: fixed(delta),
      flightRisk: false,
      suggestedFlightRisk: false,
    });
  }
  const flagged = await flaggedSet(db, ctx.auth.orgId);
  const drops = await activityDropCounts(
    db,
    ctx.auth.orgId,
    candidates.map((c) => c.employee.id),
  );
  for (const c of candidates) {
    c.flightRisk = flagged.has(c.employee.id);
    c.suggestedFlightRisk = !c.flightRisk && (drops.get(c.employee.id) ?? 0) > 0;
  }
  candidates.sort((a, b) => Number(b.scoreDelta) - Number(a.scoreDelta));
  return { criteria, items: candidates };
}

async function visiblePerson(db: DbOrTx, ctx: TalentCtx, employeeId: string) {
  const [row] = await queryRows<{
    id: string;
    name: string;
    employee_no: string;
    status: string;
    unit_id: string;
    unit_name: string;
    position_id: string | null;
    position_name: string | null;
  }>(
    db,
    sql`select employees.id::text, employees.name, employees.employee_no, employees.status, u.id::text as unit_id,
          u.name as unit_name, p.id::text as position_id, p.name as position_name
        from employees join org_units u on u.id = employees.unit_id
        left join positions p on p.id = employees.position_id
        where employees.id = ${employeeId} and ${talentVisibility(ctx)}`,
  );
  return row ?? fail('EMPLOYEE_NOT_FOUND');
}

async function flightRiskOf(db: DbOrTx, ctx: TalentCtx, employeeId: string): Promise<FlightRiskView> {
  const [flag] = await db
    .select()
    .from(talentFlightRisks)
    .where(and(eq(talentFlightRisks.employeeId, employeeId), isNull(talentFlightRisks.clearedAt)));
  const drops = (await activityDropCounts(db, ctx.auth.orgId, [employeeId])).get(employeeId) ?? 0;
  const top = (await topBoxPeople(db, ctx.auth.orgId)).has(employeeId);
  return {
    employeeId,
    flagged: Boolean(flag),
    reason: flag?.reason ?? null,
    flaggedAt: iso(flag?.flaggedAt ?? null),
    suggested: !flag && top && drops > 0,
    liveActivityDropAlerts: drops,
  };
}

/** Flags or clears a flight risk by hand; a flag needs a reason. */
export async function setFlightRisk(
  deps: D,
  ctx: TalentCtx,
  employeeId: string,
  body: FlightRiskRequest,
): Promise<FlightRiskView> {
  const reason = body.reason?.trim() ?? '';
  await deps.db.transaction(async (tx) => {
    await visiblePerson(tx, ctx, employeeId);
    if (body.flagged && !reason) fail('TALENT_REASON_REQUIRED', [{ field: 'reason', code: 'REQUIRED' }]);
    const now = deps.clock();
    const [current] = await tx
      .update(talentFlightRisks)
      .set({ clearedAt: now, clearedBy: ctx.auth.userId })
      .where(and(eq(talentFlightRisks.employeeId, employeeId), isNull(talentFlightRisks.clearedAt)))
      .returning();
    if (body.flagged)
      await tx.insert(talentFlightRisks).values({
        orgId: ctx.auth.orgId,
        employeeId,
        reason,
        flaggedBy: ctx.auth.userId,
        flaggedAt: now,
      });
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: body.flagged ? 'talent_flight_risk.flagged' : 'talent_flight_risk.cleared',
        entityType: 'employee',
        entityId: employeeId,
        before: { flagged: Boolean(current), reason: current?.reason ?? null },
        after: { flagged: body.flagged, reason: body.flagged ? reason : null },
      },
      now,
    );
  });
  return flightRiskOf(deps.db, ctx, employeeId);
}

/** Flagged people and suggested ones (a top-box person with a live activity-drop alert), in scope. */
export async function listFlightRisks(db: DbOrTx, ctx: TalentCtx): Promise<FlightRiskList> {
  const top = await topBoxPeople(db, ctx.auth.orgId);
  const rows = await queryRows<{
    id: string;
    name: string;
    unit_id: string;
    unit_name: string;
    reason: string | null;
    flagged_at: string | Date | null;
    drops: number;
  }>(
    db,
    sql`select employees.id::text, employees.name, u.id::text as unit_id, u.name as unit_name, f.reason,
          f.flagged_at,
          (select count(*)::int from alerts a join alert_rules r on r.id = a.rule_id
            where a.employee_id = employees.id and r.kind = 'activity_drop' and a.status in ${LIVE_ALERT}) as drops
        from employees join org_units u on u.id = employees.unit_id
        left join talent_flight_risks f on f.employee_id = employees.id and f.cleared_at is null
        where ${talentVisibility(ctx)} and employees.status <> 'exited'
        order by employees.employee_no`,
  );
  const items = rows
    .map((r) => ({
      employee: { id: r.id, name: r.name },
      unit: { id: r.unit_id, name: r.unit_name },
      employeeId: r.id,
      flagged: r.reason !== null,
      reason: r.reason,
      flaggedAt: iso(r.flagged_at),
      suggested: r.reason === null && top.has(r.id) && r.drops > 0,
      liveActivityDropAlerts: r.drops,
    }))
    .filter((r) => r.flagged || r.suggested);
  return { items };
}

/** A person's talent card: latest competency ratings, grades, box history, live alerts, flight risk, slates. */
export async function getTalentCard(db: DbOrTx, ctx: TalentCtx, employeeId: string): Promise<TalentCard> {
  const person = await visiblePerson(db, ctx, employeeId);
  const [rated] = await queryRows<{
    review_id: string;
    review_name: string;
    config: unknown;
    ratings: Record<string, number>;
    learning_agility: number | null;
    box: string | null;
  }>(
    db,
    sql`select r.id::text as review_id, r.name as review_name, r.config, tp.ratings, tp.learning_agility, tp.box
        from talent_placements tp join talent_reviews r on r.id = tp.review_id
        where tp.employee_id = ${employeeId} and tp.org_id = ${ctx.auth.orgId}
        order by (tp.learning_agility is null), tp.rated_at desc nulls last, r.created_at desc limit 1`,
  );
  const config = rated ? talentConfig.safeParse(rated.config) : null;
  const competencies =
    rated && rated.learning_agility !== null && config?.success
      ? {
          review: { id: rated.review_id, name: rated.review_name },
          items: config.data.competencies.map((c) => ({ key: c.key, name: c.name, value: rated.ratings[c.key] ?? 0 })),
          learningAgility: rated.learning_agility,
        }
      : null;
  const grades = await queryRows<{
    cycle_id: string;
    name: string;
    period_start: string;
    grade: string | null;
    total: string;
  }>(
    db,
    sql`select c.id::text as cycle_id, c.name, c.period_start::text, rp.grade, rp.total::text
        from review_participants rp join review_cycles c on c.id = rp.cycle_id
        where rp.employee_id = ${employeeId} and c.org_id = ${ctx.auth.orgId} and c.stage in ('published', 'closed')
        order by c.period_start`,
  );
  const [latestBox] = await queryRows<{ box: string | null }>(
    db,
    sql`select tp.box from talent_placements tp join talent_reviews r on r.id = tp.review_id
        where tp.employee_id = ${employeeId} and tp.org_id = ${ctx.auth.orgId} order by r.created_at desc limit 1`,
  );
  const [alertsCount] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from alerts where org_id = ${ctx.auth.orgId} and employee_id = ${employeeId}
          and status in ${LIVE_ALERT}`,
  );
  const succession = await queryRows<{ key_position_id: string; position_id: string; name: string; readiness: string }>(
    db,
    sql`select k.id::text as key_position_id, p.id::text as position_id, p.name, sc.readiness
        from succession_candidates sc join talent_key_positions k on k.id = sc.key_position_id
        join positions p on p.id = k.position_id
        where sc.employee_id = ${employeeId} and sc.org_id = ${ctx.auth.orgId}`,
  );
  return {
    employee: { id: person.id, name: person.name, employeeNo: person.employee_no, status: person.status },
    unit: { id: person.unit_id, name: person.unit_name },
    position: person.position_id ? { id: person.position_id, name: person.position_name ?? '' } : null,
    competencies,
    grades: grades.map((g) => ({
      cycle: { id: g.cycle_id, name: g.name },
      periodStart: g.period_start,
      grade: g.grade,
      total: g.total,
    })),
    boxes: await placementChanges(db, ctx, employeeId),
    currentBox: latestBox?.box ?? null,
    liveAlerts: alertsCount?.n ?? 0,
    flightRisk: await flightRiskOf(db, ctx, employeeId),
    succession: succession.map((s) => ({
      keyPositionId: s.key_position_id,
      position: { id: s.position_id, name: s.name },
      readiness: s.readiness as TalentCard['succession'][number]['readiness'],
    })),
  };
}
