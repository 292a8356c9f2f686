// Lambda's Invoke: RequestResponse (200, X-Amz-Function-Error on failure, X-Amz-Log-Result with Tail),
// Event (202, queued durably) and DryRun (204).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type FunctionsService,
  MAX_REQUEST_BYTES,
  parseFunctionName,
} from '../../../modules/functions/index.js';
import { HIDDEN } from './function-routes.js';
import { invokeHeaders } from './invoke-headers.js';

type InvokeRequest = FastifyRequest<{ Params: { name: string }; Querystring: { Qualifier?: string } }>;

export function registerInvokeRoute(app: FastifyInstance, functions: FunctionsService): void {
  app.post<{ Params: { name: string }; Querystring: { Qualifier?: string } }>(
    '/2015-03-31/functions/:name/invocations',
    // Larger payloads still reach the runtime's own check, which answers with Lambda's exact limit.
    { ...HIDDEN, bodyLimit: MAX_REQUEST_BYTES + 1024 * 1024 },
    async (request, reply) => invoke(functions, request, reply),
  );
}

async function invoke(functions: FunctionsService, request: InvokeRequest, reply: FastifyReply) {
  const { invocationType: type, logType, clientContext } = invokeHeaders(request);
  const target = parseFunctionName(request.params.name, request.query.Qualifier);
  const qualifier = target.qualifier === undefined ? {} : { qualifier: target.qualifier };
  const payload = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
  if (type === 'DryRun') {
    await functions.resolve(target.name, target.qualifier);
    return reply.status(204).send();
  }
  if (type === 'Event') {
    const record = await functions.invokeAsync(target.name, { ...qualifier, payload });
    return reply.status(202).header('x-amzn-requestid', record.requestId).send();
  }
  const result = await functions.invoke(target.name, {
    ...qualifier,
    payload,
    ...(clientContext === undefined ? {} : { clientContext }),
  });
  reply.header('x-amzn-requestid', result.requestId).header('x-amz-executed-version', result.executedVersion);
  if (result.functionError) reply.header('x-amz-function-error', result.functionError);
  if (logType === 'Tail')
    reply.header('x-amz-log-result', Buffer.from(result.logTail, 'utf8').toString('base64'));
  return reply.status(200).type('application/json').send(result.payload);
}
