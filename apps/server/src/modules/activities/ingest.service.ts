import { hash } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import { type ActivityParsed, activityInput, type IngestResult, type Locale } from '@stride/contracts';
import { localDateIn } from '@stride/domain';
import Decimal from 'decimal.js';
import { sql } from 'drizzle-orm';
import { copyField, copyRowsIn, type DbOrTx, pgErrorCode, queryRows, retryOnDeadlock } from '../../db/client';
import { canonicalJson } from '../../lib/crypto';
import type { Deps } from '../../lib/deps';
import { findNul } from '../../lib/input-guard';
import { localizeFieldError } from '../../lib/problem';
import { knownActivityTypes } from '../metrics/catalog.service';
import { markMetricsDirty, queueNewFacts } from '../metrics/metrics.service';

export interface IngestSource {
  orgId: string;
  source: string;
  timeZone: string;
}

/** An item as received: its position (index in a JSON batch, line in NDJSON) and its raw value. */
export interface RawItem {
  pos: number;
  raw: unknown;
  /** The NDJSON reader saw no `\u0000` escape in the line, so no string of it can hold a NUL. */
  noNul?: boolean;
}

export interface Touched {
  employeeId: string;
  localDate: string;
}

export interface ChunkOutcome {
  result: IngestResult;
  /** Person-days queued for a recompute from their facts (changed facts, moved first orders, a bulk load's). */
  touched: Touched[];
  /** New facts of known people queued for their sums and counts to be added (metric_new_facts). */
  added: number;
}

type PosKind = 'index' | 'line';

interface Prepared {
  pos: number;
  item: ActivityParsed;
  amount: string | null;
  personRef: Record<string, string>;
  personKey: string;
  contentHash: string;
  localDate: string;
}

/**
 * What one request (a JSON batch, a stream, an import) learns once and reuses for each of its chunks: the
 * organization's activity types, how the source names people, and their job history (whose unit a fact is
 * credited to). A person mapped or transferred while a stream is running counts from the next request on.
 */
export interface IngestSession {
  src: IngestSource;
  known: Set<string>;
  people: Map<string, string | null>;
  history: Map<string, { unitId: string; from: string; to: string | null }[]>;
  /** The last chunk met facts stored already (a resend): probe the keys first instead of trying COPY. */
  expectStored: boolean;
  /** Chunks stored so far. */
  chunks: number;
}

interface Stored {
  external_id: string;
  employee_id: string | null;
  local_date: string;
  content_hash: string;
  type: string;
  customer_external_id: string | null;
}

/** Customers whose orders these facts add, change or void (before and after the change). */
function orderCustomers(rows: readonly Row[], stored?: Map<string, Stored>): string[] {
  const ids = new Set<string>();
  for (const r of rows) {
    if (r.type === 'order' && r.customer_external_id) ids.add(r.customer_external_id);
    const old = stored?.get(r.external_id);
    if (old?.type === 'order' && old.customer_external_id) ids.add(old.customer_external_id);
  }
  return [...ids];
}

/** Each customer's first order (the one 新客户数 credits): which fact it is, and its person and day. */
type FirstOrders = Map<string, { fact: string; employeeId: string | null; localDate: string }>;

async function firstOrders(tx: DbOrTx, orgId: string, customers: readonly string[]): Promise<FirstOrders> {
  if (customers.length === 0) return new Map();
  const rows = await queryRows<{ customer: string; fact: string; employee_id: string | null; local_date: string }>(
    tx,
    sql`select c.id as customer, f.source || '|' || f.external_id as fact, f.employee_id::text as employee_id,
          f.local_date::text as local_date
        from jsonb_array_elements_text(${JSON.stringify(customers)}::jsonb) c(id)
        cross join lateral (select a.source, a.external_id, a.employee_id, a.local_date from activities a
          where a.org_id = ${orgId} and a.customer_external_id = c.id and a.type = 'order' and not a.is_voided
            and a.customer_external_id is not null
          order by a.occurred_at, a.source, a.external_id limit 1) f`,
  );
  return new Map(rows.map((r) => [r.customer, { fact: r.fact, employeeId: r.employee_id, localDate: r.local_date }]));
}

/**
 * The person-days to recompute because a customer's first order changed with this write (an earlier order, a voided
 * or corrected first order): the day of the old first order and of the new one. Where the first order is the same
 * fact as before (most writes: a repeat order), nothing more than the written facts' own days changes.
 */
