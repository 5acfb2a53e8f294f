import { z } from 'zod';
import { isoDateTime, pageOf, pageQuery, uuid } from './common';

export const auditEvent = z.object({
  id: z.string(),
  seq: z.number().int(),
  at: z.string(),
  actor: z.object({ id: uuid, username: z.string() }).nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof auditEvent>;

export const auditListQuery = pageQuery.extend({
  action: z.string().max(64).optional(),
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  actorUserId: uuid.optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, { message: 'INVALID_CURSOR' })
    .optional(),
});
export const auditPage = pageOf(auditEvent);

export const auditVerifyResponse = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBrokenSeq: z.number().int().nullable(),
});
