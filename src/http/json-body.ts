// The JSON body parser of the REST API: Fastify's own (prototype poisoning refused) behind two cheap checks, so
// code that walks a body recursively never meets invalid UTF-8 or a nesting deep enough to overflow the stack.
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';

/** Deeper bodies are refused; real inputs (events, definitions, metrics) are a few dozen levels at most. */
export const MAX_JSON_DEPTH = 512;

export function installJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) return done(invalidJson('the body is not valid UTF-8'), undefined);
    if (exceedsDepth(bytes, MAX_JSON_DEPTH))
      return done(
        invalidJson(`the body nests arrays and objects more than ${MAX_JSON_DEPTH} deep`),
        undefined,
      );
    return parse(request, bytes.toString('utf8'), done);
  });
}

/** True when brackets outside strings nest deeper than `limit`; one pass, stops at the first too-deep bracket. */
export function exceedsDepth(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === 0x5c) i++;
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > limit) return true;
    } else if (byte === 0x5d || byte === 0x7d) depth--;
  }
  return false;
}

function invalidJson(reason: string): Error {
  return Object.assign(new Error(`Body is not valid JSON: ${reason}`), {
    statusCode: 400,
    code: 'FST_ERR_CTP_INVALID_JSON_BODY',
  });
}
