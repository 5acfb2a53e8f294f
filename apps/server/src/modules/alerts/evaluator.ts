import { createHash } from 'node:crypto';
import type { AlertRuleKind, Locale } from '@stride/contracts';
import { addDays, type Signal } from '@stride/domain';
import { sql } from 'drizzle-orm';
import { type Db, type DbOrTx, lockForOrg, queryRows } from '../../db/client';
import { loadCatalog } from '../metrics/catalog.service';
import { type NotifyItem, notify } from '../notifications/notifications.service';
import { getPerformanceSettings } from '../scorecards/applicability.service';
import {
  inScope,
  type JudgedPeriod,
  lastClosedPeriod,
  loadLastActivity,
  loadMasks,
  loadPeople,
  loadTargets,
  loadValues,
  nextPeriod,
  type Person,
  type RuleRow,
  valuesFingerprint,
  zeroWhenMissing,
} from './data';
import { detect, loadAlsoMetrics, lookback, type RuleData } from './detect';
import { recordAlertEvent } from './events';
import { behaviourFeedback, feedbackFocus } from './feedback';
import { defaultMessages, fillMessage, type Recipient, summarize } from './messages';

export interface EvalContext {
  orgId: string;
  now: Date;
  /** The organization's today (its time zone). */
  today: string;
  emailEnabled: boolean;
}

export interface EvalResult {
  evaluated: number;
  raised: number;
  updated: number;
  resolved: number;
}

export async function loadRules(db: DbOrTx, orgId: string, onlyEnabled = true): Promise<RuleRow[]> {
  return queryRows<RuleRow>(
    db,
    sql`select id::text as id, org_id::text as "orgId", kind, name, enabled, metric_key as "metricKey",
          period_type as "periodType", params, scope, severity, min_periods as "minPeriods",
          cooldown_days as "cooldownDays", recover_after as "recoverAfter", recipients, version
        from alert_rules where org_id = ${orgId} ${onlyEnabled ? sql`and enabled` : sql``}
        order by created_at, id`,
  );
}

/** The period a rule judges today: the last closed week/month/quarter, or today for inactivity. */
export function judgedPeriod(rule: Pick<RuleRow, 'periodType'>, today: string): string {
  return rule.periodType === 'day' ? today : lastClosedPeriod(rule.periodType as JudgedPeriod, today);
}

/**
 * Loads what a rule needs to judge `judged` as of the periods from `firstAsOf` to `lastAsOf`: their series
 * (and, for cohort rules, everyone's, since peers are the yardstick), targets, masks, activity days.
 */
export async function loadRuleData(
  db: DbOrTx,
  rule: RuleRow,
  everyone: Person[],
  judged: Person[],
  firstAsOf: string,
  lastAsOf: string,
  catalog: Awaited<ReturnType<typeof loadCatalog>>,
): Promise<RuleData> {
  const people = new Map(everyone.map((p) => [p.id, p]));
  const ids = judged.map((p) => p.id);
  if (rule.kind === 'no_activity') {
    const from = addDays(firstAsOf, -366);
    const masks = await loadMasks(db, rule.orgId, ids, from);
    let activityDays: Map<string, string[]>;
    if (firstAsOf === lastAsOf) {
      const last = await loadLastActivity(db, rule.orgId, ids, lastAsOf);
      activityDays = new Map([...last].map(([k, v]) => [k, [v]]));
    } else {
      activityDays = await loadActivityDays(db, rule.orgId, ids, from, lastAsOf);
    }
    return { rule, people, values: new Map(), targets: new Map(), masks, activityDays, zeroWhenMissing: false, from };
  }
  const type = rule.periodType as JudgedPeriod;
  const from = nextPeriod(type, firstAsOf, -lookback(rule));
  const metric = rule.metricKey ?? '';
  // Cohort rules and team-relative activity compare with peers: everyone's values are needed (peers are
  // only ever people of the same unit, so `everyone` may be narrowed to the units judged).
  const valueIds = comparesWithPeers(rule) ? everyone.map((p) => p.id) : ids;
  const maskIds = valueIds;
  // One after the other: inside a transaction they share one connection.
  const values = await loadValues(db, rule.orgId, metric, type, from, lastAsOf, valueIds);
  const targets =
    rule.kind === 'attainment_below'
      ? await loadTargets(db, rule.orgId, metric, type, from, lastAsOf, ids)
      : new Map<string, Map<string, number>>();
  const masks = await loadMasks(db, rule.orgId, maskIds, from);
  // combined_decline: the further metrics judged with the rule's own.
  const also = await loadAlsoMetrics(db, rule, type, from, lastAsOf, valueIds, catalog);
  return {
    rule,
    people,
    values,
    targets,
    masks,
    activityDays: new Map(),
    zeroWhenMissing: zeroWhenMissing(catalog, metric),
    from,
    ...also,
  };
}

