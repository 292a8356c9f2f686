// What the registry keeps about functions, versions and aliases, and how rows become those records.
import type { Selectable } from 'kysely';
import { functionsError } from '../errors.js';
import type { RuntimeLanguage } from '../model.js';
import type { AliasesTable, FunctionsTable, VersionsTable } from './schema.js';

/** Where a version's code lives: a content-addressed folder under the home, or Scones' own built-ins. */
export interface CodeRef {
  readonly kind: 'stored' | 'builtin';
  /** Hex SHA-256 folder name (stored) or built-in code id. */
  readonly ref: string;
}

/** A layer version a function version uses, as Lambda lists it (`Layers: [{Arn, CodeSize}]`). */
export interface AttachedLayer {
  readonly arn: string;
  readonly codeSize: number;
}

/** Everything a new version is made of. */
export interface VersionSpec {
  readonly runtimeId: string;
  readonly handler: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly role?: string;
  readonly description: string;
  readonly codeSha256: string;
  readonly codeSize: number;
  readonly code: CodeRef;
  /** Layer version ARNs, in the order they are laid over /opt; none when absent. */
  readonly layers?: readonly AttachedLayer[];
}

export interface VersionRecord extends VersionSpec {
  readonly layers: readonly AttachedLayer[];
  readonly functionName: string;
  readonly version: number;
  readonly runtime: RuntimeLanguage;
  readonly createdAt: number;
}

export interface FunctionRecord {
  readonly name: string;
  readonly latestVersion: number;
  readonly reservedConcurrency?: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface AliasRecord {
  readonly functionName: string;
  readonly name: string;
  readonly version: number;
  readonly description: string;
  readonly revisionId: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A function as one qualifier sees it. */
export interface FunctionDetails {
  readonly fn: FunctionRecord;
  readonly record: VersionRecord;
  /** `$LATEST` or the version number the qualifier resolved to (an alias shows its version). */
  readonly version: string;
}

/** The default Lambda runtime identifier of each language, for deploys that name only the language. */
export const DEFAULT_RUNTIME_IDS: Readonly<Record<RuntimeLanguage, string>> = {
  nodejs: 'nodejs20.x',
  python: 'python3.12',
};

/** `nodejs`, `python` or a Lambda identifier (`nodejs20.x`, `python3.12`) -> the identifier kept. */
export function normaliseRuntimeId(runtime: string): string {
  if (runtime === 'nodejs' || runtime === 'python') return DEFAULT_RUNTIME_IDS[runtime];
  languageOf(runtime);
  return runtime;
}

export function languageOf(runtimeId: string): RuntimeLanguage {
  if (/^nodejs\d*(\.x)?$/.test(runtimeId)) return 'nodejs';
  if (/^python3(\.\d+)?$/.test(runtimeId)) return 'python';
  throw functionsError(
    'INVALID_PARAMETER',
    `runtime '${runtimeId}' is not supported; use nodejs or python (or a Lambda id like nodejs20.x, python3.12)`,
    { runtime: runtimeId },
  );
}

export function toVersionRecord(row: Selectable<VersionsTable>): VersionRecord {
  return {
    functionName: row.function_name,
    version: Number(row.version),
    runtimeId: row.runtime_id,
    runtime: languageOf(row.runtime_id),
    handler: row.handler,
    timeoutSeconds: row.timeout_seconds,
    memoryMb: Number(row.memory_mb),
    environment: JSON.parse(row.environment) as Record<string, string>,
    ...(row.role === null ? {} : { role: row.role }),
    description: row.description,
    codeSha256: row.code_sha256,
    codeSize: Number(row.code_size),
    code: { kind: row.code_kind, ref: row.code_ref },
    layers: JSON.parse(row.layers) as AttachedLayer[],
    createdAt: Number(row.created_at),
  };
}

export function versionRow(name: string, version: number, spec: VersionSpec, now: number): VersionsTable {
  return {
    function_name: name,
    version,
    runtime_id: spec.runtimeId,
    handler: spec.handler,
    timeout_seconds: spec.timeoutSeconds,
    memory_mb: spec.memoryMb,
    environment: JSON.stringify(spec.environment),
    role: spec.role ?? null,
    description: spec.description,
    code_sha256: spec.codeSha256,
    code_size: spec.codeSize,
    code_kind: spec.code.kind,
    code_ref: spec.code.ref,
    layers: JSON.stringify(spec.layers ?? []),
    created_at: now,
  };
}

export function toFunctionRecord(row: Selectable<FunctionsTable>): FunctionRecord {
  return {
    name: row.name,
    latestVersion: Number(row.latest_version),
    ...(row.reserved_concurrency === null ? {} : { reservedConcurrency: Number(row.reserved_concurrency) }),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function toAliasRecord(row: Selectable<AliasesTable>): AliasRecord {
  return {
    functionName: row.function_name,
    name: row.name,
    version: Number(row.version),
    description: row.description,
    revisionId: row.revision_id,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
