import type { IntegrationMapping } from '@stride/contracts';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { integrationKeys, integrations, orgs } from '../../db/schema';
import { randomToken, sha256Hex } from '../../lib/crypto';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import type { IntegrationContext } from '../../lib/http';
import { type AuditActor, appendAudit } from '../audit/audit.service';

type IntegrationRow = typeof integrations.$inferSelect;
type KeyRow = typeof integrationKeys.$inferSelect;

export function presentIntegration(i: IntegrationRow, keys: KeyRow[]) {
  return {
    id: i.id,
    name: i.name,
    source: i.source,
    mapping: i.mapping as IntegrationMapping,
    isActive: i.isActive,
    webhookUrl: `/api/v1/integrations/${i.id}/webhook`,
    keys: keys.map(presentKey),
    createdAt: i.createdAt.toISOString(),
  };
}

export function presentKey(k: KeyRow) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

export async function findIntegrations(db: Db, orgId: string) {
  const rows = await db
    .select()
    .from(integrations)
    .where(eq(integrations.orgId, orgId))
    .orderBy(asc(integrations.name));
  const keys = await db
    .select()
    .from(integrationKeys)
    .where(eq(integrationKeys.orgId, orgId))
    .orderBy(asc(integrationKeys.createdAt));
  return rows.map((i) =>
    presentIntegration(
      i,
      keys.filter((k) => k.integrationId === i.id),
    ),
  );
}

export async function getIntegration(db: DbOrTx, orgId: string, id: string): Promise<IntegrationRow> {
  const [row] = await db
    .select()
    .from(integrations)
    .where(and(eq(integrations.id, id), eq(integrations.orgId, orgId)));
  return row ?? fail('INTEGRATION_NOT_FOUND');
}

export async function getIntegrationView(db: Db, orgId: string, id: string) {
  const row = await getIntegration(db, orgId, id);
  const keys = await db
    .select()
    .from(integrationKeys)
    .where(eq(integrationKeys.integrationId, id))
    .orderBy(asc(integrationKeys.createdAt));
  return presentIntegration(row, keys);
}

export async function createIntegration(
  deps: Deps,
  actor: AuditActor,
  input: { name: string; source: string; mapping?: IntegrationMapping },
): Promise<{ id: string; webhookSecret: string }> {
  const webhookSecret = `whsec_${randomToken(24)}`;
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: integrations.id })
      .from(integrations)
      .where(and(eq(integrations.orgId, actor.orgId), eq(integrations.source, input.source)));
    if (taken) fail('SOURCE_TAKEN', [{ field: 'source', code: 'SOURCE_TAKEN' }]);
    const [row] = await tx
      .insert(integrations)
      .values({
        orgId: actor.orgId,
        name: input.name,
        source: input.source,
        mapping: input.mapping ?? {},
        webhookSecretEnc: deps.cipher.encrypt(webhookSecret),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await appendAudit(
      tx,
      actor,
      {
        action: 'integration.created',
        entityType: 'integration',
        entityId: row.id,
        after: { name: row.name, source: row.source },
      },
      now,
    );
    return { id: row.id, webhookSecret };
  });
}

export async function updateIntegration(
  deps: Deps,
  actor: AuditActor,
  id: string,
  input: { name?: string; mapping?: IntegrationMapping; isActive?: boolean },
) {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const before = await getIntegration(tx, actor.orgId, id);
    await tx
      .update(integrations)
      .set({ ...input, updatedAt: now })
      .where(eq(integrations.id, id));
    await appendAudit(
      tx,
      actor,
      {
        action: 'integration.updated',
        entityType: 'integration',
        entityId: id,
        before: { name: before.name, mapping: before.mapping, isActive: before.isActive },
        after: input,
      },
      now,
    );
  });
}

export async function rotateWebhookSecret(deps: Deps, actor: AuditActor, id: string): Promise<string> {
  const webhookSecret = `whsec_${randomToken(24)}`;
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await getIntegration(tx, actor.orgId, id);
    await tx
      .update(integrations)
      .set({ webhookSecretEnc: deps.cipher.encrypt(webhookSecret), updatedAt: now })
      .where(eq(integrations.id, id));
    await appendAudit(
      tx,
      actor,
      { action: 'integration.webhook_secret_rotated', entityType: 'integration', entityId: id },
      now,
    );
  });
  return webhookSecret;
}

