import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AppraisalFact,
  ART42_ITEMS,
  art42_5Protection,
  birthFactsFromIdNumber,
  type ChainFacts,
  type ChainKey,
  evaluateTerminationChain,
  periodEndFor,
  wholeYears,
} from './chain';

const TODAY = '2026-11-27';

const appraisal = (over: Partial<AppraisalFact> & { periodStart: string }): AppraisalFact => ({
  participantId: `p-${over.periodStart}`,
  cycleId: `c-${over.periodStart}`,
  cycleName: `Q ${over.periodStart}`,
  periodEnd: periodEndFor(over.periodStart, 'quarter'),
  stage: 'published',
  grade: 'D',
  publishedOn: null,
  appeal: null,
  // Acknowledged by the person at the end of the period, unless a test says otherwise.
  acknowledgedOn: periodEndFor(over.periodStart, 'quarter'),
  ...over,
});

const noneApply = ART42_ITEMS.map((item) => ({ item, applies: false }));

/** A complete Art. 40(2) history: targets agreed, Q1 failed, a plan in Q2 that failed, Q3 failed. */
function complete(): ChainFacts {
  return {
    ground: 'art40_2',
    today: TODAY,
    effectiveDate: '2027-01-04',
    noticeMode: 'notice_30_days',
    monthlyWage: '12000.00',
    misconduct: null,
    unsatisfactoryGrades: ['C', 'D'],
    appraisals: [
      appraisal({ periodStart: '2026-01-01', grade: 'D', publishedOn: '2026-04-10' }),
      appraisal({ periodStart: '2026-07-01', grade: 'C', publishedOn: '2026-10-12' }),
    ],
    targets: [
      {
        id: 't1',
        metricKey: 'revenue',
        metricName: 'revenue',
        periodType: 'quarter',
        periodStart: '2026-01-01',
        periodEnd: '2026-03-31',
        agreedOn: '2025-12-20',
      },
    ],
    plans: [
      {
        id: 'plan1',
        startDate: '2026-04-15',
        endDate: '2026-06-30',
        status: 'failed',
        outcome: 'failed',
        finishedOn: '2026-07-03',
      },
    ],
    actions: [],
    poolEntries: [],
    art42: { items: noneApply, confirmedOn: '2026-11-20' },
    leaves: [],
    person: { hireDate: '2020-03-01', birthDate: '1990-05-05', gender: 'male' },
    unionNotice: { notifiedOn: '2026-11-25', documentTitle: '关于解除劳动合同的通知（工会）' },
    files: [],
    probation: { probationEndDate: null, regularizationDate: null, reviews: [] },
  };
}

const statusOf = (f: ChainFacts) =>
  Object.fromEntries(evaluateTerminationChain(f).items.map((i) => [i.key, i.status])) as Record<ChainKey, string>;
const itemOf = (f: ChainFacts, key: ChainKey) => evaluateTerminationChain(f).items.find((i) => i.key === key)!;
const missing = (f: ChainFacts) =>
  evaluateTerminationChain(f)
    .items.filter((i) => i.status === 'missing')
    .map((i) => i.key);

