// Serves every endpoint: follows the definitions in SQL (polling one change counter), loads and warms new
// versions before switching traffic to them, and answers invocations.

import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../kernel/clock.js';
import type { Logger } from '../../../kernel/logger.js';
import type { FileCache } from '../../../platform/file-cache/port.js';
import type { ModelRegistry } from '../../models/index.js';
import type { ObjectStore } from '../../storage/index.js';
import {
  type CaptureAccess,
  type CaptureOptions,
  type CaptureStats,
  CaptureWriter,
} from '../capture/capture-writer.js';
import { assertEndpointName } from '../endpoints/definition.js';
import type { EndpointRecord, EndpointRepository } from '../endpoints/endpoint-repository.js';
import { noSuchEndpoint } from '../endpoints/endpoint-service.js';
import { inferenceError } from '../errors.js';
import type { InvocationListener } from '../invocation-metrics.js';
import { Admission, type AdmissionLimits } from './admission.js';
import { type InvokeRequest, type InvokeResult, runInvocation } from './invocation.js';
import { type LiveEndpoint, liveEndpoint } from './live-endpoint.js';
import type { LoadedModel, ServingOptions } from './loaded-model.js';
import { ModelCache } from './model-cache.js';
import { semaphore } from './semaphore.js';

export interface HostOptions {
  readonly serving: ServingOptions;
  /** How often the host checks for deploys made elsewhere (CLI, another server). */
  readonly pollMs: number;
  readonly admission: AdmissionLimits;
  readonly capture: CaptureOptions;
  /** Images sharp decodes at once (large images hold their pixels in memory while decoding). */
  readonly decodeConcurrency: number;
}

export interface HostDeps {
  readonly repository: EndpointRepository;
  readonly models: ModelRegistry;
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly listeners: readonly InvocationListener[];
  /** Who may write capture files (the endpoint's execution role, when auth is on) and who hears of failures. */
  readonly captureAccess?: CaptureAccess;
  readonly random?: () => number;
  /** This node's file cache, where model artifacts read once are kept. */
  readonly files?: FileCache | undefined;
}

export interface ServedVariant {
  readonly name: string;
  readonly weight: number;
  readonly modelVersion: number;
  readonly backend: string;
  readonly activeRequests: number;
}

export class EndpointHost {
  readonly admission: Admission;
  readonly #live = new Map<string, LiveEndpoint>();
  readonly #attempted = new Map<string, number>();
  readonly #cache: ModelCache;
  readonly #capture: CaptureWriter;
  readonly #decodeLimit: <T>(work: () => Promise<T>) => Promise<T>;
  readonly #hostId = randomUUID();
  #seenRevision = -1;
  #syncWanted = false;
  #syncLoop: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  /** Old models draining after a swap; close() waits for them. */
  readonly #retiring = new Set<Promise<void>>();

