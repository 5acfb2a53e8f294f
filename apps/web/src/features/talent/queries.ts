import type {
  AddCandidateRequest,
  CreateKeyPositionRequest,
  CreateTalentReviewRequest,
  ExitAnalysis,
  FlightRiskList,
  FlightRiskRequest,
  FlightRiskView,
  KeyPositionView,
  MoveTalentRequest,
  PlacementChangeView,
  RateTalentRequest,
  Readiness,
  ReserveList,
  TalentCard,
  TalentPlacementView,
  TalentReviewDetail,
  TalentReviewSummary,
} from '@stride/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export type { KeyPositionView, TalentCard, TalentPlacementView, TalentReviewDetail };

const key = ['talent'] as const;

export function useTalentReviews() {
  return useQuery({
    queryKey: [...key, 'reviews'],
    queryFn: ({ signal }) => api<{ items: TalentReviewSummary[] }>('/talent-reviews', { signal }).then((r) => r.items),
  });
}

export function useTalentReview(id: string | null) {
  return useQuery({
    queryKey: [...key, 'review', id],
    queryFn: ({ signal }) => api<TalentReviewDetail>(`/talent-reviews/${id}`, { signal }),
    enabled: Boolean(id),
    placeholderData: keepPreviousData,
  });
}

export function usePlacementHistory(reviewId: string | null, employeeId: string | null) {
  return useQuery({
    queryKey: [...key, 'history', reviewId, employeeId],
    queryFn: ({ signal }) =>
      api<{ items: PlacementChangeView[] }>(`/talent-reviews/${reviewId}/placements/${employeeId}/history`, {
        signal,
      }).then((r) => r.items),
    enabled: Boolean(reviewId && employeeId),
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: key });
}

export function useCreateTalentReview() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: CreateTalentReviewRequest) =>
      api<TalentReviewDetail>('/talent-reviews', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useRateTalent(reviewId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ employeeId, ...body }: RateTalentRequest & { employeeId: string }) =>
      api<TalentPlacementView>(`/talent-reviews/${reviewId}/placements/${employeeId}/ratings`, {
        method: 'PUT',
        body,
      }),
    onSettled: invalidate,
  });
}

export function useMoveTalent(reviewId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ employeeId, ...body }: MoveTalentRequest & { employeeId: string }) =>
      api<TalentPlacementView>(`/talent-reviews/${reviewId}/placements/${employeeId}/move`, {
        method: 'POST',
        body,
      }),
    onSettled: invalidate,
  });
}

export function useFinalizeTalentReview(reviewId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (version: number) =>
      api<TalentReviewDetail>(`/talent-reviews/${reviewId}/finalize`, { method: 'POST', body: { version } }),
    onSettled: invalidate,
  });
}

export function useReserve(params: { cycles: number; minGrade: string }) {
  return useQuery({
    queryKey: [...key, 'reserve', params],
    queryFn: ({ signal }) => api<ReserveList>('/talent/reserve', { query: params, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useFlightRisks() {
  return useQuery({
    queryKey: [...key, 'flight-risks'],
    queryFn: ({ signal }) => api<FlightRiskList>('/talent/flight-risks', { signal }).then((r) => r.items),
  });
}

export function useSetFlightRisk() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ employeeId, ...body }: FlightRiskRequest & { employeeId: string }) =>
      api<FlightRiskView>(`/talent/flight-risks/${employeeId}`, { method: 'PUT', body }),
    onSuccess: invalidate,
  });
}

export function useTalentCard(employeeId: string | null) {
  return useQuery({
    queryKey: [...key, 'card', employeeId],
    queryFn: ({ signal }) => api<TalentCard>(`/talent/cards/${employeeId}`, { signal }),
    enabled: Boolean(employeeId),
  });
}

export function useKeyPositions() {
  return useQuery({
    queryKey: [...key, 'key-positions'],
    queryFn: ({ signal }) =>
      api<{ items: KeyPositionView[] }>('/talent/key-positions', { signal }).then((r) => r.items),
  });
}

export function useCreateKeyPosition() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: CreateKeyPositionRequest) =>
      api<KeyPositionView>('/talent/key-positions', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useAddCandidate() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ keyPositionId, ...body }: AddCandidateRequest & { keyPositionId: string }) =>
      api<KeyPositionView>(`/talent/key-positions/${keyPositionId}/candidates`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useUpdateCandidate() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; readiness: Readiness; notes?: string; version: number }) =>
      api<KeyPositionView>(`/talent/succession-candidates/${id}`, { method: 'PUT', body }),
    onSettled: invalidate,
  });
}

export function useRemoveCandidate() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => api<{ ok: true }>(`/talent/succession-candidates/${id}`, { method: 'DELETE' }),
    onSettled: invalidate,
  });
}

export function useExitAnalysis(range: { from: string; to: string } | null) {
  return useQuery({
    queryKey: [...key, 'exit-analysis', range],
    queryFn: ({ signal }) => api<ExitAnalysis>('/talent/exit-analysis', { query: range ?? undefined, signal }),
    enabled: Boolean(range),
  });
}
