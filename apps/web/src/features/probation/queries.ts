import type {
  EmployeeSummary,
  FailProbationRequest,
  PassProbationRequest,
  ProbationReviewStatus,
  ProbationReviewView,
} from '@stride/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import i18n from '../../i18n';

export type ProbationReview = ProbationReviewView;
const key = ['probation-reviews'] as const;

export function useProbationReviews(status: ProbationReviewStatus | undefined) {
  return useQuery<ProbationReview[]>({
    queryKey: [...key, 'list', status ?? 'all', i18n.language],
    queryFn: ({ signal }) =>
      api<{ items: ProbationReview[] }>('/probation-reviews', { query: { status }, signal }).then((r) => r.items),
    placeholderData: keepPreviousData,
  });
}

export function useProbationReview(id: string | null) {
  return useQuery({
    queryKey: [...key, 'detail', id, i18n.language],
    queryFn: ({ signal }) => api<ProbationReview>(`/probation-reviews/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

/** People in probation (first 100, soonest first after sorting here), to open a review by hand. */
export function useProbationPeople(enabled: boolean) {
  return useQuery({
    queryKey: ['employees', 'probation-candidates'],
    queryFn: ({ signal }) =>
      api<{ items: EmployeeSummary[] }>('/employees', { query: { status: 'probation', limit: 100 }, signal }).then(
        (r) => r.items,
      ),
    enabled,
  });
}

function useReviewMutation<B>(request: (body: B) => Promise<ProbationReview>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: key });
      // A pass changes the person (status, regularization date).
      void queryClient.invalidateQueries({ queryKey: ['employees'] });
    },
  });
}

export const useOpenProbationReview = () =>
  useReviewMutation((employeeId: string) =>
    api<ProbationReview>('/probation-reviews', { method: 'POST', body: { employeeId } }),
  );
export const usePassProbation = () =>
  useReviewMutation(({ id, ...body }: PassProbationRequest & { id: string }) =>
    api<ProbationReview>(`/probation-reviews/${id}/pass`, { method: 'POST', body }),
  );
export const useFailProbation = () =>
  useReviewMutation(({ id, ...body }: FailProbationRequest & { id: string }) =>
    api<ProbationReview>(`/probation-reviews/${id}/fail`, { method: 'POST', body }),
  );
