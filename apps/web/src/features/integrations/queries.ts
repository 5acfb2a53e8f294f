import type { Integration, IntegrationMapping } from '@stride/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export type IntegrationKey = Integration['keys'][number];

export const integrationsKey = ['integrations'] as const;

export function useIntegrations() {
  return useQuery({
    queryKey: integrationsKey,
    queryFn: ({ signal }) => api<{ items: Integration[] }>('/integrations', { signal }).then((r) => r.items),
  });
}

function useReplaceInList() {
  const queryClient = useQueryClient();
  return (updated: Integration) => {
    queryClient.setQueryData<Integration[]>(integrationsKey, (list) =>
      list ? list.map((i) => (i.id === updated.id ? { ...i, ...updated } : i)) : list,
    );
    void queryClient.invalidateQueries({ queryKey: integrationsKey });
  };
}

export function useCreateIntegration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; source: string; mapping?: IntegrationMapping }) =>
      api<Integration & { webhookSecret: string }>('/integrations', { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: integrationsKey }),
  });
}

export function useUpdateIntegration() {
  const replace = useReplaceInList();
  return useMutation({
    mutationFn: ({
      id,
      body,
    }: {
      id: string;
      body: { name?: string; mapping?: IntegrationMapping; isActive?: boolean };
    }) => api<Integration>(`/integrations/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    onSuccess: replace,
  });
}

export function useRotateSecret() {
  return useMutation({
    mutationFn: (id: string) =>
      api<{ webhookSecret: string }>(`/integrations/${encodeURIComponent(id)}/webhook-secret`, { method: 'POST' }),
  });
}

export function useCreateKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name, scopes }: { id: string; name: string; scopes: string[] }) =>
      api<IntegrationKey & { key: string }>(`/integrations/${encodeURIComponent(id)}/keys`, {
        method: 'POST',
        body: { name, scopes },
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: integrationsKey }),
  });
}

export function useRevokeKey() {
  const replace = useReplaceInList();
  return useMutation({
    mutationFn: ({ id, keyId }: { id: string; keyId: string }) =>
      api<Integration>(`/integrations/${encodeURIComponent(id)}/keys/${encodeURIComponent(keyId)}/revoke`, {
        method: 'POST',
      }),
    onSuccess: replace,
  });
}
