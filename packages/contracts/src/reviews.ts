import { z } from 'zod';
import { isoDate, ref, uuid } from './common';
import { previewIndicator, tenureStage } from './scorecards';

// Review cycles (考核周期), review forms, calibration, appeals, results (DOMAIN.md §2), and probation
// reviews (转正考核, DOMAIN.md §4).

export const reviewStages = [
  'draft',
  'self_review',
  'manager_review',
  'peer_review',
  'calibration',
  'approval',
  'published',
  'closed',
] as const;
export const reviewStage = z.enum(reviewStages);
export type ReviewStage = z.infer<typeof reviewStage>;

export const cycleKind = z.enum(['monthly', 'quarterly', 'custom']);
/** The metric period a cycle scores. */
export const cyclePeriodType = z.enum(['month', 'quarter', 'year']);

export const populationSchema = z.object({
  /** Units, each with its subtree; empty: the whole organization. */
  unitIds: z.array(uuid).max(200).default([]),
  /** Positions; empty: every position. */
  positionIds: z.array(uuid).max(200).default([]),
  /** Employment statuses; empty: probation and regular. */
  statuses: z
    .array(z.enum(['probation', 'regular']))
    .max(2)
    .default([]),
});
export type Population = z.infer<typeof populationSchema>;

export const deadlinesSchema = z.object({
  self: isoDate.optional(),
  manager: isoDate.optional(),
  peer: isoDate.optional(),
  calibration: isoDate.optional(),
  approval: isoDate.optional(),
  acknowledgement: isoDate.optional(),
});
export type Deadlines = z.infer<typeof deadlinesSchema>;

export const createCycleRequest = z.object({
  name: z.string().trim().min(1).max(100),
  kind: cycleKind,
  periodType: cyclePeriodType,
  /** The first day of the scored period (a month, quarter or year start). */
  periodStart: isoDate,
  population: populationSchema,
  peerReviews: z.boolean().default(false),
  deadlines: deadlinesSchema.default({}),
});
export const updateCycleRequest = createCycleRequest.extend({ expectedVersion: z.number().int().min(1) });
export type CreateCycleRequest = z.input<typeof createCycleRequest>;

export const cycleActionRequest = z.object({
  expectedVersion: z.number().int().min(1),
  note: z.string().trim().max(500).optional(),
});

export const cycleSummary = z.object({
  id: uuid,
  name: z.string(),
  kind: cycleKind,
  periodType: cyclePeriodType,
  periodStart: z.string(),
  periodEnd: z.string(),
  stage: reviewStage,
  /** The stage after this one, or null when closed. */
  nextStage: reviewStage.nullable(),
  peerReviews: z.boolean(),
  deadlines: deadlinesSchema,
  participants: z.number().int(),
  forms: z.object({ pending: z.number().int(), submitted: z.number().int() }),
  openAppeals: z.number().int(),
  launchedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
});
export const cycleView = cycleSummary.extend({
  population: populationSchema,
  populationLabels: z.object({ units: z.array(ref), positions: z.array(ref) }),
  gradeScale: z
    .object({ name: z.string(), bands: z.array(z.object({ grade: z.string(), minScore: z.string() })) })
    .nullable(),
  events: z.array(
    z.object({
      fromStage: reviewStage.nullable(),
      toStage: reviewStage,
      note: z.string().nullable(),
      actor: z.string().nullable(),
      at: z.string(),
    }),
  ),
  /** People the launch would leave out, and why (no template for their position and stage). */
  /** reason is a code: `NO_TEMPLATE:<stage>` (no active template for the person's position and tenure stage). */
  skipped: z.array(z.object({ employee: ref, reason: z.string() })),
});
export const cycleList = z.object({ items: z.array(cycleSummary) });
export type CycleSummary = z.infer<typeof cycleSummary>;
export type CycleView = z.infer<typeof cycleView>;

// ── Participants and results ────────────────────────────────────────────────────────────────────────

