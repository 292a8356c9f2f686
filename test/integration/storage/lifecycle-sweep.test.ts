// The lifecycle sweep over a real object store (fs adapter) and the storage module's multipart uploads, with one
// injected clock for the store and the sweep: time moves by setting it, never by sleeping.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/kernel/clock.js';
import {
  type LifecycleRule,
  LifecycleSweep,
  MultipartUploads,
  NULL_VERSION,
  ObjectStore,
} from '../../../src/modules/storage/index.js';
import { openFsBlobStore } from '../../../src/platform/blob/fs/fs-blob-store.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 10, 12, 0, 0);

let root: string;
let store: ObjectStore;
let uploads: MultipartUploads;
let sweep: LifecycleSweep;
let now = START;
const clock: Clock = { now: () => now };

beforeEach(async () => {
  now = START;
  root = await mkdtemp(path.join(os.tmpdir(), 'scones-lifecycle-'));
  store = new ObjectStore(
    await openFsBlobStore(path.join(root, 'objects'), clock),
    undefined,
    undefined,
    clock,
  );
  uploads = new MultipartUploads(store, clock.now);
  sweep = new LifecycleSweep(store, uploads, clock);
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function bucketWith(name: string, rules: LifecycleRule[], versioned = false) {
  const bucket = await store.createBucket(name);
  await store.lifecycle.put(bucket, rules);
  if (versioned) await store.versions.setStatus(name, 'Enabled');
}

const rule = (id: string, parts: Omit<LifecycleRule, 'id' | 'enabled' | 'filter'> & Partial<LifecycleRule>) =>
  ({ id, enabled: true, filter: { form: 'filter' }, ...parts }) as LifecycleRule;

async function keys(bucket: string): Promise<string[]> {
  return (await store.listObjects(bucket)).contents.map((o) => o.key);
}

async function versions(bucket: string): Promise<string[]> {
  const page = await store.versions.list(bucket, {});
  return page.versions.map((v) => `${v.key}:${v.object ? 'obj' : 'marker'}${v.isLatest ? '*' : ''}`);
}

describe('expiration of current objects', () => {
  it('expires by Days at the midnight after, only what the prefix, tag and size filters cover', async () => {
    await bucketWith('days', [
      rule('logs', { filter: { form: 'filter', prefix: 'logs/' }, expiration: { days: 2 } }),
      rule('tagged', {
        filter: { form: 'and', tags: { tmp: 'yes' }, sizeGreaterThan: 3 },
        expiration: { days: 1 },
      }),
      rule('off', { enabled: false, filter: { form: 'prefix', prefix: '' }, expiration: { days: 1 } }),
    ]);
    for (const key of ['logs/a', 'keep/b']) await store.putObject('days', key, Buffer.from('data'));
    await store.putObject('days', 'big', Buffer.from('large'), { tags: { tmp: 'yes' } });
    await store.putObject('days', 'small', Buffer.from('sm'), { tags: { tmp: 'yes' } });

    now = START + DAY; // 11 Jan 12:00: the tagged rule's day ends at 12 Jan 00:00
    expect((await sweep.run()).expired).toBe(0);
    now = Date.UTC(2026, 0, 12);
    expect((await sweep.run()).expired).toBe(1);
    expect(await keys('days')).toEqual(['keep/b', 'logs/a', 'small']);
    now = Date.UTC(2026, 0, 13);
    await sweep.run();
    expect(await keys('days')).toEqual(['keep/b', 'small']);
  });

  it('expires everything covered once a Date has passed, with a delete marker in a versioned bucket', async () => {
    await bucketWith('dated', [rule('date', { expiration: { date: Date.UTC(2026, 0, 20) } })], true);
    await store.putObject('dated', 'k', Buffer.from('v'));
    now = Date.UTC(2026, 0, 19, 23);
    await sweep.run();
    expect(await keys('dated')).toEqual(['k']);
    now = Date.UTC(2026, 0, 20);
    expect((await sweep.run()).expired).toBe(1);
    expect(await keys('dated')).toEqual([]);
    expect(await versions('dated')).toEqual(['k:marker*', 'k:obj']);
  });
});

describe('noncurrent versions and delete markers', () => {
  it('expires noncurrent versions by days since they were replaced, keeping NewerNoncurrentVersions', async () => {
    await bucketWith(
      'noncurrent',
      [rule('nc', { noncurrentExpiration: { noncurrentDays: 1, newerNoncurrentVersions: 1 } })],
      true,
    );
    for (let i = 0; i < 4; i++) {
      await store.putObject('noncurrent', 'k', Buffer.from(`v${i}`));
      now += 60_000;
    }
    now = START + 3 * DAY;
    expect((await sweep.run()).noncurrentExpired).toBe(2);
    const left = await store.versions.list('noncurrent', {});
    const bodies = await Promise.all(
      left.versions.map(async (v) =>
        (await store.getObjectBytes('noncurrent', 'k', { versionId: v.versionId })).toString(),
      ),
    );
    expect(bodies).toEqual(['v3', 'v2']);
  });

  it('removes a delete marker left alone once its versions expired (ExpiredObjectDeleteMarker)', async () => {
    await bucketWith(
      'markers',
      [
        rule('nc', { noncurrentExpiration: { noncurrentDays: 1 } }),
        rule('lone', { expiration: { expiredObjectDeleteMarker: true } }),
      ],
      true,
    );
    await store.putObject('markers', 'k', Buffer.from('v'));
    const marker = await store.deleteObject('markers', 'k');
    expect(marker.deleteMarker).toBe(true);
    now = START + 3 * DAY;
    const report = await sweep.run();
    expect([report.noncurrentExpired, report.deleteMarkersRemoved]).toEqual([1, 1]);
    expect(await versions('markers')).toEqual([]);
    await store.deleteBucket('markers');
  });

  it('leaves the null version of a suspended bucket to the same rules', async () => {
    await bucketWith('susp', [rule('nc', { noncurrentExpiration: { noncurrentDays: 1 } })], true);
    await store.putObject('susp', 'k', Buffer.from('old'));
    await store.versions.setStatus('susp', 'Suspended');
    const current = await store.putObject('susp', 'k', Buffer.from('new'));
    expect(current.versionId).toBe(NULL_VERSION);
    now = START + 3 * DAY;
    await sweep.run();
    expect(await versions('susp')).toEqual(['k:obj*']);
  });
});

it('aborts incomplete multipart uploads DaysAfterInitiation after they began, under the prefix', async () => {
  await bucketWith('uploads', [
    rule('abort', { filter: { form: 'filter', prefix: 'tmp/' }, abortIncompleteUploadDays: 1 }),
  ]);
  const target = { contentType: undefined, metadata: {} };
  await uploads.create('uploads', 'tmp/a', target);
  await uploads.create('uploads', 'keep/b', target);
  now = START + 2 * DAY;
  expect((await sweep.run()).uploadsAborted).toBe(1);
  expect((await uploads.listUploads('uploads')).map((u) => u.key)).toEqual(['keep/b']);
});
