// The one place the dashboard talks to the server: every request goes through `apiGet`, so headers (an API key,
// later) are added here and every failure becomes an ApiError with the server's code and message.

/** A failed request: the server's `{error: {code, message}}`, or what went wrong on the way. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/** Headers sent with every request. */
function requestHeaders(): Record<string, string> {
  return { accept: 'application/json' };
}

export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** GETs JSON; a non-2xx answer or a network failure throws an ApiError. */
export async function apiGet<T>(path: string, query: Query = {}): Promise<T> {
  const response = await send(path, query);
  return (await response.json()) as T;
}

async function send(path: string, query: Query): Promise<Response> {
  const url = apiUrl(path, query);
  let response: Response;
  try {
    response = await fetch(url, { headers: requestHeaders() });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', `the server did not answer (${String(error)})`, url);
  }
  if (response.ok) return response;
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string } }
    | undefined;
  throw new ApiError(
    response.status,
    body?.error?.code ?? `HTTP_${response.status}`,
    body?.error?.message ?? response.statusText,
    url,
  );
}