/** Rules whose judgement of a person reads the values of their unit's other people (medians, cohorts). */
export function comparesWithPeers(rule: RuleRow): boolean {
  return (
    rule.kind === 'below_cohort' ||
    ((rule.kind === 'activity_drop' || rule.kind === 'consecutive_decline' || rule.kind === 'combined_decline') &&
      rule.params.relativeToTeam !== false)
  );
}

async function loadActivityDays(db: DbOrTx, orgId: string, ids: readonly string[], from: string, to: string) {
  const rows = await queryRows<{ employee_id: string; days: string[] }>(
    db,
    sql`select employee_id::text as employee_id, array_agg(distinct local_date::text order by local_date::text) as days
        from activities
        where org_id = ${orgId} and not is_voided and local_date between ${from} and ${to}
          and employee_id in (select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::uuid)
        group by employee_id`,
  );
  return new Map(rows.map((r) => [r.employee_id, r.days]));
}

/**
 * Signals already computed, by the digest of everything they were computed from (see judgeRule): the same
 * inputs give the same signal, so an entry never needs invalidating — changed data simply has another key.
 */
const signalCache = new Map<string, Map<string, Signal>>();
const SIGNAL_CACHE_ENTRIES = 5000;
/** How many signals came from the cache and how many were computed; per rule, whom its last round reused
 * and judged afresh (tests and benchmarks read it). */
export const signalStats = {
  cached: 0,
  detected: 0,
  lastRound: new Map<string, { cached: string[]; detected: string[] }>(),
};

const digest = (...parts: string[]) => {
  const h = createHash('sha256');
  for (const part of parts) h.update(part).update('\u0000');
  return h.digest('base64');
};

/** The metrics a rule reads: its own and, for a combined rule, the further ones. */
export function ruleMetrics(rule: RuleRow): string[] {
  const also =
    rule.kind === 'combined_decline' && Array.isArray(rule.params.alsoMetrics)
      ? (rule.params.alsoMetrics as string[])
      : [];
  return [rule.metricKey ?? '', ...also];
}

/**
 * The signal of a rule for each judged person. A person's signal depends only on their unit: their own
 * series and, for rules comparing with peers, the people of the same unit (team medians, cohorts, the
 * team's noise and ramp — detect.ts never looks beyond the unit). So per unit a digest is taken of what the
 * rule would read there — the rule and the judged period, the unit's people as loaded today (unit, position,
 * stage, dates), the metric values of the window (one md5 per unit computed by the database), the masks and,
 * for rules that read only the judged people, who they are — and a unit whose digest is unchanged reuses its
 * signals instead of loading and judging again. A batch of today's calls leaves every closed month as it
 * was, so the monthly rules cost one fingerprint query; an order in a closed month changes its unit's digest
 * and the whole unit (the teammates whose team median moved included) is judged afresh — if they are judged
 * in that round: as before, teammates who are not queued are judged at the next period close or with their
 * own next change (judging them at once would turn every batch into a judgement of whole teams).
 * Activity (no_activity) and attainment rules read data outside this digest and are judged as before.
 */
