import type {
  ActivityView,
  MetricView,
  manualValueRequest,
  manualValueView,
  metricPoint,
  metricSeries,
  teamMetric,
  teamMetricRow,
} from '@stride/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client';
import i18n from '../../i18n';
import type { PeriodType } from './periods';

/** One entry of the metric library (built-in or the organization's own), as GET /metrics answers it. */
export type MetricDefinition = MetricView;
export type MetricPoint = z.infer<typeof metricPoint>;
export type MetricSeries = z.infer<typeof metricSeries>;
export type TeamMetricRow = z.infer<typeof teamMetricRow>;
export type TeamMetric = z.infer<typeof teamMetric>;
export type ManualValueRequest = z.input<typeof manualValueRequest>;
export type ManualValueView = z.infer<typeof manualValueView>;

/** Manual metrics have no activities behind them, so there is nothing to drill into. */
export function canDrillDown(metric: MetricDefinition): boolean {
  return metric.kind !== 'manual' && metric.activityTypes.length > 0;
}

export interface ActivityPage {
  items: ActivityView[];
  nextCursor: string | null;
  total: number;
}

export interface ActivityListParams {
  employeeId?: string;
  unitId?: string;
  metric?: string;
  type?: string;
  from?: string;
  to?: string;
  unmatched?: 'true' | 'false';
  cursor?: string;
  limit?: number;
}

/** The metric library; names come localized from the server, so the language is part of the key. */
export function useMetricDefinitions() {
  const language = i18n.language;
  return useQuery<MetricDefinition[]>({
    queryKey: ['metrics', 'library', language],
    queryFn: ({ signal }) => api<{ items: MetricDefinition[] }>('/metrics', { signal }).then((r) => r.items),
    staleTime: 10 * 60_000,
    placeholderData: keepPreviousData,
  });
}

export function useMetricSeries(
  params: {
    employeeId: string;
    periodType: PeriodType;
    from: string;
    to: string;
    metric?: string;
  },
  enabled = true,
) {
  return useQuery({
    queryKey: ['metric-values', params],
    queryFn: ({ signal }) => api<MetricSeries>('/metric-values', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useTeamMetric(params: {
  unitId: string | null;
  metric: string | null;
  periodType: PeriodType;
  periodStart: string;
}) {
  return useQuery({
    queryKey: ['metric-values', 'team', params],
    queryFn: ({ signal }) => api<TeamMetric>('/metric-values/team', { query: { ...params }, signal }),
    enabled: Boolean(params.unitId && params.metric),
    placeholderData: keepPreviousData,
  });
}

export function useActivities(params: ActivityListParams, enabled = true) {
  return useQuery({
    queryKey: ['activities', params],
    queryFn: ({ signal }) => api<ActivityPage>('/activities', { query: { ...params }, signal }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** Enters (or, with value null, clears) one value of a manual metric. */
export function useSaveManualValue() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ManualValueRequest) => api<ManualValueView>('/metric-values/manual', { method: 'PUT', body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['metric-values'] });
    },
  });
}