function movedFirstOrders(before: FirstOrders, after: FirstOrders): Touched[] {
  const out: Touched[] = [];
  for (const customer of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(customer);
    const a = after.get(customer);
    if (b && a && b.fact === a.fact && b.employeeId === a.employeeId && b.localDate === a.localDate) continue;
    for (const f of [b, a]) if (f?.employeeId) out.push({ employeeId: f.employeeId, localDate: f.localDate });
  }
  return out;
}

export async function openIngestSession(db: DbOrTx, src: IngestSource): Promise<IngestSession> {
  return {
    src,
    known: await knownActivityTypes(db, src.orgId),
    people: new Map(),
    history: new Map(),
    expectStored: false,
    chunks: 0,
  };
}

function reject(pos: number, kind: PosKind, code: string, field: string | undefined, message: string) {
  return { [kind]: pos, code, ...(field ? { field } : {}), message };
}

/** A fact's amount as stored (two decimals), or null. */
/** The currency metric amounts are kept in (the organization's books). */
export const BOOK_CURRENCY = 'CNY';

export const amountOf = (item: ActivityParsed): string | null =>
  item.amount === undefined ? null : new Decimal(item.amount).toFixed(2);

/** How a fact names its person: employee number, else email (lower case), else the source's user id. */
export function personRefOf(item: ActivityParsed): Record<string, string> {
  if (item.employeeNo) return { employeeNo: item.employeeNo };
  if (item.email) return { email: item.email.toLowerCase() };
  return { externalUserId: item.externalUserId! };
}

/**
 * The identity of a fact's content: a SHA-256 of the canonical JSON (sorted keys, no undefined) of
 * { ...content, amount, personRef, occurredAt (UTC ISO) } — written out field by field in canonicalJson's
 * order because this runs for every activity (ingest.service.test.ts checks it against canonicalJson).
 */
export function contentHashOf(item: ActivityParsed, amount: string | null, personRef: Record<string, string>) {
  const j = JSON.stringify;
  let s = `{"amount":${j(amount)}`;
  if (item.attributes !== undefined) s += `,"attributes":${canonicalJson(item.attributes)}`;
  s += `,"currency":${j(item.currency)}`;
  if (item.customer !== undefined) s += `,"customer":${canonicalJson(item.customer)}`;
  if (item.email !== undefined) s += `,"email":${j(item.email)}`;
  if (item.employeeNo !== undefined) s += `,"employeeNo":${j(item.employeeNo)}`;
  if (item.externalUserId !== undefined) s += `,"externalUserId":${j(item.externalUserId)}`;
  s += `,"occurredAt":${j(new Date(item.occurredAt).toISOString())},"personRef":${canonicalJson(personRef)}`;
  if (item.quantity !== undefined) s += `,"quantity":${j(item.quantity)}`;
  s += `,"type":${j(item.type)}`;
  if (item.voided !== undefined) s += `,"voided":${j(item.voided)}`;
  return hash('sha256', `${s}}`, 'hex');
}

/**
 * The instant PostgreSQL stores for an ISO timestamp, in ms: it keeps microseconds, rounding further digits
 * as it does (the fraction as a double times 10⁶, rint — half to even), where Date.parse truncates to ms.
 * Only matters at the last microsecond before midnight, but then decides the day.
 */
export function instantOf(iso: string): number {
  const frac = /\.(\d{4,})/.exec(iso);
  if (!frac) return Date.parse(iso);
  const x = Number(`0.${frac[1]}`) * 1_000_000;
  let micros = Math.round(x);
  if (x - Math.floor(x) === 0.5 && micros % 2 !== 0) micros -= 1;
  return Date.parse(iso.replace(frac[0], '')) + micros / 1000;
}

