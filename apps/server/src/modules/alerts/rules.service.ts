import type { AlertRule, AlertRuleDraft, AlertRulePreview } from '@stride/contracts';
import { addDays } from '@stride/domain';
import { sql } from 'drizzle-orm';
import { type Db, type DbOrTx, queryRows } from '../../db/client';
import { alertRules } from '../../db/schema';
import { fail } from '../../lib/errors';
import type { AuditActor } from '../audit/audit.service';
import { appendAudit } from '../audit/audit.service';
import { loadCatalog } from '../metrics/catalog.service';
import { getPerformanceSettings } from '../scorecards/applicability.service';
import { inScope, type JudgedPeriod, loadPeople, nextPeriod, type RuleRow } from './data';
import { installBuiltinRules, ruleRow } from './defaults';
import { detect } from './detect';
import { judgedPeriod, loadRuleData, loadRules } from './evaluator';

export async function listRules(db: DbOrTx, orgId: string): Promise<AlertRule[]> {
  const rules = await loadRules(db, orgId, false);
  const counts = await queryRows<{ rule_id: string; n: number }>(
    db,
    sql`select rule_id::text as rule_id, count(*)::int as n from alerts
        where org_id = ${orgId} and status in ('open', 'acknowledged', 'action_linked') group by rule_id`,
  );
  const updated = await queryRows<{ id: string; updated_at: string }>(
    db,
    sql`select id::text as id, updated_at::text as updated_at from alert_rules where org_id = ${orgId}`,
  );
  const open = new Map(counts.map((c) => [c.rule_id, c.n]));
  const at = new Map(updated.map((u) => [u.id, new Date(u.updated_at).toISOString()]));
  return rules.map((r) => present(r, open.get(r.id) ?? 0, at.get(r.id) ?? ''));
}

function present(r: RuleRow, openAlerts: number, updatedAt: string): AlertRule {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    enabled: r.enabled,
    metricKey: r.metricKey,
    periodType: r.periodType,
    params: r.params,
    scope: r.scope,
    severity: r.severity,
    minPeriods: r.minPeriods,
    cooldownDays: r.cooldownDays,
    recoverAfter: r.recoverAfter,
    recipients: r.recipients as AlertRule['recipients'],
    version: r.version,
    openAlerts,
    updatedAt,
  };
}

export async function getRule(db: DbOrTx, orgId: string, id: string): Promise<AlertRule> {
  const rule = (await listRules(db, orgId)).find((r) => r.id === id);
  return rule ?? fail('ALERT_RULE_NOT_FOUND');
}

async function checkMetric(db: DbOrTx, orgId: string, draft: AlertRuleDraft) {
  if (draft.kind === 'no_activity' || !draft.metricKey) return;
  const catalog = await loadCatalog(db, orgId);
  if (!catalog.byKey.has(draft.metricKey)) fail('VALIDATION_FAILED', [{ field: 'metricKey', code: 'UNKNOWN_METRIC' }]);
  if (draft.kind === 'combined_decline') {
    const also = (draft.params.alsoMetrics as string[] | undefined) ?? [];
    const unknown = also.flatMap((k, i) => (catalog.byKey.has(k) ? [] : [i]));
    if (unknown.length)
      fail(
        'VALIDATION_FAILED',
        unknown.map((i) => ({ field: `params.alsoMetrics.${i}`, code: 'UNKNOWN_METRIC' })),
      );
  }
}

export async function createRule(db: Db, actor: AuditActor, draft: AlertRuleDraft, now: Date): Promise<string> {
  await checkMetric(db, actor.orgId, draft);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(alertRules)
      .values({ ...ruleRow(actor.orgId, draft, actor.userId ?? null), createdAt: now, updatedAt: now })
      .returning({ id: alertRules.id });
    await appendAudit(
      tx,
      actor,
      { action: 'alert_rule.created', entityType: 'alert_rule', entityId: row.id, after: draft },
      now,
    );
    return row.id;
  });
}

export async function updateRule(
  db: Db,
  actor: AuditActor,
  id: string,
  draft: AlertRuleDraft,
  version: number,
  now: Date,
): Promise<void> {
  await checkMetric(db, actor.orgId, draft);
  await db.transaction(async (tx) => {
    const [before] = (await loadRules(tx, actor.orgId, false)).filter((r) => r.id === id);
    if (!before) fail('ALERT_RULE_NOT_FOUND');
    const row = ruleRow(actor.orgId, draft, null);
    const updated = await queryRows<{ id: string }>(
      tx,
      sql`update alert_rules set kind = ${row.kind}, name = ${row.name}, enabled = ${row.enabled},
            metric_key = ${row.metricKey}, period_type = ${row.periodType}, params = ${JSON.stringify(row.params)}::jsonb,
            scope = ${JSON.stringify(row.scope)}::jsonb, severity = ${row.severity}, min_periods = ${row.minPeriods},
            cooldown_days = ${row.cooldownDays}, recover_after = ${row.recoverAfter},
            recipients = ${JSON.stringify(row.recipients)}::jsonb, version = version + 1, updated_at = ${now.toISOString()}
          where id = ${id} and org_id = ${actor.orgId} and version = ${version}
          returning id::text as id`,
    );
    if (updated.length === 0) fail('ALERT_RULE_VERSION_CONFLICT');
    await appendAudit(
      tx,
      actor,
      { action: 'alert_rule.updated', entityType: 'alert_rule', entityId: id, before: { ...before }, after: draft },
      now,
    );
  });
}

