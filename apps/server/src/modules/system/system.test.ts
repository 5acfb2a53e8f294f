import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { ConfigError, loadConfig } from '../../config';
import { queryRows } from '../../db/client';
import { checkEncryptionKey } from '../../lib/crypto';
import { generateOpenApi, openApiFile } from '../../openapi-cli';

let t: TestContext;
const onPostgres = () => inject('template').kind === 'postgres';
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe('service endpoints', () => {
  it('answers health and readiness', async () => {
    expect((await t.request({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.request({ url: '/readyz' })).json()).toMatchObject({ status: 'ready' });
  });

  it('publishes OpenAPI 3.1 and browsable docs', async () => {
    const doc = (await t.request({ url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/employees/{id}');
    expect((await t.request({ url: '/api/docs/' })).statusCode).toBe(200);
  });

  // Generating builds the whole app on a fresh embedded database: slow on a busy machine, so a long limit.
  it('has the committed openapi.json in step with the code (run npm run openapi:generate)', {
    timeout: 180_000,
  }, async () => {
    expect(readFileSync(openApiFile, 'utf8')).toBe(await generateOpenApi());
  });

  it('answers unknown API paths with a problem in the caller’s language', async () => {
    const zh = await t.request({ url: '/api/v1/nothing-here' });
    expect(zh.statusCode).toBe(404);
    expect(zh.json()).toMatchObject({ code: 'NOT_FOUND', detail: '请求的资源不存在。' });
    const en = await t.request({ url: '/api/v1/nothing-here', headers: { 'accept-language': 'en' } });
    expect(en.json().detail).toBe('The requested resource does not exist.');
  });

  it.runIf(onPostgres())('keeps serving when PostgreSQL ends its idle connections', async () => {
    const cookie = await t.login('hr');
    // Fill the pool with idle connections, then have the server end them all from outside.
    await Promise.all(Array.from({ length: 4 }, () => t.request({ url: '/api/v1/employees?limit=1', cookie })));
    const [{ db }] = await queryRows<{ db: string }>(t.database.db, sql`select current_database() as db`);
    const admin = new pg.Client({ connectionString: t.template.serverUrl });
    await admin.connect();
    const ended = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [db],
    );
    await admin.end();
    expect(ended.rowCount).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    const res = await t.request({ url: '/api/v1/employees?limit=1', cookie });
    expect(res.statusCode).toBe(200);
  });

  it('reports not ready and never leaks internals when the database is gone', async () => {
    const cookie = await t.login('hr');
    await t.database.close();
    expect((await t.request({ url: '/readyz' })).statusCode).toBe(503);
    const res = await t.request({ url: '/api/v1/employees', cookie });
    expect(res.statusCode).toBe(500);
    expect(Object.keys(res.json()).sort()).toEqual([
      'code',
      'detail',
      'instance',
      'requestId',
      'status',
      'title',
      'type',
    ]);
    expect(res.body).not.toMatch(/stack|pglite|postgres|select/i);
  });
});

describe('encryption key guard', () => {
  it('accepts the key the data was written with and refuses another', async () => {
    const ctx = await createTestContext();
    try {
      expect(await checkEncryptionKey(ctx.database.db, Buffer.alloc(32, 7))).toEqual({ ok: true });
      expect(await checkEncryptionKey(ctx.database.db, Buffer.alloc(32, 7))).toEqual({ ok: true });
      expect(await checkEncryptionKey(ctx.database.db, Buffer.alloc(32, 8))).toEqual({ ok: false });
    } finally {
      await ctx.close();
    }
  });
});

describe('configuration', () => {
  it('fails fast naming each bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty', DEMO_MODE: 'maybe' })).toThrow(/PORT[\s\S]*DEMO_MODE/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ STRIDE_ENCRYPTION_KEY: 'short' })).toThrow(/STRIDE_ENCRYPTION_KEY/);
    expect(() => loadConfig({ PGLITE_SHARED_BUFFERS: 'lots' })).toThrow(/PGLITE_SHARED_BUFFERS/);
    expect(loadConfig({}).pgliteSharedBuffers).toBe('32MB');
  });

  it('requires an encryption key with PostgreSQL, and sets demo mode by database', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/x' })).toThrow(/STRIDE_ENCRYPTION_KEY/);
    const key = Buffer.alloc(32, 1).toString('base64');
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/x', STRIDE_ENCRYPTION_KEY: key }).demoMode).toBe(false);
    expect(loadConfig({}).demoMode).toBe(true);
    expect(loadConfig({ DEMO_MODE: 'false' }).demoMode).toBe(false);
    expect(loadConfig({}).port).toBe(3000);
  });
});