/** Validates one item; the first problem names the field and says what is wrong in the caller's language. */
function prepare(raw: RawItem, kind: PosKind, locale: Locale, timeZone: string) {
  const { pos } = raw;
  const nulAt = raw.noNul ? null : findNul(raw.raw, '');
  if (nulAt) {
    const text = localizeFieldError({ field: nulAt, code: 'NUL_CHARACTER' }, locale).message;
    return { rejected: reject(pos, kind, 'NUL_CHARACTER', nulAt, text) };
  }
  const parsed = activityInput.safeParse(raw.raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.map(String).join('.') || undefined;
    const code = /^[A-Z][A-Z_]+$/.test(issue.message) ? issue.message : issue.code;
    const text = localizeFieldError({ field: field ?? '', code, message: issue.message }, locale).message;
    return { rejected: reject(pos, kind, code, field, text) };
  }
  const item = parsed.data;
  // Amounts add up into revenue, collections and deal sizes in the organization's currency: a foreign amount
  // would count as yuan. There are no exchange rates in Stride; the source converts (or leaves the amount out).
  if (item.amount !== undefined && item.currency !== BOOK_CURRENCY) {
    const text = localizeFieldError({ field: 'currency', code: 'CURRENCY_NOT_SUPPORTED' }, locale).message;
    return { rejected: reject(pos, kind, 'CURRENCY_NOT_SUPPORTED', 'currency', text) };
  }
  const amount = amountOf(item);
  const personRef = personRefOf(item);
  const prepared: Prepared = {
    pos,
    item,
    amount,
    personRef,
    personKey: refKey(personRef),
    contentHash: contentHashOf(item, amount, personRef),
    localDate: localDateIn(instantOf(item.occurredAt), timeZone),
  };
  return { prepared };
}

export const refKey = (ref: Record<string, string>) => {
  const [k, v] = Object.entries(ref)[0];
  return `${k}:${v}`;
};

/** Maps how the source named each person to employee ids (learned once per session); unknown names stay unmatched. */
async function resolvePeople(db: DbOrTx, session: IngestSession, items: Prepared[]): Promise<void> {
  const { src, people } = session;
  const nos = new Set<string>();
  const emails = new Set<string>();
  const refKeys = new Set<string>();
  for (const p of items) {
    if (people.has(p.personKey)) continue;
    refKeys.add(p.personKey);
    if (p.personRef.employeeNo) nos.add(p.personRef.employeeNo);
    if (p.personRef.email) emails.add(p.personRef.email);
  }
  if (refKeys.size === 0) return;
  // Links made in the unmatched queue are keyed like "externalUserId:u-17" and win over direct matches.
  const rows = await queryRows<{ k: string; id: string; link: boolean }>(
    db,
    sql`select 'employeeNo:' || employee_no as k, id, false as link from employees
          where org_id = ${src.orgId} and employee_no in (select jsonb_array_elements_text(${JSON.stringify([...nos])}::jsonb))
        union all
        select 'email:' || lower(email), id, false from employees
          where org_id = ${src.orgId} and lower(email) in (select jsonb_array_elements_text(${JSON.stringify([...emails])}::jsonb))
        union all
        select external_user_id, employee_id, true from external_user_links
          where org_id = ${src.orgId} and source = ${src.source}
            and external_user_id in (select jsonb_array_elements_text(${JSON.stringify([...refKeys])}::jsonb))`,
  );
  for (const k of refKeys) people.set(k, null);
  for (const r of rows.filter((r) => !r.link)) people.set(r.k, r.id);
  for (const r of rows.filter((r) => r.link)) people.set(r.k, r.id);
  const newIds = [...new Set(rows.map((r) => r.id))].filter((id) => !session.history.has(id));
  if (newIds.length === 0) return;
  const history = await queryRows<{ employee_id: string; unit_id: string; from: string; to: string | null }>(
    db,
    sql`select employee_id, unit_id, effective_from::text as "from", effective_to::text as "to" from job_history
        where org_id = ${src.orgId} and employee_id in (select (jsonb_array_elements_text(${JSON.stringify(newIds)}::jsonb))::uuid)
        order by effective_from desc`,
  );
  for (const id of newIds) session.history.set(id, []);
  for (const h of history) session.history.get(h.employee_id)!.push({ unitId: h.unit_id, from: h.from, to: h.to });
}

/** The unit the person belonged to on that day: their latest job that had started and not ended. */
function unitOn(session: IngestSession, employeeId: string | null, day: string): string | null {
  if (!employeeId) return null;
  for (const h of session.history.get(employeeId) ?? []) {
    if (h.from <= day && (h.to === null || h.to >= day)) return h.unitId;
  }
  return null;
}

/** Validated items of one chunk, and the rejected ones with their reasons. */
export interface PreparedChunk {
  result: IngestResult;
  valid: Prepared[];
}

