import type { FastifyReply } from 'fastify';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * Sends a generated file as a download: `fallback` is the plain ASCII name for old clients, `filename` the
 * real (often Chinese) one in RFC 5987 form. Never cached: these files hold personal data.
 */
export function sendAttachment(
  reply: FastifyReply,
  file: { type: string; fallback: string; filename: string; buffer: Buffer },
) {
  return reply
    .header('content-type', file.type)
    .header(
      'content-disposition',
      `attachment; filename="${file.fallback}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    )
    .header('cache-control', 'no-store')
    .send(file.buffer);
}
