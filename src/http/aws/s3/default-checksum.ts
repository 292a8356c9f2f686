// S3's default checksum for objects written without one of their own.
import type { BlobChecksum } from '../../../modules/storage/index.js';
import { createDigest } from './checksums.js';

/**
 * S3's default for a new object written without a checksum (POST object, a copy of an object that has none): the
 * full-object CRC64NVME of the bytes as they stream, known once the last one has passed.
 */
export function withDefaultChecksum(chunks: AsyncIterable<Uint8Array>): {
  readonly chunks: AsyncIterable<Uint8Array>;
  readonly checksum: () => BlobChecksum | undefined;
} {
  const crc = createDigest('crc64nvme');
  let value: string | undefined;
  return {
    chunks: (async function* () {
      for await (const chunk of chunks) {
        crc.update(chunk);
        yield chunk;
      }
      value = (await crc.digest()).toString('base64');
    })(),
    checksum: () => (value === undefined ? undefined : { algorithm: 'crc64nvme', value }),
  };
}
