import type { TrainingCourse, trainingCourseInput } from '@stride/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client';

export type TrainingCourseInput = z.input<typeof trainingCourseInput>;

export const trainingCoursesKey = ['training-courses'] as const;

/** The organization's training catalog (HR and admins edit it; managers read it to assign courses). */
export function useTrainingCourses(enabled = true) {
  return useQuery({
    queryKey: trainingCoursesKey,
    queryFn: ({ signal }) => api<{ items: TrainingCourse[] }>('/training-courses', { signal }).then((r) => r.items),
    staleTime: 60_000,
    enabled,
  });
}

export function useSaveTrainingCourse() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: TrainingCourseInput }) =>
      id
        ? api<TrainingCourse>(`/training-courses/${id}`, { method: 'PUT', body })
        : api<TrainingCourse>('/training-courses', { method: 'POST', body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: trainingCoursesKey });
    },
  });
}

export function useDeleteTrainingCourse() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/training-courses/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: trainingCoursesKey });
    },
  });
}

/** The course fields as the API takes them back (PUT replaces the whole course). */
export function courseToInput(course: TrainingCourse): TrainingCourseInput {
  return {
    title: course.title,
    url: course.url,
    description: course.description,
    metricKeys: course.metricKeys,
    competencies: course.competencies,
    focus: course.focus,
    active: course.active,
  };
}
