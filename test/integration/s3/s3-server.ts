// Starts the real Fastify app on an ephemeral port over a temp fs store, and an S3 client pointed at it.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildHttpApp } from '../../../src/http/http-app.js';
import { systemClock } from '../../../src/kernel/clock.js';
import { ObjectStore } from '../../../src/modules/storage/index.js';
import { openFsBlobStore } from '../../../src/platform/blob/fs/fs-blob-store.js';
import { ANY_KEY, s3ClientOf } from '../../support/s3-client.js';

export interface S3TestServer {
  readonly url: string;
  readonly root: string;
  readonly store: ObjectStore;
  readonly app: FastifyInstance;
  client(config?: Partial<S3ClientConfig>): S3Client;
  close(): Promise<void>;
}

export async function startS3TestServer(): Promise<S3TestServer> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'scones-s3-'));
  const store = new ObjectStore(await openFsBlobStore(path.join(root, 'objects'), systemClock));
  const app = await buildHttpApp(
    { store },
    { version: 'test', logger: pino({ level: 'silent' }), bodyLimitBytes: 1 << 20 },
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  const clients: S3Client[] = [];
  return {
    url,
    root,
    store,
    app,
    client: (config = {}) => {
      const client = s3ClientOf(url, ANY_KEY, config);
      clients.push(client);
      return client;
    },
    close: async () => {
      for (const client of clients) client.destroy();
      await app.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The S3 error a command fails with: its name (the XML Code) and HTTP status. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the command to fail');
}

/** A SigV4 Authorization header with any signature, as the edge accepts until IAM lands. */
export function s3Auth(service = 's3'): Record<string, string> {
  return {
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDRAW/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`,
  };
}