describe('Art. 40(2) chain', () => {
  it('is complete with the whole history, items in the statutory order', () => {
    const r = evaluateTerminationChain(complete());
    expect(r.complete).toBe(true);
    expect(r.items.map((i) => i.key)).toEqual([
      'standards_communicated',
      'first_failed_appraisal',
      'training_or_transfer',
      'second_failed_appraisal',
      'art42_checked',
      'union_notified',
      'notice',
    ]);
    expect(itemOf(complete(), 'first_failed_appraisal').reason.params).toMatchObject({ grade: 'D' });
    expect(itemOf(complete(), 'second_failed_appraisal').reason).toMatchObject({
      code: 'failed_grade',
      params: { grade: 'C', periodStart: '2026-07-01' },
    });
  });

  it('lists every link missing with nothing recorded', () => {
    const f: ChainFacts = {
      ...complete(),
      appraisals: [],
      targets: [],
      plans: [],
      art42: null,
      unionNotice: null,
      noticeMode: null,
    };
    expect(missing(f)).toEqual([
      'standards_communicated',
      'first_failed_appraisal',
      'training_or_transfer',
      'second_failed_appraisal',
      'art42_checked',
      'union_notified',
      'notice',
    ]);
    expect(itemOf(f, 'first_failed_appraisal').reason.code).toBe('no_results');
  });

  it('never counts a pool entry or a low rank as a failed appraisal (末位淘汰)', () => {
    const f: ChainFacts = {
      ...complete(),
      appraisals: [appraisal({ periodStart: '2026-01-01', grade: 'B' })],
      poolEntries: [{ id: 'pe1', periodStart: '2026-03-01', onOptimizationList: true }],
    };
    const first = itemOf(f, 'first_failed_appraisal');
    expect(first.status).toBe('missing');
    expect(first.reason.code).toBe('only_pool');
    expect(first.evidence.map((e) => e.kind)).toEqual(['pool_entry']);
    expect(evaluateTerminationChain(f).complete).toBe(false);
  });

  it('uses the organization’s unsatisfactory grades', () => {
    const f = { ...complete(), unsatisfactoryGrades: ['D'] };
    // Q3 was a C: no longer a failure, and the failed plan still stands as the second failure.
    expect(itemOf(f, 'second_failed_appraisal').reason.code).toBe('plan_failed');
    expect(statusOf({ ...f, unsatisfactoryGrades: ['E'] }).first_failed_appraisal).toBe('missing');
  });

  it('needs the first failed result made known to the person: acknowledged, or appealed and decided', () => {
    const f: ChainFacts = {
      ...complete(),
      appraisals: [appraisal({ periodStart: '2026-01-01', acknowledgedOn: null })],
    };
    expect(itemOf(f, 'first_failed_appraisal')).toMatchObject({
      status: 'missing',
      reason: { code: 'not_acknowledged' },
    });
    const appealed: ChainFacts = {
      ...complete(),
      appraisals: [appraisal({ periodStart: '2026-01-01', acknowledgedOn: null, appeal: 'rejected' })],
    };
    expect(statusOf(appealed).first_failed_appraisal).toBe('met');
  });

  it('acknowledging the failed result itself does not show the standards were known in advance', () => {
    const f: ChainFacts = {
      ...complete(),
      targets: [],
      appraisals: [appraisal({ periodStart: '2026-01-01', acknowledgedOn: '2026-03-31' })],
    };
    expect(statusOf(f).standards_communicated).toBe('missing');
    const earlier: ChainFacts = {
      ...f,
      appraisals: [appraisal({ periodStart: '2025-10-01', grade: 'B' }), ...f.appraisals],
    };
    expect(statusOf(earlier).standards_communicated).toBe('met');
  });

  it('does not count a result under appeal or not yet published', () => {
    const f: ChainFacts = {
      ...complete(),
      appraisals: [appraisal({ periodStart: '2026-01-01', appeal: 'open' })],
    };
    expect(itemOf(f, 'first_failed_appraisal').reason.code).toBe('appeal_open');
    const draft: ChainFacts = {
      ...complete(),
      appraisals: [appraisal({ periodStart: '2026-01-01', stage: 'calibration' })],
    };
    expect(statusOf(draft).first_failed_appraisal).toBe('missing');
    // An upheld appeal leaves the grade in force: a B no longer fails.
    const upheld: ChainFacts = {
      ...complete(),
      appraisals: [appraisal({ periodStart: '2026-01-01', grade: 'B', appeal: 'upheld' })],
    };
    expect(statusOf(upheld).first_failed_appraisal).toBe('missing');
  });

  it('needs standards agreed for the failed period before it ended', () => {
    const late = complete();
    late.targets = [{ ...late.targets[0], agreedOn: '2026-04-02' }];
    expect(itemOf(late, 'standards_communicated').reason).toMatchObject({
      code: 'none_before',
      params: { before: '2026-03-31' },
    });
    const otherPeriod = complete();
    otherPeriod.targets = [{ ...otherPeriod.targets[0], periodStart: '2026-07-01', periodEnd: '2026-09-30' }];
    expect(statusOf(otherPeriod).standards_communicated).toBe('missing');
    // An acknowledged earlier result is enough.
    const ack = complete();
    ack.targets = [];
    ack.appraisals = [
      appraisal({ periodStart: '2025-10-01', grade: 'B', acknowledgedOn: '2026-01-15' }),
      ...ack.appraisals,
    ];
    expect(itemOf(ack, 'standards_communicated').evidence.map((e) => e.kind)).toEqual(['acknowledgement']);
    expect(evaluateTerminationChain(ack).complete).toBe(true);
  });

  it('needs the intervention after the first failure, finished, and the second failure after it began', () => {
    const running = complete();
    running.plans = [{ ...running.plans[0], status: 'active', outcome: null, finishedOn: null }];
    running.appraisals = [running.appraisals[0]];
    expect(itemOf(running, 'training_or_transfer').reason.code).toBe('plan_running');
    expect(itemOf(running, 'second_failed_appraisal').reason.code).toBe('no_intervention');

    const before = complete();
    before.plans = [{ ...before.plans[0], startDate: '2026-03-01' }];
    expect(itemOf(before, 'training_or_transfer').reason.code).toBe('none_after');

    // A transfer counts; the second failure must be for a period starting on or after it.
    const transfer = complete();
    transfer.plans = [];
    transfer.actions = [
      { id: 'a1', kind: 'transfer', status: 'effective', effectiveDate: '2026-07-01', completed: false, title: null },
    ];
    expect(itemOf(transfer, 'training_or_transfer').reason.code).toBe('job_change');
    expect(evaluateTerminationChain(transfer).complete).toBe(true);
    transfer.actions = [{ ...transfer.actions[0], effectiveDate: '2026-08-01' }];
    expect(itemOf(transfer, 'second_failed_appraisal').reason.code).toBe('none_after');

    // Training counts only when completed; a pending transfer does not count.
    const training = complete();
    training.plans = [];
    training.actions = [
      { id: 'tr', kind: 'training', status: 'effective', effectiveDate: '2026-05-01', completed: false, title: 'x' },
      {
        id: 'tp',
        kind: 'transfer',
        status: 'pending_approval',
        effectiveDate: '2026-05-01',
        completed: false,
        title: null,
      },
    ];
    expect(statusOf(training).training_or_transfer).toBe('missing');
    training.actions = [{ ...training.actions[0], completed: true }, training.actions[1]];
    expect(itemOf(training, 'training_or_transfer').reason.code).toBe('training');
  });

  it('takes a failed plan as the second failure', () => {
    const f = complete();
    f.appraisals = [f.appraisals[0]];
    expect(itemOf(f, 'second_failed_appraisal').reason.code).toBe('plan_failed');
    f.plans = [{ ...f.plans[0], status: 'passed', outcome: 'passed' }];
    expect(itemOf(f, 'second_failed_appraisal').reason).toMatchObject({ code: 'none_after' });
  });

  describe('Art. 42', () => {
    it('needs every item answered, none applying', () => {
      const unanswered = { ...complete(), art42: { items: noneApply.slice(0, 4), confirmedOn: TODAY } };
      expect(itemOf(unanswered, 'art42_checked').reason).toMatchObject({
        code: 'unanswered',
        params: { items: ['long_service_near_retirement', 'other_statutory'] },
      });
      const applies = {
        ...complete(),
        art42: {
          items: noneApply.map((a) =>
            a.item === 'medical_treatment_period' ? { ...a, applies: true, note: '病假至 2027-02' } : a,
          ),
          confirmedOn: TODAY,
        },
      };
      expect(itemOf(applies, 'art42_checked').reason).toMatchObject({
        code: 'applies',
        params: { items: ['medical_treatment_period'], notes: ['medical_treatment_period: 病假至 2027-02'] },
      });
      expect(statusOf({ ...complete(), art42: null }).art42_checked).toBe('missing');
    });

    it('protects 15 years of service within 5 years of retirement, whatever the checklist says', () => {
      const f = { ...complete(), person: { hireDate: '2008-01-01', birthDate: '1970-03-01', gender: 'male' as const } };
      expect(itemOf(f, 'art42_checked').reason).toMatchObject({
        code: 'long_service_protected',
        params: { serviceYears: 19, age: 56, retirementAge: 60 },
      });
      // Younger, or shorter service: not protected.
      expect(statusOf({ ...f, person: { ...f.person, birthDate: '1975-03-01' } }).art42_checked).toBe('met');
      expect(statusOf({ ...f, person: { ...f.person, hireDate: '2013-01-01' } }).art42_checked).toBe('met');
      // A woman of 51 is within 5 years of 55.
      expect(
        statusOf({ ...f, person: { hireDate: '2008-01-01', birthDate: '1975-03-01', gender: 'female' } }).art42_checked,
      ).toBe('missing');
      // Unknown age after 15 years: HR's answer is relied on, with a note.
      const unknown = itemOf(
        { ...f, person: { hireDate: '2008-01-01', birthDate: null, gender: null } },
        'art42_checked',
      );
      expect(unknown.status).toBe('met');
      expect(unknown.notes.map((n) => n.code)).toEqual(['age_unknown']);
    });

    it('shows leave overlapping today as a warning without deciding the status', () => {
      const f = {
        ...complete(),
        leaves: [
          { id: 'l1', startDate: '2026-11-01', endDate: '2026-12-31', note: '病假' },
          { id: 'l2', startDate: '2026-01-01', endDate: '2026-01-31', note: '年假' },
          { id: 'l3', startDate: '2026-11-20', endDate: '2026-12-31', note: null },
        ],
      };
      const i = itemOf(f, 'art42_checked');
      expect(i.status).toBe('met');
      expect(i.evidence.filter((e) => e.warning).map((e) => e.id)).toEqual(['l1']);
    });
  });

  it('needs the union told before the last day, not in the future', () => {
    expect(itemOf({ ...complete(), unionNotice: null }, 'union_notified').reason.code).toBe('none');
    expect(
      itemOf({ ...complete(), unionNotice: { notifiedOn: '2026-11-28', documentTitle: 'x' } }, 'union_notified').reason
        .code,
    ).toBe('future');
    expect(
      itemOf(
        { ...complete(), effectiveDate: '2026-11-20', unionNotice: { notifiedOn: '2026-11-20', documentTitle: 'x' } },
        'union_notified',
      ).reason.code,
    ).toBe('not_before_effective');
    expect(
      statusOf({ ...complete(), unionNotice: { notifiedOn: '2026-11-01', documentTitle: '  ' } }).union_notified,
    ).toBe('missing');
  });

  it('needs 30 days’ notice or a month’s wage in lieu', () => {
    expect(itemOf({ ...complete(), effectiveDate: '2026-12-26' }, 'notice').reason).toEqual({
      code: 'too_short',
      params: { effectiveDate: '2026-12-26', earliest: '2026-12-27' },
    });
    expect(statusOf({ ...complete(), effectiveDate: '2026-12-27' }).notice).toBe('met');
    expect(statusOf({ ...complete(), effectiveDate: '2026-12-01', noticeMode: 'pay_in_lieu' }).notice).toBe('met');
    expect(
      itemOf({ ...complete(), effectiveDate: '2026-12-01', noticeMode: 'pay_in_lieu', monthlyWage: null }, 'notice')
        .reason.code,
    ).toBe('pay_in_lieu_no_wage');
    expect(itemOf({ ...complete(), noticeMode: null }, 'notice').reason.code).toBe('no_mode');
  });
});

