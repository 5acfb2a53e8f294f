import type { Locale, TerminationChain } from '@stride/contracts';
import {
  type AppraisalFact,
  ART42_5_SERVICE_YEARS,
  birthFactsFromIdNumber,
  type ChainEvidenceRef,
  type ChainFacts,
  type ChainGround,
  type ChainItemResult,
  type ChainReason,
  evaluateTerminationChain,
  periodEndFor,
  wholeYears,
} from '@stride/domain';
import { and, desc, eq, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import {
  alertMasks,
  employees,
  employmentActionApprovals,
  employmentActionFiles,
  type employmentActions,
  improvementPlans,
  orgs,
  probationReviews,
} from '../../db/schema';
import type { FieldCipher } from '../../lib/crypto';
import { todayIn } from '../../lib/dates';
import { fail } from '../../lib/errors';
import { type AuditActor, appendAudit } from '../audit/audit.service';
import { loadCatalog } from '../metrics/catalog.service';
import { getPoolSettings } from '../pool/settings.service';

type ActionRow = typeof employmentActions.$inferSelect;

/**
 * What a chain needs to read the person's ID number for the Art. 42(5) age check: the cipher, and the caller
 * the read is audited for (like every other read of a personal field). Without it the age is not checked and the
 * chain says so (HR's checklist answer is relied on).
 */
export interface ChainPersonalAccess {
  cipher: FieldCipher;
  actor: AuditActor;
  now: Date;
}

/** The termination details as stored in employment_actions.details (see contracts/employment.ts). */
export interface TerminationDetails {
  ground?: ChainGround;
  noticeMode?: 'notice_30_days' | 'pay_in_lieu' | null;
  monthlyWage?: string | null;
  misconduct?: { ruleReference: string; facts: string; occurredOn: string } | null;
  art42?: {
    items: { item: string; applies: boolean; note?: string | null }[];
    confirmedBy?: string | null;
    confirmedAt?: string | null;
  } | null;
  unionNotice?: {
    notifiedOn: string;
    documentTitle: string;
    reply?: string | null;
    fileId?: string | null;
    recordedBy?: string | null;
    recordedAt?: string | null;
  } | null;
}

export const terminationDetailsOf = (action: ActionRow): TerminationDetails =>
  (action.details ?? {}) as TerminationDetails;

const dayIn = (tz: string, at: Date | string | null | undefined): string | null =>
  at ? todayIn(tz, at instanceof Date ? at : new Date(at)) : null;

// ── Loading the facts ────────────────────────────────────────────────────────────────────────────────────────

async function loadFacts(
  db: DbOrTx,
  orgId: string,
  action: ActionRow,
  today: string,
  personal: ChainPersonalAccess | undefined,
): Promise<{
  facts: ChainFacts;
  employeeId: string;
  metricNames: Map<string, { 'zh-CN': string; 'en-US': string }>;
  ageNotChecked: boolean;
}> {
  const details = terminationDetailsOf(action);
  const ground = details.ground;
  if (action.kind !== 'termination' || !ground) return fail('TERMINATION_NOT_A_TERMINATION');
  const [org] = await db.select({ timeZone: orgs.timeZone }).from(orgs).where(eq(orgs.id, orgId));
  const tz = org?.timeZone ?? 'Asia/Shanghai';
  const [person] = await db
    .select()
    .from(employees)
    .where(and(eq(employees.id, action.employeeId), eq(employees.orgId, orgId)));
  if (!person) return fail('EMPLOYMENT_ACTION_NOT_FOUND');

  // Approved and effective terminations are judged as of the final approval (when notice was given).
  let asOf = today;
  if (action.status === 'approved' || action.status === 'effective') {
    const [last] = await db
      .select({ decidedAt: employmentActionApprovals.decidedAt })
      .from(employmentActionApprovals)
      .where(and(eq(employmentActionApprovals.actionId, action.id), eq(employmentActionApprovals.decision, 'approved')))
      .orderBy(desc(employmentActionApprovals.decidedAt))
      .limit(1);
    asOf = dayIn(tz, last?.decidedAt ?? action.submittedAt) ?? today;
  }

  const employeeId = action.employeeId;
  const settings = await getPoolSettings(db, orgId);

  const appraisalRows = await queryRows<{
    participant_id: string;
    cycle_id: string;
    cycle_name: string;
    period_start: string;
    period_end: string;
    stage: string;
    grade: string | null;
    published_at: string | Date | null;
    appeal: string | null;
    acknowledged_at: string | Date | null;
  }>(
    db,
    sql`select p.id::text as participant_id, c.id::text as cycle_id, c.name as cycle_name,
          c.period_start::text as period_start, c.period_end::text as period_end, c.stage, p.grade,
          c.published_at, a.status as appeal, p.acknowledged_at
        from review_participants p
        join review_cycles c on c.id = p.cycle_id
        left join review_appeals a on a.participant_id = p.id
        where p.org_id = ${orgId} and p.employee_id = ${employeeId} and c.stage in ('published', 'closed')
        order by c.period_end`,
  );
  const appraisals: AppraisalFact[] = appraisalRows.map((a) => ({
    participantId: a.participant_id,
    cycleId: a.cycle_id,
    cycleName: a.cycle_name,
    periodStart: a.period_start,
    periodEnd: a.period_end,
    stage: a.stage,
    grade: a.grade,
    publishedOn: dayIn(tz, a.published_at),
    appeal: a.appeal === 'open' || a.appeal === 'upheld' || a.appeal === 'rejected' ? a.appeal : null,
    acknowledgedOn: dayIn(tz, a.acknowledged_at),
  }));

  const targetRows = await queryRows<{
    id: string;
    metric_key: string;
    period_type: string;
    period_start: string;
    agreed_at: string | Date | null;
  }>(
    db,
    sql`select t.id::text, t.metric_key, t.period_type, t.period_start::text,
          coalesce(
            (select min(e.at) from target_events e where e.target_id = t.id and e.action not in ('proposed', 'countered')),
            t.updated_at) as agreed_at
        from targets t
        where t.org_id = ${orgId} and t.employee_id = ${employeeId} and t.status = 'agreed'
        order by t.period_start`,
  );
  const catalog = targetRows.length ? await loadCatalog(db, orgId) : null;
  const metricNames = new Map<string, { 'zh-CN': string; 'en-US': string }>();
  for (const t of targetRows) {
    const names = catalog?.byKey.get(t.metric_key)?.names;
    metricNames.set(t.metric_key, {
      'zh-CN': names?.['zh-CN'] ?? t.metric_key,
      'en-US': names?.['en-US'] ?? t.metric_key,
    });
  }

  const plans = await db
    .select()
    .from(improvementPlans)
    .where(and(eq(improvementPlans.orgId, orgId), eq(improvementPlans.employeeId, employeeId)));

  const otherActions = await queryRows<{
    id: string;
    kind: string;
    status: string;
    effective_date: string;
    details: Record<string, unknown> | null;
    course_title: string | null;
  }>(
    db,
    sql`select a.id::text, a.kind, a.status, a.effective_date::text, a.details, c.title as course_title
        from employment_actions a
        left join training_courses c
          on a.kind = 'training' and c.org_id = a.org_id and c.id::text = (a.details->>'courseId')
        where a.org_id = ${orgId} and a.employee_id = ${employeeId} and a.id <> ${action.id}
          and a.kind in ('rotation', 'transfer', 'demotion', 'training') and a.status = 'effective'`,
  );

  const poolRows = await queryRows<{ id: string; period_start: string; on_optimization_list: boolean }>(
    db,
    sql`select e.id::text, p.period_start::text, e.on_optimization_list
        from pool_entries e join low_performer_pools p on p.id = e.pool_id
        where e.org_id = ${orgId} and e.employee_id = ${employeeId}
        order by p.period_start`,
  );

  const leaves = await db
    .select()
    .from(alertMasks)
    .where(and(eq(alertMasks.orgId, orgId), eq(alertMasks.employeeId, employeeId), eq(alertMasks.kind, 'leave')));

  const files = await db
    .select({
      id: employmentActionFiles.id,
      purpose: employmentActionFiles.purpose,
      fileName: employmentActionFiles.fileName,
      uploadedAt: employmentActionFiles.uploadedAt,
    })
    .from(employmentActionFiles)
    .where(and(eq(employmentActionFiles.orgId, orgId), eq(employmentActionFiles.actionId, action.id)));

  const reviews = await db
    .select()
    .from(probationReviews)
    .where(and(eq(probationReviews.orgId, orgId), eq(probationReviews.employeeId, employeeId)));

  // Art. 42(5): the age matters only after 15 years of service; only then is the ID number read (and audited).
  // biome-ignore lint/complexity/useMathMinMax: ISO date strings, not numbers
  const checkDay = action.effectiveDate > asOf ? action.effectiveDate : asOf;
  let birth: { birthDate: string; gender: 'male' | 'female' } | null = null;
  let ageNotChecked = false;
  if (ground === 'art40_2' && wholeYears(person.hireDate, checkDay) >= ART42_5_SERVICE_YEARS) {
    if (person.idNumberEnc && personal) {
      birth = birthFactsFromIdNumber(personal.cipher.decrypt(person.idNumberEnc));
      await db.transaction(async (tx) => {
        await appendAudit(
          tx,
          personal.actor,
          {
            action: 'employee.personal_read',
            entityType: 'employee',
            entityId: employeeId,
            after: { field: 'idNumber', purpose: 'termination_chain_art42_5', actionId: action.id },
          },
          personal.now,
        );
      });
    } else if (person.idNumberEnc) ageNotChecked = true;
  }

  const facts: ChainFacts = {
    ground,
    today: asOf,
    effectiveDate: action.effectiveDate,
    noticeMode: details.noticeMode ?? null,
    monthlyWage: details.monthlyWage ?? null,
    misconduct: details.misconduct ?? null,
    unsatisfactoryGrades: settings.policy.unsatisfactoryGrades,
    appraisals,
    targets: targetRows.map((t) => ({
      id: t.id,
      metricKey: t.metric_key,
      metricName: t.metric_key,
      periodType: t.period_type,
      periodStart: t.period_start,
      periodEnd: periodEndFor(t.period_start, t.period_type),
      agreedOn: dayIn(tz, t.agreed_at),
    })),
    plans: plans.map((p) => {
      const evaluations = (p.evaluations as { stage: string; at: string }[] | null) ?? [];
      const outcomes = (p.outcomes as { outcome: string; at: string }[] | null) ?? [];
      const finalOutcome = [...outcomes].reverse().find((o) => o.outcome === 'passed' || o.outcome === 'failed');
      const finalEval = [...evaluations].reverse().find((e) => e.stage === 'final');
      return {
        id: p.id,
        startDate: p.startDate,
        endDate: p.endDate,
        status: p.status,
        outcome: p.outcome === 'passed' || p.outcome === 'failed' ? p.outcome : null,
        finishedOn: dayIn(tz, finalOutcome?.at ?? finalEval?.at ?? null),
      };
    }),
    actions: otherActions.map((a) => ({
      id: a.id,
      kind: a.kind,
      status: a.status,
      effectiveDate: a.effective_date,
      completed: a.details?.completed === true,
      title: (typeof a.details?.title === 'string' ? a.details.title : null) ?? a.course_title,
    })),
    poolEntries: poolRows.map((p) => ({
      id: p.id,
      periodStart: p.period_start,
      onOptimizationList: p.on_optimization_list,
    })),
    art42: details.art42
      ? { items: details.art42.items ?? [], confirmedOn: dayIn(tz, details.art42.confirmedAt ?? null) }
      : null,
    leaves: leaves.map((l) => ({ id: l.id, startDate: l.startDate, endDate: l.endDate, note: l.note })),
    person: { hireDate: person.hireDate, birthDate: birth?.birthDate ?? null, gender: birth?.gender ?? null },
    unionNotice: details.unionNotice ?? null,
    files: files.map((x) => ({
      id: x.id,
      purpose: x.purpose,
      fileName: x.fileName,
      uploadedOn: dayIn(tz, x.uploadedAt) ?? asOf,
    })),
    probation: {
      probationEndDate: person.probationEndDate,
      regularizationDate: person.regularizationDate,
      reviews: reviews.map((v) => ({
        id: v.id,
        probationEndDate: v.probationEndDate,
        status: v.status,
        reasons: ((v.reasons as { condition: string }[] | null) ?? []).map((x) => x.condition),
        decidedOn: dayIn(tz, v.decidedAt),
      })),
    },
  };
  return { facts, employeeId, metricNames, ageNotChecked };
}

// ── Wording ──────────────────────────────────────────────────────────────────────────────────────────────────

type Text = Record<Locale, string>;
type P = ChainReason['params'];

const LABELS: Record<string, Text> = {
  standards_communicated: {
    'zh-CN': '事先告知量化的岗位考核标准',
    'en-US': 'Quantified job standards communicated in advance',
  },
  first_failed_appraisal: { 'zh-CN': '第一次考核不合格', 'en-US': 'First failed appraisal' },
  training_or_transfer: {
    'zh-CN': '培训或调整工作岗位（改进计划、调岗或培训）',
    'en-US': 'Training or a changed position (improvement plan, transfer or training)',
  },
  second_failed_appraisal: {
    'zh-CN': '培训或调岗后仍不能胜任（第二次考核不合格）',
    'en-US': 'Still not competent after training or transfer (second failed appraisal)',
  },
  art42_checked: { 'zh-CN': '第四十二条禁止解除情形已排除', 'en-US': 'Art. 42 protections ruled out' },
  union_notified: { 'zh-CN': '事先通知工会（第四十三条）', 'en-US': 'Union notified in advance (Art. 43)' },
  notice: {
    'zh-CN': '提前三十日书面通知或额外支付一个月工资',
    'en-US': '30 days’ written notice or one month’s wage in lieu',
  },
  in_probation: { 'zh-CN': '在试用期内解除', 'en-US': 'Termination within the probation period' },
  probation_review_failed: {
    'zh-CN': '转正考核不合格且有书面理由',
    'en-US': 'Probation review not passed, with written reasons',
  },
  misconduct_recorded: { 'zh-CN': '违纪事实与所违反的规章制度', 'en-US': 'The misconduct and the rule broken' },
  misconduct_evidence: { 'zh-CN': '违纪证据材料', 'en-US': 'Evidence of the misconduct' },
  signed_agreement: { 'zh-CN': '双方签署的解除协议', 'en-US': 'The agreement signed by both parties' },
  severance: { 'zh-CN': '经济补偿', 'en-US': 'Severance pay' },
};

export const ART42_ITEM_TEXT: Record<string, Text> = {
  occupational_disease: {
    'zh-CN': '从事接触职业病危害作业未进行离岗前职业健康检查，或疑似职业病病人在诊断或医学观察期间',
    'en-US':
      'exposed to occupational hazards without a pre-departure health check, or a suspected occupational disease under diagnosis or observation',
  },
  work_injury: {
    'zh-CN': '在本单位患职业病或因工负伤并被确认丧失或部分丧失劳动能力',
    'en-US': 'an occupational disease or work injury here, with total or partial loss of working capacity confirmed',
  },
  medical_treatment_period: {
    'zh-CN': '患病或非因工负伤，在规定的医疗期内',
    'en-US': 'ill or injured off duty, within the statutory medical treatment period',
  },
  pregnancy_maternity_nursing: {
    'zh-CN': '女职工在孕期、产期、哺乳期',
    'en-US': 'a woman in pregnancy, maternity leave or the nursing period',
  },
  long_service_near_retirement: {
    'zh-CN': '在本单位连续工作满十五年且距法定退休年龄不足五年',
    'en-US': 'fifteen years of continuous service here and less than five years to the statutory retirement age',
  },
  other_statutory: {
    'zh-CN': '法律、行政法规规定的其他情形',
    'en-US': 'another case provided by law or administrative regulation',
  },
};

const KIND_TEXT: Record<string, Text> = {
  rotation: { 'zh-CN': '轮岗', 'en-US': 'rotation' },
  transfer: { 'zh-CN': '调岗', 'en-US': 'transfer' },
  demotion: { 'zh-CN': '降级', 'en-US': 'demotion' },
  training: { 'zh-CN': '培训', 'en-US': 'training' },
};

const PLAN_STATUS_TEXT: Record<string, Text> = {
  active: { 'zh-CN': '进行中', 'en-US': 'active' },
  midpoint_evaluated: { 'zh-CN': '已中期评估', 'en-US': 'midpoint evaluated' },
  final_evaluated: { 'zh-CN': '已终期评估', 'en-US': 'final evaluated' },
  passed: { 'zh-CN': '通过', 'en-US': 'passed' },
  failed: { 'zh-CN': '未通过', 'en-US': 'failed' },
};

const PERIOD_TEXT: Record<string, Text> = {
  month: { 'zh-CN': '月度', 'en-US': 'monthly' },
  quarter: { 'zh-CN': '季度', 'en-US': 'quarterly' },
  year: { 'zh-CN': '年度', 'en-US': 'yearly' },
};

const zh = (l: Locale) => l === 'zh-CN';
const list = (items: string[], l: Locale) => items.join(zh(l) ? '、' : ', ');
const art42List = (items: P[string], l: Locale) =>
  list(
    (items as string[]).map((k) => ART42_ITEM_TEXT[k]?.[l] ?? k),
    l,
  );

/** Every reason in both languages; `p` holds the values the domain found. */
function reasonText(key: string, reason: ChainReason, l: Locale): string {
  const p = reason.params;
  const s = (k: string) => String(p[k] ?? '');
  const c = `${key}.${reason.code}`;
  const z = zh(l);
  switch (c) {
    case 'standards_communicated.met_before':
      return z
        ? `在 ${s('before')}（第一次不合格考核期末）前已有 ${s('targets')} 项确认的个人目标、${s('acknowledgements')} 次本人确认的考核结果。`
        : `By ${s('before')} (the end of the first failed period) there were ${s('targets')} agreed personal target(s) and ${s('acknowledgements')} result(s) acknowledged by the person.`;
    case 'standards_communicated.met':
      return z
        ? `已有 ${s('targets')} 项确认的个人目标、${s('acknowledgements')} 次本人确认的考核结果（尚无不合格考核可作对照）。`
        : `There are ${s('targets')} agreed personal target(s) and ${s('acknowledgements')} acknowledged result(s) (no failed appraisal yet to compare with).`;
    case 'standards_communicated.none_before':
      return z
        ? `缺少：${s('before')}（第一次不合格考核期末）之前没有与本人确认的、覆盖该考核期的个人目标，也没有本人确认过的考核结果。请先证明考核标准已事先告知本人。`
        : `Missing: before ${s('before')} (the end of the first failed period) there is no personal target agreed with the person for that period and no result the person acknowledged. Show that the standards were communicated in advance.`;
    case 'standards_communicated.none':
      return z
        ? '缺少：没有与本人确认的个人目标，也没有本人确认过的考核结果。'
        : 'Missing: no personal target agreed with the person and no result the person acknowledged.';
    case 'first_failed_appraisal.failed_grade':
    case 'second_failed_appraisal.failed_grade':
      return z
        ? `${s('cycleName')}（${s('periodStart')} 至 ${s('periodEnd')}）已发布的考核等级为 ${s('grade')}，属于本组织设定的不合格等级。`
        : `${s('cycleName')} (${s('periodStart')} to ${s('periodEnd')}): published grade ${s('grade')}, one of the organization's unsatisfactory grades.`;
    case 'first_failed_appraisal.not_acknowledged':
      return z
        ? `缺少：${s('cycleName')} 的不合格等级 ${s('grade')} 尚未经本人确认（或申诉处理完毕），须先让本人知悉并确认考核结果。`
        : `Missing: the failing grade ${s('grade')} of ${s('cycleName')} has not been acknowledged by the person (nor an appeal decided); the person must first be shown and acknowledge the result.`;
    case 'first_failed_appraisal.appeal_open':
      return z
        ? `缺少：${s('cycleName')} 的等级 ${s('grade')} 正在申诉中，申诉处理完毕前不能作为不合格考核。`
        : `Missing: grade ${s('grade')} of ${s('cycleName')} is under appeal; it cannot count until the appeal is decided.`;
    case 'first_failed_appraisal.only_pool':
      return z
        ? `缺少：只找到 ${s('entries')} 条低绩效人员池记录，没有已发布的不合格考核等级（${list(p.grades as string[], l)}）。排名靠后或进入人员池本身不等于“不能胜任工作”（末位淘汰不是合法的解除理由）。`
        : `Missing: only ${s('entries')} low-performer pool entr(ies) were found, no published unsatisfactory grade (${list(p.grades as string[], l)}). A low rank or a pool entry alone is not incompetence (ranking people out is not a lawful ground).`;
    case 'first_failed_appraisal.no_failed_grade':
      return z
        ? `缺少：${s('results')} 个已发布的考核结果中没有不合格等级（${list(p.grades as string[], l)}）。`
        : `Missing: none of ${s('results')} published result(s) has an unsatisfactory grade (${list(p.grades as string[], l)}).`;
    case 'first_failed_appraisal.no_results':
      return z
        ? `缺少：此人没有已发布的考核结果；需要一次等级为 ${list(p.grades as string[], l)} 的已发布考核。`
        : `Missing: the person has no published review result; a published grade of ${list(p.grades as string[], l)} is needed.`;
    case 'training_or_transfer.plan':
      return z
        ? `第一次不合格考核（期末 ${s('after')}）后，${s('start')} 开始的改进计划已完成终期评估或结论。`
        : `After the first failed appraisal (period ended ${s('after')}), an improvement plan started on ${s('start')} and has its final evaluation or outcome.`;
    case 'training_or_transfer.job_change':
      return z
        ? `第一次不合格考核（期末 ${s('after')}）后，${s('start')} 起已调整工作岗位。`
        : `After the first failed appraisal (period ended ${s('after')}), the position changed from ${s('start')}.`;
    case 'training_or_transfer.training':
      return z
        ? `第一次不合格考核（期末 ${s('after')}）后，${s('start')} 已完成培训。`
        : `After the first failed appraisal (period ended ${s('after')}), training was completed on ${s('start')}.`;
    case 'training_or_transfer.plan_running':
      return z
        ? `缺少：${s('start')} 开始的改进计划尚未结束（计划结束日 ${s('endDate')}），需完成终期评估或记录结论。`
        : `Missing: the improvement plan started ${s('start')} is still running (it ends ${s('endDate')}); it needs its final evaluation or outcome.`;
    case 'training_or_transfer.none_after':
      return z
        ? `缺少：${s('after')}（第一次不合格考核期末）之后没有改进计划、已生效的调岗/轮岗/降级或已完成的培训。`
        : `Missing: after ${s('after')} (the end of the first failed period) there is no improvement plan, effective transfer/rotation/demotion or completed training.`;
    case 'training_or_transfer.no_first_failure':
      return z
        ? '缺少：须先有第一次不合格考核，之后的培训或调岗才算数。'
        : 'Missing: training or a transfer counts only after a first failed appraisal.';
    case 'second_failed_appraisal.plan_failed':
      return z
        ? `改进计划（结束日 ${s('endDate')}）的结论为未通过（${s('finishedOn')} 记录）。`
        : `The improvement plan (ending ${s('endDate')}) was recorded as failed on ${s('finishedOn')}.`;
    case 'second_failed_appraisal.none_after':
      return z
        ? `缺少：培训或调岗开始（${s('after')}）之后，没有考核期从该日起的不合格考核，改进计划也未记录为未通过。`
        : `Missing: after the training or transfer began (${s('after')}) there is no failed appraisal for a period starting then or later, and no improvement plan recorded as failed.`;
    case 'second_failed_appraisal.no_intervention':
      return z
        ? '缺少：须在培训或调岗之后再次考核不合格。'
        : 'Missing: a second failed appraisal is needed after training or a transfer.';
    case 'art42_checked.confirmed':
      return z
        ? `HR 已于 ${s('confirmedOn')} 逐项确认第四十二条的六种情形均不适用，Stride 的记录也未发现相反情况。`
        : `HR confirmed on ${s('confirmedOn')} that none of the six Art. 42 cases applies, and nothing Stride holds says otherwise.`;
    case 'art42_checked.not_confirmed':
      return z
        ? '缺少：HR 尚未填写第四十二条确认清单（六种禁止解除情形逐项确认）。'
        : 'Missing: HR has not completed the Art. 42 checklist (each of the six protected cases confirmed).';
    case 'art42_checked.unanswered':
      return z
        ? `缺少：第四十二条确认清单尚未回答：${art42List(p.items, l)}。`
        : `Missing: the Art. 42 checklist does not answer: ${art42List(p.items, l)}.`;
    case 'art42_checked.applies': {
      const notes = (p.notes as string[]).map((n) => {
        const [k, ...rest] = n.split(': ');
        return rest.length ? `${ART42_ITEM_TEXT[k]?.[l] ?? k}（${rest.join(': ')}）` : (ART42_ITEM_TEXT[k]?.[l] ?? k);
      });
      return z
        ? `缺少：第四十二条禁止在下列情形下依第四十条解除：${list(notes, l)}。`
        : `Missing: Art. 42 forbids an Art. 40 termination while: ${list(notes, l)}.`;
    }
    case 'art42_checked.long_service_protected':
      return z
        ? `缺少：第四十二条第（五）项保护此人：在本单位连续工作 ${s('serviceYears')} 年，${s('age')} 岁，距法定退休年龄（按 ${s('retirementAge')} 岁计）不足五年。（简化规则：退休年龄按男 60 岁、女 55 岁计，性别取身份证号第 17 位；2025 年起法定退休年龄逐步提高，请 HR 核实。）`
        : `Missing: Art. 42(5) protects this person: ${s('serviceYears')} years of continuous service, aged ${s('age')}, less than five years to the statutory retirement age (taken as ${s('retirementAge')}). (Simplified rule: retirement at 60 for men and 55 for women, gender from the 17th digit of the ID number; the statutory ages rise gradually from 2025 — HR should verify.)`;
    case 'art42_checked.not_applicable_art21_probation':
      return z
        ? '不适用：第四十二条只限制依第四十条、第四十一条的解除；试用期不符合录用条件依第二十一条、第三十九条第（一）项。'
        : 'Not applicable: Art. 42 limits only Art. 40 and 41 terminations; a failed probation falls under Art. 21 and 39(1).';
    case 'art42_checked.not_applicable_art39':
      return z
        ? '不适用：第四十二条只限制依第四十条、第四十一条的解除，不限制依第三十九条的解除。'
        : 'Not applicable: Art. 42 limits only Art. 40 and 41 terminations, not Art. 39.';
    case 'art42_checked.not_applicable_art36_mutual':
      return z
        ? '不适用：协商一致解除不受第四十二条限制。'
        : 'Not applicable: a termination by mutual agreement is not limited by Art. 42.';
    case 'union_notified.none':
      return z
        ? '缺少：尚未记录已事先将解除理由通知工会（通知日期和通知文件名称）。'
        : 'Missing: no record that the union was told the reasons in advance (the date and the document).';
    case 'union_notified.future':
      return z
        ? `缺少：记录的工会通知日期 ${s('notifiedOn')} 晚于今天，须在实际通知后记录。`
        : `Missing: the union notice date ${s('notifiedOn')} is after today; record it once the union has been notified.`;
    case 'union_notified.not_before_effective':
      return z
        ? `缺少：工会通知日期 ${s('notifiedOn')} 不早于解除日 ${s('effectiveDate')}，须在解除前通知工会。`
        : `Missing: the union was notified on ${s('notifiedOn')}, not before the last day ${s('effectiveDate')}; it must be notified before.`;
    case 'union_notified.notified':
      return z
        ? `已于 ${s('notifiedOn')} 以《${s('documentTitle')}》通知工会，工会未回复。`
        : `The union was notified on ${s('notifiedOn')} with “${s('documentTitle')}”; no reply recorded.`;
    case 'union_notified.notified_replied':
      return z
        ? `已于 ${s('notifiedOn')} 以《${s('documentTitle')}》通知工会，并记录了工会的回复。`
        : `The union was notified on ${s('notifiedOn')} with “${s('documentTitle')}”; its reply is recorded.`;
    case 'union_notified.not_applicable_art36_mutual':
      return z
        ? '不适用：协商一致解除不是用人单位单方解除，无需通知工会。'
        : 'Not applicable: a mutual termination is not unilateral; the union need not be notified.';
    case 'notice.notice_30_days':
      return z
        ? `提前三十日书面通知：解除日 ${s('effectiveDate')} 不早于 ${s('earliest')}。`
        : `Thirty days’ written notice: the last day ${s('effectiveDate')} is not before ${s('earliest')}.`;
    case 'notice.too_short':
      return z
        ? `缺少：须提前三十日书面通知，解除日（最后工作日）最早为 ${s('earliest')}，当前为 ${s('effectiveDate')}；或改为额外支付一个月工资（代通知金）。`
        : `Missing: notice must be given 30 days before the last day, earliest ${s('earliest')} (now ${s('effectiveDate')}); or pay one month’s wage in lieu.`;
    case 'notice.pay_in_lieu':
      return z
        ? `额外支付一个月工资（代通知金）：月工资 ${s('monthlyWage')}。`
        : `One month’s wage in lieu of notice: monthly wage ${s('monthlyWage')}.`;
    case 'notice.pay_in_lieu_no_wage':
      return z
        ? '缺少：选择了代通知金，请填写月工资（代通知金为一个月工资）。'
        : 'Missing: pay in lieu was chosen; enter the monthly wage (the payment is one month’s wage).';
    case 'notice.no_mode':
      return z
        ? `缺少：请选择提前三十日通知（解除日最早 ${s('earliest')}）或额外支付一个月工资。`
        : `Missing: choose 30 days’ notice (last day ${s('earliest')} at the earliest) or one month’s wage in lieu.`;
    case 'notice.not_applicable_art21_probation':
    case 'notice.not_applicable_art39':
      return z
        ? '不适用：依第三十九条解除无需提前通知，也无代通知金。'
        : 'Not applicable: an Art. 39 termination needs no notice and no pay in lieu.';
    case 'notice.not_applicable_art36_mutual':
      return z
        ? '不适用：协商一致解除的日期由双方约定。'
        : 'Not applicable: the parties agree the date of a mutual termination.';
    case 'in_probation.in_probation':
      return z
        ? `此人在试用期内（试用期至 ${s('probationEndDate')}），解除日不晚于试用期结束日。`
        : `The person is in probation (until ${s('probationEndDate')}) and the last day is not after its end.`;
    case 'in_probation.no_probation':
      return z
        ? '缺少：此人没有约定试用期，不能以试用期不符合录用条件解除。'
        : 'Missing: the person has no probation period; this ground cannot be used.';
    case 'in_probation.regularized':
      return z
        ? `缺少：此人已于 ${s('regularizationDate')} 转正，不能再以试用期不符合录用条件解除。`
        : `Missing: the person was regularized on ${s('regularizationDate')}; a failed probation can no longer be the ground.`;
    case 'in_probation.ended':
      return z
        ? `缺少：试用期已于 ${s('probationEndDate')} 结束；依第二十一条、第三十九条第（一）项的解除必须在试用期结束前作出。`
        : `Missing: probation ended on ${s('probationEndDate')}; an Art. 21/39(1) termination must happen before probation ends.`;
    case 'in_probation.effective_after_end':
      return z
        ? `缺少：解除日 ${s('effectiveDate')} 晚于试用期结束日 ${s('probationEndDate')}；依第二十一条、第三十九条第（一）项的解除必须在试用期结束前生效。`
        : `Missing: the last day ${s('effectiveDate')} is after the probation end ${s('probationEndDate')}; an Art. 21/39(1) termination must happen before probation ends.`;
    case 'probation_review_failed.failed':
      return z
        ? `转正考核于 ${s('decidedOn')} 判定不合格，书面理由：${list(p.reasons as string[], l)}。`
        : `The probation review was not passed on ${s('decidedOn')}; written reasons: ${list(p.reasons as string[], l)}.`;
    case 'probation_review_failed.no_reasons':
      return z
        ? '缺少：转正考核不合格但没有与录用条件对应的书面理由。'
        : 'Missing: the probation review failed without written reasons tied to the hiring conditions.';
    case 'probation_review_failed.passed':
      return z ? '缺少：转正考核结论为通过。' : 'Missing: the probation review was passed.';
    case 'probation_review_failed.open':
      return z
        ? '缺少：转正考核尚未作出结论；须判定不合格并写明理由。'
        : 'Missing: the probation review is still open; it must be decided as not passed, with reasons.';
    case 'probation_review_failed.none':
      return z
        ? '缺少：没有本试用期的转正考核；须开启转正考核并判定不合格、写明理由。'
        : 'Missing: there is no probation review for this probation; open one and decide it as not passed, with reasons.';
    case 'misconduct_recorded.recorded':
      return z
        ? `违反《${s('ruleReference')}》，发生于 ${s('occurredOn')}，事实已记录。`
        : `Breach of “${s('ruleReference')}” on ${s('occurredOn')}; the facts are recorded.`;
    case 'misconduct_recorded.none':
      return z
        ? '缺少：请填写所违反的规章制度（名称及条款）、违纪事实和发生日期。'
        : 'Missing: enter the rule broken (title and clause), the facts and the date.';
    case 'misconduct_recorded.future':
      return z
        ? `缺少：违纪发生日期 ${s('occurredOn')} 晚于今天。`
        : `Missing: the misconduct date ${s('occurredOn')} is after today.`;
    case 'misconduct_evidence.files':
      return z ? `已上传 ${s('count')} 份违纪证据。` : `${s('count')} evidence file(s) uploaded.`;
    case 'misconduct_evidence.none':
      return z
        ? '缺少：请上传至少一份违纪证据（用途：违纪证据），如书面警告、记录、本人说明。'
        : 'Missing: upload at least one evidence file (purpose: misconduct evidence), e.g. a warning letter, a record or the person’s statement.';
    case 'signed_agreement.uploaded':
      return z
        ? `已上传双方签署的协议《${s('fileName')}》（${s('uploadedOn')}）。`
        : `The signed agreement “${s('fileName')}” was uploaded on ${s('uploadedOn')}.`;
    case 'signed_agreement.none':
      return z
        ? '缺少：请上传双方签署的解除协议（用途：签署的协议）。'
        : 'Missing: upload the agreement signed by both parties (purpose: signed agreement).';
    case 'severance.wage':
      return z
        ? `经济补偿按月工资 ${s('monthlyWage')} 计算。`
        : `Severance is computed from the monthly wage ${s('monthlyWage')}.`;
    case 'severance.no_wage':
      return z ? '缺少：请填写月工资以计算经济补偿。' : 'Missing: enter the monthly wage to compute severance.';
  }
  return reason.code;
}

function noteText(note: ChainReason, l: Locale): string {
  const p = note.params;
  switch (note.code) {
    case 'appeal_rejected':
      return zh(l)
        ? `本人曾就 ${p.cycleName} 申诉，申诉未获支持。`
        : `The person appealed ${p.cycleName}; the appeal was rejected.`;
    case 'age_unknown':
      return zh(l)
        ? `此人已工作 ${p.serviceYears} 年，但没有身份证号，Stride 无法判断是否距法定退休年龄不足五年；以 HR 对第（五）项的确认为准。`
        : `The person has ${p.serviceYears} years of service but no ID number on file, so Stride cannot tell whether they are within five years of retirement; HR’s answer on item 5 is relied on.`;
    case 'age_not_checked':
      return zh(l)
        ? '此处未读取身份证号，第（五）项的年龄条件未自动核对；以 HR 的确认为准。'
        : 'The ID number was not read here, so the age condition of item 5 was not checked automatically; HR’s answer is relied on.';
  }
  return note.code;
}

function evidenceView(
  e: ChainEvidenceRef,
  l: Locale,
  ctx: { employeeId: string; actionId: string; metricNames: Map<string, Text> },
): TerminationChain['items'][number]['evidence'][number] {
  const d = e.data;
  const s = (k: string) => String(d[k] ?? '');
  const z = zh(l);
  let label: string;
  let href: string | null = null;
  switch (e.kind) {
    case 'target':
      label = z
        ? `个人目标：${ctx.metricNames.get(s('metricName'))?.[l] ?? s('metricName')}，${PERIOD_TEXT[s('periodType')]?.[l] ?? s('periodType')} ${s('periodStart')} 起`
        : `Personal target: ${ctx.metricNames.get(s('metricName'))?.[l] ?? s('metricName')}, ${PERIOD_TEXT[s('periodType')]?.[l] ?? s('periodType')} from ${s('periodStart')}`;
      href = '/targets';
      break;
    case 'acknowledgement':
      label = z
        ? `本人确认了 ${s('cycleName')} 的考核结果${d.grade ? `（等级 ${s('grade')}）` : ''}`
        : `The person acknowledged the ${s('cycleName')} result${d.grade ? ` (grade ${s('grade')})` : ''}`;
      href = `/review-participants/${e.id}`;
      break;
    case 'appraisal':
      label = z
        ? `${s('cycleName')}（${s('periodStart')} 至 ${s('periodEnd')}）等级 ${s('grade')}${d.appeal === 'open' ? '，申诉中' : ''}`
        : `${s('cycleName')} (${s('periodStart')} to ${s('periodEnd')}) grade ${s('grade')}${d.appeal === 'open' ? ', under appeal' : ''}`;
      href = `/review-participants/${e.id}`;
      break;
    case 'pool_entry':
      label = z
        ? `低绩效人员池 ${s('periodStart')}${d.onOptimizationList ? '（优化清单）' : ''}`
        : `Low-performer pool ${s('periodStart')}${d.onOptimizationList ? ' (optimization list)' : ''}`;
      href = '/low-performer-pool';
      break;
    case 'plan':
      label = z
        ? `改进计划 ${s('startDate')} 至 ${s('endDate')}（${PLAN_STATUS_TEXT[s('status')]?.[l] ?? s('status')}）`
        : `Improvement plan ${s('startDate')} to ${s('endDate')} (${PLAN_STATUS_TEXT[s('status')]?.[l] ?? s('status')})`;
      href = `/plans/${e.id}`;
      break;
    case 'employment_action':
      label =
        `${KIND_TEXT[s('actionKind')]?.[l] ?? s('actionKind')}${d.title ? (z ? `：${s('title')}` : `: ${s('title')}`) : ''} ${e.date ?? ''}`.trim();
      href = `/employment-actions/${e.id}`;
      break;
    case 'art42_checklist':
      label = z
        ? `HR 的第四十二条确认清单（已答 ${s('answered')} 项${e.date ? `，${e.date}` : ''}）`
        : `HR’s Art. 42 checklist (${s('answered')} answered${e.date ? `, ${e.date}` : ''})`;
      href = `/employment-actions/${ctx.actionId}`;
      break;
    case 'leave':
      label = z
        ? `请注意：${s('startDate')} 至 ${s('endDate')} 登记了休假/缺勤：${s('note')}（是否属于医疗期、孕期、产期、哺乳期，请 HR 核实）`
        : `Note: leave recorded ${s('startDate')} to ${s('endDate')}: ${s('note')} (HR should check whether it is a medical treatment period, pregnancy, maternity or nursing)`;
      href = `/people/${ctx.employeeId}`;
      break;
    case 'service':
      label = z
        ? `入职 ${s('hireDate')}，连续工作 ${s('serviceYears')} 年${d.age !== null && d.age !== undefined ? `，${s('age')} 岁` : ''}`
        : `Hired ${s('hireDate')}, ${s('serviceYears')} years of service${d.age !== null && d.age !== undefined ? `, aged ${s('age')}` : ''}`;
      href = `/people/${ctx.employeeId}`;
      break;
    case 'union_notice':
      label = z
        ? `《${s('documentTitle')}》${d.reply ? `，工会回复：${s('reply')}` : ''}`
        : `“${s('documentTitle')}”${d.reply ? `, union reply: ${s('reply')}` : ''}`;
      href = `/employment-actions/${ctx.actionId}`;
      break;
    case 'file':
      label = s('fileName');
      href = `/employment-actions/${ctx.actionId}`;
      break;
    case 'probation_review':
      label = z
        ? `转正考核（试用期至 ${s('probationEndDate')}，${s('status') === 'failed' ? '不合格' : s('status') === 'passed' ? '通过' : '进行中'}）`
        : `Probation review (probation until ${s('probationEndDate')}, ${s('status') === 'failed' ? 'not passed' : s('status') === 'passed' ? 'passed' : 'open'})`;
      href = '/probation-reviews';
      break;
    case 'misconduct':
      label = z ? `违反《${s('ruleReference')}》` : `Breach of “${s('ruleReference')}”`;
      href = `/employment-actions/${ctx.actionId}`;
      break;
    case 'wage':
      label = z ? `月工资 ${s('monthlyWage')}` : `Monthly wage ${s('monthlyWage')}`;
      break;
    default:
      label = e.kind;
  }
  return { kind: e.kind, id: e.id, date: e.date, label, href };
}

function itemView(
  i: ChainItemResult,
  l: Locale,
  ctx: { employeeId: string; actionId: string; metricNames: Map<string, Text> },
): TerminationChain['items'][number] {
  const notes = i.notes.map((n) => noteText(n, l));
  const detail = [reasonText(i.key, i.reason, l), ...notes].join(zh(l) ? '' : ' ');
  return {
    key: i.key,
    status: i.status,
    label: LABELS[i.key]?.[l] ?? i.key,
    detail,
    evidence: i.evidence.map((e) => evidenceView(e, l, ctx)),
  };
}

/**
 * A termination's evidence chain, worded in the caller's language. Loads every fact Stride holds about the person
 * (results, targets, plans, job changes, training, pool entries, leave, probation reviews) and the action's own
 * checklist, union notice and files; the rules are packages/domain/src/termination/chain.ts.
 * `personal` lets the Art. 42(5) check read the ID number (audited); without it the age is not checked.
 */
export async function loadTerminationChain(
  db: DbOrTx,
  orgId: string,
  action: ActionRow,
  locale: Locale,
  today: string,
  personal?: ChainPersonalAccess,
): Promise<TerminationChain> {
  const { facts, employeeId, metricNames, ageNotChecked } = await loadFacts(db, orgId, action, today, personal);
  const result = evaluateTerminationChain(facts);
  if (ageNotChecked) {
    const art42 = result.items.find((i) => i.key === 'art42_checked');
    if (art42 && art42.status !== 'not_applicable') art42.notes.push({ code: 'age_not_checked', params: {} });
  }
  const ctx = { employeeId, actionId: action.id, metricNames };
  return {
    ground: result.ground,
    complete: result.complete,
    items: result.items.map((i) => itemView(i, locale, ctx)),
  };
}

/**
 * Refuses (TERMINATION_CHAIN_INCOMPLETE) while any link is missing, naming each missing item and exactly what it
 * lacks in the caller's language. Called at submission and before the final approval.
 */
export async function assertChainComplete(
  db: DbOrTx,
  orgId: string,
  action: ActionRow,
  locale: Locale,
  today: string,
  personal?: ChainPersonalAccess,
): Promise<void> {
  const chain = await loadTerminationChain(db, orgId, action, locale, today, personal);
  if (chain.complete) return;
  // A refusal rolls back the transaction, and with it the audit of the ID-number read: so the refusal names the
  // protection but not the age derived from the ID number (GET …/chain shows it to HR, audited).
  const ageFree: Record<string, Record<Locale, string>> = {
    art42_checked: {
      'zh-CN': '第四十二条第（五）项保护此人：在本单位连续工作满十五年且距法定退休年龄不足五年（详见证据链）',
      'en-US':
        'Art. 42(5) protects this person: 15 years of continuous service and less than five years to retirement age (see the evidence chain)',
    },
  };
  fail(
    'TERMINATION_CHAIN_INCOMPLETE',
    chain.items
      .filter((i) => i.status === 'missing')
      .map((i) => ({
        field: `chain.${i.key}`,
        code: 'CHAIN_ITEM_MISSING',
        message: `${i.label}${zh(locale) ? '：' : ': '}${
          /第四十二条第（五）项保护此人|Art\. 42\(5\) protects this person/.test(i.detail)
            ? ageFree.art42_checked[locale]
            : i.detail.replace(/^(缺少：|Missing: )/, '')
        }`,
      })),
  );
}
