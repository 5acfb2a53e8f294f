import { type ActivityInput, activityInput } from '@stride/contracts';
import { parseAmount, parseCount, parseLooseDateTime } from '@stride/domain';
import type { z } from 'zod';
import { canonicalJson, sha256Hex } from '../../lib/crypto';
import { BOOK_CURRENCY } from '../activities/ingest.service';
import { activityTypeOf, currencyOf, type RowProblem, type RowReader, type Values } from './cells';
import type { CheckedRows } from './validate';

export interface ActivityCheckOptions {
  timeZone: string;
  /** The file's own type names → canonical types. */
  types: Record<string, string>;
  /** The organization's active types (built-in and its own) and the names of its own types → keys. */
  known?: { keys: Set<string>; names: Map<string, string> };
}

const schemaField = (path: PropertyKey[]): string => {
  if (path[0] === 'customer' && typeof path[1] === 'string') {
    return `customer${path[1][0].toUpperCase()}${path[1].slice(1)}`;
  }
  return String(path[0] ?? 'row');
};

/** Issues of a zod parse as row problems, in the shape the activity API reports them. */
export function schemaProblems(row: number, error: z.ZodError, toField: (path: PropertyKey[]) => string) {
  return error.issues.map((issue) => ({
    row,
    field: toField(issue.path),
    code: /^[A-Z][A-Z_]+$/.test(issue.message) ? issue.message : issue.code,
    message: issue.message,
  }));
}

/** The activity as the API takes it, from a checked row's canonical values. */
export function toActivityInput(v: Values): ActivityInput {
  const str = (k: string) => (typeof v[k] === 'string' && v[k] !== '' ? (v[k] as string) : undefined);
  const customer = {
    externalId: str('customerExternalId'),
    name: str('customerName'),
    tier: str('customerTier'),
  };
  const input: Record<string, unknown> = {
    externalId: v.externalId,
    type: v.type,
    employeeNo: str('employeeNo'),
    email: str('email'),
    externalUserId: str('externalUserId'),
    occurredAt: v.occurredAt,
    amount: str('amount'),
    currency: str('currency'),
    quantity: typeof v.quantity === 'number' ? v.quantity : undefined,
    customer: customer.externalId || customer.name || customer.tier ? customer : undefined,
  };
  for (const k of Object.keys(input)) if (input[k] === undefined) delete input[k];
  return input as ActivityInput;
}

/**
 * Checks activity rows with the domain parsers (loose dates, amounts with separators, ¥ and 万) and
 * then the API's own schema. Rows without an external id get one derived from their content, so the
 * same file committed twice stores each fact once.
 */
export function checkActivities(readers: RowReader[], opts: ActivityCheckOptions): CheckedRows {
  const out: CheckedRows = { checked: [], problems: [] };
  const explicitIds = new Map<string, number>();
  const derivedCounts = new Map<string, number>();
  // Exports repeat the same dates over and over; reading one in a time zone is the costly part.
  const dates = new Map<string, ReturnType<typeof parseLooseDateTime>>();
  const typeNames = Object.fromEntries(Object.entries(opts.types).map(([k, t]) => [k.trim().toLowerCase(), t]));
  for (const r of readers) {
    const row = r.data.row;
    const problems: RowProblem[] = [];
    const bad = (field: string, code: string) => problems.push({ row, field, code });
    const v: Values = {};

    const typeText = r.text('type');
    v.type = typeText
      ? (typeNames[typeText.toLowerCase()] ??
        activityTypeOf(typeText) ??
        opts.known?.names.get(typeText.trim().toLowerCase()) ??
        typeText.toLowerCase())
      : null;
    if (typeof v.type === 'string' && opts.known && !opts.known.keys.has(v.type)) bad('type', 'UNKNOWN_ACTIVITY_TYPE');
    for (const f of ['employeeNo', 'email', 'externalUserId', 'customerExternalId', 'customerName', 'customerTier']) {
      v[f] = r.text(f) || null;
    }
    if (typeof v.email === 'string') v.email = v.email.toLowerCase();

    const when = r.cell('occurredAt');
    v.occurredAt = null;
    if (when === undefined || r.blank('occurredAt')) bad('occurredAt', 'REQUIRED');
    else {
      const key = `${typeof when}:${when}`;
      const d = dates.get(key) ?? parseLooseDateTime(when, { timeZone: opts.timeZone });
      if (dates.size < 100_000) dates.set(key, d);
      if (d.ok) v.occurredAt = d.value;
      else bad('occurredAt', d.code);
    }
    v.amount = null;
    if (!r.blank('amount')) {
      const a = parseAmount(r.cell('amount')!);
      if (a.ok) v.amount = a.value;
      else bad('amount', a.code);
    }
    v.quantity = null;
    if (!r.blank('quantity')) {
      const q = parseCount(r.cell('quantity')!);
      if (q.ok) v.quantity = q.value;
      else bad('quantity', q.code);
    }
    const currency = r.text('currency');
    v.currency = currency ? (currencyOf(currency) ?? currency.toUpperCase()) : 'CNY';
    // As ingestion refuses it: an amount in another currency would count as yuan.
    if (v.amount !== undefined && v.amount !== null && v.currency !== BOOK_CURRENCY && /^[A-Z]{3}$/.test(v.currency))
      bad('currency', 'CURRENCY_NOT_SUPPORTED');

    const explicitId = r.text('externalId');
    v.externalId = explicitId || 'pending';
    const parsed = activityInput.safeParse(toActivityInput(v));
    if (!parsed.success) {
      const seen = new Set(problems.map((p) => p.field));
      for (const p of schemaProblems(row, parsed.error, schemaField)) if (!seen.has(p.field)) problems.push(p);
    }

    if (explicitId) {
      const first = explicitIds.get(explicitId);
      if (first !== undefined) bad('externalId', 'DUPLICATE_IN_FILE');
      else explicitIds.set(explicitId, row);
    } else {
      const { externalId: _pending, ...content } = v;
      const base = `imp-${sha256Hex(canonicalJson(content)).slice(0, 32)}`;
      const n = (derivedCounts.get(base) ?? 0) + 1;
      derivedCounts.set(base, n);
      v.externalId = n === 1 ? base : `${base}-${n}`;
    }
    out.checked.push({ row, values: v });
    out.problems.push(...problems);
  }
  return out;
}
