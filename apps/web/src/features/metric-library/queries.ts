import type { createMetricRequest, MetricView, metricVersionView, updateMetricRequest } from '@stride/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client';

export type CreateMetricRequest = z.input<typeof createMetricRequest>;
export type UpdateMetricRequest = z.input<typeof updateMetricRequest>;
export type MetricVersionView = z.infer<typeof metricVersionView>;

/** Every cached view of the library (all languages) and the version lists live under this prefix. */
export const metricsKey = ['metrics'] as const;

export function useMetricVersions(key: string | null) {
  return useQuery({
    queryKey: [...metricsKey, 'versions', key],
    queryFn: ({ signal }) =>
      api<{ key: string; items: MetricVersionView[] }>(`/metrics/${encodeURIComponent(key ?? '')}/versions`, {
        signal,
      }).then((r) => r.items),
    enabled: Boolean(key),
  });
}

/** Saving recomputes the metric for the whole organization, so the values people see change too. */
function useAfterMetricChange() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: metricsKey });
    void queryClient.invalidateQueries({ queryKey: ['metric-values'] });
  };
}

export function useCreateMetric() {
  const after = useAfterMetricChange();
  return useMutation({
    mutationFn: (body: CreateMetricRequest) => api<MetricView>('/metrics', { method: 'POST', body }),
    onSuccess: after,
  });
}

export function useUpdateMetric() {
  const after = useAfterMetricChange();
  return useMutation({
    mutationFn: ({ key, body }: { key: string; body: UpdateMetricRequest }) =>
      api<MetricView>(`/metrics/${encodeURIComponent(key)}`, { method: 'PUT', body }),
    onSuccess: after,
  });
}

export function useArchiveMetric() {
  const after = useAfterMetricChange();
  return useMutation({
    mutationFn: (key: string) => api<void>(`/metrics/${encodeURIComponent(key)}`, { method: 'DELETE' }),
    onSuccess: after,
  });
}
