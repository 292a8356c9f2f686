// S3 versioning and lifecycle as real clients use them, against `scones serve --auth on` with the AWS SDK for
// JavaScript v3: bucket versioning state (MFA Delete refused), version ids on every write, delete markers,
// reads/deletes/copies/tags by versionId, ListObjectVersions paging, the null version of a suspended bucket,
// concurrent PUTs each kept, a versioned bucket that cannot be deleted until every version is gone; lifecycle
// configurations (transitions refused), x-amz-expiration, and the server's sweep. boto3 runs its own flow at the end.
// (The sweep's rules over time are tested on an injected clock in test/integration/storage/lifecycle-sweep.test.ts.)
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteBucketLifecycleCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  type LifecycleRule,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  type ListObjectVersionsCommandOutput,
  PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccessKey, type AuthServe, s3Outcome, startAuthServe } from '../support/auth-serve.js';
import { runPython } from '../support/python.js';

const SCRIPT = path.resolve(import.meta.dirname, '../fixtures/s3/boto3_versioning.py');
const ALLOW_ALL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});

let cwd: string;
let server: AuthServe<'alice'> | undefined;
let url: string;
let keys: Record<'alice', AccessKey>;
let s3: S3Client;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-s3-versioning-'));
  // A short sweep interval: the server applies a rule whose Date has passed without the test waiting an hour.
  const env = { SCONES_HOME: path.join(cwd, 'home'), SCONES_LIFECYCLE_SWEEP_MS: '200' };
  server = await startAuthServe(cwd, env, { alice: ALLOW_ALL });
  ({ url, keys } = server);
  s3 = server.s3.alice;
}, 180_000);

afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
  await rm(cwd, { recursive: true, force: true });
});

async function versionedBucket(Bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket }));
  await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
}

async function text(Bucket: string, Key: string, VersionId?: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket, Key, ...(VersionId ? { VersionId } : {}) }));
  return (await out.Body?.transformToString()) ?? '';
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof S3ServiceException)) throw error;
    return {
      name: error.name,
      status: error.$metadata.httpStatusCode,
      deleteMarker: error.$response?.headers['x-amz-delete-marker'],
      versionId: error.$response?.headers['x-amz-version-id'],
    };
  }
  throw new Error('expected the request to fail');
}

async function allVersions(Bucket: string, MaxKeys?: number) {
  const versions: string[] = [];
  const markers: string[] = [];
  let page: ListObjectVersionsCommandOutput | undefined;
  let pages = 0;
  do {
    page = await s3.send(
      new ListObjectVersionsCommand({
        Bucket,
        ...(MaxKeys ? { MaxKeys } : {}),
        ...(page?.NextKeyMarker ? { KeyMarker: page.NextKeyMarker } : {}),
        ...(page?.NextVersionIdMarker ? { VersionIdMarker: page.NextVersionIdMarker } : {}),
      }),
    );
    pages++;
    for (const v of page.Versions ?? []) versions.push(`${v.Key}@${v.VersionId}${v.IsLatest ? '*' : ''}`);
    for (const m of page.DeleteMarkers ?? []) markers.push(`${m.Key}@${m.VersionId}${m.IsLatest ? '*' : ''}`);
  } while (page.IsTruncated);
  return { versions, markers, pages };
}

describe('bucket versioning state', () => {
  it('starts unset, is enabled and suspended, and refuses MFA Delete by name', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'state' }));
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: 'state' }))).Status).toBeUndefined();
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: 'state', VersioningConfiguration: { Status: 'Enabled' } }),
    );
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: 'state' }))).Status).toBe('Enabled');
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: 'state', VersioningConfiguration: { Status: 'Suspended' } }),
    );
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: 'state' }))).Status).toBe('Suspended');
    const mfa = await failure(
      s3.send(
        new PutBucketVersioningCommand({
          Bucket: 'state',
          VersioningConfiguration: { Status: 'Enabled', MFADelete: 'Enabled' },
        }),
      ),
    );
    expect(mfa).toMatchObject({ name: 'NotImplemented', status: 501 });
    expect(await s3Outcome(s3.send(new GetBucketVersioningCommand({ Bucket: 'nope-none' })))).toEqual({
      name: 'NoSuchBucket',
      status: 404,
    });
  });
});

