// Streams a .tar.gz (gunzip + tar, nothing extracted to disk) and keeps the members the caller asks for.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { datasetError } from '../errors.js';

export interface TarMember {
  readonly name: string;
  readonly bytes: Buffer;
}

/** Reads every regular-file member whose name `wanted` accepts; `what` names the archive in errors. */
export async function readTarGz(
  source: AsyncIterable<Uint8Array>,
  wanted: (name: string) => boolean,
  what: string,
): Promise<TarMember[]> {
  const members: TarMember[] = [];
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const keep = header.type === 'file' && wanted(header.name);
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: unknown) => {
      if (keep) chunks.push(chunk as Buffer);
    });
    stream.on('end', () => {
      if (keep) members.push({ name: header.name, bytes: Buffer.concat(chunks) });
      next();
    });
    // When the archive breaks, tar-stream destroys the open entry too; the pipeline below reports the cause.
    stream.on('error', () => {});
    stream.resume();
  });
  try {
    await pipeline(Readable.from(source), createGunzip(), extract);
  } catch (error) {
    throw datasetError(
      'CORRUPT_ARCHIVE',
      `${what} is not a readable .tar.gz archive: ${describe(error)}`,
      { source: what },
      error,
    );
  }
  return members;
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message)) return 'it ends early (truncated file?)';
  if (e.code === 'Z_DATA_ERROR') return `corrupt gzip data (${e.message})`;
  return e.message;
}
