import type {
  OptimizationReason,
  PoolPeriodType,
  PoolPolicy,
  PoolReason,
  PoolTrendPoint,
  SuggestedStep,
  SuggestionReason,
} from '@stride/contracts';
import { eq, inArray, sql } from 'drizzle-orm';
import { type DbOrTx, lockForOrg, queryRows } from '../../db/client';
import { lowPerformerPools, orgs, poolEntries } from '../../db/schema';
import { canonicalJson } from '../../lib/crypto';
import { type AuditActor, appendAudit } from '../audit/audit.service';
import { loadCatalog } from '../metrics/catalog.service';
import {
  addPeriods,
  attainmentPct,
  isPeriodStart,
  optimizationCheck,
  type PeriodFacts,
  severitiesAtLeast,
  suggestStep,
  unsatisfactoryBecause,
} from './pool.rules';
import { ensurePoolSettings } from './settings.service';

/** Periods of history read per person: the trend shows the last six; plans are followed back this far. */
const HISTORY = 12;
const TREND = 6;

/** Who goes into a pool: regularized people still employed (probation has its own review, Art. 21/39(1)). */
const ACTIVE_REGULAR = ['regular', 'on_plan', 'transferred'];

export interface BuildResult {
  poolId: string;
  periodType: PoolPeriodType;
  periodStart: string;
  entries: number;
  optimizationList: number;
  added: number;
  updated: number;
  removed: number;
  /** Entries with a recorded decision: never removed or changed in their decision by a rebuild. */
  decided: number;
}

interface NewEntry {
  employeeId: string;
  unitId: string;
  reasons: PoolReason[];
  trend: PoolTrendPoint[];
  occurrence: number;
  suggestedStep: SuggestedStep;
  suggestionReason: SuggestionReason;
  onOptimizationList: boolean;
  optimizationReason: OptimizationReason;
}

const systemActor = (orgId: string): AuditActor => ({ orgId, username: 'system' });

/**
 * Builds (or rebuilds) the low-performer pool of one closed period of the organization's pool period type.
 *
 * Candidates are regularized people still employed (status regular, on_plan or transferred, hired and
 * regularized before the period ended). A candidate enters the pool with at least one reason in the period:
 * - an alert at or above policy.minAlertSeverity that was live during the period (raised before its end and not
 *   resolved before its start) or that judged the period;
 * - a grade in policy.unsatisfactoryGrades from a published or closed review cycle whose period ends within this
 *   period (so one appraisal counts in exactly one period; the latest-ending cycle wins);
 * - attainment of policy.attainmentMetric (actual / the agreed personal target of the period) below
 *   policy.attainmentBelowPct. Without an agreed target there is no attainment; with one and no value, a sum
 *   or count metric's actual is 0.
 * Peer rankings are never a reason of their own: a below-cohort alert may bring someone in, but being
 * unsatisfactory (grade or attainment) is what the optimization list and the exit review need.
 *
 * Idempotent: a rebuild replaces reasons, trend and suggestions; recorded decisions stay, and an entry with a
 * decision is never removed (it is the record of a decision taken on those reasons). An entry whose content
 * changed gets a new version, so a decision being typed against the old suggestion is refused and re-read.
 */
