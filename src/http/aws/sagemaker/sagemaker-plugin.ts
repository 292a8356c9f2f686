// SageMaker runtime InvokeEndpoint: `POST /endpoints/{name}/invocations`, as the AWS SDKs and boto3 call it.
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { sagemakerAccess } from '../../../modules/iam/index.js';
import { type EndpointHost, inferenceError } from '../../../modules/inference/index.js';
import { type EdgeAuth, enforceAccess, homeOf } from '../../auth/edge-auth.js';
import { verifySignedBody } from '../../auth/signed-body.js';
import { sagemakerError } from './sagemaker-errors.js';

/** InvokeEndpoint's payload limit (6 MB). */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** When each request arrived (before its body was read), for the invocation's overhead latency. */
const receivedAt = new WeakMap<FastifyRequest, number>();

export const sagemakerRuntimePlugin: FastifyPluginAsync<{
  host: EndpointHost;
  auth?: EdgeAuth | undefined;
}> = async (app, { host, auth }) => {
  // Bodies are images of any declared type: the endpoint judges the content type, not the router.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_PAYLOAD_BYTES }, (_request, body, done) =>
    done(null, body),
  );
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  if (auth) app.addHook('preParsing', verifySignedBody(auth, 'sagemaker'));
  app.post<{ Params: { name: string } }>(
    '/endpoints/:name/invocations',
    {
      bodyLimit: MAX_PAYLOAD_BYTES,
      schema: { hide: true },
      // Admission happens before the body is read: an overloaded server or an oversized body costs no memory.
      onRequest: (request, reply, done) => {
        receivedAt.set(request, performance.now());
        // Without a length (chunked), room for the largest body is reserved.
        const length = Number.parseInt(request.headers['content-length'] ?? '', 10);
        const declared = Number.isFinite(length) ? length : MAX_PAYLOAD_BYTES;
        try {
          if (declared > MAX_PAYLOAD_BYTES)
            throw inferenceError(
              'PAYLOAD_TOO_LARGE',
              `Request has oversize body: ${declared} bytes is over InvokeEndpoint's limit of ${MAX_PAYLOAD_BYTES} bytes`,
            );
          reply.raw.once('close', host.admission.enter(declared));
          done();
        } catch (error) {
          done(error as Error);
        }
      },
    },
    async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = (name: string) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      if (auth) {
        const variant = header('x-amzn-sagemaker-target-variant');
        await enforceAccess(
          auth,
          request,
          sagemakerAccess('InvokeEndpoint', {
            region: homeOf(auth).region,
            accountId: homeOf(auth).accountId,
            name: request.params.name,
            ...(variant === undefined ? {} : { targetVariant: variant }),
          }),
        );
      }
      const result = await host.invoke({
        endpoint: request.params.name,
        body,
        contentType: header('content-type'),
        targetVariant: header('x-amzn-sagemaker-target-variant'),
        inferenceId: header('x-amzn-sagemaker-inference-id'),
        receivedAt: receivedAt.get(request),
      });
      return (
        reply
          .headers({
            'content-type': result.contentType,
            'x-amzn-requestid': result.eventId,
            'x-amzn-invoked-production-variant': result.variant,
          })
          // A Buffer keeps the content type exactly as given (Fastify appends a charset to JSON strings).
          .send(Buffer.from(result.body))
      );
    },
  );
};

function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const name = (request.params as { name?: string } | undefined)?.name;
  const shaped = sagemakerError(error, name);
  if (shaped.status >= 500 && shaped.status !== 503) request.log.error({ err: error }, 'invocation failed');
  // An oversized body is not read: closing the connection stops the client sending it.
  if (shaped.status === 413) reply.header('connection', 'close');
  return reply
    .status(shaped.status)
    .headers({
      ...shaped.headers,
      'content-type': 'application/json',
      'x-amzn-errortype': shaped.type,
      'x-amzn-requestid': randomUUID(),
    })
    .send(Buffer.from(JSON.stringify(shaped.body)));
}
