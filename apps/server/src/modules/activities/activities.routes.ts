import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  activityBatchRequest,
  activityListQuery,
  activityPage,
  type IngestResult,
  ingestResult,
  type Locale,
  resolveUnmatchedRequest,
  resolveUnmatchedResponse,
  unmatchedList,
  uuid,
} from '@stride/contracts';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { actorOf, authOf } from '../../lib/http';
import { resolveScope } from '../access/scope';
import { settleMetrics } from '../alerts/scheduler';
import { webhookSecretOf } from '../integrations/integrations.service';
import { findActivityPage } from './activities.repo';
import {
  type ChunkOutcome,
  emptyResult,
  type IngestSource,
  mergeResults,
  openIngestSession,
  prepareChunkInTurns,
  type RawItem,
  storeChunk,
} from './ingest.service';
import { readNdjsonChunks } from './ndjson';
import { findUnmatched, resolveUnmatched } from './unmatched.service';
import { mapPayload } from './webhook-mapping';

const CHUNK = 2000;
const REPLAY_WINDOW_SECONDS = 300;

const lineErrorText: Record<'INVALID_JSON' | 'LINE_TOO_LONG', Record<Locale, string>> = {
  INVALID_JSON: { 'zh-CN': '这一行不是有效的 JSON', 'en-US': 'This line is not valid JSON' },
  LINE_TOO_LONG: { 'zh-CN': '这一行超过 256 KB', 'en-US': 'This line is longer than 256 KB' },
};

/**
 * Up to this many accepted or changed facts, metric values follow before the answer (every JSON batch, a
 * webhook, a short stream). A larger stream is answered as soon as all its facts are committed, and its
 * values follow in the background right after (settleMetrics), as they do every 30 s while it lasts.
 * A sender that does not need the values in step with the answer (a bulk sync, a busy connector) says
 * `Prefer: respond-async` (RFC 7240) and is answered once its facts are committed, whatever the size.
 */
const SETTLE_BEFORE_ANSWER_UP_TO = 10_000;
const SETTLE_DURING_STREAM_MS = 30_000;

/**
 * Ingests chunks in order, each committed in its own transaction before the next is written; the next
 * chunk is read and validated while the previous one is being written.
 */
async function ingestChunks(
  deps: Deps,
  src: IngestSource,
  chunks: AsyncIterable<{ raws: RawItem[]; rejected?: IngestResult['rejected'] }>,
  kind: 'index' | 'line',
  locale: Locale,
  respondAsync = false,
): Promise<IngestResult> {
  const total = emptyResult();
  const session = await openIngestSession(deps.db, src);
  let writing: Promise<ChunkOutcome> | null = null;
  let lastSettle = Date.now();
  try {
    for await (const { raws, rejected } of chunks) {
      const prepared = await prepareChunkInTurns(session, raws, kind, locale);
      if (rejected?.length) prepared.result.rejected.unshift(...rejected);
      if (writing) mergeResults(total, (await writing).result);
      writing = storeChunk(deps, session, prepared);
      // Awaited on the next turn or below; a failure in between must not count as unhandled.
      writing.catch(() => {});
      if (Date.now() - lastSettle > SETTLE_DURING_STREAM_MS) {
        lastSettle = Date.now();
        void settleMetrics(deps, src.orgId, { midStream: true });
      }
    }
  } catch (err) {
    // The chunk being written still ends (committed or rolled back) before the error is answered.
    await writing?.catch(() => {});
    throw err;
  }
  if (writing) mergeResults(total, (await writing).result);
  const changed = total.accepted + total.updated;
  if (changed > SETTLE_BEFORE_ANSWER_UP_TO) void settleMetrics(deps, src.orgId, { bulkLoad: true });
  else if (respondAsync) void settleMetrics(deps, src.orgId);
  else await settleMetrics(deps, src.orgId);
  return total;
}

/** Whether a Prefer header (RFC 7240: comma-separated preferences, each maybe with parameters) asks for respond-async. */
export function prefersRespondAsync(header: string | string[] | undefined): boolean {
  // Only the first 1,000 characters are read: a preference never makes a request fail.
  const values = (Array.isArray(header) ? header : header ? [header] : []).map((v) => v.slice(0, 1000));
  return values.some((v) => v.split(',').some((pref) => pref.split(';')[0].trim().toLowerCase() === 'respond-async'));
}

async function* inChunks(items: RawItem[]) {
  for (let i = 0; i < items.length; i += CHUNK) yield { raws: items.slice(i, i + CHUNK) };
}

async function* ndjsonChunks(body: Readable, locale: Locale) {
  for await (const lines of readNdjsonChunks(body, CHUNK)) {
    const raws: RawItem[] = [];
    const rejected: IngestResult['rejected'] = [];
    for (const l of lines) {
      if ('error' in l) rejected.push({ line: l.pos, code: l.error, message: lineErrorText[l.error][locale] });
      else raws.push(l);
    }
    yield { raws, rejected };
  }
}

