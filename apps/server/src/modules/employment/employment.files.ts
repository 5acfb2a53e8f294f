import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { employmentActionFiles } from '../../db/schema';
import { DOCX_TYPE } from '../../lib/attachment';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { appendAudit } from '../audit/audit.service';
import { type ActionCtx, getVisibleAction, managesAction } from './employment.read';

export const FILE_PURPOSES = [
  'union_notice',
  'union_reply',
  'signed_agreement',
  'misconduct_evidence',
  'other',
] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Accepted types with the bytes each must start with (octet-stream: anything). */
export const FILE_TYPES: Record<string, number[] | null> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46],
  'image/png': [0x89, 0x50, 0x4e, 0x47],
  'image/jpeg': [0xff, 0xd8, 0xff],
  [DOCX_TYPE]: [0x50, 0x4b, 0x03, 0x04],
  'application/octet-stream': null,
};

/** The file name from the X-File-Name header (URL-encoded), or null when missing or not usable. */
export function fileNameOf(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string' || !header) return null;
  let name: string;
  try {
    name = decodeURIComponent(header);
  } catch {
    return null;
  }
  // Only the base name; no path, no control characters.
  name = name
    .split(/[\\/]/)
    .pop()!
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  return name && name.length <= 200 ? name : null;
}

/**
 * Keeps a file in the action's evidence file (the union's notice and reply, a signed agreement, a warning letter):
 * by whoever may write the action, while it is not cancelled or rejected. Stored with its SHA-256; audited.
 */
export async function uploadFile(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: ActionCtx,
  id: string,
  file: { purpose: FilePurpose; fileName: string | null; contentType: string; bytes: Buffer },
): Promise<string> {
  return deps.db.transaction(async (tx) => {
    const { action, unitId } = await getVisibleAction(tx, ctx, id, true);
    if (!managesAction(ctx, action, unitId)) fail('FORBIDDEN');
    if (action.status === 'cancelled' || action.status === 'rejected') fail('EMPLOYMENT_ACTION_STATE_CONFLICT');
    if (!file.fileName) fail('EMPLOYMENT_ACTION_INVALID', [{ field: 'X-File-Name', code: 'FILE_NAME_REQUIRED' }]);
    if (file.bytes.length === 0) fail('EMPLOYMENT_ACTION_INVALID', [{ field: 'body', code: 'FILE_EMPTY' }]);
    const magic = FILE_TYPES[file.contentType];
    if (magic === undefined) fail('UNSUPPORTED_MEDIA_TYPE');
    if (magic && !magic.every((b, i) => file.bytes[i] === b))
      fail('EMPLOYMENT_ACTION_INVALID', [{ field: 'body', code: 'FILE_CONTENT_MISMATCH' }]);
    const now = deps.clock();
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const [row] = await tx
      .insert(employmentActionFiles)
      .values({
        orgId: action.orgId,
        actionId: action.id,
        purpose: file.purpose,
        fileName: file.fileName!,
        contentType: file.contentType,
        size: file.bytes.length,
        sha256,
        content: file.bytes,
        uploadedBy: ctx.auth.userId,
        uploadedAt: now,
      })
      .returning({ id: employmentActionFiles.id });
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'employment_action.file_uploaded',
        entityType: 'employment_action',
        entityId: action.id,
        after: {
          fileId: row.id,
          purpose: file.purpose,
          fileName: file.fileName,
          contentType: file.contentType,
          size: file.bytes.length,
          sha256,
        },
      },
      now,
    );
    return row.id;
  });
}

/** A file of an action the caller may see (never to the person the action is about); the download is audited. */
export async function downloadFile(deps: Pick<Deps, 'db' | 'clock'>, ctx: ActionCtx, id: string, fileId: string) {
  return deps.db.transaction(async (tx) => {
    const { action } = await getVisibleAction(tx, ctx, id);
    if (ctx.auth.employeeId && ctx.auth.employeeId === action.employeeId) fail('EMPLOYMENT_FILE_NOT_FOUND');
    const [file] = await tx
      .select()
      .from(employmentActionFiles)
      .where(and(eq(employmentActionFiles.id, fileId), eq(employmentActionFiles.actionId, action.id)));
    if (!file) return fail('EMPLOYMENT_FILE_NOT_FOUND');
    const now = deps.clock();
    await appendAudit(
      tx,
      ctx.actor,
      {
        action: 'employment_action.file_downloaded',
        entityType: 'employment_action',
        entityId: action.id,
        after: { fileId: file.id, fileName: file.fileName, sha256: file.sha256 },
      },
      now,
    );
    return file;
  });
}
