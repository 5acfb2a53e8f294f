import { type SQL, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { employees } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import type { AuthContext } from '../../lib/http';
import { callerOf } from '../access/caller';
import { employeeVisibility, type Scope } from '../access/scope';
import type { AuditActor } from '../audit/audit.service';

export interface TalentCtx {
  auth: AuthContext;
  actor: AuditActor;
  scope: Scope;
  now: Date;
}

export function talentCtxOf(deps: Pick<Deps, 'db' | 'clock'>, req: FastifyRequest): Promise<TalentCtx> {
  return callerOf(deps, req);
}

/**
 * The people whose talent data a caller may see, as a condition on `employees`: admin and hr the organization,
 * a manager the people of the units they lead — never themselves (nobody rates their own potential).
 */
export function talentVisibility(ctx: TalentCtx): SQL {
  const base = employeeVisibility(ctx.scope);
  if (ctx.scope.kind !== 'org' && ctx.auth.employeeId)
    return sql`(${base} and ${employees.id} <> ${ctx.auth.employeeId})`;
  return base;
}

export const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
