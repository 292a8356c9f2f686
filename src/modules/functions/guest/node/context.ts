// The `context` object a Node.js handler receives, with the fields and methods Lambda gives it.
import type { InvokeMessage } from '../../protocol.js';

export type HandlerCallback = (error?: unknown, result?: unknown) => void;

export interface LambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly identity: undefined;
  readonly clientContext: unknown;
  getRemainingTimeInMillis(): number;
  done: HandlerCallback;
  succeed(result?: unknown): void;
  fail(error?: unknown): void;
}

export function createContext(message: InvokeMessage, callback: HandlerCallback): LambdaContext {
  const env = process.env;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME ?? '',
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION ?? '',
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '',
    awsRequestId: message.requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME ?? '',
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME ?? '',
    identity: undefined,
    clientContext: decodeClientContext(message.clientContext),
    getRemainingTimeInMillis: () => Math.max(0, message.deadlineMs - Date.now()),
    done: callback,
    succeed: (result) => callback(null, result),
    fail: (error) => callback(error ?? 'handled'),
  };
}

function decodeClientContext(encoded: string | undefined): unknown {
  if (encoded === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
}
