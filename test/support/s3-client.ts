// The official S3 client as the tests point it at a Scones server: path-style (no virtual-hosted buckets on
// localhost), one attempt (a retry would hide the first answer), any key when auth is off.
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

export const ANY_KEY = { accessKeyId: 'AKIDSCONESTEST', secretAccessKey: 'any-secret' };

export function s3ClientOf(
  url: string,
  credentials: { accessKeyId: string; secretAccessKey: string } = ANY_KEY,
  config: S3ClientConfig = {},
): S3Client {
  return new S3Client({
    endpoint: url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    maxAttempts: 1,
    ...config,
  });
}
