// The training engine's checkpoint port on the object store: one object per checkpoint name, under the run.
import type { ObjectStore } from '../storage/index.js';
import type { CheckpointStore } from '../training/index.js';

export function objectStoreCheckpoints(store: ObjectStore, bucket: string, prefix: string): CheckpointStore {
  return {
    save: async (name, bytes) => {
      await store.putObject(bucket, `${prefix}${name}`, bytes, { contentType: 'application/octet-stream' });
    },
    load: async (name) => {
      try {
        return new Uint8Array(await store.getObjectBytes(bucket, `${prefix}${name}`));
      } catch (error) {
        if ((error as { code?: string }).code === 'STORAGE_NO_SUCH_KEY') return undefined;
        throw error;
      }
    },
  };
}