export async function buildPool(
  db: DbOrTx,
  orgId: string,
  periodStart: string,
  now: Date,
  actor: AuditActor = systemActor(orgId),
): Promise<BuildResult> {
  return db.transaction(async (tx) => {
    await lockForOrg(tx, 'pool', orgId);
    const { poolPeriodType: type, policy } = await ensurePoolSettings(tx, orgId, now);
    if (!isPeriodStart(periodStart, type)) throw new Error(`${periodStart} does not start a ${type}`);
    const [org] = await tx.select({ timeZone: orgs.timeZone }).from(orgs).where(eq(orgs.id, orgId));
    const built = await computeEntries(tx, orgId, org.timeZone, type, periodStart, policy);

    const [pool] = await tx
      .insert(lowPerformerPools)
      .values({ orgId, periodType: type, periodStart, policy, builtAt: now })
      .onConflictDoUpdate({
        target: [lowPerformerPools.orgId, lowPerformerPools.periodType, lowPerformerPools.periodStart],
        set: { policy, builtAt: now },
      })
      .returning({ id: lowPerformerPools.id });
    const existing = await tx.select().from(poolEntries).where(eq(poolEntries.poolId, pool.id));
    const byEmployee = new Map(existing.map((e) => [e.employeeId, e]));
    const fields = (e: NewEntry) => ({
      unitId: e.unitId,
      reasons: e.reasons,
      trend: e.trend,
      occurrence: e.occurrence,
      suggestedStep: e.suggestedStep,
      suggestionReason: e.suggestionReason,
      onOptimizationList: e.onOptimizationList,
      optimizationReason: e.optimizationReason,
    });
    let added = 0;
    let updated = 0;
    const inserts: (typeof poolEntries.$inferInsert)[] = [];
    for (const e of built) {
      const old = byEmployee.get(e.employeeId);
      if (!old) {
        inserts.push({ orgId, poolId: pool.id, employeeId: e.employeeId, ...fields(e) });
        added++;
        continue;
      }
      const { unitId, reasons, trend, occurrence, suggestedStep, suggestionReason, onOptimizationList } = old;
      const before = { unitId, reasons, trend, occurrence, suggestedStep, suggestionReason, onOptimizationList };
      const oldFields = { ...before, optimizationReason: old.optimizationReason };
      if (canonicalJson(oldFields) === canonicalJson(fields(e))) continue;
      await tx
        .update(poolEntries)
        .set({ ...fields(e), version: old.version + 1 })
        .where(eq(poolEntries.id, old.id));
      updated++;
    }
    if (inserts.length) await tx.insert(poolEntries).values(inserts);
    const keep = new Set(built.map((e) => e.employeeId));
    const stale = existing.filter((e) => !keep.has(e.employeeId) && e.decision === null);
    if (stale.length)
      await tx.delete(poolEntries).where(
        inArray(
          poolEntries.id,
          stale.map((e) => e.id),
        ),
      );
    const decided = existing.filter((e) => e.decision !== null).length;
    const result: BuildResult = {
      poolId: pool.id,
      periodType: type,
      periodStart,
      entries: built.length + existing.filter((e) => !keep.has(e.employeeId) && e.decision !== null).length,
      optimizationList: built.filter((e) => e.onOptimizationList).length,
      added,
      updated,
      removed: stale.length,
      decided,
    };
    await appendAudit(
      tx,
      actor,
      {
        action: 'low_performer_pool.built',
        entityType: 'low_performer_pool',
        entityId: pool.id,
        after: { ...result, policy },
      },
      now,
    );
    return result;
  });
}

interface Person {
  id: string;
  unit_id: string;
}

