import type { ActivityInput } from '@stride/contracts';
import { addDays, addMonths } from '@stride/domain';
import { and, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../../lib/deps';
import { ingestChunk, openIngestSession } from '../../modules/activities/ingest.service';
import { drainMetricsDirty } from '../../modules/metrics/metrics.service';
import type { DbOrTx } from '../client';
import { employees, integrations, positions } from '../schema';
import { seededRandom } from './random';

/** Poisson draw (Knuth) for monthly counts. */
function poisson(rand: () => number, mean: number): number {
  if (mean <= 0) return 0;
  const limit = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rand();
  } while (p > limit);
  return k - 1;
}

// Spring Festival in Feb, quarter- and year-end pushes.
const SEASON = [1.0, 0.65, 1.05, 0.95, 1.0, 1.15, 0.95, 0.9, 1.05, 0.95, 1.05, 1.25];

export type Trajectory = 'steady' | 'slacker' | 'grower';

export interface DemoPerson {
  employeeNo: string;
  hireDate: string;
  regularizationDate: string | null;
  trajectory: Trajectory;
  productivity: number;
}

/** Activity intensity in a month: ramp-up in probation, then steady, slackening or growing. */
export function intensity(p: DemoPerson, monthStart: string): number {
  const monthsIn = (Date.parse(monthStart) - Date.parse(p.hireDate)) / (30.4 * 86400_000);
  if (monthsIn < 0) return 0;
  const ramp = Math.min(1, 0.45 + monthsIn * 0.2);
  const monthsRegular = p.regularizationDate
    ? (Date.parse(monthStart) - Date.parse(p.regularizationDate)) / (30.4 * 86400_000)
    : -1;
  let trend = 1;
  if (monthsRegular > 1 && p.trajectory === 'slacker') trend = Math.max(0.45, 1 - 0.12 * (monthsRegular - 1));
  if (monthsRegular > 0 && p.trajectory === 'grower') trend = Math.min(1.6, 1 + 0.04 * monthsRegular);
  return p.productivity * ramp * trend * SEASON[Number(monthStart.slice(5, 7)) - 1];
}

const at = (day: string, rand: () => number) =>
  `${day}T${String(9 + Math.floor(rand() * 9)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}:00+08:00`;

/** Two years of CRM facts for one person, ending today: calls, visits, follow-ups, deals, payments, satisfaction. */
export function generatePersonActivity(p: DemoPerson, today: string, rand: () => number): ActivityInput[] {
  const out: ActivityInput[] = [];
  const customers = Array.from({ length: 24 }, (_, i) => ({
    externalId: `C-${p.employeeNo}-${i + 1}`,
    name: `${p.employeeNo} 客户${i + 1}`,
    tier: i < 5 ? 'high_value' : 'standard',
  }));
  let seq = 0;
  const id = (kind: string) => `DEMO-${p.employeeNo}-${kind}-${++seq}`;
  const start = addMonths(`${today.slice(0, 7)}-01`, -23);
  for (let m = 0; m < 24; m++) {
    const monthStart = addMonths(start, m);
    const level = intensity(p, monthStart);
    if (level === 0) continue;
    const daysInMonth = Number(addDays(addMonths(monthStart, 1), -1).slice(8, 10));
    const day = () => {
      const d = addDays(monthStart, Math.floor(rand() * daysInMonth));
      return d > today || d < p.hireDate ? null : d;
    };
    const push = (type: ActivityInput['type'], extra: Partial<ActivityInput> = {}) => {
      const d = day();
      if (!d) return null;
      const customer = customers[Math.floor(rand() * customers.length)];
      const item: ActivityInput = {
        externalId: id(type),
        type,
        employeeNo: p.employeeNo,
        occurredAt: at(d, rand),
        customer,
        ...extra,
      };
      out.push(item);
      return item;
    };
    for (let i = poisson(rand, 22 * level); i > 0; i--) push('call');
    for (let i = poisson(rand, 7 * level); i > 0; i--) push('visit');
    for (let i = poisson(rand, 4 * level); i > 0; i--) push('followup');
    for (let i = poisson(rand, 3 * level); i > 0; i--) push('opportunity_created');
    for (let i = poisson(rand, 1.6 * level); i > 0; i--) push('opportunity_won');
    for (let i = poisson(rand, 1.2 * level); i > 0; i--) push('opportunity_lost');
    for (let i = poisson(rand, 2.2 * level); i > 0; i--) {
      const amount = (Math.round(8000 + Math.exp(rand() * 2.6) * 4000) / 1).toFixed(2);
      const order = push('order', { amount });
      if (!order) continue;
      // Collections arrive one to three months later: late facts for earlier periods.
      const paid = addDays(String(order.occurredAt).slice(0, 10), 20 + Math.floor(rand() * 70));
      if (paid <= today) {
        out.push({
          externalId: id('payment'),
          type: 'payment',
          employeeNo: p.employeeNo,
          occurredAt: at(paid, rand),
          amount,
          customer: order.customer,
        });
      }
    }
    if (rand() < 0.6) push('csat', { attributes: { score: Math.min(5, Math.max(1, Math.round(3 + level + rand()))) } });
  }
  return out;
}

/**
 * Feeds the demo company two years of activity through the real ingestion path (a demo CRM
 * integration, idempotent upserts, metrics updated per chunk), inside the caller's transaction.
 */
export async function seedDemoActivity(
  deps: Pick<Deps, 'db' | 'cipher'>,
  tx: DbOrTx,
  orgId: string,
  today: string,
): Promise<number> {
  const rand = seededRandom(20261127);
  await tx
    .insert(integrations)
    .values({
      orgId,
      name: '演示 CRM',
      source: 'demo-crm',
      webhookSecretEnc: deps.cipher.encrypt(`whsec_demo_${orgId}`),
    })
    .onConflictDoNothing();
  const sales = await tx
    .select({
      employeeNo: employees.employeeNo,
      hireDate: employees.hireDate,
      regularizationDate: employees.regularizationDate,
    })
    .from(employees)
    .innerJoin(positions, eq(positions.id, employees.positionId))
    .where(and(eq(employees.orgId, orgId), inArray(positions.name, ['销售代表', '高级销售代表', '销售主管'])))
    .orderBy(employees.employeeNo);
  let total = 0;
  let batch: { pos: number; raw: unknown }[] = [];
  // One session, as one large stream: its person-days are queued and recomputed once (a rebuild), not each fact's
  // sums added as a live batch's are.
  const src = { orgId, source: 'demo-crm', timeZone: 'Asia/Shanghai' };
  const session = await openIngestSession(tx, src);
  const flush = async () => {
    if (!batch.length) return;
    const { result } = await ingestChunk(deps as Deps, src, batch, 'index', 'zh-CN', tx, session);
    total += result.accepted;
    batch = [];
  };
  for (const s of sales) {
    const roll = rand();
    const person: DemoPerson = {
      ...s,
      trajectory: roll < 0.18 ? 'slacker' : roll < 0.33 ? 'grower' : 'steady',
      productivity: Math.exp((rand() - 0.5) * 0.8),
    };
    for (const item of generatePersonActivity(person, today, rand)) {
      batch.push({ pos: total + batch.length, raw: item });
      if (batch.length >= 2000) await flush();
    }
  }
  await flush();
  await drainMetricsDirty(tx, orgId);
  return total;
}