async function judgeRule(
  tx: DbOrTx,
  rule: RuleRow,
  everyone: Person[],
  judged: Person[],
  asOf: string,
  catalog: Awaited<ReturnType<typeof loadCatalog>>,
): Promise<Map<string, Signal>> {
  const out = new Map<string, Signal>();
  if (rule.kind === 'no_activity' || rule.kind === 'attainment_below') {
    const data = await loadRuleData(tx, rule, everyone, judged, asOf, asOf, catalog);
    for (const person of judged) out.set(person.id, detect(data, person, asOf));
    signalStats.detected += judged.length;
    signalStats.lastRound.set(rule.id, { cached: [], detected: judged.map((p) => p.id) });
    return out;
  }
  const peers = comparesWithPeers(rule);
  const judgedByUnit = new Map<string, Person[]>();
  for (const p of judged) judgedByUnit.set(p.unitId, [...(judgedByUnit.get(p.unitId) ?? []), p]);
  const unitPeople = new Map<string, Person[]>();
  for (const p of everyone)
    if (judgedByUnit.has(p.unitId)) unitPeople.set(p.unitId, [...(unitPeople.get(p.unitId) ?? []), p]);
  const loadedOf = (unit: string) => (peers ? unitPeople.get(unit) : judgedByUnit.get(unit)) ?? [];
  const loaded = [...judgedByUnit.keys()].flatMap(loadedOf);
  const type = rule.periodType as JudgedPeriod;
  const from = nextPeriod(type, asOf, -lookback(rule));
  const metrics = ruleMetrics(rule);
  const values = await valuesFingerprint(tx, rule.orgId, metrics, type, from, asOf, loaded);
  const masks = await loadMasks(
    tx,
    rule.orgId,
    loaded.map((p) => p.id),
    from,
  );
  const ruleKey = JSON.stringify([
    rule,
    asOf,
    from,
    metrics.map((k) => [catalog.byKey.get(k) ?? null, zeroWhenMissing(catalog, k)]),
  ]);
  const keys = new Map<string, string>();
  const missed: Person[] = [];
  for (const [unit, people] of judgedByUnit) {
    const key = digest(
      ruleKey,
      unit,
      JSON.stringify(unitPeople.get(unit) ?? []),
      JSON.stringify(loadedOf(unit).map((p) => [p.id, masks.get(p.id) ?? null])),
      values.get(unit) ?? '',
    );
    keys.set(unit, key);
    const hit = signalCache.get(key);
    for (const person of people) {
      const signal = hit?.get(person.id);
      if (signal) out.set(person.id, signal);
      else missed.push(person);
    }
  }
  signalStats.cached += out.size;
  signalStats.lastRound.set(rule.id, { cached: [...out.keys()], detected: missed.map((p) => p.id) });
  if (missed.length === 0) return out;
  // Load and judge only the units with a person to judge afresh, each with what it read before.
  const missedUnits = new Set(missed.map((p) => p.unitId));
  const data = await loadRuleData(
    tx,
    rule,
    everyone.filter((p) => missedUnits.has(p.unitId)),
    judged.filter((p) => missedUnits.has(p.unitId)),
    asOf,
    asOf,
    catalog,
  );
  for (const person of missed) {
    const signal = detect(data, person, asOf);
    out.set(person.id, signal);
    const key = keys.get(person.unitId) as string;
    const entry = signalCache.get(key) ?? new Map<string, Signal>();
    entry.set(person.id, signal);
    signalCache.delete(key);
    signalCache.set(key, entry);
  }
  signalStats.detected += missed.length;
  while (signalCache.size > SIGNAL_CACHE_ENTRIES) signalCache.delete(signalCache.keys().next().value as string);
  return out;
}

export interface LiveAlert {
  id: string;
  rule_id: string;
  employee_id: string;
  status: string;
  period: string | null;
  clear_count: number;
}

/**
 * Evaluates the organization's enabled rules for some people (all when null) as of today, and applies the
 * outcome: a new alert when a rule fires and none is live (after the cooldown), fresh evidence on a live one,
 * auto-resolution once the signal has been gone for the rule's recovery count (or at once when the data of the
 * judged period no longer shows it). Runs inside the caller's transaction.
 */
