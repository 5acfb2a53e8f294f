import type { Locale, Role } from '@stride/contracts';
import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../modules/audit/audit.service';

/** Who may call a route. Every /api route must declare one; buildApp refuses to start otherwise. */
export type Access = 'public' | 'authenticated' | readonly Role[] | { integrationScope: 'activities:write' };

/** A caller authenticated by an integration API key (Authorization: Bearer). */
export interface IntegrationContext {
  orgId: string;
  orgTimeZone: string;
  integrationId: string;
  source: string;
  keyId: string;
  scopes: string[];
}

export interface AuthContext {
  userId: string;
  username: string;
  orgId: string;
  orgName: string;
  orgTimeZone: string;
  role: Role;
  employeeId: string | null;
  locale: Locale;
  sessionTokenHash: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
    integration: IntegrationContext | null;
    locale: Locale;
  }
}

/** The signed-in caller; routes behind an access rule other than 'public' always have one. */
export function authOf(req: FastifyRequest): AuthContext {
  if (!req.auth) throw new Error('authOf() called on a public route');
  return req.auth;
}

export function actorOf(req: FastifyRequest): AuditActor {
  const auth = authOf(req);
  return { orgId: auth.orgId, userId: auth.userId, username: auth.username, requestId: req.id, ip: req.ip };
}
