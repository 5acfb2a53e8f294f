import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../lib/deps';
import type { AuthContext } from '../../lib/http';
import { callerOf } from '../access/caller';
import type { Scope } from '../access/scope';
import type { AuditActor } from '../audit/audit.service';

export interface IncentiveCtx {
  auth: AuthContext;
  actor: AuditActor;
  scope: Scope;
  now: Date;
}

export function incentiveCtx(deps: Pick<Deps, 'db' | 'clock'>, req: FastifyRequest): Promise<IncentiveCtx> {
  return callerOf(deps, req);
}

export const isHr = (ctx: IncentiveCtx) => ctx.auth.role === 'admin' || ctx.auth.role === 'hr';
