// Path traversal through bucket names and object keys, raw and percent-encoded, on the REST and S3 routes.
import { expect } from 'vitest';
import { type HostileCase, hostileSuite } from '../support/hostile-cases.js';
import { SECRET_KEY, VICTIM_BUCKET } from '../support/hostile-server.js';

const INVALID_KEY = { status: 400, code: 'STORAGE_INVALID_KEY' } as const;
const INVALID_BUCKET = { status: 400, code: 'STORAGE_INVALID_BUCKET_NAME' } as const;

/** Keys that leave the bucket folder once decoded (raw, encoded once, mixed, backslashed, absolute, NUL). */
const ESCAPING_KEYS = [
  '..%2F..%2Fscones.db',
  '%2e%2e/%2e%2e/scones.db',
  '%2E%2E%2F%2E%2E%2F%2E%2E%2Fescape.txt',
  'a/%2e%2e/%2e%2e/%2e%2e/escape.txt',
  '..%5C..%5Cescape.txt',
  '%2Fetc%2Fpasswd',
  'x%00.txt',
  '.%2e/.%2e/escape.txt',
];
/** Raw `..` segments, sent unnormalised on the request line. */
const RAW_ESCAPES = ['../../scones.db', 'a/../../../escape.txt', '/etc/passwd'];

const BUCKETS = [
  '%2e%2e',
  '..%2F..%2Fobjects',
  '.',
  '%2e',
  'victim%2F..%2Fother-bucket',
  'victim%00',
  '..%5Cobjects',
];

const restKeyCases: HostileCase[] = [...ESCAPING_KEYS, ...RAW_ESCAPES].flatMap((key) =>
  (['PUT', 'GET', 'HEAD', 'DELETE'] as const).map((method) => ({
    name: `REST ${method} object key ${key}`,
    act: (server) =>
      server.rest({
        method,
        path: `/api/v1/buckets/${VICTIM_BUCKET}/objects/${key}`,
        ...(method === 'PUT' ? { body: 'overwritten', headers: { 'content-type': 'text/plain' } } : {}),
      }),
    // HEAD answers carry no body, so only the status says why.
    refuse: method === 'HEAD' ? { status: 400 } : INVALID_KEY,
  })),
);

const restBucketCases: HostileCase[] = BUCKETS.flatMap((bucket) =>
  (['PUT', 'GET', 'DELETE'] as const).map((method) => ({
    name: `REST ${method} bucket ${bucket}`,
    act: (server) => server.rest({ method, path: `/api/v1/buckets/${bucket}` }),
    refuse: INVALID_BUCKET,
  })),
);

const s3KeyCases: HostileCase[] = [...ESCAPING_KEYS, ...RAW_ESCAPES].flatMap((key) =>
  (['PUT', 'GET', 'DELETE'] as const).map((method) => ({
    name: `S3 ${method} object key ${key}`,
    act: (server) =>
      server.aws('s3', {
        method,
        path: `/${VICTIM_BUCKET}/${key}`,
        ...(method === 'PUT' ? { body: 'overwritten' } : {}),
      }),
    refuse: { status: 400, code: /^(InvalidArgument|InvalidBucketName)$/ },
  })),
);

const s3BucketCases: HostileCase[] = BUCKETS.flatMap((bucket) =>
  (['PUT', 'GET'] as const).map((method) => ({
    name: `S3 ${method} bucket ${bucket}/${SECRET_KEY}`,
    act: (server) =>
      server.aws('s3', {
        method,
        path: `/${bucket}/${SECRET_KEY}`,
        ...(method === 'PUT' ? { body: 'x' } : {}),
      }),
    refuse: { status: 400, code: 'InvalidBucketName' },
  })),
);

/**
 * A prefix starting with "/" is listed as S3 lists it (a key may start with "/"; the store takes none): 200 with
 * nothing in it. A prefix only selects keys by their text from the bucket's root, so it never reaches a folder.
 */
const slashPrefixCases: HostileCase[] = [
  {
    name: 'REST list objects with prefix /etc lists nothing',
    act: (server) =>
      server.rest({ method: 'GET', path: `/api/v1/buckets/${VICTIM_BUCKET}/objects?prefix=/etc` }),
    check: (outcome) => {
      expect('status' in outcome && outcome.status).toBe(200);
      expect('text' in outcome && JSON.parse(outcome.text).objects).toEqual([]);
    },
  },
  {
    name: 'S3 ListObjectsV2 with prefix /etc lists nothing',
    act: (server) => server.aws('s3', { method: 'GET', path: `/${VICTIM_BUCKET}?list-type=2&prefix=/etc` }),
    check: (outcome) => {
      expect('status' in outcome && outcome.status).toBe(200);
      expect('text' in outcome && outcome.text).toContain('<KeyCount>0</KeyCount>');
    },
  },
];

const listingCases: HostileCase[] = ['../..', '%2e%2e%2f', '..%5C'].flatMap((prefix) => [
  {
    name: `REST list objects with prefix ${prefix}`,
    act: (server) =>
      server.rest({ method: 'GET', path: `/api/v1/buckets/${VICTIM_BUCKET}/objects?prefix=${prefix}` }),
    refuse: INVALID_KEY,
  },
  {
    name: `S3 ListObjectsV2 with prefix ${prefix}`,
    act: (server) =>
      server.aws('s3', { method: 'GET', path: `/${VICTIM_BUCKET}?list-type=2&prefix=${prefix}` }),
    refuse: { status: 400, code: 'InvalidArgument' },
  },
]);

const copyCases: HostileCase[] = [
  `${VICTIM_BUCKET}/../../scones.db`,
  `${VICTIM_BUCKET}/..%2F..%2Fscones.db`,
  '../scones.db',
  `${VICTIM_BUCKET}%2F..%2F..%2Fscones.db`,
].map((source) => ({
  name: `S3 CopyObject from ${source}`,
  act: (server) =>
    server.aws('s3', {
      method: 'PUT',
      path: `/${VICTIM_BUCKET}/copied.txt`,
      headers: { 'x-amz-copy-source': source },
    }),
  refuse: { status: 400, code: /^(InvalidArgument|InvalidBucketName)$/ },
}));

const internalMount: HostileCase = {
  name: 'S3 internal mount reached by a traversing path',
  act: (server) =>
    server.rest({ method: 'GET', path: `/api/v1/../../__aws/s3/${VICTIM_BUCKET}/${SECRET_KEY}` }),
  refuse: { status: 404, code: 'HTTP_NOT_FOUND' },
  check: (outcome) => {
    if ('text' in outcome) expect(outcome.text).not.toContain('keep me');
  },
};

export const suite = hostileSuite('path traversal', [
  ...restKeyCases,
  ...restBucketCases,
  ...s3KeyCases,
  ...s3BucketCases,
  ...listingCases,
  ...slashPrefixCases,
  ...copyCases,
  internalMount,
]);