/** Validates items into the chunk: the first of each externalId is kept, later ones are rejected. */
function prepareInto(
  session: IngestSession,
  raws: readonly RawItem[],
  kind: PosKind,
  locale: Locale,
  chunk: PreparedChunk,
  seen: Set<string>,
) {
  const { result, valid } = chunk;
  for (const raw of raws) {
    const out = prepare(raw, kind, locale, session.src.timeZone);
    if (out.rejected) {
      result.rejected.push(out.rejected);
      continue;
    }
    const { pos, item } = out.prepared;
    if (!session.known.has(item.type)) {
      const text = localizeFieldError({ field: 'type', code: 'UNKNOWN_ACTIVITY_TYPE' }, locale).message;
      result.rejected.push(reject(pos, kind, 'UNKNOWN_ACTIVITY_TYPE', 'type', text));
      continue;
    }
    if (seen.has(item.externalId)) {
      const text = localizeFieldError({ field: 'externalId', code: 'DUPLICATE_IN_BATCH' }, locale).message;
      result.rejected.push(reject(pos, kind, 'DUPLICATE_IN_BATCH', 'externalId', text));
      continue;
    }
    seen.add(item.externalId);
    valid.push(out.prepared);
  }
}

const emptyChunk = (): PreparedChunk => ({ result: emptyResult(), valid: [] });

/** The CPU part of a chunk (validation, content hashes, local days), in one go. */
export function prepareChunk(session: IngestSession, raws: RawItem[], kind: PosKind, locale: Locale): PreparedChunk {
  const chunk = emptyChunk();
  prepareInto(session, raws, kind, locale, chunk, new Set());
  return chunk;
}

/** Items validated between two turns of the event loop by prepareChunkInTurns. */
const PREPARE_TURN = 100;

/**
 * The same as prepareChunk, giving the event loop a turn every 100 items. A stream prepares its next
 * chunk while the previous one is being written: the write's statements follow one another only as the event
 * loop answers the database, so one long synchronous pass left the database idle in its transaction meanwhile.
 */
export async function prepareChunkInTurns(
  session: IngestSession,
  raws: RawItem[],
  kind: PosKind,
  locale: Locale,
): Promise<PreparedChunk> {
  const chunk = emptyChunk();
  const seen = new Set<string>();
  for (let i = 0; i < raws.length; i += PREPARE_TURN) {
    if (i > 0) await setImmediate();
    prepareInto(session, raws.slice(i, i + PREPARE_TURN), kind, locale, chunk, seen);
  }
  return chunk;
}

interface Row {
  external_id: string;
  type: string;
  employee_id: string | null;
  person_ref: Record<string, string>;
  occurred_at: string;
  local_date: string;
  unit_id: string | null;
  amount: string | null;
  currency: string;
  quantity: number | null;
  customer_external_id: string | null;
  customer_name: string | null;
  customer_tier: string | null;
  attributes: Record<string, unknown>;
  is_voided: boolean;
  content_hash: string;
}

/** The columns ingestion writes (the others take their defaults); the benchmark's COPY reference loads the same. */
export const ACTIVITY_COPY_COLUMNS = [
  'org_id',
  'source',
  'external_id',
  'type',
  'employee_id',
  'person_ref',
  'occurred_at',
  'local_date',
  'unit_id',
  'amount',
  'currency',
  'quantity',
  'customer_external_id',
  'customer_name',
  'customer_tier',
  'attributes',
  'is_voided',
  'content_hash',
];

function copyText(src: IngestSource, rows: readonly Row[]): string {
  const head = `${copyField(src.orgId)}\t${copyField(src.source)}\t`;
  let out = '';
  for (const r of rows) {
    out += `${head}${copyField(r.external_id)}\t${copyField(r.type)}\t${copyField(r.employee_id)}\t${copyField(
      JSON.stringify(r.person_ref),
    )}\t${copyField(r.occurred_at)}\t${r.local_date}\t${copyField(r.unit_id)}\t${copyField(r.amount)}\t${copyField(
      r.currency,
    )}\t${copyField(r.quantity)}\t${copyField(r.customer_external_id)}\t${copyField(r.customer_name)}\t${copyField(
      r.customer_tier,
    )}\t${copyField(JSON.stringify(r.attributes))}\t${r.is_voided ? 't' : 'f'}\t${r.content_hash}\n`;
  }
  return out;
}

