import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { type Database, openPglite, openPostgres } from '../src/db/client';
import { createFieldCipher } from '../src/lib/crypto';
import type { Deps } from '../src/lib/deps';
import { TEST_ENCRYPTION_KEY } from './fixtures';

export const HOST = 'stride.test';
export const ORIGIN = `http://${HOST}`;

export interface TestContext {
  app: FastifyInstance;
  deps: Omit<Deps, 'logger'>;
  database: Database;
  template: ReturnType<typeof inject<'template'>>;
  /** Moves the server clock (session expiry, lockouts). */
  clock: { now: Date };
  login(username: string, password?: string): Promise<string>;
  request(opts: RequestOptions): Promise<LightMyRequestResponse>;
  /** Registers a source system through the API (as the given admin) and returns an API key for it. */
  integrationKey(adminCookie: string, source: string): Promise<string>;
  close(): Promise<void>;
}

export interface RequestOptions {
  method?: InjectOptions['method'];
  url: string;
  cookie?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Origin header for writes; defaults to the app's own origin. `null` sends none. */
  origin?: string | null;
}

async function openCopy(
  template: ReturnType<typeof inject<'template'>>,
): Promise<{ database: Database; dropDb?: () => Promise<void> }> {
  if (template.kind === 'pglite') {
    const client = await PGlite.create({ loadDataDir: new Blob([readFileSync(template.location)]) });
    return { database: await openPglite({ instance: client }) };
  }
  // Named after this run's template, so only this run's teardown may drop it.
  const name = `${template.location}_f_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: template.serverUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${template.location}`);
  await admin.end();
  const url = new URL(template.serverUrl!);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString());
  return {
    database,
    dropDb: async () => {
      const c = new pg.Client({ connectionString: template.serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A real app on a private copy of the seeded template database (PGlite, or PostgreSQL with TEST_DATABASE_URL). */
export async function createTestContext(
  env: Record<string, string> = {},
  opts: { serveWeb?: boolean } = {},
): Promise<TestContext> {
  const template = inject('template');
  const { database, dropDb } = await openCopy(template);
  const clock = { now: new Date() };
  const config = loadConfig({
    DATA_DIR: '/tmp/stride-test',
    LOG_LEVEL: 'silent',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    METRICS_LONG_PERIODS_SPACING_MS: '0',
    ...env,
  });
  const deps = {
    config,
    database,
    db: database.db,
    cipher: createFieldCipher(TEST_ENCRYPTION_KEY),
    clock: () => clock.now,
  };
  const app = await buildApp(deps, { serveWeb: opts.serveWeb ?? false, logger: false });
  await app.ready();

  const request = (o: RequestOptions) => {
    const method = o.method ?? 'GET';
    const headers: Record<string, string> = { host: HOST, ...o.headers };
    if (o.cookie) headers.cookie = o.cookie;
    if (method !== 'GET' && o.origin !== null) headers.origin = o.origin ?? ORIGIN;
    const payload = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    return app.inject({ method, url: o.url, headers, payload });
  };

  const login = async (username: string, password = 'stride-demo') => {
    const res = await request({ method: 'POST', url: '/api/v1/auth/login', body: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'stride_session');
    return `stride_session=${cookie!.value}`;
  };

  const integrationKey = async (adminCookie: string, source: string) => {
    const created = await request({
      method: 'POST',
      url: '/api/v1/integrations',
      cookie: adminCookie,
      body: { name: source, source },
    });
    if (created.statusCode !== 201) throw new Error(`integration ${source}: ${created.statusCode} ${created.body}`);
    const key = await request({
      method: 'POST',
      url: `/api/v1/integrations/${created.json().id}/keys`,
      cookie: adminCookie,
      body: { name: 'test' },
    });
    return key.json().key as string;
  };

  return {
    app,
    deps,
    database,
    template,
    clock,
    login,
    request,
    integrationKey,
    close: async () => {
      await app.close();
      await database.close();
      await dropDb?.();
    },
  };
}
