// The evidence chain a termination needs before it may be submitted (Labor Contract Law; DOMAIN.md §4).
// Pure: the server loads the facts, this decides which links are met and why, the server words it.
import { addDays, addMonths } from '../probation';

export type ChainGround = 'art40_2' | 'art36_mutual' | 'art21_probation' | 'art39';
export type ChainStatus = 'met' | 'missing' | 'not_applicable';

export const ART42_ITEMS = [
  'occupational_disease',
  'work_injury',
  'medical_treatment_period',
  'pregnancy_maternity_nursing',
  'long_service_near_retirement',
  'other_statutory',
] as const;
export type Art42ItemKey = (typeof ART42_ITEMS)[number];

/** A person's result in a review cycle. */
export interface AppraisalFact {
  participantId: string;
  cycleId: string;
  cycleName: string;
  periodStart: string;
  periodEnd: string;
  /** draft … published | closed: only published and closed results count. */
  stage: string;
  /** The grade in force (after calibration and any upheld appeal). */
  grade: string | null;
  publishedOn: string | null;
  /** The person's appeal of this result, if any. */
  appeal: 'open' | 'upheld' | 'rejected' | null;
  /** The person acknowledged the result (the scorecard and its standards) on this day. */
  acknowledgedOn: string | null;
}

/** An agreed personal target (a quantified standard). */
export interface TargetFact {
  id: string;
  metricKey: string;
  metricName: string;
  periodType: string;
  periodStart: string;
  periodEnd: string;
  /** The day it was agreed (its agreement event), null if unknown. */
  agreedOn: string | null;
}

export interface PlanFact {
  id: string;
  startDate: string;
  endDate: string;
  /** draft | active | midpoint_evaluated | final_evaluated | passed | failed | cancelled */
  status: string;
  /** passed | failed (extended is not an outcome that ends a plan). */
  outcome: string | null;
  /** The day of the final evaluation, or of the outcome. */
  finishedOn: string | null;
}

/** Another employment action of the person that may be the intervention (job change or training). */
export interface InterventionActionFact {
  id: string;
  kind: string;
  status: string;
  effectiveDate: string;
  /** Training: the course was completed. */
  completed: boolean;
  title: string | null;
}

export interface PoolEntryFact {
  id: string;
  periodStart: string;
  onOptimizationList: boolean;
}

export interface Art42Answer {
  item: string;
  applies: boolean;
  note?: string | null;
}

export interface LeaveFact {
  id: string;
  startDate: string;
  endDate: string;
  note: string | null;
}

export interface UnionNoticeFact {
  notifiedOn: string;
  documentTitle: string;
  reply?: string | null;
  fileId?: string | null;
}

export interface FileFact {
  id: string;
  purpose: string;
  fileName: string;
  uploadedOn: string;
}

export interface ProbationReviewFact {
  id: string;
  probationEndDate: string;
  status: string;
  reasons: string[];
  decidedOn: string | null;
}

export interface ChainFacts {
  ground: ChainGround;
  today: string;
  /** The termination's last day of employment. */
  effectiveDate: string;
  noticeMode: 'notice_30_days' | 'pay_in_lieu' | null;
  monthlyWage: string | null;
  misconduct: { ruleReference: string; facts: string; occurredOn: string } | null;
  unsatisfactoryGrades: readonly string[];
  appraisals: readonly AppraisalFact[];
  targets: readonly TargetFact[];
  plans: readonly PlanFact[];
  actions: readonly InterventionActionFact[];
  poolEntries: readonly PoolEntryFact[];
  art42: { items: readonly Art42Answer[]; confirmedOn: string | null } | null;
  leaves: readonly LeaveFact[];
  /**
   * Art. 42(5): hire date and what Stride knows of the age. birthDate/gender come from the ID number; null when
   * there is none on file (or it could not be read), in which case HR's answer is relied on.
   */
  person: { hireDate: string; birthDate: string | null; gender: 'male' | 'female' | null };
  unionNotice: UnionNoticeFact | null;
  files: readonly FileFact[];
  probation: {
    probationEndDate: string | null;
    regularizationDate: string | null;
    reviews: readonly ProbationReviewFact[];
  };
}

