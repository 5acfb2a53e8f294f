import type { adjustGradeRequest, CalibrationBoard, Locale, ReviewStage } from '@stride/contracts';
import { type DistributionGuideline, distributionCheck, neutralizeFormula } from '@stride/domain';
import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { type Db, type DbOrTx, queryRows } from '../../db/client';
import { orgUnits, ratingChanges, reviewParticipants } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { appendAudit, auditExport } from '../audit/audit.service';
import { type CycleRow, isHrOrAdmin, type ReviewCtx } from './context';
import { getVisibleParticipant, participantRows, unitCondition } from './participants.service';
import { coefficientOf, type FrozenScale } from './scoring';

/** Grade counts in the order of the scale (best first), with percentages of the headcount. */
export function distributionOf(grades: readonly (string | null)[], scale: FrozenScale | null) {
  const order = scale
    ? [...scale.bands].sort((a, b) => Number(b.minScore) - Number(a.minScore)).map((b) => b.grade)
    : [];
  const counts = new Map(order.map((g) => [g, 0]));
  for (const g of grades) if (g) counts.set(g, (counts.get(g) ?? 0) + 1);
  const n = grades.length;
  return {
    grades: order,
    distribution: [...counts].map(([grade, count]) => ({
      grade,
      count,
      percent: n ? ((count * 100) / n).toFixed(1) : '0.0',
    })),
  };
}

/**
 * The calibration board of a unit (with its subtree) or, for HR, the whole cycle: the grade distribution
 * against the frozen scale's guideline (a warning, never a block; not applied under the minimum
 * headcount) and the people, best first.
 */
export async function calibrationBoard(
  db: DbOrTx,
  ctx: ReviewCtx,
  cycle: CycleRow,
  unitId: string | undefined,
): Promise<CalibrationBoard> {
  const units = await unitCondition(db, ctx, unitId);
  const people = await participantRows(db, sql`p.cycle_id = ${cycle.id} and ${units}`);
  const scale = cycle.gradeScale as FrozenScale | null;
  const { grades, distribution } = distributionOf(
    people.map((p) => p.grade),
    scale,
  );
  const guideline = scale?.guideline as DistributionGuideline | null;
  const check = guideline
    ? distributionCheck(
        people.map((p) => p.grade ?? ''),
        guideline,
      )
    : null;
  const unitRows = await queryRows<{ id: string; name: string; headcount: number }>(
    db,
    sql`select u.id::text as id, u.name, count(*)::int as headcount
        from review_participants p join org_units u on u.id = p.unit_id
        where p.cycle_id = ${cycle.id} and ${await unitCondition(db, ctx, undefined)}
        group by u.id, u.name order by u.name`,
  );
  const [unit] = unitId
    ? await db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, unitId))
    : [];
  return {
    cycle: { id: cycle.id, name: cycle.name, stage: cycle.stage as ReviewStage, version: cycle.version },
    units: unitRows,
    unit: unit ?? null,
    headcount: people.length,
    grades,
    distribution,
    guideline:
      check?.ok === true
        ? {
            applies: check.applies,
            minHeadcount: check.minHeadcount,
            warn: check.warn,
            entries: check.entries.map((e) => ({
              grades: [...e.grades],
              operator: e.operator,
              actual: e.actual,
              actualPercent: e.actualPercent,
              allowed: typeof e.allowed === 'number' ? e.allowed : [e.allowed[0], e.allowed[1]],
              ok: e.ok,
            })),
          }
        : null,
    canAdjust: cycle.stage === 'calibration' && (isHrOrAdmin(ctx.auth) || ctx.scope.kind === 'units'),
    people,
  };
}

/**
 * Changes a participant's grade during calibration, with a required reason; the change (original, new,
 * who, when, why) is kept in rating_changes. HR and admin for everyone, managers for their units, nobody
 * for themselves.
 */
export async function adjustGrade(
  deps: Pick<Deps, 'db'>,
  ctx: ReviewCtx,
  participantId: string,
  input: z.output<typeof adjustGradeRequest>,
) {
  return deps.db.transaction(async (tx) => {
    const { participant, cycle } = await getVisibleParticipant(tx, ctx, participantId, true);
    if (participant.employeeId === ctx.auth.employeeId) fail('REVIEW_SELF_CALIBRATION');
    if (ctx.auth.role === 'employee') fail('REVIEW_PARTICIPANT_NOT_FOUND');
    if (cycle.stage !== 'calibration') fail('REVIEW_STAGE_CLOSED');
    if (participant.version !== input.expectedVersion) fail('REVIEW_PARTICIPANT_VERSION_CONFLICT');
    const scale = cycle.gradeScale as FrozenScale | null;
    const coefficient = coefficientOf(scale, input.grade);
    if (coefficient === null) fail('VALIDATION_FAILED', [{ field: 'grade', code: 'GRADE_NOT_IN_SCALE' }]);
    if (input.grade === participant.grade) fail('VALIDATION_FAILED', [{ field: 'grade', code: 'GRADE_UNCHANGED' }]);
    await recordGradeChange(tx, ctx, cycle, participant, input.grade, input.reason, 'calibration');
    const [row] = await participantRows(tx, sql`p.id = ${participantId}`);
    return row;
  });
}

