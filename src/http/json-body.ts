// The JSON body parser of the REST API: Fastify's own (prototype poisoning refused) behind two cheap checks, so
// code that walks a body recursively never meets invalid UTF-8 or a nesting deep enough to overflow the stack.
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { nestsDeeperThan } from '../kernel/json-depth.js';

/** Deeper bodies are refused; real inputs (events, definitions, metrics) are a few dozen levels at most. */
export const MAX_JSON_DEPTH = 512;

export function installJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) return done(invalidJson('the body is not valid UTF-8'), undefined);
    const text = bytes.toString('utf8');
    if (nestsDeeperThan(text, MAX_JSON_DEPTH))
      return done(
        invalidJson(`the body nests arrays and objects more than ${MAX_JSON_DEPTH} deep`),
        undefined,
      );
    return parse(request, text, done);
  });
}

function invalidJson(reason: string): Error {
  return Object.assign(new Error(`Body is not valid JSON: ${reason}`), {
    statusCode: 400,
    code: 'FST_ERR_CTP_INVALID_JSON_BODY',
  });
}
