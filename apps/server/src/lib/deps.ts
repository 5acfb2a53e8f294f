import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';
import type { Database, Db } from '../db/client';
import type { FieldCipher } from './crypto';

/** What services need; passed explicitly, no container. */
export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  cipher: FieldCipher;
  logger: FastifyBaseLogger;
  clock: () => Date;
}
