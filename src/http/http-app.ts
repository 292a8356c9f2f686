// Builds the Fastify app (without listening): plugins, routes, OpenAPI, error mapping.
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { FunctionsService } from '../modules/functions/index.js';
import type { ModelRegistry } from '../modules/models/index.js';
import type { MonitoringService } from '../modules/monitoring/index.js';
import type { SageMakerControl } from '../modules/sagemaker-control/index.js';
import type { ObjectStore } from '../modules/storage/index.js';
import type { WorkflowService } from '../modules/workflows/index.js';
import type { EdgeAuth } from './auth/edge-auth.js';
import { requireAuthentication } from './auth/rest-auth.js';
import { sessionRoutes } from './auth/session-routes.js';
import { SessionStore } from './auth/session-store.js';
import { awsEdgeRewriteUrl, awsEdgeRoutes, OwnRoutes } from './aws/aws-edge.js';
import { lambdaPlugin } from './aws/lambda/lambda-plugin.js';
import type { LogGroupSource } from './aws/logs/log-source.js';
import { logsPlugin } from './aws/logs/logs-plugin.js';
import { sagemakerControlPlugin } from './aws/sagemaker/control-plugin.js';
import { sagemakerRuntimePlugin } from './aws/sagemaker/sagemaker-plugin.js';
import { sfnPlugin } from './aws/sfn/sfn-plugin.js';
import { installErrorHandling } from './error-mapping.js';
import { installJsonBodyParser } from './json-body.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { endpointCaptureRoutes } from './routes/endpoint-captures.js';
import { type EndpointRouteServices, endpointRoutes } from './routes/endpoints.js';
import { functionRoutes } from './routes/functions.js';
import { healthRoutes } from './routes/health.js';
import { prometheusRoute } from './routes/metrics.js';
import { modelRoutes } from './routes/models.js';
import { monitoringRoutes } from './routes/monitoring.js';
import { type PipelineNames, pipelineRoutes } from './routes/pipeline.js';
import { storageRoutes } from './routes/storage.js';
import { workflowRoutes } from './routes/workflows.js';

export interface HttpServices {
  readonly store: ObjectStore;
  /** Functions REST routes and the Lambda API; absent in apps built for other modules' tests. */
  readonly functions?: FunctionsService;
  readonly workflows?: WorkflowService;
  /** Real-time endpoints: REST under /api/v1/endpoints and SageMaker runtime's InvokeEndpoint. */
  readonly inference?: EndpointRouteServices;
  /** SageMaker's control-plane API (JSON 1.1, `X-Amz-Target: SageMaker.*`). */
  readonly sagemaker?: SageMakerControl;
  /** Model versions and their reports (read-only REST). */
  readonly models?: ModelRegistry;
  /** What `scones up` names its dataset bucket, endpoint and state machines; the dashboard starts there. */
  readonly pipeline?: PipelineNames;
  /** Serves the built dashboard at `/` (web/dist, or this folder). */
  readonly dashboard?: { readonly root?: string };
  /** Monitoring, metrics and alarms REST routes and Prometheus `/metrics`. */
  readonly monitoring?: MonitoringService;
  /** CloudWatch Logs API (`Logs_20140328.*`): the log groups it serves and the ARNs' region and account. */
  readonly logs?: {
    readonly sources: readonly LogGroupSource[];
    readonly region: string;
    readonly accountId: string;
  };
  /**
   * When present every API but /healthz, the OpenAPI document and the dashboard's files is authenticated (SigV4,
   * an API key or a dashboard session) and authorized with IAM; absent, requests are served as they come.
   */
  readonly auth?: EdgeAuth;
}

export interface HttpOptions {
  readonly version: string;
  readonly logger: FastifyBaseLogger;
  readonly bodyLimitBytes: number;
  /** How long clients may take to send headers and whole requests; Fastify alone would wait forever. */
  readonly timeouts?: RequestTimeouts;
}

export interface RequestTimeouts {
  readonly headersMs: number;
  /** 0: no limit. */
  readonly requestMs: number;
}

