import {
  approvalChainList,
  approvalDecisionRequest,
  cancelActionRequest,
  createEmploymentActionRequest,
  documentKind,
  employmentAction,
  employmentActionKind,
  employmentActionList,
  employmentActionQuery,
  updateApprovalChainRequest,
  updateEmploymentActionRequest,
  versionOnly,
} from '@stride/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DOCX_TYPE, sendAttachment } from '../../lib/attachment';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { authOf } from '../../lib/http';
import { callerOf } from '../access/caller';
import { listChains, saveChain } from './approvals';
import { actionDocument } from './employment.documents';
import { downloadFile, FILE_PURPOSES, FILE_TYPES, fileNameOf, MAX_FILE_BYTES, uploadFile } from './employment.files';
import { type ActionCtx, findActions, getAction } from './employment.read';
import { cancelAction, createAction, decideAction, submitAction, updateAction } from './employment.service';
import { terminationRoutes } from './termination.routes';

const idParams = z.object({ id: z.uuid() });
const everyone = ['admin', 'hr', 'manager', 'employee'] as const;
const writers = ['admin', 'hr', 'manager'] as const;
const hrOnly = ['admin', 'hr'] as const;
const tags = ['employment'];

/**
 * Employment actions (人事异动): coaching and training records, rotations, transfers, demotions, promotions and
 * terminations, with their approval chains, files and documents. Admin and HR for the whole organization, a
 * manager for the people of their units (terminations: HR and admin only); a person reads their own approved
 * or effective job changes and records.
 */
