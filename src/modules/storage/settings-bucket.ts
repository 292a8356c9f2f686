// The bucket Scones keeps bucket-level settings in (default encryption, policy, public access block, ownership,
// ACLs, CORS): held back from clients like the multipart staging bucket, since bucket names are global in S3.
export const SETTINGS_BUCKET = 'scones-bucket-settings';

// The bucket Scones keeps its own objects in (function code and layers, the dataset download cache): every node of a
// scale-out reads them from the store, never from one node's disk. Held back from clients like the settings bucket.
export const INTERNAL_BUCKET = 'scones-internal';
