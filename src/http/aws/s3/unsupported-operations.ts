// S3 operations Scones recognises by their subresource and does not implement: each is named as S3 names it, so
// the 501 NotImplemented says which operation (GetBucketAcl, PutObjectTagging, ...), never a silent no-op.

/** Subresource -> the operation's name for GET/PUT/DELETE, as `[bucket noun, object noun]`. */
const NOUNS: Readonly<Record<string, readonly [bucket: string, object?: string]>> = {
  abac: ['BucketAbac'],
  accelerate: ['BucketAccelerateConfiguration'],
  analytics: ['BucketAnalyticsConfiguration'],
  'intelligent-tiering': ['BucketIntelligentTieringConfiguration'],
  inventory: ['BucketInventoryConfiguration'],
  'legal-hold': ['ObjectLegalHold', 'ObjectLegalHold'],
  logging: ['BucketLogging'],
  metadataConfiguration: ['BucketMetadataConfiguration'],
  metadataTable: ['BucketMetadataTableConfiguration'],
  metrics: ['BucketMetricsConfiguration'],
  notification: ['BucketNotificationConfiguration'],
  'object-lock': ['ObjectLockConfiguration'],
  replication: ['BucketReplication'],
  requestPayment: ['BucketRequestPayment'],
  retention: ['ObjectRetention', 'ObjectRetention'],
  website: ['BucketWebsite'],
};

/** Subresources whose one operation has a name of its own. */
const WHOLE: Readonly<Record<string, string>> = {
  metadataInventoryTable: 'UpdateBucketMetadataInventoryTableConfiguration',
  metadataJournalTable: 'UpdateBucketMetadataJournalTableConfiguration',
  renameObject: 'RenameObject',
  restore: 'RestoreObject',
  select: 'SelectObjectContent',
  session: 'CreateSession',
  torrent: 'GetObjectTorrent',
};

/** Configurations that are listed (GET without `id`) by a List... operation. */
const LISTED = new Set(['analytics', 'intelligent-tiering', 'inventory', 'metrics']);

// S3 Metadata's configurations are made by POST: CreateBucketMetadata(Table)Configuration.
const VERBS: Readonly<Record<string, string>> = {
  GET: 'Get',
  HEAD: 'Get',
  PUT: 'Put',
  DELETE: 'Delete',
  POST: 'Create',
};

export const UNSUPPORTED_SUBRESOURCES = [...Object.keys(NOUNS), ...Object.keys(WHOLE)];

/** The S3 operation a request for an unimplemented subresource is. */
export function unsupportedOperationName(
  subresource: string,
  method: string,
  query: Readonly<Record<string, string>>,
  onObject: boolean,
): string {
  const whole = WHOLE[subresource];
  if (whole) return whole;
  const [bucketNoun, objectNoun] = NOUNS[subresource] ?? [subresource];
  const noun = onObject && objectNoun ? objectNoun : bucketNoun;
  if (method === 'GET' && LISTED.has(subresource) && query.id === undefined)
    return `List${noun.replace(/Configuration$/, 'Configurations')}`;
  return `${VERBS[method] ?? method}${noun}`;
}
