import { type AlertSettings, alertSettingsBody, type PoolPolicy, poolPolicy } from '@stride/contracts';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { alertSettings } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { type AuditActor, appendAudit } from '../audit/audit.service';
import { loadCatalog } from '../metrics/catalog.service';

export interface PoolSettings {
  poolPeriodType: AlertSettings['poolPeriodType'];
  policy: PoolPolicy;
  updatedAt: Date | null;
}

export const DEFAULT_POOL_SETTINGS: AlertSettings = alertSettingsBody.parse({ policy: {} });

/**
 * An organization's pool settings. A stored policy is read through the schema, so fields added later get their
 * defaults; one that no longer parses falls back to the defaults rather than failing every build.
 */
export async function getPoolSettings(db: DbOrTx, orgId: string): Promise<PoolSettings> {
  const [row] = await db.select().from(alertSettings).where(eq(alertSettings.orgId, orgId));
  if (!row) return { ...DEFAULT_POOL_SETTINGS, updatedAt: null };
  const policy = poolPolicy.safeParse(row.policy);
  return {
    poolPeriodType: row.poolPeriodType === 'quarter' ? 'quarter' : 'month',
    policy: policy.success ? policy.data : DEFAULT_POOL_SETTINGS.policy,
    updatedAt: row.updatedAt,
  };
}

/** The settings, creating the default row first when the organization has none (the job and builds do this). */
export async function ensurePoolSettings(db: DbOrTx, orgId: string, now: Date): Promise<PoolSettings> {
  await db
    .insert(alertSettings)
    .values({
      orgId,
      poolPeriodType: DEFAULT_POOL_SETTINGS.poolPeriodType,
      policy: DEFAULT_POOL_SETTINGS.policy,
      updatedAt: now,
    })
    .onConflictDoNothing();
  return getPoolSettings(db, orgId);
}

/** HR or an admin changes how often pools are built and the policy; audited with before and after. */
export async function updatePoolSettings(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: AuditActor,
  body: AlertSettings,
): Promise<PoolSettings> {
  return deps.db.transaction(async (tx) => {
    const catalog = await loadCatalog(tx, actor.orgId);
    if (!catalog.byKey.has(body.policy.attainmentMetric))
      fail('VALIDATION_FAILED', [{ field: 'policy.attainmentMetric', code: 'UNKNOWN_METRIC' }]);
    const before = await getPoolSettings(tx, actor.orgId);
    const now = deps.clock();
    await tx
      .insert(alertSettings)
      .values({ orgId: actor.orgId, poolPeriodType: body.poolPeriodType, policy: body.policy, updatedAt: now })
      .onConflictDoUpdate({
        target: alertSettings.orgId,
        set: { poolPeriodType: body.poolPeriodType, policy: body.policy, updatedAt: now },
      });
    await appendAudit(
      tx,
      actor,
      {
        action: 'alert_settings.updated',
        entityType: 'alert_settings',
        entityId: actor.orgId,
        before: { poolPeriodType: before.poolPeriodType, policy: before.policy },
        after: { poolPeriodType: body.poolPeriodType, policy: body.policy },
      },
      now,
    );
    return { ...body, updatedAt: now };
  });
}
