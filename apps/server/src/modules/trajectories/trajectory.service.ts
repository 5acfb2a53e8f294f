import type {
  Locale,
  Trajectory,
  TrajectoryMarker,
  TrajectoryMetric,
  TrajectoryStats,
  trajectoryQuery,
} from '@stride/contracts';
import { addDays, addMonths, growthSpeed, type MonthValue, monthStartOf, slackIndex, volatility } from '@stride/domain';
import Decimal from 'decimal.js';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client';
import { fail } from '../../lib/errors';
import type { AuthContext } from '../../lib/http';
import type { Scope } from '../access/scope';
import { getEmployee } from '../employees/employees.service';
import { type Catalog, type CatalogMetric, loadCatalog } from '../metrics/catalog.service';
import { type PeriodTypeName, periodStartOf } from '../metrics/periods';
import { applicableTemplateFor } from '../scorecards/applicability.service';
import { agreedPersonTargets, attainmentOf } from '../targets/targets.read';
import { dataStarts, fixed, indexValues, num, periodsBetween, placesOf, readValues, valueAt } from './series.repo';

/** Shown when the person's scorecard names no metric of the catalog. */
export const DEFAULT_TRAJECTORY_METRICS = ['revenue', 'collections', 'calls', 'visits'];
/** Growth speed and volatility look at this many of the latest closed months. */
export const TREND_MONTHS = 12;
/** Weekly timelines stop here: two years of weeks is plenty to read on one chart. */
const MAX_WEEKS = 104;

export interface TrajectoryCtx {
  auth: AuthContext;
  scope: Scope;
  today: string;
}

const markerText = {
  hire: { 'zh-CN': '入职', 'en-US': 'Hired' },
  regularization: { 'zh-CN': '转正', 'en-US': 'Regularized' },
  exit: { 'zh-CN': '离职', 'en-US': 'Exit' },
  transfer: { 'zh-CN': '调岗', 'en-US': 'Transfer' },
  alert: { 'zh-CN': '预警', 'en-US': 'Alert' },
  plan: { 'zh-CN': '绩效改进计划', 'en-US': 'Improvement plan' },
} as const;

/** The metrics of the person's current scorecard template, else the default set (only those in the catalog). */
async function defaultMetrics(
  db: DbOrTx,
  ctx: TrajectoryCtx,
  person: {
    id: string;
    name: string;
    status: string;
    hireDate: string;
    regularizationDate: string | null;
    positionId: string | null;
  },
  catalog: Catalog,
): Promise<string[]> {
  const applicable = await applicableTemplateFor(db, ctx.auth.orgId, person, ctx.today);
  const fromTemplate = (applicable.template?.definition.dimensions ?? [])
    .flatMap((d) => d.indicators)
    .map((i) => i.metricKey)
    .filter((k): k is string => Boolean(k && catalog.byKey.has(k)));
  const keys = [...new Set(fromTemplate)].slice(0, 8);
  return keys.length ? keys : DEFAULT_TRAJECTORY_METRICS.filter((k) => catalog.byKey.has(k));
}

function statsOf(
  metric: CatalogMetric,
  monthly: MonthValue[],
  person: { hireDate: string; regularizationDate: string | null },
  lastClosedMonth: string,
  window: number,
): TrajectoryStats {
  const places = placesOf(metric);
  const recent = monthly.filter((p) => p.month <= lastClosedMonth).slice(-TREND_MONTHS);
  const growth = growthSpeed(recent);
  const vol = volatility(recent);
  const slack = slackIndex({
    series: monthly,
    hireDate: person.hireDate,
    regularizationDate: person.regularizationDate,
    lastClosedMonth,
    window,
  });
  return {
    growthSpeed: growth.ok ? new Decimal(growth.perMonth).toFixed(places + 2) : null,
    growthRelative:
      growth.ok && growth.relativePerMonth !== null ? new Decimal(growth.relativePerMonth).toFixed(4) : null,
    growthMonths: growth.months,
    growthReason: growth.ok ? null : growth.reason,
    volatility: vol.ok ? new Decimal(vol.value).toFixed(4) : null,
    volatilityReason: vol.ok ? null : vol.reason,
    slackIndex: slack.ok ? new Decimal(slack.value).toFixed(4) : null,
    slackReason: slack.ok ? null : slack.reason,
    probationMean: slack.ok ? new Decimal(slack.probationMean).toFixed(places) : null,
    postMean: slack.ok ? new Decimal(slack.postMean).toFixed(places) : null,
    probationMonths: slack.probationMonths,
    postMonths: slack.postMonths,
  };
}