export async function evaluateAlerts(
  tx: DbOrTx,
  ctx: EvalContext,
  employeeIds: readonly string[] | null,
  rulesFilter?: (r: RuleRow) => boolean,
): Promise<EvalResult> {
  const result: EvalResult = { evaluated: 0, raised: 0, updated: 0, resolved: 0 };
  const rules = (await loadRules(tx, ctx.orgId)).filter(rulesFilter ?? (() => true));
  if (rules.length === 0 || employeeIds?.length === 0) return result;
  const { earlyStageMonths } = await getPerformanceSettings(tx, ctx.orgId);
  const everyone = await loadPeople(tx, ctx.orgId, ctx.today, earlyStageMonths);
  const wanted = employeeIds ? new Set(employeeIds) : null;
  const catalog = await loadCatalog(tx, ctx.orgId);
  const live = await queryRows<LiveAlert>(
    tx,
    sql`select id::text as id, rule_id::text as rule_id, employee_id::text as employee_id, status,
          period::text as period, clear_count
        from alerts where org_id = ${ctx.orgId} and status in ('open', 'acknowledged', 'action_linked')`,
  );
  const liveByKey = new Map(live.map((a) => [`${a.rule_id}:${a.employee_id}`, a]));
  const ended = await queryRows<{ key: string; at: string }>(
    tx,
    sql`select rule_id::text || ':' || employee_id::text as key, max(resolved_at)::text as at
        from alerts where org_id = ${ctx.orgId} and status in ('resolved', 'auto_resolved') group by 1`,
  );
  const endedAt = new Map(ended.map((e) => [e.key, new Date(e.at)]));
  const raisedNow: { alertId: string; rule: RuleRow; person: Person; signal: Signal }[] = [];

  for (const rule of rules) {
    const judged = everyone.filter((p) => (!wanted || wanted.has(p.id)) && inScope(rule, p));
    if (judged.length === 0) continue;
    const asOf = judgedPeriod(rule, ctx.today);
    const signals = await judgeRule(tx, rule, everyone, judged, asOf, catalog);
    for (const person of judged) {
      result.evaluated++;
      const signal = signals.get(person.id) as Signal;
      const key = `${rule.id}:${person.id}`;
      const current = liveByKey.get(key);
      if (signal.status === 'fired') {
        if (current && !newOnset(rule, current, signal)) {
          // The behaviour feedback written when the alert was raised stays with it.
          await tx.execute(sql`update alerts set evidence = ${JSON.stringify(signal.evidence)}::jsonb
                || case when evidence ? 'feedback' then jsonb_build_object('feedback', evidence->'feedback') else '{}'::jsonb end,
              confidence = ${signal.confidence.toFixed(3)}, period = ${signal.period}, onset_period = ${signal.onsetPeriod},
              clear_count = 0, evaluated_at = ${ctx.now.toISOString()}
            where id = ${current.id}`);
          result.updated++;
          continue;
        }
        if (current) {
          // A decline that began after the last period the live alert fired for is another one: the months of
          // the old alert are now part of the yardstick. The old alert ends and the new decline is raised.
          // Unless someone closed it in the meantime (a person's resolve does not wait for the evaluator).
          const ended = await queryRows<{ id: string }>(
            tx,
            sql`update alerts set status = 'auto_resolved', resolved_at = ${ctx.now.toISOString()},
              evaluated_at = ${ctx.now.toISOString()}, resolution_note = 'new_onset', version = version + 1
            where id = ${current.id} and status in ('open', 'acknowledged', 'action_linked') returning id`,
          );
          if (ended.length) {
            await recordAlertEvent(tx, {
              orgId: ctx.orgId,
              alertId: current.id,
              kind: 'auto_resolved',
              payload: { reason: 'new_onset', period: signal.period, onsetPeriod: signal.onsetPeriod },
              at: ctx.now,
            });
            result.resolved++;
          }
        } else {
          const lastEnd = endedAt.get(key);
          if (lastEnd && ctx.now.getTime() < lastEnd.getTime() + rule.cooldownDays * 86_400_000) continue;
        }
        const [row] = await queryRows<{ id: string }>(
          tx,
          sql`insert into alerts (org_id, rule_id, rule_version, employee_id, status, severity, onset_period, period,
                confidence, evidence, raised_at, evaluated_at)
              values (${ctx.orgId}, ${rule.id}, ${rule.version}, ${person.id}, 'open', ${rule.severity},
                ${signal.onsetPeriod}, ${signal.period}, ${signal.confidence.toFixed(3)},
                ${JSON.stringify(signal.evidence)}::jsonb, ${ctx.now.toISOString()}, ${ctx.now.toISOString()})
              on conflict (rule_id, employee_id) where status in ('open', 'acknowledged', 'action_linked') do nothing
              returning id::text as id`,
        );
        if (!row) continue;
        await recordAlertEvent(tx, {
          orgId: ctx.orgId,
          alertId: row.id,
          kind: 'raised',
          payload: { confidence: signal.confidence, period: signal.period },
          at: ctx.now,
        });
        raisedNow.push({ alertId: row.id, rule, person, signal });
        result.raised++;
      } else if (signal.status === 'clear' && current) {
        const advanced = signal.period !== null && (current.period === null || signal.period > current.period);
        // Judged again for the period already counted as clear: nothing new. Clear for the very period it
        // fired on: the data behind it changed (a correction, a mask) and the alert resolves at once.
        if (!advanced && current.clear_count > 0) continue;
        const clears = advanced ? current.clear_count + 1 : rule.recoverAfter;
        if (clears >= rule.recoverAfter) {
          await tx.execute(sql`update alerts set status = 'auto_resolved', resolved_at = ${ctx.now.toISOString()},
              clear_count = ${clears}, period = coalesce(${signal.period}, period), evaluated_at = ${ctx.now.toISOString()},
              resolution_note = ${advanced ? 'recovered' : 'data_corrected'}, version = version + 1
            where id = ${current.id}`);
          await recordAlertEvent(tx, {
            orgId: ctx.orgId,
            alertId: current.id,
            kind: 'auto_resolved',
            payload: { reason: advanced ? 'recovered' : 'data_corrected', period: signal.period, clearCount: clears },
            at: ctx.now,
          });
          result.resolved++;
        } else {
          await tx.execute(sql`update alerts set clear_count = ${clears}, period = ${signal.period},
              evaluated_at = ${ctx.now.toISOString()} where id = ${current.id}`);
        }
      }
    }
  }
  if (raisedNow.length) await tellRecipients(tx, ctx, raisedNow, catalog);
  return result;
}

