import type {
  BonusLineView,
  BonusRunView,
  BonusSchemeBody,
  BonusSchemeView,
  CommissionPlanBody,
  CommissionPlanView,
  CommissionStatement,
  CycleSummary,
  RecommendationView,
} from '@stride/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export type BonusRunDetail = BonusRunView & { lines: BonusLineView[] };
export interface StatementList {
  plan: CommissionPlanView;
  periodStart: string;
  periodEnd: string;
  items: CommissionStatement[];
  total: string;
}

const keys = {
  plans: ['incentives', 'plans'] as const,
  schemes: ['incentives', 'schemes'] as const,
  runs: ['incentives', 'runs'] as const,
};

export function useCommissionPlans() {
  return useQuery({
    queryKey: keys.plans,
    queryFn: () => api<{ items: CommissionPlanView[] }>('/commission-plans').then((r) => r.items),
  });
}

export function useSavePlan() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body, version }: { id?: string; body: CommissionPlanBody; version?: number }) =>
      id
        ? api<CommissionPlanView>(`/commission-plans/${id}`, { method: 'PUT', body: { ...body, version } })
        : api<CommissionPlanView>('/commission-plans', { method: 'POST', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['incentives'] }),
  });
}

export function useStatements(planId: string | null, periodStart: string | null) {
  return useQuery({
    queryKey: ['incentives', 'statements', planId, periodStart],
    queryFn: () =>
      api<StatementList>(`/commission-plans/${planId}/statements`, { query: { periodStart: periodStart ?? '' } }),
    enabled: !!planId && !!periodStart,
  });
}

export function useBonusSchemes(enabled = true) {
  return useQuery({
    queryKey: keys.schemes,
    queryFn: () => api<{ items: BonusSchemeView[] }>('/bonus-schemes').then((r) => r.items),
    enabled,
  });
}

export function useSaveScheme() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body, version }: { id?: string; body: BonusSchemeBody; version?: number }) =>
      id
        ? api<BonusSchemeView>(`/bonus-schemes/${id}`, { method: 'PUT', body: { ...body, version } })
        : api<BonusSchemeView>('/bonus-schemes', { method: 'POST', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['incentives'] }),
  });
}

export function useBonusRuns() {
  return useQuery({
    queryKey: keys.runs,
    queryFn: () => api<{ items: BonusRunView[] }>('/bonus-runs').then((r) => r.items),
  });
}

export function useBonusRun(id: string | null) {
  return useQuery({
    queryKey: ['incentives', 'run', id],
    queryFn: () => api<BonusRunDetail>(`/bonus-runs/${id}`),
    enabled: !!id,
  });
}

export function useRunBonus() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ schemeId, cycleId }: { schemeId: string; cycleId: string }) =>
      api<BonusRunDetail>(`/bonus-schemes/${schemeId}/runs`, { method: 'POST', body: { cycleId } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['incentives'] }),
  });
}

export function useApproveRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      api<BonusRunDetail>(`/bonus-runs/${id}/approve`, { method: 'POST', body: { version } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['incentives'] }),
  });
}

/** Published or closed cycles: the ones a bonus may be computed for. */
export function usePublishedCycles(enabled = true) {
  return useQuery({
    queryKey: ['incentives', 'cycles'],
    queryFn: () =>
      api<{ items: CycleSummary[] }>('/review-cycles').then((r) =>
        r.items.filter((c) => c.stage === 'published' || c.stage === 'closed'),
      ),
    enabled,
  });
}

export function useRecommendations(enabled = true) {
  return useQuery({
    queryKey: ['incentives', 'recommendations'],
    queryFn: () =>
      api<{ cycles: { id: string; name: string; periodStart: string }[]; items: RecommendationView[] }>(
        '/incentive-recommendations',
      ),
    enabled,
  });
}
