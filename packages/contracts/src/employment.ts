import { z } from 'zod';
import { moneyInput } from './activities';
import { cityCode } from './calculators';
import { isoDate, ref, uuid } from './common';

// ── Employment actions (人事异动): coaching and training records, job changes, terminations ─────────────────

export const employmentActionKinds = [
  'coaching',
  'training',
  'rotation',
  'transfer',
  'demotion',
  'promotion',
  'termination',
] as const;
export const employmentActionKind = z.enum(employmentActionKinds);
export type EmploymentActionKind = z.infer<typeof employmentActionKind>;

/** Kinds that change unit / position / manager from an effective date (written to job history). */
export const jobChangeKinds = ['rotation', 'transfer', 'demotion', 'promotion'] as const;
export type JobChangeKind = (typeof jobChangeKinds)[number];
/** Kinds that are records: effective when recorded, no approval. */
export const recordKinds = ['coaching', 'training'] as const;

export const employmentActionStatuses = [
  'draft',
  'pending_approval',
  'approved',
  'effective',
  'rejected',
  'cancelled',
] as const;
export const employmentActionStatus = z.enum(employmentActionStatuses);
export type EmploymentActionStatus = z.infer<typeof employmentActionStatus>;

export const approvalRoles = ['manager', 'hr', 'admin'] as const;
export const approvalRole = z.enum(approvalRoles);
export type ApprovalRole = z.infer<typeof approvalRole>;

/**
 * Grounds Stride supports for a termination, named as the severance calculator names them:
 * art40_2 不能胜任 (evidence chain), art36_mutual 协商解除, art21_probation 试用期不符合录用条件 (Art. 21/39(1)),
 * art39 严重违纪 etc. (Art. 39(2)–(6)).
 */
export const terminationGrounds = ['art40_2', 'art36_mutual', 'art21_probation', 'art39'] as const;
export const terminationGround = z.enum(terminationGrounds);
export type TerminationGround = z.infer<typeof terminationGround>;

/** Art. 40 grounds: 30 days' written notice, or one month's wage in lieu (代通知金). */
export const noticeMode = z.enum(['notice_30_days', 'pay_in_lieu']);
export type NoticeMode = z.infer<typeof noticeMode>;

/** The Art. 42 protections, each confirmed by HR (does it apply to this person?). */
export const art42Items = [
  'occupational_disease',
  'work_injury',
  'medical_treatment_period',
  'pregnancy_maternity_nursing',
  'long_service_near_retirement',
  'other_statutory',
] as const;
export const art42Item = z.enum(art42Items);
export type Art42Item = z.infer<typeof art42Item>;

const text = (max: number) => z.string().trim().min(1).max(max);

const jobTarget = z.object({
  /** Omitted: unchanged. */
  unitId: uuid.optional(),
  positionId: uuid.nullable().optional(),
  managerId: uuid.nullable().optional(),
});

const links = {
  planId: uuid.optional(),
  alertId: uuid.optional(),
  poolEntryId: uuid.optional(),
};

export const createEmploymentActionRequest = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('coaching'),
    employeeId: uuid,
    /** The day the coaching talk took place. */
    effectiveDate: isoDate,
    reason: text(500),
    topic: text(200),
    notes: text(4000),
    followUp: z.string().trim().max(2000).optional(),
    ...links,
  }),
  z.object({
    kind: z.literal('training'),
    employeeId: uuid,
    effectiveDate: isoDate,
    reason: text(500),
    /** A course of the catalog, or a free title (one of the two). */
    courseId: uuid.optional(),
    title: z.string().trim().min(1).max(200).optional(),
    completed: z.boolean().default(false),
    notes: z.string().trim().max(4000).optional(),
    ...links,
  }),
  ...jobChangeKinds.map((k) =>
    z.object({
      kind: z.literal(k),
      employeeId: uuid,
      /** First day in the new job; not before the hire date. */
      effectiveDate: isoDate,
      reason: text(2000),
      to: jobTarget,
      ...links,
    }),
  ),
  z.object({
    kind: z.literal('termination'),
    employeeId: uuid,
    /** The last day of employment. */
    effectiveDate: isoDate,
    reason: text(4000),
    ground: terminationGround,
    /** Art. 40 grounds only. */
    noticeMode: noticeMode.optional(),
    /** Average monthly wage of the last 12 months, for severance and notice pay (decimal string). */
    monthlyWage: moneyInput.optional(),
    /**
     * The city whose average monthly wage of the year before the last day caps severance (the organization's own
     * figure first, else Stride's); default: the one city the organization keeps its own figures for.
     */
    city: cityCode.optional(),
    /** Art. 39: the company rule broken (its title and clause) and the facts. */
    misconduct: z.object({ ruleReference: text(500), facts: text(4000), occurredOn: isoDate }).optional(),
    ...links,
  }),
]);
export type CreateEmploymentActionRequest = z.input<typeof createEmploymentActionRequest>;

/** PATCH a draft: the same fields as create, all optional, plus the version read. */
export const updateEmploymentActionRequest = z.object({
  version: z.number().int().min(1),
  effectiveDate: isoDate.optional(),
  reason: text(4000).optional(),
  to: jobTarget.optional(),
  noticeMode: noticeMode.optional(),
  monthlyWage: moneyInput.nullable().optional(),
  city: cityCode.nullable().optional(),
  misconduct: z
    .object({ ruleReference: text(500), facts: text(4000), occurredOn: isoDate })
    .nullable()
    .optional(),
});

export const versionOnly = z.object({ version: z.number().int().min(1) });