export type EvidenceKind =
  | 'target'
  | 'acknowledgement'
  | 'appraisal'
  | 'appeal'
  | 'pool_entry'
  | 'plan'
  | 'employment_action'
  | 'art42_checklist'
  | 'leave'
  | 'service'
  | 'union_notice'
  | 'file'
  | 'probation_review'
  | 'misconduct'
  | 'wage';

export interface ChainEvidenceRef {
  kind: EvidenceKind;
  id: string | null;
  date: string | null;
  /** Facts for the wording (names, grades, periods). */
  data: Record<string, string | number | boolean | null>;
  /** Shown as a warning (it does not decide the status). */
  warning?: boolean;
}

export type ChainKey =
  | 'standards_communicated'
  | 'first_failed_appraisal'
  | 'training_or_transfer'
  | 'second_failed_appraisal'
  | 'art42_checked'
  | 'union_notified'
  | 'notice'
  | 'in_probation'
  | 'probation_review_failed'
  | 'misconduct_recorded'
  | 'misconduct_evidence'
  | 'signed_agreement'
  | 'severance';

/** Why an item has its status: a code per item and the values the wording needs. */
export interface ChainReason {
  code: string;
  params: Record<string, string | number | string[]>;
}

export interface ChainItemResult {
  key: ChainKey;
  status: ChainStatus;
  reason: ChainReason;
  /** Extra remarks, each worded by the caller (e.g. the age could not be checked). */
  notes: ChainReason[];
  evidence: ChainEvidenceRef[];
}

export interface ChainResult {
  ground: ChainGround;
  complete: boolean;
  items: ChainItemResult[];
}

export const STATUTORY_RETIREMENT_AGE = { male: 60, female: 55 } as const;
/** Art. 42(5): 15 years of continuous service and fewer than 5 years to the statutory retirement age. */
export const ART42_5_SERVICE_YEARS = 15;
export const ART42_5_YEARS_TO_RETIREMENT = 5;
/** Art. 40: 30 days' written notice. */
export const NOTICE_DAYS = 30;

const r = (code: string, params: ChainReason['params'] = {}): ChainReason => ({ code, params });
const item = (
  key: ChainKey,
  status: ChainStatus,
  reason: ChainReason,
  evidence: ChainEvidenceRef[] = [],
  notes: ChainReason[] = [],
): ChainItemResult => ({ key, status, reason, evidence, notes });

/** Whole years from `from` to `to` (birthdays and anniversaries count on the day). */
export function wholeYears(from: string, to: string): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(5) < from.slice(5) ? years - 1 : years;
}

/** Birth date and gender from an 18-digit resident ID (digits 7–14 the birth date, the 17th odd for men). */
export function birthFactsFromIdNumber(idNumber: string): { birthDate: string; gender: 'male' | 'female' } | null {
  const v = idNumber.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return null;
  const birthDate = `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`;
  const t = new Date(`${birthDate}T00:00:00Z`);
  if (Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== birthDate) return null;
  return { birthDate, gender: Number(v[16]) % 2 === 1 ? 'male' : 'female' };
}

/**
 * Art. 42(5) as Stride can judge it: 15+ years of service and within 5 years of the statutory retirement age.
 * Simplification (stated to the user): 60 for men, 55 for women (the office-staff age before the 2025 reform,
 * which raises the ages gradually); HR's checklist covers other cases (e.g. women workers retiring at 50).
 */
export function art42_5Protection(
  person: ChainFacts['person'],
  asOf: string,
): { protected: boolean; serviceYears: number; age: number | null; retirementAge: number | null } {
  const serviceYears = Math.max(0, wholeYears(person.hireDate, asOf));
  if (!person.birthDate || !person.gender) return { protected: false, serviceYears, age: null, retirementAge: null };
  const age = wholeYears(person.birthDate, asOf);
  const retirementAge = STATUTORY_RETIREMENT_AGE[person.gender];
  return {
    protected: serviceYears >= ART42_5_SERVICE_YEARS && age >= retirementAge - ART42_5_YEARS_TO_RETIREMENT,
    serviceYears,
    age,
    retirementAge,
  };
}