  constructor(
    private readonly deps: HostDeps,
    private readonly options: HostOptions,
  ) {
    this.admission = new Admission(options.admission);
    this.#cache = new ModelCache(deps.models, deps.store, options.serving, deps.logger, deps.files);
    this.#capture = new CaptureWriter(
      deps.store,
      options.capture,
      deps.clock,
      deps.logger,
      deps.captureAccess,
    );
    this.#decodeLimit = semaphore(options.decodeConcurrency);
  }

  /** Loads every endpoint, then keeps following changes; `url` is what the heartbeat advertises. */
  async start(url: string): Promise<void> {
    this.#capture.start();
    await this.deps.repository.heartbeat(this.#hostId, url);
    this.#timer = setInterval(() => {
      this.deps.repository
        .heartbeat(this.#hostId, url)
        .then(() => this.refresh())
        .catch((error: unknown) => this.deps.logger.error({ err: error }, 'endpoint poll failed'));
    }, this.options.pollMs);
    this.#timer.unref();
    await this.refresh();
  }

  /** Applies every definition change made up to now; resolves when that is done. */
  refresh(): Promise<void> {
    this.#syncWanted = true;
    this.#syncLoop ??= (async () => {
      try {
        while (this.#syncWanted && !this.#closed) {
          this.#syncWanted = false;
          await this.#sync();
        }
      } finally {
        this.#syncLoop = undefined;
      }
    })();
    return this.#syncLoop;
  }

  async invoke(request: InvokeRequest): Promise<InvokeResult> {
    const live = await this.#find(request.endpoint);
    return runInvocation(live, request, {
      clock: this.deps.clock,
      random: this.deps.random ?? Math.random,
      decodeLimit: this.#decodeLimit,
      listeners: this.deps.listeners,
      logger: this.deps.logger,
      capture: (destination, event) => this.#capture.add(destination, event),
    });
  }

  /** What this host serves for an endpoint right now, or undefined when it serves nothing for it. */
  served(name: string): { revision: number; variants: ServedVariant[] } | undefined {
    const live = this.#live.get(name);
    if (!live) return undefined;
    return {
      revision: live.record.revision,
      variants: live.variants.map((v) => ({
        name: v.name,
        weight: v.weight,
        modelVersion: v.model.version,
        backend: v.model.backend,
        activeRequests: v.model.active,
      })),
    };
  }

  get captureStats(): CaptureStats {
    return this.#capture.stats;
  }

  flushCapture(): Promise<void> {
    return this.#capture.flush();
  }

  /** Stops following changes, lets requests in flight finish, unloads models and flushes capture. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#syncLoop;
    const live = [...this.#live.values()];
    this.#live.clear();
    for (const endpoint of live) this.#retire(endpoint.variants.map((v) => v.model));
    await Promise.all(this.#retiring);
    await this.#capture.close();
    await this.deps.repository.removeHost(this.#hostId).catch(() => undefined);
  }

  async #find(name: string): Promise<LiveEndpoint> {
    const live = this.#live.get(name);
    if (live) return live;
    assertEndpointName(name);
    if (this.#closed) throw inferenceError('CLOSED', 'the server is shutting down');
    await this.refresh();
    const loaded = this.#live.get(name);
    if (loaded) return loaded;
    const record = await this.deps.repository.find(name);
    if (!record) throw noSuchEndpoint(name);
    throw inferenceError(
      'NOT_READY',
      `endpoint ${name} is not in service: ${record.failureReason ?? `its status is ${record.status}`}`,
      { endpoint: name },
    );
  }

  async #sync(): Promise<void> {
    const revision = await this.deps.repository.revision();
    if (revision === this.#seenRevision) return;
    const records = await this.deps.repository.list();
    const names = new Set(records.map((r) => r.name));
    for (const name of [...this.#live.keys()]) if (!names.has(name)) this.#remove(name);
    for (const name of [...this.#attempted.keys()]) if (!names.has(name)) this.#attempted.delete(name);
    const changed = records.filter((r) => this.#attempted.get(r.name) !== r.revision);
    await Promise.all(changed.map((record) => this.#apply(record)));
    this.#seenRevision = revision;
  }

  /** Loads and warms the new revision's models, then swaps it in; the old models drain and unload. */
  async #apply(record: EndpointRecord): Promise<void> {
    this.#attempted.set(record.name, record.revision);
    const acquired = await Promise.allSettled(
      record.variants.map((v) => this.#cache.acquire(v.modelVersion)),
    );
    const models = acquired.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    const failure = acquired.find((a): a is PromiseRejectedResult => a.status === 'rejected');
    if (failure) {
      await Promise.all(models.map((m) => this.#cache.release(m)));
      const reason = (failure.reason as Error).message;
      this.deps.logger.error({ endpoint: record.name, revision: record.revision, reason }, 'deploy failed');
      const previous = this.#live.get(record.name);
      await this.deps.repository.reportServed(record.name, record.revision, {
        served: false,
        failureReason: previous
          ? `update to revision ${record.revision} failed (revision ${previous.record.revision} still serves): ${reason}`
          : reason,
      });
      return;
    }
    const previous = this.#live.get(record.name);
    this.#live.set(record.name, liveEndpoint(record, models));
    await this.deps.repository.reportServed(record.name, record.revision, {
      served: true,
      failureReason: null,
    });
    this.deps.logger.info(
      { endpoint: record.name, revision: record.revision, versions: models.map((m) => m.version) },
      'endpoint in service',
    );
    if (previous) this.#retire(previous.variants.map((v) => v.model));
  }

  #remove(name: string): void {
    const live = this.#live.get(name);
    this.#live.delete(name);
    if (live) this.#retire(live.variants.map((v) => v.model));
    this.deps.logger.info({ endpoint: name }, 'endpoint removed');
  }

  /** Releases models in the background: requests still on them finish first. */
  #retire(models: readonly LoadedModel[]): void {
    const done = Promise.all(models.map((m) => this.#cache.release(m)))
      .then(() => undefined)
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'could not unload a model'));
    this.#retiring.add(done);
    void done.finally(() => this.#retiring.delete(done));
  }
}