/**
 * Markers on the timeline: hire, regularization, transfers (job-history rows whose unit or position
 * differs from the row before), alerts (raised), improvement plans and exit.
 *
 * Improvement plans have no table of their own yet: a plan marker is an alert event of kind
 * 'action_linked' whose payload says actionKind 'improvement_plan' (its ref is payload.refId when given,
 * else the alert). Alerts are shown to the people who handle them (HR, admin, the person's managers), not
 * on a person's own trajectory; the plans are, since a plan is always agreed with the person.
 */
async function markersOf(
  db: DbOrTx,
  ctx: TrajectoryCtx,
  person: { id: string; hireDate: string; regularizationDate: string | null; exitDate: string | null },
  locale: Locale,
): Promise<TrajectoryMarker[]> {
  const orgId = ctx.auth.orgId;
  const tz = ctx.auth.orgTimeZone;
  const text = (k: keyof typeof markerText) => markerText[k][locale];
  const markers: TrajectoryMarker[] = [
    { kind: 'hire', date: person.hireDate, label: text('hire'), ref: null, severity: null },
  ];
  if (person.regularizationDate)
    markers.push({
      kind: 'regularization',
      date: person.regularizationDate,
      label: text('regularization'),
      ref: null,
      severity: null,
    });
  const history = await queryRows<{
    id: string;
    effective_from: string;
    unit_id: string;
    unit_name: string;
    position_id: string | null;
    position_name: string | null;
  }>(
    db,
    sql`select h.id, h.effective_from::text as effective_from, h.unit_id, u.name as unit_name, h.position_id,
          p.name as position_name
        from job_history h join org_units u on u.id = h.unit_id left join positions p on p.id = h.position_id
        where h.org_id = ${orgId} and h.employee_id = ${person.id}
        order by h.effective_from, h.created_at`,
  );
  for (let i = 1; i < history.length; i++) {
    const [before, after] = [history[i - 1], history[i]];
    const moves: string[] = [];
    if (after.unit_id !== before.unit_id) moves.push(`${before.unit_name} → ${after.unit_name}`);
    if (after.position_id !== before.position_id)
      moves.push(`${before.position_name ?? '—'} → ${after.position_name ?? '—'}`);
    if (moves.length)
      markers.push({
        kind: 'transfer',
        date: after.effective_from,
        label: `${text('transfer')}${locale === 'zh-CN' ? '：' : ': '}${moves.join(' · ')}`,
        ref: after.id,
        severity: null,
      });
  }
  const self = ctx.auth.employeeId === person.id;
  if (!self) {
    const alerts = await queryRows<{ id: string; day: string; name: string; severity: 'low' | 'medium' | 'high' }>(
      db,
      sql`select a.id, (a.raised_at at time zone ${tz})::date::text as day, r.name, a.severity
          from alerts a join alert_rules r on r.id = a.rule_id
          where a.org_id = ${orgId} and a.employee_id = ${person.id}
          order by a.raised_at`,
    );
    for (const a of alerts)
      markers.push({
        kind: 'alert',
        date: a.day,
        label: `${text('alert')}${locale === 'zh-CN' ? '：' : ': '}${a.name}`,
        ref: a.id,
        severity: a.severity,
      });
  }
  const plans = await queryRows<{ alert_id: string; ref_id: string | null; day: string }>(
    db,
    sql`select a.id as alert_id, ev.payload->>'refId' as ref_id, (ev.at at time zone ${tz})::date::text as day
        from alert_events ev join alerts a on a.id = ev.alert_id
        where ev.org_id = ${orgId} and a.org_id = ${orgId} and a.employee_id = ${person.id}
          and ev.kind = 'action_linked' and ev.payload->>'actionKind' = 'improvement_plan'
        order by ev.at`,
  );
  for (const p of plans)
    markers.push({ kind: 'plan', date: p.day, label: text('plan'), ref: p.ref_id ?? p.alert_id, severity: null });
  if (person.exitDate)
    markers.push({ kind: 'exit', date: person.exitDate, label: text('exit'), ref: null, severity: null });
  return markers.sort((a, b) => a.date.localeCompare(b.date));
}

