// Turns a function name and qualifier ($LATEST, a version number or an alias) into the version the runtime runs.
import { isSconesError } from '../../../kernel/errors.js';
import type { BuiltinCode } from '../builtin/locate-builtins.js';
import { functionsError } from '../errors.js';
import { defineFunctionConfig, type FunctionVersion, LATEST_VERSION } from '../model.js';
import type { FunctionResolver } from '../ports.js';
import type { AliasRegistry } from './alias-registry.js';
import type { CodeStore } from './code-store.js';
import type { FunctionRegistry } from './function-registry.js';
import type { AttachedLayer, FunctionDetails } from './records.js';

export interface ResolvedFunction extends FunctionDetails {
  /** What the runtime runs. */
  readonly runnable: FunctionVersion;
}

export class VersionResolver implements FunctionResolver {
  constructor(
    private readonly functions: FunctionRegistry,
    private readonly aliases: AliasRegistry,
    private readonly code: CodeStore,
    private readonly builtins: () => Promise<BuiltinCode>,
    /** The merged folder of a version's layers, seen by its guests at /opt. */
    private readonly optFolder: (layers: readonly AttachedLayer[]) => Promise<string>,
  ) {}

  async resolve(functionName: string, qualifier?: string): Promise<FunctionVersion | undefined> {
    try {
      return (await this.require(functionName, qualifier)).runnable;
    } catch (error) {
      if (isSconesError(error) && error.kind === 'not_found') return undefined;
      throw error;
    }
  }

  /** The function and version a qualifier names; throws FUNCTIONS_FUNCTION_NOT_FOUND or _QUALIFIER_NOT_FOUND. */
  async lookup(functionName: string, qualifier?: string): Promise<FunctionDetails> {
    const fn = await this.functions.get(functionName);
    const latest = qualifier === undefined || qualifier === '' || qualifier === LATEST_VERSION;
    const number = latest ? fn.latestVersion : await this.versionNumber(functionName, qualifier);
    const record = await this.functions.findVersion(functionName, number);
    if (!record) throw missingQualifier(functionName, qualifier ?? LATEST_VERSION);
    return { fn, record, version: latest ? LATEST_VERSION : String(number) };
  }

  /** As `lookup`, with what the runtime needs to run it. */
  async require(functionName: string, qualifier?: string): Promise<ResolvedFunction> {
    const details = await this.lookup(functionName, qualifier);
    return { ...details, runnable: await this.runnable(details) };
  }

  private async versionNumber(functionName: string, qualifier: string): Promise<number> {
    if (/^\d+$/.test(qualifier)) return Number(qualifier);
    const alias = await this.aliases.find(functionName, qualifier);
    if (!alias) throw missingQualifier(functionName, qualifier);
    return alias.version;
  }

  private async runnable({ fn, record, version }: FunctionDetails): Promise<FunctionVersion> {
    const builtin = record.code.kind === 'builtin' ? await this.builtins() : undefined;
    const opt = record.layers.length > 0 ? await this.optFolder(record.layers) : undefined;
    const layers = [...(opt ? [opt] : []), ...(builtin?.layers ?? [])];
    const config = defineFunctionConfig({
      name: fn.name,
      runtime: record.runtime,
      handler: record.handler,
      timeoutSeconds: record.timeoutSeconds,
      memoryMb: record.memoryMb,
      environment: record.environment,
      ...(fn.reservedConcurrency === undefined ? {} : { reservedConcurrency: fn.reservedConcurrency }),
      ...(record.role === undefined ? {} : { role: record.role }),
      ...(layers.length > 0 ? { layers } : {}),
      ...(opt ? { opt } : {}),
    });
    return {
      config,
      version,
      codePath: builtin ? builtin.codePath : await this.code.folder(fn.name, record.code.ref),
      // Versions are immutable; a re-created function restarts numbering, so its creation time and code join in.
      revision: `${record.version}/${record.createdAt}/${record.codeSha256}`,
    };
  }
}

function missingQualifier(functionName: string, qualifier: string) {
  return functionsError('QUALIFIER_NOT_FOUND', `Function not found: ${functionName}:${qualifier}`, {
    functionName,
    qualifier,
  });
}
