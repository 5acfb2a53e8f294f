import type { CreatePlanRequest, PlanStatus, PlanSummary, PlanView, UpdatePlanRequest } from '@stride/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import i18n from '../../i18n';

export type { PlanSummary, PlanView };

const key = ['plans'] as const;

/** Plans in the caller's scope (an employee: their own and those they coach). */
export function usePlans(status: PlanStatus | undefined) {
  return useQuery<PlanSummary[]>({
    queryKey: [...key, 'list', status ?? 'all', i18n.language],
    queryFn: ({ signal }) =>
      api<{ items: PlanSummary[] }>('/plans', { query: { status }, signal }).then((r) => r.items),
    placeholderData: keepPreviousData,
  });
}

/** One person's plans, for their profile. */
export function useEmployeePlans(employeeId: string | undefined) {
  return useQuery<PlanSummary[]>({
    queryKey: [...key, 'employee', employeeId, i18n.language],
    queryFn: ({ signal }) =>
      api<{ items: PlanSummary[] }>(`/employees/${employeeId}/plans`, { signal }).then((r) => r.items),
    enabled: Boolean(employeeId),
  });
}

export function usePlan(id: string | undefined) {
  return useQuery<PlanView>({
    queryKey: [...key, 'detail', id, i18n.language],
    queryFn: ({ signal }) => api<PlanView>(`/plans/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

function usePlanMutation<B>(request: (body: B) => Promise<PlanView>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: key });
      // Starting and ending a plan changes the person's status; from an alert, the alert's status.
      void queryClient.invalidateQueries({ queryKey: ['employees'] });
      void queryClient.invalidateQueries({ queryKey: ['alerts'] });
    },
  });
}

export const useCreatePlan = () =>
  usePlanMutation((body: CreatePlanRequest) => api<PlanView>('/plans', { method: 'POST', body }));

/** Edits a draft plan with the version read. */
export const useUpdatePlan = () =>
  usePlanMutation(({ id, body }: { id: string; body: UpdatePlanRequest }) =>
    api<PlanView>(`/plans/${id}`, { method: 'PUT', body }),
  );

/** One of the plan's steps: acknowledge, refusal, check-ins, evaluations, outcome, cancel. */
export const usePlanAction = () =>
  usePlanMutation(({ id, action, body }: { id: string; action: string; body: Record<string, unknown> }) =>
    api<PlanView>(`/plans/${id}/${action}`, { method: 'POST', body }),
  );
