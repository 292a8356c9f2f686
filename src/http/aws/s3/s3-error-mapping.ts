// Maps typed errors (STORAGE_*, S3_*) and Fastify's own errors to S3's error codes and HTTP statuses.
import type { FastifyError } from 'fastify';
import { type ErrorKind, isSconesError, type SconesError } from '../../../kernel/errors.js';
import { IAM_ERROR_CODES as IAM } from '../../../modules/iam/index.js';
import { MAX_KEY_BYTES, STORAGE_ERROR_CODES as STORAGE } from '../../../modules/storage/index.js';
import { s3AuthError } from '../../auth/iam-wire-errors.js';
import { S3_ERROR_CODES as S3 } from './s3-errors.js';

export interface S3WireError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** Extra elements S3 adds to some errors, e.g. ActualObjectSize for InvalidRange. */
  readonly fields?: Readonly<Record<string, string>>;
  /** Response headers S3 sends with the error, e.g. x-amz-delete-marker for a key whose latest version is one. */
  readonly headers?: Readonly<Record<string, string>>;
}

const BY_CODE: Readonly<Record<string, readonly [status: number, code: string]>> = {
  [STORAGE.INVALID_BUCKET_NAME]: [400, 'InvalidBucketName'],
  [STORAGE.INVALID_KEY]: [400, 'InvalidArgument'],
  [STORAGE.INVALID_ARGUMENT]: [400, 'InvalidArgument'],
  [STORAGE.INVALID_TOKEN]: [400, 'InvalidArgument'],
  [STORAGE.METADATA_TOO_LARGE]: [400, 'MetadataTooLarge'],
  [STORAGE.NO_SUCH_BUCKET]: [404, 'NoSuchBucket'],
  [STORAGE.NO_SUCH_KEY]: [404, 'NoSuchKey'],
  // CreateBucket tells the caller's own buckets (BUCKET_OWNED_BY_YOU) from others' before this mapping.
  [STORAGE.BUCKET_EXISTS]: [409, 'BucketAlreadyExists'],
  [STORAGE.BUCKET_NOT_EMPTY]: [409, 'BucketNotEmpty'],
  [STORAGE.INVALID_RANGE]: [416, 'InvalidRange'],
  [STORAGE.ENTITY_TOO_LARGE]: [400, 'EntityTooLarge'],
  [STORAGE.INVALID_TAG]: [400, 'InvalidTag'],
  [STORAGE.NO_SUCH_TAG_SET]: [404, 'NoSuchTagSet'],
  [STORAGE.NO_SUCH_VERSION]: [404, 'NoSuchVersion'],
  [STORAGE.VERSION_IS_DELETE_MARKER]: [405, 'MethodNotAllowed'],
  [STORAGE.NO_SUCH_LIFECYCLE_CONFIGURATION]: [404, 'NoSuchLifecycleConfiguration'],
  [STORAGE.ENCRYPTION_KEY_REQUIRED]: [400, 'InvalidRequest'],
  [STORAGE.ENCRYPTION_KEY_MISMATCH]: [403, 'AccessDenied'],
  [STORAGE.ENCRYPTION_NOT_APPLICABLE]: [400, 'InvalidRequest'],
  [STORAGE.NO_SUCH_UPLOAD]: [404, 'NoSuchUpload'],
  [STORAGE.INVALID_PART]: [400, 'InvalidPart'],
  [STORAGE.INVALID_PART_ORDER]: [400, 'InvalidPartOrder'],
  [STORAGE.ENTITY_TOO_SMALL]: [400, 'EntityTooSmall'],
  [STORAGE.NO_ENCRYPTION_CONFIGURATION]: [404, 'ServerSideEncryptionConfigurationNotFoundError'],
  [S3.MALFORMED_XML]: [400, 'MalformedXML'],
  [S3.INVALID_ARGUMENT]: [400, 'InvalidArgument'],
  [S3.INVALID_REQUEST]: [400, 'InvalidRequest'],
  [S3.INVALID_DIGEST]: [400, 'InvalidDigest'],
  [S3.BAD_DIGEST]: [400, 'BadDigest'],
  [S3.CONTENT_SHA256_MISMATCH]: [400, 'XAmzContentSHA256Mismatch'],
  [S3.INCOMPLETE_BODY]: [400, 'IncompleteBody'],
  [S3.INVALID_CHUNK]: [400, 'InvalidRequest'],
  [S3.NOT_IMPLEMENTED]: [501, 'NotImplemented'],
  [S3.METHOD_NOT_ALLOWED]: [405, 'MethodNotAllowed'],
  [S3.ENTITY_TOO_SMALL]: [400, 'EntityTooSmall'],
  [S3.ACCESS_DENIED]: [403, 'AccessDenied'],
  [S3.BUCKET_TAKEN]: [409, 'BucketAlreadyExists'],
  [S3.BUCKET_OWNED_BY_YOU]: [409, 'BucketAlreadyOwnedByYou'],
  [S3.PRECONDITION_FAILED]: [412, 'PreconditionFailed'],
  [S3.CONDITIONAL_REQUEST_CONFLICT]: [409, 'ConditionalRequestConflict'],
  [S3.KEY_TOO_LONG]: [400, 'KeyTooLongError'],
  [S3.MISSING_CONTENT_LENGTH]: [411, 'MissingContentLength'],
  [S3.INVALID_PART_NUMBER]: [416, 'InvalidPartNumber'],
  [S3.INVALID_ENCRYPTION_ALGORITHM]: [400, 'InvalidEncryptionAlgorithmError'],
  [S3.MALFORMED_POLICY]: [400, 'MalformedPolicy'],
  [S3.POLICY_TOO_LARGE]: [400, 'PolicyTooLarge'],
  [S3.NO_SUCH_BUCKET_POLICY]: [404, 'NoSuchBucketPolicy'],
  [S3.NO_SUCH_PUBLIC_ACCESS_BLOCK]: [404, 'NoSuchPublicAccessBlockConfiguration'],
  [S3.NO_SUCH_OWNERSHIP_CONTROLS]: [404, 'OwnershipControlsNotFoundError'],
  [S3.NO_SUCH_CORS]: [404, 'NoSuchCORSConfiguration'],
  [S3.ACL_NOT_SUPPORTED]: [400, 'AccessControlListNotSupported'],
  [S3.INVALID_BUCKET_ACL_WITH_OWNERSHIP]: [400, 'InvalidBucketAclWithObjectOwnership'],
  [S3.CORS_FORBIDDEN]: [403, 'AccessForbidden'],
  [S3.MALFORMED_POST]: [400, 'MalformedPOSTRequest'],
  [S3.ENTITY_TOO_LARGE]: [400, 'EntityTooLarge'],
};

