import type { AlertDetail, AlertItem, AlertRuleKind, AlertSummary, Locale } from '@stride/contracts';
import { type SQL, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, queryRows } from '../../db/client';
import { decodeCursor } from '../../lib/cursor';
import { fail } from '../../lib/errors';
import { type Scope, unitSubtreeIds } from '../access/scope';
import type { AuditActor } from '../audit/audit.service';
import { appendAudit } from '../audit/audit.service';
import { loadCatalog } from '../metrics/catalog.service';
import { recordAlertEvent } from './events';
import { summarize } from './messages';

/**
 * Which alerts a scope sees: HR and admin the organization's, a manager those of the people in the units
 * they lead (not their own), an employee their own alerts of rules that tell the employee.
 */
function visible(scope: Scope): SQL {
  const inOrg = sql`a.org_id = ${scope.orgId}`;
  if (scope.kind === 'org') return inOrg;
  if (scope.kind === 'self')
    return scope.employeeId
      ? sql`${inOrg} and a.employee_id = ${scope.employeeId} and (r.recipients->'employee'->>'enabled')::boolean`
      : sql`false`;
  if (scope.unitIds.length === 0) return sql`false`;
  return sql`${inOrg} and e.unit_id in (select (jsonb_array_elements_text(${JSON.stringify(scope.unitIds)}::jsonb))::uuid)
    and a.employee_id is distinct from ${scope.selfEmployeeId}`;
}

interface Row {
  id: string;
  rule_id: string;
  rule_name: string;
  rule_kind: AlertRuleKind;
  metric_key: string | null;
  rule_version: number;
  employee_id: string;
  employee_name: string;
  employee_no: string;
  unit_id: string;
  unit_name: string;
  status: AlertItem['status'];
  severity: AlertItem['severity'];
  onset_period: string | null;
  period: string | null;
  confidence: string;
  evidence: Record<string, unknown>;
  params: Record<string, unknown>;
  raised_at: string;
  evaluated_at: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
  resolution_note: string | null;
  version: number;
}

const select = sql`select a.id::text as id, r.id::text as rule_id, r.name as rule_name, r.kind as rule_kind,
    r.metric_key, a.rule_version, e.id::text as employee_id, e.name as employee_name, e.employee_no,
    u.id::text as unit_id, u.name as unit_name, a.status, a.severity, a.onset_period::text as onset_period,
    a.period::text as period, a.confidence::text as confidence, a.evidence, r.params, a.raised_at::text as raised_at,
    a.evaluated_at::text as evaluated_at, a.acknowledged_at::text as acknowledged_at,
    a.resolved_at::text as resolved_at, a.resolution_note, a.version
  from alerts a join alert_rules r on r.id = a.rule_id join employees e on e.id = a.employee_id
  join org_units u on u.id = e.unit_id`;

const iso = (s: string | null) => (s ? new Date(s).toISOString() : null);

function present(r: Row, locale: Locale, metricName: string, metricUnit: string | null): AlertItem {
  return {
    id: r.id,
    rule: { id: r.rule_id, name: r.rule_name, kind: r.rule_kind, metricKey: r.metric_key },
    ruleVersion: r.rule_version,
    employee: { id: r.employee_id, name: r.employee_name, employeeNo: r.employee_no },
    unit: { id: r.unit_id, name: r.unit_name },
    status: r.status,
    severity: r.severity,
    onsetPeriod: r.onset_period,
    period: r.period,
    confidence: Number(r.confidence),
    evidence: {
      ...r.evidence,
      metric: r.metric_key ? { key: r.metric_key, name: metricName, unit: metricUnit } : null,
      params: r.params,
    },
    summary: summarize(r.rule_kind, metricName, r.evidence, locale),
    raisedAt: iso(r.raised_at)!,
    evaluatedAt: iso(r.evaluated_at)!,
    acknowledgedAt: iso(r.acknowledged_at),
    resolvedAt: iso(r.resolved_at),
    resolutionNote: r.resolution_note,
    version: r.version,
  };
}

