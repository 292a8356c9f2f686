// S3 buckets and objects through the official @aws-sdk/client-s3 against a listening server: happy paths and errors.
import { createHash } from 'node:crypto';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGING_BUCKET } from '../../../src/modules/storage/index.js';
import { failure, type S3TestServer, s3Auth, startS3TestServer } from './s3-server.js';

let server: S3TestServer;
let s3: S3Client;

beforeAll(async () => {
  server = await startS3TestServer();
  s3 = server.client();
  await s3.send(new CreateBucketCommand({ Bucket: 'alpha' }));
});
afterAll(() => server.close());

const md5 = (data: Uint8Array | string) => createHash('md5').update(data).digest('hex');

describe('S3 buckets', () => {
  it('creates, heads, lists, locates and deletes buckets', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'beta-bucket' }));
    expect((await s3.send(new HeadBucketCommand({ Bucket: 'beta-bucket' }))).$metadata.httpStatusCode).toBe(
      200,
    );
    const listed = await s3.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((b) => b.Name)).toEqual(['alpha', 'beta-bucket']);
    expect(listed.Buckets?.[0]?.CreationDate).toBeInstanceOf(Date);
    expect(listed.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    const location = await s3.send(new GetBucketLocationCommand({ Bucket: 'beta-bucket' }));
    expect(location.LocationConstraint ?? '').toBe('');
    await s3.send(new DeleteBucketCommand({ Bucket: 'beta-bucket' }));
    expect(await failure(s3.send(new HeadBucketCommand({ Bucket: 'beta-bucket' })))).toEqual({
      name: 'NotFound',
      status: 404,
    });
  });

  it('accepts a CreateBucketConfiguration body', async () => {
    await s3.send(
      new CreateBucketCommand({
        Bucket: 'gamma',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    expect((await s3.send(new HeadBucketCommand({ Bucket: 'gamma' }))).$metadata.httpStatusCode).toBe(200);
    await s3.send(new DeleteBucketCommand({ Bucket: 'gamma' }));
  });

  it('answers bucket errors with S3 codes and statuses', async () => {
    // us-east-1 answers 200 to re-creating your own bucket (S3's legacy behaviour); other regions refuse it.
    expect((await s3.send(new CreateBucketCommand({ Bucket: 'alpha' }))).$metadata.httpStatusCode).toBe(200);
    const elsewhere = server.client({ region: 'eu-west-1' });
    expect(await failure(elsewhere.send(new CreateBucketCommand({ Bucket: 'alpha' })))).toEqual({
      name: 'BucketAlreadyOwnedByYou',
      status: 409,
    });
    expect(await failure(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })))).toEqual({
      name: 'InvalidBucketName',
      status: 400,
    });
    expect(await failure(s3.send(new CreateBucketCommand({ Bucket: STAGING_BUCKET })))).toEqual({
      name: 'BucketAlreadyExists',
      status: 409,
    });
    expect(await failure(s3.send(new DeleteBucketCommand({ Bucket: 'nothing-here' })))).toEqual({
      name: 'NoSuchBucket',
      status: 404,
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'full' }));
    await s3.send(new PutObjectCommand({ Bucket: 'full', Key: 'x', Body: 'x' }));
    expect(await failure(s3.send(new DeleteBucketCommand({ Bucket: 'full' })))).toEqual({
      name: 'BucketNotEmpty',
      status: 409,
    });
    await s3.send(new DeleteObjectCommand({ Bucket: 'full', Key: 'x' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'full' }));
  });

  it('hides the multipart staging bucket', async () => {
    const listed = await s3.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((b) => b.Name)).not.toContain(STAGING_BUCKET);
    expect(await failure(s3.send(new HeadBucketCommand({ Bucket: STAGING_BUCKET })))).toMatchObject({
      status: 403,
    });
  });
});