describe('versions of one key', () => {
  it('gives each write a version, reads every version, and hides the key behind a delete marker', async () => {
    await versionedBucket('ver');
    const v1 = (await s3.send(new PutObjectCommand({ Bucket: 'ver', Key: 'k', Body: 'one' }))).VersionId;
    const v2 = (await s3.send(new PutObjectCommand({ Bucket: 'ver', Key: 'k', Body: 'two' }))).VersionId;
    expect(v1).toMatch(/^[\w-]{32}$/);
    expect(v2).not.toBe(v1);
    expect(await text('ver', 'k')).toBe('two');
    expect(await text('ver', 'k', v1)).toBe('one');
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'ver', Key: 'k', VersionId: v1 }));
    expect([head.VersionId, head.ContentLength]).toEqual([v1, 3]);
    expect((await s3.send(new GetObjectCommand({ Bucket: 'ver', Key: 'k' }))).VersionId).toBe(v2);

    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: 'ver', Key: 'k' }));
    expect(deleted.DeleteMarker).toBe(true);
    const marker = deleted.VersionId;
    expect(await failure(s3.send(new GetObjectCommand({ Bucket: 'ver', Key: 'k' })))).toEqual({
      name: 'NoSuchKey',
      status: 404,
      deleteMarker: 'true',
      versionId: marker,
    });
    expect(
      await failure(s3.send(new GetObjectCommand({ Bucket: 'ver', Key: 'k', VersionId: marker }))),
    ).toMatchObject({ name: 'MethodNotAllowed', status: 405, deleteMarker: 'true' });
    expect(await text('ver', 'k', v2)).toBe('two');
    expect(await allVersions('ver')).toEqual({
      versions: [`k@${v2}`, `k@${v1}`],
      markers: [`k@${marker}*`],
      pages: 1,
    });

    // Removing the delete marker brings the key back; removing the current version uncovers the one before.
    const undone = await s3.send(new DeleteObjectCommand({ Bucket: 'ver', Key: 'k', VersionId: marker }));
    expect([undone.DeleteMarker, undone.VersionId]).toEqual([true, marker]);
    expect(await text('ver', 'k')).toBe('two');
    await s3.send(new DeleteObjectCommand({ Bucket: 'ver', Key: 'k', VersionId: v2 }));
    expect(await text('ver', 'k')).toBe('one');
    expect((await s3.send(new GetObjectCommand({ Bucket: 'ver', Key: 'k' }))).VersionId).toBe(v1);
  });

  it('answers NoSuchVersion for a version that is not there and InvalidArgument for a malformed one', async () => {
    await versionedBucket('ver-neg');
    await s3.send(new PutObjectCommand({ Bucket: 'ver-neg', Key: 'k', Body: 'x' }));
    const missing = 'A'.repeat(32);
    expect(
      await s3Outcome(s3.send(new GetObjectCommand({ Bucket: 'ver-neg', Key: 'k', VersionId: missing }))),
    ).toEqual({ name: 'NoSuchVersion', status: 404 });
    expect(
      await s3Outcome(s3.send(new GetObjectCommand({ Bucket: 'ver-neg', Key: 'k', VersionId: 'bad!' }))),
    ).toEqual({ name: 'InvalidArgument', status: 400 });
    expect(
      await s3Outcome(s3.send(new HeadObjectCommand({ Bucket: 'ver-neg', Key: 'k', VersionId: missing }))),
    ).toMatchObject({ status: 404 });
  });

  it('copies from a version, tags a version, and versions multipart completions', async () => {
    await versionedBucket('ver-ops');
    const old = (await s3.send(new PutObjectCommand({ Bucket: 'ver-ops', Key: 's', Body: 'old' }))).VersionId;
    await s3.send(new PutObjectCommand({ Bucket: 'ver-ops', Key: 's', Body: 'new' }));
    const copy = await s3.send(
      new CopyObjectCommand({ Bucket: 'ver-ops', Key: 'c', CopySource: `ver-ops/s?versionId=${old}` }),
    );
    expect(copy.CopySourceVersionId).toBe(old);
    expect(copy.VersionId).toMatch(/^[\w-]{32}$/);
    expect(await text('ver-ops', 'c')).toBe('old');

    await s3.send(
      new PutObjectTaggingCommand({
        Bucket: 'ver-ops',
        Key: 's',
        VersionId: old,
        Tagging: { TagSet: [{ Key: 'age', Value: 'old' }] },
      }),
    );
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: 'ver-ops', Key: 's', VersionId: old }));
    expect([tags.VersionId, tags.TagSet]).toEqual([old, [{ Key: 'age', Value: 'old' }]]);
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: 'ver-ops', Key: 's' }))).TagSet).toEqual([]);

    const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'ver-ops', Key: 'mp' }));
    const part = await s3.send(
      new UploadPartCommand({
        Bucket: 'ver-ops',
        Key: 'mp',
        UploadId: upload.UploadId,
        PartNumber: 1,
        Body: 'p',
      }),
    );
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'ver-ops',
        Key: 'mp',
        UploadId: upload.UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    expect(done.VersionId).toMatch(/^[\w-]{32}$/);
  });

  it('keeps every one of many concurrent PUTs to one key as its own version', async () => {
    await versionedBucket('ver-race');
    const bodies = Array.from({ length: 12 }, (_, i) => `body-${i}`);
    const puts = await Promise.all(
      bodies.map((Body) => s3.send(new PutObjectCommand({ Bucket: 'ver-race', Key: 'hot', Body }))),
    );
    const ids = puts.map((p) => p.VersionId as string);
    expect(new Set(ids).size).toBe(bodies.length);
    const listed = await allVersions('ver-race');
    expect(listed.versions.map((v) => v.replace(/^hot@|\*$/g, '')).sort()).toEqual([...ids].sort());
    const read = await Promise.all(ids.map((id) => text('ver-race', 'hot', id)));
    expect(read.sort()).toEqual([...bodies].sort());
  });
});