// ── Art. 40(2): the appraisal chain ─────────────────────────────────────────────────────────────────────────

const RESULT_STAGES = new Set(['published', 'closed']);

function isFailed(a: AppraisalFact, grades: readonly string[]): boolean {
  return RESULT_STAGES.has(a.stage) && a.grade !== null && grades.includes(a.grade) && a.appeal !== 'open';
}

const appraisalRef = (a: AppraisalFact): ChainEvidenceRef => ({
  kind: 'appraisal',
  id: a.participantId,
  date: a.publishedOn ?? a.periodEnd,
  data: {
    cycleId: a.cycleId,
    cycleName: a.cycleName,
    grade: a.grade,
    periodStart: a.periodStart,
    periodEnd: a.periodEnd,
    appeal: a.appeal,
  },
});

interface Intervention {
  kind: 'plan' | 'job_change' | 'training';
  id: string;
  start: string;
  /** Finished (a plan's final evaluation or outcome); job changes and completed training are. */
  finished: boolean;
  ref: ChainEvidenceRef;
  plan?: PlanFact;
}

const FINISHED_PLAN = new Set(['final_evaluated', 'passed', 'failed']);
const JOB_CHANGES = new Set(['rotation', 'transfer', 'demotion']);

function interventionsAfter(f: ChainFacts, after: string): Intervention[] {
  const out: Intervention[] = [];
  for (const p of f.plans) {
    if (p.status === 'draft' || p.status === 'cancelled' || p.startDate <= after || p.startDate > f.today) continue;
    out.push({
      kind: 'plan',
      id: p.id,
      start: p.startDate,
      finished: FINISHED_PLAN.has(p.status),
      plan: p,
      ref: {
        kind: 'plan',
        id: p.id,
        date: p.startDate,
        data: { startDate: p.startDate, endDate: p.endDate, status: p.status, outcome: p.outcome },
      },
    });
  }
  for (const a of f.actions) {
    if (a.status !== 'effective' || a.effectiveDate <= after || a.effectiveDate > f.today) continue;
    const isJob = JOB_CHANGES.has(a.kind);
    if (!isJob && !(a.kind === 'training' && a.completed)) continue;
    out.push({
      kind: isJob ? 'job_change' : 'training',
      id: a.id,
      start: a.effectiveDate,
      finished: true,
      ref: {
        kind: 'employment_action',
        id: a.id,
        date: a.effectiveDate,
        data: { actionKind: a.kind, title: a.title },
      },
    });
  }
  return out.sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
}

interface Art40Path {
  a1: AppraisalFact | null;
  standards: ChainItemResult;
  intervention: ChainItemResult;
  second: ChainItemResult;
  score: number;
}

function standardsFor(f: ChainFacts, a1: AppraisalFact | null): ChainItemResult {
  const limit = a1 ? a1.periodEnd : f.today;
  const targets = f.targets.filter(
    (t) =>
      t.agreedOn !== null &&
      t.agreedOn <= limit &&
      (a1 === null || (t.periodStart <= a1.periodEnd && t.periodEnd >= a1.periodStart)),
  );
  // An earlier result the person acknowledged shows they knew the standards; acknowledging the failed result
  // itself does not show they knew them in advance.
  const acks = f.appraisals.filter(
    (a) => a.acknowledgedOn !== null && a.acknowledgedOn <= limit && (a1 === null || a.periodEnd < a1.periodStart),
  );
  const evidence: ChainEvidenceRef[] = [
    ...targets.map(
      (t): ChainEvidenceRef => ({
        kind: 'target',
        id: t.id,
        date: t.agreedOn,
        data: { metricName: t.metricName, periodType: t.periodType, periodStart: t.periodStart },
      }),
    ),
    ...acks.map(
      (a): ChainEvidenceRef => ({
        kind: 'acknowledgement',
        id: a.participantId,
        date: a.acknowledgedOn,
        data: { cycleId: a.cycleId, cycleName: a.cycleName, grade: a.grade },
      }),
    ),
  ];
  if (evidence.length)
    return item(
      'standards_communicated',
      'met',
      r(a1 ? 'met_before' : 'met', { targets: targets.length, acknowledgements: acks.length, before: limit }),
      evidence,
    );
  return item('standards_communicated', 'missing', r(a1 ? 'none_before' : 'none', { before: limit }));
}

