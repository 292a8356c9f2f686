// Locates the guest bootstraps. Built (dist/) the Node guest is a sibling; from TypeScript sources
// (tests, benches) it is compiled once per content with the project's tsc into a cache folder.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { functionsError } from '../errors.js';

export interface GuestEntries {
  /** JavaScript entry of the Node.js guest. */
  readonly node: string;
  /** bootstrap.py of the Python guest (its folder holds the `scones_guest` package). */
  readonly python: string;
}

const HERE = fileURLToPath(import.meta.url);
const FUNCTIONS_DIR = path.resolve(path.dirname(HERE), '..');
let entries: Promise<GuestEntries> | undefined;

export function locateGuests(): Promise<GuestEntries> {
  entries ??= resolveEntries();
  return entries;
}

async function resolveEntries(): Promise<GuestEntries> {
  const node = HERE.endsWith('.ts')
    ? await compileNodeGuest()
    : path.join(FUNCTIONS_DIR, 'guest/node/main.js');
  return { node, python: pythonBootstrap() };
}

function pythonBootstrap(): string {
  const relative = 'guest/python/bootstrap.py';
  // tsc does not copy .py files to dist/, so a built host reads them from the sources beside it.
  const candidates = [
    path.join(FUNCTIONS_DIR, relative),
    path.resolve(FUNCTIONS_DIR, '../../../src/modules/functions', relative),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found)
    throw functionsError(
      'RUNTIME_UNAVAILABLE',
      `Python guest bootstrap not found in ${candidates.join(', ')}`,
    );
  return found;
}

function nodeGuestSources(): string[] {
  const guestDir = path.join(FUNCTIONS_DIR, 'guest/node');
  const guestFiles = readdirSync(guestDir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(guestDir, name));
  return [path.join(FUNCTIONS_DIR, 'protocol.ts'), ...guestFiles].sort();
}

async function compileNodeGuest(): Promise<string> {
  const sources = nodeGuestSources();
  const hash = createHash('sha256');
  for (const file of sources) hash.update(file).update(readFileSync(file));
  const outDir = path.join(os.tmpdir(), `scones-node-guest-${hash.digest('hex').slice(0, 16)}`);
  const entry = path.join(outDir, 'guest/node/main.js');
  if (existsSync(entry)) return entry;
  const staging = `${outDir}.${process.pid}.${Date.now()}`;
  await runTsc(sources, staging);
  await writeFile(path.join(staging, 'package.json'), '{"type":"module"}\n');
  // Another process may have compiled the same sources meanwhile; either copy is good.
  await rename(staging, outDir).catch(() => rm(staging, { recursive: true, force: true }));
  return entry;
}

async function runTsc(sources: string[], outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const tsc = path.join(
    path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')),
    'bin/tsc',
  );
  const args = [
    ...['--ignoreConfig', '--noCheck', '--skipLibCheck', '--outDir', outDir, '--rootDir', FUNCTIONS_DIR],
    ...['--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2023', '--types', 'node'],
    ...sources,
  ];
  try {
    await promisify(execFile)(process.execPath, [tsc, ...args]);
  } catch (error) {
    throw functionsError(
      'RUNTIME_UNAVAILABLE',
      'could not compile the Node.js guest from sources',
      {},
      error,
    );
  }
}
