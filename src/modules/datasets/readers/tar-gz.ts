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

/**
 * Members are held in memory, so their sizes are bounded (CIFAR-100's largest member is about 150 MiB): a
 * decompression bomb is refused from its tar header, before its bytes are inflated.
 */
export const MAX_MEMBER_BYTES = 512 * 1024 * 1024;
export const MAX_KEPT_BYTES = 1024 * 1024 * 1024;

/** Reads every regular-file member whose name `wanted` accepts; `what` names the archive in errors. */
export async function readTarGz(
  source: AsyncIterable<Uint8Array>,
  wanted: (name: string) => boolean,
  what: string,
): Promise<TarMember[]> {
  const members: TarMember[] = [];
  const extract = tar.extract();
  let kept = 0;
  extract.on('entry', (header, stream, next) => {
    // When the archive breaks (or is refused), tar-stream destroys the open entry too; the pipeline reports why.
    stream.on('error', () => {});
    const keep = header.type === 'file' && wanted(header.name);
    if (keep) {
      kept += header.size ?? 0;
      const tooLarge = sizeProblem(header.size ?? 0, kept);
      if (tooLarge) {
        extract.destroy(
          datasetError('ARCHIVE_TOO_LARGE', `${what}: member ${header.name} ${tooLarge}`, { source: what }),
        );
        return;
      }
    }
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: unknown) => {
      if (keep) chunks.push(chunk as Buffer);
    });
    stream.on('end', () => {
      if (keep) members.push({ name: header.name, bytes: Buffer.concat(chunks) });
      next();
    });
    stream.resume();
  });
  try {
    await pipeline(Readable.from(source), createGunzip(), extract);
  } catch (error) {
    if ((error as { code?: string }).code === datasetError.codes.ARCHIVE_TOO_LARGE) throw error;
    throw datasetError(
      'CORRUPT_ARCHIVE',
      `${what} is not a readable .tar.gz archive: ${describe(error)}`,
      { source: what },
      error,
    );
  }
  return members;
}

function sizeProblem(size: number, kept: number): string | undefined {
  if (size > MAX_MEMBER_BYTES) return `is ${size} bytes; members may be at most ${MAX_MEMBER_BYTES} bytes`;
  if (kept > MAX_KEPT_BYTES)
    return `brings the members read to ${kept} bytes; at most ${MAX_KEPT_BYTES} are allowed`;
  return undefined;
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message)) return 'it ends early (truncated file?)';
  if (e.code === 'Z_DATA_ERROR') return `corrupt gzip data (${e.message})`;
  return e.message;
}