describe('ListObjectVersions', () => {
  it('pages through keys and versions with KeyMarker/VersionIdMarker, prefix and delimiter', async () => {
    await versionedBucket('ver-list');
    for (const Key of ['a', 'a', 'b/1', 'b/2', 'c', 'c', 'c'])
      await s3.send(new PutObjectCommand({ Bucket: 'ver-list', Key, Body: Key }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'ver-list', Key: 'a' }));
    const whole = await allVersions('ver-list');
    const paged = await allVersions('ver-list', 2);
    expect(whole.versions).toHaveLength(7);
    expect(whole.markers).toHaveLength(1);
    expect(paged.versions).toEqual(whole.versions);
    expect(paged.markers).toEqual(whole.markers);
    expect(paged.pages).toBe(4);
    expect(whole.versions.filter((v) => v.endsWith('*')).map((v) => v.split('@')[0])).toEqual([
      'b/1',
      'b/2',
      'c',
    ]);
    const rolled = await s3.send(new ListObjectVersionsCommand({ Bucket: 'ver-list', Delimiter: '/' }));
    expect(rolled.CommonPrefixes).toEqual([{ Prefix: 'b/' }]);
    expect(new Set(rolled.Versions?.map((v) => v.Key))).toEqual(new Set(['a', 'c']));
    const prefixed = await s3.send(new ListObjectVersionsCommand({ Bucket: 'ver-list', Prefix: 'b/' }));
    expect(prefixed.Versions?.map((v) => v.Key)).toEqual(['b/1', 'b/2']);
  });
});

