// Lambda's JSON error shapes at the edge: `x-amzn-ErrorType` names the exception, the body carries
// `{"Type": "User", "message": ...}` (and `Reason` for throttles), with Lambda's status codes.
import type { FastifyError, FastifyReply } from 'fastify';
import { type ErrorKind, isSconesError } from '../../../kernel/errors.js';
import { functionsError } from '../../../modules/functions/index.js';
import { jsonAuthError } from '../../auth/iam-wire-errors.js';

export interface LambdaError {
  readonly status: number;
  readonly type: string;
  readonly message: string;
  readonly reason?: string;
}

const codes = functionsError.codes;

const BY_CODE: Readonly<Record<string, Omit<LambdaError, 'message'>>> = {
  [codes.FUNCTION_NOT_FOUND]: { status: 404, type: 'ResourceNotFoundException' },
  [codes.QUALIFIER_NOT_FOUND]: { status: 404, type: 'ResourceNotFoundException' },
  [codes.ALIAS_NOT_FOUND]: { status: 404, type: 'ResourceNotFoundException' },
  [codes.INVOCATION_NOT_FOUND]: { status: 404, type: 'ResourceNotFoundException' },
  [codes.FUNCTION_EXISTS]: { status: 409, type: 'ResourceConflictException' },
  [codes.ALIAS_EXISTS]: { status: 409, type: 'ResourceConflictException' },
  [codes.RESOURCE_IN_USE]: { status: 409, type: 'ResourceConflictException' },
  [codes.TOO_MANY_REQUESTS]: { status: 429, type: 'TooManyRequestsException' },
  [codes.INVALID_PAYLOAD]: { status: 400, type: 'InvalidRequestContentException' },
  [codes.REQUEST_TOO_LARGE]: { status: 413, type: 'RequestEntityTooLargeException' },
  [codes.CODE_TOO_LARGE]: { status: 400, type: 'InvalidParameterValueException' },
  [codes.INVALID_CODE]: { status: 400, type: 'InvalidParameterValueException' },
  [codes.INVALID_CONFIG]: { status: 400, type: 'InvalidParameterValueException' },
  [codes.RESERVATION_OVER_LIMIT]: { status: 400, type: 'InvalidParameterValueException' },
  [codes.INVALID_PARAMETER]: { status: 400, type: 'InvalidParameterValueException' },
  [codes.VALIDATION_FAILED]: { status: 400, type: 'ValidationException' },
  [codes.LAYER_NOT_FOUND]: { status: 404, type: 'ResourceNotFoundException' },
  [codes.STATEMENT_EXISTS]: { status: 409, type: 'ResourceConflictException' },
  [codes.REVISION_MISMATCH]: { status: 412, type: 'PreconditionFailedException' },
};

const BY_KIND: Readonly<Record<ErrorKind, Omit<LambdaError, 'message'>>> = {
  invalid: { status: 400, type: 'InvalidParameterValueException' },
  not_found: { status: 404, type: 'ResourceNotFoundException' },
  conflict: { status: 409, type: 'ResourceConflictException' },
  too_large: { status: 413, type: 'RequestEntityTooLargeException' },
  unauthorized: { status: 403, type: 'AccessDeniedException' },
  forbidden: { status: 403, type: 'AccessDeniedException' },
  unavailable: { status: 500, type: 'ServiceException' },
  timeout: { status: 500, type: 'ServiceException' },
  internal: { status: 500, type: 'ServiceException' },
};

export function toLambdaError(error: unknown): LambdaError {
  const auth = jsonAuthError(error);
  if (auth) return { status: auth.status, type: auth.code, message: auth.message };
  if (isSconesError(error)) {
    const shape = BY_CODE[error.code] ?? BY_KIND[error.kind];
    const reason = error.details.reason;
    return { ...shape, message: error.message, ...(typeof reason === 'string' ? { reason } : {}) };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return {
      status: 413,
      type: 'RequestEntityTooLargeException',
      message: 'Request must be smaller than the limit for this operation',
    };
  if (
    fastifyError.validation ||
    (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500)
  )
    return {
      status: 400,
      type: 'InvalidRequestContentException',
      message: fastifyError.message ?? 'invalid request',
    };
  return { status: 500, type: 'ServiceException', message: 'An internal error occurred; see the server log' };
}

export function sendLambdaError(reply: FastifyReply, error: LambdaError): FastifyReply {
  if (error.status === 429) reply.header('retry-after', '1');
  // Lambda writes `message` for most exceptions and `Message` for some; clients read either.
  return reply
    .status(error.status)
    .header('x-amzn-errortype', error.type)
    .type('application/json')
    .send({
      Type: 'User',
      message: error.message,
      Message: error.message,
      ...(error.reason ? { Reason: error.reason } : {}),
    });
}