/** Writes changed facts over their stored versions (version + 1); identical content is left alone. */
async function updateChanged(tx: DbOrTx, src: IngestSource, rows: readonly Row[]) {
  return queryRows<{ external_id: string; employee_id: string | null; local_date: string }>(
    tx,
    sql`update activities a set type = r.type, employee_id = r.employee_id, person_ref = r.person_ref,
          occurred_at = r.occurred_at, local_date = r.local_date, unit_id = r.unit_id, amount = r.amount,
          currency = r.currency, quantity = r.quantity, customer_external_id = r.customer_external_id,
          customer_name = r.customer_name, customer_tier = r.customer_tier, attributes = r.attributes,
          is_voided = r.is_voided, content_hash = r.content_hash, version = a.version + 1, updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(external_id text, type text, employee_id uuid,
          person_ref jsonb, occurred_at timestamptz, local_date date, unit_id uuid, amount numeric, currency text,
          quantity int, customer_external_id text, customer_name text, customer_tier text, attributes jsonb,
          is_voided boolean, content_hash text)
        where a.org_id = ${src.orgId} and a.source = ${src.source} and a.external_id = r.external_id
          and a.content_hash is distinct from r.content_hash
        returning a.external_id, a.employee_id, a.local_date::text as local_date`,
  );
}

/**
 * Writes one prepared chunk in one transaction (or the caller's) and records the touched person-days
 * for the metric recompute (drainMetricsDirty): facts not stored yet go in with COPY, identical resends
 * are counted as duplicates and change nothing, changed facts are updated (version + 1). Nothing is
 * acknowledged before the transaction commits.
 */
