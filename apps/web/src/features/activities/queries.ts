import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export type UnmatchedKind = 'employeeNo' | 'email' | 'externalUserId';

export interface UnmatchedEntry {
  source: string;
  kind: UnmatchedKind;
  value: string;
  activities: number;
  firstSeen: string;
  lastSeen: string;
}

export const unmatchedKey = ['activities', 'unmatched'] as const;

export function useUnmatched() {
  return useQuery({
    queryKey: unmatchedKey,
    queryFn: ({ signal }) => api<{ items: UnmatchedEntry[] }>('/activities/unmatched', { signal }).then((r) => r.items),
  });
}

export function useResolveUnmatched() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { source: string; kind: UnmatchedKind; value: string; employeeId: string }) =>
      api<{ matched: number }>('/activities/unmatched/resolve', { method: 'POST', body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['activities'] });
      void queryClient.invalidateQueries({ queryKey: ['metric-values'] });
    },
  });
}