function pathFrom(f: ChainFacts, a1: AppraisalFact, failed: AppraisalFact[]): Art40Path {
  const standards = standardsFor(f, a1);
  const candidates = interventionsAfter(f, a1.periodEnd);
  const finished = candidates.filter((c) => c.finished);
  // The earliest finished intervention followed by a failed result, else the earliest finished one.
  let chosen: Intervention | null = null;
  let a2: AppraisalFact | null = null;
  for (const c of finished) {
    const next = failed.find((a) => a.periodStart >= c.start);
    if (next || (c.plan && c.plan.outcome === 'failed')) {
      chosen = c;
      a2 = next ?? null;
      break;
    }
  }
  chosen ??= finished[0] ?? null;
  let intervention: ChainItemResult;
  if (chosen) {
    const reasonCode = chosen.kind;
    intervention = item('training_or_transfer', 'met', r(reasonCode, { start: chosen.start, after: a1.periodEnd }), [
      chosen.ref,
    ]);
  } else {
    const running = candidates.find((c) => !c.finished);
    intervention = running
      ? item(
          'training_or_transfer',
          'missing',
          r('plan_running', { start: running.start, endDate: running.plan?.endDate ?? '' }),
          [running.ref],
        )
      : item('training_or_transfer', 'missing', r('none_after', { after: a1.periodEnd }));
  }
  let second: ChainItemResult;
  if (!chosen) {
    second = item('second_failed_appraisal', 'missing', r('no_intervention'));
  } else if (a2) {
    second = item(
      'second_failed_appraisal',
      'met',
      r('failed_grade', {
        grade: a2.grade ?? '',
        cycleName: a2.cycleName,
        periodStart: a2.periodStart,
        periodEnd: a2.periodEnd,
      }),
      [appraisalRef(a2)],
    );
  } else if (chosen.plan?.outcome === 'failed') {
    second = item(
      'second_failed_appraisal',
      'met',
      r('plan_failed', { endDate: chosen.plan.endDate, finishedOn: chosen.plan.finishedOn ?? chosen.plan.endDate }),
      [chosen.ref],
    );
  } else {
    second = item('second_failed_appraisal', 'missing', r('none_after', { after: chosen.start }));
  }
  const score = [standards, intervention, second].filter((i) => i.status === 'met').length;
  return { a1, standards, intervention, second, score };
}

