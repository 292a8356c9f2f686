// The image pipeline's event contract shared by the built-in functions (that of the classic AWS exercise):
// `{statusCode, body: {image_data, s3_bucket, s3_key, inferences}}`, where `body` may also arrive as JSON text.

export type JsonObject = Record<string, unknown>;

/** An error whose name becomes the Lambda `errorType` (what Step Functions Catch and Retry match). */
export function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The pipeline body of an event: `event.body` (object or JSON text), or the event itself when it has none. */
export function bodyOf(event: unknown): JsonObject {
  if (!isObject(event)) throw namedError('InvalidEvent', 'the event must be a JSON object');
  const body = 'body' in event ? event.body : event;
  const parsed = typeof body === 'string' ? parseJson(body, 'event.body') : body;
  if (!isObject(parsed)) throw namedError('InvalidEvent', 'event.body must be a JSON object');
  return parsed;
}

export function requireString(object: JsonObject, field: string, where: string): string {
  const value = object[field];
  if (typeof value !== 'string' || value === '')
    throw namedError('InvalidEvent', `${where}.${field} must be a non-empty string`);
  return value;
}

/** A probability list: an array of numbers, or its JSON text (some handlers keep the endpoint's raw answer). */
export function probabilities(value: unknown, where: string): number[] {
  const list = typeof value === 'string' ? parseJson(value, where) : value;
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'number' && Number.isFinite(item)))
    throw namedError('InvalidEvent', `${where} must be a list of numbers`);
  return list;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw namedError('InvalidEvent', `${where} is not valid JSON`);
  }
}
