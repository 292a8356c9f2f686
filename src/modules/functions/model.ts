// What a function is: its configuration, the immutable version the host runs, and their rules.
import { functionsError } from './errors.js';

export type RuntimeLanguage = 'nodejs' | 'python';

export const DEFAULT_TIMEOUT_SECONDS = 3;
export const MAX_TIMEOUT_SECONDS = 900;
export const DEFAULT_MEMORY_MB = 128;
export const MIN_MEMORY_MB = 128;
export const MAX_MEMORY_MB = 10_240;
export const LATEST_VERSION = '$LATEST';

/** Variables the platform sets; a function may not define them (Lambda rejects them too). */
export const RESERVED_ENVIRONMENT_KEYS: ReadonlySet<string> = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_LAMBDA_RUNTIME_API',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

export interface FunctionConfig {
  readonly name: string;
  readonly runtime: RuntimeLanguage;
  /** `file.export` (Node) or `module.function` (Python), as Lambda writes it; may include folders. */
  readonly handler: string;
  /** Seconds; fractions are allowed (tests use 0.5). */
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly environment: Readonly<Record<string, string>>;
  /** Maximum concurrent executions of this function; undefined means unreserved. */
  readonly reservedConcurrency?: number;
  /** Execution role name, carried for the caller (credentials are the host's). */
  readonly role?: string;
  /** Layer folders: `<layer>/python` and `<layer>/nodejs/node_modules` join the module search path. */
  readonly layers?: readonly string[];
  /** The function's Lambda layers merged in order (one of `layers`): the sandbox shows it at /opt. */
  readonly opt?: string;
}

export type FunctionConfigInput = Pick<FunctionConfig, 'name' | 'runtime' | 'handler'> &
  Partial<Omit<FunctionConfig, 'name' | 'runtime' | 'handler'>>;

/** One immutable version the host runs; its pools are keyed by `name`, `version` and `revision`. */
export interface FunctionVersion {
  readonly config: FunctionConfig;
  /** `$LATEST` or a published number. */
  readonly version: string;
  /** A folder (the task root), or a single file whose folder becomes the task root. */
  readonly codePath: string;
  /** Changes whenever the code or configuration behind this version changes (e.g. CodeSha256 + config hash). */
  readonly revision: string;
}

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const HANDLER = /^[^\s]{1,128}$/;
const ENV_KEY = /^[a-zA-Z]\w*$/;

/** Applies Lambda's defaults and rules; throws FUNCTIONS_INVALID_CONFIG naming the first broken rule. */
export function defineFunctionConfig(input: FunctionConfigInput): FunctionConfig {
  const config: FunctionConfig = {
    ...input,
    timeoutSeconds: input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    memoryMb: input.memoryMb ?? DEFAULT_MEMORY_MB,
    environment: { ...(input.environment ?? {}) },
  };
  const problem = configProblem(config);
  if (problem) throw functionsError('INVALID_CONFIG', `function ${input.name}: ${problem}`, { problem });
  return Object.freeze(config);
}

function configProblem(config: FunctionConfig): string | undefined {
  if (!NAME.test(config.name)) return 'name must be 1-64 letters, digits, hyphens or underscores';
  if (config.runtime !== 'nodejs' && config.runtime !== 'python') return 'runtime must be nodejs or python';
  if (!HANDLER.test(config.handler) || !config.handler.includes('.'))
    return `handler '${config.handler}' must look like file.export or module.function`;
  if (!(config.timeoutSeconds > 0 && config.timeoutSeconds <= MAX_TIMEOUT_SECONDS))
    return `timeout must be above 0 and at most ${MAX_TIMEOUT_SECONDS} seconds`;
  if (
    !Number.isInteger(config.memoryMb) ||
    config.memoryMb < MIN_MEMORY_MB ||
    config.memoryMb > MAX_MEMORY_MB
  )
    return `memory must be an integer from ${MIN_MEMORY_MB} to ${MAX_MEMORY_MB} MB`;
  const reserved = config.reservedConcurrency;
  if (reserved !== undefined && !(Number.isInteger(reserved) && reserved >= 0))
    return 'reserved concurrency must be a non-negative integer';
  for (const key of Object.keys(config.environment)) {
    if (!ENV_KEY.test(key)) return `environment variable name '${key}' is not valid`;
    if (RESERVED_ENVIRONMENT_KEYS.has(key)) return `environment variable '${key}' is reserved`;
  }
  return undefined;
}
