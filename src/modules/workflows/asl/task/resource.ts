// Recognises Task `Resource` ARNs and says which integration (and pattern) each one means.

export type IntegrationPattern = 'request' | 'sync' | 'sync2' | 'waitForTaskToken';

export type TaskResource =
  /** `arn:aws:states:::lambda:invoke`: result wrapped as {ExecutedVersion, Payload, StatusCode, ...}. */
  | { readonly kind: 'lambda-invoke'; readonly pattern: IntegrationPattern }
  /** `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`: raw function output. */
  | { readonly kind: 'lambda-function'; readonly functionName: string; readonly qualifier?: string }
  | { readonly kind: 'start-execution'; readonly pattern: IntegrationPattern }
  | { readonly kind: 'invoke-endpoint' }
  | { readonly kind: 's3-get-object' }
  | { readonly kind: 's3-put-object' }
  | { readonly kind: 'activity'; readonly arn: string }
  /** Any other well-formed service integration; the dispatcher decides whether it can run it. */
  | {
      readonly kind: 'service';
      readonly service: string;
      readonly action: string;
      readonly pattern: IntegrationPattern;
    };

const FUNCTION_ARN =
  /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,140})(?::([A-Za-z0-9$_-]+))?$/;
const SERVICE_ARN =
  /^arn:aws[a-z-]*:states:::([A-Za-z0-9-]+(?::[A-Za-z0-9-]+)?):([A-Za-z0-9]+)(\.sync(?::2)?|\.waitForTaskToken)?$/;
const ACTIVITY_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:activity:[A-Za-z0-9_.-]+$/;

/** Results by Resource text: a definition names few resources, and each is parsed on every task. */
const parsed = new Map<string, TaskResource | null>();
const named = new Map<string, HistoryResource>();
const regions = new Map<string, string>();
const functions = new Map<string, FunctionTarget | null>();
const MEMO_LIMIT = 10_000;

/** Memoised results are shared by every caller, so they are frozen. */
function memo<T>(cache: Map<string, T>, key: string, compute: (key: string) => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = Object.freeze(compute(key));
    if (cache.size >= MEMO_LIMIT) cache.clear();
    cache.set(key, value);
  }
  return value;
}

/** Parses a Resource; undefined when it is not an ARN Step Functions would accept. */
export function parseResource(resource: string): TaskResource | undefined {
  return memo(parsed, resource, parseUncached) ?? undefined;
}

function parseUncached(resource: string): TaskResource | null {
  const fn = FUNCTION_ARN.exec(resource);
  if (fn) {
    const name = `arn:aws:lambda:${fn[1]}:${fn[2]}:function:${fn[3]}`;
    return fn[4] === undefined
      ? { kind: 'lambda-function', functionName: name }
      : { kind: 'lambda-function', functionName: name, qualifier: fn[4] };
  }
  if (ACTIVITY_ARN.test(resource)) return { kind: 'activity', arn: resource };
  const service = SERVICE_ARN.exec(resource);
  if (!service) return null;
  const [, api = '', action = '', suffix] = service;
  const pattern: IntegrationPattern =
    suffix === '.sync'
      ? 'sync'
      : suffix === '.sync:2'
        ? 'sync2'
        : suffix === '.waitForTaskToken'
          ? 'waitForTaskToken'
          : 'request';
  if (api === 'lambda' && action === 'invoke') return { kind: 'lambda-invoke', pattern };
  if (api === 'states' && action === 'startExecution') return { kind: 'start-execution', pattern };
  if (api === 'aws-sdk:sagemakerruntime' && action === 'invokeEndpoint' && pattern === 'request') {
    return { kind: 'invoke-endpoint' };
  }
  if ((api === 'aws-sdk:s3' || api === 's3') && pattern === 'request') {
    if (action === 'getObject') return { kind: 's3-get-object' };
    if (action === 'putObject') return { kind: 's3-put-object' };
  }
  return { kind: 'service', service: api, action, pattern };
}

/** The `resourceType`/`resource` pair AWS writes into Task* history events (`lambda`/`invoke`). */
export interface HistoryResource {
  readonly resourceType: string;
  readonly resource: string;
}

export function historyResource(resource: string): HistoryResource {
  return memo(named, resource, historyResourceUncached);
}

function historyResourceUncached(resource: string): HistoryResource {
  const match = /^arn:aws[a-z-]*:states:::(?:aws-sdk:)?([A-Za-z0-9-]+):(.+)$/.exec(resource);
  if (match) return { resourceType: match[1] as string, resource: match[2] as string };
  return { resourceType: 'lambda', resource };
}

/** The region of a Resource ARN, as TaskScheduled reports it (us-east-1 when the ARN names none). */
export function resourceRegion(resource: string): string {
  return memo(
    regions,
    resource,
    (arn) => /^arn:aws[a-z-]*:[a-z-]+:([a-z0-9-]*):/.exec(arn)?.[1] || 'us-east-1',
  );
}

/**
 * Splits a Lambda FunctionName (name, name:alias, partial or full ARN) into name and qualifier.
 * Returns undefined when the value cannot name a function.
 */
export function parseFunctionName(value: string): FunctionTarget | undefined {
  return memo(functions, value, parseFunctionNameUncached) ?? undefined;
}

export interface FunctionTarget {
  readonly functionName: string;
  readonly qualifier?: string;
}

function parseFunctionNameUncached(value: string): FunctionTarget | null {
  const full =
    /^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,140})(?::([A-Za-z0-9$_-]+))?$/.exec(
      value,
    );
  const partial = /^((?:\d{12}:function:)?[A-Za-z0-9_-]{1,140})(?::([A-Za-z0-9$_-]+))?$/.exec(value);
  const match = full ?? partial;
  if (!match) return null;
  const functionName = match[1] as string;
  return match[2] === undefined ? { functionName } : { functionName, qualifier: match[2] };
}
