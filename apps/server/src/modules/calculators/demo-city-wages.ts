import type { DbOrTx } from '../../db/client';
import { cityAverageWages } from '../../db/schema';

/**
 * Labelled demo figures, NOT verified against the bureaus' notices (Stride had no network when they were
 * written): Shanghai 2023 (12,307) and Beijing 2023 (11,761) match the social-insurance caps of 2024-07 (3x);
 * the rest are estimates. Seeded only in demo mode, as shipped rows (no organization), so the calculator's
 * city lookup can be tried; a customer enters the official figures as their own (which take precedence).
 */
export const DEMO_CITY_WAGE_SOURCE =
  '演示数据，未经核实，请以当地统计/人社部门公布数据为准 (DEMO figure, not verified)';

const demoFigures: Record<string, Record<number, string>> = {
  shanghai: { 2023: '12307.00', 2024: '12434.00', 2025: '12600.00' },
  beijing: { 2023: '11761.00', 2024: '12049.00', 2025: '12300.00' },
  shenzhen: { 2023: '13730.00', 2024: '14000.00', 2025: '14300.00' },
  guangzhou: { 2023: '12700.00', 2024: '13000.00', 2025: '13300.00' },
  hangzhou: { 2023: '11200.00', 2024: '11500.00', 2025: '11800.00' },
};

/** Inserts the demo figures once (again: nothing happens). */
export async function seedDemoCityWages(db: DbOrTx): Promise<number> {
  const rows = Object.entries(demoFigures).flatMap(([city, years]) =>
    Object.entries(years).map(([year, averageMonthlyWage]) => ({
      orgId: null,
      city,
      year: Number(year),
      averageMonthlyWage,
      source: DEMO_CITY_WAGE_SOURCE,
    })),
  );
  const inserted = await db
    .insert(cityAverageWages)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: cityAverageWages.id });
  return inserted.length;
}
