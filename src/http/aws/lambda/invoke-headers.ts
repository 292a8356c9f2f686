// Invoke's enumerated headers, checked before anything runs: a value outside the API model's set is refused with
// Lambda's model validation error (ValidationException), never ignored or run with a default.
import type { FastifyRequest } from 'fastify';
import { functionsError } from '../../../modules/functions/index.js';

/** The sets of Lambda's model, in its order (Lambda lists them so in its messages). */
const INVOCATION_TYPES = ['Event', 'RequestResponse', 'DryRun'] as const;
const LOG_TYPES = ['None', 'Tail'] as const;

export interface InvokeHeaders {
  readonly invocationType: (typeof INVOCATION_TYPES)[number];
  readonly logType: (typeof LOG_TYPES)[number];
  readonly clientContext?: string;
}

export function invokeHeaders(request: FastifyRequest): InvokeHeaders {
  const clientContext = header(request, 'x-amz-client-context');
  return {
    invocationType:
      member(request, 'x-amz-invocation-type', 'invocationType', INVOCATION_TYPES) ?? 'RequestResponse',
    logType: member(request, 'x-amz-log-type', 'logType', LOG_TYPES) ?? 'None',
    ...(clientContext === undefined ? {} : { clientContext }),
  };
}

function member<const T extends string>(
  request: FastifyRequest,
  name: string,
  member: string,
  values: readonly T[],
): T | undefined {
  const value = header(request, name);
  if (value === undefined || (values as readonly string[]).includes(value)) return value as T | undefined;
  throw functionsError(
    'VALIDATION_FAILED',
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`,
    { member, value },
  );
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
