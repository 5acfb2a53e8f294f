import { z } from 'zod';
import { isoDate, uuid } from './common';

export const periodTypeSchema = z.enum(['week', 'month', 'quarter', 'year']);
export const metricDefinitionView = z.object({
  key: z.string(),
  name: z.string(),
  unit: z.enum(['CNY', 'count', 'ratio', 'score']),
  activityTypes: z.array(z.string()),
});
export const metricList = z.object({ items: z.array(metricDefinitionView) });

export const metricSeriesQuery = z.object({
  employeeId: uuid,
  metric: z.string().max(64).optional(),
  periodType: periodTypeSchema.default('month'),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export const metricPoint = z.object({
  metric: z.string(),
  periodStart: z.string(),
  value: z.string(),
  /** computed from activities, or imported history (no facts behind it to drill into). */
  source: z.enum(['computed', 'imported']),
  /** (value − previous period) / |previous period|, four decimals; null without a base. */
  growthVsPrevious: z.string().nullable(),
  /** Against the same period a year earlier (52 weeks for weeks). */
  growthVsLastYear: z.string().nullable(),
});
export const metricSeries = z.object({ employeeId: uuid, periodType: periodTypeSchema, points: z.array(metricPoint) });

export const teamMetricQuery = z.object({
  unitId: uuid,
  metric: z.string().max(64),
  periodType: periodTypeSchema.default('month'),
  periodStart: isoDate,
});
export const teamMetricRow = z.object({
  employee: z.object({ id: uuid, name: z.string(), employeeNo: z.string() }),
  unitName: z.string(),
  value: z.string(),
});
export const teamMetric = z.object({
  metric: z.string(),
  periodStart: z.string(),
  /** Sum for money and counts; the mean over people with a value for ratios and scores. */
  total: z.string(),
  aggregation: z.enum(['sum', 'mean']),
  items: z.array(teamMetricRow),
});
