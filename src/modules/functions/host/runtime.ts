// The function runtime: runs invocations of function versions in warm pools of isolated guest processes.

import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { type Clock, systemClock } from '../../../kernel/clock.js';
import { type Logger, silentLogger } from '../../../kernel/logger.js';
import { functionsError } from '../errors.js';
import type { InvocationResult, InvokeInput } from '../invocation.js';
import type { FunctionVersion } from '../model.js';
import type { InvocationListener, LogSink } from '../ports.js';
import type { InvokeMessage } from '../protocol.js';
import { GUEST_PIDS_MAX } from './cgroups.js';
import { closeInvocation } from './close-invocation.js';
import { ConcurrencyLimiter, DEFAULT_ACCOUNT_CONCURRENCY } from './concurrency.js';
import type { GuestAwsSettings, GuestCredentialsProvider } from './environment.js';
import { initGuest, invokeGuest, type PhaseOutcome } from './guest-session.js';
import {
  type Isolation,
  type IsolationSetting,
  type IsolationSummary,
  resolveIsolation,
  summarizeIsolation,
} from './isolation.js';
import { checkPayload, MAX_REQUEST_BYTES } from './payload.js';
import { WorkerPool } from './pool.js';
import { startLine } from './report-lines.js';
import type { SandboxMode } from './sandbox.js';
import { type SpawnSettings, spawnGuest } from './spawn-guest.js';
import type { Worker } from './worker.js';

/** Guests of one function starting at once: about one per core (see cold-start-gate.ts for why). */
const COLD_START_LIMIT = Math.max(2, os.availableParallelism());

export interface FunctionRuntimeOptions {
  /** Scratch folders (each guest's /tmp) live under `<workDir>/scratch`. */
  readonly workDir: string;
  readonly logSink: LogSink;
  readonly listener?: InvocationListener;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Region and credentials handed to guests; endpointUrl is the Scones server URL. */
  readonly aws?: Partial<GuestAwsSettings>;
  /**
   * Credentials per guest (the function's execution role) instead of `aws`'s fixed ones. A warm guest is reused
   * only while its credentials outlast the function's timeout plus a minute.
   */
  readonly credentials?: GuestCredentialsProvider;
  readonly accountId?: string;
  /** Concurrent executions over all functions (Lambda's account limit). Default 32. */
  readonly concurrencyLimit?: number;
  /** How long an idle warm guest is kept. Default 5 minutes. */
  readonly idleTimeoutMs?: number;
  /** Limit of the init phase (loading the handler). Default 10 s, as Lambda's. */
  readonly initTimeoutMs?: number;
  /** Log bytes one invocation may keep; more is dropped with a marker. Default 1 MiB. */
  readonly logCapBytes?: number;
  readonly memoryPollMs?: number;
  /**
   * `sandbox`: each guest in bubblewrap namespaces and its own cgroups (see bwrap-launch.ts); `process`: plain
   * child processes (the server's user, a private /tmp at most); `auto` (default): the sandbox wherever it works.
   */
  readonly isolation?: IsolationSetting;
  /** With `auto`, refuse to run guests unsandboxed (authentication on): they fail RUNTIME_UNAVAILABLE instead. */
  readonly requireSandbox?: boolean;
  /** Host folders no sandboxed guest may see even inside a folder bound into it (the server's home). */
  readonly hiddenPaths?: readonly string[];
  /** Processes and threads one sandboxed guest may hold (its cgroup's pids.max). Default 1024, as Lambda's. */
  readonly pidsMax?: number;
  /** Process isolation only: `auto` probes for mount namespaces and falls back to a TMPDIR scratch folder. */
  readonly sandbox?: SandboxMode | 'auto';
  readonly pythonCommand?: string;
}

export interface RuntimeStats {
  readonly pools: ReadonlyArray<{
    readonly functionName: string;
    readonly version: string;
    readonly workers: ReadonlyArray<{ readonly pid: number; readonly busy: boolean }>;
  }>;
}

