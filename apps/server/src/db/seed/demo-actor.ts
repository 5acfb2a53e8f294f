import { and, eq } from 'drizzle-orm';
import type { AuthContext } from '../../lib/http';
import type { Scope } from '../../modules/access/scope';
import type { AuditActor } from '../../modules/audit/audit.service';
import type { DbOrTx } from '../client';
import { users } from '../schema';

/**
 * The demo company's `hr` user as the one who does the seeded work (review cycles, incentives, the talent
 * review): what a module's service needs of a signed-in caller, with the organization as scope. Null when the
 * organization has no such user (a non-demo organization).
 */
export async function demoHrCaller(
  tx: DbOrTx,
  orgId: string,
  now: Date,
): Promise<{ auth: AuthContext; actor: AuditActor; scope: Scope; now: Date } | null> {
  const [hr] = await tx
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.username, 'hr')));
  if (!hr) return null;
  return {
    auth: {
      userId: hr.id,
      username: hr.username,
      orgId,
      orgName: '',
      orgTimeZone: 'Asia/Shanghai',
      role: 'hr',
      employeeId: null,
      locale: 'zh-CN',
      sessionTokenHash: '',
    },
    actor: { orgId, userId: hr.id, username: hr.username },
    scope: { kind: 'org', orgId },
    now,
  };
}
