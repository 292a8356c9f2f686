// Lambda calls that name a function by an ARN of another partition, region or account resolve to nothing
// (ResourceNotFoundException), with auth on or off, before any handler looks the name up.
import type { FastifyRequest } from 'fastify';
import {
  assertHomeFunctionName,
  type FunctionsService,
  functionsError,
} from '../../../modules/functions/index.js';
import { roleNameOf } from '../../../modules/iam/index.js';

const CREATE_FUNCTION = 'POST /2015-03-31/functions';
const UPDATE_CONFIGURATION = 'PUT /2015-03-31/functions/:name/configuration';

/** A preHandler for every Lambda route: the `:name` parameter, or CreateFunction's `FunctionName`. */
export function functionsOfThisServer(functions: FunctionsService) {
  const home = { partition: 'aws', region: functions.region, accountId: functions.accountId };
  return async (request: FastifyRequest): Promise<void> => {
    const named = (request.params as { name?: unknown }).name ?? createdName(request);
    if (typeof named === 'string') assertHomeFunctionName(named, home);
  };
}

/**
 * With auth on, a function runs as its role: a Role ARN naming another account's (or partition's) role is one
 * Lambda cannot assume here, refused as Lambda refuses it (never mapped onto a role of ours of the same name).
 */
export async function rolesOfThisAccount(request: FastifyRequest): Promise<void> {
  const route = `${request.method} ${request.routeOptions.url}`;
  if (route !== CREATE_FUNCTION && route !== UPDATE_CONFIGURATION) return;
  const role = jsonMember(request, 'Role');
  if (typeof role === 'string' && role.startsWith('arn:') && roleNameOf(role) === undefined)
    throw functionsError(
      'INVALID_PARAMETER',
      'The role defined for the function cannot be assumed by Lambda.',
      {
        role,
      },
    );
}

/** CreateFunction's FunctionName, when its body is JSON with one (the handler reports any other problem). */
function createdName(request: FastifyRequest): unknown {
  return `${request.method} ${request.routeOptions.url}` === CREATE_FUNCTION
    ? jsonMember(request, 'FunctionName')
    : undefined;
}

function jsonMember(request: FastifyRequest, name: string): unknown {
  if (!Buffer.isBuffer(request.body)) return undefined;
  try {
    const body: unknown = JSON.parse(request.body.toString('utf8'));
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  } catch {
    return undefined;
  }
}
