// What encryption at rest costs: PutObject and GetObject of 4 KiB and 4 MiB objects, SSE-S3 off and on side by side,
// through a real `scones serve` (the built CLI: run `npm run build` first) with the AWS SDK for JavaScript v3.
// Target: under 20% for 4 MiB objects. Run on purpose: `npx vitest bench --run bench/s3`.
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, bench, describe } from 'vitest';
import { serveS3ForBench } from '../support/s3-serve.js';

const { s3, close } = await serveS3ForBench('sse');
await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));

const SIZES = { '4 KiB': Buffer.alloc(4 * 1024, 7), '4 MiB': Buffer.alloc(4 * 1024 * 1024, 7) };
type Mode = 'off' | 'on';

function put(size: keyof typeof SIZES, mode: Mode, key = `${size}-${mode}`) {
  return s3.send(
    new PutObjectCommand({
      Bucket: 'bench',
      Key: key,
      Body: SIZES[size],
      ...(mode === 'on' ? { ServerSideEncryption: 'AES256' as const } : {}),
    }),
  );
}

async function get(size: keyof typeof SIZES, mode: Mode) {
  const answer = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: `${size}-${mode}` }));
  await answer.Body?.transformToByteArray();
}

for (const size of Object.keys(SIZES) as (keyof typeof SIZES)[])
  for (const mode of ['off', 'on'] as const) await put(size, mode);

afterAll(close);

const SMALL = { iterations: 300, warmupIterations: 30 };
const LARGE = { iterations: 40, warmupIterations: 5 };

describe('PutObject 4 KiB', () => {
  bench('SSE-S3 off', async () => void (await put('4 KiB', 'off', 'w-4k-off')), SMALL);
  bench('SSE-S3 on', async () => void (await put('4 KiB', 'on', 'w-4k-on')), SMALL);
});
describe('PutObject 4 MiB', () => {
  bench('SSE-S3 off', async () => void (await put('4 MiB', 'off', 'w-4m-off')), LARGE);
  bench('SSE-S3 on', async () => void (await put('4 MiB', 'on', 'w-4m-on')), LARGE);
});
describe('GetObject 4 KiB', () => {
  bench('SSE-S3 off', () => get('4 KiB', 'off'), SMALL);
  bench('SSE-S3 on', () => get('4 KiB', 'on'), SMALL);
});
describe('GetObject 4 MiB', () => {
  bench('SSE-S3 off', () => get('4 MiB', 'off'), LARGE);
  bench('SSE-S3 on', () => get('4 MiB', 'on'), LARGE);
});
