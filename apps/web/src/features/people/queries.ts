import type {
  CreateEmployeeRequest,
  Employee,
  EmployeeStatus,
  EmployeeSummary,
  JobHistoryEntry,
  PersonalField,
  UpdateEmployeeRequest,
} from '@stride/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { orgUnitsKey } from '../org/queries';

export interface EmployeeListParams {
  q?: string;
  unitId?: string;
  status?: EmployeeStatus;
  positionId?: string;
  cursor?: string;
  limit?: number;
}

export interface EmployeePage {
  items: EmployeeSummary[];
  nextCursor: string | null;
  total: number;
}

export const employeesKey = ['employees'] as const;
export const employeeKey = (id: string) => ['employees', 'detail', id] as const;

export function fetchEmployees(params: EmployeeListParams, signal?: AbortSignal) {
  return api<EmployeePage>('/employees', { query: { ...params }, signal });
}

export function useEmployees(params: EmployeeListParams) {
  return useQuery({
    queryKey: [...employeesKey, 'list', params],
    queryFn: ({ signal }) => fetchEmployees(params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useEmployee(id: string | undefined) {
  return useQuery({
    queryKey: employeeKey(id ?? ''),
    queryFn: ({ signal }) => api<Employee>(`/employees/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: Boolean(id),
    retry: (count, err) => {
      const status = (err as { status?: number }).status;
      if (status && status >= 400 && status < 500) return false;
      return count < 2;
    },
  });
}

export function useJobHistory(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [...employeeKey(id ?? ''), 'job-history'],
    queryFn: ({ signal }) =>
      api<{ items: JobHistoryEntry[] }>(`/employees/${encodeURIComponent(id ?? '')}/job-history`, { signal }).then(
        (r) => r.items,
      ),
    enabled: Boolean(id) && enabled,
  });
}

export function useCreateEmployee() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateEmployeeRequest) => api<Employee>('/employees', { method: 'POST', body }),
    onSuccess: (created) => {
      queryClient.setQueryData(employeeKey(created.id), created);
      void queryClient.invalidateQueries({ queryKey: [...employeesKey, 'list'] });
      void queryClient.invalidateQueries({ queryKey: orgUnitsKey });
    },
  });
}

export function useUpdateEmployee() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateEmployeeRequest }) =>
      api<Employee>(`/employees/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    onSuccess: (updated) => {
      queryClient.setQueryData(employeeKey(updated.id), updated);
      void queryClient.invalidateQueries({ queryKey: employeesKey });
      void queryClient.invalidateQueries({ queryKey: orgUnitsKey });
    },
  });
}

export function useRevealPersonal(id: string) {
  return useMutation({
    mutationFn: (field: PersonalField) =>
      api<{ field: PersonalField; value: string }>(`/employees/${encodeURIComponent(id)}/reveal`, {
        method: 'POST',
        body: { field },
      }),
  });
}
