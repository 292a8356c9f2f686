// The environment a guest starts with: Lambda's standard variables, the function's own, and the host's
// AWS settings so SDK calls made by handlers come back to Scones.
import path from 'node:path';
import type { FunctionVersion } from '../model.js';
import { BARRIER_ENV } from '../protocol.js';

/** What the host passes through so handlers' AWS SDK calls reach Scones. */
export interface GuestAwsSettings {
  readonly region: string;
  readonly endpointUrl?: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly sessionToken?: string;
}

/** Credentials one guest signs with, e.g. temporary ones of the function's execution role. */
export interface GuestCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** Epoch ms after which they stop working; the guest is retired before then. */
  readonly expiration?: number;
}

/** Called once per new guest; its rejection fails the invocation that needed the guest. */
export type GuestCredentialsProvider = (fn: FunctionVersion) => Promise<GuestCredentials>;

export interface GuestEnvironmentInput {
  readonly fn: FunctionVersion;
  readonly taskRoot: string;
  readonly runtimeDir: string;
  readonly executionEnv: string;
  readonly logStream: string;
  readonly aws: GuestAwsSettings;
  /** The guest's /tmp as it sees it. */
  readonly tmpDir: string;
  readonly barrier: string;
  /** The layer folders as the guest sees them (`/opt` in the sandbox); the configured folders by default. */
  readonly layers?: readonly string[];
  /** PATH inside the guest; the host's by default. */
  readonly path?: string;
}

export function guestEnvironment(input: GuestEnvironmentInput): Record<string, string> {
  const { fn, aws } = input;
  const config = fn.config;
  const base: Record<string, string> = {
    PATH: input.path ?? process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    // HOME points at the sandbox so SDKs do not read the host's ~/.aws.
    HOME: input.tmpDir,
    TMPDIR: input.tmpDir,
    ...(process.env.LD_LIBRARY_PATH ? { LD_LIBRARY_PATH: process.env.LD_LIBRARY_PATH } : {}),
    ...(aws.endpointUrl ? { AWS_ENDPOINT_URL: aws.endpointUrl } : {}),
    ...languageVariables(fn, input.layers ?? fn.config.layers ?? []),
  };
  const reserved: Record<string, string> = {
    _HANDLER: config.handler,
    AWS_REGION: aws.region,
    AWS_DEFAULT_REGION: aws.region,
    AWS_EXECUTION_ENV: input.executionEnv,
    AWS_LAMBDA_FUNCTION_NAME: config.name,
    AWS_LAMBDA_FUNCTION_VERSION: fn.version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.memoryMb),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${config.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: input.logStream,
    LAMBDA_TASK_ROOT: input.taskRoot,
    LAMBDA_RUNTIME_DIR: input.runtimeDir,
    ...(aws.accessKeyId ? { AWS_ACCESS_KEY_ID: aws.accessKeyId } : {}),
    ...(aws.secretAccessKey ? { AWS_SECRET_ACCESS_KEY: aws.secretAccessKey } : {}),
    ...(aws.sessionToken ? { AWS_SESSION_TOKEN: aws.sessionToken } : {}),
    [BARRIER_ENV]: input.barrier,
  };
  return { ...base, ...config.environment, ...reserved };
}

function languageVariables(fn: FunctionVersion, layers: readonly string[]): Record<string, string> {
  if (fn.config.runtime === 'python') {
    const paths = layers.flatMap((layer) => [path.join(layer, 'python'), layer]);
    // Bytecode is not written: task roots are read-only in the sandbox, as /var/task is on Lambda.
    return {
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONUNBUFFERED: '1',
      SCONES_LAYER_PATHS: paths.join(path.delimiter),
    };
  }
  const nodePaths = layers.flatMap((layer) => [
    path.join(layer, 'nodejs', `node${process.versions.node.split('.')[0]}`, 'node_modules'),
    path.join(layer, 'nodejs', 'node_modules'),
  ]);
  return nodePaths.length > 0 ? { NODE_PATH: nodePaths.join(path.delimiter) } : {};
}