export interface FunctionRuntime {
  /** Runs one synchronous (RequestResponse) invocation; throws FUNCTIONS_TOO_MANY_REQUESTS when throttled. */
  invoke(input: InvokeInput): Promise<InvocationResult>;
  /** Retires the warm guests of a function (all versions, or one), e.g. after its code changed or it was deleted. */
  evict(functionName: string, version?: string): void;
  stats(): RuntimeStats;
  /** The isolation in force (probed on first use); rejects when the sandbox is required and missing. */
  isolation(): Promise<IsolationSummary>;
  /** Kills every guest; invocations in flight end as exits. */
  close(): Promise<void>;
}

export function createFunctionRuntime(options: FunctionRuntimeOptions): FunctionRuntime {
  return new Runtime(options);
}

class Runtime implements FunctionRuntime {
  private readonly pools = new Map<string, WorkerPool>();
  /** When each guest's credentials expire, for guests started with a provider's. */
  private readonly expiries = new WeakMap<Worker, number>();
  private readonly limiter: ConcurrencyLimiter;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly region: string;
  private resolved: Promise<Isolation> | undefined;
  private closed = false;

  constructor(private readonly options: FunctionRuntimeOptions) {
    this.limiter = new ConcurrencyLimiter(options.concurrencyLimit ?? DEFAULT_ACCOUNT_CONCURRENCY);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.region = options.aws?.region ?? 'us-east-1';
  }

  async invoke(input: InvokeInput): Promise<InvocationResult> {
    if (this.closed) throw functionsError('CLOSED', 'the function runtime is closed');
    const event = checkPayload(input.payload, MAX_REQUEST_BYTES);
    const config = input.fn.config;
    const throttled = this.limiter.tryAcquire(config.name, config.reservedConcurrency);
    if (throttled) {
      this.options.listener?.onThrottle(config.name);
      throw functionsError('TOO_MANY_REQUESTS', 'Rate Exceeded.', {
        reason: throttled,
        functionName: config.name,
      });
    }
    try {
      const result = await this.execute(input, event, input.requestId ?? randomUUID());
      this.options.listener?.onInvocation(result);
      return result;
    } finally {
      this.limiter.release(config.name);
    }
  }

  evict(functionName: string, version?: string): void {
    for (const [key, pool] of this.pools) {
      if (pool.fn.config.name !== functionName || (version !== undefined && pool.fn.version !== version))
        continue;
      pool.close();
      this.pools.delete(key);
    }
  }

  stats(): RuntimeStats {
    return {
      pools: [...this.pools.values()].map((pool) => ({
        functionName: pool.fn.config.name,
        version: pool.fn.version,
        workers: pool.info(),
      })),
    };
  }

