import type { PlanGoal } from '@stride/contracts';
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { and, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { employees, orgs, orgUnits, positions, trainingCourses } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { appendAudit } from '../audit/audit.service';
import { loadCatalog } from '../metrics/catalog.service';
import { getVisiblePlan, type PlanCtx } from './plans.read';

const FONT = { ascii: 'SimSun', hAnsi: 'SimSun', eastAsia: '宋体', cs: 'SimSun' };
const HEADING_FONT = { ascii: 'SimHei', hAnsi: 'SimHei', eastAsia: '黑体', cs: 'SimHei' };

/** 2026-11-27 → 2026年11月27日 */
const zhDate = (d: string) => {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
};
/** A moment as a date and time in the organization's zone: 2026年11月27日 10:05 */
const zhDateTime = (at: Date, timeZone: string) => {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const v = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${zhDate(`${v('year')}-${v('month')}-${v('day')}`)} ${v('hour')}:${v('minute')}`;
};

const text = (t: string, o: { bold?: boolean; heading?: boolean; size?: number } = {}) =>
  new TextRun({ text: t, bold: o.bold, font: o.heading ? HEADING_FONT : FONT, size: o.size ?? 24 });
const para = (
  runs: TextRun[] | string,
  o: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; before?: number } = {},
) =>
  new Paragraph({
    children: typeof runs === 'string' ? [text(runs)] : runs,
    alignment: o.align ?? AlignmentType.BOTH,
    indent: o.indent ? { firstLine: 480 } : undefined,
    spacing: { line: 400, before: o.before ?? 0 },
  });
const heading = (t: string) => para([text(t, { bold: true, heading: true })], { before: 200 });

export interface PlanDocumentContent {
  orgName: string;
  person: { name: string; employeeNo: string; unit: string | null; position: string | null };
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
 * 《绩效改进计划书》: the person, the period, the goals with targets, the support (coach, training), the
 * check-in dates, how the result is evaluated and what follows — in lawful wording, with no automatic
 * dismissal: the result is handled under company policy and the law. Names the person by name and
 * employee number only, never an ID number. In Chinese, the language of the employment relationship.
 */
export function buildPlanDocument(c: PlanDocumentContent): Document {
  const job = [c.person.unit, c.person.position].filter(Boolean).join(' ');
  const children: Paragraph[] = [
    para([text('绩效改进计划书', { bold: true, heading: true, size: 36 })], { align: AlignmentType.CENTER }),
    para('', {}),
    para(`员工姓名：${c.person.name}        工号：${c.person.employeeNo}`),
    para(`所在部门及岗位：${job || '—'}`),
    para(`计划负责人（直接上级）：${c.manager}        辅导人：${c.coach ?? '—'}`),
    para(
      `改进期间：${zhDate(c.startDate)}至${zhDate(c.endDate)}` +
        (c.originalEndDate ? `（原定至${zhDate(c.originalEndDate)}，经评估延期一次）` : ''),
    ),
    heading('一、改进目标'),
  ];
  let n = 0;
  for (const g of c.goals) {
    n++;
    children.push(
      para(`${n}. 业绩指标：${g.name}，改进期间内月均${g.direction === 'higher' ? '不低于' : '不高于'} ${g.target}。`, {
        indent: true,
      }),
    );
  }
  for (const b of c.behaviours) {
    n++;
    children.push(para(`${n}. 行为目标：${b.text}（衡量方式：${b.measure}）`, { indent: true }));
  }
  children.push(
    heading('二、公司提供的支持'),
    para(`辅导：${c.coach ? `由${c.coach}担任辅导人，定期沟通并给予指导。` : '由计划负责人定期沟通并给予指导。'}`, {
      indent: true,
    }),
    para(`培训：${c.courses.length ? c.courses.join('；') : '—'}`, { indent: true }),
    heading('三、面谈安排'),
    para(c.checkInDates.length ? c.checkInDates.map(zhDate).join('、') : '按需安排', { indent: true }),
    heading('四、评估方式'),
    para(
      '改进期间过半时进行中期评估，期满时进行最终评估。业绩指标以系统记录的改进期间内各月实际数据的月均值与目标比较；' +
        '行为目标由计划负责人依据面谈记录及相关事实评价（达成 / 部分达成 / 未达成）。评估结果将与员工本人沟通。',
      { indent: true },
    ),
    heading('五、结果处理'),
    para(
      '改进期满后，公司根据评估结果确定“通过”“延期（仅限一次）”或“未通过”。未达到改进目标的，' +
        '按公司制度及法律规定处理。员工对评估结果有异议的，可按公司规定提出申诉。',
      { indent: true },
    ),
    para('', {}),
    para(`${c.orgName}`, { align: AlignmentType.END, before: 400 }),
    para('', {}),
    para('计划负责人签字：________________        日期：______年____月____日', { before: 400 }),
    para('辅导人签字：________________        日期：______年____月____日', { before: 200 }),
    para('员工签字确认：________________        日期：______年____月____日', { before: 200 }),
  );
  if (c.acknowledgement?.kind === 'signed')
    children.push(para(`员工已于${c.acknowledgement.at}在系统中确认本计划。`, { before: 200 }));
  if (c.acknowledgement?.kind === 'refused')
    children.push(
      para(
        `员工拒绝签字确认，已于${c.acknowledgement.at}由人力资源部记录；见证说明：${c.acknowledgement.witnessNote ?? ''}`,
        { before: 200 },
      ),
    );
  return new Document({
    creator: 'Stride',
    title: '绩效改进计划书',
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [{ properties: {}, children }],
  });
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
  const doc = buildPlanDocument({
    orgName: row.orgName,
    person: { name: row.name, employeeNo: row.employeeNo, unit: row.unit, position: row.position },
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
  const buffer = await Packer.toBuffer(doc);
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
