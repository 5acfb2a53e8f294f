/**
 * Deterministic activity data for the ingestion benchmark: a seeded PRNG, a realistic mix of CRM/ERP
 * facts per salesperson, written as NDJSON (the file is produced before anything is measured).
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BenchPerson {
  id: string;
  employeeNo: string;
  hireDate: string;
}

/** Share of each activity type in a salesperson's month (sums to 1). */
const TYPE_MIX: [string, number][] = [
  ['call', 0.4],
  ['email', 0.1],
  ['visit', 0.12],
  ['meeting', 0.05],
  ['followup', 0.12],
  ['lead_created', 0.05],
  ['opportunity_created', 0.04],
  ['opportunity_won', 0.015],
  ['opportunity_lost', 0.02],
  ['order', 0.04],
  ['payment', 0.035],
  ['refund', 0.003],
  ['csat', 0.007],
];
export const TYPES = TYPE_MIX.map(([t]) => t);
const CUMULATIVE = (() => {
  let acc = 0;
  return TYPE_MIX.map(([, w]) => {
    acc += w;
    return acc;
  });
})();

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const isoOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const pad2 = (n: number) => String(n).padStart(2, '0');

/** The organization's calendar (Asia/Shanghai, UTC+8 all year). */
export function shanghaiToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function monthStart(iso: string, addMonths = 0): string {
  const [y, m] = iso.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + addMonths, 1));
  return d.toISOString().slice(0, 10);
}

interface Customer {
  id: string;
  name: string;
  tier: string;
}

function customersOf(personIdx: number, rand: () => number): Customer[] {
  const out: Customer[] = [];
  for (let k = 0; k < 40; k++) {
    const n = personIdx * 1000 + k;
    const r = rand();
    out.push({
      id: `C${n}`,
      name: `客户${n}号有限公司`,
      tier: r < 0.15 ? 'high_value' : r < 0.75 ? 'standard' : 'small',
    });
  }
  return out;
}

