// PyTorch's images/s on the same network, batch and data, where a Python with torch is installed (Debian's
// python3-torch); undefined with the reason where it is not, so the bench still runs without it.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ImageSet } from '../../src/modules/training/index.js';

const run = promisify(execFile);
const SCRIPT = path.join(import.meta.dirname, 'pytorch_resnet14.py');
// Debian's torch lives in the system Python, which a pyenv or venv python3 earlier on PATH does not see.
const CANDIDATES = [process.env.SCONES_BENCH_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string =>
  Boolean(p),
);

export type PytorchResult = { imagesPerSecond: number; version: string } | { skipped: string };

async function findPython(): Promise<string | undefined> {
  for (const python of CANDIDATES) {
    try {
      await run(python, ['-c', 'import torch']);
      return python;
    } catch {}
  }
  return undefined;
}

export async function pytorchImagesPerSecond(
  set: ImageSet,
  threads: number,
  epochs: number,
  batch: number,
): Promise<PytorchResult> {
  const python = await findPython();
  if (!python)
    return { skipped: `no Python with torch among ${CANDIDATES.join(', ')} (apt install python3-torch)` };
  const folder = await mkdtemp(path.join(tmpdir(), 'scones-torch-'));
  try {
    const data = path.join(folder, 'images.bin');
    await writeFile(data, Buffer.concat([set.images, set.labels]));
    const args = [SCRIPT, '--data', data, '--count', String(set.count), '--threads', String(threads)];
    const { stdout } = await run(python, [...args, '--epochs', String(epochs), '--batch', String(batch)], {
      env: { ...process.env, OMP_NUM_THREADS: String(threads) },
    });
    const parsed = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      imagesPerSecond: number;
      torch: string;
    };
    return { imagesPerSecond: parsed.imagesPerSecond, version: parsed.torch };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