export async function recordGradeChange(
  tx: DbOrTx,
  ctx: ReviewCtx,
  cycle: CycleRow,
  participant: typeof reviewParticipants.$inferSelect,
  grade: string,
  reason: string,
  source: 'calibration' | 'appeal',
) {
  const scale = cycle.gradeScale as FrozenScale | null;
  await tx.insert(ratingChanges).values({
    orgId: cycle.orgId,
    cycleId: cycle.id,
    participantId: participant.id,
    source,
    fromGrade: participant.grade,
    toGrade: grade,
    reason,
    actorUserId: ctx.auth.userId,
    at: ctx.now,
  });
  await tx
    .update(reviewParticipants)
    .set({
      grade,
      bonusCoefficient: coefficientOf(scale, grade),
      version: participant.version + 1,
      updatedAt: ctx.now,
    })
    .where(and(eq(reviewParticipants.id, participant.id)));
  await appendAudit(
    tx,
    ctx.actor,
    {
      action: `review_grade.${source}`,
      entityType: 'review_participant',
      entityId: participant.id,
      before: { grade: participant.grade },
      after: { grade, reason },
    },
    ctx.now,
  );
}

interface ChangeRow {
  id: string;
  employee_id: string;
  employee_name: string;
  employee_no: string;
  source: 'calibration' | 'appeal';
  from_grade: string | null;
  to_grade: string;
  reason: string;
  actor: string | null;
  at: string;
}

/** Rating changes of a cycle within the caller's units (or of one participant), oldest first. */
export async function ratingChangeList(db: DbOrTx, ctx: ReviewCtx, cycle: CycleRow, participantId?: string) {
  const where = participantId ? sql`c.participant_id = ${participantId}` : await unitCondition(db, ctx, undefined);
  const rows = await queryRows<ChangeRow>(
    db,
    sql`select c.id::text as id, e.id::text as employee_id, e.name as employee_name, e.employee_no, c.source,
          c.from_grade, c.to_grade, c.reason, u.username as actor, c.at
        from rating_changes c join review_participants p on p.id = c.participant_id
        join employees e on e.id = p.employee_id left join users u on u.id = c.actor_user_id
        where c.cycle_id = ${cycle.id} and ${where}
        order by c.at, c.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    employee: { id: r.employee_id, name: r.employee_name, employeeNo: r.employee_no },
    source: r.source,
    fromGrade: r.from_grade,
    toGrade: r.to_grade,
    reason: r.reason,
    actor: r.actor,
    at: new Date(r.at).toISOString(),
  }));
}

const cell = (v: unknown) => (typeof v === 'string' ? neutralizeFormula(v) : v);

export interface SheetData {
  name: string;
  headers: string[];
  rows: unknown[][];
}

/**
 * A workbook of one or more sheets, a bold title row each. Every text cell (headers too: they may carry names
 * people typed) is neutralized, so that a formula planted in a name does not run when the file is opened.
 */
export async function workbookOfSheets(sheets: SheetData[]) {
  const workbook = new ExcelJS.Workbook();
  for (const s of sheets) {
    const sheet = workbook.addWorksheet(s.name);
    const title = sheet.addRow(s.headers.map(cell));
    title.font = { bold: true };
    for (const r of s.rows) sheet.addRow(r.map(cell));
    sheet.columns.forEach((c) => {
      c.width = 16;
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function workbookOf(sheetName: string, headers: string[], rows: unknown[][]) {
  return workbookOfSheets([{ name: sheetName, headers, rows }]);
}

/** The cycle's rating changes in the caller's units as a spreadsheet; the download is audited. */
export async function ratingChangesWorkbook(db: Db, ctx: ReviewCtx, cycle: CycleRow, locale: Locale) {
  const items = await ratingChangeList(db, ctx, cycle);
  const zh = locale === 'zh-CN';
  const headers = zh
    ? ['工号', '姓名', '来源', '原等级', '新等级', '原因', '操作人', '时间']
    : ['Employee no.', 'Name', 'Source', 'Original grade', 'New grade', 'Reason', 'By', 'At'];
  const source = (s: string) => (zh ? (s === 'appeal' ? '申诉' : '校准') : s);
  const buffer = await workbookOf(
    zh ? '等级调整记录' : 'Rating changes',
    headers,
    items.map((i) => [
      i.employee.employeeNo,
      i.employee.name,
      source(i.source),
      i.fromGrade ?? '',
      i.toGrade,
      i.reason,
      i.actor ?? '',
      i.at,
    ]),
  );
  await auditExport(
    db,
    ctx.actor,
    {
      action: 'review_cycle.rating_changes_exported',
      entityType: 'review_cycle',
      entityId: cycle.id,
      after: { rows: items.length },
    },
    ctx.now,
  );
  return buffer;
}
