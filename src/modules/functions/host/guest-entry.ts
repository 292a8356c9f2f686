// Locates the guest bootstraps. Built (dist/) the Node guest is a sibling; from TypeScript sources
// (tests, benches) it is bundled once per content into a cache folder.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
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
/** The Node guest is one CommonJS bundle (see scripts/bundle-node-guest.mjs for why). */
const NODE_BUNDLE = 'guest.cjs';
const BUNDLER = path.resolve(FUNCTIONS_DIR, '../../../scripts/bundle-node-guest.mjs');
let entries: Promise<GuestEntries> | undefined;

export function locateGuests(): Promise<GuestEntries> {
  entries ??= resolveEntries();
  return entries;
}

async function resolveEntries(): Promise<GuestEntries> {
  const node = HERE.endsWith('.ts')
    ? await bundleNodeGuest()
    : path.join(FUNCTIONS_DIR, 'guest/node', NODE_BUNDLE);
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
  return [path.join(FUNCTIONS_DIR, 'protocol.ts'), BUNDLER, ...guestFiles].sort();
}

/** The guest bundled from the sources once per content, as `npm run build` bundles it into dist/. */
async function bundleNodeGuest(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of nodeGuestSources()) hash.update(file).update(readFileSync(file));
  const outDir = path.join(os.tmpdir(), `scones-node-guest-${hash.digest('hex').slice(0, 16)}`);
  const entry = path.join(outDir, NODE_BUNDLE);
  if (existsSync(entry)) return entry;
  const staging = `${outDir}.${process.pid}.${Date.now()}`;
  await mkdir(staging, { recursive: true });
  try {
    await promisify(execFile)(process.execPath, [BUNDLER, path.join(staging, NODE_BUNDLE)]);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw functionsError('RUNTIME_UNAVAILABLE', 'could not bundle the Node.js guest from sources', {}, error);
  }
  // Another process may have bundled the same sources meanwhile; either copy is good.
  await rename(staging, outDir).catch(() => rm(staging, { recursive: true, force: true }));
  return entry;
}

const compiled = new Map<string, Promise<void>>();

/**
 * Writes the Python guest's bytecode beside it once per interpreter: guests run with PYTHONDONTWRITEBYTECODE on
 * a read-only mount, so without it every cold start would compile the guest package again. Best effort: a
 * read-only install just starts a little slower.
 */
export function compilePythonGuest(executable: string, bootstrap: string): Promise<void> {
  let done = compiled.get(executable);
  if (!done) {
    done = promisify(execFile)(executable, ['-m', 'compileall', '-q', path.dirname(bootstrap)]).then(
      () => {},
      () => {},
    );
    compiled.set(executable, done);
  }
  return done;
}
