import { asc } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { orgs } from '../db/schema';

/** Every organization with its time zone, oldest first: the order jobs work through them. */
export function allOrgs(db: DbOrTx): Promise<{ id: string; timeZone: string }[]> {
  return db.select({ id: orgs.id, timeZone: orgs.timeZone }).from(orgs).orderBy(asc(orgs.createdAt), asc(orgs.id));
}
