// What every adapter keeps of a put: the writer's options as a BlobInfo, once the body's size, ETag and time are known.
import type { BlobInfo, PutOptions } from './port.js';

export interface PutFacts {
  readonly size: number;
  readonly etag: string;
  readonly lastModified: number;
}

/** The stored record without its key (the fs adapter keeps it in the object file, where the path is the key). */
export function putRecord(options: Omit<PutOptions, 'maxBytes'>, facts: PutFacts): Omit<BlobInfo, 'key'> {
  // Called once per put: the writer's checksum and encryption thunks are evaluated after the body was consumed.
  const checksum = options.checksum?.();
  const encryption = options.encryption?.();
  return {
    ...facts,
    contentType: options.contentType,
    metadata: { ...options.metadata },
    ...(options.headers && Object.keys(options.headers).length > 0
      ? { headers: { ...options.headers } }
      : {}),
    ...(options.tags && Object.keys(options.tags).length > 0 ? { tags: { ...options.tags } } : {}),
    ...(options.parts ? { parts: [...options.parts] } : {}),
    ...(checksum ? { checksum } : {}),
    ...(encryption ? { encryption } : {}),
  };
}

export function putInfo(key: string, options: Omit<PutOptions, 'maxBytes'>, facts: PutFacts): BlobInfo {
  return { key, ...putRecord(options, facts) };
}
