// The configuration of a new version: the previous one's overlaid with the requested changes, checked by the
// runtime's rules.
import { functionsError } from '../errors.js';
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, defineFunctionConfig } from '../model.js';
import {
  type AttachedLayer,
  type CodeRef,
  languageOf,
  normaliseRuntimeId,
  type VersionSpec,
} from './records.js';

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
  /** Layer version ARNs (checked to exist by the service before a version is made). */
  readonly layers?: readonly string[];
}

export interface CodeFacts {
  readonly code: CodeRef;
  readonly codeSha256: string;
  readonly codeSize: number;
}

/** A version's configuration without its code. */
export type VersionSettings = Omit<VersionSpec, keyof CodeFacts>;

/**
 * The previous version's configuration (if any) overlaid with the changes, checked by the runtime's own rules
 * (name, handler, timeout, memory, environment) before any code is stored.
 */
export function versionSettings(
  name: string,
  previous: VersionSettings | undefined,
  settings: FunctionSettings,
  /** `settings.layers` once checked to exist; absent keeps the previous version's. */
  layers?: readonly AttachedLayer[],
): VersionSettings {
  const runtime = settings.runtime ?? previous?.runtimeId;
  const handler = settings.handler ?? previous?.handler;
  if (runtime === undefined || handler === undefined)
    throw functionsError('INVALID_PARAMETER', `function ${name} needs a runtime and a handler`, { name });
  const runtimeId = normaliseRuntimeId(runtime);
  const role = settings.role ?? previous?.role;
  const checked: VersionSettings = {
    runtimeId,
    handler,
    timeoutSeconds: settings.timeoutSeconds ?? previous?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    memoryMb: settings.memoryMb ?? previous?.memoryMb ?? DEFAULT_MEMORY_MB,
    environment: { ...(settings.environment ?? previous?.environment ?? {}) },
    ...(role === undefined || role === '' ? {} : { role }),
    description: settings.description ?? previous?.description ?? '',
    layers: [...(layers ?? previous?.layers ?? [])],
  };
  const { timeoutSeconds, memoryMb, environment } = checked;
  defineFunctionConfig({
    name,
    runtime: languageOf(runtimeId),
    handler,
    timeoutSeconds,
    memoryMb,
    environment,
  });
  return checked;
}
