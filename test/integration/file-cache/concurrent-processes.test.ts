// The file cache shared by real processes of one node: racing fills of one key, and fills racing evictions.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { systemClock } from '../../../src/kernel/clock.js';
import { DiskFileCache } from '../../../src/platform/file-cache/disk/disk-file-cache.js';
import { spawnTypeScript } from '../../support/ts-child.js';

const CHILD = path.resolve(import.meta.dirname, '../../fixtures/file-cache/fill-child.ts');
const ENTRY_BYTES = 2 * 64 * 1024;
let work: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'scones-file-cache-'));
});
afterEach(() => rm(work, { recursive: true, force: true }));

interface Line {
  readonly event: 'filling' | 'got';
  readonly key: string;
  readonly filled?: boolean;
  readonly complete?: 'yes' | 'no' | 'gone';
  readonly folder?: string;
}

/** Starts a child; `lines` collects what it prints, `done` resolves with them once it exited cleanly. */
function child(args: readonly string[], onLine: (line: Line) => void = () => {}) {
  const process = spawnTypeScript(CHILD, args);
  const lines: Line[] = [];
  let stderr = '';
  let pending = '';
  process.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const text of parts.filter(Boolean)) {
      const line = JSON.parse(text) as Line;
      lines.push(line);
      onLine(line);
    }
  });
  process.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<Line[]>((resolve, reject) =>
    process.on('close', (code) =>
      code === 0 ? resolve(lines) : reject(new Error(`child ${code}: ${stderr}`)),
    ),
  );
  return { done };
}

const contentOf = (key: string) => Buffer.alloc(64 * 1024, createHash('sha256').update(key).digest());

it('lets four processes fill one key at once and keeps exactly one whole entry', async () => {
  const root = path.join(work, 'cache');
  const gate = path.join(work, 'go');
  let filling = 0;
  let allFilling: () => void = () => {};
  const everyoneInside = new Promise<void>((resolve) => {
    allFilling = resolve;
  });
  const children = Array.from({ length: 4 }, () =>
    child([root, gate, String(10 * ENTRY_BYTES), '900000', 'code-abc'], (line) => {
      if (line.event === 'filling' && ++filling === 4) allFilling();
    }),
  );
  // Every process is inside its own fill, half written, before any may finish: a real race, not a hoped-for one.
  await Promise.race([everyoneInside, ...children.map((c) => c.done.then(() => undefined))]);
  await writeFile(gate, '');
  const results = (await Promise.all(children.map((c) => c.done))).flat().filter((l) => l.event === 'got');
  expect(results.map((r) => [r.filled, r.complete])).toEqual(Array(4).fill([true, 'yes']));
  expect(new Set(results.map((r) => r.folder))).toEqual(new Set([path.join(root, 'entries', 'code-abc')]));
  expect(await readdir(path.join(root, 'entries'))).toEqual(['code-abc']);
  expect(await readdir(path.join(root, 'staging'))).toEqual([]);
  const cache = new DiskFileCache({ root, maxBytes: 10 * ENTRY_BYTES, clock: systemClock });
  expect(await cache.usage()).toEqual({ entries: 1, bytes: ENTRY_BYTES });
});

it('never shows a partial entry while processes fill different keys and evict each other', async () => {
  const root = path.join(work, 'cache');
  const gate = path.join(work, 'go');
  await writeFile(gate, '');
  const keys = (who: number) => Array.from({ length: 12 }, (_, i) => `k${(i * 3 + who) % 16}`);
  // Room for three entries and no grace: every fill evicts, while the other processes fill and read.
  const children = [0, 1, 2].map((who) => child([root, gate, String(3 * ENTRY_BYTES), '0', ...keys(who)]));
  const results = (await Promise.all(children.map((c) => c.done))).flat().filter((l) => l.event === 'got');
  expect(results).toHaveLength(36);
  // Each read saw the whole entry, or none (evicted right after it was handed out, which only a grace prevents).
  expect(results.filter((r) => r.complete === 'no')).toEqual([]);
  for (const key of await readdir(path.join(root, 'entries'))) {
    expect(await readFile(path.join(root, 'entries', key, 'a.bin'))).toEqual(contentOf(key));
    expect(await readFile(path.join(root, 'entries', key, 'b.bin'))).toEqual(contentOf(key));
  }
  expect(await readdir(path.join(root, 'staging'))).toEqual([]);
  expect(await readdir(path.join(root, 'trash')).catch(() => [])).toEqual([]);
  // One more fill here settles what racing evictions left: back within the bound.
  const cache = new DiskFileCache({ root, maxBytes: 3 * ENTRY_BYTES, graceMs: 0, clock: systemClock });
  await cache.folder('last', async ({ dir }) => writeFile(path.join(dir, 'x'), 'x'));
  expect((await cache.usage()).bytes).toBeLessThanOrEqual(3 * ENTRY_BYTES);
});
