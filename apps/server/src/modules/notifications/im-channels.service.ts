import type {
  CreateImChannelRequest,
  ImChannel,
  ImChannelList,
  ImProvider,
  ImTestResult,
  Locale,
  UpdateImChannelRequest,
} from '@stride/contracts';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { imChannels, notificationDeliveries, orgUnits } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { type FieldError, fail } from '../../lib/errors';
import { type AuditActor, appendAudit } from '../audit/audit.service';
import { knownKinds, renderTestMessage, TEST_KIND } from './im-message';
import { checkWebhook, maskWebhook, postToBot } from './im-providers';

type ChannelRow = typeof imChannels.$inferSelect;

/** How long a bot may take to answer before the post counts as failed (and is retried). */
export const IM_TIMEOUT_MS = 10_000;

interface ListedRow {
  id: string;
  provider: ImProvider;
  name: string;
  webhook_mask: string;
  has_secret: boolean;
  unit_id: string | null;
  unit_name: string | null;
  kinds: string[];
  all_kinds: boolean;
  locale: Locale;
  is_active: boolean;
  version: number;
  created_at: string;
  updated_at: string;
  last_status: 'pending' | 'sent' | 'failed' | null;
  last_at: string | null;
  last_error: string | null;
}

const iso = (v: string | Date) => new Date(v).toISOString();

function present(r: ListedRow): ImChannel {
  return {
    id: r.id,
    provider: r.provider,
    name: r.name,
    webhookMask: r.webhook_mask,
    hasSecret: r.has_secret,
    unit: r.unit_id ? { id: r.unit_id, name: r.unit_name ?? '' } : null,
    kinds: r.kinds,
    allKinds: r.all_kinds,
    locale: r.locale,
    isActive: r.is_active,
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    lastDelivery:
      r.last_status && r.last_at ? { status: r.last_status, at: iso(r.last_at), error: r.last_error } : null,
  };
}

/** The organization's bots (deleted ones excluded) with the outcome of each one's latest delivery. */
async function listed(db: DbOrTx, orgId: string, id?: string): Promise<ListedRow[]> {
  return queryRows<ListedRow>(
    db,
    sql`select c.id::text as id, c.provider, c.name, c.webhook_mask, c.secret_enc is not null as has_secret,
          c.unit_id::text as unit_id, u.name as unit_name, c.kinds, c.all_kinds, c.locale, c.is_active, c.version,
          c.created_at, c.updated_at, last.status as last_status, last.at as last_at, last.last_error
        from im_channels c
        left join org_units u on u.id = c.unit_id
        left join lateral (
          select d.status, coalesce(d.sent_at, d.created_at) as at, d.last_error from notification_deliveries d
          where d.im_channel_id = c.id order by d.created_at desc, d.id desc limit 1
        ) last on true
        where c.org_id = ${orgId} and c.deleted_at is null ${id ? sql`and c.id = ${id}` : sql``}
        order by c.created_at, c.id`,
  );
}

export async function listImChannels(db: DbOrTx, orgId: string): Promise<ImChannelList> {
  const rows = await listed(db, orgId);
  return { items: rows.map(present), knownKinds: knownKinds(rows.flatMap((r) => r.kinds)) };
}

export async function getImChannelView(db: DbOrTx, orgId: string, id: string): Promise<ImChannel> {
  const [row] = await listed(db, orgId, id);
  return row ? present(row) : fail('IM_CHANNEL_NOT_FOUND');
}

/** A live bot of the organization; another organization's, a deleted or a missing one all answer the same. */
async function getChannel(db: DbOrTx, orgId: string, id: string, lock = false): Promise<ChannelRow> {
  const query = db
    .select()
    .from(imChannels)
    .where(and(eq(imChannels.id, id), eq(imChannels.orgId, orgId), isNull(imChannels.deletedAt)));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? fail('IM_CHANNEL_NOT_FOUND');
}