describe('Art. 21 / 39(1): failed probation', () => {
  const probation = (over: Partial<ChainFacts> = {}): ChainFacts => ({
    ...complete(),
    ground: 'art21_probation',
    effectiveDate: '2026-12-10',
    noticeMode: null,
    art42: null,
    probation: {
      probationEndDate: '2026-12-31',
      regularizationDate: null,
      reviews: [
        {
          id: 'r1',
          probationEndDate: '2026-12-31',
          status: 'failed',
          reasons: ['销售额达标'],
          decidedOn: '2026-11-20',
        },
      ],
    },
    ...over,
  });

  it('is complete in probation with a failed review with reasons and the union told', () => {
    const r = evaluateTerminationChain(probation());
    expect(r.complete).toBe(true);
    expect(r.items.map((i) => [i.key, i.status])).toEqual([
      ['in_probation', 'met'],
      ['probation_review_failed', 'met'],
      ['union_notified', 'met'],
      ['art42_checked', 'not_applicable'],
      ['notice', 'not_applicable'],
    ]);
  });

  it('is refused after the probation end or once regularized', () => {
    const after = probation({ effectiveDate: '2027-01-05' });
    expect(itemOf(after, 'in_probation').reason.code).toBe('effective_after_end');
    const ended = probation({
      probation: { ...probation().probation, probationEndDate: '2026-11-26' },
    });
    expect(itemOf(ended, 'in_probation').reason.code).toBe('ended');
    const regular = probation({ probation: { ...probation().probation, regularizationDate: '2026-11-01' } });
    expect(itemOf(regular, 'in_probation').reason.code).toBe('regularized');
    expect(
      itemOf(
        probation({ probation: { probationEndDate: null, regularizationDate: null, reviews: [] } }),
        'in_probation',
      ).reason.code,
    ).toBe('no_probation');
  });

  it('needs a failed review with reasons', () => {
    const p = probation().probation;
    expect(itemOf(probation({ probation: { ...p, reviews: [] } }), 'probation_review_failed').reason.code).toBe('none');
    expect(
      itemOf(
        probation({ probation: { ...p, reviews: [{ ...p.reviews[0], status: 'open' }] } }),
        'probation_review_failed',
      ).reason.code,
    ).toBe('open');
    expect(
      itemOf(probation({ probation: { ...p, reviews: [{ ...p.reviews[0], reasons: [] }] } }), 'probation_review_failed')
        .reason.code,
    ).toBe('no_reasons');
    expect(statusOf(probation({ unionNotice: null })).union_notified).toBe('missing');
  });
});

