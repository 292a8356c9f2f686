// The edge's error mapping: typed errors and Fastify's own errors become JSON `{error: {code, message}}`.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorKind, isSconesError } from '../kernel/errors.js';

const STATUS_BY_KIND: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  internal: 500,
  unavailable: 503,
  timeout: 504,
};

/** Codes whose HTTP status is more specific than their kind's. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  STORAGE_INVALID_RANGE: 416,
  FUNCTIONS_TOO_MANY_REQUESTS: 429,
  AUTH_TOO_MANY_ATTEMPTS: 429,
};

export interface WireError {
  status: number;
  code: string;
  message: string;
  details?: Readonly<Record<string, unknown>>;
}

export function toWireError(error: unknown): WireError {
  if (isSconesError(error)) {
    const status = STATUS_BY_CODE[error.code] ?? STATUS_BY_KIND[error.kind];
    return { status, code: error.code, message: error.message, details: error.details };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) {
    return { status: 400, code: 'HTTP_INVALID_REQUEST', message: fastifyError.message ?? 'invalid request' };
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500) {
    return {
      status: fastifyError.statusCode,
      code: `HTTP_${fastifyError.code ?? 'BAD_REQUEST'}`,
      message: fastifyError.message ?? '',
    };
  }
  return { status: 500, code: 'INTERNAL', message: 'internal error; see the server log' };
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const wire = toWireError(error);
    if (wire.status >= 500) request.log.error({ err: error }, 'request failed');
    const body = {
      error: { code: wire.code, message: wire.message, ...(wire.details ? { details: wire.details } : {}) },
    };
    return reply.status(wire.status).type('application/json').send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: { code: 'HTTP_NOT_FOUND', message: `no route for ${request.method} ${request.url}` } }),
  );
}
