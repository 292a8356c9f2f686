// SigV2 refused as S3 refuses it, and the bucket Scones keeps bucket settings in hidden from clients.
import { CreateBucketCommand, ListBucketsCommand, PutBucketEncryptionCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_BUCKET, SETTINGS_BUCKET } from '../../../src/modules/storage/index.js';
import { failure, type S3TestServer, startS3TestServer } from './s3-server.js';

let server: S3TestServer;

beforeAll(async () => {
  server = await startS3TestServer();
});
afterAll(() => server.close());

describe('SigV2', () => {
  it('an AWS key:signature header gets 400 InvalidRequest naming AWS4-HMAC-SHA256', async () => {
    const reply = await fetch(`${server.url}/`, { headers: { authorization: 'AWS AKIDV2:c2lnbmF0dXJl' } });
    expect(reply.status).toBe(400);
    const text = await reply.text();
    expect(text).toContain('<Code>InvalidRequest</Code>');
    expect(text).toContain('AWS4-HMAC-SHA256');
  });
});

describe('the bucket-settings bucket', () => {
  it('is neither listed nor reachable once a bucket has default encryption', async () => {
    const s3 = server.client();
    await s3.send(new CreateBucketCommand({ Bucket: 'enc' }));
    // A store without a home key still keeps the setting; only encrypted writes need the key.
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'enc',
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      }),
    );
    const names = (await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name);
    expect(names).toEqual(['enc']);
    expect(await failure(s3.send(new CreateBucketCommand({ Bucket: SETTINGS_BUCKET })))).toMatchObject({
      status: 409,
    });
    expect(await failure(s3.send(new CreateBucketCommand({ Bucket: INTERNAL_BUCKET })))).toMatchObject({
      status: 409,
    });
  });
});
