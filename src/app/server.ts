// Server lifecycle: build the HTTP app on the container's services, listen, and shut down gracefully.
import type { FastifyInstance } from 'fastify';
import { buildModelContainerApp } from '../http/aws/sagemaker/model-container-app.js';
import { buildHttpApp } from '../http/http-app.js';
import { BUILTIN_NAMES } from '../modules/functions/index.js';
import type { EndpointHost } from '../modules/inference/index.js';
import { endpointMetricsListener, invokeEndpointPredictors } from '../modules/monitoring/index.js';
import { captureFailureMetrics } from './capture-roles.js';
import type { App } from './container.js';
import { startLifecycleSweeper } from './lifecycle-sweeper.js';
import { localUrl } from './local-url.js';
import { lambdaLogGroups, trainingJobLogGroup } from './log-groups.js';
import { IMAGE_PIPELINE, TEST_BATCH } from './pipeline/definitions.js';
import { ENDPOINT } from './pipeline/stages.js';
import { ensureSdkLayer } from './sdk-layer.js';
import { SCONES_VERSION } from './version.js';

export interface RunningServer {
  readonly url: string;
  readonly http: FastifyInstance;
  /** Serves every endpoint deployed in this Scones home. */
  readonly endpoints: EndpointHost;
  /** Stops accepting connections, lets requests in flight finish, then releases the services. */
  close(): Promise<void>;
}

export async function startServer(app: App, listen: { host: string; port: number }): Promise<RunningServer> {
  // At serving start, not in every CLI command: hashing the SDK's files costs tens of milliseconds per start.
  await ensureSdkLayer(app.functions, app.config.paths.tmp, app.logger);
  const endpoints = app.inference.createHost(
    [endpointMetricsListener(app.monitoring.metrics)],
    [captureFailureMetrics(app.monitoring.metrics)],
  );
  const { region, accountId } = app.config.workflows;
  const auth = app.authEnabled ? { iam: app.iam, region, accountId } : undefined;
  const http = await buildHttpApp(
    {
      store: app.store,
      functions: app.functions,
      logs: {
        sources: [lambdaLogGroups(app.functions), trainingJobLogGroup(app.sagemaker.training)],
        region,
        accountId,
      },
      workflows: app.workflows,
      inference: { endpoints: app.inference.endpoints, host: endpoints, recent: app.inference.recent },
      monitoring: app.monitoring,
      models: app.models,
      sagemaker: app.sagemaker,
      pipeline: {
        bucket: app.config.data.bucket,
        endpoint: ENDPOINT,
        imagePipeline: IMAGE_PIPELINE,
        testBatch: TEST_BATCH,
        filterFunction: BUILTIN_NAMES.filter,
      },
      dashboard: {},
      ...(auth ? { auth } : {}),
    },
    {
      version: SCONES_VERSION,
      logger: app.logger,
      bodyLimitBytes: app.config.server.bodyLimitBytes,
      timeouts: {
        headersMs: app.config.server.headersTimeoutMs,
        requestMs: app.config.server.requestTimeoutMs,
      },
    },
  );
  const url = await listenOn(http, listen);
  app.logger.info(
    { auth: app.authEnabled, host: listen.host },
    app.authEnabled
      ? 'authentication is on: every API but /healthz needs an access key (SigV4, Bearer or a dashboard session)'
      : 'authentication is off: the server answers every request (it listens on loopback or --auth off)',
  );
  // Guests' AWS SDK calls and the CLI come back to this server; 0.0.0.0 is reached through loopback.
  const reachable = localUrl({ host: listen.host, port: Number(new URL(url).port) });
  app.functions.useEndpoint(reachable);
  app.functions.start();
  await app.workflows.startEngine();
  await endpoints.start(reachable);
  app.monitoring.usePredictors(invokeEndpointPredictors(reachable, app.monitoringFetch));
  app.monitoring.start();
  const lifecycle = startLifecycleSweeper(app);
  let closing: Promise<void> | undefined;
  return {
    url,
    http,
    endpoints,
    close: () => {
      closing ??= http
        .close()
        .then(() => endpoints.close())
        .then(() => lifecycle.stop())
        .then(() => app.close());
      return closing;
    },
  };
}

/** `scones serve-model`: one model version behind the SageMaker container contract (/ping, /invocations). */
export async function startModelServer(
  app: App,
  reference: string,
  listen: { host: string; port: number },
): Promise<{ url: string; version: number; close(): Promise<void> }> {
  const model = await app.inference.openModel(reference);
  const http = buildModelContainerApp(model, app.logger);
  const url = await listenOn(http, listen);
  let closing: Promise<void> | undefined;
  return {
    url,
    version: model.version,
    close: () => {
      closing ??= http
        .close()
        .then(() => model.close())
        .then(() => app.close());
      return closing;
    },
  };
}

async function listenOn(http: FastifyInstance, listen: { host: string; port: number }): Promise<string> {
  // A deep accept queue: a burst of connections (1000 clients at once) is accepted, not left to SYN retries.
  await http.listen({ host: listen.host, port: listen.port, backlog: 4096 });
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return `http://${host}:${port}`;
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
