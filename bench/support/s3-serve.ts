// A real `scones serve` (the built CLI, auth off) in a temporary folder, and an S3 client of the AWS SDK for
// JavaScript v3 pointed at it: what the S3 benches measure through.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { startScones } from '../../test/support/cli.js';

export interface BenchS3 {
  readonly s3: S3Client;
  /** Stops the server and deletes its folder. */
  close(): Promise<void>;
}

export async function serveS3ForBench(name: string): Promise<BenchS3> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), `scones-${name}-bench-`));
  const { child, match, exited } = await startScones(['serve', '--port', '0', '--auth', 'off'], {
    cwd,
    env: { SCONES_HOME: path.join(cwd, 'home') },
    ready: /(http:\/\/\S+) \(auth/,
  });
  const s3 = new S3Client({
    endpoint: match[1] as string,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' },
  });
  return {
    s3,
    async close() {
      s3.destroy();
      child.kill('SIGTERM');
      await exited;
      await rm(cwd, { recursive: true, force: true });
    },
  };
}