function gauss(rand: () => number) {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

function money(rand: () => number, median: number, spread: number, min: number, max: number) {
  const v = Math.min(max, Math.max(min, Math.exp(Math.log(median) + spread * gauss(rand))));
  return v.toFixed(2);
}

function pickType(rand: () => number): number {
  const r = rand();
  for (let i = 0; i < CUMULATIVE.length; i++) if (r < CUMULATIVE[i]) return i;
  return CUMULATIVE.length - 1;
}

/** One canonical activity (an element of a JSON batch, or one NDJSON line). */
export function makeActivity(
  rand: () => number,
  externalId: string,
  typeIdx: number,
  person: BenchPerson,
  customers: Customer[],
  occurredAt: string,
): Record<string, unknown> {
  const type = TYPES[typeIdx];
  const a: Record<string, unknown> = { externalId, type, employeeNo: person.employeeNo, occurredAt };
  const c = customers[Math.floor(rand() * customers.length)];
  const customer = { externalId: c.id, name: c.name, tier: c.tier };
  switch (type) {
    case 'call':
      a.customer = customer;
      a.attributes = { durationSec: Math.floor(30 + rand() * 900), direction: rand() < 0.8 ? 'outbound' : 'inbound' };
      break;
    case 'email':
    case 'meeting':
    case 'followup':
      a.customer = customer;
      break;
    case 'visit':
      a.customer = customer;
      a.attributes = { purpose: rand() < 0.5 ? 'demo' : 'relationship' };
      break;
    case 'lead_created':
      a.attributes = { channel: rand() < 0.5 ? 'trade_show' : 'inbound_web' };
      break;
    case 'opportunity_created':
    case 'opportunity_won':
    case 'opportunity_lost':
      a.customer = customer;
      a.amount = money(rand, 80_000, 0.8, 1_000, 5_000_000);
      break;
    case 'order':
      a.customer = customer;
      a.amount = money(rand, 30_000, 0.9, 200, 2_000_000);
      a.quantity = 1 + Math.floor(rand() * 50);
      if (rand() < 0.004) a.voided = true;
      break;
    case 'payment':
      a.customer = customer;
      a.amount = money(rand, 25_000, 0.9, 100, 2_000_000);
      if (rand() < 0.004) a.voided = true;
      break;
    case 'refund':
      a.customer = customer;
      a.amount = money(rand, 3_000, 0.8, 50, 200_000);
      break;
    case 'csat':
      a.customer = customer;
      a.attributes = { score: 1 + Math.floor(rand() * 5) };
      break;
  }
  return a;
}

/** A local (UTC+8) wall time as an ISO timestamp with offset; `sec` is seconds after local midnight. */
function localTimestamp(dayIso: string, sec: number) {
  return `${dayIso}T${pad2(Math.floor(sec / 3600))}:${pad2(Math.floor((sec % 3600) / 60))}:${pad2(sec % 60)}+08:00`;
}

export interface GeneratedFile {
  lines: number;
  bytes: number;
  from: string;
  to: string;
  perType: Record<string, number>;
}

/**
 * Writes `count` NDJSON lines for `people` over the 24 calendar months before `today`'s month, in
 * chronological order (as a CRM backfill or a nightly export sends them). Each person is active from
 * their hire date (or the window start) with a personal activity level; weekends are quiet.
 */
export async function writeNdjson(
  file: string,
  people: BenchPerson[],
  count: number,
  today: string,
  seed = 20260401,
): Promise<GeneratedFile> {
  const rand = rng(seed);
  const windowStart = dayNumber(monthStart(today, -24));
  const windowEnd = dayNumber(monthStart(today, 0)); // exclusive
  const isWeekend = (d: number) => {
    const dow = new Date(d * DAY_MS).getUTCDay();
    return dow === 0 || dow === 6;
  };
  const weekdays: number[] = [];
  for (let d = windowStart; d < windowEnd; d++) if (!isWeekend(d)) weekdays.push(d);
  const firstWeekdayIdx = (from: number) => {
    let lo = 0;
    let hi = weekdays.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (weekdays[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  // How many facts each person gets: proportional to their working days in the window and their level.
  const starts = people.map((p) => firstWeekdayIdx(Math.max(windowStart, dayNumber(p.hireDate))));
  const weights = people.map((_, i) => Math.max(1, weekdays.length - starts[i]) * (0.6 + 0.8 * rand()));
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (w / totalWeight) * count);
  const perPerson = exact.map(Math.floor);
  let rest = count - perPerson.reduce((s, n) => s + n, 0);
  const byFraction = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; rest > 0; k++, rest--) perPerson[byFraction[k % byFraction.length][1]]++;

  // Timestamps first (compact typed arrays), then a chronological order, then the lines.
  const when = new Float64Array(count); // local day * 86400 + local second
  const who = new Uint16Array(count);
  const what = new Uint8Array(count);
  let n = 0;
  for (let i = 0; i < people.length; i++) {
    const span = weekdays.length - starts[i];
    for (let k = 0; k < perPerson[i]; k++) {
      let day = weekdays[starts[i] + Math.floor(rand() * Math.max(1, span))] ?? weekdays[weekdays.length - 1];
      if (rand() < 0.03 && day + 1 < windowEnd && isWeekend(day + 1)) day += 1; // some Saturday work
      const sec = 8 * 3600 + 1800 + Math.floor(rand() * 11.5 * 3600);
      when[n] = day * 86400 + sec;
      who[n] = i;
      what[n] = pickType(rand);
      n++;
    }
  }
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => when[a] - when[b] || a - b);

  const customers = people.map((_, i) => customersOf(i, rand));
  const perType: Record<string, number> = Object.fromEntries(TYPES.map((t) => [t, 0]));
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  let bytes = 0;
  let buf = '';
  const dayIsoCache = new Map<number, string>();
  for (let j = 0; j < count; j++) {
    const i = order[j];
    const day = Math.floor(when[i] / 86400);
    let dayIso = dayIsoCache.get(day);
    if (!dayIso) {
      dayIso = isoOfDay(day);
      dayIsoCache.set(day, dayIso);
    }
    const person = people[who[i]];
    perType[TYPES[what[i]]]++;
    const line = `${JSON.stringify(
      makeActivity(
        rand,
        `crm-${String(j + 1).padStart(8, '0')}`,
        what[i],
        person,
        customers[who[i]],
        localTimestamp(dayIso, when[i] % 86400),
      ),
    )}\n`;
    buf += line;
    if (buf.length > 1 << 20) {
      bytes += Buffer.byteLength(buf);
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  bytes += Buffer.byteLength(buf);
  out.end(buf);
  await once(out, 'finish');
  return { lines: count, bytes, from: isoOfDay(windowStart), to: isoOfDay(windowEnd - 1), perType };
}

/**
 * Live batches for the latency measurement: new facts dated this month (day 1 … today, UTC+8) spread
 * over all people. Returns the batches and, per person, how many calls they add this month.
 */
export function liveBatches(people: BenchPerson[], batches: number, size: number, today: string, seed = 777) {
  const rand = rng(seed);
  const first = dayNumber(monthStart(today, 0));
  const last = dayNumber(today);
  const customers = people.map((_, i) => customersOf(i, rand));
  const callsThisMonth = new Map<string, number>();
  const out: Record<string, unknown>[][] = [];
  for (let b = 0; b < batches; b++) {
    const batch: Record<string, unknown>[] = [];
    for (let k = 0; k < size; k++) {
      const pi = Math.floor(rand() * people.length);
      const typeIdx = pickType(rand);
      const day = first + Math.floor(rand() * (last - first + 1));
      const sec = 8 * 3600 + Math.floor(rand() * 12 * 3600);
      const a = makeActivity(
        rand,
        `live-${b}-${k}`,
        typeIdx,
        people[pi],
        customers[pi],
        localTimestamp(isoOfDay(day), sec),
      );
      if (a.type === 'call') callsThisMonth.set(people[pi].id, (callsThisMonth.get(people[pi].id) ?? 0) + 1);
      batch.push(a);
    }
    out.push(batch);
  }
  return { batches: out, callsThisMonth };
}
