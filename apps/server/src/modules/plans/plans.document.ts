import type { PlanGoal } from '@stride/contracts';
import { and, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { employees, orgs, orgUnits, positions, trainingCourses } from '../../db/schema';
import { todayIn } from '../../lib/dates';
import type { Deps } from '../../lib/deps';
import { appendAudit } from '../audit/audit.service';
import { type ImprovementPlanData, zhDate, zhDateTime } from '../documents/data';
import { renderDocument } from '../documents/render';
import { loadCatalog } from '../metrics/catalog.service';
import { getVisiblePlan, type PlanCtx } from './plans.read';

export interface PlanDocumentContent {
  orgName: string;
  today: string;
  person: { name: string; employeeNo: string; unit: string | null; position: string | null; hireDate: string };
  manager: string;
  coach: string | null;
  startDate: string;
  endDate: string;
  originalEndDate: string | null;
  goals: { kind: 'metric'; name: string; target: string; direction: 'higher' | 'lower' }[];
  behaviours: { text: string; measure: string }[];
  courses: string[];
  checkInDates: string[];
  acknowledgement: { kind: 'signed' | 'refused'; at: string; witnessNote: string | null } | null;
}

/**
 * The data of 《绩效改进计划书》 (document kind improvement_plan): the person, the period, the goals with
 * targets, the support (coach, training), the check-in dates and the acknowledgement, ready to print. The
 * organization's template (or Stride's built-in one) words it: lawful, no automatic dismissal, the person named
 * by name and employee number only, never an ID number. In Chinese, the language of the employment relationship.
 */
export function planDocumentData(c: PlanDocumentContent): ImprovementPlanData {
  let n = 0;
  const goals = c.goals.map((g) => ({
    no: String(++n),
    name: g.name,
    target: g.target,
    comparison: g.direction === 'higher' ? ('不低于' as const) : ('不高于' as const),
  }));
  const behaviours = c.behaviours.map((b) => ({ no: String(++n), text: b.text, measure: b.measure }));
  const checkIns = c.checkInDates.map((d) => ({ date: zhDate(d) }));
  return {
    org: { name: c.orgName },
    today: zhDate(c.today),
    person: {
      name: c.person.name,
      employeeNo: c.person.employeeNo,
      unit: c.person.unit ?? '',
      position: c.person.position ?? '',
      hireDate: zhDate(c.person.hireDate),
    },
    manager: c.manager,
    coach: c.coach ?? '',
    hasCoach: Boolean(c.coach),
    startDate: zhDate(c.startDate),
    endDate: zhDate(c.endDate),
    originalEndDate: zhDate(c.originalEndDate),
    extended: Boolean(c.originalEndDate),
    goals,
    behaviours,
    courses: c.courses.map((title) => ({ title })),
    hasCourses: c.courses.length > 0,
    coursesText: c.courses.length ? c.courses.join('；') : '—',
    checkIns,
    checkInsText: checkIns.length ? checkIns.map((d) => d.date).join('、') : '按需安排',
    signed: c.acknowledgement?.kind === 'signed',
    refused: c.acknowledgement?.kind === 'refused',
    acknowledgedAt: c.acknowledgement?.at ?? '',
    witnessNote: c.acknowledgement?.witnessNote ?? '',
  };
}

/** The plan document of a plan the caller may see, as DOCX bytes; producing it is audited. */
export async function planDocument(deps: Pick<Deps, 'db' | 'clock'>, ctx: PlanCtx, id: string) {
  const { plan } = await getVisiblePlan(deps.db, ctx, id);
  const manager = alias(employees, 'manager_emp');
  const coach = alias(employees, 'coach_emp');
  const [row] = await deps.db
    .select({
      orgName: orgs.name,
      timeZone: orgs.timeZone,
      name: employees.name,
      employeeNo: employees.employeeNo,
      hireDate: employees.hireDate,
      unit: orgUnits.name,
      position: positions.name,
      manager: manager.name,
      coach: coach.name,
    })
    .from(employees)
    .innerJoin(orgs, eq(orgs.id, employees.orgId))
    .innerJoin(manager, eq(manager.id, plan.managerEmployeeId))
    .leftJoin(coach, eq(coach.id, plan.coachEmployeeId ?? employees.id))
    .leftJoin(orgUnits, eq(orgUnits.id, employees.unitId))
    .leftJoin(positions, eq(positions.id, employees.positionId))
    .where(and(eq(employees.id, plan.employeeId), eq(employees.orgId, ctx.auth.orgId)));
  const catalog = await loadCatalog(deps.db, ctx.auth.orgId);
  const goals = plan.goals as PlanGoal[];
  const courseIds = plan.courseIds as string[];
  const courses = courseIds.length
    ? await deps.db
        .select({ title: trainingCourses.title })
        .from(trainingCourses)
        .where(and(eq(trainingCourses.orgId, ctx.auth.orgId), inArray(trainingCourses.id, courseIds)))
    : [];
  const data = planDocumentData({
    orgName: row.orgName,
    today: todayIn(row.timeZone, deps.clock()),
    person: {
      name: row.name,
      employeeNo: row.employeeNo,
      unit: row.unit,
      position: row.position,
      hireDate: row.hireDate,
    },
    manager: row.manager,
    coach: plan.coachEmployeeId ? row.coach : null,
    startDate: plan.startDate,
    endDate: plan.endDate,
    originalEndDate: plan.originalEndDate,
    goals: goals.flatMap((g) =>
      g.kind === 'metric'
        ? [
            {
              kind: 'metric' as const,
              name: catalog.byKey.get(g.metricKey)?.names['zh-CN'] ?? g.metricKey,
              target: g.target,
              direction: g.direction ?? 'higher',
            },
          ]
        : [],
    ),
    behaviours: goals.flatMap((g) => (g.kind === 'behaviour' ? [{ text: g.text, measure: g.measure }] : [])),
    courses: courses.map((c) => c.title),
    checkInDates: plan.checkInDates as string[],
    acknowledgement:
      plan.acknowledgement && plan.acknowledgedAt
        ? {
            kind: plan.acknowledgement as 'signed' | 'refused',
            at: zhDateTime(plan.acknowledgedAt, row.timeZone),
            witnessNote: plan.witnessNote,
          }
        : null,
  });
  const buffer = await renderDocument(deps.db, ctx.auth.orgId, 'improvement_plan', data);
  const now = deps.clock();
  await deps.db.transaction((tx) =>
    appendAudit(
      tx,
      ctx.actor,
      { action: 'improvement_plan.document_generated', entityType: 'improvement_plan', entityId: plan.id },
      now,
    ),
  );
  return { buffer, filename: `绩效改进计划书-${row.name}.docx` };
}