function art40Items(f: ChainFacts): ChainItemResult[] {
  const grades = f.unsatisfactoryGrades;
  const byEnd = [...f.appraisals].sort((x, y) => (x.periodEnd < y.periodEnd ? -1 : x.periodEnd > y.periodEnd ? 1 : 0));
  const failed = byEnd.filter((a) => isFailed(a, grades));
  // The first failed appraisal must have been made known to the person (DOMAIN.md §4: "appraisal 1 failed
  // (acknowledged)"): acknowledged, or appealed and the appeal decided.
  const known = failed.filter((a) => a.acknowledgedOn !== null || a.appeal === 'rejected' || a.appeal === 'upheld');
  let best: Art40Path | null = null;
  for (const a1 of known) {
    const p = pathFrom(f, a1, failed);
    // The most complete path; among equals, the most recent first failure.
    if (!best || p.score >= best.score) best = p;
  }
  if (best?.a1) {
    const a1 = best.a1;
    const notes: ChainReason[] = [];
    if (a1.appeal === 'rejected') notes.push(r('appeal_rejected', { cycleName: a1.cycleName }));
    const first = item(
      'first_failed_appraisal',
      'met',
      r('failed_grade', {
        grade: a1.grade ?? '',
        cycleName: a1.cycleName,
        periodStart: a1.periodStart,
        periodEnd: a1.periodEnd,
      }),
      [appraisalRef(a1)],
      notes,
    );
    return [best.standards, first, best.intervention, best.second];
  }
  // No failed result: say exactly what was found instead.
  const pending = byEnd.filter(
    (a) => RESULT_STAGES.has(a.stage) && a.grade !== null && grades.includes(a.grade) && a.appeal === 'open',
  );
  const results = byEnd.filter((a) => RESULT_STAGES.has(a.stage) && a.grade !== null);
  let first: ChainItemResult;
  if (failed.length) {
    first = item(
      'first_failed_appraisal',
      'missing',
      r('not_acknowledged', { cycleName: failed[0].cycleName, grade: failed[0].grade ?? '' }),
      failed.map(appraisalRef),
    );
  } else if (pending.length) {
    first = item(
      'first_failed_appraisal',
      'missing',
      r('appeal_open', { cycleName: pending[0].cycleName, grade: pending[0].grade ?? '' }),
      pending.map(appraisalRef),
    );
  } else if (f.poolEntries.length) {
    first = item(
      'first_failed_appraisal',
      'missing',
      r('only_pool', { entries: f.poolEntries.length, grades: [...grades] }),
      f.poolEntries.map((p) => ({
        kind: 'pool_entry' as const,
        id: p.id,
        date: p.periodStart,
        data: { periodStart: p.periodStart, onOptimizationList: p.onOptimizationList },
      })),
    );
  } else {
    first = item(
      'first_failed_appraisal',
      'missing',
      r(results.length ? 'no_failed_grade' : 'no_results', { grades: [...grades], results: results.length }),
      results.map(appraisalRef),
    );
  }
  return [
    standardsFor(f, null),
    first,
    item('training_or_transfer', 'missing', r('no_first_failure')),
    item('second_failed_appraisal', 'missing', r('no_intervention')),
  ];
}

// ── Art. 42, Art. 43, notice ─────────────────────────────────────────────────────────────────────────────────

function art42Item(f: ChainFacts): ChainItemResult {
  if (f.ground !== 'art40_2') return item('art42_checked', 'not_applicable', r(`not_applicable_${f.ground}`));
  // The protections count until the last day: judged on the later of today and the effective date.
  // biome-ignore lint/complexity/useMathMinMax: ISO date strings, not numbers
  const asOf = f.effectiveDate > f.today ? f.effectiveDate : f.today;
  const evidence: ChainEvidenceRef[] = [];
  const notes: ChainReason[] = [];
  // Leave overlapping the time until the last day: shown, for HR to weigh (medical treatment, maternity …).
  for (const l of f.leaves) {
    if (l.startDate <= asOf && l.endDate >= f.today && l.note) {
      evidence.push({
        kind: 'leave',
        id: l.id,
        date: l.startDate,
        data: { startDate: l.startDate, endDate: l.endDate, note: l.note },
        warning: true,
      });
    }
  }
  const protection = art42_5Protection(f.person, asOf);
  evidence.push({
    kind: 'service',
    id: null,
    date: f.person.hireDate,
    data: { hireDate: f.person.hireDate, serviceYears: protection.serviceYears, age: protection.age },
  });
  if (protection.age === null && protection.serviceYears >= ART42_5_SERVICE_YEARS)
    notes.push(r('age_unknown', { serviceYears: protection.serviceYears }));
  if (protection.protected) {
    return item(
      'art42_checked',
      'missing',
      r('long_service_protected', {
        serviceYears: protection.serviceYears,
        age: protection.age ?? 0,
        retirementAge: protection.retirementAge ?? 0,
      }),
      evidence,
      notes,
    );
  }
  if (!f.art42) return item('art42_checked', 'missing', r('not_confirmed'), evidence, notes);
  const answered = new Map(f.art42.items.map((a) => [a.item, a]));
  evidence.unshift({
    kind: 'art42_checklist',
    id: null,
    date: f.art42.confirmedOn,
    data: { answered: answered.size },
  });
  const applying = ART42_ITEMS.filter((k) => answered.get(k)?.applies);
  if (applying.length) {
    const withNotes = applying.map((k) => {
      const note = answered.get(k)?.note;
      return note ? `${k}: ${note}` : k;
    });
    return item('art42_checked', 'missing', r('applies', { items: applying, notes: withNotes }), evidence, notes);
  }
  const unanswered = ART42_ITEMS.filter((k) => !answered.has(k));
  if (unanswered.length)
    return item('art42_checked', 'missing', r('unanswered', { items: unanswered }), evidence, notes);
  return item('art42_checked', 'met', r('confirmed', { confirmedOn: f.art42.confirmedOn ?? '' }), evidence, notes);
}

