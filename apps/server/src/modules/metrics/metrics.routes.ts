import {
  activityTypeKey,
  activityTypeList,
  activityTypeView,
  createActivityTypeRequest,
  createMetricRequest,
  manualValueRequest,
  manualValueView,
  metricCatalog,
  metricKey,
  metricSeries,
  metricSeriesQuery,
  metricValuesStatus,
  metricVersions,
  metricView,
  teamMetric,
  teamMetricQuery,
  updateActivityTypeRequest,
  updateMetricRequest,
} from '@stride/contracts';
import { addDays, addMonths } from '@stride/domain';
import Decimal from 'decimal.js';
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { queryRows } from '../../db/client';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { actorOf, authOf } from '../../lib/http';
import { assertUnitVisible, resolveScope } from '../access/scope';
import { getEmployee } from '../employees/employees.service';
import { agreedPersonTargets, agreedUnitTarget, attainmentOf } from '../targets/targets.read';
import { type Catalog, loadCatalog, metricHistory, presentMetric } from './catalog.service';
import {
  archiveMetric,
  createActivityType,
  createMetric,
  enterManualValue,
  listActivityTypes,
  updateActivityType,
  updateMetric,
} from './definitions.service';
import type { PeriodType } from './metric-library';
import { teamValues } from './team.service';

const placesOf = (catalog: Catalog, key: string) => (catalog.byKey.get(key)?.unit === 'ratio' ? 4 : 2);

const shiftPeriod = (start: string, periodType: PeriodType, back: 'previous' | 'lastYear'): string => {
  if (back === 'lastYear') return periodType === 'week' ? addDays(start, -364) : addMonths(start, -12);
  return periodType === 'week'
    ? addDays(start, -7)
    : addMonths(start, periodType === 'month' ? -1 : periodType === 'quarter' ? -3 : -12);
};

/** Relative change against a base; none when there is no base or it is zero. */
const growth = (value: Decimal, base: Decimal | undefined) =>
  base && !base.isZero() ? value.minus(base).div(base.abs()).toFixed(4) : null;

function withGrowth(
  rows: { metric_key: string; period_start: string; value: string; source: string }[],
  periodType: PeriodType,
  catalog: Catalog,
) {
  const byKey = new Map(rows.map((r) => [`${r.metric_key}|${r.period_start}`, new Decimal(r.value)]));
  return rows.map((r) => {
    const value = new Decimal(r.value);
    return {
      metric: r.metric_key,
      periodStart: r.period_start,
      value: value.toFixed(placesOf(catalog, r.metric_key)),
      source: r.source as 'computed' | 'imported' | 'manual',
      growthVsPrevious: growth(
        value,
        byKey.get(`${r.metric_key}|${shiftPeriod(r.period_start, periodType, 'previous')}`),
      ),
      growthVsLastYear: growth(
        value,
        byKey.get(`${r.metric_key}|${shiftPeriod(r.period_start, periodType, 'lastYear')}`),
      ),
    };
  });
}

