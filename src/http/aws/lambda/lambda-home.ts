// Lambda calls that name a function by an ARN of another partition, region or account resolve to nothing
// (ResourceNotFoundException), with auth on or off, before any handler looks the name up.
import type { FastifyRequest } from 'fastify';
import { assertHomeFunctionName, type FunctionsService } from '../../../modules/functions/index.js';

const CREATE_FUNCTION = 'POST /2015-03-31/functions';

/** A preHandler for every Lambda route: the `:name` parameter, or CreateFunction's `FunctionName`. */
export function functionsOfThisServer(functions: FunctionsService) {
  const home = { partition: 'aws', region: functions.region, accountId: functions.accountId };
  return async (request: FastifyRequest): Promise<void> => {
    const named = (request.params as { name?: unknown }).name ?? createdName(request);
    if (typeof named === 'string') assertHomeFunctionName(named, home);
  };
}

/** CreateFunction's FunctionName, when its body is JSON with one (the handler reports any other problem). */
function createdName(request: FastifyRequest): unknown {
  if (`${request.method} ${request.routeOptions.url}` !== CREATE_FUNCTION || !Buffer.isBuffer(request.body))
    return undefined;
  try {
    return (JSON.parse(request.body.toString('utf8')) as { FunctionName?: unknown } | null)?.FunctionName;
  } catch {
    return undefined;
  }
}
