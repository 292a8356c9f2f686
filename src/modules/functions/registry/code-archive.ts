// A code folder as one object: a tar of its regular files and folders (modes kept, so executables stay
// executable), packed at deploy and unpacked into the node's file cache on first invoke.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { extract, type Pack, pack } from 'tar-stream';
import { functionsError } from '../errors.js';

/** Writes a tar of `folder` to `file`; returns its hex SHA-256, recorded with the object to verify reads. */
export async function packFolder(folder: string, file: string): Promise<string> {
  const tar = pack();
  const hash = createHash('sha256');
  const out = createWriteStream(file, { mode: 0o600 });
  const adding = addFolder(tar, folder, '').then(
    () => tar.finalize(),
    (error: unknown) => tar.destroy(error as Error),
  );
  for await (const chunk of tar as unknown as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  await adding;
  out.end();
  await finished(out);
  return hash.digest('hex');
}

async function addFolder(tar: Pack, root: string, prefix: string): Promise<void> {
  const entries = await readdir(path.join(root, prefix), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    const full = path.join(root, name);
    const mode = (await stat(full)).mode & 0o777;
    if (entry.isDirectory()) {
      tar.entry({ name, type: 'directory', mode });
      await addFolder(tar, root, name);
    } else if (entry.isFile()) {
      // One file in memory at a time (code is at most 250 MB unzipped, Lambda's limit).
      tar.entry({ name, type: 'file', mode }, await readFile(full));
    }
  }
}

/** Unpacks a tar made by packFolder into `target` (existing, empty); anything else in it is refused. */
export async function unpackArchive(file: string, target: string): Promise<void> {
  const root = path.resolve(target);
  const tar = extract();
  const reading = pipeline(createReadStream(file), tar);
  for await (const entry of tar) {
    const full = path.resolve(root, entry.header.name);
    if (!full.startsWith(`${root}${path.sep}`) || !['file', 'directory'].includes(entry.header.type ?? ''))
      throw functionsError(
        'CODE_CORRUPT',
        `stored code ${file} holds '${entry.header.name}', not made by Scones`,
      );
    // Readable by all (a+rX): a sandboxed guest reads its code as an unprivileged user.
    const mode = ((entry.header.mode ?? 0o644) & 0o777) | (entry.header.type === 'directory' ? 0o755 : 0o644);
    if (entry.header.type === 'directory') {
      await mkdir(full, { recursive: true, mode });
      entry.resume();
    } else {
      await mkdir(path.dirname(full), { recursive: true, mode: 0o755 });
      await pipeline(entry, createWriteStream(full, { mode }));
    }
  }
  await reading;
}