export const metricsRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/metrics',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['metrics'],
        summary: 'The metric catalog: the built-in library and the organization’s own metrics',
        response: { 200: metricCatalog },
      },
    },
    async (req) => {
      const catalog = await loadCatalog(deps.db, authOf(req).orgId);
      return { items: catalog.metrics.map((m) => presentMetric(m, req.locale)) };
    },
  );

  app.post(
    '/metrics',
    {
      config: { access: ['admin', 'hr'], idempotent: true },
      schema: {
        tags: ['metrics'],
        summary: 'Create a custom metric (aggregate, ratio, growth or manual); its values are computed at once',
        body: createMetricRequest,
        response: { 201: metricView },
      },
    },
    async (req, reply) => {
      const created = await createMetric(deps, actorOf(req), req.body);
      return reply.code(201).send(presentMetric(created, req.locale));
    },
  );

  app.put(
    '/metrics/:key',
    {
      config: { access: ['admin', 'hr'] },
      schema: {
        tags: ['metrics'],
        summary: 'Change a custom metric: a new version, and its values (and those built on it) are recomputed',
        params: z.object({ key: metricKey }),
        body: updateMetricRequest,
        response: { 200: metricView },
      },
    },
    async (req) => presentMetric(await updateMetric(deps, actorOf(req), req.params.key, req.body), req.locale),
  );

  app.delete(
    '/metrics/:key',
    {
      config: { access: ['admin', 'hr'] },
      schema: {
        tags: ['metrics'],
        summary: 'Archive a custom metric (its history stays)',
        params: z.object({ key: metricKey }),
      },
    },
    async (req, reply) => {
      await archiveMetric(deps, actorOf(req), req.params.key);
      return reply.code(204).send();
    },
  );

  app.get(
    '/metrics/:key/versions',
    {
      config: { access: ['admin', 'hr'] },
      schema: {
        tags: ['metrics'],
        summary: 'Every version of a custom metric, newest first',
        params: z.object({ key: metricKey }),
        response: { 200: metricVersions },
      },
    },
    async (req) => {
      const rows = await metricHistory(deps.db, authOf(req).orgId, req.params.key);
      if (rows.length === 0) fail('NOT_FOUND');
      return {
        key: req.params.key,
        items: rows.map((r) => ({
          version: r.version,
          names: { 'zh-CN': r.name_zh, 'en-US': r.name_en },
          description: r.description,
          unit: r.unit as 'CNY' | 'count' | 'ratio' | 'score',
          spec: r.spec,
          active: r.is_active,
          createdAt: new Date(r.created_at).toISOString(),
          createdBy: r.created_by,
        })),
      };
    },
  );

  app.put(
    '/metric-values/manual',
    {
      config: { access: ['admin', 'hr', 'manager'] },
      schema: {
        tags: ['metrics'],
        summary: 'Enter (or clear with null) a value of a manual metric for a person and period',
        body: manualValueRequest,
        response: { 200: manualValueView },
      },
    },
    async (req) => {
      const auth = authOf(req);
      // A manager enters values only for the people of their units; refused like a missing person.
      await getEmployee(deps.db, await resolveScope(deps.db, auth), req.body.employeeId);
      // Values about oneself are entered by someone else (separation of duties, as for ratings).
      if (auth.employeeId && auth.employeeId === req.body.employeeId) fail('SELF_ENTRY_FORBIDDEN');
      const saved = await enterManualValue(deps, actorOf(req), req.body);
      const places = saved.unit === 'ratio' ? 4 : 2;
      const { unit: _unit, ...view } = saved;
      return { ...view, value: saved.value === null ? null : new Decimal(saved.value).toFixed(places) };
    },
  );

  app.get(
    '/activity-types',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['activities'],
        summary: 'Activity types: the built-in ones and the organization’s own',
        response: { 200: activityTypeList },
      },
    },
    async (req) => ({
      items: (await listActivityTypes(deps.db, authOf(req).orgId)).map((t) => ({ ...t, name: t.names[req.locale] })),
    }),
  );

  app.post(
    '/activity-types',
    {
      config: { access: ['admin'], idempotent: true },
      schema: {
        tags: ['activities'],
        summary: 'Add an activity type of the organization (e.g. 展会); sources may send it from then on',
        body: createActivityTypeRequest,
        response: { 201: activityTypeView },
      },
    },
    async (req, reply) => {
      const t = await createActivityType(deps, actorOf(req), req.body);
      return reply.code(201).send({ ...t, name: t.names[req.locale] });
    },
  );

  app.patch(
    '/activity-types/:key',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['activities'],
        summary: 'Rename, deactivate or reactivate an activity type of the organization',
        params: z.object({ key: activityTypeKey }),
        body: updateActivityTypeRequest,
        response: { 200: activityTypeView },
      },
    },
    async (req) => {
      const t = await updateActivityType(deps, actorOf(req), req.params.key, req.body);
      return { ...t, name: t.names[req.locale] };
    },
  );

  app.get(
    '/metric-values',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['metrics'],
        summary: 'A person’s metric values per period (trend)',
        querystring: metricSeriesQuery,
        response: { 200: metricSeries },
      },
    },
    async (req) => {
      const q = req.query;
      const auth = authOf(req);
      await getEmployee(deps.db, await resolveScope(deps.db, auth), q.employeeId);
      const catalog = await loadCatalog(deps.db, auth.orgId);
      if (q.metric && !catalog.byKey.has(q.metric))
        fail('VALIDATION_FAILED', [{ field: 'metric', code: 'UNKNOWN_METRIC' }]);
      // Values computed from activities, plus values brought in by file imports (history before
      // Stride) where nothing was computed for that metric and period: computed values win.
      // A year before `from` is read too, so each point can be compared with its previous period and
      // with the same period a year earlier.
      const lookFrom = q.from ? addMonths(q.from, -12) : undefined;
      const rows = await queryRows<{ metric_key: string; period_start: string; value: string; source: string }>(
        deps.db,
        sql`select metric_key, period_start::text as period_start, value::text as value, 'computed' as source from metric_values
            where org_id = ${auth.orgId} and employee_id = ${q.employeeId} and period_type = ${q.periodType}
              ${q.metric ? sql`and metric_key = ${q.metric}` : sql``}
              ${lookFrom ? sql`and period_start >= ${lookFrom}` : sql``} ${q.to ? sql`and period_start <= ${q.to}` : sql``}
            union all
            select i.metric_key, i.period_start::text, i.value::text,
              case when i.import_id is null then 'manual' else 'imported' end from imported_metric_values i
            where i.org_id = ${auth.orgId} and i.employee_id = ${q.employeeId} and i.period_type = ${q.periodType}
              ${q.metric ? sql`and i.metric_key = ${q.metric}` : sql``}
              ${lookFrom ? sql`and i.period_start >= ${lookFrom}` : sql``} ${q.to ? sql`and i.period_start <= ${q.to}` : sql``}
              and not exists (select 1 from metric_values v where v.org_id = i.org_id and v.employee_id = i.employee_id
                and v.metric_key = i.metric_key and v.period_type = i.period_type and v.period_start = i.period_start)
            order by period_start, metric_key`,
      );
      // Attainment wherever a metric shows: the person's agreed target for the same metric and period.
      const targets = await agreedPersonTargets(deps.db, auth.orgId, { ...q, employeeIds: [q.employeeId] });
      return {
        employeeId: q.employeeId,
        periodType: q.periodType,
        points: withGrowth(rows, q.periodType, catalog)
          .filter((p) => catalog.byKey.has(p.metric))
          .filter((p) => !q.from || p.periodStart >= q.from)
          .map((p) => {
            const target = targets.get(`${q.employeeId}|${p.metric}|${p.periodStart}`) ?? null;
            const places = placesOf(catalog, p.metric);
            return {
              ...p,
              target: target === null ? null : new Decimal(target).toFixed(places),
              attainment: attainmentOf(p.value, target),
            };
          }),
      };
    },
  );

  app.get(
    '/metric-values/status',
    {
      config: { access: ['admin', 'hr'] },
      schema: {
        tags: ['metrics'],
        summary:
          'Whether metric values are up to date: person-days, new facts (and quarters/years) still queued for the recompute (a large stream is answered before its values follow)',
        response: { 200: metricValuesStatus },
      },
    },
    async (req) => {
      const [{ n }] = await queryRows<{ n: number }>(
        deps.db,
        sql`select (select count(*) from metric_dirty where org_id = ${authOf(req).orgId})::int
            + (select count(*) from metric_new_facts where org_id = ${authOf(req).orgId})::int
            + (select count(*) from metric_dirty_periods where org_id = ${authOf(req).orgId})::int as n`,
      );
      return { pending: n, upToDate: n === 0 };
    },
  );

  app.get(
    '/metric-values/team',
    {
      config: { access: ['admin', 'hr', 'manager'] },
      schema: {
        tags: ['metrics'],
        summary: 'One metric for one period across the people of a unit and its sub-units (team values roll up)',
        querystring: teamMetricQuery,
        response: { 200: teamMetric },
      },
    },
    async (req) => {
      const q = req.query;
      const auth = authOf(req);
      const scope = await resolveScope(deps.db, auth);
      const metric =
        (await loadCatalog(deps.db, auth.orgId)).byKey.get(q.metric) ??
        fail('VALIDATION_FAILED', [{ field: 'metric', code: 'UNKNOWN_METRIC' }]);
      // A unit outside the caller's scope (another team, another organization) is refused, not shown empty.
      await assertUnitVisible(deps.db, scope, q.unitId);
      const team = await teamValues(deps.db, scope, metric, q);
      const places = metric.unit === 'ratio' ? 4 : 2;
      const key = { metric: q.metric, periodType: q.periodType, periodStart: q.periodStart };
      const targets = await agreedPersonTargets(deps.db, auth.orgId, {
        ...key,
        employeeIds: team.rows.map((r) => r.employeeId),
      });
      const teamTarget = await agreedUnitTarget(deps.db, auth.orgId, { ...key, unitId: q.unitId });
      const fmt = (v: string | null | undefined) => (v == null ? null : new Decimal(v).toFixed(places));
      return {
        metric: q.metric,
        periodStart: q.periodStart,
        basis: team.basis,
        total: team.total,
        aggregation: team.aggregation,
        teamTarget: fmt(teamTarget),
        teamAttainment: team.total === null ? null : attainmentOf(team.total, teamTarget),
        unlisted: team.unlisted,
        items: team.rows.map((r) => {
          const target = targets.get(`${r.employeeId}|${q.metric}|${q.periodStart}`);
          return {
            employee: { id: r.employeeId, name: r.name, employeeNo: r.employeeNo },
            unitName: r.unitName,
            currentMember: r.currentMember,
            exited: r.exited,
            value: r.value,
            target: fmt(target),
            attainment: attainmentOf(r.value, target),
          };
        }),
      };
    },
  );
};
