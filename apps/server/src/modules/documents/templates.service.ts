import { createHash } from 'node:crypto';
import { type DocumentKind, type DocumentTemplate, documentKinds, type Locale } from '@stride/contracts';
import { and, eq } from 'drizzle-orm';
import { type DbOrTx, lockForOrg } from '../../db/client';
import { documentTemplates, users } from '../../db/schema';
import { todayIn } from '../../lib/dates';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import type { AuditActor } from '../audit/audit.service';
import { appendAudit } from '../audit/audit.service';
import { documentTitles, placeholderCatalog } from './data';
import { defaultFileName, defaultTemplate } from './defaults';
import { currentTemplate, fillTemplate, validateTemplate } from './render';
import { sampleData } from './samples';

type Ctx = { orgId: string; orgName: string; orgTimeZone: string; locale: Locale };

const placeholdersOf = (kind: DocumentKind, locale: Locale) =>
  placeholderCatalog[kind].map((p) => ({
    key: p.key,
    description: locale === 'zh-CN' ? p.zh : p.en,
    // Sections: loops and conditions alike are written {#key}…{/key}.
    loop: p.loop === true || p.condition === true,
  }));

/** The five kinds with the template each uses now (the organization's own or the built-in one). */
export async function listTemplates(deps: Pick<Deps, 'db'>, ctx: Ctx): Promise<DocumentTemplate[]> {
  const rows = await deps.db
    .select({
      kind: documentTemplates.kind,
      fileName: documentTemplates.fileName,
      version: documentTemplates.version,
      updatedAt: documentTemplates.updatedAt,
      updatedBy: users.username,
    })
    .from(documentTemplates)
    .leftJoin(users, eq(users.id, documentTemplates.updatedBy))
    .where(eq(documentTemplates.orgId, ctx.orgId));
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  return documentKinds.map((kind) => {
    const row = byKind.get(kind);
    return {
      kind,
      custom: Boolean(row),
      fileName: row?.fileName ?? defaultFileName(kind),
      version: row?.version ?? 0,
      updatedAt: row?.updatedAt.toISOString() ?? null,
      updatedBy: row?.updatedBy ?? null,
      placeholders: placeholdersOf(kind, ctx.locale),
    };
  });
}

/** The template file a kind uses now, to edit in Word or WPS. */
export async function templateFile(deps: Pick<Deps, 'db'>, ctx: Ctx, kind: DocumentKind) {
  const t = await currentTemplate(deps.db, ctx.orgId, kind);
  return { buffer: t.content, filename: t.custom ? t.fileName : defaultFileName(kind) };
}

/** The current template filled with a made-up person's data, so HR sees how it prints. */
export async function previewTemplate(deps: Pick<Deps, 'db' | 'clock'>, ctx: Ctx, kind: DocumentKind) {
  const t = await currentTemplate(deps.db, ctx.orgId, kind);
  const data = sampleData(ctx.orgName, todayIn(ctx.orgTimeZone, deps.clock()))[kind];
  return { buffer: fillTemplate(t.content, data, ctx.locale), filename: `${documentTitles[kind]}-预览.docx` };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A .docx name as uploaded (path parts dropped); the kind's title when none or unusable. */
function cleanFileName(kind: DocumentKind, raw: string | undefined): string {
  let name = '';
  if (raw) {
    try {
      name = decodeURIComponent(raw);
    } catch {
      name = raw;
    }
  }
  name = name
    .split(/[\\/]/)
    .pop()!
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 200);
  if (!name) return defaultFileName(kind);
  return /\.docx$/i.test(name) ? name : `${name}.docx`;
}

async function lockedRow(tx: DbOrTx, orgId: string, kind: string) {
  await lockForOrg(tx, `document_template:${kind}`, orgId);
  const [row] = await tx
    .select({
      version: documentTemplates.version,
      sha256: documentTemplates.sha256,
      fileName: documentTemplates.fileName,
    })
    .from(documentTemplates)
    .where(and(eq(documentTemplates.orgId, orgId), eq(documentTemplates.kind, kind)));
  return row;
}

/**
 * Stores an organization's own template for a kind after checking it (a DOCX whose tags parse and are all
 * offered by the kind); any failure stores nothing. `expectedVersion`, when given, must be the version read
 * (0 for the built-in template): another upload in between answers 409.
 */
export async function uploadTemplate(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: Ctx,
  actor: AuditActor & { userId?: string | null },
  kind: DocumentKind,
  input: { content: Buffer; fileName?: string; expectedVersion?: number },
): Promise<DocumentTemplate> {
  validateTemplate(kind, input.content, ctx.locale);
  const fileName = cleanFileName(kind, input.fileName);
  const digest = sha256(input.content);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await lockedRow(tx, ctx.orgId, kind);
    const current = row?.version ?? 0;
    if (input.expectedVersion !== undefined && input.expectedVersion !== current)
      fail('DOCUMENT_TEMPLATE_VERSION_CONFLICT');
    const values = {
      fileName,
      content: input.content,
      sha256: digest,
      version: current + 1,
      updatedBy: actor.userId ?? null,
      updatedAt: now,
    };
    if (row)
      await tx
        .update(documentTemplates)
        .set(values)
        .where(and(eq(documentTemplates.orgId, ctx.orgId), eq(documentTemplates.kind, kind)));
    else await tx.insert(documentTemplates).values({ orgId: ctx.orgId, kind, ...values });
    await appendAudit(
      tx,
      actor,
      {
        action: 'document_template.uploaded',
        entityType: 'document_template',
        entityId: kind,
        before: row ? { fileName: row.fileName, sha256: row.sha256, version: row.version } : { builtIn: true },
        after: { fileName, sha256: digest, version: current + 1, size: input.content.length },
      },
      now,
    );
  });
  const list = await listTemplates(deps, ctx);
  return list.find((t) => t.kind === kind)!;
}

/** Goes back to Stride's built-in template (the organization's upload is removed; audited). */
export async function restoreDefault(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: Ctx,
  actor: AuditActor,
  kind: DocumentKind,
  expectedVersion?: number,
): Promise<DocumentTemplate> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await lockedRow(tx, ctx.orgId, kind);
    if (expectedVersion !== undefined && expectedVersion !== (row?.version ?? 0))
      fail('DOCUMENT_TEMPLATE_VERSION_CONFLICT');
    if (!row) return;
    await tx
      .delete(documentTemplates)
      .where(and(eq(documentTemplates.orgId, ctx.orgId), eq(documentTemplates.kind, kind)));
    await appendAudit(
      tx,
      actor,
      {
        action: 'document_template.restored_default',
        entityType: 'document_template',
        entityId: kind,
        before: { fileName: row.fileName, sha256: row.sha256, version: row.version },
        after: { builtIn: true },
      },
      now,
    );
  });
  // Built lazily: make sure the built-in one is ready before answering.
  await defaultTemplate(kind);
  const list = await listTemplates(deps, ctx);
  return list.find((t) => t.kind === kind)!;
}
