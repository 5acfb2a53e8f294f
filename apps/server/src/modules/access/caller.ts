import type { FastifyRequest } from 'fastify';
import { todayIn } from '../../lib/dates';
import type { Deps } from '../../lib/deps';
import { type AuthContext, actorOf, authOf } from '../../lib/http';
import type { AuditActor } from '../audit/audit.service';
import { resolveScope, type Scope } from './scope';

/** Who is calling and from where: what a module's service needs of a signed-in request. */
export interface Caller {
  auth: AuthContext;
  actor: AuditActor;
  scope: Scope;
  /** The request's moment on the server clock, and that day in the organization's time zone. */
  now: Date;
  today: string;
}

export async function callerOf(deps: Pick<Deps, 'db' | 'clock'>, req: FastifyRequest): Promise<Caller> {
  const auth = authOf(req);
  const now = deps.clock();
  return {
    auth,
    actor: actorOf(req),
    scope: await resolveScope(deps.db, auth),
    now,
    today: todayIn(auth.orgTimeZone, now),
  };
}