describe('suspended versioning and deleting a versioned bucket', () => {
  it('writes the null version in place while suspended and keeps the versions made before', async () => {
    await versionedBucket('ver-susp');
    const kept = (await s3.send(new PutObjectCommand({ Bucket: 'ver-susp', Key: 'k', Body: 'v' }))).VersionId;
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'ver-susp',
        VersioningConfiguration: { Status: 'Suspended' },
      }),
    );
    const first = await s3.send(new PutObjectCommand({ Bucket: 'ver-susp', Key: 'k', Body: 'n1' }));
    const second = await s3.send(new PutObjectCommand({ Bucket: 'ver-susp', Key: 'k', Body: 'n2' }));
    expect([first.VersionId, second.VersionId]).toEqual(['null', 'null']);
    expect(await text('ver-susp', 'k', 'null')).toBe('n2');
    expect((await allVersions('ver-susp')).versions).toEqual(['k@null*', `k@${kept}`]);
    const marker = await s3.send(new DeleteObjectCommand({ Bucket: 'ver-susp', Key: 'k' }));
    expect([marker.DeleteMarker, marker.VersionId]).toEqual([true, 'null']);
    expect(await allVersions('ver-susp')).toMatchObject({ versions: [`k@${kept}`], markers: ['k@null*'] });
  });

  it('refuses DeleteBucket while versions or delete markers remain, then deletes it', async () => {
    await versionedBucket('ver-gone');
    await s3.send(new PutObjectCommand({ Bucket: 'ver-gone', Key: 'k', Body: 'x' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'ver-gone', Key: 'k' }));
    expect(await s3Outcome(s3.send(new DeleteBucketCommand({ Bucket: 'ver-gone' })))).toEqual({
      name: 'BucketNotEmpty',
      status: 409,
    });
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: 'ver-gone' }));
    const objects = [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])].map((v) => ({
      Key: v.Key as string,
      VersionId: v.VersionId as string,
    }));
    const deleted = await s3.send(
      new DeleteObjectsCommand({ Bucket: 'ver-gone', Delete: { Objects: objects } }),
    );
    expect(deleted.Deleted?.map((d) => [d.VersionId, d.DeleteMarker ?? false]).sort()).toEqual(
      objects.map((o) => [o.VersionId, o.VersionId !== listed.Versions?.[0]?.VersionId]).sort(),
    );
    expect(await s3Outcome(s3.send(new DeleteBucketCommand({ Bucket: 'ver-gone' })))).toBe('ok');
  });
});