async function presenter(db: DbOrTx, orgId: string, locale: Locale) {
  const catalog = await loadCatalog(db, orgId);
  return (r: Row) => {
    const m = r.metric_key ? catalog.byKey.get(r.metric_key) : undefined;
    return present(r, locale, m?.names[locale] ?? r.metric_key ?? '', m?.unit ?? null);
  };
}

export interface AlertQuery {
  status?: AlertItem['status'] | 'live';
  severity?: AlertItem['severity'];
  employeeId?: string;
  unitId?: string;
  ruleId?: string;
  cursor?: string;
  limit: number;
}

const CURSOR_SHAPE = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|[0-9a-f-]{36}$/;

export async function listAlerts(db: DbOrTx, scope: Scope, q: AlertQuery, locale: Locale) {
  const where: SQL[] = [visible(scope)];
  if (q.status === 'live') where.push(sql`a.status in ('open', 'acknowledged', 'action_linked')`);
  else if (q.status) where.push(sql`a.status = ${q.status}`);
  if (q.severity) where.push(sql`a.severity = ${q.severity}`);
  if (q.employeeId) where.push(sql`a.employee_id = ${q.employeeId}`);
  if (q.ruleId) where.push(sql`a.rule_id = ${q.ruleId}`);
  if (q.unitId) where.push(sql`e.unit_id in ${unitSubtreeIds(scope.orgId, q.unitId)}`);
  const filter = sql.join(where, sql` and `);
  const [{ total }] = await queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total from alerts a join alert_rules r on r.id = a.rule_id
        join employees e on e.id = a.employee_id where ${filter}`,
  );
  let after = sql``;
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor, CURSOR_SHAPE).split('|');
    after = sql`and (a.raised_at, a.id) < (${at}::timestamptz, ${id}::uuid)`;
  }
  const rows = await queryRows<Row>(
    db,
    sql`${select} where ${filter} ${after} order by a.raised_at desc, a.id desc limit ${q.limit + 1}`,
  );
  const page = rows.slice(0, q.limit);
  const show = await presenter(db, scope.orgId, locale);
  const lastRow = page.at(-1);
  return {
    items: page.map(show),
    nextCursor:
      rows.length > q.limit && lastRow
        ? Buffer.from(`${new Date(lastRow.raised_at).toISOString()}|${lastRow.id}`).toString('base64url')
        : null,
    total,
  };
}

export async function alertSummary(db: DbOrTx, scope: Scope, now: Date): Promise<AlertSummary> {
  const rows = await queryRows<{ status: string; severity: string; n: number; recent: number }>(
    db,
    sql`select a.status, a.severity, count(*)::int as n,
          count(*) filter (where a.raised_at >= ${new Date(now.getTime() - 30 * 86_400_000).toISOString()}::timestamptz)::int as recent
        from alerts a join alert_rules r on r.id = a.rule_id join employees e on e.id = a.employee_id
        where ${visible(scope)} group by a.status, a.severity`,
  );
  const live = { high: 0, medium: 0, low: 0 };
  const byStatus: Record<string, number> = {};
  let recent = 0;
  for (const r of rows) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n;
    recent += r.recent;
    if (['open', 'acknowledged', 'action_linked'].includes(r.status)) live[r.severity as keyof typeof live] += r.n;
  }
  return { live, byStatus, raisedLast30Days: recent };
}

async function findRow(db: DbOrTx, scope: Scope, id: string): Promise<Row> {
  const [row] = await queryRows<Row>(db, sql`${select} where ${visible(scope)} and a.id = ${id}`);
  return row ?? fail('ALERT_NOT_FOUND');
}

export async function getAlert(db: DbOrTx, scope: Scope, id: string, locale: Locale): Promise<AlertDetail> {
  const row = await findRow(db, scope, id);
  const events = await queryRows<{
    id: string;
    kind: string;
    actor_id: string | null;
    actor_name: string | null;
    note: string | null;
    payload: Record<string, unknown>;
    at: string;
  }>(
    db,
    sql`select ev.id::text as id, ev.kind, ev.actor_id::text as actor_id, coalesce(emp.name, usr.username) as actor_name,
          ev.note, ev.payload, ev.at::text as at
        from alert_events ev left join users usr on usr.id = ev.actor_id left join employees emp on emp.id = usr.employee_id
        where ev.alert_id = ${id}
        order by ev.at, array_position(array['raised', 'acknowledged', 'action_linked', 'resolved', 'auto_resolved'], ev.kind), ev.id`,
  );
  const show = await presenter(db, scope.orgId, locale);
  return {
    ...show(row),
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      actor: e.actor_id ? { id: e.actor_id, name: e.actor_name ?? '' } : null,
      note: e.note,
      payload: e.payload,
      at: new Date(e.at).toISOString(),
    })),
  };
}

const LIVE = ['open', 'acknowledged', 'action_linked'];

/**
 * A person's step on an alert: acknowledge (seen, owned), link an action (coaching note, improvement plan,
 * training from the catalog), or resolve with a note. Only while live; optimistic by version; audited.
 */
export async function actOnAlert(
  db: Db,
  scope: Scope,
  actor: AuditActor,
  id: string,
  step:
    | { kind: 'acknowledge'; version: number; note?: string }
    | { kind: 'action'; version: number; actionKind: string; note: string; courseIds: string[]; refId?: string }
    | { kind: 'resolve'; version: number; note: string },
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await findRow(tx, scope, id);
    if (!LIVE.includes(row.status)) fail('ALERT_CLOSED');
    if (step.kind === 'action' && step.courseIds.length) {
      const found = await queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from training_courses where org_id = ${scope.orgId}
            and id in (select (jsonb_array_elements_text(${JSON.stringify(step.courseIds)}::jsonb))::uuid)`,
      );
      if (found[0].n !== new Set(step.courseIds).size)
        fail('VALIDATION_FAILED', [{ field: 'courseIds', code: 'TRAINING_COURSE_NOT_FOUND' }]);
    }
    const status =
      step.kind === 'acknowledge'
        ? row.status === 'open'
          ? 'acknowledged'
          : row.status
        : step.kind === 'action'
          ? 'action_linked'
          : 'resolved';
    const updated = await queryRows<{ id: string }>(
      tx,
      sql`update alerts set status = ${status}, version = version + 1,
            acknowledged_at = coalesce(acknowledged_at, ${now.toISOString()}::timestamptz),
            acknowledged_by = coalesce(acknowledged_by, ${actor.userId ?? null}::uuid)
            ${step.kind === 'resolve' ? sql`, resolved_at = ${now.toISOString()}, resolved_by = ${actor.userId ?? null}, resolution_note = ${step.note}` : sql``}
          where id = ${id} and version = ${step.version} returning id::text as id`,
    );
    if (updated.length === 0) fail('ALERT_VERSION_CONFLICT');
    const kind = step.kind === 'acknowledge' ? 'acknowledged' : step.kind === 'action' ? 'action_linked' : 'resolved';
    const payload =
      step.kind === 'action'
        ? { actionKind: step.actionKind, courseIds: step.courseIds, refId: step.refId ?? null }
        : { from: row.status };
    await recordAlertEvent(tx, {
      orgId: scope.orgId,
      alertId: id,
      kind,
      actorId: actor.userId ?? null,
      note: step.note ?? null,
      payload,
      at: now,
    });
    await appendAudit(
      tx,
      actor,
      {
        action: `alert.${kind}`,
        entityType: 'alert',
        entityId: id,
        before: { status: row.status },
        after: { status, note: step.note ?? null, ...payload },
      },
      now,
    );
  });
}
