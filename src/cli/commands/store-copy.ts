// `store cp`: local file/stdin -> object, object -> local file/stdout, object -> object.
import { createReadStream, createWriteStream } from 'node:fs';
import { access, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type ObjectStore, parseS3Uri } from '../../modules/storage/index.js';
import { cliError } from '../errors.js';
import type { CliIo } from '../io.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.json': 'application/json',
  '.jsonl': 'application/jsonl',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
  '.lst': 'text/tab-separated-values',
  '.html': 'text/html',
  '.gz': 'application/gzip',
  '.zip': 'application/zip',
};

const isS3 = (value: string) => value.startsWith('s3://');

/** Returns the destination written, or undefined when it was stdout. */
export async function copy(
  store: ObjectStore,
  from: string,
  to: string,
  io: CliIo,
  contentType?: string,
): Promise<string | undefined> {
  if (isS3(to)) {
    const target = parseS3Uri(to);
    const key =
      target.key === '' || target.key.endsWith('/')
        ? target.key + path.basename(isS3(from) ? parseS3Uri(from).key : from)
        : target.key;
    const { body, type } = await openSource(store, from, io);
    await store.putObject(target.bucket, key, body, { contentType: contentType ?? type ?? guessType(key) });
    return `s3://${target.bucket}/${key}`;
  }
  if (!isS3(from)) throw cliError('USAGE', 'store cp needs an s3:// URI as source or destination');
  const source = parseS3Uri(from);
  const { body } = await store.getObject(source.bucket, source.key);
  if (to === '-') {
    for await (const chunk of body) io.stdout.write(chunk);
    return undefined;
  }
  const file = path.resolve(io.cwd, to.endsWith('/') ? to + path.basename(source.key) : to);
  const partial = `${file}.part`;
  try {
    await pipeline(body, createWriteStream(partial));
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
  return file;
}

async function openSource(
  store: ObjectStore,
  from: string,
  io: CliIo,
): Promise<{ body: AsyncIterable<Uint8Array>; type?: string }> {
  if (isS3(from)) {
    const source = parseS3Uri(from);
    const { body, info } = await store.getObject(source.bucket, source.key);
    return { body, type: info.contentType };
  }
  if (from === '-') return { body: io.stdin };
  const file = path.resolve(io.cwd, from);
  await access(file).catch(() => {
    throw cliError('FILE_NOT_FOUND', `cannot read ${from}: no such file`);
  });
  return { body: createReadStream(file) };
}

function guessType(key: string): string | undefined {
  return CONTENT_TYPES[path.extname(key).toLowerCase()];
}
