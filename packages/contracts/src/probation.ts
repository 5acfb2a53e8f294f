import { z } from 'zod';
import { isoDate, ref, uuid } from './common';
import { previewIndicator } from './scorecards';

// ── Probation reviews (转正考核) ───────────────────────────────────────────────────────────────────────

export const probationReviewStatus = z.enum(['open', 'passed', 'failed']);
export type ProbationReviewStatus = z.infer<typeof probationReviewStatus>;
export const probationReasonSchema = z.object({
  /** The hiring condition (录用条件) the person did not meet, as written in the offer. */
  condition: z.string().trim().min(1).max(500),
  /** What happened, with facts. */
  evidence: z.string().trim().min(1).max(2000),
});
export type ProbationReason = z.infer<typeof probationReasonSchema>;
export const probationReviewView = z.object({
  id: uuid,
  employee: z.object({
    id: uuid,
    name: z.string(),
    employeeNo: z.string(),
    /** The person's employment status now (regular once passed; a failed review leaves it unchanged). */
    status: z.string(),
  }),
  unit: ref.nullable(),
  position: ref.nullable(),
  hireDate: z.string(),
  probationEndDate: z.string(),
  /** Days from today to the probation end (negative once it has passed). */
  daysLeft: z.number().int(),
  status: probationReviewStatus,
  openedBy: z.enum(['automatic', 'manual']),
  template: z.object({ id: uuid, name: z.string(), version: z.number().int() }).nullable(),
  /** The month scored at opening (YYYY-MM-01), or null without a template. */
  scoredPeriodStart: z.string().nullable(),
  total: z.string().nullable(),
  maxTotal: z.string().nullable(),
  grade: z.string().nullable(),
  dimensions: z.array(
    z.object({ key: z.string(), name: z.string(), score: z.string(), weight: z.string(), contribution: z.string() }),
  ),
  indicators: z.array(previewIndicator),
  hiringConditions: z.string().nullable(),
  reasons: z.array(probationReasonSchema),
  comment: z.string().nullable(),
  regularizationDate: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  /** The caller may decide (admin or hr, review still open). */
  canDecide: z.boolean(),
  /** Not passing is possible only until the probation end date (Labor Contract Law Art. 21, 39(1)). */
  canFail: z.boolean(),
  /** The written notice (DOCX) of a failed review, else null. */
  noticeUrl: z.string().nullable(),
  createdAt: z.string(),
});
export const probationReviewList = z.object({ items: z.array(probationReviewView) });
export const probationReviewQuery = z.object({ status: probationReviewStatus.optional() });
export const openProbationReviewRequest = z.object({ employeeId: uuid });
export const passProbationRequest = z.object({
  /** Defaults to the day after the probation end; not before the hire date, not after the day after the end. */
  regularizationDate: isoDate.optional(),
  comment: z.string().trim().max(2000).optional(),
});
export const failProbationRequest = z.object({
  hiringConditions: z.string().trim().min(1).max(4000),
  reasons: z.array(probationReasonSchema).min(1).max(20),
  comment: z.string().trim().max(2000).optional(),
});
export type ProbationReviewView = z.infer<typeof probationReviewView>;
export type PassProbationRequest = z.input<typeof passProbationRequest>;
export type FailProbationRequest = z.input<typeof failProbationRequest>;