/** For codes of other modules: the closest S3 error for their kind. */
const BY_KIND: Readonly<Record<ErrorKind, readonly [number, string]>> = {
  invalid: [400, 'InvalidArgument'],
  unauthorized: [403, 'AccessDenied'],
  forbidden: [403, 'AccessDenied'],
  not_found: [404, 'NotFound'],
  conflict: [409, 'OperationAborted'],
  too_large: [400, 'EntityTooLarge'],
  internal: [500, 'InternalError'],
  unavailable: [503, 'ServiceUnavailable'],
  timeout: [400, 'RequestTimeout'],
};

const INTERNAL: S3WireError = {
  status: 500,
  code: 'InternalError',
  message: 'We encountered an internal error. Please try again.',
};

export function toS3WireError(error: unknown): S3WireError {
  if (isSconesError(error)) return fromSconesError(error);
  const fastifyError = error as Partial<FastifyError>;
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500) {
    return { status: 400, code: 'InvalidRequest', message: fastifyError.message ?? 'invalid request' };
  }
  return INTERNAL;
}

function fromSconesError(error: SconesError): S3WireError {
  const auth = s3AuthError(error);
  if (auth) {
    const fields = signatureFields(error) ?? regionFields(error);
    return { ...auth, ...(fields ? { fields } : {}) };
  }
  const [status, code] = keyTooLong(error)
    ? [400, 'KeyTooLongError']
    : (BY_CODE[error.code] ?? BY_KIND[error.kind]);
  if (code === INTERNAL.code) return INTERNAL;
  const fields = extraFields(error);
  const headers = versionHeaders(error);
  return {
    status,
    code,
    message: error.message,
    ...(fields ? { fields } : {}),
    ...(headers ? { headers } : {}),
  };
}

/** A delete marker in the way: S3 says so in headers (HEAD answers have no body). */
function versionHeaders(error: SconesError): Record<string, string> | undefined {
  const { deleteMarker, versionId } = error.details;
  if (deleteMarker !== true) return undefined;
  return {
    'x-amz-delete-marker': 'true',
    ...(typeof versionId === 'string' ? { 'x-amz-version-id': versionId } : {}),
  };
}

function keyTooLong(error: SconesError): boolean {
  const key = error.details.key;
  return (
    error.code === STORAGE.INVALID_KEY && typeof key === 'string' && Buffer.byteLength(key) > MAX_KEY_BYTES
  );
}

function extraFields(error: SconesError): Record<string, string> | undefined {
  const { details } = error;
  const fields: Record<string, string> = {};
  if (typeof details.bucket === 'string') fields.BucketName = details.bucket;
  if (typeof details.key === 'string' && error.code === STORAGE.NO_SUCH_KEY) fields.Key = details.key;
  if (error.code === STORAGE.NO_SUCH_VERSION || error.code === STORAGE.VERSION_IS_DELETE_MARKER) {
    if (typeof details.key === 'string') fields.Key = details.key;
    if (typeof details.versionId === 'string') fields.VersionId = details.versionId;
  }
  if (error.code === STORAGE.INVALID_RANGE && typeof details.size === 'number')
    fields.ActualObjectSize = String(details.size);
  if (typeof details.uploadId === 'string') fields.UploadId = details.uploadId;
  // A refused CORS preflight names the method and whether a bucket or an object was asked about.
  if (typeof details.method === 'string') fields.Method = details.method;
  if (typeof details.resourceType === 'string') fields.ResourceType = details.resourceType;
  return Object.keys(fields).length > 0 ? fields : undefined;
}

/** A credential scoped to another region: S3 says which region it expected. */
function regionFields(error: SconesError): Record<string, string> | undefined {
  const expected = error.details.expected;
  return error.code === IAM.WRONG_REGION && typeof expected === 'string' ? { Region: expected } : undefined;
}

/** SignatureDoesNotMatch carries what the server signed, to help clients debug (never a secret). */
function signatureFields(error: SconesError): Record<string, string> | undefined {
  const { canonicalRequest, stringToSign, accessKeyId } = error.details;
  if (typeof canonicalRequest !== 'string' || typeof stringToSign !== 'string') return undefined;
  return {
    ...(typeof accessKeyId === 'string' ? { AWSAccessKeyId: accessKeyId } : {}),
    StringToSign: stringToSign,
    CanonicalRequest: canonicalRequest,
  };
}
