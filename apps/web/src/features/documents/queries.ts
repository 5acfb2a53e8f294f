import type { DocumentKind, DocumentTemplate, Problem } from '@stride/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../api/client';
import i18n from '../../i18n';

export type { DocumentKind, DocumentTemplate };

const templatesKey = ['document-templates'] as const;
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const MAX_TEMPLATE_BYTES = 5 * 1024 * 1024;

/** The document kinds with the template each uses now and its placeholders (descriptions in the UI language). */
export function useDocumentTemplates() {
  return useQuery<DocumentTemplate[]>({
    queryKey: [...templatesKey, i18n.language],
    queryFn: ({ signal }) => api<{ items: DocumentTemplate[] }>('/document-templates', { signal }).then((r) => r.items),
  });
}

export const templateFileUrl = (kind: DocumentKind) => `/api/v1/document-templates/${kind}/file`;
export const templatePreviewUrl = (kind: DocumentKind) => `/api/v1/document-templates/${kind}/preview`;

/** PUTs the DOCX as the raw body (the file name URL-encoded in X-File-Name), at the version read. */
async function putTemplate(kind: DocumentKind, file: File, version: number): Promise<DocumentTemplate> {
  const res = await fetch(`/api/v1/document-templates/${kind}?version=${version}`, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json, application/problem+json',
      'Accept-Language': i18n.language || 'zh-CN',
      'Content-Type': DOCX_TYPE,
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
  const data = (await res.json().catch(() => null)) as unknown;
  if (res.ok) return data as DocumentTemplate;
  const partial = data as Partial<Problem> | null;
  throw new ApiError(
    res.status,
    partial && typeof partial === 'object' && partial.code
      ? (partial as Problem)
      : {
          type: 'about:blank',
          title: res.statusText,
          status: res.status,
          code: res.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INTERNAL_ERROR',
          detail: i18n.t(res.status === 413 ? 'documents.tooLarge' : 'errors.generic'),
        },
  );
}

export function useUploadTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, file, version }: { kind: DocumentKind; file: File; version: number }) =>
      putTemplate(kind, file, version),
    onSettled: () => qc.invalidateQueries({ queryKey: templatesKey }),
  });
}

export function useRestoreTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, version }: { kind: DocumentKind; version: number }) =>
      api<DocumentTemplate>(`/document-templates/${kind}`, { method: 'DELETE', query: { version } }),
    onSettled: () => qc.invalidateQueries({ queryKey: templatesKey }),
  });
}
