// What the storage backend costs: PutObject and GetObject of 4 KB and 16 MB objects through Scones's S3 API on the
// fs backend and on the S3 backend (over a real Ceph RADOS Gateway), and the same calls made directly to the
// gateway, side by side in one run. At the end it prints mean and p99 per case and the overhead Scones on the S3
// backend adds over the gateway (target: under 15% for 16 MB). Uses the built CLI (`npm run build` first) and
// Debian's radosgw. Run on purpose: `npx vitest bench --run bench/storage`.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, bench, describe } from 'vitest';
import { startScones } from '../../test/support/cli.js';
import { startRadosBackend } from '../../test/support/s3-backends.js';

const cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-backend-bench-'));
const gateway = await startRadosBackend();

async function serve(name: string, env: Record<string, string>) {
  const started = await startScones(['serve', '--port', '0', '--auth', 'off'], {
    cwd,
    env: { SCONES_HOME: path.join(cwd, name), SCONES_LOG_LEVEL: 'warn', ...env },
    ready: /(http:\/\/\S+) \(auth/,
  });
  const stop = async () => {
    started.child.kill('SIGTERM');
    await started.exited;
  };
  return { url: started.match[1] as string, stop };
}

const fsFront = await serve('fs', {});
const s3Front = await serve('s3', {
  SCONES_STORAGE_BACKEND: 's3',
  SCONES_S3_ENDPOINT: gateway.endpoint,
  SCONES_S3_BUCKET: gateway.home,
  SCONES_S3_PREFIX: 'front/',
  SCONES_S3_ACCESS_KEY_ID: gateway.credentials.accessKeyId,
  SCONES_S3_SECRET_ACCESS_KEY: gateway.credentials.secretAccessKey,
});

function client(endpoint: string, credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' }) {
  return new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
}

const TARGETS = {
  'scones fs': client(fsFront.url),
  'scones s3(radosgw)': client(s3Front.url),
  'radosgw direct': client(gateway.endpoint, gateway.credentials),
} as const;
type Target = keyof typeof TARGETS;
const BUCKET = 'bench';
for (const s3 of Object.values(TARGETS)) await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));

const SIZES = { '4 KB': Buffer.alloc(4 * 1000, 7), '16 MB': Buffer.alloc(16 * 1000 * 1000, 7) };
type Size = keyof typeof SIZES;

/** Every sample of every case, for the summary (vitest's own table has no overhead column). */
const samples = new Map<string, number[]>();
async function timed(name: string, run: () => Promise<unknown>) {
  const started = performance.now();
  await run();
  const list = samples.get(name) ?? [];
  list.push(performance.now() - started);
  samples.set(name, list);
}

const put = (target: Target, size: Size) =>
  TARGETS[target].send(new PutObjectCommand({ Bucket: BUCKET, Key: `w-${size}`, Body: SIZES[size] }));
async function get(target: Target, size: Size) {
  const answer = await TARGETS[target].send(new GetObjectCommand({ Bucket: BUCKET, Key: `r-${size}` }));
  await answer.Body?.transformToByteArray();
}
for (const target of Object.keys(TARGETS) as Target[])
  for (const size of Object.keys(SIZES) as Size[])
    await TARGETS[target].send(new PutObjectCommand({ Bucket: BUCKET, Key: `r-${size}`, Body: SIZES[size] }));

const OPTIONS: Record<Size, { iterations: number; warmupIterations: number }> = {
  '4 KB': { iterations: 300, warmupIterations: 30 },
  '16 MB': { iterations: 30, warmupIterations: 3 },
};

for (const op of ['PutObject', 'GetObject'] as const)
  for (const size of Object.keys(SIZES) as Size[])
    describe(`${op} ${size}`, () => {
      for (const target of Object.keys(TARGETS) as Target[])
        bench(
          target,
          () =>
            timed(`${op} ${size}|${target}`, () =>
              op === 'PutObject' ? put(target, size) : get(target, size),
            ),
          OPTIONS[size],
        );
    });

afterAll(async () => {
  printSummary();
  for (const s3 of Object.values(TARGETS)) s3.destroy();
  await fsFront.stop();
  await s3Front.stop();
  await gateway.stop();
  await rm(cwd, { recursive: true, force: true });
});

function printSummary() {
  const rows: string[] = [];
  for (const op of ['PutObject', 'GetObject'])
    for (const size of Object.keys(SIZES)) {
      const stat = (target: Target) => stats(samples.get(`${op} ${size}|${target}`) ?? []);
      const direct = stat('radosgw direct');
      for (const target of Object.keys(TARGETS) as Target[]) {
        const s = stat(target);
        const mbps = (SIZES[size as Size].length / 1e6 / (s.mean / 1000)).toFixed(1);
        const overhead =
          target === 'scones s3(radosgw)'
            ? `${(((s.mean - direct.mean) / direct.mean) * 100).toFixed(0)}%`
            : '';
        rows.push(
          [`${op} ${size}`, target, s.mean.toFixed(2), s.p99.toFixed(2), mbps, overhead]
            .map((c) => c.padEnd(20))
            .join(''),
        );
      }
    }
  const head = ['case', 'target', 'mean ms', 'p99 ms', 'MB/s', 'overhead vs direct']
    .map((c) => c.padEnd(20))
    .join('');
  console.log(`\n${head}\n${rows.join('\n')}\n`);
}

function stats(list: readonly number[]) {
  const sorted = [...list].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length);
  const p99 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? 0;
  return { mean, p99 };
}