describe('Art. 39 and Art. 36', () => {
  it('Art. 39 needs the misconduct recorded and an evidence file', () => {
    const base: ChainFacts = {
      ...complete(),
      ground: 'art39',
      noticeMode: null,
      misconduct: { ruleReference: '员工手册 第5.2条', facts: '伪造报销单据', occurredOn: '2026-11-02' },
      files: [],
    };
    expect(missing(base)).toEqual(['misconduct_evidence']);
    const withFile = {
      ...base,
      files: [{ id: 'f1', purpose: 'misconduct_evidence', fileName: '警告书.pdf', uploadedOn: TODAY }],
    };
    expect(evaluateTerminationChain(withFile).complete).toBe(true);
    expect(statusOf(withFile).art42_checked).toBe('not_applicable');
    expect(missing({ ...withFile, misconduct: null })).toEqual(['misconduct_recorded']);
    expect(missing({ ...withFile, unionNotice: null })).toEqual(['union_notified']);
  });

  it('Art. 36 needs the signed agreement; severance needs the wage', () => {
    const base: ChainFacts = {
      ...complete(),
      ground: 'art36_mutual',
      noticeMode: null,
      unionNotice: null,
      art42: null,
    };
    expect(missing(base)).toEqual(['signed_agreement']);
    const signed = {
      ...base,
      files: [{ id: 'f2', purpose: 'signed_agreement', fileName: '协议.pdf', uploadedOn: TODAY }],
    };
    const r = evaluateTerminationChain(signed);
    expect(r.complete).toBe(true);
    expect(r.items.map((i) => [i.key, i.status])).toEqual([
      ['signed_agreement', 'met'],
      ['severance', 'met'],
      ['art42_checked', 'not_applicable'],
      ['union_notified', 'not_applicable'],
      ['notice', 'not_applicable'],
    ]);
    expect(itemOf({ ...signed, monthlyWage: null }, 'severance').reason.code).toBe('no_wage');
  });
});

