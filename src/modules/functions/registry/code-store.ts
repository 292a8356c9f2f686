// Immutable copies of function code under the home: `<root>/<function>/code/<sha256 hex>/`, written once
// through a staging folder (`<root>/.staging/`) and renamed into place, shared by versions with the same content.
import { createHash, randomBytes } from 'node:crypto';
import { chmod, cp, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { functionsError } from '../errors.js';
import { extractZip } from './zip-extract.js';

/** Lambda's limits on a direct upload: 50 MB zipped, 250 MB unzipped. */
export const MAX_ZIPPED_BYTES = 50 * 1024 * 1024;
export const MAX_UNZIPPED_BYTES = 250 * 1024 * 1024;
export const MAX_ZIP_ENTRIES = 20_000;

/** New code: a local folder or single file (CLI), or a zip archive (Lambda API). */
export type CodeSource =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'zip'; readonly bytes: Buffer };

export interface StoredCode {
  /** Folder name: hex SHA-256 of the zip, or of the folder's content. */
  readonly ref: string;
  /** Base64 SHA-256, Lambda's CodeSha256. */
  readonly sha256: string;
  readonly size: number;
}

export class CodeStore {
  constructor(readonly root: string) {}

  folder(functionName: string, ref: string): string {
    return path.join(this.root, functionName, 'code', ref);
  }

  async store(functionName: string, source: CodeSource): Promise<StoredCode> {
    // Staged beside the functions, so a refused upload leaves no trace under the function's own folder.
    const staging = path.join(this.root, '.staging', randomBytes(8).toString('hex'));
    await mkdir(staging, { recursive: true });
    try {
      const stored =
        source.kind === 'zip' ? await unzip(source.bytes, staging) : await copyIn(source.path, staging);
      const final = this.folder(functionName, stored.ref);
      await mkdir(path.dirname(final), { recursive: true });
      await settle(staging, final);
      return stored;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /** The code folders kept for a function. */
  async storedRefs(functionName: string): Promise<string[]> {
    return readdir(path.join(this.root, functionName, 'code')).catch(() => []);
  }

  async remove(functionName: string, ref: string): Promise<void> {
    await rm(this.folder(functionName, ref), { recursive: true, force: true });
  }

  async removeFunction(functionName: string): Promise<void> {
    await rm(path.join(this.root, functionName), { recursive: true, force: true });
  }
}

async function unzip(bytes: Buffer, staging: string): Promise<StoredCode> {
  if (bytes.length > MAX_ZIPPED_BYTES)
    throw functionsError('CODE_TOO_LARGE', `Zipped code must be smaller than ${MAX_ZIPPED_BYTES} bytes`);
  const extracted = await extractZip(bytes, staging, {
    maxEntries: MAX_ZIP_ENTRIES,
    maxUncompressedBytes: MAX_UNZIPPED_BYTES,
  });
  if (extracted.files === 0) throw functionsError('INVALID_CODE', 'the uploaded zip holds no files');
  const digest = createHash('sha256').update(bytes).digest();
  return { ref: digest.toString('hex'), sha256: digest.toString('base64'), size: bytes.length };
}

async function copyIn(source: string, staging: string): Promise<StoredCode> {
  const resolved = path.resolve(source);
  const info = await stat(resolved).catch(() => undefined);
  if (!info) throw functionsError('INVALID_CODE', `code path ${resolved} does not exist`, { path: resolved });
  // Links are followed so the copy holds content, never a pointer back to files that may change.
  if (info.isDirectory()) await cp(resolved, staging, { recursive: true, dereference: true });
  else await cp(resolved, path.join(staging, path.basename(resolved)), { dereference: true });
  await makeReadable(staging);
  const { digest, size } = await hashFolder(staging);
  if (size > MAX_UNZIPPED_BYTES)
    throw functionsError(
      'CODE_TOO_LARGE',
      `code at ${resolved} is ${size} bytes; at most ${MAX_UNZIPPED_BYTES}`,
    );
  return { ref: digest.toString('hex'), sha256: digest.toString('base64'), size };
}

/** Readable by all (a+rX): a sandboxed guest reads its code as an unprivileged user, whatever the source said. */
async function makeReadable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await makeReadable(full);
    else if (entry.isFile()) await chmod(full, ((await stat(full)).mode & 0o777) | 0o644);
  }
}

/** SHA-256 over every file's relative path, executable bit and bytes, in path order; and the total size. */
export async function hashFolder(root: string): Promise<{ digest: Buffer; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for (const file of await listFiles(root)) {
    const full = path.join(root, file);
    const [content, info] = await Promise.all([readFile(full), stat(full)]);
    hash.update(`${file}\u0000${info.mode & 0o111 ? 'x' : '-'}\u0000${content.length}\u0000`).update(content);
    size += content.length;
  }
  return { digest: hash.digest(), size };
}

async function listFiles(root: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, prefix), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(root, relative)));
    else if (entry.isFile()) files.push(relative);
  }
  return files.sort();
}

/** Moves the staged folder into place; identical content already there (another deploy, another process) wins. */
async function settle(staging: string, final: string): Promise<void> {
  if (await stat(final).catch(() => undefined)) return;
  try {
    await rename(staging, final);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
  }
}
