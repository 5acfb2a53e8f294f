import { metricList, metricSeries, metricSeriesQuery, teamMetric, teamMetricQuery } from '@stride/contracts';
import { addDays, addMonths } from '@stride/domain';
import Decimal from 'decimal.js';
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { queryRows } from '../../db/client';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { authOf } from '../../lib/http';
import { employeeVisibility, resolveScope, unitSubtreeIds } from '../access/scope';
import { getEmployee } from '../employees/employees.service';
import { builtinMetrics, metricByKey, type PeriodType } from './metric-library';

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
) {
  const byKey = new Map(rows.map((r) => [`${r.metric_key}|${r.period_start}`, new Decimal(r.value)]));
  return rows.map((r) => {
    const value = new Decimal(r.value);
    return {
      metric: r.metric_key,
      periodStart: r.period_start,
      value: value.toFixed(metricByKey.get(r.metric_key)?.unit === 'ratio' ? 4 : 2),
      source: r.source as 'computed' | 'imported',
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
      schema: { tags: ['metrics'], summary: 'The metric library', response: { 200: metricList } },
    },
    async (req) => ({
      items: builtinMetrics.map((m) => ({
        key: m.key,
        name: m.name[req.locale],
        unit: m.unit,
        activityTypes: [...m.types],
      })),
    }),
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
      if (q.metric && !metricByKey.has(q.metric))
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
            select i.metric_key, i.period_start::text, i.value::text, 'imported' from imported_metric_values i
            where i.org_id = ${auth.orgId} and i.employee_id = ${q.employeeId} and i.period_type = ${q.periodType}
              ${q.metric ? sql`and i.metric_key = ${q.metric}` : sql``}
              ${lookFrom ? sql`and i.period_start >= ${lookFrom}` : sql``} ${q.to ? sql`and i.period_start <= ${q.to}` : sql``}
              and not exists (select 1 from metric_values v where v.org_id = i.org_id and v.employee_id = i.employee_id
                and v.metric_key = i.metric_key and v.period_type = i.period_type and v.period_start = i.period_start)
            order by period_start, metric_key`,
      );
      return {
        employeeId: q.employeeId,
        periodType: q.periodType,
        points: withGrowth(rows, q.periodType).filter((p) => !q.from || p.periodStart >= q.from),
      };
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
      if (!metricByKey.has(q.metric)) fail('VALIDATION_FAILED', [{ field: 'metric', code: 'UNKNOWN_METRIC' }]);
      const rows = await queryRows<{
        id: string;
        name: string;
        employee_no: string;
        unit_name: string;
        value: string | null;
      }>(
        deps.db,
        sql`select employees.id, employees.name, employees.employee_no, u.name as unit_name, v.value::text as value
            from employees join org_units u on u.id = employees.unit_id
            left join metric_values v on v.org_id = employees.org_id and v.employee_id = employees.id and v.metric_key = ${q.metric}
              and v.period_type = ${q.periodType} and v.period_start = ${q.periodStart}
            where employees.unit_id in ${unitSubtreeIds(auth.orgId, q.unitId)} and employees.status <> 'exited' and ${employeeVisibility(scope)}
            order by v.value desc nulls last, employees.employee_no`,
      );
      // Money and counts add up over a team; a ratio or a score does not, so their "total" is the mean.
      const unit = metricByKey.get(q.metric)!.unit;
      const places = unit === 'ratio' ? 4 : 2;
      const sum = rows.reduce((acc, r) => acc.plus(r.value ?? 0), new Decimal(0));
      const withValue = rows.filter((r) => r.value !== null).length;
      const total = unit === 'ratio' || unit === 'score' ? (withValue ? sum.div(withValue) : new Decimal(0)) : sum;
      return {
        metric: q.metric,
        periodStart: q.periodStart,
        total: total.toFixed(places),
        aggregation: unit === 'ratio' || unit === 'score' ? ('mean' as const) : ('sum' as const),
        items: rows.map((r) => ({
          employee: { id: r.id, name: r.name, employeeNo: r.employee_no },
          unitName: r.unit_name,
          value: new Decimal(r.value ?? 0).toFixed(places),
        })),
      };
    },
  );
};
