// The runtime and asynchronous invoker behind the functions service, created on first use: a CLI that only
// lists or queues never starts guests, and a server can point guests at its URL once it is listening.
import type { Clock } from '../../../kernel/clock.js';
import type { Logger } from '../../../kernel/logger.js';
import { type AsyncInvoker, type AsyncInvokerOptions, createAsyncInvoker } from '../host/async-invoker.js';
import type { GuestAwsSettings } from '../host/environment.js';
import { createFunctionRuntime, type FunctionRuntime, type FunctionRuntimeOptions } from '../host/runtime.js';
import type { AsyncInvocationQueue, FunctionResolver, InvocationListener, LogSink } from '../ports.js';

export type RuntimeSettings = Omit<
  FunctionRuntimeOptions,
  'workDir' | 'logSink' | 'listener' | 'clock' | 'logger' | 'aws'
>;
export type AsyncSettings = Omit<AsyncInvokerOptions, 'runtime' | 'queue' | 'resolver' | 'clock' | 'logger'>;

export interface HostParts {
  readonly workDir: string;
  readonly logSink: LogSink;
  readonly listener: InvocationListener;
  readonly queue: AsyncInvocationQueue;
  readonly resolver: FunctionResolver;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly accountId: string;
}

export class InvocationHost {
  #aws: Partial<GuestAwsSettings>;
  #runtime: FunctionRuntime | undefined;
  #invoker: AsyncInvoker | undefined;

  constructor(
    private readonly parts: HostParts,
    aws: Partial<GuestAwsSettings>,
    private readonly settings: { runtime?: RuntimeSettings; async?: AsyncSettings } = {},
  ) {
    this.#aws = aws;
  }

  runtime(): FunctionRuntime {
    const { workDir, logSink, listener, clock, logger, accountId } = this.parts;
    // Until IAM hands out role credentials, guests sign with fixed ones (the edge accepts any signature).
    const aws = { accessKeyId: 'scones', secretAccessKey: 'scones', ...this.#aws };
    this.#runtime ??= createFunctionRuntime({
      ...this.settings.runtime,
      ...{ workDir, logSink, listener, clock, logger, accountId, aws },
    });
    return this.#runtime;
  }

  invoker(): AsyncInvoker {
    // The invoker reaches the runtime through this indirection: useEndpoint may replace it.
    const runtime: FunctionRuntime = {
      invoke: (input) => this.runtime().invoke(input),
      evict: (name, version) => this.evict(name, version),
      stats: () => this.runtime().stats(),
      isolation: () => this.runtime().isolation(),
      close: async () => {},
    };
    const { queue, resolver, clock, logger } = this.parts;
    this.#invoker ??= createAsyncInvoker({ ...this.settings.async, runtime, queue, resolver, clock, logger });
    return this.#invoker;
  }

  /** Retires warm guests, if any run. */
  evict(functionName: string, version?: string): void {
    this.#runtime?.evict(functionName, version);
  }

  /** New guests get this endpoint; guests started before are retired. */
  useEndpoint(url: string): void {
    this.#aws = { ...this.#aws, endpointUrl: url };
    const previous = this.#runtime;
    this.#runtime = undefined;
    void previous?.close();
  }

  async close(): Promise<void> {
    await this.#invoker?.close();
    await this.#runtime?.close();
  }
}
