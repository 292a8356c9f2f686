// The AWS JSON protocol (1.0 and 1.1) of Step Functions, the SageMaker control plane and CloudWatch Logs: `POST /`
// with `X-Amz-Target: <prefix>.<Operation>`, a JSON object body, and `{__type, message}` errors with
// `x-amzn-ErrorType`. Routed by the target prefix (the `amzTarget` route constraint), whatever the SigV4 scope;
// with auth on, the signature is verified over the body before the service authorizes and runs the operation.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EdgeAuth } from '../auth/edge-auth.js';
import { jsonAuthError } from '../auth/iam-wire-errors.js';
import { verifySignedBody } from '../auth/signed-body.js';
import { AMZ_TARGET, ensureTargetConstraint } from './target-constraint.js';

export interface WireError {
  readonly status: number;
  readonly type: string;
  readonly message: string;
}

/** An error already in the service's terms (a request the protocol layer itself refuses); 400 unless said. */
export class JsonWireError extends Error implements WireError {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface JsonTargetService {
  /** `AWSStepFunctions`, `SageMaker`, `Logs_20140328`. */
  readonly prefix: string;
  readonly contentType: 'application/x-amz-json-1.0' | 'application/x-amz-json-1.1';
  /** The SigV4 service name the body's signature is checked under. */
  readonly signingName: string;
  /** The service's name in server logs. */
  readonly title: string;
  readonly auth?: EdgeAuth | undefined;
  isOperation(name: string): boolean;
  /** The service's own error type for failures of the protocol (unknown operation, body not JSON). */
  protocolError(type: string, message: string): Error;
  wireError(error: unknown): WireError;
  /** The message of UnknownOperationException; by default `Unknown operation <target>`. */
  unknownOperation?(name: string, target: string): string;
  /** Authorizes (with auth on) and runs a known operation; what it returns is the answer's body. */
  run(name: string, members: Record<string, unknown>, request: FastifyRequest): Promise<unknown>;
}

export function serveJsonTarget(app: FastifyInstance, service: JsonTargetService): void {
  ensureTargetConstraint(app);
  if (service.auth) app.addHook('preParsing', verifySignedBody(service.auth, service.signingName));
  // SDKs send application/x-amz-json-1.x; any body of this scope is read as JSON text.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, {});
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(service.protocolError('SerializationException', 'The request body is not valid JSON'));
    }
  });
  app.setErrorHandler((error, request, reply) => {
    const denied = jsonAuthError(error);
    const wire = denied
      ? { status: denied.status, type: denied.code, message: denied.message }
      : service.wireError(error);
    if (wire.status >= 500) request.log.error({ err: error }, `${service.title} request failed`);
    return reply
      .status(wire.status)
      .header('x-amzn-errortype', wire.type)
      .type(service.contentType)
      .send({ __type: wire.type, message: wire.message });
  });
  app.route({
    method: 'POST',
    url: '/',
    constraints: { [AMZ_TARGET]: service.prefix },
    schema: { hide: true },
    handler: async (request, reply) => {
      const target = String(request.headers['x-amz-target']);
      const name = target.slice(service.prefix.length + 1);
      if (!service.isOperation(name)) {
        const message = service.unknownOperation?.(name, target) ?? `Unknown operation ${target}`;
        throw service.protocolError('UnknownOperationException', message);
      }
      const body = request.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw service.protocolError('SerializationException', 'The request body must be a JSON object');
      const result = await service.run(name, body as Record<string, unknown>, request);
      return reply.type(service.contentType).send(result);
    },
  });
}
