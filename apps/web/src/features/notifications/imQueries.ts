import type {
  CreateImChannelRequest,
  ImChannel,
  ImChannelList,
  ImTestResult,
  UpdateImChannelRequest,
} from '@stride/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { deliveriesKey } from './queries';

export const imChannelsKey = ['im-channels'] as const;

/** The organization's IM group bots (admin and hr) and the notification kinds Stride knows. */
export function useImChannels() {
  return useQuery({
    queryKey: imChannelsKey,
    queryFn: ({ signal }) => api<ImChannelList>('/im-channels', { signal }),
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: imChannelsKey });
    void queryClient.invalidateQueries({ queryKey: deliveriesKey });
  };
}

export function useCreateImChannel() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: CreateImChannelRequest) => api<ImChannel>('/im-channels', { method: 'POST', body }),
    onSuccess: refresh,
  });
}

export function useUpdateImChannel() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateImChannelRequest }) =>
      api<ImChannel>(`/im-channels/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    onSuccess: refresh,
  });
}

export function useDeleteImChannel() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/im-channels/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
}

export function useTestImChannel() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: string) => api<ImTestResult>(`/im-channels/${encodeURIComponent(id)}/test`, { method: 'POST' }),
    onSettled: refresh,
  });
}
