// Finds the built-in functions' code. Built (dist/) it is the compiled `handlers/` folder beside this file;
// from TypeScript sources (tests) the handlers are compiled once per content with the project's tsc.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { functionsError } from '../errors.js';

export interface BuiltinCode {
  /** The task root holding every built-in handler. */
  readonly codePath: string;
  /**
   * Folders the guest must see besides its task root: the install that holds the AWS SDK packages (and the
   * compile folder from sources). The sandbox hides the rest of /tmp, where a checkout may live.
   */
  readonly layers: readonly string[];
}

const HERE = fileURLToPath(import.meta.url);
/** The handlers as they are here: TypeScript sources, or the compiled .mjs files. */
export const BUILTIN_HANDLERS_DIR = path.join(path.dirname(HERE), 'handlers');
let located: Promise<BuiltinCode> | undefined;

export function locateBuiltinCode(): Promise<BuiltinCode> {
  located ??= HERE.endsWith('.ts')
    ? compileHandlers()
    : Promise.resolve({ codePath: BUILTIN_HANDLERS_DIR, layers: [installRoot()] });
  return located;
}

/** The folder whose node_modules holds the AWS SDK clients the handlers import. */
function installRoot(): string {
  const entry = createRequire(import.meta.url).resolve('@aws-sdk/client-s3');
  const marker = `${path.sep}node_modules${path.sep}`;
  return entry.slice(0, entry.lastIndexOf(marker));
}

async function compileHandlers(): Promise<BuiltinCode> {
  const sources = readdirSync(BUILTIN_HANDLERS_DIR)
    .filter((name) => name.endsWith('.mts'))
    .map((name) => path.join(BUILTIN_HANDLERS_DIR, name))
    .sort();
  const hash = createHash('sha256');
  for (const file of sources) hash.update(file).update(readFileSync(file));
  const root = installRoot();
  const outRoot = path.join(os.tmpdir(), `scones-builtin-functions-${hash.digest('hex').slice(0, 16)}`);
  const code = { codePath: path.join(outRoot, 'handlers'), layers: [outRoot, root] };
  if (existsSync(path.join(outRoot, 'node_modules'))) return code;
  const staging = `${outRoot}.${process.pid}.${Date.now()}`;
  await runTsc(sources, path.join(staging, 'handlers'));
  await symlink(path.join(root, 'node_modules'), path.join(staging, 'node_modules'), 'dir');
  // Another process may have compiled the same sources meanwhile; either copy is good.
  await rename(staging, outRoot).catch(() => rm(staging, { recursive: true, force: true }));
  return code;
}

async function runTsc(sources: string[], outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const tsc = path.join(
    path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')),
    'bin/tsc',
  );
  const args = [
    ...[
      '--ignoreConfig',
      '--noCheck',
      '--skipLibCheck',
      '--outDir',
      outDir,
      '--rootDir',
      BUILTIN_HANDLERS_DIR,
    ],
    ...['--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2023', '--types', 'node'],
    ...sources,
  ];
  try {
    await promisify(execFile)(process.execPath, [tsc, ...args]);
  } catch (error) {
    throw functionsError(
      'RUNTIME_UNAVAILABLE',
      'could not compile the built-in functions from sources',
      {},
      error,
    );
  }
}
