import { createHash } from 'node:crypto';
import type { TrainingCourse } from '@stride/contracts';
import { and, eq, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, queryRows } from '../../db/client';
import { alertMasks, employees, trainingCourses } from '../../db/schema';
import { fail } from '../../lib/errors';
import { employeeVisibility, type Scope } from '../access/scope';
import type { AuditActor } from '../audit/audit.service';
import { appendAudit } from '../audit/audit.service';
import { loadMasks } from './data';
import { markForAlertEvaluation } from './dirty';

/** The person must be one the caller sees (404 otherwise, the same as a missing person). */
async function visiblePerson(db: DbOrTx, scope: Scope, employeeId: string) {
  const [row] = await db
    .select({ id: employees.id, name: employees.name, employeeNo: employees.employeeNo })
    .from(employees)
    .where(and(employeeVisibility(scope), eq(employees.id, employeeId)));
  return row ?? fail('EMPLOYEE_NOT_FOUND');
}

/** A person's masked periods: entered ones (deletable) and those derived from job history and target resets. */
export async function listMasks(db: DbOrTx, scope: Scope, employeeId: string | undefined) {
  const people = employeeId
    ? [await visiblePerson(db, scope, employeeId)]
    : await db
        .select({ id: employees.id, name: employees.name, employeeNo: employees.employeeNo })
        .from(employees)
        .where(
          and(
            employeeVisibility(scope),
            sql`${employees.id} in (select employee_id from alert_masks where org_id = ${scope.orgId})`,
          ),
        );
  if (people.length === 0) return { items: [] };
  const byId = new Map(people.map((p) => [p.id, p]));
  const manual = await queryRows<{
    id: string;
    employee_id: string;
    kind: string;
    start: string;
    end: string;
    note: string | null;
  }>(
    db,
    sql`select id::text as id, employee_id::text as employee_id, kind, start_date::text as start, end_date::text as "end", note
        from alert_masks where org_id = ${scope.orgId}
          and employee_id in (select (jsonb_array_elements_text(${JSON.stringify([...byId.keys()])}::jsonb))::uuid)
        order by start_date desc`,
  );
  const items = manual.map((m) => ({
    id: m.id,
    employee: byId.get(m.employee_id)!,
    kind: m.kind as 'leave' | 'territory_change' | 'quota_reset',
    startDate: m.start,
    endDate: m.end,
    note: m.note,
    source: 'manual' as const,
  }));
  if (employeeId) {
    const derived = (await loadMasks(db, scope.orgId, [employeeId], '1900-01-01')).get(employeeId) ?? [];
    for (const d of derived.filter((x) => x.source !== 'manual'))
      items.push({
        // Derived spans have no row of their own: a stable id from what they are.
        id: derivedId(`${employeeId}:${d.kind}:${d.start}:${d.metricKey ?? ''}`),
        employee: byId.get(employeeId)!,
        kind: d.kind,
        startDate: d.start,
        endDate: d.end,
        note: d.metricKey ?? null,
        source: d.source as 'manual',
      });
  }
  items.sort((a, b) => b.startDate.localeCompare(a.startDate));
  return { items };
}

function derivedId(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function createMask(
  db: Db,
  scope: Scope,
  actor: AuditActor,
  input: { employeeId: string; kind: string; startDate: string; endDate: string; note?: string },
  now: Date,
) {
  return db.transaction(async (tx) => {
    const person = await visiblePerson(tx, scope, input.employeeId);
    const [row] = await tx
      .insert(alertMasks)
      .values({
        orgId: scope.orgId,
        employeeId: input.employeeId,
        kind: input.kind,
        startDate: input.startDate,
        endDate: input.endDate,
        note: input.note ?? null,
        createdBy: actor.userId ?? null,
        createdAt: now,
      })
      .returning();
    // The person's alerts are judged again with the new mask.
    await markForAlertEvaluation(tx, scope.orgId, input.employeeId);
    await appendAudit(
      tx,
      actor,
      { action: 'alert_mask.created', entityType: 'alert_mask', entityId: row.id, after: input },
      now,
    );
    return {
      id: row.id,
      employee: person,
      kind: row.kind as 'leave',
      startDate: row.startDate,
      endDate: row.endDate,
      note: row.note,
      source: 'manual' as const,
    };
  });
}

export async function deleteMask(db: Db, scope: Scope, actor: AuditActor, id: string, now: Date) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(alertMasks)
      .where(and(eq(alertMasks.id, id), eq(alertMasks.orgId, scope.orgId)));
    if (!row) fail('ALERT_MASK_NOT_FOUND');
    await visiblePerson(tx, scope, row.employeeId).catch(() => fail('ALERT_MASK_NOT_FOUND'));
    await tx.delete(alertMasks).where(eq(alertMasks.id, id));
    await markForAlertEvaluation(tx, scope.orgId, row.employeeId);
    await appendAudit(
      tx,
      actor,
      { action: 'alert_mask.deleted', entityType: 'alert_mask', entityId: id, before: row },
      now,
    );
  });
}

// Training catalog

const presentCourse = (c: typeof trainingCourses.$inferSelect): TrainingCourse => ({
  id: c.id,
  title: c.title,
  url: c.url,
  description: c.description,
  metricKeys: c.metricKeys as string[],
  competencies: c.competencies as string[],
  focus: c.focus as Record<string, string>,
  active: c.active,
});

export async function listCourses(db: DbOrTx, orgId: string) {
  const rows = await db
    .select()
    .from(trainingCourses)
    .where(eq(trainingCourses.orgId, orgId))
    .orderBy(trainingCourses.createdAt);
  return { items: rows.map(presentCourse) };
}

type CourseInput = Omit<TrainingCourse, 'id'>;

export async function saveCourse(db: Db, actor: AuditActor, id: string | null, input: CourseInput, now: Date) {
  return db.transaction(async (tx) => {
    if (id) {
      const [before] = await tx
        .select()
        .from(trainingCourses)
        .where(and(eq(trainingCourses.id, id), eq(trainingCourses.orgId, actor.orgId)));
      if (!before) fail('TRAINING_COURSE_NOT_FOUND');
      const [row] = await tx
        .update(trainingCourses)
        .set({ ...input, updatedAt: now })
        .where(eq(trainingCourses.id, id))
        .returning();
      await appendAudit(
        tx,
        actor,
        { action: 'training_course.updated', entityType: 'training_course', entityId: id, before, after: input },
        now,
      );
      return presentCourse(row);
    }
    const [row] = await tx
      .insert(trainingCourses)
      .values({ ...input, orgId: actor.orgId, createdAt: now, updatedAt: now })
      .returning();
    await appendAudit(
      tx,
      actor,
      { action: 'training_course.created', entityType: 'training_course', entityId: row.id, after: input },
      now,
    );
    return presentCourse(row);
  });
}

export async function deleteCourse(db: Db, actor: AuditActor, id: string, now: Date) {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(trainingCourses)
      .where(and(eq(trainingCourses.id, id), eq(trainingCourses.orgId, actor.orgId)));
    if (!before) fail('TRAINING_COURSE_NOT_FOUND');
    await tx.delete(trainingCourses).where(eq(trainingCourses.id, id));
    await appendAudit(
      tx,
      actor,
      { action: 'training_course.deleted', entityType: 'training_course', entityId: id, before },
      now,
    );
  });
}
