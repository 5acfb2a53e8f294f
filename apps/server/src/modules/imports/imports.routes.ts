import {
  importCommitRequest,
  importList,
  importMappingRequest,
  importRowsPage,
  importRowsQuery,
  importUploaded,
  importUploadQuery,
  importValidation,
  importView,
  uuid,
} from '@stride/contracts';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendAttachment, XLSX_TYPE } from '../../lib/attachment';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { actorOf, authOf } from '../../lib/http';
import { startCommit } from './commit.service';
import { createImport, findRows, getImportView, listImports, setMapping } from './imports.service';
import { rejectedWorkbook } from './rejected-xlsx';

const MAX_FILE_BYTES = 50 * 1024 * 1024;
const access = ['admin', 'hr'] as const;
const params = z.object({ id: uuid });

export const importsRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  // Commits run in the background; closing the server waits for them.
  const jobs = new Set<Promise<void>>();
  const track = (job: Promise<void>) => {
    jobs.add(job);
    void job.finally(() => jobs.delete(job));
  };
  app.addHook('onClose', async () => {
    await Promise.allSettled([...jobs]);
  });

  await app.register(async (plain) => {
    const upload = plain.withTypeProvider<ZodTypeProvider>();
    // The file itself is the body: only spreadsheet types, read as bytes. Windows browsers label CSV
    // files application/vnd.ms-excel, and some tools send text/plain; the bytes decide the format anyway.
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser(
      ['text/csv', XLSX_TYPE, 'application/octet-stream', 'application/vnd.ms-excel', 'text/plain'],
      { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES },
      (_req, body, done) => done(null, body),
    );
    upload.post(
      '/imports',
      {
        config: { access },
        bodyLimit: MAX_FILE_BYTES,
        schema: {
          tags: ['imports'],
          summary:
            'Upload a CSV or XLSX file (the raw bytes as the body, ≤50 MB, ≤200,000 rows); answers the suggested mapping',
          description:
            'Content-Type text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet or ' +
            'application/octet-stream. XLSX is recognized by its content (first worksheet); CSV may be UTF-8 or GB18030/GBK.',
          querystring: importUploadQuery,
          response: { 201: importUploaded },
        },
      },
      async (req, reply) => {
        if (!Buffer.isBuffer(req.body)) fail('UNSUPPORTED_MEDIA_TYPE');
        const charset = /charset=([\w-]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
        const created = await createImport(deps, actorOf(req), {
          kind: req.query.kind,
          filename: req.query.filename,
          bytes: req.body as Buffer,
          charset,
        });
        return reply.code(201).send(created);
      },
    );
  });

  app.get(
    '/imports',
    {
      config: { access },
      schema: { tags: ['imports'], summary: 'Recent imports of the organization', response: { 200: importList } },
    },
    async (req) => listImports(deps, authOf(req).orgId),
  );

  app.get(
    '/imports/:id',
    {
      config: { access },
      schema: {
        tags: ['imports'],
        summary: 'An import: status, counts, commit progress and result',
        params,
        response: { 200: importView },
      },
    },
    async (req) => getImportView(deps, authOf(req).orgId, req.locale, req.params.id),
  );

  app.put(
    '/imports/:id/mapping',
    {
      config: { access },
      schema: {
        tags: ['imports'],
        summary: 'Map fields to columns and check every row; answers counts and the first 50 rows',
        params,
        body: importMappingRequest,
        response: { 200: importValidation },
      },
    },
    async (req) => {
      const auth = authOf(req);
      return setMapping(
        deps,
        actorOf(req),
        { orgTimeZone: auth.orgTimeZone, locale: req.locale, selfEmployeeId: auth.employeeId },
        req.params.id,
        req.body,
      );
    },
  );

  app.get(
    '/imports/:id/rows',
    {
      config: { access },
      schema: {
        tags: ['imports'],
        summary: 'Checked rows with their canonical values and errors, page by page',
        params,
        querystring: importRowsQuery,
        response: { 200: importRowsPage },
      },
    },
    async (req) => findRows(deps, authOf(req).orgId, req.locale, req.params.id, req.query),
  );

  app.post(
    '/imports/:id/commit',
    {
      config: { access },
      schema: {
        tags: ['imports'],
        summary: 'Write the rows in the background (202); poll GET /imports/{id} for progress',
        params,
        body: importCommitRequest,
        response: { 202: importView },
      },
    },
    async (req, reply) => {
      const auth = authOf(req);
      const ctx = { auth, actor: actorOf(req), locale: req.locale, orgTimeZone: auth.orgTimeZone };
      const launch = await startCommit(deps, ctx, req.params.id, req.body.mode, track);
      try {
        return reply.code(202).send(await getImportView(deps, auth.orgId, req.locale, req.params.id));
      } finally {
        launch();
      }
    },
  );

  app.get(
    '/imports/:id/rejected.xlsx',
    {
      config: { access },
      schema: {
        tags: ['imports'],
        summary: 'The rows not imported, with all their columns and the reasons (XLSX)',
        params,
      },
    },
    async (req, reply) => {
      const file = await rejectedWorkbook(deps, actorOf(req), req.locale, req.params.id);
      return sendAttachment(reply, { type: XLSX_TYPE, fallback: 'rejected.xlsx', ...file });
    },
  );
};
