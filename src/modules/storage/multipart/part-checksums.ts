// The checksums of parts held by the adapter's native multipart, which keeps bytes and ETags only: one small JSON
// object per part beside the upload's record (`<bucket>/<uploadId>/sum-00001`), naming the part's ETag so a part
// uploaded again without a checksum does not inherit the old one.
import type { BlobChecksum } from '../../../platform/blob/port.js';
import type { ObjectStore } from '../object-store.js';
import type { UploadedPart } from './part-checks.js';
import type { UploadRef } from './part-store.js';
import { partChecksumKey, STAGING_BUCKET, uploadFolder } from './upload-records.js';

interface SumRecord {
  readonly etag: string;
  readonly checksum: BlobChecksum;
}

export class PartChecksums {
  constructor(private readonly store: ObjectStore) {}

  async write(ref: UploadRef, part: UploadedPart, checksum: BlobChecksum): Promise<void> {
    const record: SumRecord = { etag: part.etag, checksum };
    await this.store.putObject(
      STAGING_BUCKET,
      partChecksumKey(ref.bucket, ref.uploadId, part.partNumber),
      Buffer.from(JSON.stringify(record)),
      { contentType: 'application/json' },
    );
  }

  async read(ref: UploadRef): Promise<Map<number, SumRecord>> {
    const sums = new Map<number, SumRecord>();
    const prefix = `${uploadFolder(ref.bucket, ref.uploadId)}sum-`;
    for await (const info of this.store.listAllObjects(STAGING_BUCKET, prefix)) {
      const bytes = await this.store.getObjectBytes(STAGING_BUCKET, info.key);
      sums.set(Number(info.key.slice(prefix.length)), JSON.parse(bytes.toString('utf8')) as SumRecord);
    }
    return sums;
  }
}
