import type { CityWage, Locale, SeveranceResponse, saveCityWageRequest, severanceRequest } from '@stride/contracts';
import { calculateSeverance, serviceLength } from '@stride/domain';
import { and, asc, desc, eq, isNull, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type DbOrTx, lockForOrg } from '../../db/client';
import { cityAverageWages } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { type AuditActor, appendAudit } from '../audit/audit.service';
import { type AverageUsed, cityName, presentLines } from './severance.text';

type Row = typeof cityAverageWages.$inferSelect;
type SeveranceBody = z.output<typeof severanceRequest>;
type SaveBody = z.output<typeof saveCityWageRequest>;

const present = (r: Row, isOverridden = false): CityWage => ({
  id: r.id,
  city: r.city,
  year: r.year,
  averageMonthlyWage: r.averageMonthlyWage,
  source: r.source,
  publishedOn: r.publishedOn,
  scope: r.orgId ? 'org' : 'shipped',
  isOverridden,
});

const auditView = (r: Row) => ({
  city: r.city,
  year: r.year,
  averageMonthlyWage: r.averageMonthlyWage,
  source: r.source,
  publishedOn: r.publishedOn,
});

/** The figure for a city and year: the organization's own first, else the one Stride ships. */
export async function findCityAverage(db: DbOrTx, orgId: string, city: string, year: number): Promise<Row | null> {
  const [row] = await db
    .select()
    .from(cityAverageWages)
    .where(
      and(
        eq(cityAverageWages.city, city),
        eq(cityAverageWages.year, year),
        or(eq(cityAverageWages.orgId, orgId), isNull(cityAverageWages.orgId)),
      ),
    )
    .orderBy(sql`${cityAverageWages.orgId} is null`)
    .limit(1);
  return row ?? null;
}

/**
 * Severance, pay in lieu of notice and the unlawful-termination comparison (packages/domain/severance.ts), each
 * step explained in the caller's language. With `city`, the average of the year before the termination date
 * is looked up; none → CITY_WAGE_UNKNOWN naming the city and year. Reads only reference data: no audit.
 */
export async function calculateSeveranceFor(
  deps: Pick<Deps, 'db'>,
  orgId: string,
  body: SeveranceBody,
  locale: Locale,
): Promise<SeveranceResponse> {
  if (!serviceLength(body.startDate, body.endDate)) {
    return fail('SEVERANCE_END_BEFORE_START', [{ field: 'endDate', code: 'SEVERANCE_END_BEFORE_START' }]);
  }
  let average: AverageUsed;
  if (body.city !== undefined) {
    const year = Number(body.endDate.slice(0, 4)) - 1;
    const row = await findCityAverage(deps.db, orgId, body.city, year);
    if (!row) {
      const name = cityName(body.city, locale);
      const label = name === body.city ? name : `${name}（${body.city}）`;
      const message =
        locale === 'zh-CN'
          ? `没有${label} ${year} 年度的职工月平均工资`
          : `No average monthly wage for ${name === body.city ? name : `${name} (${body.city})`} in ${year}`;
      return fail('CITY_WAGE_UNKNOWN', [{ field: 'city', code: 'CITY_WAGE_UNKNOWN_FOR_YEAR', message }]);
    }
    average = {
      value: row.averageMonthlyWage,
      origin: row.orgId ? 'org' : 'shipped',
      city: row.city,
      year: row.year,
      source: row.source,
    };
  } else {
    average = { value: body.localAverageMonthlyWage!, origin: 'input', city: null, year: null, source: null };
  }
  const outcome = calculateSeverance({
    monthlyWage: body.monthlyWage,
    startDate: body.startDate,
    endDate: body.endDate,
    ground: body.ground,
    localAverageMonthlyWage: average.value,
    lastMonthWage: body.lastMonthWage,
    noticeGiven: body.noticeGiven,
    renewalOfferedAndRefused: body.renewalOfferedAndRefused,
    localMinimumWage: body.localMinimumWage,
  });
  if (!outcome.ok)
    return fail('SEVERANCE_END_BEFORE_START', [{ field: 'endDate', code: 'SEVERANCE_END_BEFORE_START' }]);
  const r = outcome.result;
  return {
    monthsOfPay: r.monthsOfPay,
    base: r.base,
    severance: r.severance,
    noticePay: r.noticePay,
    unlawfulDamages: r.unlawfulDamages,
    lawfulTotal: r.lines.find((l) => l.key === 'lawfulTotal')!.value,
    isCapped: r.isCapped,
    isEntitled: r.isEntitled,
    service: r.service,
    localAverage: average,
    lines: presentLines(r, average, locale),
  };
}

