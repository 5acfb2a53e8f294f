import { z } from 'zod';
import { uuid } from './common';

export const integrationScopes = ['activities:write'] as const;

/** Where each canonical field is found in a webhook payload item (dot paths), and how types translate. */
export const integrationMapping = z.object({
  /** Dot path to the array of items in a payload; empty = the payload is one item or an array. */
  itemsPath: z.string().max(200).optional(),
  fields: z.record(z.string().max(40), z.string().max(200)).optional(),
  /** Source type names → canonical types, e.g. { "Closed Won": "opportunity_won" }. */
  types: z.record(z.string().max(100), z.string().max(40)).optional(),
});
export type IntegrationMapping = z.infer<typeof integrationMapping>;

export const createIntegrationRequest = z.object({
  name: z.string().trim().min(1).max(80),
  source: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_-]{1,39}$/, { message: 'SOURCE_INVALID' }),
  mapping: integrationMapping.optional(),
});
export const updateIntegrationRequest = z
  .object({ name: z.string().trim().min(1).max(80), mapping: integrationMapping, isActive: z.boolean() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to change' });

export const integrationKeyView = z.object({
  id: uuid,
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const integrationView = z.object({
  id: uuid,
  name: z.string(),
  source: z.string(),
  mapping: integrationMapping,
  isActive: z.boolean(),
  webhookUrl: z.string(),
  keys: z.array(integrationKeyView),
  createdAt: z.string(),
});
export type Integration = z.infer<typeof integrationView>;
export const integrationList = z.object({ items: z.array(integrationView) });
/** Returned once, at creation or rotation: the secret is not retrievable later. */
export const integrationCreated = integrationView.extend({ webhookSecret: z.string() });
export const webhookSecretResponse = z.object({ webhookSecret: z.string() });

export const createKeyRequest = z.object({
  name: z.string().trim().min(1).max(80),
  scopes: z.array(z.enum(integrationScopes)).min(1).default(['activities:write']),
});
export const keyCreated = integrationKeyView.extend({ key: z.string() });

export const unmatchedEntry = z.object({
  source: z.string(),
  kind: z.enum(['employeeNo', 'email', 'externalUserId']),
  value: z.string(),
  activities: z.number().int(),
  firstSeen: z.string(),
  lastSeen: z.string(),
});
export const unmatchedList = z.object({ items: z.array(unmatchedEntry) });
export const resolveUnmatchedRequest = z.object({
  source: z.string().max(40),
  kind: z.enum(['employeeNo', 'email', 'externalUserId']),
  value: z.string().min(1).max(254),
  employeeId: uuid,
});
export const resolveUnmatchedResponse = z.object({ matched: z.number().int() });
