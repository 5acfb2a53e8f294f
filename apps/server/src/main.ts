import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/client';
import { DEMO_PASSWORD, ensureInitialData } from './db/seed/bootstrap';
import { createFieldCipher, resolveEncryptionKey } from './lib/crypto';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const cipher = createFieldCipher(resolveEncryptionKey(config));
const database = await openDatabase(config);
await database.migrate();
const initial = await ensureInitialData(database.db, cipher, { demoMode: config.demoMode, orgName: config.orgName });

const app = await buildApp({ config, database, db: database.db, cipher, clock: () => new Date() });

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down');
  await app.close();
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
if (initial.kind === 'demo-seeded') lines.push(`Demo company created with ${initial.employees} people.`);
if (config.demoMode && (initial.kind === 'demo-seeded' || (initial.kind === 'existing' && initial.hasDemo))) {
  lines.push(`Demo sign-ins (password ${DEMO_PASSWORD}): admin, hr, manager (华东大区), employee`);
}
if (initial.kind === 'admin-created') {
  lines.push(`First start: created user "${initial.username}" with password ${initial.password}`);
  lines.push('This password is shown once. Sign in and change it.');
}
console.log(`\n${lines.join('\n')}\n`);
