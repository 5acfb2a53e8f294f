import { createEmployeeRequest, type ImportResult, type Locale } from '@stride/contracts';
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { todayIn } from '../../lib/dates';
import type { Deps } from '../../lib/deps';
import { AppError } from '../../lib/errors';
import type { AuthContext } from '../../lib/http';
import { resolveScope } from '../access/scope';
import { ingestChunk } from '../activities/ingest.service';
import type { AuditActor } from '../audit/audit.service';
import { createEmployee } from '../employees/employees.service';
import { loadCatalog } from '../metrics/catalog.service';
import { drainMetricsDirty } from '../metrics/metrics.service';
import type { TargetCtx } from '../targets/targets.access';
import { importTarget } from '../targets/targets.import';
import type { StoredError } from './cells';
import { rowMessage } from './messages';
import type { CheckedRow } from './store';
import { toActivityInput } from './validate-activities';
import { type PersonalValues, toCreateInput } from './validate-people';

export const MAX_LISTED_FAILURES = 1000;

/** A row that passed the check but could not be written; in all-or-nothing mode it stops the import. */
export class RowFailure extends Error {
  constructor(readonly failure: StoredError) {
    super(failure.code);
  }
}

export interface WriteContext {
  deps: Deps;
  /** The importing user (admin or hr): targets are written with their rights. */
  auth: AuthContext;
  actor: AuditActor;
  locale: Locale;
  orgTimeZone: string;
  importId: string;
  /** all_or_nothing: the first failure aborts; valid_only: it is listed and the rest goes on. */
  strict: boolean;
  result: ImportResult;
}

export interface Writer {
  /** The rows in the order they must be written (a manager before the people reporting to them). */
  order(rows: CheckedRow[]): CheckedRow[];
  write(tx: DbOrTx, chunk: CheckedRow[]): Promise<void>;
}

export function recordFailure(ctx: WriteContext, f: Omit<StoredError, 'message'> & { message?: string }) {
  const failure: StoredError = { ...f, message: f.message ?? rowMessage(f.code, ctx.locale) };
  if (ctx.strict) throw new RowFailure(failure);
  ctx.result.failedCount++;
  if (ctx.result.failed.length < MAX_LISTED_FAILURES) ctx.result.failed.push(failure);
}

export function activityWriter(ctx: WriteContext, source: string): Writer {
  const src = { orgId: ctx.actor.orgId, source, timeZone: ctx.orgTimeZone };
  return {
    order: (rows) => rows,
    async write(tx, chunk) {
      const raws = chunk.map((c) => ({ pos: c.row, raw: toActivityInput(c.values) }));
      const { result } = await ingestChunk(ctx.deps, src, raws, 'line', ctx.locale, tx);
      await drainMetricsDirty(tx, src.orgId);
      ctx.result.created += result.accepted;
      ctx.result.updated += result.updated;
      ctx.result.duplicates += result.duplicates;
      ctx.result.unmatched += result.unmatched;
      for (const r of result.rejected) {
        recordFailure(ctx, {
          row: r.line ?? 0,
          field: r.field ?? 'row',
          column: null,
          code: r.code,
          message: r.message,
        });
      }
    },
  };
}

export function peopleWriter(ctx: WriteContext, secrets: Record<number, PersonalValues>): Writer {
  const created = new Map<number, string>();
  return {
    order(rows) {
      const managerRow = new Map(rows.map((r) => [r.row, r.values.managerRow as number | null]));
      const depth = (row: number) => {
        let d = 0;
        for (let at = managerRow.get(row); typeof at === 'number' && d <= rows.length; at = managerRow.get(at)) d++;
        return d;
      };
      return rows
        .map((r) => ({ r, d: depth(r.row) }))
        .sort((a, b) => a.d - b.d || a.r.row - b.r.row)
        .map((x) => x.r);
    },
    async write(tx, chunk) {
      for (const c of chunk) {
        const managerRow = c.values.managerRow;
        const managerId =
          typeof managerRow === 'number' ? (created.get(managerRow) ?? null) : ((c.values.managerId as string) ?? null);
        if (typeof managerRow === 'number' && !managerId) {
          recordFailure(ctx, { row: c.row, field: 'manager', column: null, code: 'MANAGER_ROW_INVALID' });
          continue;
        }
        const input = createEmployeeRequest.parse(toCreateInput(c.values, secrets[c.row] ?? {}, managerId));
        try {
          const id = ctx.strict
            ? await createEmployee(ctx.deps, ctx.actor, input, tx)
            : await tx.transaction((sp) => createEmployee(ctx.deps, ctx.actor, input, sp));
          created.set(c.row, id);
          ctx.result.created++;
        } catch (e) {
          const code = e instanceof AppError ? e.code : uniqueViolation(e) ? 'EMPLOYEE_NO_TAKEN' : null;
          if (!code) throw e;
          const field = e instanceof AppError ? (e.fieldErrors[0]?.field ?? 'row') : 'employeeNo';
          recordFailure(ctx, { row: c.row, field, column: null, code });
        }
      }
    },
  };
}

