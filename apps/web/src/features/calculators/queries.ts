import type { CityWage, SaveCityWageRequest, SeveranceRequest, SeveranceResponse } from '@stride/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export const cityWagesKey = ['calculators', 'city-wages'] as const;

/** Severance, pay in lieu of notice and unlawful damages; a calculation, nothing is stored. */
export function useSeveranceCalculation() {
  return useMutation({
    mutationFn: (body: SeveranceRequest) => api<SeveranceResponse>('/calculators/severance', { method: 'POST', body }),
  });
}

export function useCityWages() {
  return useQuery({
    queryKey: cityWagesKey,
    queryFn: () => api<{ items: CityWage[] }>('/calculators/city-wages').then((r) => r.items),
    staleTime: 60_000,
  });
}

export function useSaveCityWage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SaveCityWageRequest) => api<CityWage>('/calculators/city-wages', { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: cityWagesKey }),
  });
}

export function useDeleteCityWage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/calculators/city-wages/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: cityWagesKey }),
  });
}
