// Racing writes against DeleteBucket to lose an acknowledged write or wedge a bucket name (issue #12 item 4):
// each round exactly one of the two is acknowledged, and afterwards the bucket is gone and its name free again.
import { expect } from 'vitest';
import { codeOf, type HostileCase, hostileSuite } from '../support/hostile-cases.js';
import type { HostileServer } from '../support/hostile-server.js';
import { SECRET_KEY, VICTIM_BUCKET } from '../support/hostile-server.js';
import type { HttpCall, HttpReply } from '../support/http-client.js';

const TARGET = 'race-target';
const ROUNDS = 12;

interface Api {
  readonly call: (server: HostileServer, call: HttpCall) => Promise<HttpReply>;
  readonly bucket: string;
  readonly object: (key: string) => string;
  readonly created: number;
  readonly deleted: number;
  readonly notEmpty: RegExp;
  readonly noBucket: RegExp;
}

const S3: Api = {
  call: (server, call) => server.aws('s3', call),
  bucket: `/${TARGET}`,
  object: (key) => `/${TARGET}/${key}`,
  created: 200,
  deleted: 204,
  notEmpty: /^BucketNotEmpty$/,
  noBucket: /^NoSuchBucket$/,
};

const REST: Api = {
  call: (server, call) => server.rest(call),
  bucket: `/api/v1/buckets/${TARGET}`,
  object: (key) => `/api/v1/buckets/${TARGET}/objects/${key}`,
  created: 201,
  deleted: 204,
  notEmpty: /^STORAGE_BUCKET_NOT_EMPTY$/,
  noBucket: /^STORAGE_NO_SUCH_BUCKET$/,
};

/** Races `write` against DeleteBucket round after round, cleans up every won write, and answers a final lookup. */
function raceCase(name: string, api: Api, write: (key: string, round: number) => HttpCall): HostileCase {
  return {
    name,
    act: async (server) => {
      for (let round = 0; round < ROUNDS; round++) {
        expect((await api.call(server, { method: 'PUT', path: api.bucket })).status).toBe(api.created);
        const key = `k${round}`;
        const [written, deleted] = await Promise.all([
          api.call(server, write(key, round)),
          api.call(server, { method: 'DELETE', path: api.bucket }),
        ]);
        const context = `round ${round}: write ${written.status} ${codeOf(written)}, delete ${deleted.status} ${codeOf(deleted)}`;
        if (written.status === 200) {
          expect(codeOf(deleted), context).toMatch(api.notEmpty);
          expect((await api.call(server, { method: 'GET', path: api.object(key) })).status, context).toBe(
            200,
          );
          await api.call(server, { method: 'DELETE', path: api.object(key) });
          expect((await api.call(server, { method: 'DELETE', path: api.bucket })).status).toBe(api.deleted);
        } else {
          expect(deleted.status, context).toBe(api.deleted);
          expect(codeOf(written), context).toMatch(api.noBucket);
        }
      }
      return api.call(server, { method: 'GET', path: api === S3 ? `${api.bucket}?list-type=2` : api.bucket });
    },
    refuse: { status: 404, code: api.noBucket },
    // The name is free again: it can be created and deleted (a wedged name answered 409, then 404).
    check: async (_outcome, server) => {
      expect((await api.call(server, { method: 'PUT', path: api.bucket })).status).toBe(api.created);
      expect((await api.call(server, { method: 'DELETE', path: api.bucket })).status).toBe(api.deleted);
    },
  };
}

const body = (round: number) => Buffer.alloc((round % 4) * 60_000, 7);

export const suite = hostileSuite(
  'races',
  [
    raceCase('S3 PutObject racing DeleteBucket', S3, (key, round) => ({
      method: 'PUT',
      path: S3.object(key),
      body: body(round),
    })),
    raceCase('S3 CopyObject racing DeleteBucket', S3, (key) => ({
      method: 'PUT',
      path: S3.object(key),
      headers: { 'x-amz-copy-source': `/${VICTIM_BUCKET}/${SECRET_KEY}` },
    })),
    raceCase('REST PUT object racing DELETE bucket', REST, (key, round) => ({
      method: 'PUT',
      path: REST.object(key),
      headers: { 'content-type': 'application/octet-stream' },
      body: body(round),
    })),
  ],
  { timeoutMs: 120_000 },
);
