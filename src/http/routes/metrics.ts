// `GET /metrics`: the Prometheus text exposition of the metrics store, alarm states and process metrics.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { MonitoringService } from '../../modules/monitoring/index.js';

export const prometheusRoute: FastifyPluginAsyncTypebox<{ monitoring: MonitoringService }> = async (
  app,
  { monitoring },
) => {
  app.get(
    '/metrics',
    { schema: { tags: ['metrics'], description: 'Prometheus text format 0.0.4', hide: true } },
    async (_request, reply) => {
      const registry = monitoring.prometheus();
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
};
