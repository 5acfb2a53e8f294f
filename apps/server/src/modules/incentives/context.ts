import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../lib/deps';
import { type AuthContext, actorOf, authOf } from '../../lib/http';
import { resolveScope, type Scope } from '../access/scope';
import type { AuditActor } from '../audit/audit.service';

export interface IncentiveCtx {
  auth: AuthContext;
  actor: AuditActor;
  scope: Scope;
  now: Date;
}

export async function incentiveCtx(deps: Pick<Deps, 'db' | 'clock'>, req: FastifyRequest): Promise<IncentiveCtx> {
  const auth = authOf(req);
  return { auth, actor: actorOf(req), scope: await resolveScope(deps.db, auth), now: deps.clock() };
}

export const isHr = (ctx: IncentiveCtx) => ctx.auth.role === 'admin' || ctx.auth.role === 'hr';