/** Review results per cycle: a person sees their own only once published; HR, admin and managers all launched ones. */
async function reviewsOf(db: DbOrTx, ctx: TrajectoryCtx, employeeId: string) {
  const self = ctx.auth.employeeId === employeeId;
  const hrOrAdmin = ctx.auth.role === 'admin' || ctx.auth.role === 'hr';
  const rows = await queryRows<{
    id: string;
    cycle_id: string;
    cycle_name: string;
    stage: string;
    period_type: string;
    period_start: string;
    period_end: string;
    tenure_stage: string;
    total: string;
    grade: string | null;
  }>(
    db,
    sql`select p.id, c.id as cycle_id, c.name as cycle_name, c.stage, c.period_type, c.period_start::text as period_start,
          c.period_end::text as period_end, p.tenure_stage, p.total::text as total, coalesce(p.grade, p.computed_grade) as grade
        from review_participants p join review_cycles c on c.id = p.cycle_id
        where p.org_id = ${ctx.auth.orgId} and c.org_id = ${ctx.auth.orgId} and p.employee_id = ${employeeId}
          ${self && !hrOrAdmin ? sql`and c.stage in ('published', 'closed')` : sql``}
        order by c.period_start, c.created_at`,
  );
  return rows.map((r) => ({
    participantId: r.id,
    cycle: { id: r.cycle_id, name: r.cycle_name },
    stage: r.stage as Trajectory['reviews'][number]['stage'],
    periodType: r.period_type,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    tenureStage: r.tenure_stage as Trajectory['reviews'][number]['tenureStage'],
    total: new Decimal(r.total).toFixed(2),
    grade: r.grade,
  }));
}

/**
 * A person's whole timeline (成长轨迹): the chosen metrics per period with their targets, the review
 * results, the markers, and per metric growth speed, volatility and slack index. The indicators are always
 * computed on the monthly series of closed months, whatever period type the timeline shows.
 */
