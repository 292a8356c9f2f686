// `scones train` as a user runs it: killed mid-run with SIGKILL, then `--resume` finishes and registers the model.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/kernel/clock.js';
import { ObjectStore } from '../../src/modules/storage/index.js';
import { openFsBlobStore } from '../../src/platform/blob/fs/fs-blob-store.js';
import { runScones, SCONES_BIN } from '../support/cli.js';
import { prepareSmallDataset } from '../support/small-dataset.js';

let cwd: string;
const env = () => ({ SCONES_HOME: path.join(cwd, 'home') });

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-train-'));
  const store = new ObjectStore(await openFsBlobStore(path.join(cwd, 'home', 'objects'), systemClock));
  await prepareSmallDataset(store, cwd, 'scones', 24);
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

/** Starts `scones train` and SIGKILLs it as soon as its first checkpoint is in the store. */
async function trainUntilFirstCheckpoint(args: string[]): Promise<void> {
  const child = spawn(process.execPath, [SCONES_BIN, 'train', ...args], {
    cwd,
    env: { ...process.env, ...env() },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const ended = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('close', (_code, signal) => resolve(signal)),
  );
  const store = new ObjectStore(await openFsBlobStore(path.join(cwd, 'home', 'objects'), systemClock));
  while (child.exitCode === null && child.signalCode === null) {
    if (await hasCheckpoint(store)) child.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if ((await ended) !== 'SIGKILL') throw new Error(`train ended before its first checkpoint: ${stderr}`);
}

async function hasCheckpoint(store: ObjectStore): Promise<boolean> {
  const bucket = await store.headBucket('scones-models').catch(() => undefined);
  if (!bucket) return false;
  for await (const object of store.listAllObjects('scones-models'))
    if (object.key.endsWith('/checkpoints/checkpoint')) return true;
  return false;
}

describe('scones train', () => {
  it('survives a kill -9 and resumes from the last checkpoint', async () => {
    await trainUntilFirstCheckpoint(['--epochs', '3', '--batch-size', '16']);
    const listed = await runScones(['models', 'list', '--json'], { cwd, env: env() });
    expect(JSON.parse(listed.stdout.toString())).toEqual([]);
    const refused = await runScones(['train', '--epochs', '3'], { cwd, env: env() });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--resume.*TRAINING_JOB_RUN_IN_PROGRESS/);

    const resumed = await runScones(['train', '--resume', '--json'], { cwd, env: env() });
    expect(resumed.code, resumed.stderr).toBe(0);
    const report = JSON.parse(resumed.stdout.toString());
    expect(report).toMatchObject({ version: 1, epochs: 3, metrics: { accuracy: expect.any(Number) } });
    expect(report.timing.resumedAtEpoch).toBeGreaterThanOrEqual(1);
    expect(report.lineage.trainImages).toBe(48);
    const shown = await runScones(['models', 'show', 'latest', '--json'], { cwd, env: env() });
    expect(JSON.parse(shown.stdout.toString())).toMatchObject({
      version: 1,
      status: 'registered',
      runId: report.runId,
    });
  });
});
