import { z } from 'zod';
import { isoDate, ref, uuid } from './common';

// Talent review (人才盘点): 9-box placements, promotion reserve, succession slates, talent card, exit analysis.

export const talentLevels = ['low', 'medium', 'high'] as const;
export const talentLevel = z.enum(talentLevels);
export type TalentLevel = z.infer<typeof talentLevel>;
/** A 9-box cell: "<performance>-<potential>". */
export const nineBoxes = talentLevels.flatMap((p) => talentLevels.map((q) => `${p}-${q}` as const));
export const nineBox = z.enum(nineBoxes as [string, ...string[]]);

const competency = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,39}$/),
  name: z.string().trim().min(1).max(40),
});

/** The competency list a review starts with when none is given. */
export const DEFAULT_TALENT_COMPETENCIES = [
  { key: 'customer_insight', name: '客户洞察' },
  { key: 'negotiation', name: '谈判成交' },
  { key: 'collaboration', name: '团队协作' },
  { key: 'leadership', name: '领导潜质' },
];

/** How a review maps grades to performance and ratings to potential; all configurable. */
export const talentConfig = z.object({
  /** grade → performance level; grades of the cycle's scale not listed count as medium. */
  gradeMap: z.record(z.string().max(10), talentLevel),
  competencies: z.array(competency).min(1).max(10),
  /** Weight of learning agility in the potential score (the rest is the competency average). */
  learningWeight: z.number().min(0).max(1),
  /** Potential score at or above which potential is medium / high. */
  thresholds: z.object({ medium: z.number().min(1).max(5), high: z.number().min(1).max(5) }),
});
export type TalentConfig = z.infer<typeof talentConfig>;

export const createTalentReviewRequest = z.object({
  name: z.string().trim().min(1).max(100),
  unitId: uuid,
  cycleId: uuid,
  config: talentConfig.partial().optional(),
});
export type CreateTalentReviewRequest = z.infer<typeof createTalentReviewRequest>;

export const talentReviewSummary = z.object({
  id: uuid,
  name: z.string(),
  unit: ref,
  cycle: ref,
  status: z.enum(['open', 'finalized']),
  people: z.number().int(),
  placed: z.number().int(),
  createdAt: z.string(),
  finalizedAt: z.string().nullable(),
  version: z.number().int(),
});
export type TalentReviewSummary = z.infer<typeof talentReviewSummary>;

export const talentPlacementView = z.object({
  employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string() }),
  unit: ref,
  position: ref.nullable(),
  grade: z.string().nullable(),
  performance: talentLevel,
  ratings: z.record(z.string(), z.number().int()),
  learningAgility: z.number().int().nullable(),
  /** The potential score (1..5, 2 decimals) from the formula, null until rated. */
  potentialScore: z.string().nullable(),
  potential: talentLevel.nullable(),
  computedBox: z.string().nullable(),
  box: z.string().nullable(),
  moved: z.boolean(),
  flightRisk: z.boolean(),
  version: z.number().int(),
});
export type TalentPlacementView = z.infer<typeof talentPlacementView>;

export const talentReviewDetail = talentReviewSummary.extend({
  config: talentConfig,
  /** The potential formula in words, e.g. "0.6 × 能力均分 + 0.4 × 学习敏锐度". */
  formula: z.string(),
  canFinalize: z.boolean(),
  placements: z.array(talentPlacementView),
});
export type TalentReviewDetail = z.infer<typeof talentReviewDetail>;

export const rateTalentRequest = z.object({
  ratings: z.record(z.string(), z.number().int().min(1).max(5)),
  learningAgility: z.number().int().min(1).max(5),
  version: z.number().int(),
});
export type RateTalentRequest = z.infer<typeof rateTalentRequest>;

/** A calibration move; the reason is checked by the service so a missing one has its own code. */
export const moveTalentRequest = z.object({
  box: nineBox,
  reason: z.string().max(1000).optional(),
  version: z.number().int(),
});
export type MoveTalentRequest = z.infer<typeof moveTalentRequest>;

export const finalizeTalentReviewRequest = z.object({ version: z.number().int() });

export const placementChangeView = z.object({
  id: uuid,
  review: ref,
  source: z.enum(['computed', 'calibration']),
  fromBox: z.string().nullable(),
  toBox: z.string(),
  computedBox: z.string().nullable(),
  reason: z.string().nullable(),
  actor: z.string().nullable(),
  at: z.string(),
});
export type PlacementChangeView = z.infer<typeof placementChangeView>;
export const placementHistory = z.object({ items: z.array(placementChangeView) });

// Promotion reserve and flight risk

export const reserveQuery = z.object({
  cycles: z.coerce.number().int().min(1).max(6).default(2),
  minGrade: z.string().trim().max(10).default('A'),
  unitId: uuid.optional(),
});
export type ReserveQuery = z.infer<typeof reserveQuery>;

