// Serves the built dashboard (web/dist) at `/`: hashed assets cached for good, the page itself revalidated, and a
// content security policy that lets only the dashboard's own scripts run.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/** `web/dist` of the project, from `src/http/routes` (tests) and `dist/http/routes` (built) alike. */
export const DASHBOARD_ROOT = path.resolve(import.meta.dirname, '../../../web/dist');

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // ECharts positions its tooltips and the SVG renderer styles with inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const dashboardRoutes: FastifyPluginAsync<{ root?: string }> = async (app, options) => {
  const root = options.root ?? DASHBOARD_ROOT;
  if (!existsSync(path.join(root, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The dashboard is not built: run `npm run build` (it builds web/ into web/dist).\n'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per built file: other paths keep the REST API's JSON 404.
    wildcard: false,
    // A list: with preCompressed, @fastify/static looks up a directory's index only in a list.
    index: ['index.html'],
    preCompressed: true,
    schemaHide: true,
    cacheControl: false,
    setHeaders: (reply: FastifyReply, file: string) => {
      const hashed = file.includes(`${path.sep}assets${path.sep}`);
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
    },
  });
};
