// SageMaker runtime's error shapes: the `x-amzn-ErrorType` header and JSON body the AWS SDKs and boto3 parse.
//
// Problems with the payload itself are the model container's to judge on AWS, which reports them as ModelError
// (424) carrying the container's status (415 for a content type, 400 for an image); problems with the call
// (endpoint, variant, inference id, size) are ValidationError; overload is ServiceUnavailable with Retry-After.
import { isSconesError, type SconesError } from '../../../kernel/errors.js';
import { INFERENCE_ERROR_CODES as CODES } from '../../../modules/inference/index.js';
import { jsonAuthError } from '../../auth/iam-wire-errors.js';

export interface AwsErrorReply {
  readonly status: number;
  readonly type: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
}

const VALIDATION = new Set<string>([
  CODES.NO_SUCH_ENDPOINT,
  CODES.INVALID_ENDPOINT_NAME,
  CODES.NO_SUCH_VARIANT,
  CODES.INVALID_INFERENCE_ID,
  CODES.NOT_READY,
]);

/** Container status codes of the payload problems AWS reports as ModelError. */
const MODEL_STATUS: Readonly<Record<string, number>> = {
  [CODES.UNSUPPORTED_CONTENT_TYPE]: 415,
  [CODES.EMPTY_BODY]: 400,
  [CODES.INVALID_IMAGE]: 400,
  [CODES.IMAGE_TOO_LARGE]: 400,
  [CODES.MODEL_FAILED]: 500,
};

const UNAVAILABLE = new Set<string>([CODES.OVERLOADED, CODES.CLOSED]);
/** Fastify's own refusal of a body over the route's limit. */
const FASTIFY_TOO_LARGE = 'FST_ERR_CTP_BODY_TOO_LARGE';

export function sagemakerError(error: unknown, endpoint: string | undefined): AwsErrorReply {
  const auth = jsonAuthError(error);
  if (auth) return plain(auth.status, auth.code, auth.message);
  const code = isSconesError(error) ? error.code : (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === CODES.PAYLOAD_TOO_LARGE || code === FASTIFY_TOO_LARGE)
    return plain(413, 'ValidationError', message);
  if (code && VALIDATION.has(code)) return plain(400, 'ValidationError', message);
  if (code && UNAVAILABLE.has(code))
    return { ...plain(503, 'ServiceUnavailable', message), headers: { 'retry-after': '1' } };
  const original = code ? MODEL_STATUS[code] : undefined;
  if (original !== undefined && isSconesError(error)) return modelError(error, original, endpoint);
  return plain(500, 'InternalFailure', 'An internal error occurred; see the server log.');
}

function plain(status: number, type: string, message: string): AwsErrorReply {
  return { status, type, body: { message }, headers: {} };
}

function modelError(error: SconesError, originalStatus: number, endpoint: string | undefined): AwsErrorReply {
  const side = originalStatus < 500 ? 'client' : 'server';
  const group = `/aws/sagemaker/Endpoints/${endpoint ?? 'unknown'}`;
  return {
    status: 424,
    type: 'ModelError',
    body: {
      ErrorCode: `${side.toUpperCase()}_ERROR_FROM_MODEL`,
      LogStreamArn: `arn:aws:logs:us-east-1:000000000000:log-group:${group}`,
      Message: `Received ${side} error (${originalStatus}) from primary with message "${error.message}". See the Scones server log (${group}) for more information.`,
      OriginalMessage: error.message,
      OriginalStatusCode: originalStatus,
    },
    headers: {},
  };
}
