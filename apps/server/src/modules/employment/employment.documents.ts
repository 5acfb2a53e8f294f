import type { DocumentKind, Locale } from '@stride/contracts';
import { eq } from 'drizzle-orm';
import { employees, orgs, orgUnits, positions } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { appendAudit } from '../audit/audit.service';
import {
  type DocumentCommon,
  type DocumentData,
  documentTitles,
  type JobPlace,
  money,
  serviceLength,
  zhDate,
} from '../documents/data';
import { renderDocument } from '../documents/render';
import {
  type ActionCtx,
  type ActionRow,
  availableDocuments,
  getVisibleAction,
  type Job,
  type JobChangeDetails,
  namesOf,
  severanceOf,
  type TerminationDetails,
} from './employment.read';

const changeKinds: Record<string, string> = { transfer: '调岗', rotation: '轮岗', demotion: '降职', promotion: '晋升' };

const grounds: Record<string, { article: string; text: string }> = {
  art40_2: {
    article: '《中华人民共和国劳动合同法》第四十条第（二）项',
    text: '劳动者不能胜任工作，经过培训或者调整工作岗位，仍不能胜任工作',
  },
  art21_probation: {
    article: '《中华人民共和国劳动合同法》第二十一条、第三十九条第（一）项',
    text: '劳动者在试用期间被证明不符合录用条件',
  },
  art39: {
    article: '《中华人民共和国劳动合同法》第三十九条第（二）项',
    text: '劳动者严重违反用人单位的规章制度',
  },
};

const noticeModes: Record<string, string> = {
  notice_30_days: '提前三十日以书面形式通知劳动者本人',
  pay_in_lieu: '额外支付劳动者一个月工资（代通知金）',
};

type Person = typeof employees.$inferSelect;

async function commonOf(deps: Pick<Deps, 'db'>, ctx: ActionCtx, person: Person) {
  const db = deps.db;
  const [org] = await db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, person.orgId));
  const [unit] = await db.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, person.unitId));
  const [position] = person.positionId
    ? await db.select({ name: positions.name }).from(positions).where(eq(positions.id, person.positionId))
    : [];
  const [manager] = person.managerId
    ? await db.select({ name: employees.name }).from(employees).where(eq(employees.id, person.managerId))
    : [];
  const common: DocumentCommon = {
    org: { name: org?.name ?? '' },
    today: zhDate(ctx.today),
    person: {
      name: person.name,
      employeeNo: person.employeeNo,
      unit: unit?.name ?? '',
      position: position?.name ?? '',
      hireDate: zhDate(person.hireDate),
    },
  };
  return { common, managerName: manager?.name ?? '' };
}

async function place(deps: Pick<Deps, 'db'>, job: Job): Promise<JobPlace> {
  const names = await namesOf(deps.db, [job]);
  return {
    unit: names.unit.get(job.unitId) ?? '',
    position: job.positionId ? (names.position.get(job.positionId) ?? '') : '',
    manager: job.managerId ? (names.manager.get(job.managerId) ?? '') : '',
  };
}

/** The data a document kind is filled with, from the action and the person (never an ID number). */
async function dataFor(
  deps: Pick<Deps, 'db'>,
  ctx: ActionCtx,
  action: ActionRow,
  person: Person,
  kind: DocumentKind,
  locale: Locale,
): Promise<DocumentData[DocumentKind]> {
  const { common, managerName } = await commonOf(deps, ctx, person);
  const lastDay = zhDate(action.effectiveDate);
  if (kind === 'transfer_notice') {
    const d = action.details as JobChangeDetails;
    return {
      ...common,
      changeKind: changeKinds[action.kind] ?? '',
      from: await place(deps, d.from),
      to: await place(deps, d.to),
      effectiveDate: lastDay,
      reason: action.reason,
    } satisfies DocumentData['transfer_notice'];
  }
  const t = action.details as TerminationDetails;
  if (kind === 'termination_certificate') {
    // Art. 50 and Implementing Regulations Art. 24: term, date, position and years of service — no reason, no judgement.
    return {
      ...common,
      contractStartDate: zhDate(person.contractStartDate),
      contractEndDate: person.contractEndDate ? zhDate(person.contractEndDate) : '无固定期限',
      lastDay,
      position: common.person.position,
      unit: common.person.unit,
      serviceYears: serviceLength(person.hireDate, action.effectiveDate),
    } satisfies DocumentData['termination_certificate'];
  }
  const figures = await severanceOf(deps.db, action.orgId, action, person.hireDate, locale);
  if (kind === 'mutual_termination_agreement') {
    return {
      ...common,
      contractStartDate: zhDate(person.contractStartDate),
      lastDay,
      severance: figures ? money(figures.severance) : '',
      // Labor Contract Law Art. 50: payable when the handover is done.
      paymentDeadline: '办结工作交接时',
      reason: action.reason,
    } satisfies DocumentData['mutual_termination_agreement'];
  }
  // Art. 40(2) owes severance (Art. 46): a notice that cannot state it would read as if none were due.
  if (t.ground === 'art40_2' && !figures)
    fail('EMPLOYMENT_DOCUMENT_NOT_AVAILABLE', [{ field: 'monthlyWage', code: 'SEVERANCE_FIGURES_REQUIRED' }]);
  const ground = grounds[t.ground] ?? { article: '', text: '' };
  const misconduct = t.misconduct
    ? `（违反${t.misconduct.ruleReference}：${t.misconduct.facts}，发生于${zhDate(t.misconduct.occurredOn)}）`
    : '';
  const noticePay = figures && t.noticeMode === 'pay_in_lieu' && Number(figures.noticePay) > 0 ? figures.noticePay : '';
  const severance = figures && Number(figures.severance) > 0 ? figures.severance : '';
  return {
    ...common,
    groundArticle: ground.article,
    groundText: ground.text,
    reason: `${action.reason}${misconduct}`,
    lastDay,
    noticeMode: t.noticeMode ? noticeModes[t.noticeMode] : '不适用',
    noticePay: money(noticePay),
    hasNoticePay: noticePay !== '',
    severance: money(severance),
    hasSeverance: severance !== '',
    handover: `请于${lastDay}前将经手的工作、客户资料及公司财物移交给${managerName || '直接上级'}，并办理离职手续。`,
  } satisfies DocumentData['termination_notice'];
}

/**
 * A document for an action as DOCX, when its state allows (see availableDocuments): the organization's
 * template filled with the action's data. Generation is audited.
 */
export async function actionDocument(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: ActionCtx,
  id: string,
  kind: DocumentKind,
  locale: Locale,
) {
  const { action } = await getVisibleAction(deps.db, ctx, id);
  if (!availableDocuments(action).includes(kind)) fail('EMPLOYMENT_DOCUMENT_NOT_AVAILABLE');
  const [person] = await deps.db.select().from(employees).where(eq(employees.id, action.employeeId));
  const data = await dataFor(deps, ctx, action, person, kind, locale);
  const buffer = await renderDocument(deps.db, action.orgId, kind, data as never);
  const now = deps.clock();
  await deps.db.transaction((tx) =>
    appendAudit(
      tx,
      ctx.actor,
      {
        action: 'employment_action.document_generated',
        entityType: 'employment_action',
        entityId: action.id,
        after: { kind, employeeId: action.employeeId },
      },
      now,
    ),
  );
  return { filename: `${documentTitles[kind]}-${person.name}.docx`, fallback: `${kind}.docx`, buffer };
}