describe('helpers', () => {
  it('reads birth date and gender from the ID number', () => {
    expect(birthFactsFromIdNumber('11010519491231002X')).toEqual({ birthDate: '1949-12-31', gender: 'female' });
    expect(birthFactsFromIdNumber('110105194912310031')).toEqual({ birthDate: '1949-12-31', gender: 'male' });
    expect(birthFactsFromIdNumber('110105194902310031')).toBeNull();
    expect(birthFactsFromIdNumber('1101051949')).toBeNull();
  });
  it('counts whole years on the anniversary', () => {
    expect(wholeYears('2011-11-27', '2026-11-27')).toBe(15);
    expect(wholeYears('2011-11-28', '2026-11-27')).toBe(14);
    expect(art42_5Protection({ hireDate: '2011-11-27', birthDate: '1971-11-27', gender: 'male' }, TODAY)).toMatchObject(
      {
        protected: true,
        age: 55,
      },
    );
    expect(
      art42_5Protection({ hireDate: '2011-11-28', birthDate: '1971-11-27', gender: 'male' }, TODAY).protected,
    ).toBe(false);
  });
});

// ── Properties ───────────────────────────────────────────────────────────────────────────────────────────────

type Removable = 'appraisals' | 'targets' | 'plans' | 'actions' | 'files' | 'poolEntries' | 'leaves';
const lists: Removable[] = ['appraisals', 'targets', 'plans', 'actions', 'files', 'poolEntries', 'leaves'];

