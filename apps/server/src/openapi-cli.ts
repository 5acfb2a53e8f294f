// Writes the OpenAPI document to apps/server/openapi.json; CI regenerates it and fails on drift.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app';
import { loadConfig } from './config';
import { openPglite } from './db/client';
import { createFieldCipher } from './lib/crypto';

export async function generateOpenApi(): Promise<string> {
  const database = await openPglite({});
  const config = loadConfig({ DATA_DIR: '/tmp/stride-openapi', LOG_LEVEL: 'silent' });
  const app = await buildApp(
    { config, database, db: database.db, cipher: createFieldCipher(Buffer.alloc(32)), clock: () => new Date() },
    { serveWeb: false, logger: false },
  );
  await app.ready();
  const doc = `${JSON.stringify(app.swagger(), null, 2)}\n`;
  await app.close();
  await database.close();
  return doc;
}

export const openApiFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../openapi.json');

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  writeFileSync(openApiFile, await generateOpenApi());
  console.log(`Wrote ${openApiFile}`);
}
