// Public face of the function runtime (Scones' Lambda): definitions, invocation, async queue and ports.

export { BUILTIN_FUNCTIONS, BUILTIN_NAMES, type BuiltinFunction } from './builtin/catalog.js';
export { functionsError } from './errors.js';
export { assertHomeFunctionName, type FunctionTarget, parseFunctionName } from './function-name.js';
export {
  type DeployInput,
  type FunctionCode,
  FunctionsService,
  type FunctionsServiceOptions,
  type InvokeOptions,
} from './functions-service.js';
export {
  type AsyncInvokeInput,
  type AsyncInvoker,
  type AsyncInvokerOptions,
  createAsyncInvoker,
} from './host/async-invoker.js';
export type {
  GuestAwsSettings,
  GuestCredentials,
  GuestCredentialsProvider,
} from './host/environment.js';
export {
  type IsolationSetting,
  type IsolationSummary,
  resolveIsolation,
  summarizeIsolation,
} from './host/isolation.js';
export { MAX_ASYNC_REQUEST_BYTES, MAX_REQUEST_BYTES } from './host/payload.js';
export { MAX_RESPONSE_BYTES } from './host/platform-errors.js';
export {
  createFunctionRuntime,
  type FunctionRuntime,
  type FunctionRuntimeOptions,
  type RuntimeStats,
} from './host/runtime.js';
export type { SandboxMode } from './host/sandbox.js';
export type { FunctionErrorSummary, InvocationResult, InvocationStatus, InvokeInput } from './invocation.js';
export { layerArn, parseLayerName, parseLayerVersionArn } from './layers/layer-arn.js';
export type { LayerStatement, LayerVersionRecord } from './layers/layer-registry.js';
export {
  type LayerContent,
  type LayerFilter,
  LayersService,
  MAX_FUNCTION_LAYERS,
  type PublishLayerInput,
} from './layers/layers-service.js';
export {
  DEFAULT_MEMORY_MB,
  DEFAULT_TIMEOUT_SECONDS,
  defineFunctionConfig,
  type FunctionConfig,
  type FunctionConfigInput,
  type FunctionVersion,
  LATEST_VERSION,
  MAX_MEMORY_MB,
  MAX_TIMEOUT_SECONDS,
  MIN_MEMORY_MB,
  RESERVED_ENVIRONMENT_KEYS,
  type RuntimeLanguage,
} from './model.js';
export type {
  AsyncAttempt,
  AsyncInvocationQueue,
  AsyncInvocationRecord,
  AsyncInvocationStatus,
  CodeObjectReader,
  CodeObjects,
  FunctionResolver,
  InvocationListener,
  LogRecord,
  LogSink,
} from './ports.js';
export type { AliasChanges, AliasRegistry } from './registry/alias-registry.js';
export {
  type CodeSource,
  type CodeStorage,
  MAX_UNZIPPED_BYTES,
  MAX_ZIPPED_BYTES,
} from './registry/code-store.js';
export type { LogEvent, LoggedSummary, LogQuery } from './registry/log-store.js';
export type {
  AliasRecord,
  AttachedLayer,
  FunctionDetails,
  FunctionRecord,
  VersionRecord,
} from './registry/records.js';
export { functionsMigrations } from './registry/schema.js';
export type { ResolvedFunction } from './registry/version-resolver.js';
export type { FunctionSettings } from './registry/version-spec.js';