export async function storeChunk(
  deps: Pick<Deps, 'db'>,
  session: IngestSession,
  chunk: PreparedChunk,
  /** Run inside this transaction (an all-or-nothing import) instead of one of its own. */
  outerTx?: DbOrTx,
): Promise<ChunkOutcome> {
  const { src } = session;
  const result = chunk.result;
  const { valid } = chunk;
  // The first chunk of a request (every JSON batch and webhook, a short stream): its new facts' sums and counts
  // are added to the stored values (metric_new_facts), the rest of their periods not read again. A bulk load's
  // further chunks queue person-days instead, for one recompute (or rebuild) of everything they touched.
  const byDelta = session.chunks++ === 0;
  if (valid.length === 0) return { result, touched: [], added: 0 };
  await resolvePeople(outerTx ?? deps.db, session, valid);
  const rows: Row[] = valid.map((p) => {
    const employeeId = session.people.get(p.personKey) ?? null;
    return {
      external_id: p.item.externalId,
      type: p.item.type,
      employee_id: employeeId,
      person_ref: p.personRef,
      occurred_at: p.item.occurredAt,
      local_date: p.localDate,
      unit_id: unitOn(session, employeeId, p.localDate),
      amount: p.amount,
      currency: p.item.currency,
      quantity: p.item.quantity ?? null,
      customer_external_id: p.item.customer?.externalId ?? null,
      customer_name: p.item.customer?.name ?? null,
      customer_tier: p.item.customer?.tier ?? null,
      attributes: p.item.attributes ?? {},
      is_voided: p.item.voided ?? false,
      content_hash: p.contentHash,
    };
  });
  const ids = JSON.stringify(rows.map((r) => r.external_id));
  // Built before the transaction opens: the database does not wait for it.
  const allRowsText = session.expectStored ? null : copyText(src, rows);

  const touched: Touched[] = [];
  const added: string[] = [];
  /** Counts what was written and records the person-days (or new facts) whose metrics it changes. */
  const tally = (
    fresh: readonly Row[],
    updated: readonly { external_id: string; employee_id: string | null; local_date: string }[],
    stored: Map<string, Stored>,
  ) => {
    for (const r of fresh) {
      result.accepted++;
      if (!r.employee_id) result.unmatched++;
      else if (byDelta) added.push(r.external_id);
      else touched.push({ employeeId: r.employee_id, localDate: r.local_date });
    }
    for (const c of updated) {
      result.updated++;
      if (!c.employee_id) result.unmatched++;
      else touched.push({ employeeId: c.employee_id, localDate: c.local_date });
      // The metrics of a fact that moved (person or day) follow it.
      const old = stored.get(c.external_id);
      if (old?.employee_id && (old.employee_id !== c.employee_id || old.local_date !== c.local_date)) {
        touched.push({ employeeId: old.employee_id, localDate: old.local_date });
      }
    }
    result.duplicates = valid.length - fresh.length - updated.length;
  };
  // Its own transaction is repeated after a deadlock with a concurrent batch (nothing of it was committed).
  const inTransaction = <T>(fn: (tx: DbOrTx) => Promise<T>) =>
    outerTx ? fn(outerTx) : retryOnDeadlock(() => deps.db.transaction(fn));
  await inTransaction(async (tx) => {
    for (let attempt = 1; ; attempt++) {
      touched.length = 0;
      added.length = 0;
      result.accepted = 0;
      result.updated = 0;
      result.unmatched = 0;
      // Optimistic first: while a request's chunks are all new (a stream of fresh facts, a backfill), the
      // whole chunk goes straight in with COPY; a stored id fails it on the primary key (in a savepoint, so
      // nothing of it stays), and from then on this request probes the keys before it writes.
      if (!session.expectStored && attempt === 1) {
        const customers = orderCustomers(rows);
        const firstBefore = await firstOrders(tx, src.orgId, customers);
        try {
          await tx.transaction((sp) =>
            copyRowsIn(sp, 'activities', ACTIVITY_COPY_COLUMNS, allRowsText ?? copyText(src, rows)),
          );
        } catch (err) {
          if (pgErrorCode(err) !== '23505') throw err;
          session.expectStored = true;
          continue;
        }
        tally(rows, [], new Map());
        touched.push(...movedFirstOrders(firstBefore, await firstOrders(tx, src.orgId, customers)));
        break;
      }
      // What these keys hold already: a join on the chunk's ids probing the primary key per id.
      // (`= any(array(…))` looked equivalent but PostgreSQL filtered every row of the source with it.)
      const before = await queryRows<Stored>(
        tx,
        sql`select a.external_id, a.employee_id, a.local_date::text as local_date, a.content_hash, a.type,
              a.customer_external_id
            from (select jsonb_array_elements_text(${ids}::jsonb) as eid) k
            join activities a on a.org_id = ${src.orgId} and a.source = ${src.source} and a.external_id = k.eid`,
      );
      session.expectStored = before.length > 0;
      const stored = new Map(before.map((b) => [b.external_id, b]));
      const fresh = rows.filter((r) => !stored.has(r.external_id));
      const changed = rows.filter((r) => {
        const old = stored.get(r.external_id);
        return old !== undefined && old.content_hash !== r.content_hash;
      });
      const customers = orderCustomers([...fresh, ...changed], stored);
      const firstBefore = await firstOrders(tx, src.orgId, customers);
      if (fresh.length) {
        try {
          // In a savepoint: a concurrent request that stored one of these ids since the probe fails the COPY
          // with a unique violation, and the chunk is sorted again with that row known.
          await tx.transaction((sp) => copyRowsIn(sp, 'activities', ACTIVITY_COPY_COLUMNS, copyText(src, fresh)));
        } catch (err) {
          if (pgErrorCode(err) === '23505' && attempt < 5) continue;
          throw err;
        }
      }
      tally(fresh, changed.length ? await updateChanged(tx, src, changed) : [], stored);
      touched.push(...movedFirstOrders(firstBefore, await firstOrders(tx, src.orgId, customers)));
      break;
    }
    await markMetricsDirty(tx, src.orgId, touched);
    await queueNewFacts(tx, src.orgId, src.source, added);
  });
  return { result, touched, added: added.length };
}

/** Validates, resolves and stores one chunk (see storeChunk). */
export async function ingestChunk(
  deps: Pick<Deps, 'db'>,
  src: IngestSource,
  raws: RawItem[],
  kind: PosKind,
  locale: Locale,
  outerTx?: DbOrTx,
  session?: IngestSession,
): Promise<ChunkOutcome> {
  const s = session ?? (await openIngestSession(outerTx ?? deps.db, src));
  return storeChunk(deps, s, prepareChunk(s, raws, kind, locale), outerTx);
}

const MAX_LISTED_REJECTIONS = 1000;

export function emptyResult(): IngestResult {
  return { accepted: 0, duplicates: 0, updated: 0, unmatched: 0, rejected: [], rejectedCount: 0 };
}

export function mergeResults(into: IngestResult, add: IngestResult) {
  into.accepted += add.accepted;
  into.duplicates += add.duplicates;
  into.updated += add.updated;
  into.unmatched += add.unmatched;
  into.rejectedCount += add.rejected.length;
  into.rejected.push(...add.rejected.slice(0, Math.max(0, MAX_LISTED_REJECTIONS - into.rejected.length)));
}