describe('S3 objects', () => {
  it('puts and gets an object with content type, user metadata, quoted ETag and Last-Modified', async () => {
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'alpha',
        Key: 'docs/hello world+1.txt',
        Body: 'hello, scones',
        ContentType: 'text/plain',
        Metadata: { author: 'ada', Purpose: 'test' },
      }),
    );
    expect(put.ETag).toBe(`"${md5('hello, scones')}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'docs/hello world+1.txt' }));
    expect(await got.Body?.transformToString()).toBe('hello, scones');
    expect(got).toMatchObject({
      ContentType: 'text/plain',
      ContentLength: 13,
      ETag: put.ETag,
      Metadata: { author: 'ada', purpose: 'test' },
      AcceptRanges: 'bytes',
    });
    expect(got.LastModified).toBeInstanceOf(Date);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'alpha', Key: 'docs/hello world+1.txt' }));
    expect(head).toMatchObject({ ContentLength: 13, ETag: put.ETag, ContentType: 'text/plain' });
  });

  it('serves ranges and refuses unsatisfiable ones with InvalidRange 416', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'alpha', Key: 'digits', Body: '0123456789' }));
    const middle = await s3.send(
      new GetObjectCommand({ Bucket: 'alpha', Key: 'digits', Range: 'bytes=2-5' }),
    );
    expect(middle.$metadata.httpStatusCode).toBe(206);
    expect(middle.ContentRange).toBe('bytes 2-5/10');
    expect(await middle.Body?.transformToString()).toBe('2345');
    const suffix = await s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'digits', Range: 'bytes=-3' }));
    expect(await suffix.Body?.transformToString()).toBe('789');
    const open = await s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'digits', Range: 'bytes=7-' }));
    expect(await open.Body?.transformToString()).toBe('789');
    expect(
      await failure(s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'digits', Range: 'bytes=10-' }))),
    ).toEqual({ name: 'InvalidRange', status: 416 });
  });

  it('answers missing keys and buckets with NoSuchKey, NotFound and NoSuchBucket', async () => {
    expect(await failure(s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'missing' })))).toEqual({
      name: 'NoSuchKey',
      status: 404,
    });
    expect(await failure(s3.send(new HeadObjectCommand({ Bucket: 'alpha', Key: 'missing' })))).toEqual({
      name: 'NotFound',
      status: 404,
    });
    expect(await failure(s3.send(new GetObjectCommand({ Bucket: 'no-bucket', Key: 'k' })))).toEqual({
      name: 'NoSuchBucket',
      status: 404,
    });
    expect(
      await failure(s3.send(new PutObjectCommand({ Bucket: 'no-bucket', Key: 'k', Body: 'x' }))),
    ).toEqual({
      name: 'NoSuchBucket',
      status: 404,
    });
  });

  it('honours If-Match and If-None-Match on GET and HEAD', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'alpha', Key: 'cond', Body: 'v1' }));
    expect(
      await failure(s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'cond', IfNoneMatch: put.ETag }))),
    ).toMatchObject({ status: 304 });
    expect(
      await failure(s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'cond', IfMatch: '"0000"' }))),
    ).toEqual({
      name: 'PreconditionFailed',
      status: 412,
    });
    expect(
      await failure(s3.send(new HeadObjectCommand({ Bucket: 'alpha', Key: 'cond', IfMatch: '"0000"' }))),
    ).toMatchObject({
      status: 412,
    });
    const matched = await s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'cond', IfMatch: put.ETag }));
    expect(await matched.Body?.transformToString()).toBe('v1');
  });

  it('deletes objects, and deleting a missing key succeeds', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'alpha', Key: 'gone', Body: 'x' }));
    expect(
      (await s3.send(new DeleteObjectCommand({ Bucket: 'alpha', Key: 'gone' }))).$metadata.httpStatusCode,
    ).toBe(204);
    expect(
      (await s3.send(new DeleteObjectCommand({ Bucket: 'alpha', Key: 'gone' }))).$metadata.httpStatusCode,
    ).toBe(204);
    expect(await failure(s3.send(new HeadObjectCommand({ Bucket: 'alpha', Key: 'gone' })))).toMatchObject({
      status: 404,
    });
  });

  it('deletes a batch with DeleteObjects, reporting each key', async () => {
    for (const key of ['batch/a', 'batch/b'])
      await s3.send(new PutObjectCommand({ Bucket: 'alpha', Key: key, Body: key }));
    const result = await s3.send(
      new DeleteObjectsCommand({
        Bucket: 'alpha',
        Delete: {
          Objects: [{ Key: 'batch/a' }, { Key: 'batch/b' }, { Key: 'batch/never' }, { Key: 'bad/../key' }],
        },
      }),
    );
    expect(result.Deleted?.map((d) => d.Key)).toEqual(['batch/a', 'batch/b', 'batch/never']);
    expect(result.Errors).toEqual([expect.objectContaining({ Key: 'bad/../key', Code: 'InvalidArgument' })]);
    const quiet = await s3.send(
      new DeleteObjectsCommand({ Bucket: 'alpha', Delete: { Objects: [{ Key: 'batch/x' }], Quiet: true } }),
    );
    expect(quiet.Deleted ?? []).toEqual([]);
  });

  it('copies objects, keeping or replacing metadata', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: 'alpha',
        Key: 'src.json',
        Body: '{"a":1}',
        ContentType: 'application/json',
        Metadata: { tag: 'one' },
      }),
    );
    const kept = await s3.send(
      new CopyObjectCommand({ Bucket: 'alpha', Key: 'copies/kept.json', CopySource: 'alpha/src.json' }),
    );
    expect(kept.CopyObjectResult?.ETag).toBe(`"${md5('{"a":1}')}"`);
    const keptHead = await s3.send(new HeadObjectCommand({ Bucket: 'alpha', Key: 'copies/kept.json' }));
    expect(keptHead).toMatchObject({ ContentType: 'application/json', Metadata: { tag: 'one' } });
    await s3.send(
      new CopyObjectCommand({
        Bucket: 'alpha',
        Key: 'copies/new name.json',
        CopySource: `/alpha/${encodeURIComponent('src.json')}`,
        MetadataDirective: 'REPLACE',
        ContentType: 'text/plain',
        Metadata: { tag: 'two' },
      }),
    );
    const replaced = await s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'copies/new name.json' }));
    expect(replaced).toMatchObject({ ContentType: 'text/plain', Metadata: { tag: 'two' } });
    expect(await replaced.Body?.transformToString()).toBe('{"a":1}');
    expect(
      await failure(
        s3.send(new CopyObjectCommand({ Bucket: 'alpha', Key: 'src.json', CopySource: 'alpha/src.json' })),
      ),
    ).toEqual({ name: 'InvalidRequest', status: 400 });
    expect(
      await failure(
        s3.send(new CopyObjectCommand({ Bucket: 'alpha', Key: 'x', CopySource: 'alpha/no-such-source' })),
      ),
    ).toEqual({ name: 'NoSuchKey', status: 404 });
  });

  it('refuses the reserved metadata name and unsupported subresources', async () => {
    expect(
      await failure(
        s3.send(
          new PutObjectCommand({
            Bucket: 'alpha',
            Key: 'k',
            Body: 'x',
            Metadata: { 'scones-multipart-etag': 'fake-1' },
          }),
        ),
      ),
    ).toEqual({ name: 'InvalidArgument', status: 400 });
    const response = await fetch(`${server.url}/alpha?logging`, { headers: s3Auth() });
    expect(response.status).toBe(501);
    const text = await response.text();
    expect(text).toContain('<Code>NotImplemented</Code>');
    expect(text).toContain('GetBucketLogging is not implemented');
  });
});