export async function personTrajectory(
  db: DbOrTx,
  ctx: TrajectoryCtx,
  employeeId: string,
  q: z.output<typeof trajectoryQuery>,
  locale: Locale,
): Promise<Trajectory> {
  const orgId = ctx.auth.orgId;
  const person = await getEmployee(db, ctx.scope, employeeId);
  const catalog = await loadCatalog(db, orgId);
  const unknown = (q.metrics ?? []).map((k, i) => ({ k, i })).filter(({ k }) => !catalog.byKey.has(k));
  if (unknown.length)
    fail(
      'VALIDATION_FAILED',
      unknown.map(({ i }) => ({ field: `metrics.${i}`, code: 'UNKNOWN_METRIC' })),
    );
  const keys = q.metrics ? [...new Set(q.metrics)] : await defaultMetrics(db, ctx, person, catalog);
  const metrics = keys.map((k) => catalog.byKey.get(k)!);

  const periodType = q.periodType as PeriodTypeName;
  const current = periodStartOf(periodType, ctx.today);
  const exited = person.exitDate !== null && person.exitDate <= ctx.today;
  const end = exited ? periodStartOf(periodType, person.exitDate!) : current;
  const starts = await dataStarts(db, orgId, [person.id], periodType);
  const dataStart = starts.get(person.id);
  const hirePeriod = periodStartOf(periodType, person.hireDate);
  let start = dataStart && dataStart < hirePeriod ? dataStart : hirePeriod;
  if (periodType === 'week') {
    const earliest = periodStartOf('week', addDays(end, -7 * (MAX_WEEKS - 1)));
    if (start < earliest) start = earliest;
  }
  const periods = start <= end ? periodsBetween(periodType, start, end) : [];
  const rows = await readValues(db, orgId, { people: [person.id], metricKeys: keys, periodType, from: start, to: end });
  const values = indexValues(rows);
  const targets = await agreedPersonTargets(db, orgId, { employeeIds: [person.id], periodType, from: start, to: end });

  // The indicators: monthly series of the person's own months, up to the last closed one.
  const currentMonth = periodStartOf('month', ctx.today);
  const lastClosedMonth = addMonths(currentMonth, -1);
  const monthlyEnd =
    exited && monthStartOf(person.exitDate!) < lastClosedMonth ? monthStartOf(person.exitDate!) : lastClosedMonth;
  const monthlyStarts = periodType === 'month' ? starts : await dataStarts(db, orgId, [person.id], 'month');
  const monthlyDataStart = monthlyStarts.get(person.id);
  const hireMonth = monthStartOf(person.hireDate);
  const monthlyStart = monthlyDataStart && monthlyDataStart < hireMonth ? monthlyDataStart : hireMonth;
  const months = monthlyStart <= monthlyEnd ? periodsBetween('month', monthlyStart, monthlyEnd) : [];
  const monthlyValues =
    periodType === 'month'
      ? values
      : indexValues(
          await readValues(db, orgId, {
            people: [person.id],
            metricKeys: keys,
            periodType: 'month',
            from: monthlyStart,
            to: monthlyEnd,
          }),
        );

  const out: TrajectoryMetric[] = metrics.map((m) => {
    const places = placesOf(m);
    const points = periods.map((p) => {
      const value = valueAt(values, m, person.id, p, dataStart);
      const target = targets.get(`${person.id}|${m.key}|${p}`) ?? null;
      return {
        periodStart: p,
        value: fixed(value, places),
        target: fixed(target, places),
        attainment: attainmentOf(value, target),
      };
    });
    const monthly = months.map((month) => ({
      month,
      value: num(valueAt(monthlyValues, m, person.id, month, monthlyDataStart)),
    }));
    return {
      key: m.key,
      name: m.names[locale],
      unit: m.unit,
      points,
      stats: statsOf(m, monthly, person, lastClosedMonth, q.window),
    };
  });

  const probationTo = person.regularizationDate
    ? addDays(person.regularizationDate, -1)
    : person.status === 'probation' || person.status === 'candidate'
      ? person.probationEndDate
      : null;
  return {
    employee: {
      id: person.id,
      name: person.name,
      employeeNo: person.employeeNo,
      status: person.status as Trajectory['employee']['status'],
      unit: { id: person.unitId, name: person.unitName },
      position: person.positionId ? { id: person.positionId, name: person.positionName ?? '' } : null,
      hireDate: person.hireDate,
      probationEndDate: person.probationEndDate,
      regularizationDate: person.regularizationDate,
      exitDate: person.exitDate,
    },
    periodType: q.periodType,
    periods,
    openPeriod: end === current ? current : null,
    probation: probationTo && probationTo >= person.hireDate ? { from: person.hireDate, to: probationTo } : null,
    window: q.window,
    metrics: out,
    reviews: await reviewsOf(db, ctx, person.id),
    markers: await markersOf(db, ctx, person, locale),
  };
}
