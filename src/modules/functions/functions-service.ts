// Scones' Lambda as a platform: deploys with immutable versions, aliases, synchronous and queued invocations,
// persisted logs and the metrics seam, over the function runtime and the SQL registry.
import type { Kysely } from 'kysely';
import { type Clock, systemClock } from '../../kernel/clock.js';
import { type Logger, silentLogger } from '../../kernel/logger.js';
import { retryWhilePassing } from '../../kernel/passing-retry.js';
import type { SqlDatabase } from '../../platform/db/port.js';
import { locateBuiltinCode } from './builtin/locate-builtins.js';
import { legacyBuiltins, seedBuiltins } from './builtin/seed-builtins.js';
import { functionsError } from './errors.js';
import { DEFAULT_ACCOUNT_CONCURRENCY } from './host/concurrency.js';
import type { GuestAwsSettings } from './host/environment.js';
import type { IsolationSummary } from './host/isolation.js';
import type { InvocationResult } from './invocation.js';
import { LayersService } from './layers/layers-service.js';
import { LATEST_VERSION } from './model.js';
import type { AsyncInvocationRecord, CodeObjectReader, InvocationListener } from './ports.js';
import { AliasRegistry } from './registry/alias-registry.js';
import { SqlAsyncInvocationQueue } from './registry/async-queue.js';
import { migrateOldCode } from './registry/code-migration.js';
import { type CodeSource, type CodeStorage, CodeStore } from './registry/code-store.js';
import { FunctionRegistry } from './registry/function-registry.js';
import { type AsyncSettings, InvocationHost, type RuntimeSettings } from './registry/invocation-host.js';
import { ListenerSet } from './registry/listener-set.js';
import { type LogEvent, type LoggedSummary, type LogQuery, SqlLogStore } from './registry/log-store.js';
import type { AttachedLayer, FunctionDetails, VersionRecord } from './registry/records.js';
import { pruneBefore } from './registry/retention.js';
import { readS3Code, type S3CodeLocation } from './registry/s3-code.js';
import type { FunctionTables } from './registry/schema.js';
import { type ResolvedFunction, VersionResolver } from './registry/version-resolver.js';
import { type FunctionSettings, versionSettings } from './registry/version-spec.js';

export interface FunctionsServiceOptions {
  readonly database: SqlDatabase;
  /** Where code is kept: objects in a reserved bucket, unpacked into this node's file cache to run. */
  readonly code: CodeStorage;
  /** Guests' scratch folders. */
  readonly workDir: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Region, credentials and endpoint (the Scones server URL) handed to guests. */
  readonly aws?: Partial<GuestAwsSettings>;
  readonly accountId?: string;
  readonly runtime?: RuntimeSettings;
  readonly async?: AsyncSettings;
  /** How often a started service looks for events queued by other processes (the CLI). Default 1 s. */
  readonly asyncPollMs?: number;
  /** Log lines and settled asynchronous records older than this are deleted. Default 14 days. */
  readonly retentionMs?: number;
  /** Where PublishLayerVersion reads `Content.S3Bucket`/`S3Key` from; without it only inline zips are taken. */
  readonly objects?: CodeObjectReader;
}

/** A function's code: a folder, zip bytes, or a zip in Scones's object store (Lambda's `S3Bucket`/`S3Key`). */
export type FunctionCode = CodeSource | ({ readonly kind: 's3' } & S3CodeLocation);

export interface DeployInput extends FunctionSettings {
  readonly name: string;
  readonly code: FunctionCode;
  /** `null` removes a reservation; absent keeps it. */
  readonly reservedConcurrency?: number | null;
}

export interface InvokeOptions {
  readonly qualifier?: string;
  /** JSON text; empty means `{}`. */
  readonly payload?: string;
  readonly clientContext?: string;
}

const DAY_MS = 86_400_000;

