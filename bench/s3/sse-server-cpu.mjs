// What encryption at rest costs the server, measured in CPU time rather than wall time: a shared, loaded machine
// (where sse.bench.ts's timings swing by 2x between runs) slows a request by the CPU it needs, not by the clock.
// PutObject 4 MiB with SSE-S3 off and on, alternated, through a real `scones serve` (the built CLI: run
// `npm run build` first) with the AWS SDK for JavaScript v3; the server's utime+stime from /proc (Linux only).
// Run on purpose: `node bench/s3/sse-server-cpu.mjs [puts-per-mode]`. Target: under 20% for 4 MiB.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PUTS = Number(process.argv[2] ?? 40);
const TICKS_PER_SECOND = 100;

const home = mkdtempSync(path.join(os.tmpdir(), 'scones-sse-cpu-'));
const child = spawn(
  process.execPath,
  [path.join(ROOT, 'dist/main.js'), 'serve', '--port', '0', '--auth', 'off'],
  {
    env: { ...process.env, SCONES_HOME: home },
    cwd: home,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const url = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (data) => {
    out += data;
    const found = /(http:\/\/\S+) \(auth/.exec(out);
    if (found) resolve(found[1]);
  });
  child.on('exit', (code) => reject(new Error(`scones serve exited with ${code}`)));
});
const s3 = new S3Client({
  endpoint: url,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' },
});
await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));

const body = Buffer.alloc(4 * 1024 * 1024, 7);
/** The server's user + system CPU so far, in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
function serverTicks() {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
const put = (mode) =>
  s3.send(
    new PutObjectCommand({
      Bucket: 'bench',
      Key: mode,
      Body: body,
      ...(mode === 'on' ? { ServerSideEncryption: 'AES256' } : {}),
    }),
  );

for (let i = 0; i < 5; i++) for (const mode of ['off', 'on']) await put(mode);
const ticks = { off: 0, on: 0 };
for (let i = 0; i < PUTS; i++)
  for (const mode of i % 2 ? ['off', 'on'] : ['on', 'off']) {
    const before = serverTicks();
    await put(mode);
    ticks[mode] += serverTicks() - before;
  }
const ms = (mode) => ((ticks[mode] / PUTS) * 1000) / TICKS_PER_SECOND;
console.log(
  `server CPU per PutObject 4 MiB: SSE-S3 off ${ms('off').toFixed(1)} ms, on ${ms('on').toFixed(1)} ms: ` +
    `+${((ticks.on / ticks.off - 1) * 100).toFixed(0)}% (${PUTS} puts each, load ${os.loadavg()[0].toFixed(1)})`,
);
s3.destroy();
child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));
rmSync(home, { recursive: true, force: true });
