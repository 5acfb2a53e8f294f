import type { ProbationReason } from '@stride/contracts';
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { and, eq } from 'drizzle-orm';
import { employees, orgs, orgUnits, positions, scorecardTemplates } from '../../db/schema';
import { todayIn } from '../../lib/dates';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { appendAudit } from '../audit/audit.service';
import { getVisibleReview, type ProbationCtx } from './probation.read';
import type { StoredScorecard } from './probation-score';

const FONT = { ascii: 'SimSun', hAnsi: 'SimSun', eastAsia: '宋体', cs: 'SimSun' };
const HEADING_FONT = { ascii: 'SimHei', hAnsi: 'SimHei', eastAsia: '黑体', cs: 'SimHei' };

/** 2026-11-27 → 2026年11月27日 */
const zhDate = (d: string) => {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
};
const zhMonth = (d: string) => {
  const [y, m] = d.split('-').map(Number);
  return `${y}年${m}月`;
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
    // Two characters' first-line indent, the usual layout of a Chinese letter.
    indent: o.indent ? { firstLine: 480 } : undefined,
    spacing: { line: 400, before: o.before ?? 0 },
  });

export interface NoticeContent {
  orgName: string;
  person: { name: string; employeeNo: string; unit: string | null; position: string | null };
  hireDate: string;
  probationEndDate: string;
  hiringConditions: string;
  reasons: ProbationReason[];
  score: { template: string; periodStart: string; total: string; maxTotal: string; grade: string | null } | null;
  /** The decision day in the organization's calendar: the date of the notice. */
  decidedOn: string;
}

/**
 * 《试用期不符合录用条件通知书》: the written reasons Art. 21 requires, tied to the hiring conditions, with the
 * legal basis (Art. 39(1)), the date, the company's seal and the person's acknowledgement of receipt. It
 * names the person by name and employee number only: never an ID number. Always in Chinese, the language
 * of the employment relationship.
 */
export function buildNotice(c: NoticeContent): Document {
  const job = [c.person.unit, c.person.position].filter(Boolean).join(' ');
  const children: Paragraph[] = [
    para([text('试用期不符合录用条件通知书', { bold: true, heading: true, size: 36 })], {
      align: AlignmentType.CENTER,
    }),
    para('', {}),
    para([text(`${c.person.name}（工号：${c.person.employeeNo}）：`)]),
    para(
      `您于${zhDate(c.hireDate)}入职${c.orgName}${job ? `，任${job}` : ''}，试用期至${zhDate(c.probationEndDate)}止。` +
        '经试用期考核，公司认为您在试用期间被证明不符合录用条件。现将录用条件及具体理由书面通知如下：',
      { indent: true },
    ),
    para([text('一、录用条件', { bold: true, heading: true })], { before: 200 }),
    ...c.hiringConditions
      .split(/\r?\n/)
      .filter((line) => line.trim())
      .map((line) => para(line.trim(), { indent: true })),
    para([text('二、不符合录用条件的事实与依据', { bold: true, heading: true })], { before: 200 }),
  ];
  c.reasons.forEach((r, i) => {
    children.push(para([text(`${i + 1}. 录用条件：`, { bold: true }), text(r.condition)], { indent: true }));
    children.push(para([text('事实与证据：', { bold: true }), text(r.evidence)], { indent: true }));
  });
  if (c.score) {
    const grade = c.score.grade ? `，等级 ${c.score.grade}` : '';
    children.push(
      para(
        `试用期考核（${c.score.template}，${zhMonth(c.score.periodStart)}）：得分 ${c.score.total} / ${c.score.maxTotal}${grade}。`,
        { indent: true },
      ),
    );
  }
  children.push(
    para([text('三、法律依据与处理', { bold: true, heading: true })], { before: 200 }),
    para(
      '根据《中华人民共和国劳动合同法》第二十一条、第三十九条第（一）项的规定，劳动者在试用期间被证明不符合录用条件的，' +
        '用人单位可以解除劳动合同，并应当向劳动者说明理由。公司据此决定解除与您的劳动合同。' +
        '工作交接、离职手续及解除劳动合同证明等事宜，由人力资源部另行通知办理。',
      { indent: true },
    ),
    para('特此通知。', { indent: true }),
    para('', {}),
    para(`${c.orgName}（盖章）`, { align: AlignmentType.END, before: 400 }),
    para(zhDate(c.decidedOn), { align: AlignmentType.END }),
    para('', {}),
    para('员工签收：________________        签收日期：______年____月____日', { before: 600 }),
  );
  return new Document({
    creator: 'Stride',
    title: '试用期不符合录用条件通知书',
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [{ properties: {}, children }],
  });
}

/** The notice of a failed review the caller may see, as DOCX bytes; producing it is audited. */
export async function probationNotice(deps: Pick<Deps, 'db' | 'clock'>, ctx: ProbationCtx, id: string) {
  const review = await getVisibleReview(deps.db, ctx, id);
  if (review.status !== 'failed') fail('PROBATION_NOTICE_UNAVAILABLE');
  const [row] = await deps.db
    .select({
      orgName: orgs.name,
      timeZone: orgs.timeZone,
      name: employees.name,
      employeeNo: employees.employeeNo,
      hireDate: employees.hireDate,
      unit: orgUnits.name,
      position: positions.name,
    })
    .from(employees)
    .innerJoin(orgs, eq(orgs.id, employees.orgId))
    .leftJoin(orgUnits, eq(orgUnits.id, employees.unitId))
    .leftJoin(positions, eq(positions.id, employees.positionId))
    .where(and(eq(employees.id, review.employeeId), eq(employees.orgId, ctx.auth.orgId)));
  const result = review.result as StoredScorecard | null;
  const [template] = review.templateId
    ? await deps.db
        .select({ name: scorecardTemplates.name })
        .from(scorecardTemplates)
        .where(eq(scorecardTemplates.id, review.templateId))
    : [];
  const doc = buildNotice({
    orgName: row.orgName,
    person: { name: row.name, employeeNo: row.employeeNo, unit: row.unit, position: row.position },
    hireDate: row.hireDate,
    probationEndDate: review.probationEndDate,
    hiringConditions: review.hiringConditions ?? '',
    reasons: (review.reasons as ProbationReason[] | null) ?? [],
    score:
      result && template
        ? {
            template: template.name,
            periodStart: result.periodStart,
            total: result.total,
            maxTotal: result.maxTotal,
            grade: result.grade?.grade ?? null,
          }
        : null,
    decidedOn: todayIn(row.timeZone, review.decidedAt ?? deps.clock()),
  });
  const buffer = await Packer.toBuffer(doc);
  const now = deps.clock();
  await deps.db.transaction((tx) =>
    appendAudit(
      tx,
      ctx.actor,
      { action: 'probation_review.notice_generated', entityType: 'probation_review', entityId: review.id },
      now,
    ),
  );
  return { buffer, filename: `试用期不符合录用条件通知书-${row.name}.docx` };
}
