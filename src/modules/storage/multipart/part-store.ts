// Where an upload's parts are kept until Complete: staged as objects (any adapter) or in the adapter's native
// multipart (no copy at Complete). The uploads service picks one per upload and never looks inside.
import type {
  BlobBody,
  BlobChecksum,
  BlobCondition,
  BlobEncryption,
  BlobPart,
} from '../../../platform/blob/port.js';
import type { ObjectEncryption } from '../encryption/sealed-objects.js';
import type { ObjectInfo } from '../object-store.js';
import type { UploadedPart } from './part-checks.js';
import type { UploadRecord } from './upload-records.js';

export interface UploadRef {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly record: UploadRecord;
}

export interface StoredPart extends UploadedPart {
  readonly encryption?: BlobEncryption;
  /** The part's checksum the client sent and the server verified (S3 flexible checksums). */
  readonly checksum?: BlobChecksum;
}

export interface Assembly {
  readonly parts: readonly BlobPart[];
  readonly etag: string;
  readonly condition: BlobCondition | undefined;
  readonly checksum: BlobChecksum | undefined;
  readonly sealing: ObjectEncryption | undefined;
  readonly customerKey: Buffer | undefined;
}

export interface PartStore {
  upload(
    ref: UploadRef,
    partNumber: number,
    body: BlobBody,
    sealing: ObjectEncryption | undefined,
    checksum: (() => BlobChecksum | undefined) | undefined,
  ): Promise<StoredPart>;
  /** Every part uploaded so far, by part number. */
  parts(ref: UploadRef): Promise<Map<number, StoredPart>>;
  /** Writes the object from the chosen parts (checked, in order), atomically like a put. */
  assemble(ref: UploadRef, chosen: readonly StoredPart[], assembly: Assembly): Promise<ObjectInfo>;
  /** Drops the parts (abort, or after Complete). */
  discard(ref: UploadRef): Promise<void>;
}
