// Wires the inference module from its ports: endpoint definitions, serving hosts and standalone models.

import type { Clock } from '../../kernel/clock.js';
import type { Logger } from '../../kernel/logger.js';
import type { SqlDatabase } from '../../platform/db/port.js';
import type { FileCache } from '../../platform/file-cache/port.js';
import type { ModelRegistry } from '../models/index.js';
import type { ObjectStore } from '../storage/index.js';
import type { CaptureAuthorizer, CaptureFailureListener } from './capture/capture-access.js';
import { EndpointRepository } from './endpoints/endpoint-repository.js';
import { EndpointService } from './endpoints/endpoint-service.js';
import { type InvocationListener, RecentInvocations } from './invocation-metrics.js';
import { EndpointHost, type HostOptions } from './serving/endpoint-host.js';
import { StandaloneModel } from './serving/standalone-model.js';

export interface InferenceDeps {
  readonly database: SqlDatabase;
  readonly models: ModelRegistry;
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** With auth on: capture files are written only where the endpoint's execution role may write them. */
  readonly captureAuthorizer?: CaptureAuthorizer | undefined;
  /** This node's file cache: model artifacts read once are kept there (without it, read from the store each load). */
  readonly files?: FileCache | undefined;
}

export interface InferenceOptions extends HostOptions {
  /** Where capture files go unless a deploy names another place: `s3://bucket/prefix`. */
  readonly captureDestination: string;
}

export interface Inference {
  readonly endpoints: EndpointService;
  /** The last invocations of each endpoint served by this process's host. */
  readonly recent: RecentInvocations;
  /**
   * A host serving every endpoint; `listeners` also receive each invocation's metrics, `captureFailures` each
   * capture file not written (denied or failed).
   */
  createHost(
    listeners?: readonly InvocationListener[],
    captureFailures?: readonly CaptureFailureListener[],
  ): EndpointHost;
  /** One model version on its own (the SageMaker container contract). */
  openModel(reference: string): Promise<StandaloneModel>;
}

export function createInference(deps: InferenceDeps, options: InferenceOptions): Inference {
  const repository = new EndpointRepository(deps.database, deps.clock);
  const recent = new RecentInvocations();
  const logger = deps.logger.child({ module: 'inference' });
  return {
    endpoints: new EndpointService(repository, deps.models, {
      captureDestination: options.captureDestination,
      hostPollMs: options.pollMs,
    }),
    recent,
    createHost: (listeners = [], captureFailures = []) =>
      new EndpointHost(
        {
          ...deps,
          logger,
          repository,
          listeners: [recent, ...listeners],
          captureAccess: { authorizer: deps.captureAuthorizer, failureListeners: captureFailures },
        },
        options,
      ),
    openModel: (reference) => StandaloneModel.open(reference, { ...deps, logger }, options),
  };
}
