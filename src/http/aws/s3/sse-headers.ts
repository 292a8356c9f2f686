// Server-side encryption on the S3 wire: the request headers asking for SSE-S3, SSE-C or SSE-KMS, and the response
// headers saying how an object is encrypted.
//
// SSE-C over plain HTTP: S3 refuses it (the key would cross the network in the clear). Scones serves plain HTTP on
// loopback by default, where the key never leaves the machine, so it accepts SSE-C over TLS or from a loopback
// peer and refuses it from any other peer over plain HTTP, as S3 does.
import { createHash } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { FastifyReply } from 'fastify';
import type { ObjectEncryption } from '../../../modules/storage/index.js';
import { header, type S3Call } from './s3-call.js';
import { s3Error } from './s3-errors.js';

const SSE = 'x-amz-server-side-encryption';
export const SSE_C = 'x-amz-server-side-encryption-customer-';
export const COPY_SOURCE_SSE_C = 'x-amz-copy-source-server-side-encryption-customer-';
const KMS_HEADERS = [`${SSE}-aws-kms-key-id`, `${SSE}-context`];

/** An SSE-C key sent with a request, checked: the key and its base64 MD5 (echoed in the response). */
export interface CustomerKey {
  readonly key: Buffer;
  readonly md5: string;
}

/** How a write asks for its object to be encrypted (undefined: the bucket default, if any). */
export function writeEncryptionOf(call: S3Call): ObjectEncryption | undefined {
  const customer = customerKeyOf(call);
  const sse = header(call, SSE);
  if (customer && sse !== undefined)
    throw s3Error(
      'INVALID_ARGUMENT',
      'Server Side Encryption with Customer provided key is incompatible with the encryption method specified',
    );
  if (customer) return { kind: 'sse-c', key: customer.key };
  refuseKms(call, sse);
  if (sse === undefined) return undefined;
  if (sse !== 'AES256')
    throw s3Error('INVALID_ARGUMENT', `The server side encryption value ${sse} is not valid: use AES256`);
  return { kind: 'sse-s3' };
}

/** SSE-KMS is refused, never accepted and ignored: Scones has no KMS. */
function refuseKms(call: S3Call, sse: string | undefined): void {
  if (sse?.startsWith('aws:kms') || KMS_HEADERS.some((name) => header(call, name) !== undefined))
    throw noKms();
}

export function noKms() {
  return s3Error(
    'NOT_IMPLEMENTED',
    'Scones has no KMS: SSE-KMS (aws:kms, aws:kms:dsse) is not supported; use SSE-S3 (AES256) or SSE-C',
  );
}

/** The SSE-C key of the request (or of the copy source with COPY_SOURCE_SSE_C), checked as S3 checks it. */
export function customerKeyOf(call: S3Call, prefix = SSE_C): CustomerKey | undefined {
  const algorithm = header(call, `${prefix}algorithm`);
  const keyText = header(call, `${prefix}key`);
  const md5Text = header(call, `${prefix}key-md5`);
  if (algorithm === undefined && keyText === undefined && md5Text === undefined) return undefined;
  if (algorithm === undefined || keyText === undefined || md5Text === undefined)
    throw s3Error(
      'INVALID_ARGUMENT',
      `Requests specifying Server Side Encryption with Customer provided keys must provide ${prefix}algorithm, ${prefix}key and ${prefix}key-MD5`,
    );
  if (algorithm !== 'AES256')
    throw s3Error(
      'INVALID_ENCRYPTION_ALGORITHM',
      'The Encryption request you specified is not valid. Supported value: AES256.',
    );
  const key = Buffer.from(keyText, 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(keyText.trim()))
    throw s3Error('INVALID_ARGUMENT', 'The secret key was invalid for the specified algorithm.');
  const md5 = createHash('md5').update(key).digest('base64');
  if (md5 !== md5Text.trim())
    throw s3Error(
      'INVALID_ARGUMENT',
      'The calculated MD5 hash of the key did not match the hash that was provided.',
    );
  assertPrivateChannel(call);
  return { key, md5 };
}

function assertPrivateChannel(call: S3Call): void {
  const socket = call.request.raw.socket;
  if ((socket as TLSSocket).encrypted || isLoopback(socket.remoteAddress)) return;
  throw s3Error(
    'INVALID_REQUEST',
    'Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.',
  );
}

function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}

/** Says how the object is encrypted; SSE-C echoes the algorithm and the key's MD5 as S3 does. */
export function writeEncryptionHeaders(
  reply: FastifyReply,
  info: { readonly encryption?: { readonly kind: string } | undefined },
  customer?: CustomerKey,
): void {
  const kind = info.encryption?.kind;
  if (kind === 'sse-s3') reply.header(SSE, 'AES256');
  if (kind === 'sse-c' && customer)
    reply.header(`${SSE_C}algorithm`, 'AES256').header(`${SSE_C}key-md5`, customer.md5);
}
