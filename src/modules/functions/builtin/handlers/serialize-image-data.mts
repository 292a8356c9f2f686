// Built-in function serializeImageData: `{s3_bucket, s3_key}` -> the object read through the S3 API,
// base64-encoded in the pipeline body with empty inferences.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { isObject, namedError, requireString } from './pipeline-event.mjs';

let client: S3Client | undefined;

export async function handler(event: unknown) {
  if (!isObject(event)) throw namedError('InvalidEvent', 'the event must be a JSON object');
  const bucket = requireString(event, 's3_bucket', 'event');
  const key = requireString(event, 's3_key', 'event');
  // Against Scones (AWS_ENDPOINT_URL set) buckets are addressed by path: no wildcard DNS is needed.
  client ??= new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL) });
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!object.Body) throw namedError('EmptyObject', `s3://${bucket}/${key} has no body`);
  const bytes = await object.Body.transformToByteArray();
  return {
    statusCode: 200,
    body: {
      image_data: Buffer.from(bytes).toString('base64'),
      s3_bucket: bucket,
      s3_key: key,
      inferences: [],
    },
  };
}
