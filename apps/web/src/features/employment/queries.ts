import type {
  ApprovalRole,
  approvalChainConfig,
  art42ChecklistRequest,
  CreateEmploymentActionRequest,
  EmploymentAction,
  EmploymentActionKind,
  EmploymentActionStatus,
  Problem,
  TerminationStepResult,
  unionNoticeRequest,
} from '@stride/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { ApiError, api } from '../../api/client';
import i18n from '../../i18n';

export type { EmploymentAction };
export type ApprovalChainConfig = z.infer<typeof approvalChainConfig>;
export type Art42ChecklistBody = z.input<typeof art42ChecklistRequest>;
export type UnionNoticeBody = z.input<typeof unionNoticeRequest>;

export const employmentKey = ['employment-actions'] as const;
const chainsKey = ['approval-chains'] as const;

export interface EmploymentActionFilters {
  employeeId?: string;
  kind?: EmploymentActionKind;
  status?: EmploymentActionStatus;
  awaitingMe?: boolean;
}

/** Employment actions in the caller's scope; `awaitingMe`: those whose current step the caller decides. */
export function useEmploymentActions(filters: EmploymentActionFilters, enabled = true) {
  return useQuery<EmploymentAction[]>({
    queryKey: [...employmentKey, 'list', filters, i18n.language],
    queryFn: ({ signal }) =>
      api<{ items: EmploymentAction[] }>('/employment-actions', {
        query: {
          employeeId: filters.employeeId,
          kind: filters.kind,
          status: filters.status,
          awaitingMe: filters.awaitingMe ? 'true' : undefined,
        },
        signal,
      }).then((r) => r.items),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useEmploymentAction(id: string | undefined) {
  return useQuery<EmploymentAction>({
    queryKey: [...employmentKey, 'detail', id, i18n.language],
    queryFn: ({ signal }) => api<EmploymentAction>(`/employment-actions/${id}`, { signal }),
    enabled: Boolean(id),
    retry: (count, err) => {
      const status = (err as { status?: number }).status;
      if (status && status >= 400 && status < 500) return false;
      return count < 2;
    },
  });
}

function useEmploymentMutation<B>(request: (body: B) => Promise<EmploymentAction>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (action) => {
      queryClient.setQueryData([...employmentKey, 'detail', action.id, i18n.language], action);
      void queryClient.invalidateQueries({ queryKey: employmentKey });
      // An action that takes effect changes the person's job, job history and status.
      void queryClient.invalidateQueries({ queryKey: ['employees'] });
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
}

export const useCreateEmploymentAction = () =>
  useEmploymentMutation((body: CreateEmploymentActionRequest) =>
    api<EmploymentAction>('/employment-actions', { method: 'POST', body }),
  );

export const useUpdateEmploymentAction = () =>
  useEmploymentMutation(({ id, body }: { id: string; body: Record<string, unknown> }) =>
    api<EmploymentAction>(`/employment-actions/${id}`, { method: 'PATCH', body }),
  );

/** submit, decision, cancel. */
export const useEmploymentStep = () =>
  useEmploymentMutation(
    ({ id, step, body }: { id: string; step: 'submit' | 'decision' | 'cancel'; body: Record<string, unknown> }) =>
      api<EmploymentAction>(`/employment-actions/${id}/${step}`, { method: 'POST', body }),
  );

/** A step of a termination's evidence chain (Art. 42 checklist, union notice): answers the new version and chain. */
function useTerminationStep<B>(path: 'art42' | 'union-notice') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: B }) =>
      api<TerminationStepResult>(`/employment-actions/${id}/${path}`, { method: 'PUT', body }),
    onSuccess: (result) => {
      queryClient.setQueryData<EmploymentAction>([...employmentKey, 'detail', result.id, i18n.language], (old) =>
        old ? { ...old, version: result.version, chain: result.chain } : old,
      );
      void queryClient.invalidateQueries({ queryKey: employmentKey });
    },
  });
}

export const useSaveArt42 = () => useTerminationStep<Art42ChecklistBody>('art42');
export const useSaveUnionNotice = () => useTerminationStep<UnionNoticeBody>('union-notice');

export const filePurposes = [
  'union_notice',
  'union_reply',
  'signed_agreement',
  'misconduct_evidence',
  'other',
] as const;
export type FilePurpose = (typeof filePurposes)[number];

const checkedTypes = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
]);

/** Uploads a file to an action as the raw body, its name in X-File-Name (URL-encoded). */
async function uploadActionFile(id: string, purpose: FilePurpose, file: File): Promise<unknown> {
  const res = await fetch(`/api/v1/employment-actions/${id}/files?purpose=${purpose}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json, application/problem+json',
      'Accept-Language': i18n.language || 'zh-CN',
      // The server checks PDF, PNG, JPEG and DOCX against their first bytes; anything else goes as octet-stream.
      'Content-Type': checkedTypes.has(file.type) ? file.type : 'application/octet-stream',
      'X-File-Name': encodeURIComponent(file.name),
    },
    body: file,
  }).catch(() => {
    throw new ApiError(0, {
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      code: 'SERVICE_UNAVAILABLE',
      detail: i18n.t('errors.network'),
    });
  });
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  const data = isJson ? ((await res.json().catch(() => null)) as unknown) : null;
  if (!res.ok) {
    const problem = data as Partial<Problem> | null;
    throw new ApiError(res.status, {
      type: 'about:blank',
      title: res.statusText,
      status: res.status,
      code: 'INTERNAL_ERROR',
      detail: i18n.t('errors.generic'),
      ...(problem && typeof problem === 'object' && problem.code ? problem : {}),
    } as Problem);
  }
  return data;
}

export function useUploadActionFile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, purpose, file }: { id: string; purpose: FilePurpose; file: File }) =>
      uploadActionFile(id, purpose, file),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: employmentKey }),
  });
}

export const fileUrl = (actionId: string, fileId: string) => `/api/v1/employment-actions/${actionId}/files/${fileId}`;
export const documentUrl = (actionId: string, kind: string) =>
  `/api/v1/employment-actions/${actionId}/documents/${kind}`;

export function useApprovalChains() {
  return useQuery<ApprovalChainConfig[]>({
    queryKey: chainsKey,
    queryFn: ({ signal }) => api<{ items: ApprovalChainConfig[] }>('/approval-chains', { signal }).then((r) => r.items),
  });
}

export function useSaveApprovalChain() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, steps }: { kind: EmploymentActionKind; steps: ApprovalRole[] }) =>
      api<ApprovalChainConfig>(`/approval-chains/${kind}`, { method: 'PUT', body: { steps } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: chainsKey }),
  });
}