export const approvalDecisionRequest = z.object({
  version: z.number().int().min(1),
  decision: z.enum(['approve', 'reject']),
  /** Required when rejecting. */
  comment: z.string().trim().max(2000).optional(),
});

export const cancelActionRequest = z.object({ version: z.number().int().min(1), reason: text(2000) });

/** HR's Art. 42 confirmation checklist: every item answered; any that applies blocks an Art. 40 termination. */
export const art42ChecklistRequest = z.object({
  version: z.number().int().min(1),
  items: z
    .array(z.object({ item: art42Item, applies: z.boolean(), note: z.string().trim().max(1000).optional() }))
    .min(1),
});

/** Art. 43: the union was notified of the reasons in advance (date, the document, its reply if any). */
export const unionNoticeRequest = z.object({
  version: z.number().int().min(1),
  notifiedOn: isoDate,
  documentTitle: text(300),
  /** The union's reply, if it gave one. */
  reply: z.string().trim().max(4000).optional(),
  /** A file already uploaded to the action (purpose union_notice). */
  fileId: uuid.optional(),
});

export const employmentActionQuery = z.object({
  employeeId: uuid.optional(),
  kind: employmentActionKind.optional(),
  status: employmentActionStatus.optional(),
  /** Only actions whose current approval step the caller can decide. */
  awaitingMe: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const jobSnapshot = z.object({
  unit: ref.nullable(),
  position: ref.nullable(),
  manager: ref.nullable(),
});
export type JobSnapshot = z.infer<typeof jobSnapshot>;

export const approvalStep = z.object({
  step: z.number().int(),
  role: approvalRole,
  /** pending: awaiting a decision now; waiting: a later step. */
  state: z.enum(['approved', 'rejected', 'pending', 'waiting', 'skipped']),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  comment: z.string().nullable(),
});

/** One link of a termination's evidence chain. */
export const chainItem = z.object({
  key: z.string(),
  /** met, missing, or does not apply to this ground. */
  status: z.enum(['met', 'missing', 'not_applicable']),
  /** In the caller's language. */
  label: z.string(),
  /** What was found, or exactly what is missing, in the caller's language. */
  detail: z.string(),
  evidence: z.array(
    z.object({
      kind: z.string(),
      id: z.string().nullable(),
      date: z.string().nullable(),
      label: z.string(),
      href: z.string().nullable(),
    }),
  ),
});
export type ChainItem = z.infer<typeof chainItem>;
export const terminationChain = z.object({
  ground: terminationGround,
  complete: z.boolean(),
  items: z.array(chainItem),
});
export type TerminationChain = z.infer<typeof terminationChain>;
/** The answer to an Art. 42 checklist or union notice update: the new version and the chain as it now stands. */
export const terminationStepResult = z.object({
  id: uuid,
  version: z.number().int(),
  chain: terminationChain,
});
export type TerminationStepResult = z.infer<typeof terminationStepResult>;

export const actionFile = z.object({
  id: uuid,
  purpose: z.string(),
  fileName: z.string(),
  size: z.number().int(),
  uploadedAt: z.string(),
  uploadedBy: z.string().nullable(),
});

export const employmentAction = z.object({
  id: uuid,
  kind: employmentActionKind,
  status: employmentActionStatus,
  employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string(), hireDate: z.string() }),
  effectiveDate: z.string(),
  reason: z.string(),
  /** Kind-specific details as stored (see the create request). */
  details: z.record(z.string(), z.unknown()),
  /** Job changes: before and after, with names. */
  from: jobSnapshot.nullable(),
  to: jobSnapshot.nullable(),
  planId: uuid.nullable(),
  alertId: uuid.nullable(),
  poolEntryId: uuid.nullable(),
  approvals: z.array(approvalStep),
  /** The caller may decide the current step. */
  canDecide: z.boolean(),
  /** Documents that can be generated for this action now (document kinds). */
  documents: z.array(z.string()),
  files: z.array(actionFile),
  /** Terminations only. */
  chain: terminationChain.nullable(),
  /** Terminations with a monthly wage: the calculator's result (decimal strings). */
  severance: z
    .object({ severance: z.string(), noticePay: z.string(), monthsOfPay: z.string(), base: z.string() })
    .nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  appliedAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  version: z.number().int(),
});
export type EmploymentAction = z.infer<typeof employmentAction>;

export const employmentActionList = z.object({ items: z.array(employmentAction) });

export const approvalChainConfig = z.object({
  kind: employmentActionKind,
  steps: z.array(approvalRole),
  isDefault: z.boolean(),
});
export const approvalChainList = z.object({ items: z.array(approvalChainConfig) });
export const updateApprovalChainRequest = z.object({
  /** In order; each role at most once; empty = no approval (recorded directly). */
  steps: z.array(approvalRole).max(3),
});

// ── Document templates (文书模板) ─────────────────────────────────────────────────────────────────────────

export const documentKinds = [
  'improvement_plan',
  'transfer_notice',
  'termination_notice',
  'mutual_termination_agreement',
  'termination_certificate',
] as const;
export const documentKind = z.enum(documentKinds);
export type DocumentKind = z.infer<typeof documentKind>;

export const documentTemplate = z.object({
  kind: documentKind,
  /** The organization's own upload, or Stride's built-in template. */
  custom: z.boolean(),
  fileName: z.string(),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /** The placeholders this kind offers, with what each holds in the caller's language. */
  placeholders: z.array(z.object({ key: z.string(), description: z.string(), loop: z.boolean() })),
});
export type DocumentTemplate = z.infer<typeof documentTemplate>;
export const documentTemplateList = z.object({ items: z.array(documentTemplate) });
