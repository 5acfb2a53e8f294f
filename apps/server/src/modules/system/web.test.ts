import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { webDistDir } from '../../app';

// Serving the built web app; a stand-in build is used when the real one is absent.
let t: TestContext;
const createdStandIn = !existsSync(path.join(webDistDir, 'index.html'));
let assetPath = '';
beforeAll(async () => {
  if (createdStandIn) {
    mkdirSync(path.join(webDistDir, 'assets'), { recursive: true });
    writeFileSync(path.join(webDistDir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(webDistDir, 'assets', 'app-abc123.js'), 'console.log(1)');
  }
  assetPath = `/assets/${readdirSync(path.join(webDistDir, 'assets')).find((f) => f.endsWith('.js'))}`;
  t = await createTestContext({}, { serveWeb: true });
});
afterAll(async () => {
  await t.close();
  if (createdStandIn) rmSync(webDistDir, { recursive: true, force: true });
});

describe('web app serving', () => {
  it('serves index.html for client routes, revalidated on every load', async () => {
    const res = await t.request({ url: '/people/123' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed bundles as immutable', async () => {
    const res = await t.request({ url: assetPath });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('answers a missing asset with 404, never with index.html', async () => {
    const res = await t.request({ url: '/assets/index-OLD.js' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
