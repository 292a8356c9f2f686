// The object store as the engine's ObjectStorePort: Map ItemReader/ResultWriter and the s3:getObject/putObject tasks.
import type { ObjectStore } from '../../../storage/index.js';
import type { ObjectStorePort, ObjectSummary } from '../ports.js';

export function objectStorePort(store: ObjectStore): ObjectStorePort {
  return {
    async readObject(bucket, key) {
      const { info, body } = await store.getObject(bucket, key);
      const chunks: Uint8Array[] = [];
      for await (const chunk of body) chunks.push(chunk);
      return {
        body: Buffer.concat(chunks),
        contentType: info.contentType,
        eTag: `"${info.etag}"`,
        lastModified: info.lastModified,
      };
    },
    async writeObject(bucket, key, body, contentType) {
      const info = await store.putObject(bucket, key, body, { contentType });
      return { eTag: `"${info.etag}"` };
    },
    async listObjects(bucket, prefix) {
      const objects: ObjectSummary[] = [];
      for await (const o of store.listAllObjects(bucket, prefix)) {
        objects.push({ key: o.key, size: o.size, eTag: `"${o.etag}"`, lastModified: o.lastModified });
      }
      return objects;
    },
  };
}