/** Checks the address, the secret and the unit; every problem at once, as field errors. */
async function checkSettings(
  deps: Pick<Deps, 'config'>,
  db: DbOrTx,
  orgId: string,
  provider: ImProvider,
  input: { webhookUrl?: string; secret?: string | null; unitId?: string | null },
): Promise<{ webhook?: string }> {
  const errors: FieldError[] = [];
  let webhook: string | undefined;
  if (input.webhookUrl !== undefined) {
    const checked = checkWebhook(provider, input.webhookUrl, deps.config.imWebhookAllowHosts);
    if ('error' in checked) errors.push({ field: 'webhookUrl', code: checked.error });
    else webhook = checked.url;
  }
  if (provider === 'wecom' && input.secret) errors.push({ field: 'secret', code: 'IM_SECRET_UNSUPPORTED' });
  if (input.unitId) {
    const [unit] = await db
      .select({ id: orgUnits.id })
      .from(orgUnits)
      .where(and(eq(orgUnits.id, input.unitId), eq(orgUnits.orgId, orgId)));
    if (!unit) errors.push({ field: 'unitId', code: 'REFERENCE_OUTSIDE_ORG' });
  }
  if (errors.length) fail('IM_CHANNEL_INVALID', errors);
  return { webhook };
}

const uniqueKinds = (kinds: string[]) => [...new Set(kinds)].sort();

/** What the audit trail keeps of a bot: never the address or the secret, only that they changed. */
const audited = (
  c: Pick<ChannelRow, 'name' | 'provider' | 'webhookMask' | 'unitId' | 'kinds' | 'allKinds' | 'locale' | 'isActive'> & {
    secretEnc: string | null;
  },
) => ({
  name: c.name,
  provider: c.provider,
  webhook: c.webhookMask,
  hasSecret: c.secretEnc !== null,
  unitId: c.unitId,
  kinds: c.kinds,
  allKinds: c.allKinds,
  locale: c.locale,
  isActive: c.isActive,
});

export async function createImChannel(
  deps: Deps,
  actor: AuditActor,
  input: ReturnType<typeof normalizeCreate>,
): Promise<string> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const { webhook } = await checkSettings(deps, tx, actor.orgId, input.provider, input);
    const secret = input.secret || null;
    const [row] = await tx
      .insert(imChannels)
      .values({
        orgId: actor.orgId,
        provider: input.provider,
        name: input.name,
        webhookEnc: deps.cipher.encrypt(webhook!),
        webhookMask: maskWebhook(webhook!),
        secretEnc: secret ? deps.cipher.encrypt(secret) : null,
        unitId: input.unitId,
        kinds: uniqueKinds(input.kinds),
        allKinds: input.allKinds,
        locale: input.locale,
        isActive: input.isActive,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await appendAudit(
      tx,
      actor,
      { action: 'im_channel.created', entityType: 'im_channel', entityId: row.id, after: audited(row) },
      now,
    );
    return row.id;
  });
}

/** The create body as parsed by its schema (defaults applied). */
export function normalizeCreate(body: CreateImChannelRequest) {
  return {
    provider: body.provider,
    name: body.name,
    webhookUrl: body.webhookUrl,
    secret: body.secret ?? null,
    unitId: body.unitId ?? null,
    kinds: body.kinds ?? [],
    allKinds: body.allKinds ?? false,
    locale: body.locale ?? ('zh-CN' as const),
    isActive: body.isActive ?? true,
  };
}

