// The one place the dashboard talks to the server: every request goes through `apiRequest`, so the session's CSRF
// token is added here, a 401 of the REST API ends the session in one place, and every failure becomes an ApiError
// with the server's code and message.

/** A failed request: the server's `{error: {code, message}}`, or what went wrong on the way. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: string,
    /** Seconds the server asked to wait (`Retry-After`), when it did. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/** Methods that change nothing: the server asks no CSRF token for them. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

let csrfToken: string | undefined;
let onUnauthorized: ((error: ApiError) => void) | undefined;

/** The token of the signed-in session, kept in memory only (the session cookie itself is HttpOnly). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called when a REST API call answers 401: the session expired, or its key was deactivated. */
export function onSessionLost(handler: (error: ApiError) => void): void {
  onUnauthorized = handler;
}

function requestHeaders(method: string, hasBody: boolean): Record<string, string> {
  return {
    accept: 'application/json',
    ...(hasBody ? { 'content-type': 'application/json' } : {}),
    ...(csrfToken && !SAFE_METHODS.has(method) ? { 'x-csrf-token': csrfToken } : {}),
  };
}

export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** GETs JSON; a non-2xx answer or a network failure throws an ApiError. */
export async function apiGet<T>(path: string, query: Query = {}): Promise<T> {
  const response = await apiRequest('GET', path, { query });
  return (await response.json()) as T;
}

/** Sends a request (JSON body if any); a non-2xx answer or a network failure throws an ApiError. */
export async function apiRequest(
  method: string,
  path: string,
  { query = {}, body }: { query?: Query; body?: unknown } = {},
): Promise<Response> {
  const url = apiUrl(path, query);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: requestHeaders(method, body !== undefined),
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', `the server did not answer (${String(error)})`, url);
  }
  if (response.ok) return response;
  const error = await failure(response, url);
  if (error.status === 401 && path.startsWith('/api/v1/')) onUnauthorized?.(error);
  throw error;
}

async function failure(response: Response, url: string): Promise<ApiError> {
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string } }
    | undefined;
  const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
  return new ApiError(
    response.status,
    body?.error?.code ?? `HTTP_${response.status}`,
    body?.error?.message ?? response.statusText,
    url,
    Number.isFinite(retryAfter) ? retryAfter : undefined,
  );
}
