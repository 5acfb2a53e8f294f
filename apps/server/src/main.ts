import { sql } from 'drizzle-orm';
import { buildApp } from './app';
import { loadConfigOrExit } from './config';
import { openDatabase } from './db/client';
import { DEMO_PASSWORD, ensureInitialData } from './db/seed/bootstrap';
import { startJobs } from './jobs/runner';
import { checkEncryptionKey, createFieldCipher, resolveEncryptionKey } from './lib/crypto';
import { metricsSettled } from './modules/alerts/scheduler';
import { failInterruptedImports } from './modules/imports/commit.service';
import { drainMetricsDirty } from './modules/metrics/metrics.service';

const config = loadConfigOrExit();
const key = resolveEncryptionKey(config);
const cipher = createFieldCipher(key);
let database = await openDatabase(config);
await database.migrate();
const keyCheck = await checkEncryptionKey(database.db, key);
if (!keyCheck.ok) {
  console.error(
    'STRIDE_ENCRYPTION_KEY does not match the key this database was encrypted with; personal data could not be read. ' +
      'Start with the original key (embedded mode: DATA_DIR/encryption.key).',
  );
  await database.close();
  process.exit(1);
}
await failInterruptedImports(database);
// Metric recomputes recorded before a crash are done now.
await drainMetricsDirty(database.db);
const initial = await ensureInitialData(database.db, cipher, { demoMode: config.demoMode, orgName: config.orgName });
// The demo company's tables were filled in one transaction: the planner learns their sizes now, not after the
// first slow requests (the embedded database has no autovacuum; db/statistics.ts keeps them fresh after this).
if (initial.kind === 'demo-seeded') await database.db.execute(sql`analyze`);
if (database.kind === 'pglite' && initial.kind === 'demo-seeded') {
  // The embedded database's WASM heap keeps the high-water mark of creating, migrating and seeding it for the
  // life of the instance; a fresh instance on the same files serves with about 100 MB less (bench/RESULTS.md).
  await database.close();
  database = await openDatabase(config);
}
if (initial.kind === 'demo-seeded') {
  // What seeding left on the heap (the demo company's two years of activity; on the embedded database also the
  // closed instance's several hundred MB of WASM memory) goes only when V8 collects it, which an idle server may
  // not do for a long time: collect it now when the process allows (both start scripts pass --expose-gc; about
  // 100 MB less resident on a first start, bench/RESULTS.md).
  (globalThis as { gc?: () => void }).gc?.();
}

const app = await buildApp({ config, database, db: database.db, cipher, clock: () => new Date() });

// The job runner shares the database; a failure to start it stops the server (fail fast, like bad config).
const jobs = config.jobsEnabled
  ? await startJobs({ database, config, logger: app.log.child({ component: 'jobs' }) }).catch(async (err) => {
      app.log.error({ err }, 'background jobs could not start');
      await app.close();
      await database.close();
      process.exit(1);
    })
  : undefined;
if (!jobs) app.log.info('background jobs are off (JOBS_ENABLED=false)');

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down');
  // Requests and jobs wind down together; both are done before the database closes (pg-boss holds timers too:
  // until it stops, Node would not exit).
  const results = await Promise.allSettled([app.close(), jobs?.stop()]);
  for (const r of results) if (r.status === 'rejected') app.log.error({ err: r.reason }, 'error while shutting down');
  // A recompute still running for answered batches (large streams, Prefer: respond-async) finishes first, for
  // up to 10 s; what it leaves is queued in the database and done at the next start.
  await Promise.race([metricsSettled(database.db).catch(() => {}), new Promise((r) => setTimeout(r, 10_000).unref())]);
  await database.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ port: config.port, host: config.host });
const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
const lines = [
  `Stride is running at ${url}  (database: ${database.kind === 'pglite' ? `embedded, ${config.dataDir}` : 'PostgreSQL'})`,
];
if (initial.kind === 'demo-seeded') {
  lines.push(
    `Demo company created with ${initial.employees} people and ${initial.activities} CRM activities over two years.`,
  );
}
if (config.demoMode && (initial.kind === 'demo-seeded' || (initial.kind === 'existing' && initial.hasDemo))) {
  lines.push(`Demo sign-ins (password ${DEMO_PASSWORD}): admin, hr, manager (华东大区), employee`);
}
if (initial.kind === 'admin-created') {
  lines.push(`First start: created user "${initial.username}" with password ${initial.password}`);
  lines.push('This password is shown once. Sign in and change it.');
}
console.log(`\n${lines.join('\n')}\n`);