export const employmentRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  // The termination evidence chain: GET …/chain, PUT …/art42, PUT …/union-notice.
  await app.register(terminationRoutes, { deps });

  const ctxOf = (req: FastifyRequest): Promise<ActionCtx> => callerOf(deps, req);
  const action = <B extends z.ZodType>(
    path: string,
    access: readonly ('admin' | 'hr' | 'manager' | 'employee')[],
    summary: string,
    body: B,
    run: (ctx: ActionCtx, id: string, body: z.output<B>, req: FastifyRequest) => Promise<unknown>,
  ) =>
    app.post(
      `/employment-actions/:id/${path}`,
      { config: { access }, schema: { tags, summary, params: idParams, body, response: { 200: employmentAction } } },
      async (req) => {
        const ctx = await ctxOf(req);
        await run(ctx, req.params.id, req.body as z.output<B>, req);
        return getAction(deps.db, ctx, req.params.id, req.locale);
      },
    );

  app.get(
    '/employment-actions',
    {
      config: { access: everyone },
      schema: {
        tags,
        summary: 'Employment actions in the caller’s scope, newest first',
        querystring: employmentActionQuery,
        response: { 200: employmentActionList },
      },
    },
    async (req) => ({ items: await findActions(deps.db, await ctxOf(req), req.query, req.locale) }),
  );

  app.post(
    '/employment-actions',
    {
      config: { access: writers, idempotent: true },
      schema: {
        tags,
        summary:
          'Record coaching or training (effective at once), or draft a job change or a termination (admin, hr) for a person in scope',
        body: createEmploymentActionRequest,
        response: { 201: employmentAction },
      },
    },
    async (req, reply) => {
      const ctx = await ctxOf(req);
      const id = await createAction(deps, ctx, req.body);
      return reply.code(201).send(await getAction(deps.db, ctx, id, req.locale));
    },
  );

  app.get(
    '/employment-actions/:id',
    {
      config: { access: everyone },
      schema: { tags, summary: 'One employment action', params: idParams, response: { 200: employmentAction } },
    },
    async (req) => getAction(deps.db, await ctxOf(req), req.params.id, req.locale),
  );

  app.patch(
    '/employment-actions/:id',
    {
      config: { access: writers },
      schema: {
        tags,
        summary: 'Edit a draft (version required)',
        params: idParams,
        body: updateEmploymentActionRequest,
        response: { 200: employmentAction },
      },
    },
    async (req) => {
      const ctx = await ctxOf(req);
      await updateAction(deps, ctx, req.params.id, req.body);
      return getAction(deps.db, ctx, req.params.id, req.locale);
    },
  );

  action(
    'submit',
    writers,
    'Submit a draft for approval (a termination only with a complete evidence chain)',
    versionOnly,
    (ctx, id, b, req) => submitAction(deps, ctx, id, b.version, req.locale),
  );
  action(
    'decision',
    writers,
    'Approve or reject the current approval step (a comment is required to reject)',
    approvalDecisionRequest,
    (ctx, id, b, req) => decideAction(deps, ctx, id, b, req.locale),
  );
  action(
    'cancel',
    writers,
    'Cancel an action before it takes effect (HR, admin or its creator), with a reason',
    cancelActionRequest,
    (ctx, id, b) => cancelAction(deps, ctx, id, b),
  );

  await app.register(async (plain) => {
    const upload = plain.withTypeProvider<ZodTypeProvider>();
    // The file itself is the body, read as bytes: PDF, PNG, JPEG, DOCX or anything as octet-stream.
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser(
      Object.keys(FILE_TYPES),
      { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES },
      (_req, body, done) => done(null, body),
    );
    upload.post(
      '/employment-actions/:id/files',
      {
        config: { access: writers },
        bodyLimit: MAX_FILE_BYTES,
        schema: {
          tags,
          summary: 'Keep a file in the action’s evidence file (raw bytes as the body, ≤10 MB)',
          description:
            'Content-Type application/pdf, image/png, image/jpeg, DOCX or application/octet-stream; the file name ' +
            'URL-encoded in the X-File-Name header.',
          params: idParams,
          querystring: z.object({ purpose: z.enum(FILE_PURPOSES) }),
          response: { 201: employmentAction },
        },
      },
      async (req, reply) => {
        if (!Buffer.isBuffer(req.body)) fail('UNSUPPORTED_MEDIA_TYPE');
        const ctx = await ctxOf(req);
        const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        await uploadFile(deps, ctx, req.params.id, {
          purpose: req.query.purpose,
          fileName: fileNameOf(req.headers['x-file-name']),
          contentType,
          bytes: req.body as Buffer,
        });
        return reply.code(201).send(await getAction(deps.db, ctx, req.params.id, req.locale));
      },
    );
  });

  app.get(
    '/employment-actions/:id/files/:fileId',
    {
      config: { access: writers },
      schema: {
        tags,
        summary: 'Download a file of the action',
        params: z.object({ id: z.uuid(), fileId: z.uuid() }),
      },
    },
    async (req, reply) => {
      const file = await downloadFile(deps, await ctxOf(req), req.params.id, req.params.fileId);
      const ext = /\.[A-Za-z0-9]{1,8}$/.exec(file.fileName)?.[0] ?? '';
      return sendAttachment(reply, {
        type: file.contentType,
        fallback: `file${ext}`,
        filename: file.fileName,
        buffer: file.content,
      });
    },
  );

  app.get(
    '/employment-actions/:id/documents/:kind',
    {
      config: { access: everyone },
      schema: {
        tags,
        summary: 'A document of the action as DOCX (transfer notice, termination notice, agreement, certificate)',
        params: z.object({ id: z.uuid(), kind: documentKind }),
      },
    },
    async (req, reply) => {
      const file = await actionDocument(deps, await ctxOf(req), req.params.id, req.params.kind, req.locale);
      return sendAttachment(reply, { type: DOCX_TYPE, ...file });
    },
  );

  app.get(
    '/approval-chains',
    {
      config: { access: hrOnly },
      schema: { tags, summary: 'The approval chain of each kind of action', response: { 200: approvalChainList } },
    },
    async (req) => ({ items: await listChains(deps.db, authOf(req).orgId) }),
  );

  app.put(
    '/approval-chains/:kind',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Set the approval chain of a kind (admin); submitted actions keep theirs',
        params: z.object({ kind: employmentActionKind }),
        body: updateApprovalChainRequest,
        response: { 200: approvalChainList },
      },
    },
    async (req) => {
      await saveChain(deps, await ctxOf(req), req.params.kind, req.body);
      return { items: await listChains(deps.db, authOf(req).orgId) };
    },
  );
};