/** Creates an API key; the full key is returned once and only its SHA-256 is stored. */
export async function createKey(
  deps: Deps,
  actor: AuditActor,
  integrationId: string,
  input: { name: string; scopes: string[] },
) {
  const prefix = randomToken(6).replace(/[-_]/g, 'x').slice(0, 8);
  const key = `sk_${prefix}_${randomToken(32)}`;
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    await getIntegration(tx, actor.orgId, integrationId);
    const [row] = await tx
      .insert(integrationKeys)
      .values({
        orgId: actor.orgId,
        integrationId,
        name: input.name,
        prefix,
        keyHash: sha256Hex(key),
        scopes: input.scopes,
        createdBy: actor.userId ?? null,
        createdAt: now,
      })
      .returning();
    await appendAudit(
      tx,
      actor,
      {
        action: 'integration.key_created',
        entityType: 'integration',
        entityId: integrationId,
        after: { keyId: row.id, prefix, scopes: input.scopes },
      },
      now,
    );
    return { ...presentKey(row), key };
  });
}

export async function revokeKey(deps: Deps, actor: AuditActor, integrationId: string, keyId: string) {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await getIntegration(tx, actor.orgId, integrationId);
    const [row] = await tx
      .update(integrationKeys)
      .set({ revokedAt: now })
      .where(
        and(
          eq(integrationKeys.id, keyId),
          eq(integrationKeys.integrationId, integrationId),
          isNull(integrationKeys.revokedAt),
        ),
      )
      .returning();
    if (!row) fail('INTEGRATION_KEY_NOT_FOUND');
    await appendAudit(
      tx,
      actor,
      { action: 'integration.key_revoked', entityType: 'integration', entityId: integrationId, after: { keyId } },
      now,
    );
  });
}

/** Resolves `Authorization: Bearer sk_…` to its integration; revoked keys and disabled integrations fail. */
export async function authenticateApiKey(deps: Deps, header: string | undefined): Promise<IntegrationContext | null> {
  const match = /^Bearer\s+(sk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{20,100})$/.exec(header ?? '');
  if (!match) return null;
  const [row] = await deps.db
    .select({
      keyId: integrationKeys.id,
      scopes: integrationKeys.scopes,
      lastUsedAt: integrationKeys.lastUsedAt,
      integrationId: integrations.id,
      source: integrations.source,
      orgId: integrations.orgId,
      orgTimeZone: orgs.timeZone,
    })
    .from(integrationKeys)
    .innerJoin(integrations, eq(integrations.id, integrationKeys.integrationId))
    .innerJoin(orgs, eq(orgs.id, integrations.orgId))
    .where(
      and(
        eq(integrationKeys.keyHash, sha256Hex(match[1])),
        isNull(integrationKeys.revokedAt),
        eq(integrations.isActive, true),
      ),
    );
  if (!row) return null;
  const now = deps.clock();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await deps.db.update(integrationKeys).set({ lastUsedAt: now }).where(eq(integrationKeys.id, row.keyId));
  }
  return {
    orgId: row.orgId,
    orgTimeZone: row.orgTimeZone,
    integrationId: row.integrationId,
    source: row.source,
    keyId: row.keyId,
    scopes: row.scopes,
  };
}

export async function webhookSecretOf(deps: Deps, integrationId: string) {
  const [row] = await deps.db
    .select({
      enc: integrations.webhookSecretEnc,
      orgId: integrations.orgId,
      source: integrations.source,
      mapping: integrations.mapping,
      isActive: integrations.isActive,
      timeZone: orgs.timeZone,
    })
    .from(integrations)
    .innerJoin(orgs, eq(orgs.id, integrations.orgId))
    .where(eq(integrations.id, integrationId));
  if (!row?.isActive) return null;
  return {
    secret: deps.cipher.decrypt(row.enc),
    orgId: row.orgId,
    source: row.source,
    mapping: row.mapping as IntegrationMapping,
    timeZone: row.timeZone,
  };
}
