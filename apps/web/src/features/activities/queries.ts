import {
  type activityTypeView,
  builtinActivityTypes,
  type createActivityTypeRequest,
  type updateActivityTypeRequest,
} from '@stride/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../../api/client';
import i18n from '../../i18n';

export type ActivityTypeView = z.infer<typeof activityTypeView>;
export type CreateActivityTypeRequest = z.input<typeof createActivityTypeRequest>;
export type UpdateActivityTypeRequest = z.input<typeof updateActivityTypeRequest>;

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

export const activityTypesKey = ['activity-types'] as const;

/** Built-in and the organization's own activity types; names come localized, so the language is in the key. */
export function useActivityTypes() {
  const language = i18n.language;
  return useQuery<ActivityTypeView[]>({
    queryKey: [...activityTypesKey, language],
    queryFn: ({ signal }) => api<{ items: ActivityTypeView[] }>('/activity-types', { signal }).then((r) => r.items),
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });
}

/** The display name of an activity type key: the organization's list first, then the built-in translations. */
export function useActivityTypeName(): (key: string) => string {
  const { t } = useTranslation();
  const { data } = useActivityTypes();
  const names = useMemo(() => new Map((data ?? []).map((a) => [a.key, a.name])), [data]);
  return useCallback((key: string) => names.get(key) ?? t(`activityTypes.${key}`, { defaultValue: key }), [names, t]);
}

/** Select options over the active activity types (plus any `keep` keys already chosen, even if inactive). */
export function useActivityTypeOptions(keep: readonly string[] = []) {
  const { data, isPending, error } = useActivityTypes();
  const nameOf = useActivityTypeName();
  const keepKey = keep.join('|');
  const options = useMemo(() => {
    const kept = new Set(keepKey ? keepKey.split('|') : []);
    // Without the organization's list (e.g. an older server), offer the built-in types.
    const all = data ?? (error ? builtinActivityTypes.map((key) => ({ key, active: true, name: nameOf(key) })) : []);
    const list = all.filter((a) => a.active || kept.has(a.key)).map((a) => ({ value: a.key, label: a.name }));
    for (const k of kept) if (!list.some((o) => o.value === k)) list.push({ value: k, label: nameOf(k) });
    return list;
  }, [data, error, keepKey, nameOf]);
  return { options, isPending };
}

export function useCreateActivityType() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateActivityTypeRequest) => api<ActivityTypeView>('/activity-types', { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: activityTypesKey }),
  });
}

export function useUpdateActivityType() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, body }: { key: string; body: UpdateActivityTypeRequest }) =>
      api<ActivityTypeView>(`/activity-types/${encodeURIComponent(key)}`, { method: 'PATCH', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: activityTypesKey }),
  });
}
