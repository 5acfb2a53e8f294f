import type {
  adjustGradeRequest,
  appealList,
  appealRequest,
  appealView,
  CalibrationBoard,
  CreateCycleRequest,
  CycleSummary,
  CycleView,
  decideAppealRequest,
  Inbox,
  ParticipantRow,
  PersonResult,
  ReviewFormView,
  ratingChangeView,
  saveFormRequest,
  TeamResult,
} from '@stride/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client';
import i18n from '../../i18n';

export type RatingChange = z.infer<typeof ratingChangeView>;
export type Appeal = z.infer<typeof appealView>;
export type ParticipantSort = 'total_desc' | 'total_asc' | 'name';
export type SaveFormBody = z.input<typeof saveFormRequest>;

/** Every query of this feature lives under this key, so one invalidation refreshes the cycle pages. */
export const reviewsKey = ['reviews'] as const;

const enc = encodeURIComponent;

export function useCycles() {
  return useQuery({
    queryKey: [...reviewsKey, 'cycles', i18n.language],
    queryFn: ({ signal }) => api<{ items: CycleSummary[] }>('/review-cycles', { signal }).then((r) => r.items),
  });
}

export function useCycle(id: string | undefined) {
  return useQuery({
    queryKey: [...reviewsKey, 'cycle', id, i18n.language],
    queryFn: ({ signal }) => api<CycleView>(`/review-cycles/${enc(id ?? '')}`, { signal }),
    enabled: Boolean(id),
  });
}

export function useParticipants(cycleId: string, params: { unitId: string | null; sort: ParticipantSort }) {
  return useQuery<ParticipantRow[]>({
    queryKey: [...reviewsKey, 'participants', cycleId, params, i18n.language],
    queryFn: ({ signal }) =>
      api<{ items: ParticipantRow[] }>(`/review-cycles/${enc(cycleId)}/participants`, {
        query: { unitId: params.unitId, sort: params.sort },
        signal,
      }).then((r) => r.items),
    placeholderData: keepPreviousData,
  });
}

export function useCalibration(cycleId: string, unitId: string | null) {
  return useQuery<CalibrationBoard>({
    queryKey: [...reviewsKey, 'calibration', cycleId, unitId, i18n.language],
    queryFn: ({ signal }) =>
      api<CalibrationBoard>(`/review-cycles/${enc(cycleId)}/calibration`, { query: { unitId }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useRatingChanges(cycleId: string) {
  return useQuery({
    queryKey: [...reviewsKey, 'rating-changes', cycleId, i18n.language],
    queryFn: ({ signal }) =>
      api<{ items: RatingChange[] }>(`/review-cycles/${enc(cycleId)}/rating-changes`, { signal }).then((r) => r.items),
  });
}

export function useAppeals(cycleId: string, enabled = true) {
  return useQuery({
    queryKey: [...reviewsKey, 'appeals', cycleId, i18n.language],
    queryFn: ({ signal }) =>
      api<z.infer<typeof appealList>>(`/review-cycles/${enc(cycleId)}/appeals`, { signal }).then((r) => r.items),
    enabled,
  });
}

export function useTeamResult(cycleId: string, unitId: string | null) {
  return useQuery<TeamResult>({
    queryKey: [...reviewsKey, 'team', cycleId, unitId, i18n.language],
    queryFn: ({ signal }) => api<TeamResult>(`/review-cycles/${enc(cycleId)}/team`, { query: { unitId }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function usePersonResult(participantId: string | undefined) {
  return useQuery({
    queryKey: [...reviewsKey, 'result', participantId, i18n.language],
    queryFn: ({ signal }) => api<PersonResult>(`/review-participants/${enc(participantId ?? '')}`, { signal }),
    enabled: Boolean(participantId),
  });
}

export function useInbox() {
  return useQuery({
    queryKey: [...reviewsKey, 'inbox', i18n.language],
    queryFn: ({ signal }) => api<Inbox>('/my-reviews', { signal }),
  });
}

export function useReviewForm(id: string | undefined) {
  return useQuery({
    queryKey: [...reviewsKey, 'form', id, i18n.language],
    queryFn: ({ signal }) => api<ReviewFormView>(`/review-forms/${enc(id ?? '')}`, { signal }),
    enabled: Boolean(id),
  });
}

/** A write of this feature: afterwards every review query is stale (stages, counts and grades move together). */
function useReviewMutation<V, R>(request: (vars: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: reviewsKey }),
  });
}

export const useSaveCycle = () =>
  useReviewMutation(({ id, body }: { id: string | null; body: CreateCycleRequest & { expectedVersion?: number } }) =>
    id
      ? api<CycleView>(`/review-cycles/${enc(id)}`, { method: 'PUT', body })
      : api<CycleView>('/review-cycles', { method: 'POST', body }),
  );

export const useDeleteCycle = () =>
  useReviewMutation((id: string) => api<void>(`/review-cycles/${enc(id)}`, { method: 'DELETE' }));

export const useCycleAction = () =>
  useReviewMutation(
    ({
      id,
      action,
      expectedVersion,
      note,
    }: {
      id: string;
      action: 'launch' | 'advance';
      expectedVersion: number;
      note?: string;
    }) => api<CycleView>(`/review-cycles/${enc(id)}/${action}`, { method: 'POST', body: { expectedVersion, note } }),
  );

export const useAdjustGrade = () =>
  useReviewMutation(({ participantId, ...body }: z.input<typeof adjustGradeRequest> & { participantId: string }) =>
    api<ParticipantRow>(`/review-participants/${enc(participantId)}/grade`, { method: 'POST', body }),
  );

export const useAcknowledge = () =>
  useReviewMutation((participantId: string) =>
    api<PersonResult>(`/review-participants/${enc(participantId)}/acknowledge`, { method: 'POST', body: {} }),
  );

export const useAppeal = () =>
  useReviewMutation(({ participantId, ...body }: z.input<typeof appealRequest> & { participantId: string }) =>
    api<PersonResult>(`/review-participants/${enc(participantId)}/appeal`, { method: 'POST', body }),
  );

export const useDecideAppeal = () =>
  useReviewMutation(({ appealId, ...body }: z.input<typeof decideAppealRequest> & { appealId: string }) =>
    api<Appeal>(`/review-appeals/${enc(appealId)}/decide`, { method: 'POST', body }),
  );

export const useSaveForm = () =>
  useReviewMutation(({ id, body }: { id: string; body: SaveFormBody }) =>
    api<ReviewFormView>(`/review-forms/${enc(id)}`, { method: 'PUT', body }),
  );

/** Download links of the server's XLSX exports (same-origin, the session cookie goes along). */
export const exportUrls = {
  ratingChanges: (cycleId: string) => `/api/v1/review-cycles/${enc(cycleId)}/rating-changes.xlsx`,
  /** The people of the unit picked on screen (with its subtree), or everyone in the caller's units. */
  results: (cycleId: string, unitId?: string | null) =>
    `/api/v1/review-cycles/${enc(cycleId)}/results.xlsx${unitId ? `?unitId=${enc(unitId)}` : ''}`,
  /** One person's result, as the result page shows it. */
  personResult: (participantId: string) => `/api/v1/review-participants/${enc(participantId)}/result.xlsx`,
};
