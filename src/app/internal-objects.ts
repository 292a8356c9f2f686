// Keys of the reserved internal bucket, for the modules that keep their own objects there: the functions module's
// CodeObjects port (code and layers) and the datasets module's shared downloads.
import { createReadStream } from 'node:fs';
import { isSconesError } from '../kernel/errors.js';
import type { CodeObjects } from '../modules/functions/index.js';
import { INTERNAL_BUCKET, type ObjectStore } from '../modules/storage/index.js';

/** `prefix` (e.g. `code/`) keeps this user of the internal bucket apart from the others. */
export function internalObjects(store: ObjectStore, prefix: string): CodeObjects {
  const key = (relative: string) => `${prefix}${relative}`;
  return {
    putFile: async (relative, file, metadata) => {
      await store.putObject(INTERNAL_BUCKET, key(relative), createReadStream(file), { metadata });
    },
    get: async (relative) => {
      try {
        const { info, body } = await store.getObject(INTERNAL_BUCKET, key(relative));
        return { body, metadata: info.metadata };
      } catch (error) {
        if (isSconesError(error) && error.kind === 'not_found') return undefined;
        throw error;
      }
    },
    has: async (relative) => {
      const found = await store.headObject(INTERNAL_BUCKET, key(relative)).catch((error: unknown) => {
        if (isSconesError(error) && error.kind === 'not_found') return undefined;
        throw error;
      });
      return found !== undefined;
    },
    list: async (relative) => {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await store.listObjects(INTERNAL_BUCKET, {
          prefix: key(relative),
          ...(token ? { continuationToken: token } : {}),
        });
        keys.push(...page.contents.map((object) => object.key.slice(prefix.length)));
        token = page.nextContinuationToken;
      } while (token);
      return keys;
    },
    delete: async (relative) => {
      await store.deleteObject(INTERNAL_BUCKET, key(relative));
    },
  };
}
