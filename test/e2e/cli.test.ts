// The real `scones` command as a user runs it: data prepare, store commands, serve, up, and bad settings.
// Store and config commands run in-process (runSconesInProcess: the same program, no node start-up per command);
// a bad setting, `serve` and `up` run as real processes, so exit codes, signals and the built binary stay covered.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScones, startScones } from '../support/cli.js';
import { runSconesInProcess } from '../support/cli-in-process.js';
import { PYTHON_ARCHIVE } from '../support/shared-data.js';
import { makeSmallImageFolder } from '../support/small-dataset.js';

let cwd: string;
const env = () => ({ SCONES_HOME: path.join(cwd, 'home') });
const scones = (args: string[], input?: Buffer) =>
  runSconesInProcess(args, { cwd, env: env(), ...(input ? { input } : {}) });

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-cli-'));
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

describe('scones CLI', () => {
  it('prepares the dataset and prints one JSON object with counts and prefixes', async () => {
    const result = await scones(['data', 'prepare', '--source', PYTHON_ARCHIVE, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout.toString());
    expect(report.counts).toEqual({
      train: { bicycle: 500, motorcycle: 500, total: 1000 },
      test: { bicycle: 100, motorcycle: 100, total: 200 },
    });
    expect(report.prefixes).toEqual({ train: 's3://scones/train/', test: 's3://scones/test/' });
    expect(report.manifests.dataset).toBe('s3://scones/dataset.json');
  });

  it('lists keys as JSON lines and cats exact bytes', async () => {
    const listed = await scones(['store', 'ls', 's3://scones/test/', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const lines = listed.stdout
      .toString()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(200);
    expect(lines[0]).toEqual({
      key: expect.stringMatching(/^test\/.+\.png$/),
      size: expect.any(Number),
      etag: expect.stringMatching(/^[0-9a-f]{32}$/),
      lastModified: expect.any(String),
      contentType: 'image/png',
    });
    const cat = await scones(['store', 'cat', `s3://scones/${lines[0].key}`]);
    expect(createHash('md5').update(cat.stdout).digest('hex')).toBe(lines[0].etag);
    const grouped = await scones(['store', 'ls', 's3://scones/']);
    expect(grouped.stdout.toString()).toMatch(/PRE test\/[\s\S]*PRE train\/[\s\S]*dataset\.json/);
  });

  it('copies files in and out, from stdin, and removes them', async () => {
    const local = path.join(cwd, 'note.txt');
    await writeFile(local, 'hello\nscones\n');
    expect((await scones(['store', 'cp', local, 's3://scones/notes/'])).code).toBe(0);
    expect(
      (await scones(['store', 'cp', '-', 's3://scones/notes/stdin.bin'], Buffer.from([0, 255, 1]))).code,
    ).toBe(0);
    expect((await scones(['store', 'cat', 's3://scones/notes/stdin.bin'])).stdout).toEqual(
      Buffer.from([0, 255, 1]),
    );
    const back = path.join(cwd, 'back.txt');
    expect((await scones(['store', 'cp', 's3://scones/notes/note.txt', back])).code).toBe(0);
    expect(await readFile(back, 'utf8')).toBe('hello\nscones\n');
    const removed = await scones(['store', 'rm', 's3://scones/notes/', '--recursive']);
    expect(removed.stdout.toString()).toContain('deleted 2 objects');
  });

  it('fails with one line naming the problem and a non-zero exit code', async () => {
    const missing = await scones(['store', 'cat', 's3://scones/nope.png']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('STORAGE_NO_SUCH_KEY');
    const badPort = await runScones(['config'], { cwd, env: { ...env(), SCONES_PORT: 'eighty' } });
    expect(badPort.code).toBe(1);
    expect(badPort.stderr).toMatch(/server\.port/);
    await writeFile(
      path.join(cwd, 'scones.config.json'),
      JSON.stringify({ log: { level: 'loud' }, colour: 'red' }),
    );
    const badFile = await scones(['config']);
    expect(badFile.stderr).toMatch(/log\.level: must be one of "trace"/);
    expect(badFile.stderr).toMatch(/colour: is not a known setting/);
    await rm(path.join(cwd, 'scones.config.json'));
    const badFlag = await scones(['serve', '--port', '99999']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/--port.*0 to 65535/);
  });

  it('serves health and the store over HTTP, then shuts down gracefully on SIGTERM', async () => {
    const { child, match, exited } = await startScones(['serve', '--port', '0'], {
      cwd,
      env: env(),
      ready: /(http:\/\/\S+)/,
    });
    const url = match[1] as string;
    expect(((await (await fetch(`${url}/healthz`)).json()) as { status: string }).status).toBe('ok');
    const buckets = (await (await fetch(`${url}/api/v1/buckets`)).json()) as {
      buckets: Array<{ name: string }>;
    };
    expect(buckets.buckets.map((b) => b.name)).toContain('scones');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('runs `up` end to end on a small dataset, then reuses its work', async () => {
    const home = path.join(cwd, 'up-home');
    const source = await makeSmallImageFolder(cwd, 40);
    const run = (args: string[]) =>
      runScones(['up', '--once', '--port', '0', '--json', ...args], { cwd, env: { SCONES_HOME: home } });
    const first = await run(['--source', source, '--epochs', '1']);
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout.toString());
    expect(summary.dataset).toMatchObject({ train: 80, test: 20 });
    expect(summary.model).toMatchObject({ version: 1, trained: true });
    expect(summary.workflow).toMatchObject({ status: 'SUCCEEDED', images: 20, failed: 0 });
    expect(summary.workflow.passed + summary.workflow.filtered).toBe(20);
    expect(summary.workflow.singleImageMs.runs).toBe(20);
    expect(summary.dashboard).toBe(`${summary.url}/`);
    expect(summary.monitoring).toMatchObject({ baselined: true, records: 20 });
    const report = await runSconesInProcess(['store', 'cat', summary.monitoring.report], {
      cwd,
      env: { SCONES_HOME: home },
    });
    expect(JSON.parse(report.stdout.toString())).toMatchObject({
      endpoint: 'bikes',
      counts: { records: 20 },
    });

    const again = await run([]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout.toString())).toMatchObject({
      model: { version: 1, trained: false },
      monitoring: { baselined: false },
    });
  }, 240_000);
});