describe('lifecycle configuration', () => {
  const rules: LifecycleRule[] = [
    { ID: 'logs', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 30 } },
    {
      ID: 'big-tmp',
      Status: 'Enabled',
      Filter: { And: { Tags: [{ Key: 'tmp', Value: 'yes' }], ObjectSizeGreaterThan: 1024 } },
      NoncurrentVersionExpiration: { NoncurrentDays: 7, NewerNoncurrentVersions: 2 },
    },
    {
      ID: 'uploads',
      Status: 'Disabled',
      Filter: {},
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 3 },
    },
  ];
  const put = (Bucket: string, Rules: LifecycleRule[]) =>
    s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules } }));

  it('keeps the rules as given, reports x-amz-expiration on covered objects, and deletes them', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'life' }));
    expect(await s3Outcome(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'life' })))).toEqual({
      name: 'NoSuchLifecycleConfiguration',
      status: 404,
    });
    await put('life', rules);
    const got = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'life' }));
    expect(got.Rules).toEqual([
      { ID: 'logs', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 30 } },
      rules[1],
      { ...rules[2], Filter: {} },
    ]);
    const written = await s3.send(new PutObjectCommand({ Bucket: 'life', Key: 'logs/a', Body: 'x' }));
    expect(written.Expiration).toMatch(
      /^expiry-date="\w{3}, \d{2} \w{3} \d{4} 00:00:00 GMT", rule-id="logs"$/,
    );
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'life', Key: 'logs/a' }))).Expiration).toBe(
      written.Expiration,
    );
    expect((await s3.send(new GetObjectCommand({ Bucket: 'life', Key: 'logs/a' }))).Expiration).toBe(
      written.Expiration,
    );
    await s3.send(new PutObjectCommand({ Bucket: 'life', Key: 'other', Body: 'x' }));
    expect(
      (await s3.send(new HeadObjectCommand({ Bucket: 'life', Key: 'other' }))).Expiration,
    ).toBeUndefined();
    await s3.send(new DeleteBucketLifecycleCommand({ Bucket: 'life' }));
    expect(await s3Outcome(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'life' })))).toEqual({
      name: 'NoSuchLifecycleConfiguration',
      status: 404,
    });
  });

  it('refuses transitions by name, and rules S3 refuses', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'life-bad' }));
    const transition = await failure(
      put('life-bad', [
        { ID: 't', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 30, StorageClass: 'GLACIER' }] },
      ]),
    );
    expect(transition).toMatchObject({ name: 'InvalidRequest', status: 400 });
    const noncurrent = await failure(
      put('life-bad', [
        {
          ID: 't',
          Status: 'Enabled',
          Filter: {},
          NoncurrentVersionTransitions: [{ NoncurrentDays: 30, StorageClass: 'GLACIER' }],
        },
      ]),
    );
    expect(noncurrent).toMatchObject({ name: 'InvalidRequest', status: 400 });
    expect(
      await s3Outcome(put('life-bad', [{ ID: 'z', Status: 'Enabled', Filter: {}, Expiration: { Days: 0 } }])),
    ).toEqual({
      name: 'InvalidArgument',
      status: 400,
    });
    expect(
      await s3Outcome(put('life-bad', [{ ID: 'n', Status: 'Enabled', Expiration: { Days: 1 } }])),
    ).toEqual({
      name: 'MalformedXML',
      status: 400,
    });
    expect(await s3Outcome(put('life-bad', [{ ID: 'a', Status: 'Enabled', Filter: {} }]))).toEqual({
      name: 'MalformedXML',
      status: 400,
    });
  });

  it('is applied by the server: an object under a rule whose Date has passed is expired by the sweep', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'life-sweep' }));
    await s3.send(new PutObjectCommand({ Bucket: 'life-sweep', Key: 'old/a', Body: 'x' }));
    await s3.send(new PutObjectCommand({ Bucket: 'life-sweep', Key: 'new/b', Body: 'x' }));
    await put('life-sweep', [
      {
        ID: 'past',
        Status: 'Enabled',
        Filter: { Prefix: 'old/' },
        Expiration: { Date: new Date('2020-01-01T00:00:00Z') },
      },
    ]);
    // The sweep runs on its own schedule: wait for its effect, not for a time.
    let keys: (string | undefined)[] = [];
    for (let attempt = 0; attempt < 600; attempt++) {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'life-sweep' }));
      keys = (listed.Contents ?? []).map((o) => o.Key);
      if (!keys.includes('old/a')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(keys).toEqual(['new/b']);
  }, 90_000);
});

it('boto3: versions, delete markers, errors, and emptying a versioned bucket as bucket.object_versions.delete() does', async () => {
  const result = await runPython(SCRIPT, [url, keys.alice.accessKeyId, keys.alice.secretAccessKey], {
    HOME: cwd,
  });
  expect(result.code, result.stderr).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual({
    status: 'Enabled',
    distinct: true,
    old: 'one',
    marker: true,
    getLatest: [404, 'NoSuchKey'],
    noSuchVersion: [404, 'NoSuchVersion'],
    versionsBefore: 3,
    deleteBucketBefore: [409, 'BucketNotEmpty'],
    versionsAfter: 0,
    bucketDeleted: true,
    lifecycleRules: ['expire-tmp'],
    expiration: true,
    transition: [400, 'InvalidRequest'],
    noLifecycle: [404, 'NoSuchLifecycleConfiguration'],
  });
}, 60_000);
