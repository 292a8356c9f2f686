// Checks an invocation payload as Lambda does: JSON text within the size limit of the invocation type.
import { functionsError } from '../errors.js';

/** Lambda's limit on a synchronous request payload. */
export const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
/** Lambda's limit on an asynchronous request payload. */
export const MAX_ASYNC_REQUEST_BYTES = 256 * 1024;

/** The payload to deliver: empty or absent becomes `{}`; throws when too large or not JSON. */
export function checkPayload(payload: string | undefined, maxBytes: number): string {
  if (payload === undefined || payload.trim() === '') return '{}';
  if (Buffer.byteLength(payload, 'utf8') > maxBytes)
    throw functionsError('REQUEST_TOO_LARGE', `request payload exceeds ${maxBytes} bytes`, { maxBytes });
  try {
    JSON.parse(payload);
  } catch (error) {
    throw functionsError('INVALID_PAYLOAD', 'Could not parse request body into json', {}, error);
  }
  return payload;
}
