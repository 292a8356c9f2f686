// Function and layer code as objects through the blob port (`<prefix><name>/<ref>.tar` in a reserved bucket), so
// every node sees it, and unpacked on first use into this node's file cache, where guests run it from.
import { createHash, randomBytes } from 'node:crypto';
import { chmod, cp, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { isSconesError } from '../../../kernel/errors.js';
import { fileCacheError } from '../../../platform/file-cache/errors.js';
import type { FileCache } from '../../../platform/file-cache/port.js';
import { writeVerified } from '../../../platform/file-cache/verified-write.js';
import { functionsError } from '../errors.js';
import type { CodeObjects } from '../ports.js';
import { packFolder, unpackArchive } from './code-archive.js';
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
  /** Content address: hex SHA-256 of the zip, or of the folder's content. */
  readonly ref: string;
  /** Base64 SHA-256, Lambda's CodeSha256. */
  readonly sha256: string;
  readonly size: number;
}

/** Where code is kept (objects), where it runs from (the cache), and a local folder to check uploads in. */
export interface CodeStorage {
  readonly objects: CodeObjects;
  readonly cache: FileCache;
  readonly stagingDir: string;
}

/** The object metadata field holding the archive's hex SHA-256, checked on every download. */
const SHA256_FIELD = 'sha256';

export class CodeStore {
  /** `prefix` keeps functions' and layers' names apart in the one bucket (`functions/`, `layers/`). */
  constructor(
    private readonly storage: CodeStorage,
    private readonly prefix: string,
  ) {}

  key(name: string, ref: string): string {
    return `${this.prefix}${name}/${ref}.tar`;
  }

  /** Checks the code (limits, zip safety), stores it as an object once per content, and returns its address. */
  async store(name: string, source: CodeSource): Promise<StoredCode> {
    const staging = path.join(this.storage.stagingDir, randomBytes(8).toString('hex'));
    const folder = path.join(staging, 'code');
    await mkdir(folder, { recursive: true });
    try {
      const stored =
        source.kind === 'zip' ? await unzip(source.bytes, folder) : await copyIn(source.path, folder);
      await this.storeFolder(name, stored.ref, folder, staging);
      return stored;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /** Stores an unpacked folder as `ref` unless it is stored already (also how old homes' folders move in). */
  async storeFolder(name: string, ref: string, folder: string, scratch: string): Promise<void> {
    const key = this.key(name, ref);
    if (await this.storage.objects.has(key)) return;
    const archive = path.join(scratch, `${ref}.tar`);
    try {
      const sha256 = await packFolder(folder, archive);
      await this.storage.objects.putFile(key, archive, { [SHA256_FIELD]: sha256 });
    } finally {
      await rm(archive, { force: true });
    }
  }

  /** The code unpacked on this node (downloaded, verified and unpacked on first use). */
  folder(name: string, ref: string): Promise<string> {
    return this.storage.cache.folder(`code-${ref}`, async ({ dir, scratch }) => {
      const key = this.key(name, ref);
      const found = await this.storage.objects.get(key);
      if (!found)
        throw functionsError('CODE_NOT_FOUND', `the code of ${name} (${ref}) is not stored`, { key });
      const expected = found.metadata[SHA256_FIELD];
      if (!expected)
        throw functionsError('CODE_CORRUPT', `stored code ${key} has no recorded checksum`, { key });
      const archive = path.join(scratch, 'code.tar');
      await writeVerified(found.body, archive, { algorithm: 'sha256', hex: expected }).catch(
        (error: unknown) => {
          if (!isSconesError(error) || error.code !== fileCacheError.codes.CHECKSUM_MISMATCH) throw error;
          throw functionsError('CODE_CORRUPT', `stored code ${key}: ${error.message}`, { key }, error);
        },
      );
      await unpackArchive(archive, dir);
      await chmod(dir, 0o755);
    });
  }

  /** The code refs kept for a name. */
  async storedRefs(name: string): Promise<string[]> {
    const prefix = `${this.prefix}${name}/`;
    return (await this.storage.objects.list(prefix)).map((key) => key.slice(prefix.length, -'.tar'.length));
  }

  async remove(name: string, ref: string): Promise<void> {
    await this.storage.objects.delete(this.key(name, ref));
  }

  async removeFunction(name: string): Promise<void> {
    for (const ref of await this.storedRefs(name)) await this.remove(name, ref);
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