const dayArb = fc.integer({ min: 0, max: 900 }).map((n) => {
  const d = new Date(Date.UTC(2024, 6, 1) + n * 86_400_000);
  return d.toISOString().slice(0, 10);
});

const factsArb: fc.Arbitrary<ChainFacts> = fc
  .record({
    ground: fc.constantFrom('art40_2', 'art36_mutual', 'art21_probation', 'art39' as const),
    quarters: fc.array(
      fc.record({
        q: fc.integer({ min: 0, max: 9 }),
        grade: fc.constantFrom('A', 'B', 'C', 'D'),
        appeal: fc.constantFrom(null, 'open', 'rejected', 'upheld' as const),
        ack: fc.option(dayArb, { nil: null }),
      }),
      { maxLength: 5 },
    ),
    targets: fc.array(fc.record({ q: fc.integer({ min: 0, max: 9 }), agreed: dayArb }), { maxLength: 4 }),
    plans: fc.array(
      fc.record({
        start: dayArb,
        status: fc.constantFrom('active', 'final_evaluated', 'passed', 'failed', 'cancelled'),
      }),
      { maxLength: 3 },
    ),
    actions: fc.array(
      fc.record({
        kind: fc.constantFrom('transfer', 'rotation', 'demotion', 'training', 'promotion'),
        date: dayArb,
        completed: fc.boolean(),
        status: fc.constantFrom('effective', 'pending_approval'),
      }),
      { maxLength: 3 },
    ),
    applies: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    answered: fc.integer({ min: 0, max: 6 }),
    union: fc.option(dayArb, { nil: null }),
    effective: dayArb,
    mode: fc.constantFrom(null, 'notice_30_days', 'pay_in_lieu' as const),
    wage: fc.option(fc.constant('9000.00'), { nil: null }),
    files: fc.array(fc.constantFrom('signed_agreement', 'misconduct_evidence', 'union_notice', 'other'), {
      maxLength: 3,
    }),
    hire: fc.constantFrom('2005-01-01', '2015-06-01', '2023-01-01'),
    birth: fc.constantFrom('1968-01-01', '1985-01-01'),
  })
  .map((g): ChainFacts => {
    const qStart = (q: number) => {
      const d = new Date(Date.UTC(2024, 6 + 3 * q, 1));
      return d.toISOString().slice(0, 10);
    };
    return {
      ground: g.ground,
      today: '2026-06-15',
      effectiveDate: g.effective,
      noticeMode: g.mode,
      monthlyWage: g.wage,
      misconduct: { ruleReference: 'rule', facts: 'facts', occurredOn: '2026-05-01' },
      unsatisfactoryGrades: ['C', 'D'],
      appraisals: g.quarters.map((x, i) =>
        appraisal({
          participantId: `p${i}`,
          periodStart: qStart(x.q),
          grade: x.grade,
          appeal: x.appeal,
          acknowledgedOn: x.ack,
        }),
      ),
      targets: g.targets.map((t, i) => ({
        id: `t${i}`,
        metricKey: 'revenue',
        metricName: 'revenue',
        periodType: 'quarter',
        periodStart: qStart(t.q),
        periodEnd: periodEndFor(qStart(t.q), 'quarter'),
        agreedOn: t.agreed,
      })),
      plans: g.plans.map((p, i) => ({
        id: `pl${i}`,
        startDate: p.start,
        endDate: p.start,
        status: p.status,
        outcome: p.status === 'passed' || p.status === 'failed' ? p.status : null,
        finishedOn: null,
      })),
      actions: g.actions.map((a, i) => ({
        id: `a${i}`,
        kind: a.kind,
        status: a.status,
        effectiveDate: a.date,
        completed: a.completed,
        title: null,
      })),
      poolEntries: [{ id: 'pe', periodStart: '2025-01-01', onOptimizationList: true }],
      art42: {
        items: ART42_ITEMS.slice(0, g.answered).map((item, i) => ({ item, applies: g.applies[i] })),
        confirmedOn: '2026-06-01',
      },
      leaves: [{ id: 'l1', startDate: '2026-06-01', endDate: '2026-07-01', note: 'leave' }],
      person: { hireDate: g.hire, birthDate: g.birth, gender: 'male' },
      unionNotice: g.union ? { notifiedOn: g.union, documentTitle: 'notice' } : null,
      files: g.files.map((purpose, i) => ({
        id: `f${i}`,
        purpose,
        fileName: `${purpose}.pdf`,
        uploadedOn: '2026-06-01',
      })),
      probation: {
        probationEndDate: '2026-07-31',
        regularizationDate: null,
        reviews: [
          { id: 'r', probationEndDate: '2026-07-31', status: 'failed', reasons: ['x'], decidedOn: '2026-06-01' },
        ],
      },
    };
  });