function unionItem(f: ChainFacts): ChainItemResult {
  if (f.ground === 'art36_mutual') return item('union_notified', 'not_applicable', r('not_applicable_art36_mutual'));
  const n = f.unionNotice;
  if (!n?.documentTitle.trim()) return item('union_notified', 'missing', r('none'));
  const ref: ChainEvidenceRef = {
    kind: 'union_notice',
    id: n.fileId ?? null,
    date: n.notifiedOn,
    data: { documentTitle: n.documentTitle, reply: n.reply ?? null },
  };
  if (n.notifiedOn > f.today)
    return item('union_notified', 'missing', r('future', { notifiedOn: n.notifiedOn }), [ref]);
  if (n.notifiedOn >= f.effectiveDate)
    return item(
      'union_notified',
      'missing',
      r('not_before_effective', { notifiedOn: n.notifiedOn, effectiveDate: f.effectiveDate }),
      [ref],
    );
  return item(
    'union_notified',
    'met',
    r(n.reply ? 'notified_replied' : 'notified', { notifiedOn: n.notifiedOn, documentTitle: n.documentTitle }),
    [ref],
  );
}

const wageRef = (wage: string): ChainEvidenceRef => ({
  kind: 'wage',
  id: null,
  date: null,
  data: { monthlyWage: wage },
});

function noticeItem(f: ChainFacts): ChainItemResult {
  if (f.ground !== 'art40_2') return item('notice', 'not_applicable', r(`not_applicable_${f.ground}`));
  const earliest = addDays(f.today, NOTICE_DAYS);
  if (f.noticeMode === 'notice_30_days') {
    return f.effectiveDate >= earliest
      ? item('notice', 'met', r('notice_30_days', { effectiveDate: f.effectiveDate, earliest }))
      : item('notice', 'missing', r('too_short', { effectiveDate: f.effectiveDate, earliest }));
  }
  if (f.noticeMode === 'pay_in_lieu') {
    return f.monthlyWage
      ? item('notice', 'met', r('pay_in_lieu', { monthlyWage: f.monthlyWage }), [wageRef(f.monthlyWage)])
      : item('notice', 'missing', r('pay_in_lieu_no_wage'));
  }
  return item('notice', 'missing', r('no_mode', { earliest }));
}

// ── Art. 21 / 39(1), Art. 39, Art. 36 ────────────────────────────────────────────────────────────────────────

function probationItems(f: ChainFacts): ChainItemResult[] {
  const p = f.probation;
  let inProbation: ChainItemResult;
  if (!p.probationEndDate) inProbation = item('in_probation', 'missing', r('no_probation'));
  else if (p.regularizationDate && p.regularizationDate <= f.today)
    inProbation = item('in_probation', 'missing', r('regularized', { regularizationDate: p.regularizationDate }));
  else if (p.probationEndDate < f.today)
    inProbation = item('in_probation', 'missing', r('ended', { probationEndDate: p.probationEndDate }));
  else if (f.effectiveDate > p.probationEndDate)
    inProbation = item(
      'in_probation',
      'missing',
      r('effective_after_end', { probationEndDate: p.probationEndDate, effectiveDate: f.effectiveDate }),
    );
  else inProbation = item('in_probation', 'met', r('in_probation', { probationEndDate: p.probationEndDate }));

  const reviews = [...p.reviews].sort((x, y) => (x.probationEndDate < y.probationEndDate ? 1 : -1));
  const current = p.probationEndDate ? reviews.filter((v) => v.probationEndDate === p.probationEndDate) : reviews;
  const ref = (v: ProbationReviewFact): ChainEvidenceRef => ({
    kind: 'probation_review',
    id: v.id,
    date: v.decidedOn,
    data: { status: v.status, probationEndDate: v.probationEndDate, reasons: v.reasons.length },
  });
  const failed = current.find((v) => v.status === 'failed');
  let review: ChainItemResult;
  if (failed?.reasons.length)
    review = item(
      'probation_review_failed',
      'met',
      r('failed', { decidedOn: failed.decidedOn ?? '', reasons: failed.reasons }),
      [ref(failed)],
    );
  else if (failed) review = item('probation_review_failed', 'missing', r('no_reasons'), [ref(failed)]);
  else if (current.some((v) => v.status === 'passed'))
    review = item('probation_review_failed', 'missing', r('passed'), current.map(ref));
  else if (current.some((v) => v.status === 'open'))
    review = item('probation_review_failed', 'missing', r('open'), current.map(ref));
  else review = item('probation_review_failed', 'missing', r('none'));
  return [inProbation, review];
}

