import type { SeededCompany } from '../src/db/seed/demo-company';

/** Fixed key: the template database is encrypted with it, so every test app can read it. */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7);
/** "Today" for seeded data, so dates in tests never drift. */
export const TEST_TODAY = '2026-11-27';

export interface TestTemplate {
  kind: 'pglite' | 'postgres';
  /** PGlite: path of a tarball of the migrated, seeded data directory. Postgres: template database name. */
  location: string;
  /** Postgres: the server URL (any database), used to create per-file databases. */
  serverUrl?: string;
  companyA: SeededCompany;
  companyB: SeededCompany;
}

declare module 'vitest' {
  export interface ProvidedContext {
    template: TestTemplate;
  }
}