export const reserveEntry = z.object({
  employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string() }),
  unit: ref,
  position: ref.nullable(),
  /** Oldest first: the cycles considered with the person's grade and total score. */
  grades: z.array(z.object({ cycle: ref, periodStart: z.string(), grade: z.string().nullable(), total: z.string() })),
  /** Latest total minus the previous one. */
  scoreDelta: z.string(),
  flightRisk: z.boolean(),
  suggestedFlightRisk: z.boolean(),
});
export type ReserveEntry = z.infer<typeof reserveEntry>;
export const reserveList = z.object({
  criteria: z.object({ cycles: z.number().int(), minGrade: z.string(), grades: z.array(z.string()) }),
  items: z.array(reserveEntry),
});
export type ReserveList = z.infer<typeof reserveList>;

export const flightRiskRequest = z.object({ flagged: z.boolean(), reason: z.string().max(1000).optional() });
export type FlightRiskRequest = z.infer<typeof flightRiskRequest>;

export const flightRiskView = z.object({
  employeeId: uuid,
  flagged: z.boolean(),
  reason: z.string().nullable(),
  flaggedAt: z.string().nullable(),
  /** A high performer with a live activity-drop alert: a suggestion for a person to judge, never a flag itself. */
  suggested: z.boolean(),
  liveActivityDropAlerts: z.number().int(),
});
export type FlightRiskView = z.infer<typeof flightRiskView>;
export const flightRiskList = z.object({
  items: z.array(flightRiskView.extend({ employee: z.object({ id: uuid, name: z.string() }), unit: ref })),
});
export type FlightRiskList = z.infer<typeof flightRiskList>;

// Succession

export const readinessLevels = ['ready_now', '1_2_years', 'later'] as const;
export const readiness = z.enum(readinessLevels);
export type Readiness = z.infer<typeof readiness>;

export const createKeyPositionRequest = z.object({
  positionId: uuid,
  unitId: uuid,
  incumbentEmployeeId: uuid.nullable().optional(),
  note: z.string().trim().max(500).optional(),
});
export type CreateKeyPositionRequest = z.infer<typeof createKeyPositionRequest>;

export const successionCandidateView = z.object({
  id: uuid,
  employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string() }),
  readiness,
  notes: z.string().nullable(),
  inReserve: z.boolean(),
  version: z.number().int(),
});
export type SuccessionCandidateView = z.infer<typeof successionCandidateView>;

export const keyPositionView = z.object({
  id: uuid,
  position: ref,
  unit: ref,
  incumbent: ref.nullable(),
  note: z.string().nullable(),
  candidates: z.array(successionCandidateView),
});
export type KeyPositionView = z.infer<typeof keyPositionView>;
export const keyPositionList = z.object({ items: z.array(keyPositionView) });

export const addCandidateRequest = z.object({
  employeeId: uuid,
  readiness,
  notes: z.string().trim().max(1000).optional(),
});
export type AddCandidateRequest = z.infer<typeof addCandidateRequest>;

export const updateCandidateRequest = z.object({
  readiness,
  notes: z.string().trim().max(1000).optional(),
  version: z.number().int(),
});

// Talent card

export const talentCard = z.object({
  employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string(), status: z.string() }),
  unit: ref,
  position: ref.nullable(),
  /** Latest potential ratings, for the radar; null when never rated. */
  competencies: z
    .object({
      review: ref,
      items: z.array(z.object({ key: z.string(), name: z.string(), value: z.number().int() })),
      learningAgility: z.number().int().nullable(),
    })
    .nullable(),
  grades: z.array(z.object({ cycle: ref, periodStart: z.string(), grade: z.string().nullable(), total: z.string() })),
  boxes: z.array(placementChangeView),
  currentBox: z.string().nullable(),
  liveAlerts: z.number().int(),
  flightRisk: flightRiskView,
  succession: z.array(z.object({ keyPositionId: uuid, position: ref, readiness })),
});
export type TalentCard = z.infer<typeof talentCard>;

// Exit analysis

export const exitAnalysisQuery = z.object({ from: isoDate, to: isoDate });
export type ExitAnalysisQuery = z.infer<typeof exitAnalysisQuery>;

const gap = z.object({ key: z.string(), name: z.string(), value: z.string(), reference: z.string(), gap: z.string() });
export const exitAnalysis = z.object({
  from: z.string(),
  to: z.string(),
  people: z.array(
    z.object({
      employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string() }),
      position: ref.nullable(),
      exitDate: z.string(),
      lastGrade: z.string().nullable(),
      /** Their last metric values vs the median of their cohort (same position, same period). */
      metrics: z.array(gap.extend({ periodStart: z.string() })),
      /** Their latest competency ratings vs the average of people who stayed. */
      competencies: z.array(gap),
    }),
  ),
  /** Per position: the average gap of leavers per metric and competency (negative: what they lacked). */
  byPosition: z.array(
    z.object({
      position: ref.nullable(),
      leavers: z.number().int(),
      metrics: z.array(z.object({ key: z.string(), name: z.string(), averageGapPercent: z.string() })),
      competencies: z.array(z.object({ key: z.string(), name: z.string(), averageGap: z.string() })),
    }),
  ),
});
export type ExitAnalysis = z.infer<typeof exitAnalysis>;
