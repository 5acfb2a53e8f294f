import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FieldCipher } from '../../lib/crypto';
import { installBuiltinRules } from '../../modules/alerts/defaults';
import { seedDemoAlerts } from '../../modules/alerts/demo-alerts';
import { appendAudit } from '../../modules/audit/audit.service';
import { hashPassword } from '../../modules/auth/password';
import { seedDemoCityWages } from '../../modules/calculators/demo-city-wages';
import { seedDemoEmployment } from '../../modules/employment/demo-employment';
import { seedDemoIncentives } from '../../modules/incentives/demo-incentives';
import { seedDemoPools } from '../../modules/pool/demo-pool';
import { seedDemoProbationReviews } from '../../modules/probation/demo-probation';
import { seedDemoReviewCycles } from '../../modules/reviews/demo-reviews';
import { seedDemoTalentReview } from '../../modules/talent/demo-talent';
import { seedDemoTargets } from '../../modules/targets/demo-targets';
import { type Db, lockForOrg } from '../client';
import { orgs, orgUnits, users } from '../schema';
import { seedDemoActivity } from './demo-activity';
import { DEMO_PASSWORD, seedDemoCompany } from './demo-company';
import { seedDemoScorecards } from './demo-scorecards';

export type BootstrapResult =
  | { kind: 'existing'; hasDemo: boolean }
  | { kind: 'demo-seeded'; employees: number; activities: number }
  | { kind: 'admin-created'; username: string; password: string };

/**
 * First start: in demo mode a demo company; otherwise one organization with one admin whose random
 * password is returned to be printed once. Later starts change nothing.
 */
export async function ensureInitialData(
  db: Db,
  cipher: FieldCipher,
  opts: { demoMode: boolean; orgName: string },
): Promise<BootstrapResult> {
  const password = randomBytes(12).toString('base64url');
  const passwordHash = opts.demoMode ? '' : await hashPassword(password);
  // Several servers may start together on one PostgreSQL: one sets up, the others see it done.
  return db.transaction(async (tx) => {
    await lockForOrg(tx, 'bootstrap', 'instance');
    const [existing] = await tx.select({ id: orgs.id }).from(orgs).limit(1);
    if (existing) {
      const [demo] = await tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.isDemo, true)).limit(1);
      return { kind: 'existing', hasDemo: Boolean(demo) };
    }
    if (opts.demoMode) {
      const seeded = await seedDemoCompany(tx as unknown as Db, cipher, { name: '星辰科技有限公司', slug: 'demo' });
      const today = new Date().toISOString().slice(0, 10);
      const activities = await seedDemoActivity({ db, cipher }, tx, seeded.orgId, today);
      await seedDemoScorecards(tx, seeded.orgId);
      await seedDemoProbationReviews(tx, seeded.orgId, new Date());
      await seedDemoReviewCycles(tx, seeded.orgId, new Date());
      await seedDemoTargets(tx, seeded.orgId, today);
      await seedDemoAlerts(tx, seeded.orgId, new Date());
      // After the activity and the review cycles (and alerts): the pools of the last two closed months.
      await seedDemoPools(tx, seeded.orgId, new Date());
      await seedDemoCityWages(tx);
      // After the pools: a draft termination links to a pool entry.
      await seedDemoEmployment(tx, seeded.orgId, new Date());
      await seedDemoIncentives(tx, seeded.orgId, new Date());
      await seedDemoTalentReview(tx, seeded.orgId, new Date());
      return { kind: 'demo-seeded', employees: seeded.employeeCount, activities };
    }
    const [org] = await tx.insert(orgs).values({ name: opts.orgName, slug: 'default' }).returning();
    await tx.insert(orgUnits).values({ orgId: org.id, name: opts.orgName });
    await installBuiltinRules(tx, org.id);
    const [admin] = await tx
      .insert(users)
      .values({ orgId: org.id, username: 'admin', passwordHash, role: 'admin' })
      .returning();
    await appendAudit(
      tx,
      { orgId: org.id },
      { action: 'system.initialized', entityType: 'org', entityId: org.id, after: { admin: admin.username } },
      new Date(),
    );
    return { kind: 'admin-created', username: 'admin', password };
  });
}

export { DEMO_PASSWORD };
