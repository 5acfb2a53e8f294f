import type { CreateOrgUnitRequest, OrgUnit, UpdateOrgUnitRequest } from '@stride/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export const orgUnitsKey = ['org-units'] as const;

export function useOrgUnits(enabled = true) {
  return useQuery({
    queryKey: orgUnitsKey,
    queryFn: () => api<{ items: OrgUnit[] }>('/org-units').then((r) => r.items),
    staleTime: 60_000,
    enabled,
  });
}

export function useCreateOrgUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateOrgUnitRequest) => api<OrgUnit>('/org-units', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgUnitsKey }),
  });
}

export function useUpdateOrgUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateOrgUnitRequest }) =>
      api<OrgUnit>(`/org-units/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: orgUnitsKey });
      void queryClient.invalidateQueries({ queryKey: ['employees'] });
    },
  });
}
