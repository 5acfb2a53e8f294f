import type { Locale, Role } from '@stride/contracts';
import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../modules/audit/audit.service';

/** Who may call a route. Every /api route must declare one; buildApp refuses to start otherwise. */
export type Access = 'public' | 'authenticated' | readonly Role[];

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