export class FunctionsService {
  readonly region: string;
  readonly accountId: string;
  /** Lambda layers: published versions, their policies, and the /opt folders functions see. */
  readonly layers: LayersService;
  readonly #functions: FunctionRegistry;
  readonly #aliases: AliasRegistry;
  readonly #code: CodeStore;
  readonly #logs: SqlLogStore;
  readonly #queue: SqlAsyncInvocationQueue;
  readonly #resolver: VersionResolver;
  readonly #listeners: ListenerSet;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #host: InvocationHost;
  #timers: NodeJS.Timeout[] = [];

  constructor(private readonly options: FunctionsServiceOptions) {
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    const db = options.database.db as Kysely<FunctionTables>;
    const accountConcurrency = options.runtime?.concurrencyLimit ?? DEFAULT_ACCOUNT_CONCURRENCY;
    this.#functions = new FunctionRegistry(db, this.#clock, accountConcurrency);
    this.#aliases = new AliasRegistry(db, this.#clock);
    this.#code = new CodeStore(options.code, 'functions/');
    this.#logs = new SqlLogStore(db, this.#logger);
    this.#queue = new SqlAsyncInvocationQueue(db, options.database.traits);
    this.region = options.aws?.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    const home = { partition: 'aws', region: this.region, accountId: this.accountId };
    this.layers = new LayersService(db, this.#clock, options.code, home, options.objects);
    this.#resolver = new VersionResolver(
      this.#functions,
      this.#aliases,
      this.#code,
      locateBuiltinCode,
      (arns) => this.layers.optFolder(arns),
    );
    this.#listeners = new ListenerSet(this.#logger);
    const parts = {
      workDir: options.workDir,
      logSink: this.#logs,
      listener: this.#listeners,
      queue: this.#queue,
      resolver: this.#resolver,
      clock: this.#clock,
      logger: this.#logger,
      accountId: this.accountId,
    };
    this.#host = new InvocationHost(parts, { ...options.aws, region: this.region }, options);
  }

  /**
   * Moves the code an older Scones kept unpacked under `oldRoot` (`<home>/functions`) into the object store, then
   * removes that folder; returns how many code folders were moved (0 on every later start).
   */
  async migrateOldCode(oldRoot: string): Promise<number> {
    return migrateOldCode({
      root: oldRoot,
      functions: this.#code,
      layers: this.layers.code,
      scratch: this.options.code.stagingDir,
    });
  }