/** Gathers alerts, grades, attainment and earlier pools, and applies the rules to everyone in scope. */
async function computeEntries(
  tx: DbOrTx,
  orgId: string,
  timeZone: string,
  type: PoolPeriodType,
  periodStart: string,
  policy: PoolPolicy,
): Promise<NewEntry[]> {
  const end = addPeriods(periodStart, type, 1);
  const periods = Array.from({ length: HISTORY }, (_, i) => addPeriods(periodStart, type, i - HISTORY + 1));
  const windowStart = periods[0];
  const periodOf = (day: string) => {
    for (let i = periods.length - 1; i >= 0; i--) if (day >= periods[i]) return periods[i];
    return null;
  };

  const people = await queryRows<Person>(
    tx,
    sql`select e.id::text, e.unit_id::text from employees e
        where e.org_id = ${orgId} and e.status in (${sql.join(
          ACTIVE_REGULAR.map((s) => sql`${s}`),
          sql`, `,
        )})
          and e.hire_date < ${end}::date and (e.regularization_date is null or e.regularization_date < ${end}::date)
        order by e.employee_no`,
  );
  if (!people.length) return [];

  // Attainment per person and period: the agreed personal target against the value (computed, else imported).
  const metric = (await loadCatalog(tx, orgId)).byKey.get(policy.attainmentMetric);
  const missingIsZero =
    metric !== undefined && (metric.unit === 'CNY' || metric.unit === 'count') && metric.kind !== 'manual';
  const attainmentRows = await queryRows<{ employee_id: string; period_start: string; target: string; actual: string }>(
    tx,
    sql`select t.employee_id::text, t.period_start::text, t.value::text as target,
          coalesce(v.value, i.value)::text as actual
        from targets t
        left join metric_values v on v.org_id = t.org_id and v.employee_id = t.employee_id and v.metric_key = t.metric_key
          and v.period_type = t.period_type and v.period_start = t.period_start
        left join imported_metric_values i on i.org_id = t.org_id and i.employee_id = t.employee_id
          and i.metric_key = t.metric_key and i.period_type = t.period_type and i.period_start = t.period_start
        where t.org_id = ${orgId} and t.employee_id is not null and t.metric_key = ${policy.attainmentMetric}
          and t.period_type = ${type} and t.status = 'agreed' and t.value is not null
          and t.period_start >= ${windowStart}::date and t.period_start < ${end}::date`,
  );
  const attainment = new Map<string, { actual: string; target: string; pct: string }>();
  for (const r of attainmentRows) {
    const actual = r.actual ?? (missingIsZero ? '0' : null);
    const pct = attainmentPct(actual, r.target);
    if (actual !== null && pct !== null)
      attainment.set(`${r.employee_id}:${r.period_start}`, { actual, target: r.target, pct });
  }

  // Grades: each published or closed cycle counts in the period its own period ends in; the latest-ending wins.
  const gradeRows = await queryRows<{
    employee_id: string;
    grade: string;
    total: string | null;
    cycle_id: string;
    cycle_name: string;
    period_start: string;
    period_end: string;
    rank: string | null;
  }>(
    tx,
    sql`select p.employee_id::text, p.grade, p.total::text, c.id::text as cycle_id, c.name as cycle_name,
          c.period_start::text, c.period_end::text,
          (select b->>'minScore' from jsonb_array_elements(c.grade_scale->'bands') b where b->>'grade' = p.grade limit 1) as rank
        from review_participants p join review_cycles c on c.id = p.cycle_id
        where c.org_id = ${orgId} and c.stage in ('published', 'closed') and p.grade is not null
          and c.period_end >= ${windowStart}::date and c.period_end < ${end}::date
        order by c.period_end desc, c.published_at desc nulls last, c.id`,
  );
  const grades = new Map<string, (typeof gradeRows)[number]>();
  for (const g of gradeRows) {
    const period = periodOf(g.period_end);
    const key = `${g.employee_id}:${period}`;
    if (period && !grades.has(key)) grades.set(key, g);
  }

  // Alerts live during the period, or judging it, at or above the least severity.
  const alertRows = await queryRows<{
    id: string;
    employee_id: string;
    severity: string;
    status: string;
    period: string | null;
    rule_id: string;
    rule_name: string;
    rule_kind: string;
  }>(
    tx,
    sql`select a.id::text, a.employee_id::text, a.severity, a.status, a.period::text, r.id::text as rule_id,
          r.name as rule_name, r.kind as rule_kind
        from alerts a join alert_rules r on r.id = a.rule_id
        where a.org_id = ${orgId}
          and a.severity in (${sql.join(
            severitiesAtLeast(policy.minAlertSeverity).map((s) => sql`${s}`),
            sql`, `,
          )})
          and ((a.period >= ${periodStart}::date and a.period < ${end}::date)
            or (a.raised_at < (${end}::timestamp at time zone ${timeZone})
              and (a.status in ('open', 'acknowledged', 'action_linked')
                or a.resolved_at >= (${periodStart}::timestamp at time zone ${timeZone}))))
        order by a.raised_at, a.id`,
  );
  const alertsOf = new Map<string, typeof alertRows>();
  for (const a of alertRows) alertsOf.set(a.employee_id, [...(alertsOf.get(a.employee_id) ?? []), a]);

  // Earlier pools of this period type: which periods had a pool, who was in them, which plans were decided.
  const earlierPools = new Set(
    (
      await queryRows<{ period_start: string }>(
        tx,
        sql`select period_start::text from low_performer_pools
            where org_id = ${orgId} and period_type = ${type} and period_start < ${periodStart}::date`,
      )
    ).map((r) => r.period_start),
  );
  const earlierEntries = await queryRows<{
    id: string;
    employee_id: string;
    period_start: string;
    decision: string | null;
  }>(
    tx,
    sql`select e.id::text, e.employee_id::text, p.period_start::text, e.decision
        from pool_entries e join low_performer_pools p on p.id = e.pool_id
        where p.org_id = ${orgId} and p.period_type = ${type} and p.period_start < ${periodStart}::date
        order by p.period_start`,
  );
  const historyOf = new Map<string, typeof earlierEntries>();
  for (const e of earlierEntries) historyOf.set(e.employee_id, [...(historyOf.get(e.employee_id) ?? []), e]);

  const out: NewEntry[] = [];
  for (const person of people) {
    const facts = (p: string): PeriodFacts => {
      const g = grades.get(`${person.id}:${p}`);
      return {
        periodStart: p,
        attainmentPct: attainment.get(`${person.id}:${p}`)?.pct ?? null,
        grade: g?.grade ?? null,
        gradeRank: g?.rank != null && g.rank !== '' ? Number(g.rank) : null,
      };
    };
    const series = periods.map((p) => {
      const f = facts(p);
      return { ...f, unsatisfactory: unsatisfactoryBecause(f, policy).length > 0 };
    });
    const unsatisfactoryIn = (p: string) => series.find((s) => s.periodStart === p)?.unsatisfactory ?? false;

    const reasons: PoolReason[] = [];
    for (const a of alertsOf.get(person.id) ?? [])
      reasons.push({
        kind: 'alert',
        alertId: a.id,
        ruleId: a.rule_id,
        ruleName: a.rule_name,
        ruleKind: a.rule_kind,
        severity: a.severity as 'low' | 'medium' | 'high',
        status: a.status,
        period: a.period,
        rankBased: a.rule_kind === 'below_cohort',
      });
    const because = unsatisfactoryBecause(series[series.length - 1], policy);
    const g = grades.get(`${person.id}:${periodStart}`);
    if (g && because.includes('grade'))
      reasons.push({
        kind: 'grade',
        cycleId: g.cycle_id,
        cycleName: g.cycle_name,
        grade: g.grade,
        total: g.total,
        periodStart: g.period_start,
        periodEnd: g.period_end,
      });
    const att = attainment.get(`${person.id}:${periodStart}`);
    if (att && because.includes('attainment'))
      reasons.push({
        kind: 'attainment',
        metricKey: policy.attainmentMetric,
        actual: att.actual,
        target: att.target,
        attainmentPct: att.pct,
        thresholdPct: policy.attainmentBelowPct,
      });
    if (!reasons.length) continue;

    const history = historyOf.get(person.id) ?? [];
    const inPool = new Set(history.map((h) => h.period_start));
    let occurrence = 1;
    for (let p = addPeriods(periodStart, type, -1); earlierPools.has(p) && inPool.has(p); p = addPeriods(p, type, -1))
      occurrence++;
    const recent = addPeriods(periodStart, type, -(TREND - 1));
    const plan = history.filter((h) => h.decision === 'improvement_plan').at(-1);
    // A plan whose judging period lies before the history read is too old to say anything about now.
    const planInWindow =
      plan && addPeriods(plan.period_start, type, policy.planPeriods) >= windowStart
        ? { entryId: plan.id, periodStart: plan.period_start }
        : null;
    const suggestion = suggestStep({
      periodStart,
      periodType: type,
      occurrence,
      earlierPools: history.filter((h) => h.period_start >= recent).map((h) => h.period_start),
      plan: planInWindow,
      unsatisfactoryIn,
      policy,
    });
    const optimization = optimizationCheck(series, policy);
    out.push({
      employeeId: person.id,
      unitId: person.unit_id,
      reasons,
      trend: series.slice(-TREND).map((s) => ({
        periodStart: s.periodStart,
        attainmentPct: s.attainmentPct,
        grade: s.grade,
        unsatisfactory: s.unsatisfactory,
      })),
      occurrence,
      suggestedStep: suggestion.step,
      suggestionReason: suggestion.reason,
      onOptimizationList: optimization.listed,
      optimizationReason: optimization.reason,
    });
  }
  return out;
}