export async function deleteRule(db: Db, actor: AuditActor, id: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [rule] = (await loadRules(tx, actor.orgId, false)).filter((r) => r.id === id);
    if (!rule) fail('ALERT_RULE_NOT_FOUND');
    const [used] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from alerts where rule_id = ${id}`);
    if (used.n > 0) fail('ALERT_RULE_IN_USE');
    await tx.execute(sql`delete from alert_rules where id = ${id} and org_id = ${actor.orgId}`);
    await appendAudit(
      tx,
      actor,
      { action: 'alert_rule.deleted', entityType: 'alert_rule', entityId: id, before: { ...rule } },
      now,
    );
  });
}

export async function restoreBuiltins(db: Db, actor: AuditActor, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const added = await installBuiltinRules(tx, actor.orgId, actor.userId ?? null);
    if (added)
      await appendAudit(
        tx,
        actor,
        { action: 'alert_rule.builtins_restored', entityType: 'org', entityId: actor.orgId, after: { added } },
        now,
      );
    return added;
  });
}

/**
 * The rule editor's preview: the rule (saved or not) judged at the end of each of the last 12 months'
 * periods, seeing only what was known then, for everyone in its scope today. An alert counts once per run of
 * consecutive firing periods (that is what the live evaluator raises), the cooldown applied between runs.
 */
export async function previewRule(
  db: DbOrTx,
  orgId: string,
  draft: AlertRuleDraft,
  today: string,
): Promise<AlertRulePreview> {
  await checkMetric(db, orgId, draft);
  const rule: RuleRow = { ...ruleRow(orgId, draft, null), id: 'preview', version: 0 } as unknown as RuleRow;
  const last = judgedPeriod(rule, today);
  const periods: string[] = [];
  if (rule.periodType === 'day') {
    // Inactivity is judged daily; the preview samples it weekly (each Sunday-equivalent step of 7 days).
    for (let i = 51; i >= 0; i--) periods.push(nextPeriod('week', last, -i));
  } else {
    const type = rule.periodType as JudgedPeriod;
    const n = type === 'week' ? 52 : type === 'month' ? 12 : 4;
    for (let i = n - 1; i >= 0; i--) periods.push(nextPeriod(type, last, -i));
  }
  const { earlyStageMonths } = await getPerformanceSettings(db, orgId);
  const everyone = await loadPeople(db, orgId, today, earlyStageMonths);
  const judged = everyone.filter((p) => inScope(rule, p));
  const catalog = await loadCatalog(db, orgId);
  const data = await loadRuleData(db, rule, everyone, judged, periods[0], last, catalog);
  const byPeriod = new Map(periods.map((p) => [p, 0]));
  const people: AlertRulePreview['people'] = [];
  let alerts = 0;
  const unitNames = new Map(
    (
      await queryRows<{ id: string; name: string }>(
        db,
        sql`select id::text as id, name from org_units where org_id = ${orgId}`,
      )
    ).map((u) => [u.id, u.name]),
  );
  for (const person of judged) {
    let firing = false;
    let first: string | null = null;
    let count = 0;
    let cooldownUntil = '';
    for (const period of periods) {
      const s = detect(data, person, period);
      if (s.status === 'fired') {
        count++;
        byPeriod.set(period, (byPeriod.get(period) ?? 0) + 1);
        if (!firing && period >= cooldownUntil) {
          alerts++;
          first ??= period;
        }
        firing = true;
      } else if (s.status === 'clear' && firing) {
        firing = false;
        cooldownUntil = addDays(period, rule.cooldownDays);
      }
    }
    if (first)
      people.push({
        employee: { id: person.id, name: person.name, employeeNo: person.employeeNo },
        unit: { id: person.unitId, name: unitNames.get(person.unitId) ?? '' },
        firstPeriod: first,
        periods: count,
      });
  }
  people.sort((a, b) => b.periods - a.periods || a.firstPeriod.localeCompare(b.firstPeriod));
  return {
    from: periods[0],
    to: last,
    periodsJudged: periods.length,
    alerts,
    people,
    byPeriod: [...byPeriod].map(([period, count]) => ({ period, count })),
  };
}
