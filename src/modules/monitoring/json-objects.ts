// JSON documents in the object store: written whole, read back with a clear error when absent.
import { isSconesError } from '../../kernel/errors.js';
import type { ObjectStore } from '../storage/index.js';

export async function putJson(
  store: ObjectStore,
  bucket: string,
  key: string,
  value: unknown,
): Promise<void> {
  await store.ensureBucket(bucket);
  await store.putObject(bucket, key, Buffer.from(`${JSON.stringify(value, null, 2)}\n`), {
    contentType: 'application/json',
  });
}

/** The parsed document, or undefined when the key (or bucket) does not exist. */
export async function getJson(store: ObjectStore, bucket: string, key: string): Promise<unknown> {
  try {
    return JSON.parse((await store.getObjectBytes(bucket, key)).toString('utf8'));
  } catch (error) {
    if (isSconesError(error) && error.kind === 'not_found') return undefined;
    throw error;
  }
}
