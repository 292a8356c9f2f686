// The HTTP Task (`arn:aws:states:::http:invoke`): calls an HTTP API and answers in Step Functions' shape.
import { StatesErrors } from '../../asl/errors.js';
import { isObject, type Json, type JsonObject, parseJsonText } from '../../asl/json.js';
import { TaskFailure } from '../ports.js';

/** Runs one HTTP Task; a non-2xx answer fails the task with `States.Http.StatusCode.<code>`, as AWS does. */
export async function invokeHttp(parameters: Json, signal: AbortSignal): Promise<Json> {
  if (!isObject(parameters) || typeof parameters.ApiEndpoint !== 'string') {
    throw new TaskFailure(StatesErrors.Runtime, 'The http:invoke parameters need an ApiEndpoint');
  }
  const method = typeof parameters.Method === 'string' ? parameters.Method.toUpperCase() : 'GET';
  const url = new URL(parameters.ApiEndpoint);
  for (const [key, value] of Object.entries(objectOf(parameters.QueryParameters))) {
    url.searchParams.append(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const headers = new Headers();
  for (const [key, value] of Object.entries(objectOf(parameters.Headers))) {
    headers.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const body = requestBody(parameters.RequestBody, headers, method);
  let response: Response;
  try {
    response = await fetch(url, { method, headers, signal, ...(body === undefined ? {} : { body }) });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new TaskFailure('States.Http.Socket', error instanceof Error ? error.message : String(error));
  }
  const result = await responseOf(response);
  if (!response.ok) {
    throw new TaskFailure(`States.Http.StatusCode.${response.status}`, JSON.stringify(result));
  }
  return result;
}

function objectOf(value: Json | undefined): JsonObject {
  return isObject(value) ? value : {};
}

function requestBody(value: Json | undefined, headers: Headers, method: string): string | undefined {
  if (value === undefined || method === 'GET' || method === 'HEAD') return undefined;
  if (typeof value === 'string') return value;
  if (!headers.has('content-type')) headers.set('content-type', 'application/json; charset=UTF-8');
  return JSON.stringify(value);
}

async function responseOf(response: Response): Promise<JsonObject> {
  const text = await response.text();
  const headers: Record<string, Json> = {};
  response.headers.forEach((value, key) => {
    headers[key] = [value];
  });
  let body: Json = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') {
    try {
      body = parseJsonText(text);
    } catch {
      body = text;
    }
  }
  return {
    Headers: headers,
    ResponseBody: body,
    StatusCode: response.status,
    StatusText: response.statusText,
  };
}
