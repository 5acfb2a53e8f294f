import type { Position } from '@stride/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export const positionsKey = ['positions'] as const;

export interface PositionInput {
  name: string;
  jobFamily: string;
  level: string;
}

export function usePositions(enabled = true) {
  return useQuery({
    queryKey: positionsKey,
    queryFn: () => api<{ items: Position[] }>('/positions').then((r) => r.items),
    staleTime: 60_000,
    enabled,
  });
}

export function useSavePosition() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: Partial<PositionInput> }) =>
      id
        ? api<Position>(`/positions/${encodeURIComponent(id)}`, { method: 'PATCH', body })
        : api<Position>('/positions', { method: 'POST', body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: positionsKey });
      void queryClient.invalidateQueries({ queryKey: ['employees'] });
    },
  });
}
