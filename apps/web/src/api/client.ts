import type { ErrorCode, Problem } from '@stride/contracts';
import i18n from '../i18n';

/** An error response from the Stride API, carrying the RFC 9457 problem document. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get code(): ErrorCode {
    return this.problem.code;
  }

  get fieldErrors(): { field: string; code: string; message: string }[] {
    return this.problem.errors ?? [];
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

type UnauthorizedListener = () => void;
let unauthorizedListener: UnauthorizedListener | null = null;

/** Registers the handler called when the session is missing or expired (HTTP 401 outside of sign-in). */
export function onUnauthorized(listener: UnauthorizedListener | null): void {
  unauthorizedListener = listener;
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

export function toQueryString(params: QueryParams | undefined): string {
  if (!params) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: QueryParams;
  signal?: AbortSignal;
  /** Do not treat a 401 as an expired session (used by sign-in and the session probe). */
  allowUnauthorized?: boolean;
}

function fallbackProblem(status: number, text: string): Problem {
  const code: ErrorCode =
    status === 401
      ? 'AUTH_REQUIRED'
      : status === 403
        ? 'FORBIDDEN'
        : status === 404
          ? 'NOT_FOUND'
          : status === 503 || status === 502 || status === 504
            ? 'SERVICE_UNAVAILABLE'
            : 'INTERNAL_ERROR';
  return {
    type: 'about:blank',
    title: text || `HTTP ${status}`,
    status,
    code,
    detail: i18n.t(`errors.${code}`, { defaultValue: text || `HTTP ${status}` }),
  };
}

/** Small fetch wrapper: JSON in/out, cookie session, Accept-Language from the UI, problem+json errors. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, query, signal, allowUnauthorized } = options;
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': i18n.language || 'zh-CN',
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let res: Response;
  try {
    res = await fetch(`/api/v1${path}${toQueryString(query)}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, {
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      code: 'SERVICE_UNAVAILABLE',
      detail: i18n.t('errors.network'),
    });
  }

  if (res.status === 204) return undefined as T;

  const contentType = res.headers.get('content-type') ?? '';
  const isJson = contentType.includes('json');

  if (!res.ok) {
    let problem: Problem;
    if (isJson) {
      const data = (await res.json().catch(() => null)) as Partial<Problem> | null;
      problem =
        data && typeof data === 'object' && data.code
          ? ({ ...fallbackProblem(res.status, res.statusText), ...data } as Problem)
          : fallbackProblem(res.status, res.statusText);
    } else {
      problem = fallbackProblem(res.status, res.statusText);
    }
    const error = new ApiError(res.status, problem);
    if (res.status === 401 && !allowUnauthorized) unauthorizedListener?.();
    throw error;
  }

  if (!isJson) return undefined as T;
  return (await res.json()) as T;
}

export interface UploadOptions {
  query?: QueryParams;
  /** Called with the share of the body sent so far, 0–1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * POSTs a file as the raw request body (not multipart) and answers the JSON response. Uses
 * XMLHttpRequest rather than fetch because only XHR reports upload progress.
 */
export function uploadFile<T>(path: string, file: Blob, contentType: string, options: UploadOptions = {}): Promise<T> {
  const { query, onProgress, signal } = options;
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${path}${toQueryString(query)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('Accept-Language', i18n.language || 'zh-CN');
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(e.loaded / e.total);
    };
    const networkError = () =>
      new ApiError(0, {
        type: 'about:blank',
        title: 'Network error',
        status: 0,
        code: 'SERVICE_UNAVAILABLE',
        detail: i18n.t('errors.network'),
      });
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    xhr.onload = () => {
      const isJson = (xhr.getResponseHeader('content-type') ?? '').includes('json');
      let data: unknown = null;
      try {
        data = isJson && xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(data as T);
        return;
      }
      const partial = data as Partial<Problem> | null;
      const problem =
        partial && typeof partial === 'object' && partial.code
          ? ({ ...fallbackProblem(xhr.status, xhr.statusText), ...partial } as Problem)
          : fallbackProblem(xhr.status, xhr.statusText);
      if (xhr.status === 401) unauthorizedListener?.();
      reject(new ApiError(xhr.status, problem));
    };
    if (signal) {
      if (signal.aborted) {
        reject(new DOMException('Aborted', 'AbortError'));
        return;
      }
      signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(file);
  });
}
