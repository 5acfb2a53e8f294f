import type {
  AlertSettings,
  AlertSettingsView,
  OptimizationList,
  PoolDecisionRequest,
  PoolDetail,
  PoolEntryView,
  PoolSummary,
} from '@stride/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export type PoolEntry = PoolEntryView;
export type { PoolDetail, PoolSummary };

const key = ['low-performer-pools'] as const;

export function usePools() {
  return useQuery({
    queryKey: [...key, 'list'],
    queryFn: ({ signal }) => api<{ items: PoolSummary[] }>('/low-performer-pools', { signal }).then((r) => r.items),
  });
}

export function usePool(id: string | null) {
  return useQuery({
    queryKey: [...key, 'detail', id],
    queryFn: ({ signal }) => api<PoolDetail>(`/low-performer-pools/${id}`, { signal }),
    enabled: Boolean(id),
    placeholderData: keepPreviousData,
  });
}

export function useOptimizationList(poolId: string | null) {
  return useQuery({
    queryKey: [...key, 'optimization', poolId],
    queryFn: ({ signal }) =>
      api<OptimizationList>('/optimization-list', { query: { poolId: poolId ?? undefined }, signal }),
    enabled: Boolean(poolId),
  });
}

export function useDecide() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: PoolDecisionRequest & { id: string }) =>
      api<PoolEntry>(`/pool-entries/${id}/decision`, { method: 'POST', body }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
}

export function useBuildPool() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (periodStart: string) =>
      api<PoolSummary & { added: number; updated: number; removed: number }>('/low-performer-pools/build', {
        method: 'POST',
        body: { periodStart },
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
}

export function useAlertSettings(enabled: boolean) {
  return useQuery({
    queryKey: ['alert-settings'],
    queryFn: ({ signal }) => api<AlertSettingsView>('/alert-settings', { signal }),
    enabled,
  });
}

export function useSaveAlertSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AlertSettings) => api<AlertSettingsView>('/alert-settings', { method: 'PUT', body }),
    onSuccess: (data) => queryClient.setQueryData(['alert-settings'], data),
  });
}
