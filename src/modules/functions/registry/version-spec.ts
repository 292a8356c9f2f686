// Builds the spec of a new version from the previous one and the requested changes, checked by the runtime's rules.
import { functionsError } from '../errors.js';
import { defineFunctionConfig } from '../model.js';
import { type CodeRef, languageOf, normaliseRuntimeId, type VersionSpec } from './records.js';

/** Configuration a deploy may set; what it leaves out is kept from the previous version. */
export interface FunctionSettings {
  /** `nodejs`, `python`, or a Lambda identifier such as `nodejs20.x` or `python3.12`. */
  readonly runtime?: string;
  readonly handler?: string;
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
  readonly environment?: Readonly<Record<string, string>>;
  readonly role?: string;
  readonly description?: string;
}

export interface CodeFacts {
  readonly code: CodeRef;
  readonly codeSha256: string;
  readonly codeSize: number;
}

export function versionSpec(
  name: string,
  previous: VersionSpec | undefined,
  settings: FunctionSettings,
  code: CodeFacts,
): VersionSpec {
  const runtime = settings.runtime ?? previous?.runtimeId;
  const handler = settings.handler ?? previous?.handler;
  if (runtime === undefined || handler === undefined)
    throw functionsError('INVALID_PARAMETER', `function ${name} needs a runtime and a handler`, { name });
  const runtimeId = normaliseRuntimeId(runtime);
  const role = settings.role ?? previous?.role;
  const spec: VersionSpec = {
    runtimeId,
    handler,
    timeoutSeconds: settings.timeoutSeconds ?? previous?.timeoutSeconds ?? 3,
    memoryMb: settings.memoryMb ?? previous?.memoryMb ?? 128,
    environment: { ...(settings.environment ?? previous?.environment ?? {}) },
    ...(role === undefined || role === '' ? {} : { role }),
    description: settings.description ?? previous?.description ?? '',
    ...code,
  };
  // The runtime's own rules (name, handler, timeout, memory, environment) apply before anything is stored.
  defineFunctionConfig({
    name,
    runtime: languageOf(runtimeId),
    handler: spec.handler,
    timeoutSeconds: spec.timeoutSeconds,
    memoryMb: spec.memoryMb,
    environment: spec.environment,
  });
  return spec;
}
