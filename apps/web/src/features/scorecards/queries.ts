import type {
  createScorecardTemplateRequest,
  GradeScaleList,
  GradeScaleRequest,
  GradeScaleView,
  PerformanceSettings,
  ScorecardPreview,
  ScorecardTemplateSummary,
  ScorecardTemplateVersionView,
  ScorecardTemplateView,
  scorecardPreviewRequest,
} from '@stride/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client';

export type TemplateRequest = z.input<typeof createScorecardTemplateRequest>;
export type PreviewRequest = z.input<typeof scorecardPreviewRequest>;

export const scorecardsKey = ['scorecard-templates'] as const;
export const gradeScalesKey = ['grade-scales'] as const;
export const settingsKey = ['performance-settings'] as const;

export function useTemplates() {
  return useQuery({
    queryKey: scorecardsKey,
    queryFn: ({ signal }) =>
      api<{ items: ScorecardTemplateSummary[] }>('/scorecard-templates', { signal }).then((r) => r.items),
  });
}

export function useTemplate(id: string | null) {
  return useQuery({
    queryKey: [...scorecardsKey, id],
    queryFn: ({ signal }) => api<ScorecardTemplateView>(`/scorecard-templates/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

export function useTemplateVersions(id: string | null) {
  return useQuery({
    queryKey: [...scorecardsKey, id, 'versions'],
    queryFn: ({ signal }) =>
      api<{ items: ScorecardTemplateVersionView[] }>(`/scorecard-templates/${id}/versions`, { signal }).then(
        (r) => r.items,
      ),
    enabled: Boolean(id),
  });
}

export function useSaveTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: TemplateRequest & { expectedVersion?: number } }) =>
      id
        ? api<ScorecardTemplateView>(`/scorecard-templates/${id}`, { method: 'PUT', body })
        : api<ScorecardTemplateView>('/scorecard-templates', { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: scorecardsKey }),
  });
}

export function useDeactivateTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/scorecard-templates/${id}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: scorecardsKey }),
  });
}

export function usePreview() {
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: PreviewRequest }) =>
      api<ScorecardPreview>(`/scorecard-templates/${id}/preview`, { method: 'POST', body }),
  });
}

export function useGradeScales() {
  return useQuery({
    queryKey: gradeScalesKey,
    queryFn: ({ signal }) => api<GradeScaleList>('/grade-scales', { signal }),
  });
}

export function useSaveGradeScale() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: GradeScaleRequest }) =>
      id
        ? api<GradeScaleView>(`/grade-scales/${id}`, { method: 'PUT', body })
        : api<GradeScaleView>('/grade-scales', { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: gradeScalesKey }),
  });
}

export function useGradeScaleAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, action }: { id: string; action: 'default' | 'delete' }): Promise<void> => {
      if (action === 'default') await api<GradeScaleView>(`/grade-scales/${id}/default`, { method: 'POST' });
      else await api<void>(`/grade-scales/${id}`, { method: 'DELETE' });
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: gradeScalesKey }),
  });
}

export function usePerformanceSettings() {
  return useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => api<PerformanceSettings>('/performance-settings', { signal }),
  });
}

export function useSavePerformanceSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { earlyStageMonths: number; probationReviewLeadDays?: number }) =>
      api<PerformanceSettings>('/performance-settings', { method: 'PUT', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: settingsKey }),
  });
}
