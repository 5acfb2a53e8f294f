import type { ActivityView } from '@stride/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import i18n from '../../i18n';
import type { MetricUnit } from './format';
import type { PeriodType } from './periods';

export interface MetricDefinition {
  key: string;
  name: string;
  unit: MetricUnit;
  activityTypes: string[];
}

export interface MetricPoint {
  metric: string;
  periodStart: string;
  value: string;
}

export interface MetricSeries {
  employeeId: string;
  periodType: PeriodType;
  points: MetricPoint[];
}

export interface TeamMetricRow {
  employee: { id: string; name: string; employeeNo: string };
  unitName: string;
  value: string;
}

export interface TeamMetric {
  metric: string;
  periodStart: string;
  total: string;
  items: TeamMetricRow[];
}

export interface ActivityPage {
  items: ActivityView[];
  nextCursor: string | null;
  total: number;
}

export interface ActivityListParams {
  employeeId?: string;
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

export function useMetricSeries(params: {
  employeeId: string;
  periodType: PeriodType;
  from: string;
  to: string;
  metric?: string;
}) {
  return useQuery({
    queryKey: ['metric-values', params],
    queryFn: ({ signal }) => api<MetricSeries>('/metric-values', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
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
