// Extracts an uploaded zip safely: every path stays inside the target, no links, entry and byte limits enforced
// on the bytes actually inflated (not only the sizes the archive declares).
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Entry, fromBufferPromise, type Options, type ZipFile } from 'yauzl';
import { isSconesError } from '../../../kernel/errors.js';
import { functionsError } from '../errors.js';

export interface ZipLimits {
  readonly maxEntries: number;
  readonly maxUncompressedBytes: number;
}

export interface Extracted {
  readonly files: number;
  readonly bytes: number;
}

const UNZIP_FAILED = 'Could not unzip uploaded file. Please check your file, then try to upload again.';
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Writes the zip's files under `target` (which must exist and be empty). */
export async function extractZip(bytes: Buffer, target: string, limits: ZipLimits): Promise<Extracted> {
  const options: Options = { lazyEntries: true, validateEntrySizes: true, decodeStrings: true };
  let zip: ZipFile | undefined;
  try {
    zip = await fromBufferPromise(bytes, options);
    if (zip.entryCount > limits.maxEntries)
      throw functionsError(
        'CODE_TOO_LARGE',
        `the zip holds ${zip.entryCount} entries; at most ${limits.maxEntries} are allowed`,
      );
    const counter = { files: 0, bytes: 0 };
    for await (const entry of zip.eachEntry())
      await extractEntry(zip, entry, path.resolve(target), limits, counter);
    return counter;
  } catch (error) {
    if (isSconesError(error)) throw error;
    throw functionsError('INVALID_CODE', UNZIP_FAILED, { reason: String(error) }, error);
  } finally {
    zip?.close();
  }
}

async function extractEntry(
  zip: ZipFile,
  entry: Entry,
  root: string,
  limits: ZipLimits,
  counter: { files: number; bytes: number },
): Promise<void> {
  const { destination, mode } = checkEntry(entry, root);
  try {
    await writeEntry(zip, entry, destination, mode, limits, counter);
  } catch (error) {
    throw unwritable(entry, error);
  }
}

async function writeEntry(
  zip: ZipFile,
  entry: Entry,
  destination: string,
  mode: number,
  limits: ZipLimits,
  counter: { files: number; bytes: number },
): Promise<void> {
  if (entry.fileName.endsWith('/')) {
    await mkdir(destination, { recursive: true });
    return;
  }
  await mkdir(path.dirname(destination), { recursive: true });
  const input = await zip.openReadStreamPromise(entry);
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      counter.bytes += chunk.length;
      if (counter.bytes <= limits.maxUncompressedBytes) return done(null, chunk);
      const message = `Unzipped size must be smaller than ${limits.maxUncompressedBytes} bytes`;
      done(functionsError('CODE_TOO_LARGE', message));
    },
  });
  const permissions = mode & 0o777;
  // `wx`: a second entry with the same name must not silently replace the first.
  const output = createWriteStream(destination, {
    flags: 'wx',
    // Readable by all: a sandboxed guest reads its code as an unprivileged user (zips often say 0600).
    mode: permissions === 0 ? 0o644 : permissions | 0o644,
  });
  await pipeline(input, limit, output);
  counter.files += 1;
}

const FS_PROBLEMS: Readonly<Record<string, string>> = {
  EEXIST: 'appears twice in the zip',
  ENAMETOOLONG: 'has a name too long for the file system',
  ENOTDIR: 'is inside a path that is also a file',
  EISDIR: 'has the name of a folder',
};

/** File system errors name the server's folders: say what is wrong with the entry instead. */
function unwritable(entry: Entry, error: unknown): unknown {
  const problem = FS_PROBLEMS[(error as NodeJS.ErrnoException).code ?? ''];
  if (problem === undefined) return error;
  const name = entry.fileName.length > 200 ? `${entry.fileName.slice(0, 200)}...` : entry.fileName;
  return functionsError('INVALID_CODE', `zip entry '${name}' ${problem}`);
}

/** Where the entry goes and its Unix mode; throws for names outside the root, links and encrypted data. */
function checkEntry(entry: Entry, root: string): { destination: string; mode: number } {
  // yauzl already refuses absolute and `..` names; this check keeps the guarantee local and explicit.
  const destination = path.resolve(root, entry.fileName);
  if (destination !== root && !destination.startsWith(`${root}${path.sep}`))
    throw functionsError('INVALID_CODE', `zip entry '${entry.fileName}' points outside the function folder`);
  const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
  if ((mode & S_IFMT) === S_IFLNK)
    throw functionsError(
      'INVALID_CODE',
      `zip entry '${entry.fileName}' is a symbolic link; links are not allowed`,
    );
  if (entry.isEncrypted()) throw functionsError('INVALID_CODE', `zip entry '${entry.fileName}' is encrypted`);
  return { destination, mode };
}
