// Server lifecycle: build the HTTP app on the container's services, listen, and shut down gracefully.
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../http/http-app.js';
import { type App, localUrl } from './container.js';
import { SCONES_VERSION } from './version.js';

export interface RunningServer {
  readonly url: string;
  readonly http: FastifyInstance;
  /** Stops accepting connections, lets requests in flight finish, then releases the services. */
  close(): Promise<void>;
}

export async function startServer(app: App, listen: { host: string; port: number }): Promise<RunningServer> {
  const http = await buildHttpApp(
    { store: app.store, functions: app.functions, workflows: app.workflows },
    { version: SCONES_VERSION, logger: app.logger, bodyLimitBytes: app.config.server.bodyLimitBytes },
  );
  await http.listen({ host: listen.host, port: listen.port });
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  // Guests' AWS SDK calls come back to this server; queued invocations run here.
  app.functions.useEndpoint(localUrl({ host: listen.host, port }));
  app.functions.start();
  await app.workflows.startEngine();
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    http,
    close: () => {
      closing ??= http.close().then(() => app.close());
      return closing;
    },
  };
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
