import type { AuditEvent } from '@stride/contracts';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export interface AuditListParams {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

export function useAuditEvents(params: AuditListParams) {
  return useQuery({
    queryKey: ['audit-events', params],
    queryFn: ({ signal }) =>
      api<{ items: AuditEvent[]; nextCursor: string | null; total: number }>('/audit-events', {
        query: { ...params },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useVerifyAudit() {
  return useMutation({
    mutationFn: () => api<{ ok: boolean; checked: number; firstBrokenSeq: number | null }>('/audit-events/verify'),
  });
}