/**
 * Whether a firing signal is a new decline rather than the live alert's: its onset lies after the last period
 * the alert fired for (the alert's period, less the periods it has since been clear). Periodic rules only.
 */
export function newOnset(
  rule: Pick<RuleRow, 'periodType'>,
  alert: Pick<LiveAlert, 'period' | 'clear_count'>,
  signal: Pick<Signal, 'onsetPeriod'>,
): boolean {
  if (rule.periodType === 'day' || !alert.period || !signal.onsetPeriod) return false;
  const lastFired = nextPeriod(rule.periodType as JudgedPeriod, alert.period, -alert.clear_count);
  return signal.onsetPeriod > lastFired;
}

const locales: Locale[] = ['zh-CN', 'en-US'];

/** Who is told: HR users of the organization, the person's manager (else their unit's nearest leader), the person. */
async function tellRecipients(
  tx: DbOrTx,
  ctx: EvalContext,
  raised: { alertId: string; rule: RuleRow; person: Person; signal: Signal }[],
  catalog: Awaited<ReturnType<typeof loadCatalog>>,
) {
  const hrUsers = await queryRows<{ id: string }>(
    tx,
    sql`select id::text as id from users where org_id = ${ctx.orgId} and role = 'hr' and is_active`,
  );
  const userOf = new Map(
    (
      await queryRows<{ employee_id: string; id: string }>(
        tx,
        sql`select employee_id::text as employee_id, id::text as id from users
            where org_id = ${ctx.orgId} and is_active and employee_id is not null`,
      )
    ).map((u) => [u.employee_id, u.id]),
  );
  const leaders = await queryRows<{ id: string; parent_id: string | null; leader: string | null }>(
    tx,
    sql`select id::text as id, parent_id::text as parent_id, leader_employee_id::text as leader
        from org_units where org_id = ${ctx.orgId}`,
  );
  const unitById = new Map(leaders.map((u) => [u.id, u]));
  /**
   * The person's line manager who can be told: their own manager, else the nearest leader of their unit or
   * above — skipping anyone without a Stride account, so a team lead without one does not stop the alert.
   */
  const managerUserOf = (p: Person): string | undefined => {
    const chain: string[] = [];
    if (p.managerId && p.managerId !== p.id) chain.push(p.managerId);
    let unit = unitById.get(p.unitId);
    for (let i = 0; unit && i < 50; i++) {
      if (unit.leader && unit.leader !== p.id) chain.push(unit.leader);
      unit = unit.parent_id ? unitById.get(unit.parent_id) : undefined;
    }
    for (const employeeId of chain) {
      const user = userOf.get(employeeId);
      if (user) return user;
    }
    return undefined;
  };

  const items: NotifyItem[] = [];
  for (const { alertId, rule, person, signal } of raised) {
    const metric = rule.metricKey ? catalog.byKey.get(rule.metricKey) : undefined;
    const text = (recipient: Recipient) =>
      Object.fromEntries(
        locales.map((locale) => {
          const values = {
            name: person.name,
            metric: metric?.names[locale] ?? rule.metricKey ?? '',
            summary: summarize(rule.kind as AlertRuleKind, metric?.names[locale] ?? '', signal.evidence, locale),
            period: signal.period ?? '',
            rule: rule.name,
          };
          const custom = rule.recipients[recipient]?.message?.[locale];
          const base = defaultMessages[recipient][locale];
          return [locale, { title: fillMessage(base.title, values), body: fillMessage(custom ?? base.body, values) }];
        }),
      );
    const add = (userId: string | undefined, recipient: Recipient) => {
      if (!userId || !rule.recipients[recipient]?.enabled) return;
      items.push({
        orgId: ctx.orgId,
        userId,
        kind: 'alert.raised',
        params: { text: text(recipient), alertId, severity: rule.severity },
        link: recipient === 'employee' ? null : `/alerts/${alertId}`,
        dedupeKey: `alert:${alertId}:raised`,
        // One post per group bot for the alert (HR's text, added first), never the person's own copy.
        subjectEmployeeId: person.id,
        groupKey: `alert:${alertId}:raised`,
        imGroup: recipient !== 'employee',
      });
    };
    for (const hr of hrUsers) add(hr.id, 'hr');
    const managerUser = managerUserOf(person);
    if (!hrUsers.some((h) => h.id === managerUser)) add(managerUser, 'manager');
    add(userOf.get(person.id), 'employee');
    const focus = feedbackFocus(rule, signal);
    if (focus) {
      const feedback = await behaviourFeedback(tx, ctx, focus.rule, person, focus.signal, catalog);
      const to: [string | undefined, 'employee' | 'manager'][] = [
        [userOf.get(person.id), 'employee'],
        [managerUser, 'manager'],
      ];
      for (const [userId, recipient] of to) {
        if (!userId || !rule.recipients[recipient]?.enabled) continue;
        items.push({
          orgId: ctx.orgId,
          userId,
          kind: 'alert.feedback',
          params: { text: feedback[recipient], alertId },
          link: recipient === 'employee' ? null : `/alerts/${alertId}`,
          dedupeKey: `alert:${alertId}:feedback`,
          subjectEmployeeId: person.id,
          groupKey: `alert:${alertId}:feedback`,
          imGroup: recipient === 'manager',
        });
      }
      await tx.execute(sql`update alerts set evidence = evidence || ${JSON.stringify({ feedback: feedback.facts })}::jsonb
        where id = ${alertId}`);
    }
  }
  await notify(tx, items, { emailEnabled: ctx.emailEnabled, now: ctx.now });
}

