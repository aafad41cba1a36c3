// The one way the app talks to Lantern: same-origin fetch with the session cookie,
// the CSRF header on every write, problem+json errors as ApiError, and a signal
// when the session has ended so the app can return to the sign-in screen.

export const API = '/api/v1';

export interface FieldError {
  field: string;
  message: string;
  /** A stable reason to translate, when the server gives one (e.g. 'password-too-guessable'). */
  code?: string;
}
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  missingConsents?: { purpose: string; agency?: string }[];
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
  }
  /** The stable problem name, e.g. 'precondition-failed'. */
  get kind(): string {
    return (
      this.problem?.type.replace('urn:lantern:problem:', '') ?? (this.status === 0 ? 'network' : `http-${this.status}`)
    );
  }
}

export interface ApiResponse<T> {
  data: T;
  etag: string | null;
  status: number;
}

type Query = Record<string, string | number | boolean | null | undefined>;

let sessionEnded: (() => void) | null = null;
/** Called once per request that finds the session gone (expired, revoked, user disabled). */
export function onSessionEnded(handler: (() => void) | null): void {
  sessionEnded = handler;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export async function request<T>(
  method: string,
  path: string,
  options: {
    body?: unknown;
    file?: { data: Blob; type: string };
    ifMatch?: string | null;
    query?: Query;
    quiet401?: boolean;
  } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.file) headers['content-type'] = options.file.type;
  // A cross-site form cannot set a custom header: the server refuses cookie writes without it.
  if (method !== 'GET' && method !== 'HEAD') headers['x-lantern-csrf'] = '1';
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  let response: Response;
  try {
    response = await fetch(API + withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(options.body !== undefined
        ? { body: JSON.stringify(options.body) }
        : options.file
          ? { body: options.file.data }
          : {}),
    });
  } catch {
    throw new ApiError(0, null);
  }
  const text = response.status === 204 ? '' : await response.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!response.ok) {
    const problem = parsed && typeof parsed === 'object' && 'type' in parsed ? (parsed as Problem) : null;
    const error = new ApiError(response.status, problem);
    if (response.status === 401 && error.kind === 'unauthenticated' && !options.quiet401) sessionEnded?.();
    throw error;
  }
  return { data: parsed as T, etag: response.headers.get('etag'), status: response.status };
}

export const api = {
  get: <T>(path: string, query?: Query, opts: { quiet401?: boolean } = {}) =>
    request<T>('GET', path, { query, ...opts }).then((r) => r.data),
  getWithEtag: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }).then((r) => r.data),
  patch: <T>(path: string, body: unknown, ifMatch: string | null) => request<T>('PATCH', path, { body, ifMatch }),
  put: <T>(path: string, body: unknown, ifMatch: string | null) => request<T>('PUT', path, { body, ifMatch }),
  /** Sends a file as the request body, e.g. a roster as text/csv. */
  upload: <T>(path: string, data: Blob, type: string) =>
    request<T>('POST', path, { file: { data, type } }).then((r) => r.data),
};

/** An ETag for a version number, as the API writes it. */
export const etagOf = (version: number) => `"${version}"`;
