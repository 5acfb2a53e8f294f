import type { ActivityView } from '@stride/contracts';
import { addDays, addMonths } from '@stride/domain';
import { and, desc, eq, gte, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { activities, employees } from '../../db/schema';
import { fail } from '../../lib/errors';
import { assertUnitVisible, employeeVisibility, type Scope, unitSubtreeIds } from '../access/scope';
import { drillDownCondition, loadCatalog } from '../metrics/catalog.service';
import { unitPeople } from '../metrics/team.service';

export interface ActivityQuery {
  employeeId?: string;
  unitId?: string;
  type?: string;
  from?: string;
  to?: string;
  metric?: string;
  unmatched?: 'true' | 'false';
  cursor?: string;
  limit: number;
}

function decodeCursor(cursor: string): { at: Date; source: string; externalId: string } {
  const [at, source, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at);
  if (Number.isNaN(date.getTime()) || !source || rest.length === 0)
    fail('INVALID_CURSOR', [{ field: 'cursor', code: 'INVALID_CURSOR' }]);
  return { at: date, source, externalId: rest.join('|') };
}

/**
 * The period a from–to range is exactly (a week from Monday, a calendar month, quarter or year), or null. The
 * drill-down of a metric that compares a period with the one before needs to know which period it is.
 */
export function periodOfRange(from?: string, to?: string): { start: string; type: string } | null {
  if (!from || !to) return null;
  const [, m, d] = from.split('-').map(Number);
  const lastOf = (months: number) => addDays(addMonths(from, months), -1);
  if (new Date(`${from}T00:00:00Z`).getUTCDay() === 1 && to === addDays(from, 6)) return { start: from, type: 'week' };
  if (d !== 1) return null;
  if (to === lastOf(1)) return { start: from, type: 'month' };
  if (m % 3 === 1 && to === lastOf(3)) return { start: from, type: 'quarter' };
  if (m === 1 && to === lastOf(12)) return { start: from, type: 'year' };
  return null;
}

/** Newest first. Unmatched facts (no person yet) are visible only to callers who see the whole organization. */
export async function findActivityPage(db: DbOrTx, scope: Scope, q: ActivityQuery) {
  const conds: SQL[] = [eq(activities.orgId, scope.orgId)];
  if (q.unmatched === 'true') {
    if (scope.kind !== 'org') fail('FORBIDDEN');
    conds.push(isNull(activities.employeeId));
  } else if (q.unitId) {
    // A team's facts: whoever did them, as long as they did them for this unit (or one below it). Its manager
    // sees them even of people who have moved on; a unit outside the caller's scope is refused.
    if (scope.kind === 'self') fail('FORBIDDEN');
    await assertUnitVisible(db, scope, q.unitId);
    const from = q.from ? sql`${q.from}::date` : sql`'-infinity'::date`;
    const to = q.to ? sql`(${q.to}::date + 1)` : null;
    conds.push(
      sql`${activities.employeeId} in ${unitPeople(scope.orgId, q.unitId, from, to)}
        and coalesce(${activities.unitId}, ${employees.unitId}) in ${unitSubtreeIds(scope.orgId, q.unitId)}`,
    );
  } else {
    conds.push(employeeVisibility(scope));
  }
  if (q.employeeId) conds.push(eq(activities.employeeId, q.employeeId));
  if (q.type) conds.push(eq(activities.type, q.type));
  if (q.from) conds.push(gte(activities.localDate, q.from));
  if (q.to) conds.push(lte(activities.localDate, q.to));
  if (q.metric) {
    const metric =
      (await loadCatalog(db, scope.orgId)).byKey.get(q.metric) ??
      fail('VALIDATION_FAILED', [{ field: 'metric', code: 'UNKNOWN_METRIC' }]);
    // Exactly the facts the value counts: the metric's types and, for a custom aggregate, its filter.
    const period = periodOfRange(q.from, q.to);
    if (metric.periodScan && !period) fail('VALIDATION_FAILED', [{ field: 'from', code: 'METRIC_NEEDS_PERIOD' }]);
    conds.push(drillDownCondition(metric, period));
  }
  const base = db
    .select({ a: activities, employeeName: employees.name, employeeNo: employees.employeeNo })
    .from(activities)
    .leftJoin(employees, eq(employees.id, activities.employeeId));
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(activities)
    .leftJoin(employees, eq(employees.id, activities.employeeId))
    .where(and(...conds));
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    conds.push(
      or(
        sql`${activities.occurredAt} < ${c.at}`,
        and(
          eq(activities.occurredAt, c.at),
          sql`(${activities.source}, ${activities.externalId}) > (${c.source}, ${c.externalId})`,
        ),
      )!,
    );
  }
  const rows = await base
    .where(and(...conds))
    .orderBy(desc(activities.occurredAt), activities.source, activities.externalId)
    .limit(q.limit + 1);
  const items: ActivityView[] = rows.slice(0, q.limit).map(({ a, employeeName, employeeNo }) => ({
    source: a.source,
    externalId: a.externalId,
    type: a.type,
    employee: a.employeeId ? { id: a.employeeId, name: employeeName ?? '', employeeNo: employeeNo ?? '' } : null,
    personRef: a.personRef as Record<string, string>,
    occurredAt: a.occurredAt.toISOString(),
    localDate: a.localDate,
    unitId: a.unitId,
    amount: a.amount,
    currency: a.currency,
    quantity: a.quantity,
    customer: { externalId: a.customerExternalId, name: a.customerName, tier: a.customerTier },
    isVoided: a.isVoided,
    version: a.version,
    updatedAt: a.updatedAt.toISOString(),
  }));
  const last = rows[q.limit - 1];
  const nextCursor =
    rows.length > q.limit && last
      ? Buffer.from(`${last.a.occurredAt.toISOString()}|${last.a.source}|${last.a.externalId}`).toString('base64url')
      : null;
  return { items, total: Number(total), nextCursor };
}
