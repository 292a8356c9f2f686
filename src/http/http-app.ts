// Builds the Fastify app (without listening): plugins, routes, OpenAPI, error mapping.
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { ObjectStore } from '../modules/storage/index.js';
import { awsEdgeRewriteUrl, awsEdgeRoutes } from './aws/aws-edge.js';
import { sagemakerRuntimePlugin } from './aws/sagemaker/sagemaker-plugin.js';
import { installErrorHandling } from './error-mapping.js';
import { type EndpointRouteServices, endpointRoutes } from './routes/endpoints.js';
import { healthRoutes } from './routes/health.js';
import { storageRoutes } from './routes/storage.js';

export interface HttpServices {
  readonly store: ObjectStore;
  /** Real-time endpoints: REST under /api/v1/endpoints and SageMaker runtime's InvokeEndpoint. */
  readonly inference?: EndpointRouteServices;
}

export interface HttpOptions {
  readonly version: string;
  readonly logger: FastifyBaseLogger;
  readonly bodyLimitBytes: number;
}

export async function buildHttpApp(services: HttpServices, options: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger,
    // Per-request lines would drown the useful ones; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimitBytes,
    return503OnClosing: true,
    // AWS SDK requests share the port: see aws/edge-routing.ts for the rule.
    rewriteUrl: awsEdgeRewriteUrl,
  }).withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandling(app);
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
  await app.register(healthRoutes, { version: options.version });
  await app.register(storageRoutes, { prefix: '/api/v1', store: services.store });
  await app.register(awsEdgeRoutes, { store: services.store });
  if (services.inference) {
    await app.register(endpointRoutes, { prefix: '/api/v1', ...services.inference });
    await app.register(sagemakerRuntimePlugin, { host: services.inference.host });
  }
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
