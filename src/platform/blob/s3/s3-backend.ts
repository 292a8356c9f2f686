// The SDK client for one backend, and the one place its failures become typed errors naming the endpoint.
import { S3Client } from '@aws-sdk/client-s3';
import { blobError } from '../errors.js';
import type { S3BlobStoreOptions } from './s3-options.js';

/** Answers a caller handles itself: missing key or bucket, a failed precondition, a bucket conflict. */
export type Expected = { readonly ok: false; readonly status: number; readonly name: string };
export type Attempt<T> = { readonly ok: true; readonly value: T } | Expected;

const EXPECTED_STATUS = new Set([404, 409, 412]);

export interface ConditionalWrites {
  /** False: the backend ignores the headers, and conditional writes degrade to check-then-write (README.md). */
  readonly honoured: boolean;
  /** The If-Match value to send for a backend ETag (as S3 returns it, quoted). */
  readonly ifMatch: (etag: string) => string;
}

export class S3Backend {
  readonly client: S3Client;
  readonly endpoint: string;
  /** How this backend treats conditional writes; set by the probe at open, quoted If-Match until then. */
  conditional: ConditionalWrites = { honoured: true, ifMatch: (etag) => etag };

  constructor(options: S3BlobStoreOptions) {
    this.endpoint = options.endpoint ?? `the AWS S3 endpoint of ${options.region}`;
    this.client = new S3Client({
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      maxAttempts: options.maxAttempts,
      // The standard strategy backs off exponentially (with jitter) on throttling, 5xx and dropped connections.
      retryMode: 'standard',
      // S3-compatible servers differ in which flexible checksums they accept; send and check them only when an
      // operation requires one (Scones keeps its own MD5 and the writer's checksum in the object's record).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
  }

  /** Sends a command; 404, 409 and 412 come back as values, every other failure is thrown typed. */
  async attempt<Out>(call: (client: S3Client) => Promise<Out>): Promise<Attempt<Out>> {
    try {
      return { ok: true, value: await call(this.client) };
    } catch (error) {
      const status = statusOf(error);
      if (status !== undefined && EXPECTED_STATUS.has(status))
        return { ok: false, status, name: (error as Error).name };
      throw this.failure(error);
    }
  }

  /** Sends a command whose every failure is unexpected. */
  async send<Out>(call: (client: S3Client) => Promise<Out>): Promise<Out> {
    const result = await this.attempt(call);
    if (!result.ok) throw this.failure(result);
    return result.value;
  }

  failure(error: unknown): Error {
    const status = statusOf(error);
    const name = (error as { name?: string }).name ?? 'Error';
    const details = { endpoint: this.endpoint, status, backendError: name };
    const said = `${name}${error instanceof Error ? `: ${error.message}` : ''}`;
    if (status === undefined)
      return blobError(
        'BACKEND_UNREACHABLE',
        `S3 backend ${this.endpoint} cannot be reached (${said})`,
        details,
        error,
      );
    if (status === 403 || name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch')
      return blobError(
        'BACKEND_DENIED',
        `S3 backend ${this.endpoint} refused the request (${said})`,
        details,
        error,
      );
    if (status === 400)
      return blobError(
        'BACKEND_INVALID',
        `S3 backend ${this.endpoint} refused the request (${said})`,
        details,
        error,
      );
    if (name === 'NoSuchBucket')
      return blobError(
        'BACKEND_NO_BUCKET',
        `S3 backend ${this.endpoint} has no such bucket (${said})`,
        details,
        error,
      );
    return blobError(
      'BACKEND_FAILED',
      `S3 backend ${this.endpoint} failed (${status} ${said})`,
      details,
      error,
    );
  }

  destroy(): void {
    this.client.destroy();
  }
}

function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error && 'ok' in error)
    return (error as Expected).status;
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/** Whether a write lost a compare-and-swap: 412, or 409 ConditionalRequestConflict (a racing conditional write). */
export function lostRace(result: Expected): boolean {
  return result.status === 412 || (result.status === 409 && result.name === 'ConditionalRequestConflict');
}