const DEFAULT_TIMEOUTS: RequestTimeouts = { headersMs: 30_000, requestMs: 300_000 };

export async function buildHttpApp(services: HttpServices, options: HttpOptions): Promise<FastifyInstance> {
  const ownRoutes = new OwnRoutes();
  const app = Fastify({
    loggerInstance: options.logger,
    // Per-request lines would drown the useful ones; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimitBytes,
    // Slow clients (slowloris: headers or body trickled) are cut off with 408 instead of holding a socket.
    ...timeoutOptions(options.timeouts ?? DEFAULT_TIMEOUTS),
    return503OnClosing: true,
    // AWS SDK requests share the port: see aws/edge-routing.ts for the rule.
    rewriteUrl: (req) => awsEdgeRewriteUrl(req, ownRoutes),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRoute', (route) => ownRoutes.add(route.url));
  installErrorHandling(app);
  installJsonBodyParser(app);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Scones REST API',
        version: options.version,
        description: 'Self-hosted ML workflow platform',
      },
      servers: [{ url: '/' }],
    },
  });
  const auth = services.auth;
  const sessions = new SessionStore(() => Date.now());
  await app.register(healthRoutes, { version: options.version });
  await app.register(sessionRoutes, { auth, sessions });
  await app.register(awsEdgeRoutes, { store: services.store, auth, ownRoutes });
  await app.register(
    async (api) => {
      if (auth) requireAuthentication(api, auth, sessions);
      await registerRestRoutes(api, services);
    },
    { prefix: '/api/v1' },
  );
  if (services.functions) await app.register(lambdaPlugin, { functions: services.functions, auth });
  if (services.workflows !== undefined)
    await app.register(sfnPlugin, { workflows: services.workflows, auth });
  if (services.logs) await app.register(logsPlugin, { ...services.logs, auth });
  if (services.inference) await app.register(sagemakerRuntimePlugin, { host: services.inference.host, auth });
  if (services.sagemaker) await app.register(sagemakerControlPlugin, { control: services.sagemaker, auth });
  // The dashboard's files are open: everything it shows comes from the REST API, which needs a login.
  if (services.dashboard) await app.register(dashboardRoutes, services.dashboard);
  const monitoring = services.monitoring;
  if (monitoring)
    await app.register(async (scope) => {
      if (auth) requireAuthentication(scope, auth, sessions);
      await scope.register(prometheusRoute, { monitoring });
    });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}

/** The REST API under /api/v1, one route plugin per module present. */
async function registerRestRoutes(api: FastifyInstance, services: HttpServices): Promise<void> {
  await api.register(storageRoutes, { store: services.store });
  if (services.functions) await api.register(functionRoutes, { functions: services.functions });
  if (services.workflows !== undefined) await api.register(workflowRoutes, { workflows: services.workflows });
  if (services.inference) await api.register(endpointRoutes, services.inference);
  if (services.models) {
    await api.register(modelRoutes, { models: services.models, store: services.store });
    if (services.inference)
      await api.register(endpointCaptureRoutes, {
        store: services.store,
        endpoints: services.inference.endpoints,
        models: services.models,
        auth: services.auth,
      });
  }
  if (services.pipeline) {
    const { monitoring } = services;
    await api.register(pipelineRoutes, {
      names: services.pipeline,
      ...(monitoring ? { constraints: (endpoint: string) => monitoring.constraints(endpoint) } : {}),
    });
  }
  if (services.monitoring) await api.register(monitoringRoutes, { monitoring: services.monitoring });
}

function timeoutOptions({ headersMs, requestMs }: RequestTimeouts) {
  // Node checks these on a timer; check often enough that a limit is enforced close to its value.
  const checkEvery = Math.max(50, Math.min(1000, Math.floor(headersMs / 4)));
  // Node requires headersTimeout <= requestTimeout when both are set.
  const headers = requestMs > 0 ? Math.min(headersMs, requestMs) : headersMs;
  return {
    requestTimeout: requestMs,
    http: { headersTimeout: headers, requestTimeout: requestMs, connectionsCheckingInterval: checkEvery },
  };
}
