import type { Dashboard } from '@stride/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import i18n from '../../i18n';

export function useDashboard(params: { metric: string; movers?: 'attainment' | 'value' }) {
  const language = i18n.language;
  return useQuery<Dashboard>({
    queryKey: ['dashboard', params, language],
    queryFn: ({ signal }) => api<Dashboard>('/dashboard', { signal, query: { ...params } }),
    placeholderData: keepPreviousData,
    refetchInterval: 5 * 60_000,
  });
}