describe('properties', () => {
  it('removing any fact never completes an incomplete chain (monotone evidence)', () => {
    fc.assert(
      fc.property(factsArb, fc.constantFrom(...lists), fc.nat(), (f, list, pick) => {
        const before = evaluateTerminationChain(f).complete;
        const arr = f[list] as readonly unknown[];
        if (!arr.length) return;
        const idx = pick % arr.length;
        const reduced = { ...f, [list]: arr.filter((_, i) => i !== idx) } as ChainFacts;
        if (!before) expect(evaluateTerminationChain(reduced).complete).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('dropping the checklist, union notice, misconduct or wage never completes a chain', () => {
    fc.assert(
      fc.property(
        factsArb,
        fc.constantFrom('art42', 'unionNotice', 'misconduct', 'monthlyWage', 'noticeMode' as const),
        (f, key) => {
          const reduced = { ...f, [key]: null } as ChainFacts;
          if (evaluateTerminationChain(reduced).complete) expect(evaluateTerminationChain(f).complete).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('in a complete Art. 40(2) chain, removing the evidence of any met link breaks it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (shiftPlan, extra) => {
        const f = complete();
        f.plans = [{ ...f.plans[0], startDate: `2026-04-${String(1 + (shiftPlan % 28)).padStart(2, '0')}` }];
        f.effectiveDate = `2027-0${1 + (extra % 9)}-15`;
        const r = evaluateTerminationChain(f);
        expect(r.complete).toBe(true);
        for (const i of r.items) {
          if (i.status !== 'met') continue;
          const g = { ...f };
          switch (i.key) {
            case 'standards_communicated':
              g.targets = [];
              break;
            case 'first_failed_appraisal':
              g.appraisals = [];
              break;
            case 'training_or_transfer':
              g.plans = [];
              break;
            case 'second_failed_appraisal':
              g.appraisals = [f.appraisals[0]];
              g.plans = [{ ...f.plans[0], status: 'passed', outcome: 'passed' }];
              break;
            case 'art42_checked':
              g.art42 = null;
              break;
            case 'union_notified':
              g.unionNotice = null;
              break;
            case 'notice':
              g.noticeMode = null;
              break;
          }
          const broken = evaluateTerminationChain(g);
          expect(broken.complete).toBe(false);
          expect(broken.items.find((x) => x.key === i.key)?.status).toBe('missing');
        }
      }),
      { numRuns: 60 },
    );
  });

  it('the chain is complete exactly when no item is missing, and every ground lists its items once', () => {
    fc.assert(
      fc.property(factsArb, (f) => {
        const r = evaluateTerminationChain(f);
        expect(r.complete).toBe(r.items.every((i) => i.status !== 'missing'));
        expect(new Set(r.items.map((i) => i.key)).size).toBe(r.items.length);
        if (f.ground !== 'art40_2')
          expect(r.items.find((i) => i.key === 'art42_checked')?.status).toBe('not_applicable');
      }),
      { numRuns: 300 },
    );
  });
});
