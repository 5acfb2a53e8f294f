import type {
  agreeTargetRequest,
  fairnessReport,
  proposeTargetRequest,
  setTargetRequest,
  splitTargetRequest,
  TargetView,
  targetEventView,
  updateTargetRequest,
} from '@stride/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client';
import i18n from '../../i18n';

export type Target = TargetView;
export type TargetEvent = z.infer<typeof targetEventView>;
export type FairnessReport = z.infer<typeof fairnessReport>;
export type TargetPeriodType = Target['periodType'];

export interface TargetFilter {
  employeeId?: string | null;
  unitId?: string | null;
  metric?: string | null;
  periodType?: TargetPeriodType;
  from?: string;
  to?: string;
  mine?: boolean;
}

export function useTargets(filter: TargetFilter) {
  return useQuery<Target[]>({
    queryKey: ['targets', 'list', filter, i18n.language],
    queryFn: ({ signal }) =>
      api<{ items: Target[] }>('/targets', {
        query: { ...filter, mine: filter.mine ? 'true' : undefined },
        signal,
      }).then((r) => r.items),
    placeholderData: keepPreviousData,
  });
}

export function useTargetHistory(id: string | null) {
  return useQuery({
    queryKey: ['targets', 'history', id],
    queryFn: ({ signal }) => api<{ items: TargetEvent[] }>(`/targets/${id}/history`, { signal }).then((r) => r.items),
    enabled: Boolean(id),
  });
}

export function useFairness(params: { unitId: string | null; metric: string | null; periodType: TargetPeriodType }) {
  return useQuery({
    queryKey: ['targets', 'fairness', params, i18n.language],
    queryFn: ({ signal }) => api<FairnessReport>('/targets/fairness', { query: { ...params, periods: 6 }, signal }),
    enabled: Boolean(params.unitId && params.metric),
    placeholderData: keepPreviousData,
  });
}

function useTargetMutation<B>(request: (body: B) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['targets'] });
      void queryClient.invalidateQueries({ queryKey: ['metric-values'] });
    },
  });
}

export const useSetTarget = () =>
  useTargetMutation((body: z.input<typeof setTargetRequest>) => api<Target>('/targets', { method: 'POST', body }));
export const useUpdateTarget = () =>
  useTargetMutation(({ id, ...body }: z.input<typeof updateTargetRequest> & { id: string }) =>
    api<Target>(`/targets/${id}`, { method: 'PUT', body }),
  );
export const useProposeTarget = () =>
  useTargetMutation((body: z.input<typeof proposeTargetRequest>) =>
    api<Target>('/targets/propose', { method: 'POST', body }),
  );
export const useAgreeTarget = () =>
  useTargetMutation(({ id, ...body }: z.input<typeof agreeTargetRequest> & { id: string }) =>
    api<Target>(`/targets/${id}/agree`, { method: 'POST', body }),
  );
export const useSplitTarget = () =>
  useTargetMutation(({ id, ...body }: z.input<typeof splitTargetRequest> & { id: string }) =>
    api(`/targets/${id}/split`, { method: 'POST', body }),
  );
