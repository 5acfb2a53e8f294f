import type { CohortCurves, TeamTrajectories, Trajectory } from '@stride/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import i18n from '../../i18n';
import type { PeriodType } from '../metrics/periods';

export interface TrajectoryParams {
  /** Metric keys; empty: the server's default (the person's scorecard metrics). */
  metrics: string[];
  periodType: PeriodType;
  window: number;
}

/** A person's trajectory; labels and metric names come localized, so the language is part of the key. */
export function useTrajectory(employeeId: string, params: TrajectoryParams) {
  const language = i18n.language;
  return useQuery<Trajectory>({
    queryKey: ['trajectory', employeeId, params, language],
    queryFn: ({ signal }) =>
      api<Trajectory>(`/employees/${employeeId}/trajectory`, {
        signal,
        query: {
          metrics: params.metrics.length ? params.metrics.join(',') : undefined,
          periodType: params.periodType,
          window: params.window,
        },
      }),
    placeholderData: keepPreviousData,
  });
}

export interface CohortParams {
  metric: string;
  positionId?: string | null;
  unitId?: string | null;
  hiredFrom?: string | null;
  hiredTo?: string | null;
  employeeId?: string | null;
  months: number;
}

export function useCohortCurves(params: CohortParams) {
  const language = i18n.language;
  return useQuery<CohortCurves>({
    queryKey: ['trajectories', 'cohort', params, language],
    queryFn: ({ signal }) => api<CohortCurves>('/trajectories/cohort-curves', { signal, query: { ...params } }),
    placeholderData: keepPreviousData,
  });
}

export interface TeamParams {
  unitId: string | null;
  metric: string;
  months: number;
}

export function useTeamTrajectories(params: TeamParams) {
  const language = i18n.language;
  return useQuery<TeamTrajectories>({
    queryKey: ['trajectories', 'team', params, language],
    queryFn: ({ signal }) => api<TeamTrajectories>('/trajectories/team', { signal, query: { ...params } }),
    enabled: Boolean(params.unitId),
    placeholderData: keepPreviousData,
  });
}
