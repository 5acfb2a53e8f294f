import type {
  ImportKind,
  ImportMapping,
  ImportOptions,
  ImportView,
  importList,
  importRowsPage,
  importUploaded,
  importValidation,
} from '@stride/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, uploadFile } from '../../api/client';

export type ImportUploaded = z.infer<typeof importUploaded>;
export type ImportValidation = z.infer<typeof importValidation>;
export type ImportRowsPage = z.infer<typeof importRowsPage>;
export type ImportPreviewRow = ImportRowsPage['items'][number];
export type ImportSummary = z.infer<typeof importList>['items'][number];
export type CommitMode = 'all_or_nothing' | 'valid_only';
export type RowStatus = 'valid' | 'invalid';

export const importsKey = ['imports'] as const;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The Content-Type to send: by extension, since browsers often label CSV as application/vnd.ms-excel. */
export function fileContentType(file: File): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return XLSX_TYPE;
  if (name.endsWith('.csv')) return 'text/csv';
  if (file.type === XLSX_TYPE || file.type === 'text/csv') return file.type;
  return 'application/octet-stream';
}

export function useRecentImports() {
  return useQuery({
    queryKey: [...importsKey, 'list'],
    queryFn: ({ signal }) => api<{ items: ImportSummary[] }>('/imports', { signal }).then((r) => r.items),
  });
}

export function useUploadImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, file, onProgress }: { kind: ImportKind; file: File; onProgress: (f: number) => void }) =>
      uploadFile<ImportUploaded>('/imports', file, fileContentType(file), {
        query: { kind, filename: file.name },
        onProgress,
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [...importsKey, 'list'] }),
  });
}

export function useSetMapping(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { mapping: ImportMapping; options?: ImportOptions }) =>
      api<ImportValidation>(`/imports/${encodeURIComponent(id)}/mapping`, { method: 'PUT', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: importsKey }),
  });
}

export function useImportRows(id: string, status: RowStatus, cursor: string | undefined, limit: number) {
  return useQuery({
    queryKey: [...importsKey, id, 'rows', status, cursor ?? '', limit],
    queryFn: ({ signal }) =>
      api<ImportRowsPage>(`/imports/${encodeURIComponent(id)}/rows`, {
        query: { status, cursor, limit },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useCommitImport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mode: CommitMode) =>
      api<ImportView>(`/imports/${encodeURIComponent(id)}/commit`, { method: 'POST', body: { mode } }),
    onSuccess: (view) => {
      queryClient.setQueryData([...importsKey, id, 'view'], view);
      void queryClient.invalidateQueries({ queryKey: [...importsKey, 'list'] });
    },
  });
}

const isRunning = (view: ImportView | undefined) => view?.status === 'committing';

/** One import; polled every second while it is being committed. */
export function useImportView(id: string | null) {
  return useQuery({
    queryKey: [...importsKey, id, 'view'],
    queryFn: ({ signal }) => api<ImportView>(`/imports/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: Boolean(id),
    refetchInterval: (query) => (isRunning(query.state.data) ? 1000 : false),
  });
}

export const rejectedUrl = (id: string) => `/api/v1/imports/${encodeURIComponent(id)}/rejected.xlsx`;
