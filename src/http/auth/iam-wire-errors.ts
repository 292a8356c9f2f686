// IAM's authentication and authorization errors in the wire shapes of S3 (XML) and the AWS JSON protocols.
import { isSconesError } from '../../kernel/errors.js';
import { IAM_ERROR_CODES as IAM } from '../../modules/iam/index.js';

export interface AwsAuthError {
  readonly status: number;
  /** S3's `<Code>` or the JSON protocols' `__type` / `x-amzn-ErrorType`. */
  readonly code: string;
  readonly message: string;
}

type Table = Readonly<Record<string, readonly [status: number, code: string]>>;

const S3: Table = {
  [IAM.MISSING_AUTHENTICATION]: [403, 'AccessDenied'],
  [IAM.MALFORMED_AUTHORIZATION]: [400, 'AuthorizationHeaderMalformed'],
  [IAM.UNSUPPORTED_ALGORITHM]: [400, 'AuthorizationHeaderMalformed'],
  [IAM.HEADERS_NOT_SIGNED]: [403, 'AccessDenied'],
  [IAM.WRONG_REGION]: [400, 'AuthorizationHeaderMalformed'],
  [IAM.INVALID_ACCESS_KEY_ID]: [403, 'InvalidAccessKeyId'],
  [IAM.INACTIVE_ACCESS_KEY]: [403, 'InvalidAccessKeyId'],
  [IAM.SIGNATURE_MISMATCH]: [403, 'SignatureDoesNotMatch'],
  [IAM.REQUEST_TIME_SKEWED]: [403, 'RequestTimeTooSkewed'],
  [IAM.REQUEST_EXPIRED]: [403, 'AccessDenied'],
  [IAM.EXPIRED_TOKEN]: [400, 'ExpiredToken'],
  [IAM.INVALID_TOKEN]: [400, 'InvalidToken'],
  [IAM.CONTENT_SHA256_MISMATCH]: [400, 'XAmzContentSHA256Mismatch'],
  [IAM.INVALID_CONTENT_SHA256]: [400, 'InvalidArgument'],
  // S3 itself requires the header on header-signed requests with a body.
  [IAM.PAYLOAD_HASH_REQUIRED]: [400, 'InvalidRequest'],
  [IAM.ACCESS_DENIED]: [403, 'AccessDenied'],
  [IAM.ASSUME_ROLE_DENIED]: [403, 'AccessDenied'],
};

const JSON_PROTOCOLS: Table = {
  [IAM.MISSING_AUTHENTICATION]: [403, 'MissingAuthenticationToken'],
  [IAM.MALFORMED_AUTHORIZATION]: [400, 'IncompleteSignature'],
  [IAM.UNSUPPORTED_ALGORITHM]: [400, 'IncompleteSignature'],
  [IAM.HEADERS_NOT_SIGNED]: [400, 'IncompleteSignature'],
  [IAM.WRONG_REGION]: [403, 'InvalidSignatureException'],
  [IAM.INVALID_ACCESS_KEY_ID]: [403, 'UnrecognizedClientException'],
  [IAM.INACTIVE_ACCESS_KEY]: [403, 'UnrecognizedClientException'],
  [IAM.SIGNATURE_MISMATCH]: [403, 'InvalidSignatureException'],
  [IAM.REQUEST_TIME_SKEWED]: [403, 'InvalidSignatureException'],
  [IAM.REQUEST_EXPIRED]: [403, 'InvalidSignatureException'],
  [IAM.EXPIRED_TOKEN]: [403, 'ExpiredTokenException'],
  [IAM.INVALID_TOKEN]: [403, 'UnrecognizedClientException'],
  [IAM.CONTENT_SHA256_MISMATCH]: [400, 'InvalidSignatureException'],
  [IAM.INVALID_CONTENT_SHA256]: [400, 'InvalidSignatureException'],
  [IAM.PAYLOAD_HASH_REQUIRED]: [400, 'IncompleteSignature'],
  [IAM.ACCESS_DENIED]: [403, 'AccessDeniedException'],
  [IAM.ASSUME_ROLE_DENIED]: [403, 'AccessDeniedException'],
};

/** The S3 error for an IAM error, or undefined for any other error. */
export function s3AuthError(error: unknown): AwsAuthError | undefined {
  return s3WrongRegion(error) ?? lookup(S3, error);
}

/** S3 names the region it expected, in the words of the form that carried the credential. */
function s3WrongRegion(error: unknown): AwsAuthError | undefined {
  if (!isSconesError(error) || error.code !== IAM.WRONG_REGION) return undefined;
  const { region, expected, form } = error.details;
  const wrong = `the region '${String(region)}' is wrong; expecting '${String(expected)}'`;
  return form === 'presigned'
    ? {
        status: 400,
        code: 'AuthorizationQueryParametersError',
        message: `Error parsing the X-Amz-Credential parameter; ${wrong}`,
      }
    : {
        status: 400,
        code: 'AuthorizationHeaderMalformed',
        message: `The authorization header is malformed; ${wrong}`,
      };
}

/** The Lambda / Step Functions / SageMaker error for an IAM error, or undefined for any other error. */
export function jsonAuthError(error: unknown): AwsAuthError | undefined {
  return lookup(JSON_PROTOCOLS, error);
}

function lookup(table: Table, error: unknown): AwsAuthError | undefined {
  if (!isSconesError(error)) return undefined;
  const shape = table[error.code];
  if (shape === undefined) return undefined;
  const message = error.code === IAM.MISSING_AUTHENTICATION ? 'Missing Authentication Token' : error.message;
  return { status: shape[0], code: shape[1], message };
}
