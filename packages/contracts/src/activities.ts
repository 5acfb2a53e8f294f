import { z } from 'zod';
import { pageOf, pageQuery, uuid } from './common';

export const builtinActivityTypes = [
  'call',
  'visit',
  'meeting',
  'email',
  'followup',
  'lead_created',
  'opportunity_created',
  'opportunity_won',
  'opportunity_lost',
  'order',
  'payment',
  'refund',
  'csat',
] as const;
export type ActivityType = (typeof builtinActivityTypes)[number];

/** Money on the wire: a decimal string (or JSON number) with at most two decimals, never negative. */
export const moneyInput = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
  .pipe(z.string().regex(/^\d{1,16}(\.\d{1,2})?$/, { message: 'AMOUNT_INVALID' }));

/**
 * When a fact happened: an ISO 8601 timestamp with a UTC offset (as common.ts isoDateTime), within the years Stride
 * deals with. A malformed one is refused as INVALID_DATETIME — a code that says what is expected — rather than
 * zod's generic invalid_format; a missing one stays invalid_type.
 */
const occurredAt = z.iso
  .datetime({ offset: true, error: (issue) => (issue.code === 'invalid_format' ? 'INVALID_DATETIME' : undefined) })
  .refine((s) => s.slice(0, 4) >= '1900' && s.slice(0, 4) <= '2999', { message: 'DATE_OUT_OF_RANGE' });

/** One CRM/ERP fact, as one NDJSON line or one element of a JSON batch. */
export const activityInput = z
  .object({
    externalId: z.string().trim().min(1).max(128),
    /** A built-in type or one the organization added (checked against the organization's list). */
    type: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, { message: 'UNKNOWN_ACTIVITY_TYPE' }),
    employeeNo: z.string().trim().min(1).max(32).optional(),
    email: z.email().max(254).optional(),
    externalUserId: z.string().trim().min(1).max(128).optional(),
    occurredAt,
    amount: moneyInput.optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, { message: 'CURRENCY_INVALID' })
      .default('CNY'),
    quantity: z
      .number()
      .int({ message: 'COUNT_INVALID' })
      .min(0, { message: 'NEGATIVE_COUNT' })
      .max(1_000_000)
      .optional(),
    customer: z
      .object({
        externalId: z.string().trim().min(1).max(128).optional(),
        name: z.string().trim().min(1).max(200).optional(),
        tier: z.string().trim().min(1).max(40).optional(),
      })
      .optional(),
    voided: z.boolean().optional(),
    attributes: z.record(z.string().max(64), z.unknown()).optional(),
  })
  .refine((a) => a.employeeNo || a.email || a.externalUserId, {
    message: 'PERSON_REQUIRED',
    path: ['employeeNo'],
  });
export type ActivityInput = z.input<typeof activityInput>;
export type ActivityParsed = z.output<typeof activityInput>;

export const activityBatchRequest = z.object({ activities: z.array(z.unknown()).min(1).max(10_000) });

export const ingestRejection = z.object({
  index: z.number().int().optional(),
  line: z.number().int().optional(),
  code: z.string(),
  field: z.string().optional(),
  message: z.string(),
});
export const ingestResult = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  updated: z.number().int(),
  unmatched: z.number().int(),
  /** The first 1,000 rejected items; `rejectedCount` says how many there were in all. */
  rejected: z.array(ingestRejection),
  rejectedCount: z.number().int(),
});
export type IngestResult = z.infer<typeof ingestResult>;

export const activityView = z.object({
  source: z.string(),
  externalId: z.string(),
  type: z.string(),
  employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string() }).nullable(),
  personRef: z.record(z.string(), z.string()),
  occurredAt: z.string(),
  localDate: z.string(),
  unitId: uuid.nullable(),
  amount: z.string().nullable(),
  currency: z.string(),
  quantity: z.number().int().nullable(),
  customer: z.object({ externalId: z.string().nullable(), name: z.string().nullable(), tier: z.string().nullable() }),
  isVoided: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type ActivityView = z.infer<typeof activityView>;
export const activityListQuery = pageQuery.extend({
  employeeId: uuid.optional(),
  /** The facts credited to a unit and its sub-units (the unit the person belonged to on the day): a team value's drill-down. */
  unitId: uuid.optional(),
  type: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,39}$/)
    .optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  metric: z.string().max(64).optional(),
  unmatched: z.enum(['true', 'false']).optional(),
});
export const activityPage = pageOf(activityView);
