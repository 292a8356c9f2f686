// Liveness: `GET /healthz`.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

export const healthRoutes: FastifyPluginAsyncTypebox<{ version: string }> = async (app, options) => {
  const started = Date.now();
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            version: Type.String(),
            uptimeSeconds: Type.Number(),
          }),
        },
      },
    },
    async () => ({
      status: 'ok' as const,
      version: options.version,
      uptimeSeconds: (Date.now() - started) / 1000,
    }),
  );
};