const uniqueViolation = (e: unknown): boolean => {
  for (let x = e as { code?: string; cause?: unknown } | undefined; x; x = x.cause as typeof x) {
    if (x.code === '23505') return true;
  }
  return false;
};

export function metricValueWriter(ctx: WriteContext): Writer {
  return {
    order: (rows) => rows,
    async write(tx, chunk) {
      const payload = JSON.stringify(
        chunk.map((c) => ({
          metric_key: c.values.metric,
          period_type: c.values.periodType,
          period_start: c.values.periodStart,
          employee_id: c.values.employeeId,
          value: c.values.value,
        })),
      );
      const now = ctx.deps.clock();
      const rows = await queryRows<{ inserted: boolean }>(
        tx,
        sql`insert into imported_metric_values (org_id, metric_key, period_type, period_start, employee_id, value, import_id, created_at)
            select ${ctx.actor.orgId}, r.metric_key, r.period_type, r.period_start, r.employee_id, r.value, ${ctx.importId}, ${now}
            from jsonb_to_recordset(${payload}::jsonb) as r(metric_key text, period_type text, period_start date,
              employee_id uuid, value numeric)
            on conflict (org_id, metric_key, period_type, period_start, employee_id) do update set
              value = excluded.value, import_id = excluded.import_id, created_at = excluded.created_at
            returning (xmax = 0) as inserted`,
      );
      for (const r of rows) {
        if (r.inserted) ctx.result.created++;
        else ctx.result.updated++;
      }
      // Ratios and growths built on these metrics follow: the first and the last day of each period touch
      // every period type that starts or ends with it.
      await tx.execute(sql`insert into metric_dirty (org_id, employee_id, local_date)
        select distinct ${ctx.actor.orgId}::uuid, r.employee_id, d.day
        from jsonb_to_recordset(${payload}::jsonb) as r(period_type text, period_start date, employee_id uuid)
        cross join lateral (values (r.period_start), ((r.period_start + case r.period_type when 'week' then interval '7 days'
          when 'month' then interval '1 month' when 'quarter' then interval '3 months' else interval '1 year' end)::date - 1)) as d(day)
        on conflict do nothing`);
      await drainMetricsDirty(tx, ctx.actor.orgId);
    },
  };
}

const subjectField: Record<string, string> = {
  EMPLOYEE_NOT_FOUND: 'employeeNo',
  TARGET_SELF_SET: 'employeeNo',
  ORG_UNIT_NOT_FOUND: 'unit',
  TARGET_EXISTS: 'periodStart',
};

/**
 * Agreed targets, one by one through the targets service (scope, lock and reason, history, audit). In
 * valid-only mode each row has its own savepoint, so a refused row leaves the others of its chunk.
 */
export function targetWriter(ctx: WriteContext): Writer {
  return {
    order: (rows) => rows,
    async write(tx, chunk) {
      const now = ctx.deps.clock();
      const tctx: TargetCtx = {
        auth: ctx.auth,
        actor: ctx.actor,
        scope: await resolveScope(tx, ctx.auth),
        today: todayIn(ctx.orgTimeZone, now),
      };
      const catalog = await loadCatalog(tx, ctx.auth.orgId);
      for (const c of chunk) {
        const v = c.values;
        const input = {
          employeeId: (v.employeeId as string | null) ?? null,
          unitId: (v.unitId as string | null) ?? null,
          metric: v.metric as string,
          periodType: v.periodType as 'month' | 'quarter' | 'year',
          periodStart: v.periodStart as string,
          value: v.value as string,
          reason: (v.reason as string | null) ?? null,
          importId: ctx.importId,
          row: c.row,
        };
        try {
          const outcome = ctx.strict
            ? await importTarget(tx, tctx, input, catalog, now)
            : await tx.transaction((sp) => importTarget(sp, tctx, input, catalog, now));
          if (outcome === 'created') ctx.result.created++;
          else if (outcome === 'updated') ctx.result.updated++;
          else ctx.result.duplicates++;
        } catch (e) {
          const code = e instanceof AppError ? e.code : uniqueViolation(e) ? 'TARGET_EXISTS' : null;
          if (!code) throw e;
          const first = e instanceof AppError ? e.fieldErrors[0] : undefined;
          recordFailure(ctx, {
            row: c.row,
            field: first?.field ?? subjectField[code] ?? 'row',
            column: null,
            code: code === 'VALIDATION_FAILED' && first ? first.code : code,
          });
        }
      }
    },
  };
}