export async function updateImChannel(
  deps: Deps,
  actor: AuditActor,
  id: string,
  input: UpdateImChannelRequest,
): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const before = await getChannel(tx, actor.orgId, id, true);
    if (before.version !== input.expectedVersion) fail('IM_CHANNEL_VERSION_CONFLICT');
    const provider = before.provider as ImProvider;
    const { webhook } = await checkSettings(deps, tx, actor.orgId, provider, input);
    const kinds = input.kinds === undefined ? before.kinds : uniqueKinds(input.kinds);
    const allKinds = input.allKinds ?? before.allKinds;
    if (!allKinds && kinds.length === 0) fail('IM_CHANNEL_INVALID', [{ field: 'kinds', code: 'IM_KINDS_REQUIRED' }]);
    const set: Partial<typeof imChannels.$inferInsert> = {
      kinds,
      allKinds,
      version: before.version + 1,
      updatedAt: now,
    };
    if (input.name !== undefined) set.name = input.name;
    if (input.locale !== undefined) set.locale = input.locale;
    if (input.isActive !== undefined) set.isActive = input.isActive;
    if (input.unitId !== undefined) set.unitId = input.unitId;
    if (webhook) {
      set.webhookEnc = deps.cipher.encrypt(webhook);
      set.webhookMask = maskWebhook(webhook);
    }
    if (input.secret !== undefined) set.secretEnc = input.secret ? deps.cipher.encrypt(input.secret) : null;
    const [after] = await tx.update(imChannels).set(set).where(eq(imChannels.id, id)).returning();
    await appendAudit(
      tx,
      actor,
      {
        action: 'im_channel.updated',
        entityType: 'im_channel',
        entityId: id,
        before: audited(before),
        after: {
          ...audited(after),
          webhookChanged: webhook !== undefined,
          secretChanged: input.secret !== undefined,
        },
      },
      now,
    );
  });
}

/**
 * Deletes a bot: it stops getting messages, and what was still waiting for it ends failed with the reason (never
 * dropped silently). The row stays, so the delivery log keeps its name.
 */
export async function deleteImChannel(deps: Deps, actor: AuditActor, id: string): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const before = await getChannel(tx, actor.orgId, id, true);
    await tx
      .update(imChannels)
      .set({ deletedAt: now, isActive: false, updatedAt: now, version: before.version + 1 })
      .where(eq(imChannels.id, id));
    await tx
      .update(notificationDeliveries)
      .set({ status: 'failed', lastError: 'the group bot was deleted before this was sent' })
      .where(and(eq(notificationDeliveries.imChannelId, id), eq(notificationDeliveries.status, 'pending')));
    await appendAudit(
      tx,
      actor,
      { action: 'im_channel.deleted', entityType: 'im_channel', entityId: id, before: audited(before) },
      now,
    );
  });
}

/**
 * Posts a test message to the bot now and says how it went. The post is recorded in the delivery log like any
 * other (sent, or failed with the provider's error; a test is not retried) and in the audit trail.
 */
export async function testImChannel(
  deps: Deps,
  actor: AuditActor,
  id: string,
  opts: { timeoutMs?: number } = {},
): Promise<ImTestResult> {
  const channel = await getChannel(deps.db, actor.orgId, id);
  const locale = channel.locale as Locale;
  const error = await postToBot(
    {
      provider: channel.provider as ImProvider,
      webhook: deps.cipher.decrypt(channel.webhookEnc),
      secret: channel.secretEnc ? deps.cipher.decrypt(channel.secretEnc) : null,
    },
    renderTestMessage(channel.name, locale, deps.config.publicUrl),
    { timeoutMs: opts.timeoutMs ?? IM_TIMEOUT_MS },
  );
  const now = deps.clock();
  const deliveryId = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(notificationDeliveries)
      .values({
        orgId: actor.orgId,
        channel: 'im',
        address: channel.webhookMask,
        imChannelId: channel.id,
        payload: { kind: TEST_KIND, params: { name: channel.name }, link: null },
        status: error ? 'failed' : 'sent',
        attempts: 1,
        lastError: error,
        nextAttemptAt: now,
        sentAt: error ? null : now,
        createdAt: now,
      })
      .returning({ id: notificationDeliveries.id });
    await appendAudit(
      tx,
      actor,
      { action: 'im_channel.tested', entityType: 'im_channel', entityId: id, after: { ok: !error, error } },
      now,
    );
    return row.id;
  });
  return { ok: !error, error, deliveryId };
}