/** The organization's figures and Stride's, by city then newest year; a shipped figure the org replaced is marked. */
export async function listCityWages(db: DbOrTx, orgId: string, city?: string): Promise<CityWage[]> {
  const rows = await db
    .select()
    .from(cityAverageWages)
    .where(
      and(
        or(eq(cityAverageWages.orgId, orgId), isNull(cityAverageWages.orgId)),
        city ? eq(cityAverageWages.city, city) : undefined,
      ),
    )
    .orderBy(asc(cityAverageWages.city), desc(cityAverageWages.year), sql`${cityAverageWages.orgId} is null`);
  const own = new Set(rows.filter((r) => r.orgId).map((r) => `${r.city}:${r.year}`));
  return rows.map((r) => present(r, !r.orgId && own.has(`${r.city}:${r.year}`)));
}

/** Adds the organization's figure for a city and year, or replaces it (a correction); audited either way. */
export async function saveCityWage(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: AuditActor,
  body: SaveBody,
): Promise<{ item: CityWage; isCreated: boolean }> {
  const now = deps.clock();
  const values = {
    averageMonthlyWage: body.averageMonthlyWage,
    source: body.source?.trim() || null,
    publishedOn: body.publishedOn ?? null,
  };
  return deps.db.transaction(async (tx) => {
    // One writer per organization, so two saves of the same city and year cannot both insert.
    await lockForOrg(tx, 'city-wages', actor.orgId);
    const where = and(
      eq(cityAverageWages.orgId, actor.orgId),
      eq(cityAverageWages.city, body.city),
      eq(cityAverageWages.year, body.year),
    );
    const [before] = await tx.select().from(cityAverageWages).where(where).for('update');
    if (before) {
      const [after] = await tx
        .update(cityAverageWages)
        .set(values)
        .where(eq(cityAverageWages.id, before.id))
        .returning();
      await appendAudit(
        tx,
        actor,
        {
          action: 'city_wage.updated',
          entityType: 'city_wage',
          entityId: after.id,
          before: auditView(before),
          after: auditView(after),
        },
        now,
      );
      return { item: present(after), isCreated: false };
    }
    const [created] = await tx
      .insert(cityAverageWages)
      .values({ ...values, orgId: actor.orgId, city: body.city, year: body.year, createdAt: now })
      .returning();
    await appendAudit(
      tx,
      actor,
      { action: 'city_wage.created', entityType: 'city_wage', entityId: created.id, after: auditView(created) },
      now,
    );
    return { item: present(created), isCreated: true };
  });
}

/** Deletes one of the organization's own figures; Stride's cannot be deleted, another organization's is not found. */
export async function deleteCityWage(deps: Pick<Deps, 'db' | 'clock'>, actor: AuditActor, id: string): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(cityAverageWages)
      .where(
        and(eq(cityAverageWages.id, id), or(eq(cityAverageWages.orgId, actor.orgId), isNull(cityAverageWages.orgId))),
      )
      .for('update');
    if (!row) return fail('CITY_WAGE_NOT_FOUND');
    if (!row.orgId) return fail('CITY_WAGE_SHIPPED');
    await tx.delete(cityAverageWages).where(eq(cityAverageWages.id, row.id));
    await appendAudit(
      tx,
      actor,
      { action: 'city_wage.deleted', entityType: 'city_wage', entityId: row.id, before: auditView(row) },
      now,
    );
  });
}
