// Unimplemented S3 operations are named as S3 names them in their 501 NotImplemented.
import { expect, it } from 'vitest';
import { selectOperation } from '../../../src/http/aws/s3/s3-dispatch.js';

const nameOf = (method: string, bucket: string, key: string, query: Record<string, string>) =>
  selectOperation({ method, bucket, key, query, hasCopySource: false });

it('names each unimplemented operation and gives it no handler', () => {
  const cases: Array<[string, string, Record<string, string>, string]> = [
    ['PUT', 'k', { retention: '' }, 'PutObjectRetention'],
    ['DELETE', '', { replication: '' }, 'DeleteBucketReplication'],
    ['GET', '', { logging: '' }, 'GetBucketLogging'],
    ['PUT', '', { accelerate: '' }, 'PutBucketAccelerateConfiguration'],
    ['GET', '', { notification: '' }, 'GetBucketNotificationConfiguration'],
    ['GET', '', { analytics: '' }, 'ListBucketAnalyticsConfigurations'],
    ['GET', '', { analytics: '', id: 'a' }, 'GetBucketAnalyticsConfiguration'],
    ['POST', 'k', { select: '', 'select-type': '2' }, 'SelectObjectContent'],
    ['POST', 'k', { restore: '' }, 'RestoreObject'],
    ['GET', '', { website: '' }, 'GetBucketWebsite'],
    ['PUT', '', { replication: '' }, 'PutBucketReplication'],
    ['GET', '', { 'object-lock': '' }, 'GetObjectLockConfiguration'],
    ['POST', '', { metadataConfiguration: '' }, 'CreateBucketMetadataConfiguration'],
    ['POST', '', { metadataTable: '' }, 'CreateBucketMetadataTableConfiguration'],
    ['GET', '', { metadataTable: '' }, 'GetBucketMetadataTableConfiguration'],
    ['PUT', '', { metadataInventoryTable: '' }, 'UpdateBucketMetadataInventoryTableConfiguration'],
    ['PUT', '', { metadataJournalTable: '' }, 'UpdateBucketMetadataJournalTableConfiguration'],
    ['GET', '', { abac: '' }, 'GetBucketAbac'],
    ['PUT', '', { abac: '' }, 'PutBucketAbac'],
  ];
  for (const [method, key, query, name] of cases) {
    const operation = nameOf(method, 'bucket', key, query);
    expect(operation.name, JSON.stringify([method, key, query])).toBe(name);
    expect(operation.handler).toBeUndefined();
  }
});

it('routes the access settings, CORS and browser uploads to their handlers', () => {
  const cases: Array<[string, string, Record<string, string>, string]> = [
    ['GET', '', { acl: '' }, 'GetBucketAcl'],
    ['PUT', 'k', { acl: '' }, 'PutObjectAcl'],
    ['GET', '', { policyStatus: '' }, 'GetBucketPolicyStatus'],
    ['PUT', '', { publicAccessBlock: '' }, 'PutPublicAccessBlock'],
    ['GET', '', { encryption: '' }, 'GetBucketEncryption'],
    ['PUT', '', { cors: '' }, 'PutBucketCors'],
    ['POST', '', {}, 'PostObject'],
    ['GET', '', { versioning: '' }, 'GetBucketVersioning'],
    ['PUT', '', { versioning: '' }, 'PutBucketVersioning'],
    ['GET', '', { versions: '' }, 'ListObjectVersions'],
    ['PUT', '', { lifecycle: '' }, 'PutBucketLifecycleConfiguration'],
    ['DELETE', '', { lifecycle: '' }, 'DeleteBucketLifecycle'],
  ];
  for (const [method, key, query, name] of cases) {
    const operation = nameOf(method, 'bucket', key, query);
    expect(operation.name, JSON.stringify([method, key, query])).toBe(name);
    expect(operation.handler, name).toBeTypeOf('function');
  }
});

it('routes tagging to its handlers on buckets and objects', () => {
  const cases: Array<[string, string, string]> = [
    ['GET', '', 'GetBucketTagging'],
    ['PUT', '', 'PutBucketTagging'],
    ['DELETE', '', 'DeleteBucketTagging'],
    ['GET', 'k', 'GetObjectTagging'],
    ['PUT', 'k', 'PutObjectTagging'],
    ['DELETE', 'k', 'DeleteObjectTagging'],
  ];
  for (const [method, key, name] of cases) {
    const operation = nameOf(method, 'bucket', key, { tagging: '' });
    expect(operation.name).toBe(name);
    expect(operation.handler).toBeTypeOf('function');
  }
  expect(nameOf('POST', 'bucket', 'k', { tagging: '' }).name).toBe('MethodNotAllowed');
});