function misconductItems(f: ChainFacts): ChainItemResult[] {
  const m = f.misconduct;
  let recorded: ChainItemResult;
  if (!m?.ruleReference.trim() || !m.facts.trim() || !m.occurredOn)
    recorded = item('misconduct_recorded', 'missing', r('none'));
  else if (m.occurredOn > f.today)
    recorded = item('misconduct_recorded', 'missing', r('future', { occurredOn: m.occurredOn }));
  else
    recorded = item(
      'misconduct_recorded',
      'met',
      r('recorded', { ruleReference: m.ruleReference, occurredOn: m.occurredOn }),
      [{ kind: 'misconduct', id: null, date: m.occurredOn, data: { ruleReference: m.ruleReference } }],
    );
  const files = f.files.filter((x) => x.purpose === 'misconduct_evidence');
  const evidence = files.length
    ? item('misconduct_evidence', 'met', r('files', { count: files.length }), files.map(fileRef))
    : item('misconduct_evidence', 'missing', r('none'));
  return [recorded, evidence];
}

const fileRef = (x: FileFact): ChainEvidenceRef => ({
  kind: 'file',
  id: x.id,
  date: x.uploadedOn,
  data: { fileName: x.fileName, purpose: x.purpose },
});

function mutualItems(f: ChainFacts): ChainItemResult[] {
  const signed = f.files.filter((x) => x.purpose === 'signed_agreement');
  return [
    signed.length
      ? item(
          'signed_agreement',
          'met',
          r('uploaded', { fileName: signed[0].fileName, uploadedOn: signed[0].uploadedOn }),
          signed.map(fileRef),
        )
      : item('signed_agreement', 'missing', r('none')),
    f.monthlyWage
      ? item('severance', 'met', r('wage', { monthlyWage: f.monthlyWage }), [wageRef(f.monthlyWage)])
      : item('severance', 'missing', r('no_wage')),
  ];
}

/** The chain for a termination: every item met, missing (and exactly why) or not applicable to the ground. */
export function evaluateTerminationChain(f: ChainFacts): ChainResult {
  let items: ChainItemResult[];
  switch (f.ground) {
    case 'art40_2':
      items = [...art40Items(f), art42Item(f), unionItem(f), noticeItem(f)];
      break;
    case 'art21_probation':
      items = [...probationItems(f), unionItem(f), art42Item(f), noticeItem(f)];
      break;
    case 'art39':
      items = [...misconductItems(f), unionItem(f), art42Item(f), noticeItem(f)];
      break;
    case 'art36_mutual':
      items = [...mutualItems(f), art42Item(f), unionItem(f), noticeItem(f)];
      break;
  }
  return { ground: f.ground, complete: items.every((i) => i.status !== 'missing'), items };
}

/** The last day of a target or cycle period of the given type starting on `start`. */
export function periodEndFor(start: string, periodType: string): string {
  const months = periodType === 'year' ? 12 : periodType === 'quarter' ? 3 : 1;
  return addDays(addMonths(start, months), -1);
}
