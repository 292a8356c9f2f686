// One file per object: the body, then a JSON trailer with its metadata, so one rename publishes both at once.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { BlobBody, BlobInfo, PutOptions } from '../port.js';
import { putRecord } from '../put-info.js';

const MAGIC = Buffer.from('SCNOBJ01');
const FOOTER_BYTES = 4 + MAGIC.length;

/** What the trailer keeps: the object's BlobInfo but its key (the file's path). */
export type StoredMeta = Omit<BlobInfo, 'key'>;

/** Writes body + trailer to an open, empty file and syncs it; 'too_large' once the body passes maxBytes. */
export async function writeObjectFile(
  file: FileHandle,
  body: BlobBody,
  options: PutOptions,
  now: number,
): Promise<StoredMeta | 'too_large'> {
  // A writer that computed the ETag itself (a sealed body's is the plaintext's MD5) spares a second hash pass.
  const md5 = options.etag ? undefined : createHash('md5');
  const batch = new WriteBatch(file);
  let size = 0;
  const chunks = body instanceof Uint8Array ? [body] : body;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (options.maxBytes !== undefined && size > options.maxBytes) return 'too_large';
    md5?.update(chunk);
    await batch.add(chunk);
  }
  await batch.flush();
  const meta = putRecord(options, {
    size,
    etag: md5 ? md5.digest('hex') : (options.etag as () => string)(),
    lastModified: options.lastModified ?? now,
  });

  await writeTrailer(file, meta);
  return meta;
}

/** Copies the body of `source` (described by `meta`) to an open, empty file under a new trailer, and syncs it. */
export async function rewriteObjectFile(
  source: FileHandle,
  meta: StoredMeta,
  file: FileHandle,
): Promise<void> {
  for await (const chunk of streamBody(source, 0, meta.size - 1, false)) await writeAll(file, chunk);
  await writeTrailer(file, meta);
}

async function writeTrailer(file: FileHandle, meta: StoredMeta): Promise<void> {
  const json = Buffer.from(JSON.stringify(meta));
  const footer = Buffer.alloc(FOOTER_BYTES);
  footer.writeUInt32BE(json.length, 0);
  MAGIC.copy(footer, 4);
  await writeAll(file, Buffer.concat([json, footer]));
  await file.sync();
}

const BATCH_BYTES = 1024 * 1024;

/**
 * Collects the body's pieces (a sealed body comes as ciphertext pieces and 16-byte tags) and writes them with one
 * writev per MiB instead of one write each, without joining them into a copy.
 */
class WriteBatch {
  #pieces: Uint8Array[] = [];
  #bytes = 0;

  constructor(private readonly file: FileHandle) {}

  async add(piece: Uint8Array): Promise<void> {
    this.#pieces.push(piece);
    this.#bytes += piece.byteLength;
    if (this.#bytes >= BATCH_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    let pieces = this.#pieces;
    this.#pieces = [];
    this.#bytes = 0;
    while (pieces.length > 0) {
      const { bytesWritten } = await this.file.writev(pieces);
      pieces = unwritten(pieces, bytesWritten);
    }
  }
}

/** The pieces (views, no copy) left after a short write of `written` bytes. */
function unwritten(pieces: readonly Uint8Array[], written: number): Uint8Array[] {
  let left = written;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] as Uint8Array;
    if (left < piece.byteLength) return [piece.subarray(left), ...pieces.slice(i + 1)];
    left -= piece.byteLength;
  }
  return [];
}

async function writeAll(file: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await file.write(chunk, offset, chunk.byteLength - offset);
    offset += bytesWritten;
  }
}

/** Reads the trailer of an open object file; throws when the file is not one of ours or is damaged. */
export async function readObjectMeta(file: FileHandle): Promise<StoredMeta> {
  const { size: fileSize } = await file.stat();
  if (fileSize < FOOTER_BYTES) throw new Error('object file too short for its trailer');
  const footer = Buffer.alloc(FOOTER_BYTES);
  await file.read(footer, 0, FOOTER_BYTES, fileSize - FOOTER_BYTES);
  if (!footer.subarray(4).equals(MAGIC)) throw new Error('object file trailer is damaged');
  const jsonLength = footer.readUInt32BE(0);
  const json = Buffer.alloc(jsonLength);
  await file.read(json, 0, jsonLength, fileSize - FOOTER_BYTES - jsonLength);
  const meta = JSON.parse(json.toString('utf8')) as StoredMeta;
  if (meta.size !== fileSize - FOOTER_BYTES - jsonLength)
    throw new Error('object file size does not match its trailer');
  return meta;
}

/** Streams body bytes [start, end] from the open file, closing it when done or abandoned (unless told not to). */
export function streamBody(
  file: FileHandle,
  start: number,
  end: number,
  autoClose = true,
): AsyncIterable<Uint8Array> {
  if (end < start) {
    if (autoClose) void file.close();
    return (async function* () {})();
  }
  return createReadStream('', { fd: file, start, end, autoClose });
}
