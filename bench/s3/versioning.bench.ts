// What versioning costs: PutObject (an overwrite of one key) and GetObject of 4 KiB and 4 MiB objects in an
// unversioned bucket and a versioned one side by side, through a real `scones serve` (the built CLI: run
// `npm run build` first) with the AWS SDK for JavaScript v3. An overwrite in a versioned bucket copies the replaced
// object into the archive once. Run on purpose: `npx vitest bench --run bench/s3/versioning.bench.ts`.
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, bench, describe } from 'vitest';
import { serveS3ForBench } from '../support/s3-serve.js';

const { s3, close } = await serveS3ForBench('versioning');
const BUCKETS = { plain: 'bench-plain', versioned: 'bench-versioned' } as const;
for (const Bucket of Object.values(BUCKETS)) await s3.send(new CreateBucketCommand({ Bucket }));
await s3.send(
  new PutBucketVersioningCommand({
    Bucket: BUCKETS.versioned,
    VersioningConfiguration: { Status: 'Enabled' },
  }),
);

const SIZES = { '4 KiB': Buffer.alloc(4 * 1024, 7), '4 MiB': Buffer.alloc(4 * 1024 * 1024, 7) };
type Size = keyof typeof SIZES;
type Mode = keyof typeof BUCKETS;

const put = (size: Size, mode: Mode) =>
  s3.send(new PutObjectCommand({ Bucket: BUCKETS[mode], Key: size, Body: SIZES[size] }));

async function get(size: Size, mode: Mode) {
  const answer = await s3.send(new GetObjectCommand({ Bucket: BUCKETS[mode], Key: size }));
  await answer.Body?.transformToByteArray();
}

for (const size of Object.keys(SIZES) as Size[])
  for (const mode of ['plain', 'versioned'] as const) await put(size, mode);

afterAll(close);

const SMALL = { iterations: 200, warmupIterations: 20 };
const LARGE = { iterations: 30, warmupIterations: 5 };

for (const [size, options] of [
  ['4 KiB', SMALL],
  ['4 MiB', LARGE],
] as const) {
  describe(`PutObject ${size} (overwrite)`, () => {
    bench('unversioned', async () => void (await put(size, 'plain')), options);
    bench('versioned', async () => void (await put(size, 'versioned')), options);
  });
  describe(`GetObject ${size}`, () => {
    bench('unversioned', () => get(size, 'plain'), options);
    bench('versioned', () => get(size, 'versioned'), options);
  });
}