  async isolation(): Promise<IsolationSummary> {
    return summarizeIsolation(await this.resolveIsolation());
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pool of this.pools.values()) pool.destroy();
    this.pools.clear();
  }

  private async execute(input: InvokeInput, event: string, requestId: string): Promise<InvocationResult> {
    const fn = input.fn;
    const pool = this.poolFor(fn);
    const { worker, init } = await this.acquire(pool, requestId);
    worker.log.platform(startLine(requestId, fn.version));
    const outcome =
      init && init.status !== 'success'
        ? { ...init, durationMs: 0 }
        : await invokeGuest(worker, this.invokeMessage(input, event, requestId), fn.config.timeoutSeconds);
    const result = closeInvocation(worker, fn, requestId, outcome, init?.durationMs);
    if (outcome.recycle || worker.exited) pool.discard(worker);
    else pool.release(worker);
    return result;
  }

  /** A warm guest, or a new one through its init phase (whose outcome is returned). */
  private async acquire(
    pool: WorkerPool,
    requestId: string,
  ): Promise<{ worker: Worker; init?: PhaseOutcome }> {
    const turn = await pool.coldStarts.enter(() => this.takeFresh(pool));
    if ('warm' in turn) {
      turn.warm.log.begin(requestId);
      return { worker: turn.warm };
    }
    try {
      return await this.coldStart(pool, requestId);
    } finally {
      turn.release();
    }
  }

  /** A new guest through its init phase (whose outcome is returned). */
  private async coldStart(
    pool: WorkerPool,
    requestId: string,
  ): Promise<{ worker: Worker; init: PhaseOutcome }> {
    const settings = await this.spawnSettings();
    const credentials = await this.options.credentials?.(pool.fn);
    const aws = credentials ? { ...settings.aws, ...credentials } : settings.aws;
    const worker = await spawnGuest(pool.fn, requestId, { ...settings, aws });
    if (credentials?.expiration !== undefined) this.expiries.set(worker, credentials.expiration);
    pool.adopt(worker);
    const init = await initGuest(worker, requestId, this.options.initTimeoutMs ?? 10_000);
    if (init.platformFailure && worker.launchDiagnostics)
      this.logger.warn(
        { functionName: pool.fn.config.name, diagnostics: worker.launchDiagnostics },
        'function guest failed to start',
      );
    return { worker, init };
  }

  /** An idle guest whose credentials (if it has expiring ones) outlast this invocation; stale ones are retired. */
  private takeFresh(pool: WorkerPool): Worker | undefined {
    const needed = pool.fn.config.timeoutSeconds * 1000 + 60_000;
    for (let worker = pool.takeIdle(); worker; worker = pool.takeIdle()) {
      const expiry = this.expiries.get(worker);
      if (expiry === undefined || expiry - this.clock.now() > needed) return worker;
      pool.discard(worker);
    }
    return undefined;
  }

  private invokeMessage(input: InvokeInput, event: string, requestId: string): InvokeMessage {
    const fn = input.fn;
    return {
      type: 'invoke',
      requestId,
      event,
      deadlineMs: this.clock.now() + fn.config.timeoutSeconds * 1000,
      invokedFunctionArn: this.functionArn(fn, input.qualifier),
      ...(input.clientContext === undefined ? {} : { clientContext: input.clientContext }),
    };
  }

  private poolFor(fn: FunctionVersion): WorkerPool {
    const key = `${fn.config.name}\u0000${fn.version}`;
    const existing = this.pools.get(key);
    if (existing && existing.fn.revision === fn.revision) return existing;
    // A new revision of the same version (e.g. $LATEST updated): the old guests must not serve it.
    existing?.close();
    const pool = new WorkerPool(fn, this.options.idleTimeoutMs ?? 300_000, COLD_START_LIMIT);
    this.pools.set(key, pool);
    return pool;
  }

  private resolveIsolation(): Promise<Isolation> {
    this.resolved ??= resolveIsolation({
      setting: this.options.isolation ?? 'auto',
      ...(this.options.requireSandbox ? { requireSandbox: true } : {}),
    }).then((isolation) => {
      this.reportIsolation(isolation);
      const choice = this.options.sandbox ?? 'auto';
      if (isolation.mode === 'process' && choice !== 'auto')
        return { ...isolation, process: { ...isolation.process, mode: choice } };
      return isolation;
    });
    return this.resolved;
  }

  /** Says once, in the log, when guests are less isolated than the sandbox and why. */
  private reportIsolation(isolation: Isolation): void {
    if (isolation.mode === 'process' && isolation.sandboxUnavailable)
      this.logger.warn(
        { isolation: 'process', reason: isolation.sandboxUnavailable },
        "function guests are NOT sandboxed: they run as the server's user (install bubblewrap for the sandbox)",
      );
    if (isolation.mode === 'sandbox' && isolation.cgroupsUnavailable)
      this.logger.warn(
        { reason: isolation.cgroupsUnavailable },
        'function sandbox without cgroups: no pids or CPU limit, memory polled per process tree',
      );
  }

  private async spawnSettings(): Promise<SpawnSettings> {
    const isolation = await this.resolveIsolation();
    return {
      workDir: this.options.workDir,
      isolation,
      hiddenPaths: this.options.hiddenPaths ?? [],
      pidsMax: this.options.pidsMax ?? GUEST_PIDS_MAX,
      aws: { ...this.options.aws, region: this.region },
      logSink: this.options.logSink,
      clock: this.clock,
      logCapBytes: this.options.logCapBytes ?? 1024 * 1024,
      memoryPollMs: this.options.memoryPollMs ?? 20,
      pythonCommand: this.options.pythonCommand ?? 'python3',
    };
  }

  private functionArn(fn: FunctionVersion, qualifier: string | undefined): string {
    const base = `arn:aws:lambda:${this.region}:${this.options.accountId ?? '000000000000'}:function:${fn.config.name}`;
    return qualifier ? `${base}:${qualifier}` : base;
  }
}
