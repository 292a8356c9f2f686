// The bucket Scones keeps bucket-level settings in (default encryption, policy, public access block, ownership,
// ACLs, CORS): held back from clients like the multipart staging bucket, since bucket names are global in S3.
export const SETTINGS_BUCKET = 'scones-bucket-settings';
