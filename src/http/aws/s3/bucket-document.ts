// The Put/Get/Delete operations of an XML document kept per bucket (public access block, ownership controls, CORS):
// the same three steps for each, only the setting, its size limit, parser, reader and XML differ.
import type { BucketInfo, BucketSetting } from '../../../modules/storage/index.js';
import type { BucketConfig } from './bucket-config.js';
import { readRequestBody } from './request-body.js';
import { type S3Call, sendXml } from './s3-call.js';
import { readSmallBody } from './xml-reader.js';

export interface BucketDocument<T> {
  readonly setting: BucketSetting;
  readonly maxBodyBytes: number;
  parse(body: Buffer): T;
  read(config: BucketConfig, bucket: BucketInfo): Promise<T | undefined>;
  toXml(value: T): string;
  /** The error S3 answers a Get with when the bucket has none. */
  missing(bucket: string): Error;
}

export function putDocument<T>(document: BucketDocument<T>) {
  return async (call: S3Call) => {
    const bucket = await call.services.store.headBucket(call.bucket);
    const body = await readSmallBody(readRequestBody(call.request.raw).chunks, document.maxBodyBytes);
    await call.services.config.settings.put(bucket, document.setting, document.parse(body));
    return call.reply.status(200).send();
  };
}

export function getDocument<T>(document: BucketDocument<T>) {
  return async (call: S3Call) => {
    const bucket = await call.services.store.headBucket(call.bucket);
    const value = await document.read(call.services.config, bucket);
    if (!value) throw document.missing(call.bucket);
    return sendXml(call.reply, document.toXml(value));
  };
}

/** 204 whether or not the bucket had the document, as S3 answers. */
export function deleteDocument(setting: BucketSetting) {
  return async (call: S3Call) => {
    const bucket = await call.services.store.headBucket(call.bucket);
    await call.services.config.settings.delete(bucket, setting);
    return call.reply.status(204).send();
  };
}
