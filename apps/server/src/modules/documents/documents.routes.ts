import { documentKind, documentTemplate, documentTemplateList } from '@stride/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DOCX_TYPE, sendAttachment } from '../../lib/attachment';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { actorOf, authOf } from '../../lib/http';
import { listTemplates, previewTemplate, restoreDefault, templateFile, uploadTemplate } from './templates.service';

const MAX_TEMPLATE_BYTES = 5 * 1024 * 1024;
const access = ['admin', 'hr'] as const;
const tags = ['documents'];
const kindParams = z.object({ kind: documentKind });
const versionQuery = z.object({
  /** The version read (0 for the built-in template); another change in between answers 409. */
  version: z.coerce.number().int().min(0).optional(),
});

const ctxOf = (req: FastifyRequest) => {
  const auth = authOf(req);
  return { orgId: auth.orgId, orgName: auth.orgName, orgTimeZone: auth.orgTimeZone, locale: req.locale };
};

/** Document templates (文书模板): each organization's own DOCX templates with placeholders. */
export const documentsRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/document-templates',
    {
      config: { access },
      schema: {
        tags,
        summary: 'The document kinds with the template each uses (own or built-in) and its placeholders',
        response: { 200: documentTemplateList },
      },
    },
    async (req) => ({ items: await listTemplates(deps, ctxOf(req)) }),
  );

  app.get(
    '/document-templates/:kind/file',
    {
      config: { access },
      schema: {
        tags,
        summary: 'The template DOCX a kind uses now (the organization’s own or the built-in one), to edit',
        params: kindParams,
      },
    },
    async (req, reply) => {
      const file = await templateFile(deps, ctxOf(req), req.params.kind);
      return sendAttachment(reply, { type: DOCX_TYPE, fallback: `${req.params.kind}-template.docx`, ...file });
    },
  );

  app.get(
    '/document-templates/:kind/preview',
    {
      config: { access },
      schema: {
        tags,
        summary: 'The current template filled with a made-up person’s data, as DOCX',
        params: kindParams,
      },
    },
    async (req, reply) => {
      const file = await previewTemplate(deps, ctxOf(req), req.params.kind);
      return sendAttachment(reply, { type: DOCX_TYPE, fallback: `${req.params.kind}-preview.docx`, ...file });
    },
  );

  app.delete(
    '/document-templates/:kind',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Go back to the built-in template (the organization’s upload is removed)',
        params: kindParams,
        querystring: versionQuery,
        response: { 200: documentTemplate },
      },
    },
    async (req) => restoreDefault(deps, ctxOf(req), actorOf(req), req.params.kind, req.query.version),
  );

  await app.register(async (plain) => {
    const upload = plain.withTypeProvider<ZodTypeProvider>();
    // The DOCX itself is the body, read as bytes; its content decides whether it is a DOCX.
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser(
      [DOCX_TYPE, 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: MAX_TEMPLATE_BYTES },
      (_req, body, done) => done(null, body),
    );
    upload.put(
      '/document-templates/:kind',
      {
        config: { access },
        bodyLimit: MAX_TEMPLATE_BYTES,
        schema: {
          tags,
          summary: 'Upload the organization’s own template for a kind (the raw DOCX as the body, ≤5 MB)',
          description:
            'Content-Type application/vnd.openxmlformats-officedocument.wordprocessingml.document or ' +
            'application/octet-stream; the file name URL-encoded in the X-File-Name header. The template is checked ' +
            'first (a DOCX, tags that parse, only the placeholders the kind offers); nothing is stored on any error.',
          params: kindParams,
          querystring: versionQuery,
          response: { 200: documentTemplate },
        },
      },
      async (req) => {
        if (!Buffer.isBuffer(req.body) || req.body.length === 0) fail('DOCUMENT_TEMPLATE_NOT_DOCX');
        const header = req.headers['x-file-name'];
        return uploadTemplate(deps, ctxOf(req), actorOf(req), req.params.kind, {
          content: req.body as Buffer,
          fileName: Array.isArray(header) ? header[0] : header,
          expectedVersion: req.query.version,
        });
      },
    );
  });
};