export const participantRow = z.object({
  id: uuid,
  employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string() }),
  unit: ref,
  position: ref.nullable(),
  tenureStage,
  total: z.string(),
  computedGrade: z.string().nullable(),
  grade: z.string().nullable(),
  bonusCoefficient: z.string().nullable(),
  /** The grade was changed in calibration or on appeal. */
  adjusted: z.boolean(),
  forms: z.object({ pending: z.number().int(), submitted: z.number().int() }),
  acknowledgedAt: z.string().nullable(),
  appeal: z.enum(['open', 'upheld', 'rejected']).nullable(),
  version: z.number().int(),
});
export const participantList = z.object({ items: z.array(participantRow) });
export const participantQuery = z.object({
  unitId: uuid.optional(),
  sort: z.enum(['total_desc', 'total_asc', 'name']).default('total_desc'),
});
export type ParticipantRow = z.infer<typeof participantRow>;

export const calibrationQuery = z.object({ unitId: uuid.optional() });
const guidelineEntryResult = z.object({
  grades: z.array(z.string()),
  operator: z.string(),
  actual: z.number().int(),
  actualPercent: z.string(),
  allowed: z.union([z.number().int(), z.tuple([z.number().int(), z.number().int()])]),
  ok: z.boolean(),
});
export const calibrationBoard = z.object({
  cycle: z.object({ id: uuid, name: z.string(), stage: reviewStage, version: z.number().int() }),
  /** Units with participants (a unit counts its subtree), for the unit picker. */
  units: z.array(ref.extend({ headcount: z.number().int() })),
  unit: ref.nullable(),
  headcount: z.number().int(),
  grades: z.array(z.string()),
  distribution: z.array(z.object({ grade: z.string(), count: z.number().int(), percent: z.string() })),
  guideline: z
    .object({
      applies: z.boolean(),
      minHeadcount: z.number().int(),
      warn: z.boolean(),
      entries: z.array(guidelineEntryResult),
    })
    .nullable(),
  /** Whether the caller may change grades now (calibration stage, in their scope). */
  canAdjust: z.boolean(),
  people: z.array(participantRow),
});
export type CalibrationBoard = z.infer<typeof calibrationBoard>;

export const adjustGradeRequest = z.object({
  grade: z.string().trim().min(1).max(10),
  reason: z.string().trim().min(1).max(1000),
  expectedVersion: z.number().int().min(1),
});
export const ratingChangeView = z.object({
  id: uuid,
  employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string() }),
  source: z.enum(['calibration', 'appeal']),
  fromGrade: z.string().nullable(),
  toGrade: z.string(),
  reason: z.string(),
  actor: z.string().nullable(),
  at: z.string(),
});
export const ratingChangeList = z.object({ items: z.array(ratingChangeView) });

export const resultIndicator = previewIndicator.extend({
  /** Team average score of the indicator. */
  teamAverage: z.string().nullable(),
});
export const personResult = z.object({
  participantId: uuid,
  cycle: z.object({
    id: uuid,
    name: z.string(),
    stage: reviewStage,
    periodType: cyclePeriodType,
    periodStart: z.string(),
    periodEnd: z.string(),
  }),
  employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string() }),
  unit: ref,
  position: ref.nullable(),
  tenureStage,
  template: z.object({ id: uuid, name: z.string(), version: z.number().int() }),
  total: z.string(),
  maxTotal: z.string(),
  computedGrade: z.string().nullable(),
  grade: z.string().nullable(),
  bonusCoefficient: z.string().nullable(),
  dimensions: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      score: z.string(),
      weight: z.string(),
      contribution: z.string(),
      teamAverage: z.string().nullable(),
    }),
  ),
  indicators: z.array(resultIndicator),
  rank: z.object({
    team: z.object({ rank: z.number().int(), of: z.number().int(), percentile: z.string() }),
    cohort: z.object({ rank: z.number().int(), of: z.number().int(), percentile: z.string() }),
  }),
  /** Change since this person's previous cycle, split into each indicator's contribution. */
  change: z
    .object({
      previousCycle: z.object({ id: uuid, name: z.string() }),
      previousTotal: z.string(),
      totalChange: z.string(),
      indicators: z.array(
        z.object({
          key: z.string(),
          name: z.string().nullable(),
          presentIn: z.enum(['both', 'previous', 'current']),
          scoreEffect: z.string(),
          weightEffect: z.string(),
          contribution: z.string(),
        }),
      ),
    })
    .nullable(),
  ratingChanges: z.array(ratingChangeView),
  acknowledgedAt: z.string().nullable(),
  appeal: z
    .object({
      id: uuid,
      reason: z.string(),
      status: z.enum(['open', 'upheld', 'rejected']),
      decision: z.string().nullable(),
      newGrade: z.string().nullable(),
      createdAt: z.string(),
      decidedAt: z.string().nullable(),
    })
    .nullable(),
  /** What the caller may do now. */
  can: z.object({ acknowledge: z.boolean(), appeal: z.boolean() }),
});
export type PersonResult = z.infer<typeof personResult>;

