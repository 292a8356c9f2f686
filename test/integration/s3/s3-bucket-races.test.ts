// PutObject, CopyObject and CompleteMultipartUpload raced against DeleteBucket through @aws-sdk/client-s3: never
// both acknowledged, and the bucket name never wedges.
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { raceAgainstDeleteBucket, type Writer } from '../../support/bucket-races.js';
import { type S3TestServer, startS3TestServer } from './s3-server.js';

let server: S3TestServer;
let s3: S3Client;

beforeAll(async () => {
  server = await startS3TestServer();
  s3 = server.client();
});
afterAll(() => server.close());

const CASES: ReadonlyArray<{ writer: Writer; rounds: number }> = [
  { writer: 'put', rounds: 40 },
  { writer: 'copy', rounds: 15 },
  { writer: 'complete', rounds: 10 },
];

for (const { writer, rounds } of CASES) {
  it(`${writer} against DeleteBucket: exactly one wins each round`, { timeout: 120_000 }, async () => {
    const tally = await raceAgainstDeleteBucket(s3, {
      bucket: `race-${writer}`,
      source: 'race-source',
      writer,
      rounds,
      seed: 12,
    });
    expect(tally.writesWon + tally.deletesWon).toBe(rounds);
  });
}
