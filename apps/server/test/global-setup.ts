import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../src/db/client';
import { seedDemoCompany } from '../src/db/seed/demo-company';
import { createFieldCipher } from '../src/lib/crypto';
import { TEST_ENCRYPTION_KEY, TEST_TODAY, type TestTemplate } from './fixtures';

/** Migrates and seeds two demo companies once; every test file then starts from a copy. */
export default async function setup(project: TestProject) {
  const cipher = createFieldCipher(TEST_ENCRYPTION_KEY);
  const serverUrl = process.env.TEST_DATABASE_URL;
  const seedBoth = async (database: Awaited<ReturnType<typeof openPglite>>) => {
    await database.migrate();
    const companyA = await seedDemoCompany(database.db, cipher, {
      name: '星辰科技有限公司',
      slug: 'acme',
      today: TEST_TODAY,
    });
    const companyB = await seedDemoCompany(database.db, cipher, {
      name: '远航贸易有限公司',
      slug: 'other',
      usernameSuffix: '.b',
      salespeople: 18,
      today: TEST_TODAY,
    });
    // As a started server does after seeding (main.ts): copies start with the planner's statistics.
    await database.db.execute(sql`analyze`);
    return { companyA, companyB };
  };

  if (!serverUrl) {
    const client = await PGlite.create();
    const database = await openPglite({ instance: client });
    const companies = await seedBoth(database);
    const file = path.join(tmpdir(), `stride-test-template-${process.pid}.tar`);
    const dump = await client.dumpDataDir('none');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await client.close();
    const template: TestTemplate = { kind: 'pglite', location: file, ...companies };
    project.provide('template', template);
    return;
  }

  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const name = `stride_tpl_${process.pid}`;
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString());
  const companies = await seedBoth(database);
  await database.close();
  project.provide('template', { kind: 'postgres', location: name, serverUrl, ...companies });
  return async () => {
    // Per-file databases are dropped by their files; what a failed file left behind goes here, then the
    // template. Only this run's databases (named after the template): another run on the same server
    // (a second checkout, CI beside a developer) keeps its own.
    const rows = await admin.query<{ datname: string }>(
      `select datname from pg_database where starts_with(datname, $1) or datname = $2`,
      [`${name}_f_`, name],
    );
    for (const r of rows.rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
    await admin.end();
  };
}
