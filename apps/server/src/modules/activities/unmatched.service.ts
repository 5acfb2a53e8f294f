import { and, eq, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { employees, externalUserLinks } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { type AuditActor, appendAudit } from '../audit/audit.service';
import { recomputeMetricValues } from '../metrics/metrics.service';

/** Unknown people, grouped by how the source named them, most activity first. */
export async function findUnmatched(db: DbOrTx, orgId: string) {
  const rows = await queryRows<{
    source: string;
    kind: string;
    value: string;
    n: number;
    first_seen: Date;
    last_seen: Date;
  }>(
    db,
    sql`select source, k.key as kind, k.value as value, count(*)::int as n, min(occurred_at) as first_seen, max(occurred_at) as last_seen
        from activities a cross join lateral jsonb_each_text(a.person_ref) k
        where a.org_id = ${orgId} and a.employee_id is null
        group by source, k.key, k.value order by n desc limit 500`,
  );
  return rows.map((r) => ({
    source: r.source,
    kind: r.kind as 'employeeNo' | 'email' | 'externalUserId',
    value: r.value,
    activities: Number(r.n),
    firstSeen: new Date(r.first_seen).toISOString(),
    lastSeen: new Date(r.last_seen).toISOString(),
  }));
}

/**
 * Maps how a source names someone to a person: the link is remembered for future activity, and the
 * waiting activity is credited (with the team of each day) and flows into metrics in the same transaction.
 */
export async function resolveUnmatched(
  deps: Deps,
  actor: AuditActor,
  input: { source: string; kind: string; value: string; employeeId: string },
): Promise<number> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const [person] = await tx
      .select({ id: employees.id })
      .from(employees)
      .where(and(eq(employees.id, input.employeeId), eq(employees.orgId, actor.orgId)));
    if (!person) fail('REFERENCE_OUTSIDE_ORG', [{ field: 'employeeId', code: 'REFERENCE_OUTSIDE_ORG' }]);
    const ref = `${input.kind}:${input.value}`;
    await tx
      .insert(externalUserLinks)
      .values({
        orgId: actor.orgId,
        source: input.source,
        externalUserId: ref,
        employeeId: input.employeeId,
        createdBy: actor.userId ?? null,
        createdAt: now,
      })
      .onConflictDoUpdate({
        target: [externalUserLinks.orgId, externalUserLinks.source, externalUserLinks.externalUserId],
        set: { employeeId: input.employeeId },
      });
    const moved = await queryRows<{ local_date: string }>(
      tx,
      sql`update activities a set employee_id = ${input.employeeId}, updated_at = now(),
            unit_id = (select h.unit_id from job_history h where h.org_id = a.org_id and h.employee_id = ${input.employeeId}
              and h.effective_from <= a.local_date and (h.effective_to is null or h.effective_to >= a.local_date)
              order by h.effective_from desc limit 1)
          where a.org_id = ${actor.orgId} and a.source = ${input.source} and a.employee_id is null
            and a.person_ref = jsonb_build_object(${input.kind}::text, ${input.value}::text)
          returning a.local_date::text as local_date`,
    );
    await recomputeMetricValues(
      tx,
      actor.orgId,
      moved.map((m) => ({ employeeId: input.employeeId, localDate: m.local_date })),
    );
    await appendAudit(
      tx,
      actor,
      {
        action: 'activity.unmatched_resolved',
        entityType: 'employee',
        entityId: input.employeeId,
        after: { source: input.source, ref, activities: moved.length },
      },
      now,
    );
    return moved.length;
  });
}
