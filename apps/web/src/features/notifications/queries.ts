import type {
  DeliveryList,
  DigestMode,
  deliveryChannel,
  deliveryStatus,
  NotificationList,
  NotificationPreferences,
  NotificationView,
} from '@stride/contracts';
import {
  type InfiniteData,
  keepPreviousData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client';
import i18n from '../../i18n';

export type DeliveryStatus = z.infer<typeof deliveryStatus>;
export type DeliveryChannel = z.infer<typeof deliveryChannel>;

/** Every query of this feature lives under this key, so one invalidation refreshes the bell and the inbox. */
export const notificationsKey = ['notifications'] as const;
const latestKey = [...notificationsKey, 'latest'] as const;
const listKey = [...notificationsKey, 'list'] as const;
const preferencesKey = [...notificationsKey, 'preferences'] as const;
export const deliveriesKey = [...notificationsKey, 'deliveries'] as const;

/** How many notifications the bell's dropdown shows. */
export const BELL_SIZE = 8;
const PAGE_SIZE = 20;
/** The bell asks for the unread count this often (and whenever the window regains focus). */
const POLL_MS = 60_000;

/** The latest notifications and the unread count, for the bell; polled. */
export function useLatestNotifications() {
  return useQuery({
    queryKey: [...latestKey, i18n.language],
    queryFn: ({ signal }) => api<NotificationList>('/notifications', { query: { limit: BELL_SIZE }, signal }),
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 10_000,
  });
}

/** The inbox, newest first, in pages of 20 (`before` = the previous page's `nextBefore`). */
export function useNotificationPages(unreadOnly: boolean) {
  return useInfiniteQuery({
    queryKey: [...listKey, { unreadOnly }, i18n.language],
    queryFn: ({ signal, pageParam }) =>
      api<NotificationList>('/notifications', {
        query: { unread: unreadOnly ? true : undefined, before: pageParam, limit: PAGE_SIZE },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    placeholderData: keepPreviousData,
  });
}

type Patch = (n: NotificationView) => NotificationView;

/** Applies a change to every cached notification (bell and inbox pages) and recomputes the unread count. */
function patchCached(queryClient: QueryClient, patch: Patch, unread: (previous: number) => number): void {
  const patchList = (list: NotificationList): NotificationList => ({
    ...list,
    items: list.items.map(patch),
    unread: Math.max(0, unread(list.unread)),
  });
  queryClient.setQueriesData<NotificationList>({ queryKey: latestKey }, (old) => (old ? patchList(old) : old));
  queryClient.setQueriesData<InfiniteData<NotificationList>>({ queryKey: listKey }, (old) =>
    old ? { ...old, pages: old.pages.map(patchList) } : old,
  );
}

function isUnreadInCache(queryClient: QueryClient, id: string): boolean {
  const lists = [
    ...queryClient.getQueriesData<NotificationList>({ queryKey: latestKey }).map(([, d]) => d),
    ...queryClient
      .getQueriesData<InfiniteData<NotificationList>>({ queryKey: listKey })
      .flatMap(([, d]) => d?.pages ?? []),
  ];
  return lists.some((l) => l?.items.some((n) => n.id === id && n.readAt === null));
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<NotificationView>(`/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' }),
    onMutate: async (id) => {
      await queryClient.cancelQueries({ queryKey: latestKey });
      const wasUnread = isUnreadInCache(queryClient, id);
      const now = new Date().toISOString();
      patchCached(
        queryClient,
        (n) => (n.id === id && n.readAt === null ? { ...n, readAt: now } : n),
        (u) => (wasUnread ? u - 1 : u),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: [...notificationsKey] }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ ok: true }>('/notifications/read-all', { method: 'POST' }),
    onMutate: async () => {
      await queryClient.cancelQueries({ queryKey: latestKey });
      const now = new Date().toISOString();
      patchCached(
        queryClient,
        (n) => (n.readAt === null ? { ...n, readAt: now } : n),
        () => 0,
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: [...notificationsKey] }),
  });
}

export function useNotificationPreferences() {
  return useQuery({
    queryKey: [...preferencesKey],
    queryFn: ({ signal }) => api<NotificationPreferences>('/notification-preferences', { signal }),
  });
}

export function useUpdateNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: { email?: boolean; digest?: DigestMode }) =>
      api<NotificationPreferences>('/notification-preferences', { method: 'PUT', body: change }),
    onSuccess: (prefs) => queryClient.setQueryData([...preferencesKey], prefs),
  });
}

/** The delivery log (admin and hr): emails, digests and IM group posts. */
export function useDeliveries(params: { status?: DeliveryStatus; channel?: DeliveryChannel; limit: number }) {
  return useQuery({
    queryKey: [...deliveriesKey, params, i18n.language],
    queryFn: ({ signal }) =>
      api<DeliveryList>('/notification-deliveries', {
        query: { status: params.status, channel: params.channel, limit: params.limit },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}