  /**
   * Creates the built-in pipeline functions that do not exist yet, and deletes the ones an older Scones made under
   * the classic exercise's names (unless a user replaced their code); returns the names of both.
   */
  async seedBuiltins(): Promise<{ created: string[]; retired: string[] }> {
    const created = await seedBuiltins(this.#functions);
    const retired = await legacyBuiltins(this.#functions);
    for (const name of retired) await this.delete(name);
    return { created, retired };
  }

  /** Lambda's CreateFunction: throws FUNCTIONS_FUNCTION_EXISTS when the name is taken. */
  async create(input: DeployInput): Promise<FunctionDetails> {
    const settings = versionSettings(input.name, undefined, input, await this.#checkedLayers(input));
    const reserved = checkedReservation(input.reservedConcurrency ?? undefined);
    if (await this.#functions.find(input.name))
      throw functionsError('FUNCTION_EXISTS', `Function already exist: ${input.name}`, { name: input.name });
    const spec = { ...settings, ...(await this.#store(input.name, input.code)) };
    const created = await this.#functions.create(input.name, spec, reserved);
    return { fn: created.fn, record: created.latest, version: LATEST_VERSION };
  }

  /** Creates the function, or makes a new version of it with this code and these settings. */
  async deploy(input: DeployInput): Promise<FunctionDetails> {
    if (!(await this.#functions.find(input.name))) return this.create(input);
    const reserved = checkedReservation(input.reservedConcurrency ?? undefined);
    // A reservation that cannot fit refuses the whole deploy, before it makes a version.
    if (reserved !== undefined) await this.#functions.checkReservation(input.name, reserved);
    const details = await this.#newVersion(input.name, input, input.code);
    if (input.reservedConcurrency !== undefined)
      await this.setReservedConcurrency(input.name, input.reservedConcurrency ?? undefined);
    return input.reservedConcurrency === undefined ? details : this.describe(input.name);
  }

  updateCode(name: string, code: FunctionCode): Promise<FunctionDetails> {
    return this.#newVersion(name, {}, code);
  }

  updateConfiguration(name: string, settings: FunctionSettings): Promise<FunctionDetails> {
    return this.#newVersion(name, settings);
  }

  describe(name: string, qualifier?: string): Promise<FunctionDetails> {
    return this.#resolver.lookup(name, qualifier);
  }

  async list(): Promise<FunctionDetails[]> {
    return (await this.#functions.list()).map(({ fn, latest }) => ({
      fn,
      record: latest,
      version: LATEST_VERSION,
    }));
  }

  listVersions(name: string): Promise<VersionRecord[]> {
    return this.#functions.listVersions(name);
  }

  /** Every deploy already made an immutable version, so publishing returns the one `$LATEST` points at. */
  async publishVersion(name: string): Promise<VersionRecord> {
    return (await this.#functions.latest(name)).latest;
  }

  /** Deletes the function (its versions, aliases and code), or one numbered version of it. */
  async delete(name: string, qualifier?: string): Promise<void> {
    if (qualifier !== undefined && qualifier !== LATEST_VERSION) {
      if (!/^\d+$/.test(qualifier))
        throw functionsError('INVALID_PARAMETER', `only a version number can be deleted, not '${qualifier}'`);
      await this.#functions.deleteVersion(name, Number(qualifier));
      this.#host.evict(name, qualifier);
      await this.#removeUnusedCode(name);
      return;
    }
    await this.#functions.delete(name);
    this.#host.evict(name);
    await this.#code.removeFunction(name);
  }

  async setReservedConcurrency(name: string, reserved: number | undefined): Promise<void> {
    await this.#functions.setReservedConcurrency(name, checkedReservation(reserved));
  }

  get aliases(): AliasRegistry {
    return this.#aliases;
  }

  /** Lambda's RequestResponse; throws FUNCTIONS_TOO_MANY_REQUESTS when throttled. */
  async invoke(name: string, options: InvokeOptions = {}): Promise<InvocationResult> {
    // Nothing has run yet: a lookup that met a dropped database connection is asked again.
    const resolved = await retryWhilePassing(() => this.#resolver.require(name, options.qualifier));
    return this.#host.runtime().invoke({
      fn: resolved.runnable,
      ...(options.payload === undefined ? {} : { payload: options.payload }),
      ...(options.qualifier === undefined ? {} : { qualifier: options.qualifier }),
      ...(options.clientContext === undefined ? {} : { clientContext: options.clientContext }),
    });
  }

  /** Lambda's Event: queued durably; a started service (the server) runs it. */
  async invokeAsync(
    name: string,
    options: Omit<InvokeOptions, 'clientContext'> = {},
  ): Promise<AsyncInvocationRecord> {
    await this.#resolver.lookup(name, options.qualifier);
    return this.#host.invoker().enqueue({
      functionName: name,
      ...(options.qualifier === undefined ? {} : { qualifier: options.qualifier }),
      ...(options.payload === undefined ? {} : { payload: options.payload }),
    });
  }

  /** Lambda's DryRun: the function and qualifier exist and could run. */
  resolve(name: string, qualifier?: string): Promise<ResolvedFunction> {
    return this.#resolver.require(name, qualifier);
  }

  asyncInvocation(requestId: string): Promise<AsyncInvocationRecord> {
    return this.#host.invoker().get(requestId);
  }

  /** Resolves once a queued invocation succeeded or finally failed (in a started service). */
  asyncSettled(requestId: string): Promise<AsyncInvocationRecord> {
    return this.#host.invoker().settled(requestId);
  }

  logs(query: LogQuery): Promise<LogEvent[]> {
    return this.#logs.query(query);
  }

  /** Functions that have log lines (CloudWatch Logs' `/aws/lambda/<name>` groups). */
  loggedFunctions(): Promise<LoggedSummary[]> {
    return this.#logs.loggedFunctions();
  }

  logStreams(functionName: string): Promise<LoggedSummary[]> {
    return this.#logs.logStreams(functionName);
  }

  /** The metrics seam: every finished invocation and every throttle; returns an unsubscribe function. */
  addInvocationListener(listener: InvocationListener): () => void {
    return this.#listeners.add(listener);
  }

  /** How guests are isolated here (probed once): `sandbox` or `process`, with what is weaker and why. */
  isolation(): Promise<IsolationSummary> {
    return this.#host.runtime().isolation();
  }

  /** Points guests' AWS SDK calls at the server once its URL is known; call before serving invocations. */
  useEndpoint(url: string): void {
    this.#host.useEndpoint(url);
  }

  arn(name: string, qualifier?: string): string {
    const base = `arn:aws:lambda:${this.region}:${this.accountId}:function:${name}`;
    return qualifier ? `${base}:${qualifier}` : base;
  }

  /** Runs queued invocations (this process's and other processes'), and prunes old logs and records. */
  start(): void {
    const invoker = this.#host.invoker();
    invoker.start();
    // Events queued by another process (the CLI) wake nobody here: look for them now and then.
    this.#every(this.options.asyncPollMs ?? 1000, () => invoker.start());
    const prune = () => {
      const before = this.#clock.now() - (this.options.retentionMs ?? 14 * DAY_MS);
      void pruneBefore(before, [this.#logs, this.#queue], this.#logger);
    };
    prune();
    this.#every(3_600_000, prune);
  }

  async close(): Promise<void> {
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
    await this.#host.close();
    await this.#logs.flush();
  }

  async #newVersion(name: string, changes: FunctionSettings, code?: FunctionCode): Promise<FunctionDetails> {
    const { latest } = await this.#functions.latest(name);
    const settings = versionSettings(name, latest, changes, await this.#checkedLayers(changes));
    const facts = code ? await this.#store(name, code) : latest;
    const spec = { ...settings, code: facts.code, codeSha256: facts.codeSha256, codeSize: facts.codeSize };
    const updated = await this.#functions.appendVersion(name, spec);
    // The old revision's warm guests must not serve $LATEST any more.
    this.#host.evict(name, LATEST_VERSION);
    return { fn: updated.fn, record: updated.latest, version: LATEST_VERSION };
  }

  /** An unknown layer is refused before anything is stored: Lambda never drops one silently. */
  async #checkedLayers(settings: FunctionSettings): Promise<AttachedLayer[] | undefined> {
    return settings.layers && this.layers.checkAttachable(settings.layers);
  }

  async #store(name: string, code: FunctionCode) {
    const source: CodeSource =
      code.kind === 's3' ? { kind: 'zip', bytes: await readS3Code(this.options.objects, code) } : code;
    const stored = await this.#code.store(name, source);
    return {
      code: { kind: 'stored', ref: stored.ref } as const,
      codeSha256: stored.sha256,
      codeSize: stored.size,
    };
  }

  async #removeUnusedCode(name: string): Promise<void> {
    const used = await this.#functions.storedCodeRefs(name);
    for (const ref of await this.#code.storedRefs(name))
      if (!used.has(ref)) await this.#code.remove(name, ref);
  }

  #every(ms: number, run: () => void): void {
    const timer = setInterval(run, ms);
    timer.unref();
    this.#timers.push(timer);
  }
}

function checkedReservation(reserved: number | undefined): number | undefined {
  if (reserved !== undefined && !(Number.isInteger(reserved) && reserved >= 0))
    throw functionsError('INVALID_PARAMETER', 'reserved concurrency must be a non-negative integer');
  return reserved;
}
