// A preParsing hook for the AWS JSON protocols: reads the body (within the route's limit), hashes it, verifies the
// SigV4 signature over it, and hands the same bytes on to the content parser. Fastify runs preParsing for every
// request, bodiless ones included (their hash is that of no bytes).
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { errorCodes, type FastifyReply, type FastifyRequest } from 'fastify';
import { iamError } from '../../modules/iam/index.js';
import { carriesNoCredentials, type EdgeAuth, verifyAws } from './edge-auth.js';

type PreParsing = (
  request: FastifyRequest,
  reply: FastifyReply,
  payload: NodeJS.ReadableStream,
) => Promise<NodeJS.ReadableStream>;

/**
 * Lambda, Step Functions and SageMaker clients send no x-amz-content-sha256: the signature covers the body's hash.
 * `service` is the one the credential scope must name (`lambda`, `states`, `sagemaker`).
 */
export function verifySignedBody(auth: EdgeAuth, service: string): PreParsing {
  return async (request, _reply, payload) => {
    // Nothing to verify: refused before a byte of the body is read (an anonymous client cannot make us buffer it).
    if (carriesNoCredentials(request))
      throw iamError('MISSING_AUTHENTICATION', 'the request carries no credentials');
    if (request.headers['x-amz-content-sha256'] !== undefined) {
      await verifyAws(auth, request, undefined, service);
      return payload;
    }
    const body = await readLimited(
      payload,
      request.routeOptions.bodyLimit ?? Number.POSITIVE_INFINITY,
      request,
    );
    await verifyAws(auth, request, createHash('sha256').update(body).digest('hex'), service);
    return Readable.from([body]);
  };
}

/** The whole body; over `limit` bytes (declared or sent) it is refused as Fastify refuses it (413). */
export async function readLimited(
  payload: NodeJS.ReadableStream,
  limit: number,
  request?: FastifyRequest,
): Promise<Buffer> {
  const declared = Number(request?.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > limit) throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}