export const teamResultQuery = z.object({ unitId: uuid.optional() });
export const teamResult = z.object({
  cycle: z.object({ id: uuid, name: z.string(), stage: reviewStage }),
  unit: ref.nullable(),
  headcount: z.number().int(),
  average: z.string().nullable(),
  distribution: z.array(z.object({ grade: z.string(), count: z.number().int(), percent: z.string() })),
  people: z.array(participantRow),
  /** The same unit over the organization's cycles, oldest first. */
  trend: z.array(
    z.object({
      cycleId: uuid,
      name: z.string(),
      periodStart: z.string(),
      headcount: z.number().int(),
      average: z.string().nullable(),
      distribution: z.array(z.object({ grade: z.string(), count: z.number().int() })),
    }),
  ),
});
export type TeamResult = z.infer<typeof teamResult>;

// ── Forms and the inbox ─────────────────────────────────────────────────────────────────────────────

export const raterKind = z.enum(['self', 'manager', 'peer']);
export const reviewFormView = z.object({
  id: uuid,
  cycle: z.object({ id: uuid, name: z.string(), stage: reviewStage }),
  /** The person reviewed. */
  reviewee: z.object({ id: uuid, name: z.string() }),
  /** Null for the reviewee looking at a peer form: peers are anonymous to them. */
  rater: z.object({ id: uuid, name: z.string() }).nullable(),
  raterKind,
  status: z.enum(['pending', 'submitted']),
  dueDate: z.string().nullable(),
  /** The form can be filled now: its stage is open and the caller is its rater. */
  editable: z.boolean(),
  indicators: z.array(
    z.object({
      key: z.string(),
      name: z.string().nullable(),
      dimension: z.string(),
      levels: z.array(z.object({ level: z.number().int(), label: z.string(), description: z.string() })),
    }),
  ),
  ratings: z.record(z.string(), z.number().int()),
  comment: z.string().nullable(),
  submittedAt: z.string().nullable(),
});
export type ReviewFormView = z.infer<typeof reviewFormView>;

export const saveFormRequest = z.object({
  ratings: z.record(z.string().max(64), z.number().int()),
  comment: z.string().trim().max(2000).nullable().optional(),
  /** true submits (every rating indicator must be rated); false saves a draft. */
  submit: z.boolean().default(false),
});

export const inboxItem = z.object({
  formId: uuid,
  cycle: z.object({ id: uuid, name: z.string(), stage: reviewStage }),
  reviewee: z.object({ id: uuid, name: z.string() }),
  raterKind,
  status: z.enum(['pending', 'submitted']),
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
  /** Its stage is open now. */
  open: z.boolean(),
});
export const inbox = z.object({
  items: z.array(inboxItem),
  /** The caller's own published results waiting for acknowledgement. */
  results: z.array(
    z.object({
      participantId: uuid,
      cycle: z.object({ id: uuid, name: z.string() }),
      grade: z.string().nullable(),
      acknowledgedAt: z.string().nullable(),
      dueDate: z.string().nullable(),
    }),
  ),
});
export type Inbox = z.infer<typeof inbox>;

// ── Acknowledgement and appeals ─────────────────────────────────────────────────────────────────────

export const appealRequest = z.object({ reason: z.string().trim().min(1).max(2000) });
export const decideAppealRequest = z.object({
  outcome: z.enum(['upheld', 'rejected']),
  decision: z.string().trim().min(1).max(2000),
  /** Upheld: the grade in force from now on. */
  newGrade: z.string().trim().min(1).max(10).optional(),
});
export const appealView = z.object({
  id: uuid,
  participantId: uuid,
  employee: z.object({ id: uuid, name: z.string() }),
  grade: z.string().nullable(),
  reason: z.string(),
  status: z.enum(['open', 'upheld', 'rejected']),
  decision: z.string().nullable(),
  newGrade: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export const appealList = z.object({ items: z.array(appealView) });