/**
 * Drains the people whose metric values changed and evaluates them, in one transaction: a crash leaves them
 * queued. Serialized per organization across processes (advisory lock).
 */
export async function drainAlertDirty(
  db: Db,
  orgId: string,
  ctx: Omit<EvalContext, 'orgId'>,
): Promise<EvalResult & { people: number }> {
  return db.transaction(async (tx) => {
    await lockForOrg(tx, 'alerts', orgId);
    // Read, judge, then remove only what was judged: rows are not locked while judging, so ingestion that
    // marks the same people again never waits for the evaluation; a person marked again meanwhile (newer
    // marked_at) stays queued for the next round.
    const rows = await queryRows<{ employee_id: string; marked_at: string }>(
      tx,
      sql`select employee_id::text as employee_id, marked_at::text as marked_at from alert_dirty where org_id = ${orgId}`,
    );
    if (rows.length === 0) return { evaluated: 0, raised: 0, updated: 0, resolved: 0, people: 0 };
    const r = await evaluateAlerts(
      tx,
      { ...ctx, orgId },
      rows.map((x) => x.employee_id),
    );
    await tx.execute(sql`delete from alert_dirty d
      using jsonb_to_recordset(${JSON.stringify(rows.map((x) => ({ e: x.employee_id, m: x.marked_at })))}::jsonb)
        as x(e uuid, m timestamptz)
      where d.org_id = ${orgId} and d.employee_id = x.e and d.marked_at <= x.m`);
    return { ...r, people: rows.length };
  });
}

/** Organizations with people waiting for evaluation. */
export async function dirtyOrgs(db: DbOrTx): Promise<string[]> {
  return (await queryRows<{ org_id: string }>(db, sql`select distinct org_id::text as org_id from alert_dirty`)).map(
    (r) => r.org_id,
  );
}