export const activitiesRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  // NDJSON bodies reach the handler as a stream: any size, read chunk by chunk.
  app.addContentTypeParser('application/x-ndjson', (_req, payload, done) => done(null, payload));

  app.post(
    '/activities',
    {
      config: { access: { integrationScope: 'activities:write' } },
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags: ['activities'],
        summary: 'Send activities: a JSON batch {activities:[…]} (≤10,000) or an NDJSON stream (any size)',
        description:
          'Answered once every fact is committed. Metric values are updated before the answer for up to 10,000 ' +
          'accepted or changed facts; with `Prefer: respond-async` (or above 10,000) they follow right after ' +
          'the answer (GET /api/v1/metric-values/status says when) and the answer carries ' +
          '`Preference-Applied: respond-async`.',
        security: [{ apiKey: [] }],
        response: { 200: ingestResult },
      },
    },
    async (req, reply) => {
      const integ = req.integration!;
      const src: IngestSource = { orgId: integ.orgId, source: integ.source, timeZone: integ.orgTimeZone };
      // A preference is a hint (RFC 7240): one this server does not know, or a malformed header, is ignored.
      const respondAsync = prefersRespondAsync(req.headers.prefer);
      const answer = (result: IngestResult) => {
        if (respondAsync) reply.header('preference-applied', 'respond-async');
        return result;
      };
      if (req.headers['content-type']?.startsWith('application/x-ndjson')) {
        return answer(
          await ingestChunks(
            deps,
            src,
            ndjsonChunks(req.body as Readable, req.locale),
            'line',
            req.locale,
            respondAsync,
          ),
        );
      }
      const parsed = activityBatchRequest.safeParse(req.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        // More items than a JSON batch holds: say what the limit is and how to send more (nothing is stored).
        const tooMany = issue.code === 'too_big' && issue.path.length === 1 && issue.path[0] === 'activities';
        fail('VALIDATION_FAILED', [
          tooMany
            ? { field: 'activities', code: 'BATCH_TOO_LARGE' }
            : { field: issue.path.join('.') || 'activities', code: issue.code, message: issue.message },
        ]);
      }
      const items = parsed.data!.activities.map((raw, pos) => ({ pos, raw }));
      return answer(await ingestChunks(deps, src, inChunks(items), 'index', req.locale, respondAsync));
    },
  );

  await app.register(async (plain) => {
    const hook = plain.withTypeProvider<ZodTypeProvider>();
    // The signature covers the exact bytes received, so this route keeps the raw body.
    hook.removeContentTypeParser('application/json');
    hook.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: 16 * 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );
    hook.post(
      '/integrations/:id/webhook',
      {
        config: { access: 'public' },
        schema: {
          tags: ['activities'],
          summary:
            'Signed webhook: X-Stride-Timestamp + X-Stride-Signature: sha256=HMAC(secret, timestamp + "." + body)',
          params: z.object({ id: uuid }),
          response: { 200: ingestResult },
        },
      },
      async (req) => {
        const target = await webhookSecretOf(deps, req.params.id);
        const raw = req.body as Buffer | undefined;
        const ts = String(req.headers['x-stride-timestamp'] ?? '');
        const sig = String(req.headers['x-stride-signature'] ?? '');
        const now = Math.floor(deps.clock().getTime() / 1000);
        if (!target || !raw || !/^\d{1,12}$/.test(ts) || Math.abs(now - Number(ts)) > REPLAY_WINDOW_SECONDS) {
          fail('WEBHOOK_SIGNATURE_INVALID');
        }
        const expected = Buffer.from(
          `sha256=${createHmac('sha256', target!.secret).update(`${ts}.`).update(raw!).digest('hex')}`,
        );
        const given = Buffer.from(sig);
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) fail('WEBHOOK_SIGNATURE_INVALID');
        let payload: unknown;
        try {
          payload = JSON.parse(raw!.toString('utf8'));
        } catch {
          fail('MALFORMED_JSON');
        }
        const items = mapPayload(payload, target!.mapping).map((r, pos) => ({ pos, raw: r }));
        const src = { orgId: target!.orgId, source: target!.source, timeZone: target!.timeZone };
        return ingestChunks(deps, src, inChunks(items), 'index', req.locale);
      },
    );
  });

  app.get(
    '/activities/unmatched',
    {
      config: { access: ['admin', 'hr'] },
      schema: {
        tags: ['activities'],
        summary: 'People the sources name but Stride does not know yet',
        response: { 200: unmatchedList },
      },
    },
    async (req) => ({ items: await findUnmatched(deps.db, authOf(req).orgId) }),
  );

  app.post(
    '/activities/unmatched/resolve',
    {
      config: { access: ['admin', 'hr'] },
      schema: {
        tags: ['activities'],
        summary: 'Map how a source names someone to a person; their waiting activity flows into metrics',
        body: resolveUnmatchedRequest,
        response: { 200: resolveUnmatchedResponse },
      },
    },
    async (req) => ({ matched: await resolveUnmatched(deps, actorOf(req), req.body) }),
  );

  app.get(
    '/activities',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['activities'],
        summary:
          'Activities in the caller’s scope; with employeeId + metric + from/to, the facts behind a metric value',
        querystring: activityListQuery,
        response: { 200: activityPage },
      },
    },
    async (req) => findActivityPage(deps.db, await resolveScope(deps.db, authOf(req)), req.query),
  );
};
