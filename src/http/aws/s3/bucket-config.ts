// Typed reads and writes of a bucket's access settings (kept by the storage module's BucketSettings).
import type { BucketInfo, BucketSettings, ObjectInfo } from '../../../modules/storage/index.js';
import type { CannedAcl } from './canned-acl.js';
import { NONE_BLOCKED, type ObjectOwnership, type PublicAccessBlock } from './public-access-block.js';

export class BucketConfig {
  constructor(readonly settings: BucketSettings) {}

  /** The policy's JSON text, or undefined. */
  async policy(bucket: BucketInfo): Promise<string | undefined> {
    const value = await this.settings.get(bucket, 'policy');
    return typeof value === 'string' ? value : undefined;
  }

  /** The configuration, or undefined when none is set (then nothing is blocked). */
  async publicAccessBlock(bucket: BucketInfo): Promise<PublicAccessBlock | undefined> {
    const value = await this.settings.get(bucket, 'public-access-block');
    return value ? { ...NONE_BLOCKED, ...(value as Partial<PublicAccessBlock>) } : undefined;
  }

  /** Undefined for a bucket without ownership controls: ACLs apply, as ObjectWriter. */
  async ownership(bucket: BucketInfo): Promise<ObjectOwnership | undefined> {
    return (await this.settings.get(bucket, 'ownership')) as ObjectOwnership | undefined;
  }

  async bucketAcl(bucket: BucketInfo): Promise<CannedAcl> {
    return ((await this.settings.get(bucket, 'acl')) as CannedAcl | undefined) ?? 'private';
  }

  async objectAcl(bucket: BucketInfo, object: ObjectInfo): Promise<CannedAcl> {
    return ((await this.settings.getObjectAcl(bucket, object)) as CannedAcl | undefined) ?? 'private';
  }
}
