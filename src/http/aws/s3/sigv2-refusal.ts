// SigV2 (`Authorization: AWS key:signature`, or a presigned URL with AWSAccessKeyId and Signature) is refused the
// way S3 refuses it in every region opened since 2014 and everywhere for new accounts: 400 InvalidRequest, before
// authentication, with or without auth (never served unauthenticated because the scheme is unknown).
import type { AwsSignature } from '../sigv4.js';
import { s3Error } from './s3-errors.js';

export function refuseSigV2(signature: AwsSignature, rawQuery: string): void {
  const query = new URLSearchParams(rawQuery);
  const presignedV2 = query.has('AWSAccessKeyId') && query.has('Signature');
  if (signature.kind === 'sigv2' || (signature.kind === 'unsigned' && presignedV2))
    throw s3Error(
      'INVALID_REQUEST',
      'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    );
}
